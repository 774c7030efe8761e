"""Answers people can trust, tried as a new user would: each failure class as a conversation."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.core.answers import Reply, render_reply
from bot.core.knowledge import KnowledgeBase
from bot.core.matcher import Matcher, words

AFTER_THE_RELEASE = datetime(2017, 7, 3, 12, 0, tzinfo=UTC)


@pytest.fixture(scope="module")
def ask(kb: KnowledgeBase, matcher: Matcher):  # type: ignore[no-untyped-def]  # a closure
    """`ask("when is kubecon")`: the reply a user reads."""

    def reply(question: str) -> Reply:
        return render_reply(matcher.find_answer(question), kb, AFTER_THE_RELEASE)

    return reply


def answered(reply: Reply) -> str | None:
    return reply.entry.id if reply.match.status == "answered" and reply.entry else None


# 1. The subject swapped for a neighbour's.
@pytest.mark.parametrize("question", ["docker support", "does 1.7 support docker"])
def test_docker_support_is_not_answered_with_the_containerd_highlight(ask, question: str) -> None:  # type: ignore[no-untyped-def]
    reply = ask(question)
    assert reply.match.status != "answered"
    assert not reply.text.startswith("Yes")


def test_a_topic_k17_lacks_is_named_and_the_neighbour_offered_as_related(ask) -> None:  # type: ignore[no-untyped-def]
    reply = ask("tpr in openshift")
    assert reply.match.status == "suggested"
    assert reply.text.startswith("I don't have anything on *openshift* in Kubernetes 1.7.")
    assert "Related, from what 1.7 does cover:" in reply.text
    assert reply.suggestions[0].entry.id == "tpr-to-crd"


@pytest.mark.parametrize(
    ("question", "lacked", "related"),
    [
        (
            "does NetworkPolicy in 1.7 (networking.k8s.io/v1) support egress rules?",
            "egress",
            "network-policy",
        ),
        ("can cri-containerd run windows containers yet?", "windows", "containerd"),
        # What something can do is asked as what it supports is.
        ("can networking.k8s.io/v1 NetworkPolicy do egress rules?", "egress", "network-policy"),
        # A product the knowledge lacks: the entry it relates to leads the related choices.
        ("vault kms provider for secrets", "vault", "secrets-encryption"),
        ("does flannel enforce network policies", "flannel", "network-policy"),
    ],
)
def test_what_no_entry_knows_is_named_and_the_related_entry_offered_not_answered(  # type: ignore[no-untyped-def]
    ask, question: str, lacked: str, related: str
) -> None:
    reply = ask(question)
    assert reply.match.status == "suggested"
    assert reply.text.startswith(f"I don't have anything on *{lacked}*")
    assert reply.suggestions[0].entry.id == related


def test_also_doing_what_the_entry_never_says_is_not_confirmed_by_it(ask) -> None:  # type: ignore[no-untyped-def]
    claim = ask(
        "external admission controllers in 1.7 can also run after a pod starts and kill it, right?"
    )
    assert claim.match.status != "answered"
    # What the entry does say is still answered: audit logs send to a webhook backend.
    webhook = ask(
        "got this audit policy from a blog, is this the 1.7 event filtering for audit logs? "
        "can it also send to a webhook?"
    )
    assert answered(webhook) == "audit-logs"


def test_a_statement_of_what_something_has_is_not_a_support_question(ask) -> None:  # type: ignore[no-untyped-def]
    # "how long do we have" asks for a time, not whether TPRs have a "path".
    reply = ask(
        "vendor operator on our cluster uses TPR. how long do we have before it stops working "
        "and what's the migration path?"
    )
    assert answered(reply) == "tpr-to-crd"


# 2. Wrong polarity.
def test_is_secrets_encryption_ga_gets_no_first(ask) -> None:  # type: ignore[no-untyped-def]
    reply = ask("secrets encryption is it ga???")
    assert answered(reply) == "secrets-encryption"
    assert reply.text.startswith("*No*: it is *alpha* in 1.7, not GA.")
    assert "Yes" not in reply.text


def test_is_local_storage_alpha_gets_yes_first(ask) -> None:  # type: ignore[no-untyped-def]
    reply = ask("is local storage alpha in 1.7?")
    assert answered(reply) == "local-storage"
    assert reply.text.startswith("Yes, as *alpha*")


def test_is_network_policy_still_beta_gets_no_it_is_stable(ask) -> None:  # type: ignore[no-untyped-def]
    reply = ask("is network policy still beta?")
    assert answered(reply) == "network-policy"
    assert reply.text.startswith("*No*: it is *stable* in 1.7, not beta.")


def test_a_feature_with_parts_at_two_maturities_gets_no_single_yes_or_no(ask) -> None:  # type: ignore[no-untyped-def]
    # The bootstrap itself is beta in 1.7; the certificate rotations it gained are alpha.
    reply = ask("is kubelet tls bootstrap GA in 1.7?")
    assert answered(reply) == "kubelet-tls-bootstrapping"
    assert not reply.text.startswith(("Yes", "No", "*Yes*", "*No*"))
    assert "promoted to *beta* in 1.7" in reply.text
    assert "mark both rotations *alpha*" in reply.text


def test_a_question_that_does_not_ask_yes_or_no_gets_neither(ask) -> None:  # type: ignore[no-untyped-def]
    for question in ("what is local storage in 1.7", "is local storage alpha or beta"):
        reply = ask(question)
        assert answered(reply) == "local-storage", question
        assert not reply.text.startswith(("Yes", "No", "*Yes*", "*No*")), question
        assert "*alpha*" in reply.text


# 3. Answer type ignored.
@pytest.mark.parametrize(
    "question",
    [
        "how much is kubecon",
        "kubecon price?",
        "what does a kubecon ticket cost",
        "how many people attended kubecon austin",
        # The Slack entry's "slack.k8s.io" counts nobody.
        "how many people are in the kubernetes slack",
        # API aggregation's "3rd party APIs" counts nothing.
        "how many aggregated api servers can a 1.7 cluster take",
    ],
)
def test_a_price_is_not_answered_with_the_conference_dates(ask, question: str) -> None:  # type: ignore[no-untyped-def]
    assert ask(question).match.status != "answered"


@pytest.mark.parametrize(
    "question",
    ["how long did ocado's move to kubernetes take", "golfnow migration, how long did it take?"],
)
def test_how_long_it_took_is_not_answered_without_a_span(ask, question: str) -> None:  # type: ignore[no-untyped-def]
    # The stories say what the companies gained, never how long moving took.
    assert ask(question).match.status != "answered"


def test_how_long_it_took_is_answered_with_the_span(ask) -> None:  # type: ignore[no-untyped-def]
    reply = ask("kubernetes passed 50k commits, how long did that take the project?")
    assert answered(reply) == "adoption-commits"
    assert "three years" in reply.text


@pytest.mark.parametrize(
    "question", ["1.7 end of life date?", "end of support date for 1.7?", "is 1.7 eol yet"]
)
def test_how_long_a_release_is_supported_is_not_its_release_date(ask, question: str) -> None:  # type: ignore[no-untyped-def]
    # The sources never say when 1.7's support ends; June 30 is when it began.
    assert ask(question).match.status == "declined"


@pytest.mark.parametrize(
    "question",
    ["can i still register at the discounted price", "is the discounted price still available"],
)
def test_whether_a_price_still_holds_is_answered_with_its_deadline(ask, question: str) -> None:  # type: ignore[no-untyped-def]
    assert answered(ask(question)) == "kubecon-registration"


# 5. One unknown chat word sinks a clear question.
@pytest.mark.parametrize(
    "question",
    ["cc when is kubecon", "lol when is kubecon", "btw when is kubecon", "ayy when is kubecon"],
)
def test_a_chat_word_before_a_clear_question_does_not_sink_it(ask, question: str) -> None:  # type: ignore[no-untyped-def]
    reply = ask(question)
    assert answered(reply) == "kubecon-austin"
    assert "Dec. 6-8" in reply.text


@pytest.mark.parametrize(
    "question",
    ["network policy stable? y/n", "qq is network policy stable", "iiuc network policy is stable?"],
)
def test_chat_shorthand_around_a_yes_no_question_does_not_sink_it(ask, question: str) -> None:  # type: ignore[no-untyped-def]
    assert answered(ask(question)) == "network-policy"


# 6. Long pastes.
def test_a_log_paste_ending_in_a_plea_for_help_is_read_by_its_ask(ask) -> None:  # type: ignore[no-untyped-def]
    log = "\n".join(
        f"Jul 05 03:00:{i % 60:02d} node-3 kubelet[1123]: I0705 reconciler.go:{200 + i}] "
        f'MountVolume started for volume "default-token-x{i}" pod "web-{i}"'
        for i in range(60)
    )
    reply = ask(log[:5000] + "\nnetwork policy isn't working, please help")
    assert answered(reply) in (None, "network-policy")
    assert reply.suggestions[0].entry.id == "network-policy" if reply.suggestions else True
    assert answered(reply) != "security-overview"


# A decline says what k17 covers and where else to look.
def test_a_decline_says_what_k17_covers_and_where_else_to_look(ask) -> None:  # type: ignore[no-untyped-def]
    reply = ask("what's the best pizza in austin")
    assert reply.match.status == "declined"
    assert "I can answer questions about the Kubernetes 1.7 release" in reply.text
    assert "<https://kubernetes.io/docs/|kubernetes.io>" in reply.text
    assert "Stack Overflow" in reply.text
    assert "#kubernetes-users" in reply.text


# 7. Questions phrased like issue threads: a wrong premise, "still supported", context first.
def test_a_wrong_premise_about_maturity_is_corrected_first(ask) -> None:  # type: ignore[no-untyped-def]
    reply = ask("since network policy is still alpha in 1.7 we can't rely on it, right?")
    assert answered(reply) == "network-policy"
    assert reply.text.startswith("*No*: it is *stable* in 1.7, not alpha.")


@pytest.mark.parametrize(
    "question",
    [
        "statefulset updates are alpha in 1.7, right?",
        # "shipped" says released: no subject of its own beside the feature checked.
        "StatefulSet updates shipped as alpha in 1.7, correct?",
    ],
)
def test_a_claim_tagged_right_is_checked_and_corrected_first(ask, question: str) -> None:  # type: ignore[no-untyped-def]
    reply = ask(question)
    assert answered(reply) == "statefulset-updates"
    assert reply.text.startswith("*No*: it is *beta* in 1.7, not alpha.")


def test_a_claim_checked_with_yes_is_answered_with_the_maturity_first(ask) -> None:  # type: ignore[no-untyped-def]
    # "..., yes?" checks the claim: it is wrong, so the reply says no, then the level it has.
    reply = ask("secret encryption went stable in 1.7, yes?")
    assert answered(reply) == "secrets-encryption"
    assert reply.text.startswith("*No*: it is *alpha* in 1.7, not stable.")


def test_what_a_question_sets_aside_is_not_its_answer(ask) -> None:  # type: ignore[no-untyped-def]
    reply = ask("wat else besides api agregation")
    assert answered(reply) is None
    assert "additional-highlights" in [c.entry.id for c in reply.match.candidates]
    # Set aside beside what is asked, the entry still answers what is asked.
    assert answered(ask("can i encrypt other resources besides secrets in etcd in 1.7")) == (
        "secrets-encryption"
    )


def test_is_x_still_supported_is_answered_by_its_entry(ask) -> None:  # type: ignore[no-untyped-def]
    assert answered(ask("are third party resources still supported in 1.7?")) == "tpr-to-crd"


def test_a_sentence_of_context_then_the_ask_is_answered(ask) -> None:  # type: ignore[no-untyped-def]
    reply = ask(
        "we upgraded our test cluster to 1.7 last week and our operator logs warnings about "
        "its ThirdPartyResource. what should we move to?"
    )
    assert answered(reply) == "tpr-to-crd"


# 8. A neighbouring product the knowledge does not cover: named, its neighbour offered as related.
@pytest.mark.parametrize(
    ("question", "product", "related"),
    [
        ("cri-o runtime support in kubernetes 1.7", "cri-o", "cri"),
        ("rkt as the container runtime in 1.7", "rkt", "cri"),
        ("is docker still the container runtime in 1.7", "docker", "containerd"),
        ("does calico enforce network policy in 1.7", "calico", "network-policy"),
        ("can secrets encryption use a vault kms provider", "vault", "secrets-encryption"),
    ],
)
def test_a_neighbouring_product_is_named_and_its_neighbour_offered_only_as_related(  # type: ignore[no-untyped-def]
    ask, question: str, product: str, related: str
) -> None:
    reply = ask(question)
    assert reply.match.status == "suggested"
    assert reply.text.startswith(f"I don't have anything on *{product}*")
    assert "Related, from what 1.7 does cover:" in reply.text
    assert related in [s.entry.id for s in reply.suggestions]


@pytest.mark.parametrize(
    ("question", "neighbour"),
    [
        ("does 1.7 support cri-o", "cri"),
        ("cri-o", "cri"),
        ("docker support in 1.7?", "containerd"),
        ("calico network policy", "network-policy"),
        ("vault kms provider", "secrets-encryption"),
    ],
)
def test_a_neighbouring_product_never_gets_the_neighbours_answer(  # type: ignore[no-untyped-def]
    ask, question: str, neighbour: str
) -> None:
    reply = ask(question)
    assert reply.match.status != "answered"
    assert answered(reply) != neighbour


def test_cri_o_is_read_as_one_name_not_as_the_cri(ask) -> None:  # type: ignore[no-untyped-def]
    assert words("cri-o") == ["crio"]
    assert words("pod-to-pod traffic") == ["pod", "to", "pod", "traffic"]
    # "I" after a hyphen is the asker, not a name's letter.
    assert words("how-do-I") == ["how", "do", "i"]
    assert answered(ask("what's new in the cri for 1.7")) == "cri"


def test_a_product_that_is_only_where_kubernetes_runs_leaves_the_answer(ask) -> None:  # type: ignore[no-untyped-def]
    reply = ask("our gke cluster runs 1.7, is network policy stable")
    assert answered(reply) == "network-policy"


def test_a_product_the_feature_would_stand_in_for_leaves_the_answer(ask) -> None:  # type: ignore[no-untyped-def]
    reply = ask("could our nodes run containerd instead of docker with 1.7")
    assert answered(reply) == "containerd"
    assert reply.text.startswith("Only as *alpha*")
    # The product named as the alternative to the one asked about is not the question's subject.
    reply = ask("is containerd a real option for the runtime in 1.7 or is it still docker only")
    assert answered(reply) == "containerd"
    # Asked alone, it is: the containerd entry does not answer for docker.
    assert ask("docker support").match.status != "answered"


# 9. A real word is not spell-corrected into another: "mailing" is not "failing".
def test_a_mailing_list_question_is_about_the_mailing_list(ask) -> None:  # type: ignore[no-untyped-def]
    reply = ask("is there a mailing list for the kubernetes community")
    assert reply.match.status == "suggested"
    assert reply.text.startswith("I don't have anything on *mailing*")
    assert "community-channels" in [s.entry.id for s in reply.suggestions]


def test_a_misspelt_word_is_still_read_as_the_word_meant(ask) -> None:  # type: ignore[no-untyped-def]
    assert answered(ask("is netwrok policy stabel in 1.7")) == "network-policy"


def test_zk_is_read_as_zookeeper(ask) -> None:  # type: ignore[no-untyped-def]
    # The StatefulSet updates highlight names Zookeeper among the stateful applications.
    assert answered(ask("zk statefulset rolling update")) == "statefulset-updates"


# A thank-you is no question.
@pytest.mark.parametrize(
    "message",
    [
        "thanks, that worked!",
        "perfect ty",
        "ok got it, thanks",
        "Thanks, that was helpful.",
        "ty, this is really useful",
        "great, that was super handy thx",
    ],
)
def test_a_thank_you_gets_a_welcome_not_an_answer(ask, message: str) -> None:  # type: ignore[no-untyped-def]
    reply = ask(message)
    assert reply.match.status == "declined"
    assert reply.text == "You're welcome! Ask me anything else about Kubernetes 1.7."


@pytest.mark.parametrize(
    "message",
    ["hi", "hello k17", "hey there!", "good morning all", "what can you do?", "who are you"],
)
def test_a_greeting_gets_a_greeting_and_what_k17_answers(ask, message: str) -> None:  # type: ignore[no-untyped-def]
    reply = ask(message)
    assert reply.match.status == "declined"
    assert reply.text.startswith("Hi! I answer questions about Kubernetes 1.7")
    assert "I don't know that one" not in reply.text


def test_a_greeting_before_a_question_still_gets_the_answer(ask) -> None:  # type: ignore[no-untyped-def]
    assert answered(ask("hi! when is kubecon?")) == "kubecon-austin"


def test_thanks_before_a_question_still_gets_the_answer(ask) -> None:  # type: ignore[no-untyped-def]
    assert answered(ask("thanks! and when is kubecon?")) == "kubecon-austin"


# One everyday word names a whole area of Kubernetes, not the highlight that happens to use it.
@pytest.mark.parametrize(
    ("question", "offered"),
    [
        ("volumes", "local-storage"),
        ("nodes", "node-authorizer"),
        ("beta", "statefulset-updates"),
        ("containers", "containerd"),
    ],
)
def test_one_everyday_word_gets_choices_not_a_highlight(ask, question: str, offered: str) -> None:  # type: ignore[no-untyped-def]
    reply = ask(question)
    assert reply.match.status == "suggested"
    assert offered in [s.entry.id for s in reply.suggestions]


@pytest.mark.parametrize(
    ("question", "entry"),
    [("containerd", "containerd"), ("storageos", "storageos-volume-plugin"), ("tpr", "tpr-to-crd")],
)
def test_one_word_naming_a_highlight_is_answered(ask, question: str, entry: str) -> None:  # type: ignore[no-untyped-def]
    assert answered(ask(question)) == entry


def test_a_name_written_in_several_words_is_asked_of_typed_as_one(ask) -> None:  # type: ignore[no-untyped-def]
    reply = ask("podManagementPolicy, what's that for?")
    assert answered(reply) == "pod-management-policy"
    assert "in *parallel*" in reply.text


def test_who_held_a_role_the_answer_never_names_is_not_who_led_the_release(ask) -> None:  # type: ignore[no-untyped-def]
    docs = ask("who was the docs lead on the 1.7 release team")
    assert docs.match.status == "suggested"
    assert "Dawn Chen" not in docs.text
    assert answered(ask("who was the release lead for 1.7")) == "release-team"


@pytest.mark.parametrize("question", ["Who is the CTO of Mirantis?", "who's the PM for sig-node"])
def test_who_holds_a_title_the_answer_never_names_is_not_answered(ask, question: str) -> None:  # type: ignore[no-untyped-def]
    # The announcement's authors work at Mirantis and Google; who runs either is not said.
    assert ask(question).match.status != "answered"


def test_the_latest_release_names_the_release_not_a_subject(ask) -> None:  # type: ignore[no-untyped-def]
    reply = ask("did the latest k8s release make clusters any harder to break into?")
    assert answered(reply) == "security-overview"


def test_what_can_be_done_is_read_as_the_doing(ask) -> None:  # type: ignore[no-untyped-def]
    # "filterable" is the "event filtering" the audit logs answer speaks of.
    reply = ask("are audit events filterable in 1.7?")
    assert answered(reply) == "audit-logs"
    assert "filtering" in reply.text


def test_stable_enough_asks_whether_it_is_stable(ask) -> None:  # type: ignore[no-untyped-def]
    reply = ask("is containerd stable enough to call it ga")
    assert answered(reply) == "containerd"
    assert reply.text.startswith("*No*")


def test_shorthand_for_a_long_word_reads_as_the_word(ask) -> None:  # type: ignore[no-untyped-def]
    reply = ask("is secrets enc at rest ga in 1.7")
    assert answered(reply) == "secrets-encryption"
    assert reply.text.startswith("*No*")


def test_production_grade_is_asked_as_stable_and_gets_no_for_an_alpha(ask) -> None:  # type: ignore[no-untyped-def]
    reply = ask("can we treat federated placement policies in 1.7 as production grade")
    assert answered(reply) == "federated-placement-policy"
    assert reply.text.startswith("*No*: it is *alpha* in 1.7")


def test_a_month_guessed_in_a_wrong_premise_does_not_sink_the_subject(ask) -> None:  # type: ignore[no-untyped-def]
    reply = ask("kubecon austin is in november, right?")
    assert answered(reply) == "kubecon-austin"
    assert "December 6" in reply.text


def test_a_keyword_most_entries_share_does_not_settle_on_its_own(ask) -> None:  # type: ignore[no-untyped-def]
    # "pods" is everywhere in 1.7: no one highlight is the answer to it alone.
    assert answered(ask("pods")) is None


def test_a_short_word_typed_with_one_letter_for_two_is_still_read(ask) -> None:  # type: ignore[no-untyped-def]
    assert answered(ask("any new stuf in 1.7")) == "whats-new"


def test_a_claim_checked_with_right_is_answered_by_its_subject(ask) -> None:  # type: ignore[no-untyped-def]
    # The claim's odd words ("bills", "triple") are what the asker believes, not a new topic.
    reply = ask("golfnow saw its bills triple after moving to kubernetes, right?")
    assert answered(reply) == "golfnow"


def test_a_neighbouring_product_in_a_checked_claim_is_still_not_answered(ask) -> None:  # type: ignore[no-untyped-def]
    assert answered(ask("netpol got dropped in 1.7 in favour of istio, right?")) is None


def test_an_ask_after_a_comma_is_the_ask(ask) -> None:  # type: ignore[no-untyped-def]
    # The setting comes first; the clause after the comma is what is asked.
    reply = ask("the ops team runs everything on aks, which release made network policy stable")
    assert answered(reply) == "network-policy"


def test_when_after_a_comma_asks_for_a_date_an_undated_highlight_lacks(ask) -> None:  # type: ignore[no-untyped-def]
    reply = ask("our rancher nodes show 1.7, when did that version come out")
    assert answered(reply) is None


def test_an_ask_of_chat_words_alone_leaves_the_message_its_subject(ask) -> None:  # type: ignore[no-untyped-def]
    # "what's the deal" names nothing: the StatefulSet updates before it are the subject.
    reply = ask("fyi sts updates in 1.7, what's the deal")
    assert answered(reply) in (None, "statefulset-updates")


def test_a_four_letter_word_missing_a_letter_is_the_knowledge_word(ask) -> None:  # type: ignore[no-untyped-def]
    assert answered(ask("is locl storage alpha in 1.7")) == "local-storage"


def test_a_typo_as_near_two_words_is_the_one_the_knowledge_says_most(ask) -> None:  # type: ignore[no-untyped-def]
    # "relased" is one letter from "released" and from "related": the release is what 1.7's
    # knowledge speaks of.
    reply = ask("when was 1.7 relased")
    assert answered(reply) == "release-date"
    assert "June 30, 2017" in reply.text


@pytest.mark.parametrize(
    ("question", "entry"),
    [
        ("teh kubecon cfp closes when", "kubecon-cfp"),
        ("hwat does the node authorizer do", "node-authorizer"),
    ],
)
def test_a_function_word_typed_with_two_letters_swapped_is_that_word(  # type: ignore[no-untyped-def]
    ask, question: str, entry: str
) -> None:
    reply = ask(question)
    assert answered(reply) == entry
    assert reply.match.score >= 90


def test_a_misspelt_english_word_is_read_as_that_word(ask) -> None:  # type: ignore[no-untyped-def]
    # "replacment" is no word the knowledge writes, but "replacement" is English, and what
    # replaces third-party resources is what the TPR entry says.
    reply = ask("what is the replacment for third party resources")
    assert answered(reply) == "tpr-to-crd"
    assert "Custom Resource Definitions" in reply.text


def test_what_time_asks_for_a_time_an_answer_without_one_lacks(ask) -> None:  # type: ignore[no-untyped-def]
    # The SIGs entry says how to join one, never when any of them meets.
    assert answered(ask("what time does the sig network meeting start")) is None


def test_upstream_is_the_project_not_a_topic_k17_lacks(ask) -> None:  # type: ignore[no-untyped-def]
    assert answered(ask("how would i start contributing upstream")) == "special-interest-groups"


def test_experimental_asks_whether_a_feature_is_alpha(ask) -> None:  # type: ignore[no-untyped-def]
    reply = ask("is containerd experimental in 1.7")
    assert answered(reply) == "containerd"
    assert reply.text.startswith("Yes, as *alpha*")


def test_a_claim_checked_with_right_corrects_what_it_claims(ask) -> None:  # type: ignore[no-untyped-def]
    reply = ask("the kubernetes community meeting happens monthly, right?")
    assert answered(reply) == "community-meeting"
    assert "*weekly*" in reply.text


def test_a_deployment_is_not_answered_with_the_daemonset_rollback(ask) -> None:  # type: ignore[no-untyped-def]
    reply = ask("can i roll back a deployment to an earlier revision in 1.7")
    assert answered(reply) is None
    assert reply.text.startswith("I don't have anything on *deployment*")


def test_a_statefulset_is_not_answered_with_the_daemonset_rollback(matcher: Matcher) -> None:
    match = matcher.find_answer("can kubectl rollout undo statefulsets")
    assert match.status != "answered"
    assert "daemonset-rollback" in [c.entry.id for c in match.candidates]


@pytest.mark.parametrize("question", ["what does kafka even do", "what is cassandra"])
def test_what_a_thing_an_answer_names_as_an_example_is_not_answered(ask, question: str) -> None:  # type: ignore[no-untyped-def]
    # StatefulSet updates name "Kafka, Zookeeper and etcd" as examples; they explain none of them.
    assert ask(question).match.status != "answered"


def test_what_an_entry_is_about_is_still_answered(ask) -> None:  # type: ignore[no-untyped-def]
    assert answered(ask("what is k8sport")) == "k8sport"
