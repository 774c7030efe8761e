"""Event details the announcement does not give are marked as assumed and never shown as fact."""

from __future__ import annotations

import re
from pathlib import Path

from bot.config import DEFAULT_KNOWLEDGE_DIR
from bot.core.events import load_events
from bot.core.knowledge import read_knowledge
from tests.test_knowledge_validation import EVENTS, write_kb

ANNOUNCEMENT = (DEFAULT_KNOWLEDGE_DIR / "sources" / "kubernetes-1.7-announcement.md").read_text(
    encoding="utf-8"
)


def test_the_shipped_events_mark_the_hours_the_announcement_does_not_give() -> None:
    events = {event.id: event for event in load_events(DEFAULT_KNOWLEDGE_DIR / "events.yaml")}
    assert events["kubecon-cfp"].assumed == ("time", "timezone")
    assert events["kubecon-discount-registration"].assumed == ("time", "timezone")
    assert events["kubecon-austin"].assumed == ("time",)
    # The dates, unlike the hours, are the announcement's own.
    for words in ("open till August 21", "ends October 6", "Austin Dec. 6-8"):
        assert words in ANNOUNCEMENT


def test_the_shipped_events_file_quotes_its_source_for_every_date() -> None:
    text = (DEFAULT_KNOWLEDGE_DIR / "events.yaml").read_text(encoding="utf-8")
    quoted = [line for line in text.splitlines() if line.strip().startswith("# source:")]
    assert len(quoted) == 3
    prose = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", ANNOUNCEMENT)  # links as their text
    for line in quoted:
        assert line.split('"')[1] in prose, line


def test_an_assumption_that_is_not_a_time_or_zone_is_refused(tmp_path: Path) -> None:
    directory = write_kb(tmp_path)
    events = EVENTS + "    assumed: [date]\n"
    (directory / "events.yaml").write_text(events, encoding="utf-8")
    problems = [str(p) for p in read_knowledge(directory)[1]]
    line = events.splitlines().index("    assumed: [date]") + 1  # reported at its own line
    assert (
        f"{directory / 'events.yaml'}:{line} entry 'kubecon-cfp': 'assumed' lists what the source "
        "does not give: time, timezone"
    ) in problems
