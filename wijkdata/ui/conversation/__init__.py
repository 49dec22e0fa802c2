"""The Gesprek page's parts: one module per concept.

- keys: every session-state key the page uses, declared in one place;
- identity: who writes, chosen per browser (a cookie), never carried by a link;
- figures: peers, signals and the focus charts (cached per session);
- notes, prompts, agreements: the widgets the team writes with;
- steps: one view per step for the laptop, one renderer per item kind for both screens;
- laptop: the driver's page (all items of the step, the one on the big screen marked);
- beamer: the follower view, live within a second, one item per screen;
- sessions: choosing, starting, naming and deleting sessions, and the overview;
- report: the session report and the downloads.
"""
