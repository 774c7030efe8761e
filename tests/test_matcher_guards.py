"""Each guard and penalty of the matcher, on the shipped knowledge base: a question it decides.

Every test here fails when its guard is taken out: without it, the question gets a confident
answer it should not get (or loses the one it should).
"""

from __future__ import annotations

import pytest

from bot.core.matcher import Match, Matcher
from tests.matcher_fixtures import answered_with


def offered(match: Match) -> list[str]:
    """The entries a person is shown: the answer, or the "did you mean" choices."""
    return [candidate.entry.id for candidate in match.candidates]


# -- another year, another release --------------------------------------------------------------


@pytest.mark.parametrize(
    ("question", "entry_of_2017"),
    [
        ("kubecon 2018 cfp deadline", "kubecon-cfp"),
        ("discounted registration for kubecon 2018", "kubecon-registration"),
        ("is kubecon coming back to austin in 2019, which days", "kubecon-austin"),
    ],
)
def test_a_year_the_knowledge_base_does_not_speak_of_gets_no_date_from_2017(
    matcher: Matcher, question: str, entry_of_2017: str
) -> None:
    match = matcher.find_answer(question)
    assert (match.status, match.reason) == ("declined", "no_match")
    assert entry_of_2017 not in offered(match)


@pytest.mark.parametrize(
    ("question", "entry_of_austin"),
    [
        ("kubecon europe cfp deadline", "kubecon-cfp"),
        ("is the cfp for kubecon europe open", "kubecon-cfp"),
        ("kubecon eu early bird registration ends when", "kubecon-registration"),
    ],
)
def test_another_edition_of_the_conference_gets_no_answer_about_austin(
    matcher: Matcher, question: str, entry_of_austin: str
) -> None:
    # A place the knowledge never names, beside the conference's name, is another edition of
    # it: the Austin entry is offered, never given as the answer.
    match = matcher.find_answer(question)
    assert match.status == "suggested"
    assert entry_of_austin in offered(match)


@pytest.mark.parametrize(
    "question",
    [
        "kubecon austin, which days again?",
        "dates for kubecon north america pls",
        "kubecon lol when is it",
        # What it does ("running", "happening") does not name another edition.
        "Which days in December is the Austin KubeCon running?",
    ],
)
def test_the_conference_named_with_a_word_the_knowledge_knows_is_still_answered(
    matcher: Matcher, question: str
) -> None:
    assert answered_with(matcher, question) == "kubecon-austin"


@pytest.mark.parametrize(
    "question", ["network policy changes coming in 1.8", "statefulset updates in 1.9"]
)
def test_a_feature_asked_of_another_release_is_declined_as_another_release(
    matcher: Matcher, question: str
) -> None:
    # Network policy and StatefulSet updates are 1.7 entries: their answers say nothing of
    # 1.8 or 1.9, so they must not be offered for those releases.
    match = matcher.find_answer(question)
    assert (match.status, match.reason) == ("declined", "other_release")


@pytest.mark.parametrize(
    "question", ["who leads the version after 1.7", "what lands in the next kubernetes release"]
)
def test_the_release_after_1_7_named_by_its_place_is_another_release(
    matcher: Matcher, question: str
) -> None:
    # "The version after 1.7" names 1.8: the 1.7 release team and highlights do not answer it.
    match = matcher.find_answer(question)
    assert (match.status, match.reason) == ("declined", "other_release")


def test_the_next_release_is_answered_where_an_entry_speaks_of_it(matcher: Matcher) -> None:
    # The ThirdPartyResources answer speaks of their removal in 1.8, the release after 1.7.
    assert answered_with(matcher, "are tprs going away in the next release") == "tpr-to-crd"


@pytest.mark.parametrize(
    "question",
    [
        "did CRDs go GA in 1.8?",
        "was TPR actually removed in 1.8 in the end or did they push it back",
    ],
)
def test_what_a_later_release_did_is_not_answered_by_what_1_7_planned_for_it(
    matcher: Matcher, question: str
) -> None:
    match = matcher.find_answer(question)
    assert (match.status, match.reason) == ("declined", "other_release")


def test_what_1_7_said_a_later_release_will_do_is_still_answered(matcher: Matcher) -> None:
    assert answered_with(matcher, "TPR will be removed in 1.8, right?") == "tpr-to-crd"


@pytest.mark.parametrize(
    "question",
    ["what will 1.8 bring us", "when will 1.8 be released", "kubernetes 1.8 release notes"],
)
def test_another_release_is_declined_when_only_its_number_matches_an_entry(
    matcher: Matcher, question: str
) -> None:
    # The ThirdPartyResources answer speaks of their removal in 1.8; that number alone does
    # not make it the answer to what 1.8 brings, nor does the link to the release notes its
    # answer gives in passing.
    match = matcher.find_answer(question)
    assert (match.status, match.reason) == ("declined", "other_release")
    assert "tpr-to-crd" not in offered(match)


def test_a_question_naming_1_7_beside_an_older_release_is_answered(matcher: Matcher) -> None:
    assert answered_with(matcher, "upgrading from 1.6 to 1.7, what happened to tprs") == (
        "tpr-to-crd"
    )


# -- close races and who settles them ---------------------------------------------------------


@pytest.mark.parametrize(
    ("question", "choices"),
    [
        ("tell me about the policy", {"network-policy", "pod-management-policy"}),
        ("join", {"special-interest-groups", "slack"}),
        ("1.7 overview", {"security-overview", "whats-new"}),
        ("what about storage", {"local-storage", "storageos-volume-plugin"}),
    ],
)
def test_a_question_two_entries_answer_equally_well_offers_both(
    matcher: Matcher, question: str, choices: set[str]
) -> None:
    match = matcher.find_answer(question)
    assert match.status == "suggested"
    assert choices <= set(offered(match))


@pytest.mark.parametrize("question", ["quick summary of 1.7", "give me a summary of 1.7"])
def test_an_overview_that_links_everything_its_rival_links_is_answered(
    matcher: Matcher, question: str
) -> None:
    assert answered_with(matcher, question) == "release-themes"


# The next two tests ask in the knowledge base's own words on purpose: that is their subject.
@pytest.mark.parametrize("question", ["shipped", "released"])
def test_a_question_asked_word_for_word_as_an_entry_phrases_it_is_answered(
    matcher: Matcher, question: str
) -> None:
    assert answered_with(matcher, question) == "release-date"


def test_an_entry_asked_for_word_for_word_comes_before_a_richer_neighbour(
    matcher: Matcher,
) -> None:
    # The download entry says more about getting 1.7; the asker wants to know whether it is out.
    assert answered_with(matcher, "is kubernetes 1.7 out yet") == "release-date"


# -- near misses, and answers of the wrong kind --------------------------------------------------


@pytest.mark.parametrize("question", ["sig auth", "crd on rancher"])
def test_a_short_question_with_a_topic_no_entry_knows_is_not_answered_outright(
    matcher: Matcher, question: str
) -> None:
    assert matcher.find_answer(question).status != "answered"


@pytest.mark.parametrize(
    "question", ["who rotates kubelet certificates", "how many authors wrote the 1.7 blog post"]
)
def test_an_entry_whose_answer_is_not_of_the_kind_asked_is_only_suggested(
    matcher: Matcher, question: str
) -> None:
    match = matcher.find_answer(question)
    assert match.status == "suggested"


@pytest.mark.parametrize(
    "question",
    [
        "when do the kubecon austin cfp acceptance letters go out",
        "kubecon austin cfp: when are the acceptance emails sent?",
    ],
)
def test_when_something_no_entry_knows_of_happens_is_not_another_events_date(
    matcher: Matcher, question: str
) -> None:
    # The CFP entry dates the CFP's close, not the acceptances: offered, never the answer.
    match = matcher.find_answer(question)
    assert match.status == "suggested"
    assert match.candidates[0].entry.id == "kubecon-cfp"


@pytest.mark.parametrize(
    ("question", "entry_id"),
    [
        ("who is the kubecon keynote speaker", "kubecon-cfp"),
        ("how much does local storage cost", "local-storage"),
        ("how much do audit logs cost", "audit-logs"),
        ("how much does api aggregation cost", "api-aggregation"),
    ],
)
def test_a_price_or_person_no_answer_holds_is_declined(
    matcher: Matcher, question: str, entry_id: str
) -> None:
    match = matcher.find_answer(question)
    assert (match.status, match.reason) == ("declined", "no_match")
    assert entry_id not in offered(match)


@pytest.mark.parametrize(
    ("question", "entry_id"),
    [
        ("What time zone does the KubeCon Austin CFP deadline use?", "kubecon-cfp"),
        ("cfp closes aug 21 but which tz", "kubecon-cfp"),
        ("are the interactive tutorials available in japanese?", "interactive-tutorials"),
        (
            "which languages is the kubernetes basics tutorial translated into",
            "interactive-tutorials",
        ),
    ],
)
def test_a_time_zone_or_language_no_answer_names_is_declined(
    matcher: Matcher, question: str, entry_id: str
) -> None:
    # The CFP answer gives a day, not its time zone; the tutorials' answer names no language.
    match = matcher.find_answer(question)
    assert match.status == "declined"
    assert entry_id not in offered(match)


@pytest.mark.parametrize(
    ("question", "entry_id"),
    [
        ("which cloud provider does bitmovin run on?", "bitmovin"),
        ("what cloud is bitmovin using for multi-stage canary deployments", "bitmovin"),
        ("which cloud do golfnow run kubernetes on", "golfnow"),
        ("what public cloud hosts bitmovin's canaries", "bitmovin"),
    ],
)
def test_which_cloud_a_user_runs_on_is_not_answered_by_its_story(
    matcher: Matcher, question: str, entry_id: str
) -> None:
    # Bitmovin's story says "in the cloud and on-prem"; no answer names the cloud anyone uses.
    match = matcher.find_answer(question)
    assert match.status != "answered", match
    assert entry_id not in offered(match)


@pytest.mark.parametrize(
    ("question", "entry_id"),
    [
        ("what cloud provider changes are in 1.7", "pluggable-cloud-providers"),
        ("Is there anything about cloud providers in 1.7?", "pluggable-cloud-providers"),
    ],
)
def test_a_cloud_provider_named_as_a_subject_is_still_answered(
    matcher: Matcher, question: str, entry_id: str
) -> None:
    assert answered_with(matcher, question) == entry_id


def test_how_to_reach_someone_is_answered_only_by_an_answer_that_gives_a_way(
    matcher: Matcher,
) -> None:
    # The authors' entry names them and their companies, not an address or a handle.
    for question in ("what is aparna sinha's email address", "ihor's github handle?"):
        assert matcher.find_answer(question).status == "declined", question
    assert answered_with(matcher, "what's the kubernetes twitter handle") == "twitter"


def test_whom_a_feature_is_for_is_not_a_person_asked(matcher: Matcher) -> None:
    # "power users", in the API aggregation answer; no name is asked for.
    assert answered_with(matcher, "who is api aggregation for") == "api-aggregation"
    assert answered_with(matcher, "who is api aggregation aimed at") == "api-aggregation"


def test_which_later_release_will_do_something_is_answered_only_by_an_answer_naming_one(
    matcher: Matcher,
) -> None:
    # The containerd entry says what 1.7 brings, not when it goes GA; the TPR entry names 1.8.
    for question in (
        "which release will make containerd GA",
        "which release is going to make local storage stable",
        "any eta on containerd going GA?",
    ):
        assert matcher.find_answer(question).status != "answered", question
    assert answered_with(matcher, "which release will remove thirdpartyresources") == "tpr-to-crd"


@pytest.mark.parametrize(
    "question",
    [
        "what are the judging criteria for kubecon talk proposals",
        "guidelines for submitting a talk to kubecon austin",
    ],
)
def test_rules_an_answer_does_not_state_are_not_answered_with_it(
    matcher: Matcher, question: str
) -> None:
    # The CFP entry says when submissions close, not how talks are judged: offered, not given.
    match = matcher.find_answer(question)
    assert match.status == "suggested"
    assert offered(match) == ["kubecon-cfp"]


def test_a_fact_no_entry_states_of_a_subject_one_entry_leads_on_offers_that_entry(
    matcher: Matcher,
) -> None:
    # No entry counts attendees; the KubeCon entries are what 1.7 says of the conference, offered
    # however unsure the model is, as the asker may want them next.
    match = matcher.find_answer("how many attendees will kubecon austin have")
    assert match.status == "suggested"
    assert offered(match)
    assert all(e.startswith("kubecon-") for e in offered(match))


def test_until_when_asks_for_a_date_an_answer_without_one_does_not_give(matcher: Matcher) -> None:
    # The containerd entry says it is alpha, not until when: offered, not given.
    match = matcher.find_answer("until when is containerd support alpha?")
    assert match.status == "suggested"
    assert offered(match) == ["containerd"]
    assert answered_with(matcher, "until when is the discounted kubecon registration open?") == (
        "kubecon-registration"
    )


def test_rules_are_answered_by_an_entry_that_states_them(matcher: Matcher) -> None:
    # Network policy is rules for which pods may talk: its answer says so.
    assert answered_with(matcher, "rules for pod to pod traffic") == "network-policy"


def test_a_count_is_answered_by_the_entry_that_counts_the_things_asked(matcher: Matcher) -> None:
    assert answered_with(matcher, "how many comits in k8s") == "adoption-commits"
    assert answered_with(matcher, "whats the number of commits in the main repo") == (
        "adoption-commits"
    )
    # "Two options" are the ways asked for, under another name.
    assert "external-admission-controllers" in offered(
        matcher.find_answer("how many ways does 1.7 offer to add admission logic")
    )


@pytest.mark.parametrize(
    "question",
    [
        "how many people contributed to 1.7",
        "how many individual contributors does kubernetes have",
        "how many pull requests went into the main repo by 1.7",
    ],
)
def test_a_count_of_other_things_than_asked_is_no_answer(matcher: Matcher, question: str) -> None:
    # The commit count is the only count the adoption entry holds: it tells no number of people
    # or pull requests, however well "contributed" and "main repo" match it.
    assert matcher.find_answer(question).status != "answered"


@pytest.mark.parametrize(
    "question", ["how much did golfnow save on infrastructure", "golfnow costs cut by how much"]
)
def test_an_amount_said_in_words_answers_how_much(matcher: Matcher, question: str) -> None:
    # GolfNow cut its costs "in half": an amount, though no digit says it; and the size of a
    # cut is not a price, though "costs" is in the question.
    assert answered_with(matcher, question) == "golfnow"
    assert matcher.find_answer("how much does a kubecon ticket cost").status == "declined"


@pytest.mark.parametrize(
    "question",
    ["how much money in dollars did golfnow save with k8s", "golfnow saved how many $ exactly"],
)
def test_a_saving_asked_in_a_currency_is_not_answered_in_words(
    matcher: Matcher, question: str
) -> None:
    # "In half" is how much GolfNow saved, but not in dollars: the sum asked is not said.
    assert matcher.find_answer(question).status != "answered"


@pytest.mark.parametrize(("question", "entry_id"), [("fluentd", "daemonset-rollback")])
def test_a_keyword_the_entry_never_speaks_of_does_not_settle_a_one_word_question(
    matcher: Matcher, question: str, entry_id: str
) -> None:
    # DaemonSet rollback is found by "fluentd", the agent people roll back; it is not about it.
    match = matcher.find_answer(question)
    assert match.status != "answered"
    assert entry_id in offered(match)


def test_one_word_several_entries_speak_of_is_no_one_entrys_keyword(matcher: Matcher) -> None:
    # The node authorizer lists "kubelet" as a keyword, but TLS bootstrapping and the CRI speak
    # of the kubelet too: the asker is offered them, not told about one.
    match = matcher.find_answer("kubelet")
    assert match.status == "suggested"
    assert {"node-authorizer", "kubelet-tls-bootstrapping"} <= set(offered(match))
    assert matcher.find_answer("controller").status != "answered"
    # A word one entry alone speaks of is still that entry's.
    assert answered_with(matcher, "storageos") == "storageos-volume-plugin"
    assert answered_with(matcher, "containerd") == "containerd"


def test_the_kind_of_fact_asked_is_not_one_of_the_things_a_short_question_names(
    matcher: Matcher,
) -> None:
    # "cfp notification date" names the CFP and its notification, and asks their date: the
    # notification is a subject the CFP answer (which gives the day submissions close) lacks.
    match = matcher.find_answer("cfp notification date")
    assert match.status == "suggested"
    assert answered_with(matcher, "cfp deadline date") == "kubecon-cfp"


def test_a_how_to_on_a_product_is_the_products_business(matcher: Matcher) -> None:
    # Where the asker runs 1.7 is background to what 1.7 does; how to do it there is not.
    assert matcher.find_answer("how do i use local storage on eks").status != "answered"
    assert answered_with(matcher, "is network policy stable in 1.7 on our gke cluster") == (
        "network-policy"
    )


def test_a_long_word_two_typos_from_a_chat_word_is_not_that_word(matcher: Matcher) -> None:
    # "streamed" is not "treated": the KubeCon dates do not say whether talks are streamed.
    assert matcher.find_answer("will kubecon be streamed").status != "answered"


# -- words other entries are named by -----------------------------------------------------------


def test_a_feature_named_in_two_words_is_answered_by_the_entry_that_names_it(
    matcher: Matcher,
) -> None:
    # "node authorizer" names one entry; the security overview mentions both words apart.
    question = "my manager wants a slide on this: node authorizer"
    assert answered_with(matcher, question) == "node-authorizer"


def test_a_telling_word_another_entry_is_asked_by_keeps_a_near_miss_unanswered(
    matcher: Matcher,
) -> None:
    # "storage" is what the storage entries are asked by; the SIG entry does not name it.
    match = matcher.find_answer("sig storage leads")
    assert match.status == "suggested"


# -- function words and chat ---------------------------------------------------------------------


def test_a_function_word_is_never_half_of_a_joined_name(matcher: Matcher) -> None:
    # "in production" is not "introduction"
    assert answered_with(matcher, "running kubernetes in production") == "user-stories"


def test_a_function_word_is_never_half_of_a_joined_name_beside_an_adopter(
    matcher: Matcher,
) -> None:
    # Ocado in production: its own story, or the overview that tells it, never the tutorials.
    match = matcher.find_answer("in production at ocado")
    shown = {c.entry.id for c in match.candidates}
    assert "ocado" in shown
    assert shown <= {"ocado", "user-stories"}


def test_an_ask_after_background_decides_the_answer(matcher: Matcher) -> None:
    question = (
        "we read the release notes and the audit log docs every release. "
        "so who ran release team 1.7?"
    )
    assert answered_with(matcher, question) == "release-team"


def test_chat_an_entry_happens_to_use_does_not_decide_the_answer(matcher: Matcher) -> None:
    # The tutorials entry is asked for "a junior dev": "devs" is who asks, not what is asked.
    question = "where do devs post kubernetes questions"
    assert answered_with(matcher, question) == "stack-overflow"


@pytest.mark.parametrize(
    "question",
    [
        "does 1.7 have any major new features",
        "important new stuff in 1.7",
        "any big changes in 1.7?",
    ],
)
def test_chat_never_outweighs_what_the_question_is_about(matcher: Matcher, question: str) -> None:
    # The StatefulSet scaling answer says "a major performance improvement": "major" is how the
    # asker rates the changes, not what is asked, and weighs no more than "new features".
    assert answered_with(matcher, question) == "whats-new"


def test_a_verb_asking_how_to_switch_something_on_is_not_its_subject(matcher: Matcher) -> None:
    # "enable" is a word the node authorizer's answer uses; encryption is what is asked about.
    assert answered_with(matcher, "how do i turn on the node authorizer") == "node-authorizer"
    match = matcher.find_answer("how do i enable encryption at rest")
    assert offered(match)[0] == "secrets-encryption"


# -- which choices are offered ---------------------------------------------------------------


def test_only_entries_near_the_best_are_offered_as_choices(matcher: Matcher) -> None:
    # The CRI and what's-new entries mention containerd in passing: not worth a button.
    match = matcher.find_answer("what version of containerd is supported")
    assert (match.status, offered(match)) == ("suggested", ["containerd"])


@pytest.mark.parametrize("question", ["communication", "client"])
def test_a_choice_far_behind_the_best_is_not_offered(matcher: Matcher, question: str) -> None:
    match = matcher.find_answer(question)
    assert match.status == "suggested"
    assert "security-overview" not in offered(match)


def test_a_topic_no_entry_knows_outweighs_the_words_an_entry_shares(matcher: Matcher) -> None:
    # Windows nodes are not in the release; "nodes" alone must not bring the node authorizer.
    match = matcher.find_answer("windows nodes support")
    assert (match.status, match.reason) == ("declined", "no_match")


def test_a_slack_channels_name_is_not_answered_with_the_invite(matcher: Matcher) -> None:
    # The Slack entry gives the invite, no channel: "which channel" is not told by it.
    for question in (
        "which slack channel is sig-storage in",
        "whats the slack channel name for 1.7",
    ):
        assert matcher.find_answer(question).status != "answered", question
    assert answered_with(matcher, "is there a kubernetes slack") == "slack"
