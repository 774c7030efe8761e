"""The pure core: knowledge, matching, answers, events and reminder planning.

No I/O beyond reading the knowledge files, and never any Slack code.
"""
