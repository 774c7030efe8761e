"""Questions wrapped in chat, asked indirectly or in everyday words, and near misses beside them.

Each group is one way real questions go wrong: chatter no entry uses must not sink a question
whose topic is clear, ordinary words must not be "corrected" into the knowledge base's words,
and a word naming a topic the release does not cover must keep a near miss unanswered.
"""

from __future__ import annotations

import pytest

from bot.core.matcher import ANSWER_THRESHOLD, Matcher
from tests.matcher_fixtures import answered_with


@pytest.mark.parametrize(
    ("question", "entry_id"),
    [
        ("heard the daemonset rollback thing landed, how does it work", "daemonset-rollback"),
        ("sre here - statefulset updates in 1.7?", "statefulset-updates"),
        ("our ops team wants to undo a daemonset rollout", "daemonset-rollback"),
        ("need to go back to an older daemonset revision", "daemonset-rollback"),
        ("honestly curious, is storageos in 1.7", "storageos-volume-plugin"),
        ("got bitten by a broken daemonset rollout, can 1.7 undo it", "daemonset-rollback"),
    ],
)
def test_chat_around_a_clear_topic_still_gets_the_answer(
    matcher: Matcher, question: str, entry_id: str
) -> None:
    assert answered_with(matcher, question) == entry_id


@pytest.mark.parametrize(
    ("question", "entry_id"),
    [
        # An adverb no entry uses says how the asker goes about it, not what is asked.
        ("we rely extensively on third party resources, what replaces them in 1.7?", "tpr-to-crd"),
        ("is network policy stable? asking purely out of curiosity", "network-policy"),
        # "mature" asks what the entries call maturity.
        ("how mature is local storage in 1.7", "local-storage"),
        ("how mature is api aggregation", "api-aggregation"),
        ("how far along is containerd", "containerd"),
        # "short version" asks for a short answer, not for a version number.
        ("what did 1.7 do for stateful apps, short version pls", "stateful-overview"),
        # "tl;dr" asks for a short answer about the subject beside it, not for the themes.
        ("hey bot, quick one: tl;dr what security stuff landed in 1.7?", "security-overview"),
        ("tl;dr of 1.7", "release-themes"),
        # A version's possessive is the version, not the version and a stray "s".
        (
            "We want to plug our own apiserver into the cluster's API. Is that what 1.7's API "
            "aggregation is for?",
            "api-aggregation",
        ),
        # "how-do-I" is three words, not a name ending in a letter, as "cri-o" does.
        ("how-do-I questions about k8s, where do i post them?", "stack-overflow"),
        # A release first released is released.
        ("when was kubernetes 1.7 first released?", "release-date"),
        # An ordinal is the order StatefulSet pods keep.
        (
            "Our StatefulSet runs a database that doesn't care about ordinal ordering. Can it "
            "launch and terminate pods in parallel in 1.7?",
            "pod-management-policy",
        ),
        # "the big story" of a release is its theme, not a user story.
        ("hey what's 1.7's big story in one line pls", "release-themes"),
        # "according to the announcement" says where the answer is, not what is asked.
        ("How is Bitmovin using Kubernetes according to the 1.7 announcement?", "bitmovin"),
        # Beside a summary word, what is new is the subject: the features, not the themes.
        ("1.7 feature summary", "whats-new"),
        ("Could you summarize the new features introduced in Kubernetes 1.7?", "whats-new"),
        ("sec improvements tl;dr k8s 1.7", "security-overview"),
        # Slack shorthand for an ask word still asks for its kind of fact.
        ("wen did kubernetes 1.7 ship", "release-date"),
        # "receive" says only that something changed, like "get".
        (
            "What enhancements did the Container Runtime Interface receive in Kubernetes 1.7?",
            "cri",
        ),
        # "who is <name>" asks what a company is as often as who a person is.
        ("who is golfnow", "golfnow"),
        # How long the answer should be says how to answer, not what.
        ("tl;dr of 1.7 in like 3 words? whats the theme", "release-themes"),
        ("what does network policy actually do, in one sentence pls", "network-policy"),
        # What the post "suggests" or "recommends" is how the asker points at the source.
        ("does the release post suggest a tutorial for newcomers", "interactive-tutorials"),
        ("does the announcement recommend somewhere to ask how-to questions", "stack-overflow"),
        # ... unless the source is all the message names: then it is what is asked about.
        ("summarize what the release notes say", "release-notes"),
        ("does the 1.7 blog recommend a way to submit our user story", "share-your-story"),
        # The asker saying they are new says who asks, not what they ask about.
        ("newbie question: where do i ask k8s questions", "stack-overflow"),
        ("how do i start contributing to k8s, noob here", "special-interest-groups"),
        ("im a total beginner, where do i start with k8s", "interactive-tutorials"),
        # "adding" is what every release does, as "added" is; a "shoutout" is a mention.
        ("why bother adding statefulset updates at all", "statefulset-updates"),
        ("which supermarket got a shoutout in the 1.7 post", "ocado"),
        ("which grocery company got a shout-out in the 1.7 post?", "ocado"),
        # "gone" is removed, unless it has gone GA.
        ("how long until tprs are gone", "tpr-to-crd"),
        ("has network policy gone stable yet", "network-policy"),
        # Asking what someone recommends or suggests frames the ask; what is recommended is it.
        ("where would you recommend posting a kubernetes usage question?", "stack-overflow"),
        ("which channels do you suggest for talking to the k8s community", "community-channels"),
        # The source named as the authority ("per the blog") says where the answer is written.
        ("based on the announcement where do i download k8s", "download"),
        # A Kubernetes object named as what the asked one is compared with is no subject.
        ("can daemonsets roll back like deployments?", "daemonset-rollback"),
        # "dead" is removed too; what to use "instead" is what replaces it, no entry's own word.
        ("so tprs are dead now, what do we move our operator to", "tpr-to-crd"),
        ("what do i use instead of TPRs in 1.7", "tpr-to-crd"),
        # Release artifacts are the binaries people download.
        ("where can i grab the v1.7.0 release artifacts", "download"),
        # "w" is "with", typed short.
        ("whats new w audit logs in 1.7", "audit-logs"),
        # "upd8s" is updates; "in plain english" is how to answer, not what.
        ("k8s 1.7 sts upd8s? alpha or beta", "statefulset-updates"),
        ("what does api aggregation do in plain english", "api-aggregation"),
        # "goodies" are features; "tmrw" is chat.
        ("hey all, anyone have a quick list of 1.7 goodies? upgrading tmrw", "whats-new"),
        # "undone" is undo, and "holding off" says how the asker waited, not what is asked.
        ("can a daemonset update be undone in 1.7?", "daemonset-rollback"),
        (
            "we've been holding off on network policies until they were stable. are they stable "
            "in 1.7?",
            "network-policy",
        ),
        # "works fine", "actual" and "besides" are how the asker talks, not topics.
        (
            "Why should I bother moving from TPR to CRD if TPR works fine for us today? Is there "
            "any actual benefit besides it going away?",
            "tpr-to-crd",
        ),
        # "yanked" is removed; a "deep dive" is an in-depth post.
        ("when will third party resources be yanked", "tpr-to-crd"),
        ("link to that older CRI deep dive blog post?", "cri"),
        # Safe for "our" prod, or to use in production, asks whether it is stable.
        ("is network policy safe for our prod in 1.7", "network-policy"),
        ("is network policy safe to use in production", "network-policy"),
        # What the asker says of their own things before the ask is not its topic label.
        ("our prod cluster. when was 1.7 released?", "release-date"),
        # A "hook" into the API server is a webhook.
        (
            "we want to run custom business logic when objects get created, is there a hook for "
            "that in 1.7",
            "external-admission-controllers",
        ),
        # People call KubeCon "the event".
        ("kubecon event page link", "kubecon-austin"),
        # "whether" is a function word, not a topic the knowledge lacks.
        (
            "my boss wants to know whether federation in 1.7 can place workloads by regulatory "
            "rules",
            "federated-placement-policy",
        ),
        # How much or when, said in passing: "super slow", "sometime in july".
        (
            "statefulset pods launch one at a time, super slow. anything new?",
            "pod-management-policy",
        ),
        ("did 1.7 come out sometime in june 2017?", "release-date"),
    ],
)
def test_how_a_question_is_asked_does_not_sink_what_it_asks(
    matcher: Matcher, question: str, entry_id: str
) -> None:
    assert answered_with(matcher, question) == entry_id


@pytest.mark.parametrize(
    ("question", "entry_id"),
    [
        ("ocado blog writeup please", "ocado"),
        ("golfnow article", "golfnow"),
        ("sig abbreviation", "special-interest-groups"),
        # What an abbreviation "stands for" asks what it means: the abbreviation is the subject.
        ("quick one, CRI stands for what", "cri"),
        ("k8s CRI, stands for?", "cri"),
        ("the k8s SIGs, what does that stand for", "special-interest-groups"),
    ],
)
def test_keyword_questions_far_ahead_of_every_other_entry_are_answered(
    matcher: Matcher, question: str, entry_id: str
) -> None:
    match = matcher.find_answer(question)
    assert match.status == "answered"
    assert match.entry is not None
    assert match.entry.id == entry_id


@pytest.mark.parametrize(
    ("question", "entry_id"),
    [
        ("admission ctrl webhooks in 1.7", "external-admission-controllers"),
        ("fed clusters: choose where workloads land", "federated-placement-policy"),
        ("kubelet authorisation by node", "node-authorizer"),
        ("which googler headed the 1.7 release", "release-team"),
        ("what is the cut off for kubecon talk proposals", "kubecon-cfp"),
        ("running mongodb on k8s 1.7, what is new for us", "stateful-overview"),
        ("sts rolling upd 1.7", "statefulset-updates"),
        ("does 1.7 encrypt secrets in the key-value store", "secrets-encryption"),
        (
            "are secrets still plain text in the cluster's backing store with 1.7",
            "secrets-encryption",
        ),
        ("which stateful feature did users want the most", "local-storage"),
        ("can a compromised node agent read every secret in 1.7", "node-authorizer"),
        ("is there a portal for kubernetes evangelists", "k8sport"),
        ("when is the cloud native conference in austin", "kubecon-austin"),
        ("is there a kubernetes all-hands call", "community-meeting"),
        ("how 2 get involved w/ k8s", "special-interest-groups"),
        # Consuming a volume is accessing it, as the announcement says.
        ("can a statefulset consume node-local disks through a pvc in 1.7", "local-storage"),
        # "Till" is "until": when a price stops holding, not a price.
        ("early bird pricing, good till when", "kubecon-registration"),
        ("kubecon talk submissions open til when?", "kubecon-cfp"),
        ("how fast is k8s growing next to other oss projects", "adoption-commits"),
        # "Overall" asks for all of it, as "in a nutshell" does; "fix" frames a change asked of.
        ("statefulset improvements in 1.7, overall?", "stateful-overview"),
        ("every node agent can read all secrets today. does 1.7 fix that", "node-authorizer"),
    ],
)
def test_everyday_abbreviations_and_spellings_reach_the_release_words(
    matcher: Matcher, question: str, entry_id: str
) -> None:
    assert answered_with(matcher, question) == entry_id


@pytest.mark.parametrize(
    ("question", "entry_id"),
    [
        ("thirdparty resouces replacment in kubernets 1.7", "tpr-to-crd"),
        (
            "can our kafka pods use the ssds in each node as localstorage volumes now",
            "local-storage",
        ),
        ("does the nodeauthorizer stop a kubelet reading every secret", "node-authorizer"),
    ],
)
def test_two_words_typed_as_one_are_read_as_both(
    matcher: Matcher, question: str, entry_id: str
) -> None:
    assert answered_with(matcher, question) == entry_id


def test_everyday_idioms_read_as_the_words_the_release_uses(matcher: Matcher) -> None:
    # "under the hood" asks how it is implemented; "hood" names no subject the release lacks.
    assert answered_with(matcher, "how is network policy implemented under the hood") == (
        "network-policy"
    )
    match = matcher.find_answer("can I now control which pods are allowed to talk to each other?")
    assert match.candidates[0].entry.id == "network-policy"
    # "anywhere" asks where, not about a subject the release lacks.
    assert answered_with(matcher, "is the box case study mentioned anywhere?") == "box-case-study"
    # What "drove" the release is what the announcement says motivated it.
    assert answered_with(matcher, "what drove the feature choices for this release?") == (
        "release-themes"
    )


def test_a_field_typed_in_camel_case_stays_one_name(matcher: Matcher) -> None:
    # "readyReplicas" is a status field no entry speaks of, not "ready" and "replicas".
    match = matcher.find_answer("statefulset status readyReplicas meaning changed in 1.7?")
    assert match.entry is None or match.entry.id != "pod-management-policy"


def test_the_team_copied_in_is_not_what_the_question_is_about(matcher: Matcher) -> None:
    # "@node" copies in a team; read as a topic, it pulled the CRI question to containerd.
    assert answered_with(matcher, "cc @node what changed in the cri with 1.7") == "cri"
    assert answered_with(matcher, "cc @sre, @netops is network policy ga now") == "network-policy"


def test_q_and_a_is_one_word(matcher: Matcher) -> None:
    assert answered_with(matcher, "kubernetes q&a site") == "stack-overflow"


def test_an_ordinary_word_is_not_read_as_a_misspelt_knowledge_base_word(
    matcher: Matcher,
) -> None:
    # "headline" is one letter from "deadline"; read as that, it pulled in the KubeCon dates.
    match = matcher.find_answer("need the headline security bits of 1.7 for a slide")
    ids = [c.entry.id for c in match.candidates]
    assert ids
    assert ids[0] == "security-overview"


@pytest.mark.parametrize(
    "question",
    [
        "does 1.7 bring pod security policies",
        "pod disruption budget support in 1.7",
        "is the vertical pod autoscaler in 1.7",
        "service account tokens in 1.7",
    ],
)
def test_a_feature_named_in_several_words_is_not_its_parts(matcher: Matcher, question: str) -> None:
    assert matcher.find_answer(question).status != "answered"


@pytest.mark.parametrize(
    "question",
    [
        "kubecon group discount for nonprofits",
        "who leads sig-storage",
        "how much would two kubecon passes set us back",
        "how much does kubecon registration cost",
        "kubecon japan location",
        "who founded mirantis",
        "etcd snapshot restore steps",
        "network policy egress rules",
        "tpr in openshift",
        # Neither source speaks of StatefulSet update partitions.
        "does sts rolling update support partitions in 1.7?",
    ],
)
def test_near_misses_with_a_topic_the_release_lacks_are_not_answered(
    matcher: Matcher, question: str
) -> None:
    assert matcher.find_answer(question).status != "answered"


def test_a_lead_below_the_answer_threshold_needs_every_telling_word_explained(
    matcher: Matcher,
) -> None:
    # Far ahead of every other entry, but "leads" is nothing the SIG entry speaks of.
    match = matcher.find_answer("who leads sig-storage")
    assert match.score < ANSWER_THRESHOLD
    assert match.status == "suggested"
    assert match.candidates[0].entry.id == "special-interest-groups"


@pytest.mark.parametrize(
    "question",
    [
        "what time of day does the kubernetes community meeting start",
        "which day of the week is the community meeting held",
        "what day and time is the weekly k8s community meeting",
    ],
)
def test_a_time_of_day_is_not_answered_by_how_often_something_meets(
    matcher: Matcher, question: str
) -> None:
    # The announcement calls the community meeting weekly and gives no day or time.
    assert answered_with(matcher, question) is None


def test_a_claimed_time_of_day_is_not_confirmed_by_an_answer_without_one(
    matcher: Matcher,
) -> None:
    assert (
        answered_with(matcher, "the weekly community meeting is thursdays at 10am pacific, right?")
        is None
    )
    # A claimed date is checked against the answer's own.
    assert answered_with(matcher, "kubecon austin is december 6-8, right?") == "kubecon-austin"


def test_a_video_call_link_is_not_answered_with_the_meeting_it_is_for(matcher: Matcher) -> None:
    # The announcement links the community meeting's page, never a Zoom or Hangouts call.
    match = matcher.find_answer("zoom link for the community meeting pls")
    assert match.status == "suggested"
    assert match.candidates[0].entry.id == "community-meeting"


def test_how_often_the_community_meeting_is_held_is_still_answered(matcher: Matcher) -> None:
    assert answered_with(matcher, "how often does the community meeting happen") == (
        "community-meeting"
    )


def test_the_announcement_post_title_is_answered_with_the_release_date(matcher: Matcher) -> None:
    assert answered_with(
        matcher, "our wiki links the 1.7 announcement, what was that post's title again?"
    ) == ("release-date")


def test_why_the_asker_asks_is_not_what_they_ask_about(matcher: Matcher) -> None:
    # "because of 1.7" and "a bunch of" say why and how many, not what: the TPRs are the subject.
    question = "our operator depends on a bunch of TPRs. do we need to do anything because of 1.7?"
    assert answered_with(matcher, question) == "tpr-to-crd"


def test_an_ask_saying_only_that_something_changed_asks_of_its_background(
    matcher: Matcher,
) -> None:
    # "what changed in 1.7" after the audit logs asks what changed for them, not the release's
    # highlights; "when was 1.7 released" names its own subject.
    assert (
        answered_with(
            matcher, "our security team keeps asking about audit logs. what changed in 1.7"
        )
        == "audit-logs"
    )
    assert (
        answered_with(matcher, "cc @platform when was 1.7 released? need it for the retro doc")
        == "release-date"
    )


def test_whether_a_feature_is_worth_a_look_asks_about_the_feature(matcher: Matcher) -> None:
    # "worth" rates what is asked about, as "major" or "cool" do; it is no subject of its own.
    assert answered_with(matcher, "is local storage worth a look in 1.7") == "local-storage"
    assert answered_with(matcher, "is it worth upgrading to 1.7") == "whats-new"


def test_everyday_words_for_encrypting_secrets_find_secrets_encryption(matcher: Matcher) -> None:
    # Passwords kept in the cluster are Secrets; scrambling them is encrypting them.
    assert answered_with(matcher, "are db passwords scrambled in etcd now") == "secrets-encryption"


def test_who_asks_and_everyday_words_for_security_find_the_security_overview(
    matcher: Matcher,
) -> None:
    # A security officer is who asks; "harder to break into" is security in plain words.
    question = (
        "our security officer asks if the latest kubernetes release did anything to make "
        "clusters harder to break into. did it?"
    )
    assert answered_with(matcher, question) == "security-overview"


@pytest.mark.parametrize(
    "question",
    [
        "how many pods per node does a daemonset run",
        "how many pods does a daemonset put on each node?",
    ],
)
def test_a_count_said_as_one_per_something_answers_how_many(
    matcher: Matcher, question: str
) -> None:
    # The highlight says DaemonSets "create one pod per node": a count, said in words.
    assert answered_with(matcher, question) == "daemonset-rollback"


@pytest.mark.parametrize(
    ("question", "entry_id"),
    [
        # A negated auxiliary written without its apostrophe is as empty as "didnt".
        ("daemonsets couldnt be rolled back before, can they now?", "daemonset-rollback"),
        # Gamer slang for a compromised machine.
        ("the kubelet wasnt limited before, what if a node gets pwned", "node-authorizer"),
        # Ripping out is removing.
        ("are third party resources being ripped out?", "tpr-to-crd"),
        # Material to read is the asker's word for what the entry points to.
        ("any good learning material for a kubernetes newbie?", "interactive-tutorials"),
        ("reading material on stateful workloads in 1.7?", "stateful-overview"),
        # Hitting a number is reaching it.
        ("did kubernetes hit 50k commits yet", "adoption-commits"),
        # Whether something can be done is how it is asked, not what.
        ("is rolling back a daemonset doable in 1.7", "daemonset-rollback"),
        # Baked into the core is built in, what pluggable providers are not.
        ("is cloud vendor code still baked in to kubernetes?", "pluggable-cloud-providers"),
    ],
)
def test_the_way_people_say_removed_compromised_or_built_in_finds_its_entry(
    matcher: Matcher, question: str, entry_id: str
) -> None:
    assert answered_with(matcher, question) == entry_id
