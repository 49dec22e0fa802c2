"""What a page shows, computed in the core: one object per view (a team's trend of one indicator,
…), so that a page is widgets, one call per view, and drawing. The same view serves every page
that shows it (Trends and the conversation show one trend), so its numbers and sentences agree."""
