"""Samen in gesprek: the guided team conversation.

- ``library``: the steps and the prompt library (data file ``data/gesprek.toml``);
- ``triggers``: signals in the figures that call for a prompt, with their reason;
- ``prompting``: which prompts a step shows (own, pinned, called for, general);
- ``flow``: starting, moving through and finishing a conversation (state in the store);
- ``report``: the session as Markdown and PDF, agreements as CSV, XLSX and .ics.
"""
