"""Note text as Slack mrkdwn: sentences and cuts never break a code block the note prints."""

from __future__ import annotations

from bot.core.notes.mrkdwn import shorten, split_sentences

NOTE = (
    "To activate default deny, create a NetworkPolicy that matches all Pods:\n"
    "```kind: NetworkPolicy\napiVersion: networking.k8s.io/v1\nspec:\n  podSelector:```\n"
    "This keeps Pods isolated. · Delete old policies."
)


def test_a_code_block_is_one_sentence_of_its_note() -> None:
    assert split_sentences(NOTE) == [
        "To activate default deny, create a NetworkPolicy that matches all Pods:",
        "```kind: NetworkPolicy\napiVersion: networking.k8s.io/v1\nspec:\n  podSelector:```",
        "This keeps Pods isolated.",
        "Delete old policies.",
    ]


def test_a_cut_keeps_a_code_block_whole_or_leaves_it_out() -> None:
    cut = shorten(NOTE, 100)
    assert cut.count("```") in (0, 2)
    assert cut.startswith("To activate default deny")
    assert shorten(NOTE, 400) == NOTE
