"""Long messages that give their background first and ask last: the asking part decides."""

from __future__ import annotations

import pytest

from bot.core.matcher import Matcher, asking_part
from tests.matcher_fixtures import answered_with


@pytest.mark.parametrize(
    "message",
    [
        "when does the kubecon cfp close",
        "statefulset rolling updates",
        "is 1.7 out yet?",
        "",
    ],
)
def test_a_message_of_one_clause_has_no_separate_ask(message: str) -> None:
    assert asking_part(message) is None


def test_the_clause_with_a_question_mark_is_the_ask() -> None:
    part = asking_part("we run a big fleet at work. is network policy stable? thanks a lot")
    assert part is not None
    assert part.strip() == "is network policy stable"


def test_without_a_question_mark_the_last_clause_that_asks_is_the_ask() -> None:
    part = asking_part("our wiki lists every upgrade step so where do the release notes live")
    assert part is not None
    assert part.strip() == "so where do the release notes live"


def test_a_dash_ends_the_background() -> None:
    part = asking_part("my team lead is drafting the upgrade memo - how do I roll back a daemonset")
    assert part is not None
    assert part.strip() == "how do I roll back a daemonset"


def test_a_clause_naming_things_with_a_question_mark_asks_without_an_asking_word() -> None:
    part = asking_part("we run 1.6 in prod. third party resources deprecated in 1.7?")
    assert part is not None
    assert part.strip() == "third party resources deprecated in 1.7"


def test_a_question_mark_on_words_that_name_nothing_leaves_the_subject_to_the_background() -> None:
    # "works in 1.7?" names nothing: the cloud config before it is what is asked about.
    assert asking_part("we set a vpc and our own cluster id in the aws cloud config. works?") is (
        None
    )


def test_a_question_mark_on_a_clause_that_does_not_ask_is_background() -> None:
    assert asking_part("audit logs - all of them?") is None


def test_a_short_label_before_the_ask_names_its_topic() -> None:
    part = asking_part("storageos: what does it add")
    assert part is not None
    assert "storageos" in part


@pytest.mark.parametrize(
    "message",
    ["storage admin: is there a volume snapshot api in 1.7?", "sre here: is it stable yet?"],
)
def test_a_label_naming_who_asks_is_no_topic(message: str) -> None:
    part = asking_part(message)
    assert part is not None
    assert "admin" not in part
    assert "sre" not in part


@pytest.mark.parametrize(
    ("question", "entry_id"),
    [
        (
            "the security team reviewed the release notes for our upgrade plan. but what "
            "replaces thirdpartyresources?",
            "tpr-to-crd",
        ),
        (
            "our platform team keeps a wiki page of release notes and audit log settings per "
            "version. anyway, when does the kubecon call for proposals close?",
            "kubecon-cfp",
        ),
    ],
)
def test_background_words_of_other_entries_do_not_outweigh_the_ask(
    matcher: Matcher, question: str, entry_id: str
) -> None:
    assert answered_with(matcher, question) == entry_id


def test_background_of_words_no_entry_knows_does_not_outrank_the_ask(matcher: Matcher) -> None:
    # "checklist", "digest": words no entry knows weigh as possible near misses, so the
    # calibrated model offers the ask's entry first rather than answering outright.
    match = matcher.find_answer(
        "i maintain the internal upgrade checklist and the release notes digest for my "
        "org; quick one: who led the 1.7 release team?"
    )
    assert match.status in ("answered", "suggested")
    assert match.candidates[0].entry.id == "release-team"


def test_an_ask_pointing_back_with_there_leaves_the_subject_to_the_background(
    matcher: Matcher,
) -> None:
    question = (
        "our auditor keeps asking whether kubernetes stores passwords in plain text in its "
        "backing store. did 1.7 change anything there?"
    )
    assert answered_with(matcher, question) == "secrets-encryption"


def test_the_background_still_counts_when_the_ask_says_nothing_of_its_own(
    matcher: Matcher,
) -> None:
    # "what about it?" names no topic: the whole message is read as before.
    assert asking_part("statefulset rolling updates landed. what about it?") is not None
    assert answered_with(matcher, "statefulset rolling updates landed. what about it?") == (
        "statefulset-updates"
    )


@pytest.mark.parametrize(
    ("question", "entry_id"),
    [
        ("cc @sre-oncall node authorizer?", "node-authorizer"),
        ("cc @storage-crew is local storage in 1.7", "local-storage"),
    ],
)
def test_a_handle_typed_as_text_is_whom_the_message_is_for_not_its_topic(
    matcher: Matcher, question: str, entry_id: str
) -> None:
    match = matcher.find_answer(question)
    assert answered_with(matcher, question) == entry_id
    assert match.unknown == ()


@pytest.mark.parametrize(
    "question",
    [
        "our finance sheet tracks the age of every dependency. when was 1.7 released?",
        "the invoice tool wants a date for each component version. when was 1.7 released?",
    ],
)
def test_an_ask_in_the_release_s_own_words_still_outweighs_its_background(
    matcher: Matcher, question: str
) -> None:
    # "when was 1.7 released" says nothing but words every answer shares, yet it is the ask:
    # the unknown words of the background ("invoice", "sheet") are not what is asked.
    assert answered_with(matcher, question) == "release-date"


@pytest.mark.parametrize(
    "question",
    [
        "our nightly job runs on a cron schedule and stores its state in a TPR. what replaces "
        "TPR in 1.7?",
        "the sessions of our web app live in a ThirdPartyResource - what replaces it in 1.7?",
    ],
)
def test_a_programme_word_in_the_background_asks_for_no_conference_programme(
    matcher: Matcher, question: str
) -> None:
    # The asker's cron "schedule" or app "sessions" are theirs, not the conference's.
    assert answered_with(matcher, question) == "tpr-to-crd"


def test_a_venue_in_the_background_is_not_what_the_ask_asks_for(matcher: Matcher) -> None:
    # The hotel is booked beside the ask; the ask is when the discount ends.
    question = (
        "finance books our hotel and flights near the venue in one batch. when does discounted "
        "kubecon registration end?"
    )
    assert answered_with(matcher, question) == "kubecon-registration"


def test_a_release_the_asker_runs_on_is_where_they_are_not_what_they_ask(
    matcher: Matcher,
) -> None:
    # The operator runs on 1.6; the ask is when TPRs go, which the TPR entry says (1.8).
    question = (
        "we still run tprs on 1.6 and heard they are going away. in which release are tprs removed?"
    )
    assert answered_with(matcher, question) == "tpr-to-crd"
    # Asked of the other release itself, it is still another release.
    later = matcher.find_answer("still on 1.5 here. when will 1.8 ship?")
    assert (later.status, later.reason) == ("declined", "other_release")


@pytest.mark.parametrize(
    "question",
    [
        "we run 1.7 in production now. when was 1.5 released?",
        "1.7 is on our clusters already, but when did 1.6 come out?",
    ],
)
def test_the_release_the_ask_names_is_the_release_asked_about(
    matcher: Matcher, question: str
) -> None:
    match = matcher.find_answer(question)
    assert match.status == "declined"
    assert match.reason == "other_release"


@pytest.mark.parametrize(
    ("question", "not_the_answer"),
    [
        (
            "node ran low on disk and the kubelet wiped my stopped containers, so their logs "
            "are gone. is that new?",
            "whats-new",
        ),
        (
            "we want ubuntu images on the gce nodes instead of the default, can kube-up do "
            "that now?",
            "containerd",
        ),
    ],
)
def test_an_ask_that_points_back_leaves_the_background_its_whole_weight(
    matcher: Matcher, question: str, not_the_answer: str
) -> None:
    # "is that new?" names nothing of its own: the message before it is what is asked about,
    # so the one word the ask says ("new") does not decide the answer alone.
    match = matcher.find_answer(question)
    assert match.status != "answered" or match.entry is None or match.entry.id != not_the_answer


@pytest.mark.parametrize(
    "question",
    [
        "the 1.7 post highlights, besides the stateful workload stuff and security?",
        "1.7 highlights other than statefulset updates and security?",
        "which other highlights apart from security and statefulsets? extensibility stuff?",
    ],
)
def test_what_the_ask_sets_aside_is_not_what_it_asks_about(matcher: Matcher, question: str) -> None:
    # The asker knows about security and StatefulSets; they are not the answer.
    match = matcher.find_answer(question)
    assert match.entry is None or match.entry.id not in ("stateful-overview", "security-overview")


@pytest.mark.parametrize(
    "question",
    [
        "which problem is the node authorizer in 1.7 meant to solve?",
        "the node authorizer in 1.7, what's its purpose",
    ],
)
def test_asking_what_a_feature_is_for_asks_about_the_feature(
    matcher: Matcher, question: str
) -> None:
    # "Problem", "solve" and "purpose" frame the ask; the feature is its subject.
    assert answered_with(matcher, question) == "node-authorizer"


def test_a_short_first_line_over_a_body_that_asks_nothing_is_the_ask() -> None:
    issue = (
        "Which etcd release goes with 1.7\n"
        "We are building new control plane nodes and want the same etcd as the upstream tests."
    )
    assert asking_part(issue) == "Which etcd release goes with 1.7"
    titled = "etcd version tested with 1.7\nBuilding control plane nodes to match upstream CI."
    assert asking_part(titled) == "etcd version tested with 1.7"


@pytest.mark.parametrize(
    "message",
    [
        "kubelet log:\nE0707 10:00:00 failed to sync pod, restarting it",
        "NAME      READY     STATUS\nweb-0     0/1       Pending",
    ],
)
def test_a_label_or_table_header_over_a_paste_is_no_title(message: str) -> None:
    assert asking_part(message) is None
