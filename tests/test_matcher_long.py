"""Long messages: the ask at the end of a long message is read, and huge pastes stay bounded."""

from __future__ import annotations

import pytest

from bot.core.knowledge import KnowledgeBase
from bot.core.matcher import MAX_CHARS, MAX_TOKENS, Matcher, bounded_message, surface_words

ASK = "So, what replaces third party resources?"
BACKGROUND = (
    "Morning all, a bit of context first. Our platform group runs a handful of clusters on "
    "bare metal in two data centres and we have been putting off the upgrade for a while "
    "because of a custom controller one of the teams wrote years ago for tracking database "
    "backups and tenant quotas across every environment we operate. The person who built it "
    "has moved on, the code has almost no tests, and nobody is keen to touch it before the "
    "holidays, but leadership wants a plan for next quarter."
)


@pytest.fixture(scope="module")
def shipped(kb: KnowledgeBase) -> Matcher:
    """A matcher over the knowledge base k17 ships."""
    return Matcher(kb)


def answered_with(matcher: Matcher, question: str) -> str | None:
    match = matcher.find_answer(question)
    return match.entry.id if match.status == "answered" and match.entry else None


def test_the_question_alone_is_answered(shipped: Matcher) -> None:
    assert answered_with(shipped, ASK) == "tpr-to-crd"


def test_a_question_after_ninety_words_of_background_is_answered(shipped: Matcher) -> None:
    message = f"{BACKGROUND} {ASK}"
    assert len(surface_words(message)) >= 90
    assert len(surface_words(BACKGROUND)) > MAX_TOKENS
    assert answered_with(shipped, message) == "tpr-to-crd"


def test_a_long_message_keeps_its_ask_and_its_opening_within_the_budget() -> None:
    read = bounded_message(f"{BACKGROUND} {ASK}")
    assert read.endswith(ASK)
    assert read.startswith("Morning all")
    assert len(read) <= MAX_CHARS
    assert len(surface_words(read)) <= MAX_TOKENS


def test_a_long_message_without_an_ask_at_its_end_is_read_from_its_start() -> None:
    message = "is network policy stable? " + "lorem ipsum dolor sit amet " * 40
    assert bounded_message(message).startswith("is network policy stable?")


def test_a_short_message_is_read_whole() -> None:
    assert bounded_message("hey <@U123> is network policy stable?") == (
        "hey   is network policy stable?"
    )


def test_a_hundred_kilobyte_message_asking_at_its_end_gets_a_verdict(shipped: Matcher) -> None:
    filler = "the nightly backup job logged another warning about disk usage. "
    message = (filler * (100_000 // len(filler)))[: 100_000 - len(ASK) - 1] + " " + ASK
    assert len(message) == 100_000
    assert answered_with(shipped, message) == "tpr-to-crd"


def test_a_hundred_kilobyte_paste_of_markup_gets_a_verdict(shipped: Matcher) -> None:
    message = ("<https://example.com/" + "a" * 50 + " <@U1 <#C1| ") * 1_500
    # Nothing in it asks anything: the person is told so, not given an entry.
    match = shipped.find_answer(message[:100_000])
    assert (match.status, match.candidates) == ("declined", ())


# An issue filed with the Kubernetes issue template: its headings are the form's, not the ask.
ISSUE_TEMPLATE = """<!-- This form is for bug reports and feature requests ONLY! -->

**Is this a BUG REPORT or FEATURE REQUEST?**:

> Uncomment only one, leave it on its own line:
>
/kind bug
> /kind feature

**What happened**:
{happened}

**What you expected to happen**:
{expected}

**How to reproduce it (as minimally and precisely as possible)**:
upgrade the masters, then the nodes

**Anything else we need to know?**:

**Environment**:
- Kubernetes version (use `kubectl version`): v1.7.0
- Cloud provider or hardware configuration**: bare metal
- OS (e.g. from /etc/os-release): Ubuntu 16.04
- Kernel (e.g. `uname -a`): 4.4.0
- Install tools: kubeadm
- Others:
"""


def test_an_issue_template_s_own_questions_are_not_what_the_issue_asks(shipped: Matcher) -> None:
    issue = ISSUE_TEMPLATE.format(
        happened="After the upgrade to 1.7 our network policies no longer isolate namespaces "
        "that had the DefaultDeny annotation.",
        expected="Network policy isolation to keep working.",
    )
    match = shipped.find_answer(issue)
    # "Is this a BUG REPORT or FEATURE REQUEST?" is the form asking, not a local-storage question
    # ("one of the most frequently requested features").
    assert "local-storage" not in [c.entry.id for c in match.candidates]
    assert match.candidates
    assert match.candidates[0].entry.id == "network-policy"


def test_the_issue_template_is_left_out_of_what_is_read() -> None:
    read = bounded_message(ISSUE_TEMPLATE.format(happened="pods hang", expected="they run"))
    assert "pods hang" in read
    assert "they run" in read
    for heading in ("BUG REPORT", "What happened", "Uncomment", "/kind", "Install tools"):
        assert heading not in read
