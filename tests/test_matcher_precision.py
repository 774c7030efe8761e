"""Precision: other releases and years, answer types, words other features own, feature names."""

from __future__ import annotations

import pytest

from bot.core.knowledge import Entry, KnowledgeBase
from bot.core.matcher import Match, Matcher, answer_types, asked_types, surface_words
from bot.core.matching.fact_types import (
    counted_in,
    counted_things,
    stated_api_versions,
    stated_versions,
)
from bot.core.matching.features import FEATURES, ConfidenceModel
from tests.matcher_fixtures import entry as matcher_entry


def entry(
    entry_id: str, title: str, answer: str, *alternates: str, keywords: tuple[str, ...] = ()
) -> Entry:
    """An entry of the announcement's highlights."""
    return matcher_entry(
        entry_id, title, answer, *alternates, keywords=keywords, section="Highlights"
    )


KB = KnowledgeBase(
    entries=(
        entry(
            "whats-new",
            "What's new in Kubernetes 1.7?",
            "Highlights of 1.7: stable network policy, local storage and API aggregation.",
            "how is 1.7 different from 1.6",
            keywords=("highlights", "1.6", "different"),
        ),
        entry(
            "tpr-to-crd",
            "What replaces ThirdPartyResources in Kubernetes 1.7?",
            "Custom Resource Definitions replace TPR, which is removed in Kubernetes 1.8.",
            keywords=("tpr", "crd", "removal"),
        ),
        entry(
            "containerd",
            "Does Kubernetes 1.7 support containerd?",
            "Yes, as alpha: 1.7 integrates containerd through the CRI for pod lifecycle.",
            keywords=("containerd", "docker", "runtime"),
        ),
        entry(
            "kubecon",
            "When and where is KubeCon North America?",
            "KubeCon North America takes place in Austin, Texas, on December 6-8, 2017.",
            keywords=("kubecon", "conference", "location"),
        ),
        entry(
            "authors",
            "Who wrote the Kubernetes 1.7 announcement?",
            "The announcement was written by Aparna Sinha and Ihor Dvoretskyi.",
            keywords=("authors", "wrote"),
        ),
        entry(
            "slack",
            "How do I join the Kubernetes Slack?",
            "Get an invite to the community Slack at slack.k8s.io.",
            keywords=("slack", "chat", "invite"),
        ),
        entry(
            "local-storage",
            "Does Kubernetes 1.7 support local storage?",
            "Yes, as alpha: local storage volumes through the standard PVC/PV interface.",
            keywords=("local storage", "disk"),
        ),
        entry(
            "storageos",
            "What is the StorageOS volume plugin?",
            "StorageOS provides highly available persistent volumes from node storage.",
            "storageos volume type",
            keywords=("storageos", "volume", "plugin"),
        ),
    ),
    synonyms={},
    release="1.7",
)


@pytest.fixture(scope="module")
def small() -> Matcher:
    return Matcher(KB)


def answered_with(match: Match) -> str | None:
    return match.entry.id if match.status == "answered" and match.entry is not None else None


def asks(question: str) -> frozenset[str]:
    return frozenset(asked_types(surface_words(question)))


# Other releases and other years


def test_only_another_release_is_declined_even_when_a_keyword_names_it(small: Matcher) -> None:
    match = small.find_answer("highlights of 1.6")
    assert (match.status, match.reason) == ("declined", "other_release")


def test_comparing_the_release_with_another_is_about_the_release(small: Matcher) -> None:
    match = small.find_answer("highlights of 1.7 compared with 1.6")
    assert answered_with(match) == "whats-new"


def test_another_release_the_answer_speaks_of_is_not_refused(small: Matcher) -> None:
    # 1.8 is where the answer says TPR goes away: the question is about the entry, not about
    # another release. How sure the matcher is of it is the confidence model's business.
    match = small.find_answer("what replaces tpr before its removal in 1.8")
    assert match.reason != "other_release"
    assert match.status in ("answered", "suggested")
    assert match.candidates[0].entry.id == "tpr-to-crd"


@pytest.mark.parametrize("question", ["kubecon 2019 location", "kubecon location in 2015"])
def test_another_year_than_the_answer_speaks_of_is_not_answered(
    small: Matcher, question: str
) -> None:
    assert small.find_answer(question).status != "answered"


def test_the_year_the_answer_speaks_of_is_answered(small: Matcher) -> None:
    match = small.find_answer("kubecon 2017 location")
    assert answered_with(match) == "kubecon"


# Answer types: what a question asks for, and whether the answer holds it


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("which golang version compiles it", "version"),
        ("what version of etcd do I need", "version"),
        ("how many nodes can a cluster have", "number"),
        ("how much is a ticket", "price"),
        ("what does a ticket cost", "price"),
        ("whats the ticket cost", "price"),
        ("how many people attended", "count"),
        ("how many companies run it in production", "count"),
        ("where is the summit hosted", "place"),
        ("which city hosts it", "place"),
        ("is there a hotel block", "venue"),
        # The venue's city is a place, which the announcement states.
        ("kubecon atx dates + venue city?", "place"),
        ("what is on the agenda", "programme"),
        ("who gives the keynotes", "person"),
        ("does anyone know who runs it", "person"),
        ("when does it start", "date"),
        ("what date is the meetup", "date"),
        # An ask word typed with its verb, apostrophe dropped or not.
        ("who's giving the keynotes", "person"),
        ("when's it start", "date"),
        ("whats the start time of the meeting", "time"),
        ("wheres it hosted", "place"),
        ("how long did the migration take", "duration"),
        # Whether something is the default, checked of it by name.
        ("is coredns now the default dns server", "default"),
        ("will ipvs be the default proxy mode", "default"),
        ("how long will the upgrade of the masters last", "duration"),
    ],
)
def test_the_kind_of_fact_a_question_asks_for_is_read(question: str, kind: str) -> None:
    assert kind in asks(question)


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("which version of kubernetes added crds", "version"),
        ("roll back to the previous version", "version"),
        ("kubectl version output as yaml possible?", "version"),
        ("controller manager crashes, running docker version 1.12.6", "version"),
        ("where can I download the binaries", "place"),
        ("how many days does the conference last", "count"),
        ("how much faster is it", "count"),
        ("does it cut costs", "price"),
        ("what is in it for people who extend kubernetes", "person"),
        # What was just described: a company as often as a person.
        ("the grocer with the robot warehouses... who was that again", "person"),
        # The clause ends at "and": "who was it" asks what was described.
        ("who was it and what did they save", "person"),
        ("does my pod restart when the node reboots", "date"),
        ("kubecon atx dates + venue city?", "venue"),
        # A time that is part of a name asks none.
        ("which golf tee-time company halved its infra bill?", "time"),
        # How long something is kept or supported is a setting or a lifetime, not a span taken.
        ("how long are audit logs kept", "duration"),
        # The default namespace is a namespace's name.
        ("is the default namespace protected", "default"),
        ("how long is 1.7 supported", "duration"),
    ],
)
def test_words_that_do_not_ask_for_a_kind_of_fact_are_not_read_as_asking(
    question: str, kind: str
) -> None:
    assert kind not in asks(question)


def test_an_answer_holds_the_kinds_of_fact_its_text_states() -> None:
    held = answer_types("In *Austin, Texas*, Dec 6-8, 2017, with Aparna Sinha.", "1.7")
    assert {"place", "date", "number", "person"} <= held
    assert "version" not in held
    assert "version" in answer_types("TPR is removed in Kubernetes 1.8.", "1.7")
    assert "version" not in answer_types("Kubernetes 1.7 (v1.7.0) is out.", "1.7")
    assert "venue" not in answer_types("In Austin, Texas.", "1.7")
    # A date is no count of anything: "how many people attended" is not told by Dec 6-8, 2017.
    assert "count" not in held
    assert "count" in answer_types("Over 50,000 commits from 2,500 contributors.", "1.7")
    assert "duration" in answer_types("50,000 commits in three years.", "1.7")
    assert "duration" not in answer_types("It halved its infrastructure bill.", "1.7")


def test_a_digit_inside_a_name_or_a_link_states_no_number() -> None:
    # "k8s" and a link's target say no number: "how many people are in the slack" is not told.
    link = "Chat at <http://slack.k8s.io/|slack.k8s.io>, notes at <https://x.io/CHANGELOG-1.7.md#v170|notes>."
    held = answer_types(link, "1.7")
    assert {"number", "count", "version", "date"}.isdisjoint(held)
    assert "count" in answer_types("k8s has 3 SIGs for this.", "1.7")


@pytest.mark.parametrize(
    "question",
    [
        "which docker version does the containerd integration need",
        "which hotel is kubecon at",
        "kubecon keynote schedule",
        "who runs the kubernetes slack",
        "when is the kubernetes slack invite open",
    ],
)
def test_an_answer_lacking_the_kind_of_fact_asked_for_is_not_given(
    small: Matcher, question: str
) -> None:
    assert small.find_answer(question).status != "answered"


@pytest.mark.parametrize(
    ("question", "entry_id"),
    [
        ("does 1.7 support containerd", "containerd"),
        ("where is kubecon located", "kubecon"),
        ("when is kubecon", "kubecon"),
        ("who wrote the announcement", "authors"),
    ],
)
def test_an_answer_holding_the_kind_of_fact_asked_for_is_given(
    small: Matcher, question: str, entry_id: str
) -> None:
    match = small.find_answer(question)
    assert answered_with(match) == entry_id


# Words every feature could claim, and features the knowledge base does not cover


@pytest.mark.parametrize("question", ["is ingress stable in 1.7", "is cronjob beta in 1.7"])
def test_a_feature_no_entry_covers_is_not_answered_by_a_maturity_word(
    kb: KnowledgeBase, question: str
) -> None:
    assert Matcher(kb).find_answer(question).status != "answered"


# Features named in several words


def test_a_feature_named_in_two_words_outranks_an_entry_sharing_its_generic_half(
    small: Matcher,
) -> None:
    match = small.find_answer("local storage volume type docs")
    assert answered_with(match) == "local-storage"


def test_the_shipped_local_storage_entry_owns_its_name(kb: KnowledgeBase) -> None:
    match = Matcher(kb).find_answer("docs for the local volume type")
    assert (match.entry.id if match.entry else None) == "local-storage"


@pytest.mark.parametrize("question", ["pv on local ssd 1.7", "pvs on local disks in 1.7?"])
def test_words_a_function_word_parts_name_nothing_together(
    kb: KnowledgeBase, question: str
) -> None:
    # StorageOS gives "volumes from local or attached node storage": "volume" and "local" are
    # not a name there, so asking for volumes on local disks is asking for local storage.
    match = Matcher(kb).find_answer(question)
    assert answered_with(match) == "local-storage"
    assert match.entry is not None
    assert "*alpha*" in match.entry.answer


@pytest.mark.parametrize(
    ("question", "entry"),
    [("how is Bitmovin using kubernetes?", "bitmovin"), ("what did ocado do with k8s", "ocado")],
)
def test_an_adopter_asked_of_alone_is_answered_by_its_own_story(
    kb: KnowledgeBase, question: str, entry: str
) -> None:
    # The user-stories overview lists every adopter; asked of one, that one's story answers.
    assert answered_with(Matcher(kb).find_answer(question)) == entry


def test_adopters_asked_of_together_get_the_overview(kb: KnowledgeBase) -> None:
    match = Matcher(kb).find_answer("golfnow bitmovin ocado stories")
    assert answered_with(match) == "user-stories"


def test_an_entry_explaining_little_of_a_message_is_not_its_answer_however_confident(
    kb: KnowledgeBase,
) -> None:
    # A model sure of everything: only the relevance floor stands between a log that shares a
    # word or two with an entry and an answer, while a plain question is still answered.
    sure = Matcher(kb).with_model(ConfidenceModel(dict.fromkeys(FEATURES, 0.0), 20.0))
    log = (
        "Jul 09 08:01:02 node-3 kubelet[990]: E0709 pod_workers.go:182] Error syncing pod "
        '7f3e, skipping: failed to "StartContainer" for "web" with CrashLoopBackOff'
    )
    assert sure.find_answer(log).status != "answered"
    answered = sure.find_answer("what does the node authorizer do")
    assert answered.status == "answered"
    assert answered.entry is not None
    assert answered.entry.id == "node-authorizer"


def test_two_entries_neck_and_neck_on_the_release_s_own_words_are_offered_both(
    matcher: Matcher,
) -> None:
    # "kubernetes 1.7 changes" says nothing but words every release answer shares: the overview
    # and the release notes are a choice to offer, not a coin toss.
    match = matcher.find_answer("kubernetes 1.7 changes")
    assert match.status == "suggested"
    assert {c.entry.id for c in match.candidates} >= {"whats-new", "release-notes"}


@pytest.mark.parametrize(
    ("question", "counted"),
    [
        ("how many people contributed to 1.7", {"people"}),
        ("how many new features landed", {"features"}),
        ("whats the number of commits", {"commits"}),
        ("how many days does the conference last", set()),
        ("how does it work", set()),
    ],
)
def test_what_a_question_counts_is_read(question: str, counted: set[str]) -> None:
    assert counted_things(surface_words(question)) == counted


def test_an_answer_counts_the_things_after_its_numbers_under_their_other_names() -> None:
    counted = counted_in("Over *50,000 commits* in three years; <https://x.io/1|two options>.")
    assert {"commit", "year", "option", "way"} <= counted
    # A release number counts nothing: "1.7 features" are no count of features.
    assert "featur" not in counted_in("The 1.7 features are stable.")


def test_the_versions_a_text_states_are_read_apart_from_the_release_and_api_versions() -> None:
    text = "Upgrade cAdvisor to v0.26.1; migrate to storage.k8s.io/v1 before 1.8 (v1.7.0 notes)."
    assert stated_versions(text, "1.7") == {"0.26.1", "1.8"}
    assert stated_api_versions(text) == {"v1"}
    assert stated_api_versions("autoscaling/v2alpha1 and apps/v1beta1") == {"v2alpha1", "v1beta1"}


def test_the_release_at_a_sentence_end_is_no_other_version() -> None:
    # "... introduced in 1.7." names the release itself; "two options" is a count in words.
    held = answer_types("Support is introduced in 1.7. It gives two options.", "1.7")
    assert "version" not in held
    assert "date" not in held
    assert {"number", "count"} <= held
