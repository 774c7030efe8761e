"""Release-note answers end to end: facts, category digests and specific notes, via `k17 ask`."""

from __future__ import annotations

import json
import random
import re
import string
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
import snowballstemmer
import yaml

from bot.cli import main
from bot.config import DEFAULT_KNOWLEDGE_DIR
from bot.core.knowledge import load_knowledge
from bot.core.librarian import build_librarian
from bot.core.notes.answer import NotesAnswerer
from bot.core.notes.decision import asks_to_extend
from bot.core.notes.fit import TRAINING_FILE
from bot.core.notes.index import terms
from bot.core.notes.settings import MAX_REPLY_CHARS, SUGGESTION_TITLE_CHARS

CHANGELOG = "https://github.com/kubernetes/kubernetes/blob/master/CHANGELOG/CHANGELOG-1.7.md"


def ask(capsys: pytest.CaptureFixture[str], *questions: str) -> list[dict[str, Any]]:
    import io
    import sys

    stdin = sys.stdin
    sys.stdin = io.StringIO("\n".join(questions) + "\n")
    try:
        assert main(["ask", "--json", "-"]) == 0
    finally:
        sys.stdin = stdin
    return [json.loads(line) for line in capsys.readouterr().out.splitlines()]


def one(capsys: pytest.CaptureFixture[str], question: str) -> dict[str, Any]:
    return ask(capsys, question)[0]


@pytest.fixture(scope="module")
def notes() -> NotesAnswerer:
    """The shipped release notes, as the librarian answers from them."""
    directory = Path(DEFAULT_KNOWLEDGE_DIR)
    found = build_librarian(load_knowledge(directory), directory).notes
    assert found is not None
    return found


# Facts from the tables


def test_validated_docker_versions_come_from_the_dependency_list(
    capsys: pytest.CaptureFixture[str],
) -> None:
    record = one(capsys, "docker versions validated for 1.7?")
    assert record["kind"] == "fact"
    assert "Docker versions 1.10.3, 1.11.2, 1.12.6 have been validated" in record["text"]


@pytest.mark.parametrize(
    ("question", "stated"),
    [
        ("min rkt version for 1.7?", "rkt version 1.23.0+"),
        ("whats the minimum etcd version", "etcd version 3.0.17"),
    ],
)
def test_a_minimum_version_is_the_dependency_fact(
    capsys: pytest.CaptureFixture[str], question: str, stated: str
) -> None:
    record = one(capsys, question)
    assert record["kind"] == "fact"
    assert stated in record["text"]


def test_a_dependency_version_asked_after_what_the_asker_did_is_the_fact(
    capsys: pytest.CaptureFixture[str],
) -> None:
    built, gone = ask(
        capsys,
        "Building kubernetes v1.7.0 from source with go1.7.5 fails. Which Go version is needed?",
        "cadvisor on :4194 refuses connections on our kubeadm nodes, where did it go",
    )
    assert built["kind"] == "fact"
    assert "Go version" in built["text"] or "go1.8" in built["text"]
    # "where did it go" asks where cAdvisor went, not for Go's version.
    assert gone["kind"] != "fact"


def test_chat_around_a_fact_question_does_not_sink_it(capsys: pytest.CaptureFixture[str]) -> None:
    docker, known = ask(
        capsys, "btw which docker versions are validated for 1.7", "lol any known issues w/ 1.7.0?"
    )
    assert docker["kind"] == "fact"
    assert "Docker versions 1.10.3, 1.11.2, 1.12.6 have been validated" in docker["text"]
    assert known["kind"] == "digest"
    assert known["entry"] == "digest-known-issues"


@pytest.mark.parametrize(
    ("question", "note"),
    [
        ("can kubeadm turn on the node authorizer in 1.7", "Enable the Node Authorizer"),
        ("how can i turn off one federation controller", "federation controllers"),
    ],
)
def test_turning_something_on_or_off_is_what_the_notes_call_enabling_it(
    capsys: pytest.CaptureFixture[str], question: str, note: str
) -> None:
    record = one(capsys, question)
    assert record["status"] == "answered", record
    assert note in record["text"]


def test_what_else_besides_a_feature_is_not_answered_by_a_note_about_that_feature(
    capsys: pytest.CaptureFixture[str],
) -> None:
    record = one(capsys, "what else is there besides api aggregation")
    assert record["status"] == "suggested", record
    assert "aggregated api servers" not in record["text"]


def test_end_up_says_where_not_what(capsys: pytest.CaptureFixture[str]) -> None:
    # "end up" is how people ask where something goes: no note about ends is asked for.
    record = one(
        capsys, "no availability in our cinder storageclass, what zone does a pv end up in"
    )
    assert record["status"] == "answered", record
    assert "Cinder storageclass" in record["text"]


def test_go_the_verb_is_not_go_the_language(capsys: pytest.CaptureFixture[str]) -> None:
    moved, language = ask(
        capsys, "so where did cluster/ubuntu go?", "our build box has go 1.7.5, which go do i need"
    )
    assert moved["status"] == "answered", moved
    assert "cluster/ubuntu: Removed" in moved["text"]
    assert language["status"] == "answered", language
    assert "Go version: 1.8.3" in language["text"]


def test_when_a_feature_is_expected_to_go_ga_is_a_later_releases_plan(
    capsys: pytest.CaptureFixture[str],
) -> None:
    record = one(capsys, "when is cri-containerd expected to go GA")
    assert record["status"] != "answered", record


def test_a_level_checked_of_what_came_before_is_asked_of_it(
    capsys: pytest.CaptureFixture[str],
) -> None:
    # "is that stable?" asks about kubectl plugins, not about any note that says "stable".
    record = one(capsys, "so kubectl plugins landed in 1.7... is that stable?")
    assert record["status"] != "answered" or "StorageOS" not in record["text"], record


def test_what_a_later_release_of_a_component_brings_is_not_its_section_digest(
    capsys: pytest.CaptureFixture[str],
) -> None:
    # The notes ship Cluster Autoscaler 0.6: what 1.0 brings is the autoscaler's own news.
    record = one(capsys, "what changed in cluster autoscaler 1.0")
    assert record["status"] != "answered", record


def test_which_binary_to_run_asks_for_a_program_not_the_download_table(
    capsys: pytest.CaptureFixture[str],
) -> None:
    record = one(capsys, "pluggable cloud provider stuff: which binary do i run?")
    assert record["kind"] != "fact", record
    assert "kubernetes-server-linux" not in record["text"]


def test_when_something_happened_is_not_told_by_a_dependencys_version(
    notes: NotesAnswerer,
) -> None:
    # However sure the decision is, the Go version 1.7 was built with dates nothing.
    question = 'GoVersion:"go1.8.3" Compiler:"gc" in our version output. when was it announced?'
    query = notes.read(question)
    hits, _ = notes.search(query)
    assert notes.index.notes[hits[0].note].text.startswith("Go version: 1.8.3")
    assert notes.specific(query, (hits, 1.0)) is None


def test_wat_is_what_typed_in_a_hurry(capsys: pytest.CaptureFixture[str]) -> None:
    record = one(capsys, "wat cluster autoscaler release ships w 1.7")
    assert record["status"] == "answered", record
    assert "Cluster Autoscaler 0.6" in record["text"]


def test_a_components_release_asked_for_is_the_note_stating_its_version(
    capsys: pytest.CaptureFixture[str],
) -> None:
    # "which ... release" of a component asks its version: the note on the logging fix states
    # none, the one on Cluster Autoscaler 0.6 does.
    record = one(
        capsys,
        "we turned on node autoscaling on kube-up. which cluster autoscaler release is bundled "
        "with 1.7?",
    )
    assert record["status"] == "answered", record
    assert "Cluster Autoscaler 0.6" in record["text"]


def test_a_version_asked_after_a_story_is_the_note_stating_it(
    capsys: pytest.CaptureFixture[str],
) -> None:
    # The story names addons and DNS trouble, which a note refreshing addon images names too;
    # what is asked is kube-dns's version, which another note states.
    record = one(
        capsys,
        "our pods see sporadic lookup failures through the cluster dns addon. "
        "which kube-dns version is bundled in 1.7?",
    )
    assert record["status"] != "declined", record
    first = record["suggestions"][0] if record["status"] == "suggested" else record
    assert "kube-dns to 1.14.2" in first["text"], record


@pytest.mark.parametrize(
    ("question", "said"),
    [
        ("swagger 1.2 deprecated?", "Swagger 1.2 spec"),
        ("our generator still reads the swagger 1.2 spec, is that going away?", "Swagger 1.2"),
    ],
)
def test_a_version_after_a_name_the_notes_version_is_that_things_not_a_release(
    capsys: pytest.CaptureFixture[str], question: str, said: str
) -> None:
    record = one(capsys, question)
    assert record["status"] == "answered", record
    assert said in record["text"]


@pytest.mark.parametrize(
    "question",
    [
        "what new stuff is in the dashboard 1.6.1 release",
        "1.7 bumps cadvisor to v0.26.1. what changed in it compared to cadvisor 0.25?",
    ],
)
def test_what_a_components_own_release_changed_is_neither_a_digest_nor_a_note(
    capsys: pytest.CaptureFixture[str], question: str
) -> None:
    record = one(capsys, question)
    assert record["status"] != "answered", record


def test_the_etcd_and_go_versions_are_facts(capsys: pytest.CaptureFixture[str]) -> None:
    etcd, go = ask(capsys, "which etcd release goes with k8s 1.7", "what go version is it built on")
    assert etcd["kind"] == "fact"
    assert "etcd version 3.0.17" in etcd["text"]
    assert go["kind"] == "fact"
    assert "1.8.3" in go["text"]


def test_a_platforms_binaries_are_the_download_rows_with_checksums(
    capsys: pytest.CaptureFixture[str],
) -> None:
    record = one(capsys, "arm64 node binaries")
    assert record["entry"] == "fact-downloads"
    assert "<https://dl.k8s.io/v1.7.0/kubernetes-node-linux-arm64.tar.gz|" in record["text"]
    assert "dd75dc044fb1f337b60cb4b27c9bbdca4742d8bc0a1d03d13553a1b8fc593e98" in record["text"]
    assert "server" not in record["text"].split("All files")[0].lower()


def test_binaries_asked_for_by_architecture_or_everyday_platform_words_are_the_rows(
    capsys: pytest.CaptureFixture[str],
) -> None:
    servers, arm, mac = ask(
        capsys,
        "Which CPU architectures are the 1.7 server binaries published for?",
        "Are node binaries published for 32-bit ARM?",
        "where do i grab kubectl for mac for 1.7",
    )
    assert servers["entry"] == "fact-downloads"
    assert "kubernetes-server-linux-amd64.tar.gz" in servers["text"]
    assert arm["entry"] == "fact-downloads"
    assert "kubernetes-node-linux-arm.tar.gz" in arm["text"]
    assert "arm64" not in arm["text"].split("All files")[0]
    assert mac["entry"] == "fact-downloads"
    assert "kubernetes-client-darwin-amd64.tar.gz" in mac["text"]


def test_a_hash_asked_beside_no_file_is_not_a_checksum(
    capsys: pytest.CaptureFixture[str],
) -> None:
    record = one(capsys, "deployments got stuck on hash collisions in 1.6, fixed? which hash now")
    assert record["entry"] != "fact-downloads"


def test_what_a_program_is_called_is_no_download_unless_a_platform_is_named(
    capsys: pytest.CaptureFixture[str],
) -> None:
    program, file = ask(
        capsys,
        "moving our cloud provider integration out of tree. what's the binary called?",
        "what's the linux amd64 server binary called",
    )
    assert program["entry"] != "fact-downloads", program
    assert file["entry"] == "fact-downloads", file
    assert "kubernetes-server-linux-amd64.tar.gz" in file["text"]


def test_a_file_is_found_by_its_name_without_the_archive_suffix_or_by_everyday_platform_words(
    capsys: pytest.CaptureFixture[str],
) -> None:
    s390x, mac = ask(
        capsys,
        "sha256 for kubernetes-server-linux-s390x?",
        "checksum of the 64-bit mac kubectl tarball",
    )
    assert s390x["entry"] == "fact-downloads"
    assert "|kubernetes-server-linux-s390x.tar.gz>" in s390x["text"]
    assert mac["entry"] == "fact-downloads"
    assert "|kubernetes-client-darwin-amd64.tar.gz>" in mac["text"]


def test_a_platform_written_with_a_hyphen_is_the_files_platform(
    capsys: pytest.CaptureFixture[str],
) -> None:
    record = one(capsys, "sha256 of the linux-arm64 server tarball")
    assert record["entry"] == "fact-downloads", record
    assert "|kubernetes-server-linux-arm64.tar.gz>" in record["text"]


def test_what_the_asker_will_do_with_a_file_is_not_what_they_ask_for(
    capsys: pytest.CaptureFixture[str],
) -> None:
    record = one(
        capsys,
        "checksum of the darwin amd64 client tarball, need to check our mirror before using it",
    )
    assert record["entry"] == "fact-downloads", record
    assert "|kubernetes-client-darwin-amd64.tar.gz>" in record["text"]


def test_what_a_dependency_was_tested_against_is_its_listed_version(
    capsys: pytest.CaptureFixture[str],
) -> None:
    etcd, both = ask(
        capsys,
        "which etcd version was 1.7 tested against?",
        # Two dependencies asked together get both listed versions.
        "which etcd / go versions was 1.7 built and tested with",
    )
    assert etcd["kind"] == "fact"
    assert "etcd version 3.0.17" in etcd["text"]
    assert both["kind"] == "fact"
    assert "etcd version 3.0.17" in both["text"]
    assert "Go version: 1.8.3" in both["text"]


# Category digests


def test_whats_deprecated_is_a_digest_with_the_count_and_the_section_link(
    capsys: pytest.CaptureFixture[str],
) -> None:
    record = one(capsys, "what got deprecated in this release")
    assert record["entry"] == "digest-deprecations"
    assert re.search(
        r"Deprecations and removals\* in the v1\.7\.0 release notes: \d+ items", (record["text"])
    )
    assert "ThirdPartyResource" in record["text"] or "templateGeneration" in record["text"]
    assert f"<{CHANGELOG}#deprecations|" in record["text"]


def test_going_to_a_release_is_no_question_about_the_go_language(
    capsys: pytest.CaptureFixture[str],
) -> None:
    # "when we go to 1.8" moves the cluster; "upgrade go to 1.9" and "go 1.8" name the language.
    moving, language = ask(
        capsys,
        "we use the settings.k8s.io/v1alpha1 PodPreset API on 1.7 without any special apiserver "
        "flags. will it keep working when we go to 1.8?",
        "does 1.7 build if we upgrade go to 1.8",
    )
    assert moving["kind"] != "fact"
    assert "Go version" not in moving["text"]
    assert language["kind"] == "fact"
    assert "1.8.3" in language["text"]


def test_when_another_release_is_scheduled_to_ship_is_not_the_scheduler(
    capsys: pytest.CaptureFixture[str],
) -> None:
    # "scheduled to ship" is a plan; the scheduler's affinity note says only what 1.8 removes.
    record = one(
        capsys, "When is Kubernetes 1.8 scheduled to ship? Need the exact date for planning."
    )
    assert record["status"] == "declined"


def test_when_another_release_ships_is_no_note_targeting_it(
    capsys: pytest.CaptureFixture[str],
) -> None:
    # A note "targeted for v1.8" says what 1.8 is to bring, never when 1.8 ships.
    schedule, feature = ask(
        capsys,
        "our team upgrades every other minor. what's the target ship date of kubernetes 1.8?",
        "when will kubeadm get automated upgrades in 1.8?",
    )
    assert schedule["status"] == "declined"
    assert feature["status"] == "answered"
    assert "Automated upgrades are targeted for v1.8" in feature["text"]


def test_the_major_themes_are_never_answered_with_one_of_them(
    capsys: pytest.CaptureFixture[str],
) -> None:
    # Every paragraph under "Major Themes" is named by the question's words; the one that also
    # says "major features" (for stateful applications) is no answer to what the themes are.
    record = one(capsys, "what are the major themes in the 1.7 release notes?")
    assert record["status"] == "suggested"
    offered = [s["entry"] for s in record["suggestions"]]
    assert "release-themes" in offered


def test_the_deprecations_digest_leads_with_the_tagged_feature_not_a_flag(
    capsys: pytest.CaptureFixture[str],
) -> None:
    # ThirdPartyResource's deprecation is a [beta] notable feature, listed under API extensions;
    # the Deprecations section's flags and scripts follow it.
    record = one(capsys, "1.7 deprecations")
    first_item = record["text"].split("\n")[1]
    assert "ThirdPartyResource is deprecated" in first_item


@pytest.mark.parametrize(
    "question", ["did 1.7 drop support for anything", "what got dropped in 1.7"]
)
def test_what_was_dropped_is_the_deprecations_digest(
    capsys: pytest.CaptureFixture[str], question: str
) -> None:
    assert one(capsys, question)["entry"] == "digest-deprecations"


@pytest.mark.parametrize(
    ("question", "digest"),
    [
        ("gimme a recap of the known issues", "digest-known-issues"),
        ("can you give me a roundup of what was deprecated", "digest-deprecations"),
    ],
)
def test_asking_to_be_given_a_recap_of_a_category_is_its_digest(
    capsys: pytest.CaptureFixture[str], question: str, digest: str
) -> None:
    record = one(capsys, question)
    assert (record["status"], record["entry"]) == ("answered", digest)


def test_action_required_digest_lists_every_item_as_action_required(
    capsys: pytest.CaptureFixture[str],
) -> None:
    record = one(capsys, "anything i must do before upgrading?")
    assert record["entry"] == "digest-action-required"
    assert "15 items, 15 action required" in record["text"]
    assert record["text"].count("• ⚠️") >= 3
    assert f"{CHANGELOG}#action-required-before-upgrading" in record["text"]


@pytest.mark.parametrize(
    "question",
    [
        "how do i upgrade my cluster to 1.7",
        "upgrading our clusters to 1.7, anything to know?",
        "upgrade nodes and masters to 1.7",
    ],
)
def test_upgrading_the_whole_cluster_is_the_action_required_digest(
    capsys: pytest.CaptureFixture[str], question: str
) -> None:
    # Not StatefulSet updates: what a cluster is upgraded to 1.7 with is what the notes require.
    record = one(capsys, question)
    assert record["entry"] == "digest-action-required"


def test_known_issues_digest_names_all_five(capsys: pytest.CaptureFixture[str]) -> None:
    record = one(capsys, "known issues?")
    assert record["entry"] == "digest-known-issues"
    assert "5 items" in record["text"]
    assert "DaemonSet controller will evict" in record["text"]


def test_a_digest_line_says_how_mature_the_feature_is(
    capsys: pytest.CaptureFixture[str],
) -> None:
    record = one(capsys, "core metrics api in 1.7?")
    assert record["kind"] == "digest"
    assert "• [alpha] Introduces a lightweight monitoring component" in record["text"]


def test_known_issues_to_know_before_upgrading_are_the_known_issues(
    capsys: pytest.CaptureFixture[str],
) -> None:
    record = one(capsys, "Any known issues I should know about before upgrading?")
    assert record["entry"] == "digest-known-issues"


def test_a_section_digest_puts_action_required_changes_first(
    capsys: pytest.CaptureFixture[str],
) -> None:
    record = one(capsys, "kubectl changes")
    assert record["entry"] == "digest-kubectl"
    assert "2 action required (listed first)" in record["text"]
    first = record["text"].split("\n")[1]
    assert first.startswith("• ⚠️")
    assert "--resource-name" in first or "kubectl create role" in first


def test_a_section_digest_shows_each_of_its_parts_and_links_where_most_of_it_is(
    capsys: pytest.CaptureFixture[str],
) -> None:
    record = one(capsys, "What's new in kubectl in 1.7?")
    assert record["entry"] == "digest-kubectl"
    # After the action-required items, a line from each part in turn: the new commands too,
    # not only the first part's notes.
    assert "rename-context" in record["text"] or "plugins" in record["text"]
    assert "`kubectl logs`" in record["text"]
    # Two items are action required; the other 39 are notable features.
    assert record["text"].endswith("#notable-features|the release notes section>")


def test_a_section_named_with_the_one_it_is_under_is_that_subsections_digest(
    capsys: pytest.CaptureFixture[str],
) -> None:
    commands, features = ask(capsys, "any new kubectl commands in 1.7?", "kubectl features")
    assert commands["entry"] == "digest-new-commands"
    assert commands["text"].startswith("*Changes in kubectl (CLI) › New commands*")
    assert "rename-context" in commands["text"]
    assert "edit-last-applied" in commands["text"]
    # Features are under every area: "kubectl features" is kubectl's digest, not all features.
    assert features["entry"] == "digest-kubectl"


@pytest.mark.parametrize(
    ("question", "digest", "said"),
    [
        ("dashboard changes", "digest-kubernetes-dashboard", "Kubernetes Dashboard"),
        (
            "what changed in the web ui in 1.7",
            "digest-kubernetes-dashboard",
            "Kubernetes Dashboard",
        ),
        ("what changed in cluster autoscaler", "digest-cluster-autoscaling", "Cluster Autoscaling"),
        ("kubeadm upg 1.6->1.7 action req?", "digest-action-required-kubeadm", "kubeadm"),
        ("kubelet changes", "digest-node-components", "Node Components"),
        ("gce fixes in 1.7?", "digest-gcp", "GCP"),
    ],
)
def test_a_section_is_found_by_the_words_people_use_for_it(
    capsys: pytest.CaptureFixture[str], question: str, digest: str, said: str
) -> None:
    # The section is "Kubernetes Dashboard", and "autoscaler" is not how "Autoscaling" is spelt.
    record = one(capsys, question)
    assert record["status"] == "answered"
    assert record["entry"] == digest
    assert said in record["text"]


def test_a_symptom_in_the_askers_own_words_is_offered_its_note(
    capsys: pytest.CaptureFixture[str],
) -> None:
    # The note names a fifth of the question: too little to answer it, enough to offer it.
    record = one(
        capsys,
        "kubectl proxy --www pointing at a folder that does not exist starts without any "
        "error, should it complain?",
    )
    assert record["status"] == "suggested", record
    assert "rn-pr-44952" in [s["entry"] for s in record["suggestions"]]


@pytest.mark.parametrize(
    "question",
    ["are the cluster/aws kube-up scripts maintained anymore?", "is cluster/aws unmaintained now?"],
)
def test_maintained_is_the_maintenance_a_note_says_was_lacking(
    capsys: pytest.CaptureFixture[str], question: str
) -> None:
    # The stemmer keeps "maintained" and "maintenance" apart; the notes' synonyms join them.
    record = one(capsys, question)
    assert (record["status"], record["entry"]) == ("answered", "rn-pr-42196"), record
    assert "lack of maintenance" in record["text"]


@pytest.mark.parametrize(
    "question",
    [
        "kube-proxy command line flags, are they deprecated in 1.7?",
        "are the kube-proxy command line options deprecated? what are we supposed to use now",
        "tell us: are the kube-proxy command line flags deprecated now?",
    ],
)
def test_a_command_line_is_its_flags(capsys: pytest.CaptureFixture[str], question: str) -> None:
    # What the asker is "supposed" to do is how they ask, not what; nor are "us" who ask.
    record = one(capsys, question)
    assert (record["status"], record["entry"]) == ("answered", "rn-pr-34727"), record
    assert "converted to use a configuration file" in record["text"]


@pytest.mark.parametrize(
    ("question", "note"),
    [
        # "cap" is what the notes call a limit, a "cooldown" the HPA's forbidden window.
        ("can i cap the size of an emptydir volume", "rn-pr-45686"),
        ("can the hpa cooldown be tuned in 1.7", "rn-pr-42101"),
        ("hpa keeps flapping. can we tune the scale up/down delay in 1.7?", "rn-pr-42101"),
        # Deleting in bulk is the deletecollection operation.
        (
            "my cleanup script bulk-deletes namespaces with one api call and it started failing "
            "after we moved to 1.7",
            "rn-pr-46407-namespace",
        ),
        # "logs -f" follows the log, as the note on it says ("stops following").
        ("kubectl logs -f hangs forever after my container exits", "rn-pr-44406"),
    ],
)
def test_a_note_is_found_by_the_everyday_word_for_what_it_names(
    capsys: pytest.CaptureFixture[str], question: str, note: str
) -> None:
    record = one(capsys, question)
    found = [record["entry"]] + [s["entry"] for s in record["suggestions"]]
    assert note in found, record


@pytest.mark.parametrize(
    ("question", "answer"),
    [
        ("what changed in the kubelet", "digest-node-components"),
        ("storage changes in 1.7", "digest-storage"),
        ("api server changes", "digest-api-machinery"),
        ("security changes in 1.7", "security-overview"),
        # The highlight restates the section's only note: the digest would say less.
        ("placement policies for federation in 1.7?", "federated-placement-policy"),
    ],
)
def test_a_sections_changes_are_its_digest_unless_a_highlight_is_about_it(
    capsys: pytest.CaptureFixture[str], question: str, answer: str
) -> None:
    # The node authorizer's highlight speaks of the kubelet but is not about it; the security
    # overview is about security.
    record = one(capsys, question)
    assert record["status"] == "answered"
    assert record["entry"] == answer


def test_asking_what_a_component_does_is_no_digest_of_its_changes(
    capsys: pytest.CaptureFixture[str],
) -> None:
    # The kubelet's changes are the Node Components section; what it is, the notes never say.
    record = one(capsys, "What does the kubelet do?")
    assert record["kind"] != "digest"
    assert record["status"] != "answered"


# Specific notes


def test_a_specific_question_gets_the_note_with_section_and_pr_link(
    capsys: pytest.CaptureFixture[str],
) -> None:
    record = one(capsys, "does portworx still have to run on the master node?")
    assert record["kind"] == "notes"
    assert "Portworx volume driver no longer has to run on the master" in record["text"]
    assert "_Action Required Before Upgrading › Storage_" in record["text"]
    assert "<https://github.com/kubernetes/kubernetes/pull/45518|#45518>" in record["text"]


def test_the_note_naming_the_whole_question_leads_the_notes_naming_part_of_it(
    capsys: pytest.CaptureFixture[str],
) -> None:
    # "sessionAffinity" and "hardPodAffinitySymmetricWeight" name affinity; only the deprecation
    # of the alpha affinity annotations speaks of node affinity.
    record = one(capsys, "node affinity")
    assert record["status"] == "answered"
    assert (
        record["text"].split("\n")[1].startswith("• If you are using `AffinityInAnnotations=true`")
    )


def test_a_components_version_is_the_note_that_upgrades_it(
    capsys: pytest.CaptureFixture[str],
) -> None:
    # The note says "Upgrade Node Problem Detector to v0.4.1"; it never says "version".
    for question in ("node problem detector version", "which version of the node problem detector"):
        record = one(capsys, question)
        assert record["status"] == "answered"
        assert "Upgrade Node Problem Detector to v0.4.1" in record["text"]
        assert "Docker versions" not in record["text"]


def test_background_before_the_ask_does_not_sink_the_note_the_ask_names(
    capsys: pytest.CaptureFixture[str],
) -> None:
    record = one(
        capsys,
        "we run elasticsearch and fluentd for logging. "
        "what node problem detector version is in 1.7?",
    )
    assert record["status"] == "answered"
    assert "Upgrade Node Problem Detector to v0.4.1" in record["text"]


def test_an_ask_pointing_back_asks_about_the_name_the_background_says(
    capsys: pytest.CaptureFixture[str],
) -> None:
    # "is it on its way out?" names nothing: the Swagger spec, which one note names, is asked.
    record = one(
        capsys,
        "we still call the swagger 1.2 spec from our client generator. is it on its way out?",
    )
    assert record["status"] == "answered", record
    assert "Swagger 1.2 spec" in record["text"]
    assert "deprecated" in record["text"]


def test_a_name_of_the_askers_own_is_no_subject_the_notes_lack(
    capsys: pytest.CaptureFixture[str],
) -> None:
    # "our zorg nodes" is where the asker runs CRI-O, which no note could name.
    record = one(
        capsys,
        "piloting cri-o on our zorg nodes, what cri-o release matches 1.7 and how tested is it",
    )
    assert record["status"] == "answered", record
    assert "v1.0.0-alpha.0" in record["text"]


def test_a_long_background_does_not_keep_the_note_the_ask_names_from_answering(
    capsys: pytest.CaptureFixture[str],
) -> None:
    background = "we have a few hundred namespaces and some old scripts lying around. "
    answered, near_miss = ask(
        capsys,
        background + "does deletecollection on namespaces still work in 1.7?",
        background + "can 1.7 rename a namespace in place?",
    )
    assert answered["status"] == "answered"
    assert "no longer supports the deletecollection operation" in answered["text"]
    assert "pull/46407" in answered["text"]
    assert near_miss["status"] != "answered"


def test_an_issue_pasted_with_its_template_is_answered_by_what_it_reports(
    capsys: pytest.CaptureFixture[str],
) -> None:
    issue = (
        "**Is this a BUG REPORT or FEATURE REQUEST?**: bug\n\n**What happened**: after "
        "upgrading the masters from 1.6.4 to 1.7.0 our NetworkPolicy objects seem ignored; "
        "namespaces that had the DefaultDeny annotation are open again.\n\n"
        "**What you expected to happen**: isolation to keep working\n\n**Environment**:\n"
        "- Install tools: kubeadm\n"
    )
    assert main(["ask", "--json", issue]) == 0  # one question of several lines
    record = json.loads(capsys.readouterr().out)
    assert record["status"] == "answered"
    assert "pull/39164" in record["text"]


def test_asked_how_after_a_story_the_notes_example_is_shown(
    capsys: pytest.CaptureFixture[str],
) -> None:
    record = one(
        capsys,
        "since the default deny annotation on namespaces went away, how do we block all pod "
        "traffic in a namespace with network policy now?",
    )
    assert record["status"] == "answered", record
    assert "podSelector" in record["text"]


@pytest.mark.parametrize("question", ["is 1.7 the latest release", "performance", "nodes?"])
def test_one_everyday_word_is_no_release_note_s_subject(
    capsys: pytest.CaptureFixture[str], question: str
) -> None:
    # "latest" is in a note on recurring Events; the question is not about them.
    record = one(capsys, question)
    assert record["status"] != "answered" or record["kind"] != "notes", record


@pytest.mark.parametrize(
    "question",
    ["golfnow belongs to which media group", "which SIG owned the network policy GA work"],
)
def test_a_subject_of_the_curated_entries_that_no_note_names_is_no_notes_answer(
    capsys: pytest.CaptureFixture[str], question: str
) -> None:
    # No note names GolfNow or a SIG: a note sharing "group" or "network policy" is not about it.
    record = one(capsys, question)
    assert record["status"] != "answered" or record["kind"] == "curated", record


def test_a_long_message_is_answered_by_the_note_naming_what_it_is_about(
    capsys: pytest.CaptureFixture[str],
) -> None:
    # A long message spreads itself over its background: the note needs to name less of it.
    policies, roles = ask(
        capsys,
        "our old network policies sit in namespaces that never had the DefaultDeny annotation "
        "set, so after moving to 1.7 they still do nothing and we can leave them, yes?",
        "somebody on our team says the comma separated --resource-name list for kubectl create "
        "role stopped working with 1.7, our bootstrap script depends on it, is that true",
    )
    assert policies["status"] == "answered"
    assert "pull/39164" in policies["text"]
    assert roles["status"] == "answered"
    assert "`kubectl create role` and `kubectl create clusterrole`" in roles["text"]


def test_asked_whether_a_note_also_holds_elsewhere_the_note_is_offered_not_answered(
    capsys: pytest.CaptureFixture[str],
) -> None:
    stated, extended = ask(
        capsys,
        "is the portworx driver no longer required on the master",
        "can i also use the portworx volume plugin without a master node on azure too?",
    )
    assert stated["status"] == "answered"
    assert "Portworx volume driver no longer has to run on the master" in stated["text"]
    assert extended["status"] == "suggested"
    assert "Portworx volume driver no longer has to run on the master" in extended["text"]


def test_a_highlight_never_naming_the_tool_asked_about_is_offered_not_given(
    capsys: pytest.CaptureFixture[str],
) -> None:
    # The pluggable cloud providers highlight speaks of clusters on AWS, never of kube-up: the
    # notes do, and what they say of it is offered beside the highlight.
    record = one(capsys, "can i use kube-up to build a cluster on aws with kubernetes 1.7")
    assert record["status"] == "suggested", record
    assert "Can a cloud provider be plugged in" in record["text"]
    assert "kube-up" in record["text"]


def test_how_many_machines_the_asker_runs_is_no_subject_the_highlight_leaves_unsaid(
    capsys: pytest.CaptureFixture[str],
) -> None:
    # Some note writes "200" and "300"; the asker's count of nodes is theirs, not what they ask.
    rollback, rotation = ask(
        capsys,
        "we pushed a bad ds image to 300 nodes this morning and need to go back, can 1.7 do that",
        "our certs expire yearly and we reissue them by hand on 200 machines, does 1.7 fix that?",
    )
    assert rollback["status"] == "answered", rollback
    assert "rollback" in rollback["text"]
    assert rotation["status"] == "answered", rotation
    assert "certificate rotation" in rotation["text"].casefold()


def test_whether_something_is_the_default_is_not_answered_by_a_note_naming_no_default(
    capsys: pytest.CaptureFixture[str],
) -> None:
    # The one note on CoreDNS configures federation's DNS for it; none says what the default is.
    record = one(capsys, "is coredns now the default dns for clusters, replacing kube-dns?")
    assert record["status"] != "answered", record


def test_asked_whether_a_note_works_with_something_it_never_names_the_note_is_offered(
    capsys: pytest.CaptureFixture[str],
) -> None:
    elsewhere, rare, stated, partly = ask(
        capsys,
        "cluster autoscaler 0.6 in 1.7, does it work with openstack?",
        # The v1 semantics note speaks of traffic, never of CIDRs.
        "could a 1.7 NetworkPolicy allow traffic from an external CIDR block",
        "does the centos provider support a secured etcd cluster now",
        # The charms' note names CIFS PVs, as "PV".
        "do the juju charms support cifs pvs in 1.7",
    )
    assert elsewhere["status"] == "suggested", elsewhere
    assert "Cluster Autoscaler 0.6" in elsewhere["text"]
    assert rare["status"] == "suggested", rare
    assert (stated["status"], stated["entry"]) == ("answered", "rn-pr-42994"), stated
    assert (partly["status"], partly["entry"]) == ("answered", "rn-pr-45117"), partly


@pytest.mark.parametrize(
    ("question", "extends"),
    [
        ("does the elb fix also apply to azure?", True),
        ("is that for vagrant as well", True),
        ("besides etcd, can kubefed init override other images", True),
        ("static ip panic on gce, on aws too?", True),
        ("too many pods on one node after the upgrade", False),
        ("which etcd version is validated", False),
        # What the asker wants, said before the ask, is no second thing checked.
        ("we want our ELBs to also carry our security group. which annotation does that?", False),
        ("we tag our ELBs with a security group. can they get a second one as well?", True),
    ],
)
def test_a_question_asking_whether_something_holds_for_one_more_thing(
    question: str, extends: bool
) -> None:
    assert asks_to_extend(question) is extends


def test_what_the_asker_also_wants_before_the_ask_is_answered(
    capsys: pytest.CaptureFixture[str],
) -> None:
    record = one(
        capsys,
        "we want our service ELBs to also carry an existing security group of ours. which "
        "annotation does that?",
    )
    assert (record["status"], record["entry"]) == ("answered", "rn-pr-45268"), record
    assert "aws-load-balancer-extra-security-groups" in record["text"]


def test_k17_never_says_it_has_nothing_on_a_word_the_release_notes_use(
    capsys: pytest.CaptureFixture[str],
) -> None:
    record = one(capsys, "crd subresources for status in 1.7?")
    assert record["status"] == "suggested"
    assert "subresource" in (DEFAULT_KNOWLEDGE_DIR / "release-notes.yaml").read_text()
    assert "I don't have anything on" not in record["text"]


def test_a_command_the_note_prints_is_in_the_answer(capsys: pytest.CaptureFixture[str]) -> None:
    record = one(
        capsys, "gke kube-system default service account lost cluster-admin, how to restore"
    )
    assert record["status"] == "answered"
    assert "run the following command" in record["text"]
    assert (
        "```kubectl create clusterrolebinding kube-system-default "
        "--serviceaccount=kube-system:default --clusterrole=cluster-admin```"
    ) in record["text"]


def test_a_long_note_shows_the_sentences_that_answer(capsys: pytest.CaptureFixture[str]) -> None:
    record = one(
        capsys,
        "upgrading netpol to v1 - namespaces without the DefaultDeny annotation, "
        "keep or delete their policies?",
    )
    assert record["kind"] == "notes"
    assert "delete any existing NetworkPolicy objects" in record["text"]
    # and why: the sentence after it goes on about those policies.
    assert "might cause some traffic to be unintentionally blocked" in record["text"]
    assert len(record["text"]) <= MAX_REPLY_CHARS


def test_what_a_note_s_first_sentence_goes_on_to_say_stays_with_it(
    capsys: pytest.CaptureFixture[str],
) -> None:
    # Below a highlight, room is short: the flag's fate ("accepted in 1.7, but ignored") is kept
    # with the sentence dropping it, beside the steps the question's words name.
    record = one(
        capsys,
        "our controller-manager runs with "
        "--insecure-experimental-approve-all-kubelet-csrs-for-group so new nodes are approved "
        "automatically. do nodes still join after upgrading to 1.7?",
    )
    assert record["status"] == "answered"
    assert (
        "dropped support for the `--insecure-experimental-approve-all-kubelet-csrs-for-group`"
        in (record["text"])
    )
    assert "It is accepted in 1.7, but ignored." in record["text"]
    assert "ClusterRole" in record["text"]
    assert len(record["text"]) <= MAX_REPLY_CHARS


def test_a_highlight_the_notes_restate_answers_with_the_curated_entry(
    capsys: pytest.CaptureFixture[str],
) -> None:
    record = one(capsys, "is network policy stable?")
    assert record["kind"] == "curated"
    assert record["entry"] == "network-policy"
    assert "release notes" in record["text"]


def test_what_else_a_maturity_check_asks_is_the_note_below_the_highlight(
    capsys: pytest.CaptureFixture[str],
) -> None:
    # The highlight says it is stable; the note it needs not state a maturity for names the
    # short name asked about.
    record = one(capsys, "is network policy GA in 1.7, and does it have a short name for kubectl?")
    assert (record["status"], record["entry"]) == ("answered", "network-policy")
    assert 'short name "netpol"' in record["text"]


def test_a_maturity_check_alone_adds_no_note_on_something_else(
    capsys: pytest.CaptureFixture[str],
) -> None:
    record = one(capsys, "is netpol stable in 1.7?")
    assert record["entry"] == "network-policy"
    assert "short name" not in record["text"]


@pytest.mark.parametrize(
    ("question", "entry"),
    [
        ("is node authorizer alpha", "node-authorizer"),
        ("is the node authorizer ga", "node-authorizer"),
    ],
)
def test_the_maturity_asked_of_a_highlight_does_not_hand_it_to_a_note_naming_that_level(
    capsys: pytest.CaptureFixture[str], question: str, entry: str
) -> None:
    # The summary note says "encrypted secrets (alpha)": "alpha" is what is asked of the node
    # authorizer, not a subject that note explains better than the highlight.
    record = one(capsys, question)
    assert record["entry"] == entry
    assert record["text"].startswith("*No*")


# Declines


def test_what_the_notes_do_not_contain_is_declined(capsys: pytest.CaptureFixture[str]) -> None:
    for record in ask(
        capsys,
        "does 1.7 add ipvs mode to kube-proxy",
        "best ramen near the office",
        # apps/v1beta2 came with 1.8; "already" names nothing the federation note says.
        "Can I already use apps/v1beta2 for Deployments in 1.7?",
        # What using a plugin costs is no note's subject.
        "is the StorageOS plugin free for commercial use?",
    ):
        assert record["status"] != "answered", record


@pytest.mark.parametrize(
    "question",
    [
        "can kubeadm set up CoreDNS as the cluster dns in 1.7?",
        "using kubeadm, how do i get coredns as default cluster dns",
    ],
)
def test_a_tool_asked_of_is_not_answered_by_another_tools_note(
    capsys: pytest.CaptureFixture[str], question: str
) -> None:
    # The one CoreDNS note is federation's: it says nothing of kubeadm, so it is offered.
    record = one(capsys, question)
    assert record["status"] == "suggested", record
    assert "42895" in record["suggestions"][0]["text"]


def test_a_note_about_the_tool_asked_of_still_answers(
    capsys: pytest.CaptureFixture[str],
) -> None:
    record = one(capsys, "does federation configure the coredns nameserver automatically now?")
    assert record["status"] == "answered", record
    assert "42895" in record["text"]


def test_the_status_of_a_feature_is_how_far_along_it_is_not_a_status_field(
    capsys: pytest.CaptureFixture[str],
) -> None:
    record = one(capsys, "What is the status of CRI-O in 1.7?")
    assert record["status"] == "answered", record
    assert "v1.0.0-alpha.0" in record["text"]


def test_another_release_is_still_declined(capsys: pytest.CaptureFixture[str]) -> None:
    record = one(capsys, "what are the known issues in 1.9")
    assert record["status"] == "declined"
    assert "only know about Kubernetes 1.7" in record["text"]


def test_every_training_answer_fits_a_reply(capsys: pytest.CaptureFixture[str]) -> None:
    training = yaml.safe_load((DEFAULT_KNOWLEDGE_DIR / TRAINING_FILE).read_text())
    records = ask(capsys, *[item["q"] for item in training])
    assert max(len(r["text"]) for r in records) <= MAX_REPLY_CHARS
    offered = [s for r in records for s in r["suggestions"]]
    assert max(len(s["title"]) for s in offered) <= SUGGESTION_TITLE_CHARS
    assert max(len(s["text"]) for s in offered) <= MAX_REPLY_CHARS


def test_a_short_word_missing_a_letter_is_read_as_the_notes_word(
    capsys: pytest.CaptureFixture[str],
) -> None:
    typed, spelled = ask(capsys, "cindr attach detach slow", "cinder attach detach slow")
    assert typed["status"] == "answered"
    assert typed["entry"] == spelled["entry"]
    assert "Improves performance of Cinder volume attach/detach operations." in typed["text"]


@pytest.mark.parametrize(
    ("plural", "meaning"),
    [("pvcs", "persistentvolumeclaim"), ("hpas", "horizontalpodautoscaler"), ("crs", "cr")],
)
def test_the_plural_of_an_abbreviation_means_what_the_abbreviation_does(
    plural: str, meaning: str
) -> None:
    from bot.core.notes.index import Synonyms

    abbreviations = {"pvc": ["persistentvolumeclaim"], "hpa": ["horizontalpodautoscaler"]}
    synonyms = Synonyms({**abbreviations, "cr": ["cr"], "crs": ["cr"]})
    assert synonyms.groups([plural]) == [((plural,), ((meaning,),))]


def test_a_short_plural_is_not_read_as_a_typo(notes: NotesAnswerer) -> None:
    assert notes.index.spell("limt") == "limit"
    assert notes.index.spell("aply") == "apply"
    assert notes.index.spell("tprs") == "tprs"


# Did you mean: a note too unsure to answer is offered, never given as the answer


def test_a_note_naming_part_of_the_question_is_offered_not_answered(
    capsys: pytest.CaptureFixture[str],
) -> None:
    # "racing" and "one" are not the note's words: too little of the question to answer it
    # with, enough to offer the leader-lock note rather than decline.
    record = one(capsys, "two schedulers racing for one lock")
    assert record["status"] == "suggested"
    assert record["entry"] is None
    first = record["suggestions"][0]
    assert first["entry"].startswith("rn-")
    assert first["title"] == "leader election lock based on scheduler name (kube-scheduler)"
    assert 0 < first["score"] < 50
    assert first["text"].startswith("From the v1.7.0 release notes:\n• leader election lock")
    assert "/pull/42961|#42961>" in first["text"]


def test_a_note_naming_little_of_a_short_question_is_not_offered(
    capsys: pytest.CaptureFixture[str],
) -> None:
    # One word of four is the notes' ("scheduler"); the rest is what no note is about.
    record = one(capsys, "scheduler for my kids football practice")
    assert record["status"] == "declined"
    assert record["suggestions"] == []


def test_a_category_asked_of_a_subject_no_section_is_named_after_offers_its_digest(
    capsys: pytest.CaptureFixture[str],
) -> None:
    record = one(capsys, "known issues with gpus")
    assert record["status"] == "suggested"
    [digest] = [s for s in record["suggestions"] if s["entry"] == "digest-known-issues"]
    assert digest["title"] == "Known issues"
    assert "*Known issues* in the v1.7.0 release notes: 5 items" in digest["text"]


def test_a_category_asked_of_what_no_note_names_offers_nothing(
    capsys: pytest.CaptureFixture[str],
) -> None:
    record = one(capsys, "openshift known issues")
    assert record["status"] == "declined"
    assert record["suggestions"] == []


@pytest.mark.parametrize(
    "question",
    [
        # Fields no note writes, whole or apart: their everyday parts ("ip", "block") name
        # nothing the question asks.
        "np ipBlock selectors in 1.7?",
        "does psp allowedHostPaths work in 1.7",
    ],
)
def test_a_camel_case_field_no_note_writes_is_not_answered_by_its_parts(
    capsys: pytest.CaptureFixture[str], question: str
) -> None:
    assert one(capsys, question)["status"] != "answered"


def test_a_section_named_in_camel_case_is_found_by_its_whole_name(
    capsys: pytest.CaptureFixture[str],
) -> None:
    record = one(capsys, "vsphere fixes")
    assert record["entry"] == "digest-vsphere"
    assert (
        "*Changes in Cloud Provider Enhancement › vSphere* in the v1.7.0 release notes: 4 items"
        in record["text"]
    )


# A fact answers only what its table states


def test_a_checksum_of_a_listed_file_is_its_row(capsys: pytest.CaptureFixture[str]) -> None:
    record = one(capsys, "sha256 of kubernetes-src.tar.gz?")
    assert record["entry"] == "fact-downloads"
    assert "d3d8b0bfc31164dd703b38d8484cfed7981cacd1e496731880afa87f8bf39aac" in record["text"]


def test_a_file_spelled_out_is_answered_with_its_own_checksum(
    capsys: pytest.CaptureFixture[str],
) -> None:
    full, server = ask(
        capsys,
        "sha256 for kubernetes.tar.gz 1.7.0",
        "sha256sum kubernetes-server-linux-arm64.tar.gz?",
    )
    assert "947f1dd9a9b6b427faac84067a30c86e83e6391eb42f09ddcc50a8694765c31a" in full["text"]
    assert "kubernetes-src.tar.gz" not in full["text"]
    assert "f1e039e0e2923d1ea02fd76453aa51715ca83c5c26ca1a761ace2c717b79154f" in server["text"]
    assert server["text"].count("sha256 `") == 1


def test_what_the_asker_will_do_with_a_checksum_does_not_hide_it(
    capsys: pytest.CaptureFixture[str],
) -> None:
    record = one(
        capsys,
        "sha256 of kubernetes-server-linux-amd64.tar.gz for v1.7.0? want to pin it in our ansible",
    )
    assert record["entry"] == "fact-downloads"
    assert "175fc9360d4f26b5f60b467798d851061f01d0ca555c254ef44a8a9822cf7560" in record["text"]


def test_a_dependency_the_asker_only_runs_or_drops_is_no_version_fact(
    capsys: pytest.CaptureFixture[str],
) -> None:
    for record in ask(
        capsys,
        "since 1.7 has full GA containerd support, can I drop docker now?",
        "anyone running rkt on 1.7? the kubelet used to crash on start with rkt + cri lol",
    ):
        assert record["kind"] != "fact", record


def test_the_checksum_of_the_release_is_its_own_archives(
    capsys: pytest.CaptureFixture[str],
) -> None:
    record = one(capsys, "checksum for the 1.7.0 release")
    assert record["entry"] == "fact-downloads"
    assert (
        "sha256 `947f1dd9a9b6b427faac84067a30c86e83e6391eb42f09ddcc50a8694765c31a`"
        in (record["text"])
    )
    assert "client-linux" not in record["text"]


def test_the_source_tarball_is_the_src_row(capsys: pytest.CaptureFixture[str]) -> None:
    record = one(capsys, "where do I download the source tarball")
    assert record["entry"] == "fact-downloads"
    assert "<https://dl.k8s.io/v1.7.0/kubernetes-src.tar.gz|" in record["text"]


def test_kubectl_for_a_platform_is_its_client_row(capsys: pytest.CaptureFixture[str]) -> None:
    record = one(capsys, "darwin kubectl download")
    assert record["entry"] == "fact-downloads"
    assert "kubernetes-client-darwin-amd64.tar.gz" in record["text"]
    assert "server" not in record["text"].split("All files")[0].lower()


def test_what_the_asker_says_of_their_own_machines_does_not_hide_the_file(
    capsys: pytest.CaptureFixture[str],
) -> None:
    power, published, mirror = ask(
        capsys,
        "our ci farm runs on power8 boxes. what is the sha256 of the ppc64le node tarball?",
        "is a windows node tarball published for 1.7? if so whats its checksum",
        "checking a mirror, whats the sha256 for kubernetes-server-linux-s390x.tar.gz",
    )
    # What the asker is doing before the ask ("checking a mirror") is no topic label of it.
    assert mirror["entry"] == "fact-downloads", mirror
    assert "kubernetes-server-linux-s390x.tar.gz" in mirror["text"]
    assert power["entry"] == "fact-downloads", power
    assert "kubernetes-node-linux-ppc64le.tar.gz" in power["text"]
    assert published["entry"] == "fact-downloads", published
    assert "kubernetes-node-windows-amd64.tar.gz" in published["text"]


def test_binaries_told_before_an_ask_naming_its_own_subject_are_no_download_asked_for(
    capsys: pytest.CaptureFixture[str],
) -> None:
    component, binary = ask(
        capsys,
        "our plan is to run the cloud code outside the core binaries. which component do we "
        "build and run for that?",
        # An ask naming nothing of its own points back at the file.
        "need the arm64 kubectl binary. where do i get it?",
    )
    assert component["entry"] != "fact-downloads", component
    assert binary["entry"] == "fact-downloads", binary
    assert "kubernetes-client-linux-arm64.tar.gz" in binary["text"]
    # Nor does an ask for the file or its link.
    windows, s390x = ask(
        capsys, "windows node binaries for v1.7.0 - which file", "s390x server tarball. link?"
    )
    assert "|kubernetes-node-windows-amd64.tar.gz>" in windows["text"], windows
    assert "|kubernetes-server-linux-s390x.tar.gz>" in s390x["text"], s390x


def test_a_hash_told_before_the_ask_is_no_checksum_asked_for(
    capsys: pytest.CaptureFixture[str],
) -> None:
    record = one(capsys, "our rollout hung on a pod template hash collision in 1.6. fixed now?")
    assert record["kind"] != "fact", record


@pytest.mark.parametrize(
    ("question", "said"),
    [
        # Where the asker pins it and who validated it frame the fact.
        (
            "what docker should we pin on 1.7 worker nodes? what did upstream CI validate against",
            "1.10.3, 1.11.2, 1.12.6 have been validated",
        ),
        ("What etcd version did CI validate 1.7 against?", "3.0.17"),
        # "toolchain" is how people name Go.
        ("which go toolchain builds 1.7", "1.8.3"),
    ],
)
def test_a_dependency_version_framed_by_how_it_is_used_is_the_fact(
    capsys: pytest.CaptureFixture[str], question: str, said: str
) -> None:
    record = one(capsys, question)
    assert record["kind"] == "fact", record
    assert said in record["text"]


def test_what_the_download_table_does_not_hold_is_not_a_download_fact(
    capsys: pytest.CaptureFixture[str],
) -> None:
    for record in ask(
        capsys,
        "how many MB is the server tarball",
        "source tarball for windows",
        "sha256 of kubectl.exe",
        "checksum of the hyperkube docker image",
    ):
        assert record["kind"] != "fact", record


def test_what_the_dependency_list_does_not_hold_is_not_a_dependency_fact(
    capsys: pytest.CaptureFixture[str],
) -> None:
    for record in ask(
        capsys,
        "docker swarm vs kubernetes, which is better",
        "known bugs in docker 17.03",
        "how much memory does etcd need",
    ):
        assert record["kind"] != "fact", record


@pytest.mark.parametrize(
    "question",
    [
        "is docker 17.03 validated for 1.7",
        "does 1.7 support docker 17.03",
        "does 1.7 support docker 1.13.1?",
    ],
)
def test_a_docker_version_the_list_leaves_out_is_answered_by_the_list(
    capsys: pytest.CaptureFixture[str], question: str
) -> None:
    # Whether a version is validated is answered by the versions that are: it is not among them.
    record = one(capsys, question)
    assert record["kind"] == "fact"
    assert "1.10.3, 1.11.2, 1.12.6 have been validated" in record["text"]


@pytest.mark.parametrize(
    "question",
    ["can i run docker 17.03 with 1.7", "does docker 17.03 work with k8s 1.7?"],
)
def test_running_a_docker_version_the_list_leaves_out_is_answered_by_the_list(
    capsys: pytest.CaptureFixture[str], question: str
) -> None:
    # Whether a version runs with the release asks whether it is one the release was validated
    # with: the list of those that are is the answer.
    record = one(capsys, question)
    assert record["kind"] == "fact", record
    assert "1.10.3, 1.11.2, 1.12.6 have been validated" in record["text"]


def test_a_docker_version_with_its_own_pointer_is_answered_by_the_list_then_the_pointer(
    capsys: pytest.CaptureFixture[str],
) -> None:
    # Docker 1.13 is not validated, which the list says; the notes' pointer to its tracking
    # issue follows, the detail the asker needs next.
    record = one(capsys, "is docker 1.13 validated")
    assert record["kind"] == "fact"
    # Cut to fit beside the pointer, the list still reads as its items, not as one run-on line.
    assert "have been validated · Docker version 1.12.6 known issues" in record["text"]
    assert record["text"].index("1.10.3, 1.11.2, 1.12.6 have been validated") < record[
        "text"
    ].index("1.13.X tracking issue")


def test_the_listed_known_issues_of_a_validated_docker_are_the_fact(
    capsys: pytest.CaptureFixture[str],
) -> None:
    record = one(capsys, "known issues with docker 1.12.6?")
    assert record["kind"] == "fact"
    assert "overlay2 driver not fully supported" in record["text"]


def test_a_note_a_highlight_restates_is_answered_by_the_highlight_with_the_note_below(
    capsys: pytest.CaptureFixture[str],
) -> None:
    # The release note on StatefulSet update strategies answers; the curated StatefulSet
    # Updates entry says the same, so it leads and the note follows.
    record = one(capsys, "can sts do rolling updates now or do i still have to delete pods by hand")
    assert (record["status"], record["entry"]) == ("answered", "statefulset-updates")
    assert record["kind"] == "curated"
    assert record["text"].startswith("*StatefulSet Updates*")
    assert "StatefulSet supports" in record["text"]
    assert "OnDelete" in record["text"]


def test_a_feature_needing_a_docker_version_brings_the_note_that_states_it(
    capsys: pytest.CaptureFixture[str],
) -> None:
    # The list says 1.12.6 has "no shared pid namespace support"; the node note says which
    # Docker does. Both answer; the etcd list has no such neighbour.
    pid, etcd = ask(
        capsys, "shared pid namespace needs which docker version", "Which etcd version is used?"
    )
    assert pid["kind"] == "fact"
    assert "no shared pid namespace support" in pid["text"]
    assert "docker &gt;= 1.13.1" in pid["text"]
    assert etcd["kind"] == "fact"
    assert etcd["text"].count("\n•") == 1


def test_a_minimum_version_question_is_still_the_fact(capsys: pytest.CaptureFixture[str]) -> None:
    record = one(capsys, "minimum docker version required to upgrade")
    assert record["kind"] == "fact"
    assert "1.10.3, 1.11.2, 1.12.6" in record["text"]


# Other releases


def test_a_question_about_another_release_gets_no_notes_answer(
    capsys: pytest.CaptureFixture[str],
) -> None:
    for record in ask(
        capsys,
        "sha256 of the 1.6.0 tarball",
        "which etcd version did v1.5.2 ship with",
        "kubectl changes in 1.8",
        "what got deprecated in 1.6",
    ):
        assert record["status"] != "answered", record
        assert record["kind"] is None, record


def test_what_a_patch_release_changed_is_not_in_the_v1_7_0_notes(
    capsys: pytest.CaptureFixture[str],
) -> None:
    for record in ask(
        capsys,
        "which kubelet bugs did 1.7.2 fix",
        "is the gce static ip crashloop fixed in v1.7.3?",
        # "1.7.x" is every patch release after 1.7.0: the known issue is not its fix.
        "which 1.7.x patch fixes the controller-manager crash loop with static LB IPs?",
    ):
        assert record["status"] == "declined", record
        assert "patch release" in record["text"], record


def test_the_go_version_1_7_needs_is_not_what_a_later_release_needs(
    capsys: pytest.CaptureFixture[str],
) -> None:
    # The notes' "compiled with Go 1.8" names Go's release, not Kubernetes 1.8.
    later, this = ask(
        capsys,
        "what go version does kubernetes 1.8 need to compile",
        "what go version does 1.7 need",
    )
    assert later["status"] == "declined"
    assert this["kind"] == "fact"
    assert "1.8.3" in this["text"]


def test_a_release_after_a_tools_name_and_a_verb_is_a_kubernetes_release(
    capsys: pytest.CaptureFixture[str],
) -> None:
    # "etcd 3.0.17" is etcd's version; in "which etcd does 1.8 use" the 1.8 is Kubernetes'.
    for record in ask(capsys, "which etcd does 1.8 use", "what docker will 1.8 validate"):
        assert record["status"] == "declined", record
        assert "not other releases" in record["text"]


def test_a_release_numbered_like_a_listed_docker_version_is_still_another_release(
    capsys: pytest.CaptureFixture[str],
) -> None:
    # "Docker versions 1.10.3, 1.11.2, 1.12.6 have been validated" lists Docker's versions; it
    # says nothing of Kubernetes 1.12.
    later, docker = ask(capsys, "which docker does k8s 1.12 support", "is docker 1.12 validated")
    assert later["status"] == "declined", later
    assert "not other releases" in later["text"]
    assert docker["kind"] == "fact"
    assert "1.12.6" in docker["text"]


def test_a_language_is_answered_by_the_note_that_names_it(
    capsys: pytest.CaptureFixture[str],
) -> None:
    japanese, french = ask(capsys, "is kubectl available in japanese now", "kubectl in french yet?")
    assert japanese["status"] == "answered"
    assert "Japanese translation for kubectl" in japanese["text"]
    assert french["status"] == "declined"


def test_a_version_in_a_language_is_a_translation_not_a_version_number(
    capsys: pytest.CaptureFixture[str],
) -> None:
    record = one(capsys, "is there a japanese version of kubectl yet?")
    assert record["status"] == "answered", record
    assert "Japanese translation for kubectl" in record["text"]


def test_a_patch_release_the_asker_runs_is_still_this_release(
    capsys: pytest.CaptureFixture[str],
) -> None:
    record = one(capsys, "we're on 1.7.4 now. which docker versions are validated?")
    assert record["kind"] == "fact"
    assert "1.10.3, 1.11.2, 1.12.6" in record["text"]


def test_a_release_compared_with_the_patch_the_asker_runs_is_about_this_one(
    capsys: pytest.CaptureFixture[str],
) -> None:
    # "on 1.7.4 ... worked on our 1.6 cluster": a change since 1.6, asked of 1.7.
    record = one(
        capsys,
        "fresh gke cluster on 1.7.4, the dashboard now gets Forbidden for "
        "system:serviceaccount:kube-system:default. it worked on our 1.6 cluster. what changed?",
    )
    assert "not other releases" not in record["text"], record
    offered = [record["entry"]] + [s["entry"] for s in record["suggestions"]]
    assert "rn-pr-46750" in offered, record


def test_what_an_older_release_did_is_compared_with_this_one(
    capsys: pytest.CaptureFixture[str],
) -> None:
    # "doesn't do what it did in 1.6": how 1.6 behaved, asked of 1.7.
    record = one(
        capsys,
        "`kubectl create role r --verb=get --resource=pods --resource-name=a,b` doesn't do what "
        "it did in 1.6?",
    )
    assert "not other releases" not in record["text"], record
    first = record["entry"] or record["suggestions"][0]["entry"]
    assert first == "rn-pr-44950", record


def test_a_sentence_about_the_asker_is_no_label_of_the_ask(
    capsys: pytest.CaptureFixture[str],
) -> None:
    record = one(capsys, "we run 1.7.5. where did the kube-proxy flags go?")
    assert "not other releases" not in record["text"], record


def test_upgrading_from_an_older_release_is_about_this_one(
    capsys: pytest.CaptureFixture[str],
) -> None:
    docker, action = ask(
        capsys,
        "upgrading from 1.6 - which docker versions are validated?",
        "coming from 1.6, what must I do before upgrading",
    )
    assert docker["kind"] == "fact"
    assert "1.10.3, 1.11.2, 1.12.6" in docker["text"]
    assert action["entry"] == "digest-action-required"


def test_changes_since_an_older_release_are_this_releases_digest(
    capsys: pytest.CaptureFixture[str],
) -> None:
    record = one(capsys, "what changed in kubectl since 1.6")
    assert record["entry"] == "digest-kubectl"


def test_a_comparison_with_this_release_is_about_this_one(
    capsys: pytest.CaptureFixture[str],
) -> None:
    record = one(capsys, "go version 1.6 vs 1.7?")
    assert record["kind"] == "fact"
    assert "1.8.3" in record["text"]


def test_two_everyday_words_many_notes_use_find_no_note_by_chance(
    capsys: pytest.CaptureFixture[str],
) -> None:
    # Some note says "error" and "message", another "pod" and "logs": neither is what is asked.
    for record in ask(capsys, "error message", "pod logs"):
        assert record["status"] != "answered", record


def test_two_words_naming_a_component_still_find_its_note(
    capsys: pytest.CaptureFixture[str],
) -> None:
    record = one(capsys, "federation dns")
    assert record["status"] == "answered"
    assert "#45034" in record["text"]


def test_a_cloud_named_alone_gets_the_digest_of_its_notes(
    capsys: pytest.CaptureFixture[str],
) -> None:
    # Pluggable cloud providers is found by "aws" but says nothing of AWS; the notes do.
    record = one(capsys, "aws")
    assert record["entry"] == "digest-aws"


def test_a_maturity_is_checked_only_of_a_note_that_tells_one(
    capsys: pytest.CaptureFixture[str],
) -> None:
    # The notes fix the CronJob and Job controllers; none says how mature they are.
    for record in ask(capsys, "cronjob beta?", "is the job controller beta"):
        assert record["status"] != "answered", record
    record = one(capsys, "is kubeadm upgrade alpha")
    assert record["status"] == "answered"
    assert "[alpha]" in record["text"]


def test_a_version_is_asked_only_of_a_note_that_states_one_besides_the_release_asked_about(
    capsys: pytest.CaptureFixture[str],
) -> None:
    # The note on migrating StorageClasses in etcd names 1.8, the release asked about, and no
    # etcd version: it does not answer which etcd 1.8 requires.
    record = one(capsys, "hey which etcd version will 1.8 require? thx")
    assert record["status"] != "answered", record
    # An API version is a version: the note saying autoscaling/v1 stays preferred answers.
    record = one(capsys, "which autoscaling api version is preferred once v2alpha1 is on")
    assert record["status"] == "answered"
    assert "autoscaling/v1" in record["text"]
    # "kubectl version" is the command: how to print it as JSON is no version asked.
    record = one(capsys, "how do i get kubectl version as json")
    assert record["status"] == "answered"
    assert "--output" in record["text"]


# Near misses: a note's subject with an ask no note answers


@pytest.mark.parametrize(
    ("question", "note"),
    [
        ("can our custom controller send the retainKeys thing when patching?", "rn-pr-44597"),
        ("hardPodAffinitySymmetricWeight - do I set it on the command line still?", "rn-pr-44159"),
        # An everyday word only another note says ("honored") does not put that note first.
        (
            "--insecure-experimental-approve-all-kubelet-csrs-for-group still honored in 1.7?",
            "rn-pr-45619",
        ),
    ],
)
def test_a_name_only_one_note_uses_gets_that_note_offered(
    capsys: pytest.CaptureFixture[str], question: str, note: str
) -> None:
    # Too little of the question is in the note to answer it, but the name is the note's own.
    record = one(capsys, question)
    assert record["status"] == "suggested"
    assert record["suggestions"][0]["entry"] == note


def test_a_note_the_question_names_by_its_identifier_is_the_whole_answer(
    capsys: pytest.CaptureFixture[str],
) -> None:
    record = one(
        capsys, "we set AffinityInAnnotations=true in feature gates, what's the deal for 1.7"
    )
    assert record["entry"] == "rn-scheduling-e101a0"
    # Not cut short to make room for another note on feature gates.
    assert "going away *in Kubernetes 1.8*" in record["text"]
    assert "RotateKubeletClientCertificate" not in record["text"]


def test_a_product_the_notes_never_name_is_not_answered_by_a_note_on_its_neighbour(
    capsys: pytest.CaptureFixture[str],
) -> None:
    weave, report = ask(
        capsys,
        "does weave net support the new networkpolicy v1 semantics",
        # A product in a report that asks nothing is where the trouble showed, not the subject.
        "kube-system default sa cant do anything after gke 1.7 upgrade, helm tiller broke",
    )
    assert weave["status"] == "suggested"
    assert weave["suggestions"][0]["entry"] == "rn-pr-39164"
    assert report["status"] == "answered"
    assert report["entry"] == "rn-pr-46750"


def test_a_note_on_one_cloud_does_not_answer_for_another(
    capsys: pytest.CaptureFixture[str],
) -> None:
    aws, gce = ask(
        capsys,
        "Which GPU types can I use on AWS nodes with 1.7?",
        "which gpu types can gce nodes get in 1.7",
    )
    # The GPU note speaks of GCE clusters: for AWS it is related at most, never the answer.
    assert aws["status"] != "answered"
    assert gce["status"] == "answered"
    assert gce["entry"] == "rn-pr-45130"
    assert "NODE_ACCELERATORS" in gce["text"]


def test_a_setting_one_part_away_from_the_notes_is_another_setting(
    capsys: pytest.CaptureFixture[str],
) -> None:
    low, high = ask(
        capsys,
        "what's the kubelet's default image-gc-low-threshold in 1.7?",
        "what's the default image-gc-high-threshold in 1.7?",
    )
    # The notes changed the high threshold's default and never state the low one's.
    assert low["status"] != "answered"
    assert high["status"] == "answered"
    assert "85%" in high["text"]


def test_a_request_before_a_colon_asks_about_what_follows_it(
    capsys: pytest.CaptureFixture[str],
) -> None:
    record = one(
        capsys,
        "pls check: hostPath path /data/../logs in a podspec, "
        "still accepted after the 1.7 upgrade?",
    )
    assert record["status"] == "answered"
    assert record["entry"] == "rn-pr-47290"


def test_a_pasted_flag_asked_about_in_everyday_words_is_the_subject(
    capsys: pytest.CaptureFixture[str],
) -> None:
    record = one(
        capsys,
        "`kube-controller-manager --insecure-experimental-approve-all-kubelet-csrs-for-group="
        "system:bootstrappers` still honored in 1.7?",
    )
    # The note that removes the flag leads, not one that happens to say "honored".
    assert record["status"] != "answered" or record["entry"] == "rn-pr-45619"
    if record["status"] == "suggested":
        assert record["suggestions"][0]["entry"] == "rn-pr-45619"


def test_a_contraction_is_read_as_a_word_that_names_nothing(
    capsys: pytest.CaptureFixture[str],
) -> None:
    # "doesn't" and "isn't" are not the rare note words "doesn" and "isn".
    logs, host_path = ask(
        capsys,
        "kubectl logs doesn't wait for a container that isn't running yet, any option in 1.7?",
        "hostPath with .. in it doesn't validate anymore after the upgrade, why?",
    )
    assert (logs["status"], logs["entry"]) == ("answered", "rn-pr-41813")
    assert (host_path["status"], host_path["entry"]) == ("answered", "rn-pr-47290")


def test_a_flag_pasted_with_the_error_it_caused_is_the_subject(
    capsys: pytest.CaptureFixture[str],
) -> None:
    record = one(
        capsys,
        "kubelet fails to start on 1.7: `unknown flag: --babysit-daemons`. What happened to it?",
    )
    # Not the note about the kubelet failing to start with rkt: the one removing the flag.
    assert record["status"] != "answered" or record["entry"] == "rn-pr-44230"
    if record["status"] == "suggested":
        assert record["suggestions"][0]["entry"] == "rn-pr-44230"


def test_a_flag_the_highlight_does_not_name_brings_the_note_that_does(
    capsys: pytest.CaptureFixture[str],
) -> None:
    flag, setup = ask(
        capsys,
        "we set --enable-cri=true on kubelets, will that break on 1.7",
        "kube-apiserver --authorization-mode=Node,RBAC --admission-control=...,NodeRestriction"
        " -- what do Node authz and NodeRestriction actually limit?",
    )
    # The CRI highlight answers; the note removing the flag says what happens to it.
    assert (flag["status"], flag["entry"]) == ("answered", "cri")
    assert "Remove the `--enable-cri` flag" in flag["text"]
    # A command line of several flags is the asker's setup, not what it asks: no note that
    # happens to name one of them ("--admission-control" in a charm's note) joins the answer.
    assert (setup["status"], setup["entry"]) == ("answered", "node-authorizer")
    assert "charm" not in setup["text"]


@pytest.mark.parametrize(
    "question",
    [
        "kubelet --rotate-server-certificates-v2 flag?",
        "kubectl apply --server-dry-run in 1.7?",
        "cluster autoscaler 0.6 --max-nodes-total flag",
    ],
)
def test_a_flag_neither_source_writes_is_never_answered_by_its_neighbour(
    capsys: pytest.CaptureFixture[str], question: str
) -> None:
    # Their other words fit kubelet TLS bootstrapping, a kubectl apply note or Cluster
    # Autoscaler 0.6, none of which says anything of that flag: offered, not given.
    record = one(capsys, question)
    assert record["status"] != "answered", record


def test_a_flag_with_its_value_or_in_a_longer_question_is_the_setting(
    capsys: pytest.CaptureFixture[str],
) -> None:
    # "--container-runtime=rkt" says what runs; the note on rkt answers.
    record = one(capsys, "kubelet wont start with --container-runtime=rkt on 1.7.0?")
    assert (record["status"], record["entry"]) == ("answered", "rn-pr-44569")


@pytest.mark.parametrize(
    ("question", "bump"),
    [
        ("1.7 ships Heapster v1.4.0. what changed in Heapster 1.4.0?", "rn-instrumentation-7a6fa7"),
        ("what's new in Calico v2.2 that kube-up now installs on GCE?", "rn-pr-38169"),
        ("which new features are in dashboard 1.6.1?", "rn-pr-45953"),
    ],
)
def test_what_a_components_own_release_changed_is_not_the_note_bumping_it(
    capsys: pytest.CaptureFixture[str], question: str, bump: str
) -> None:
    # The note says 1.7 moves to that version, not what the version brought: it is offered.
    record = one(capsys, question)
    assert record["status"] == "suggested", record
    assert bump in [s["entry"] for s in record["suggestions"]]


def test_whether_one_can_set_an_amount_is_not_a_question_for_the_amount(
    capsys: pytest.CaptureFixture[str],
) -> None:
    can, how_much = ask(
        capsys,
        "Can I limit how much disk an emptyDir volume uses?",
        "how much disk can an emptyDir volume use at most by default?",
    )
    assert can["status"] == "answered"
    assert can["entry"] == "rn-pr-45686"
    # The amount itself the note never states.
    assert how_much["status"] != "answered"


def test_a_how_to_in_everyday_words_of_work_gets_no_note_by_chance(
    capsys: pytest.CaptureFixture[str],
) -> None:
    # "app", "update", "without": the kube-dns note says them all, about something else.
    record = one(capsys, "how do I update the app that keeps state without doing each pod by hand?")
    assert record["entry"] != "rn-pr-45684"


def test_asked_how_the_note_shows_its_example(capsys: pytest.CaptureFixture[str]) -> None:
    record = one(
        capsys,
        "How do I get a default-deny network policy for a whole namespace with the v1 "
        "NetworkPolicy API?",
    )
    assert record["status"] == "answered"
    assert "To activate default deny in the v1 API" in record["text"]
    assert "podSelector" in record["text"]


def test_a_known_issue_is_not_the_dependencys_unless_a_dependency_is_asked_about(
    capsys: pytest.CaptureFixture[str],
) -> None:
    apis, rkt = ask(
        capsys,
        "Right after the API server starts, /apis doesn't list all of our API groups. "
        "Is that a known issue?",
        "known issues with the rkt runtime in 1.7?",
    )
    assert apis["entry"] == "rn-pr-47977"
    assert rkt["kind"] == "fact"
    assert "rkt" in rkt["text"]


def test_smaller_is_what_the_notes_call_slimmed_down(capsys: pytest.CaptureFixture[str]) -> None:
    record = one(capsys, "Why is the hyperkube image smaller in 1.7?")
    assert record["entry"] == "rn-pr-44555"
    assert "slimmed down" in record["text"]


def test_a_subject_said_before_the_ask_and_asked_again_is_asked(
    capsys: pytest.CaptureFixture[str],
) -> None:
    record = one(
        capsys, "The certificatesigningrequests controller was split up - into which controllers?"
    )
    assert record["status"] == "answered"
    assert "csrapprover" in record["text"]
    assert "csrsigner" in record["text"]


def test_commands_to_type_are_answered_only_by_a_note_printing_them(
    capsys: pytest.CaptureFixture[str],
) -> None:
    exact, exists = ask(
        capsys,
        "exact kubeadm commands to upgrade a 1.6 master to 1.7 plz",
        "kubeadm 1.6 cluster: is there an automatic upgrade command to get to 1.7 or is it manual?",
    )
    assert exact["status"] != "answered"
    assert exists["status"] == "answered"


def test_what_a_later_release_did_is_declined_however_a_note_speaks_of_it(
    capsys: pytest.CaptureFixture[str],
) -> None:
    record = one(capsys, "did the alpha affinity annotations really go away in 1.8 in the end?")
    assert record["status"] == "declined"


def test_what_to_do_before_a_later_release_is_offered_from_the_note_that_says_it(
    capsys: pytest.CaptureFixture[str],
) -> None:
    record = one(
        capsys,
        "Do I need to do anything about the StorageClass objects stored in etcd before I "
        "eventually move to 1.8?",
    )
    # "before I eventually move to 1.8" plans a move; it does not ask what 1.8 did.
    assert record["status"] in ("answered", "suggested")
    found = [record["entry"], *(s["entry"] for s in record["suggestions"])]
    assert "rn-pr-46116" in found


def test_what_was_and_what_a_later_release_is_to_do_in_one_sentence_is_answered(
    capsys: pytest.CaptureFixture[str],
) -> None:
    # "were on by mistake" is what was; "get switched off in 1.8" is 1.8's plan, which 1.7 states.
    record = one(
        capsys, "which alpha api groups were on by default by mistake and get switched off in 1.8?"
    )
    assert record["status"] == "answered"
    assert "unintentionally enabled by default" in record["text"]


def test_an_older_release_said_before_the_ask_is_where_the_asker_comes_from(
    capsys: pytest.CaptureFixture[str],
) -> None:
    fixed, older = ask(
        capsys,
        "Our Deployment rollouts sometimes got stuck on hash collisions in 1.6. Is that fixed?",
        "is the deployment hash collision bug fixed in 1.6?",
    )
    # Stuck in 1.6, asking whether it is fixed: asks about 1.7, whose notes say it is.
    assert fixed["status"] == "answered"
    assert "hashing collision" in fixed["text"]
    assert fixed["kind"] == "notes"
    # Asked of 1.6 itself: another release.
    assert older["status"] == "declined"
    assert "not other releases" in older["text"]


def test_a_translation_the_notes_do_not_mention_gets_no_note(
    capsys: pytest.CaptureFixture[str],
) -> None:
    for record in ask(
        capsys,
        "is kubectl translated to korean",
        "translate the kubectl release notes into spanish",
    ):
        assert record["status"] != "answered", record


def test_the_translation_the_notes_do_mention_is_answered(
    capsys: pytest.CaptureFixture[str],
) -> None:
    record = one(capsys, "kubectl japanese translation")
    assert record["kind"] == "notes"
    assert "Japanese translation for kubectl" in record["text"]


def test_a_price_is_not_answered_by_a_note_about_the_product(
    capsys: pytest.CaptureFixture[str],
) -> None:
    for record in ask(
        capsys,
        "how much does an ebs volume cost",
        "price of persistent volumes on aws ebs",
        "what's the price of cinder volumes",
        # "Available" says which GPUs there are, not until when a price holds.
        "which gpu types are available for NODE_ACCELERATORS on gce, and their prices?",
    ):
        assert record["status"] != "answered", record


def test_a_number_is_not_answered_by_a_note_that_states_none(
    capsys: pytest.CaptureFixture[str],
) -> None:
    limit, exact, stated = ask(
        capsys,
        "whats the max number of pods per node in 1.7",
        "how much memory does the dashboard ask for now? exact numbers pls",
        "how many elbs can the aws cloud provider describe in one call",
    )
    assert limit["status"] != "answered", limit
    assert exact["status"] != "answered", exact
    # A note that states the number answers it.
    assert stated["status"] == "answered", stated
    assert "150" in stated["text"]


def test_a_size_or_exact_values_are_not_answered_by_a_note_that_states_none(
    capsys: pytest.CaptureFixture[str],
) -> None:
    size, unit, values = ask(
        capsys,
        "how large is the hyperkube image after the slim down",
        "what does the hyperkube image weigh now, in MB",
        "dashboard memory requests and limits went up in 1.7. to what exact values",
    )
    assert size["status"] != "answered", size
    assert unit["status"] != "answered", unit
    assert values["status"] != "answered", values


@pytest.mark.parametrize(
    "question",
    [
        "what's the timeout on the external admission webhooks?",
        "the dashboard got bigger memory requests and limits, to what values exactly?",
        "kubefed etcd pvc, what size does it get by default?",
        # Clouds asked by name, which the highlight on pluggable cloud providers names none of.
        "which clouds already ship an out-of-tree cloud controller manager for 1.7?",
        "what are the names of the new cri rpcs for container stats?",
    ],
)
def test_an_amount_or_names_asked_are_not_answered_by_a_note_stating_none(
    capsys: pytest.CaptureFixture[str], question: str
) -> None:
    record = one(capsys, question)
    assert record["status"] != "answered", record


@pytest.mark.parametrize(
    "question",
    [
        # The note says the flags go "in a future release", naming none.
        "which k8s release is going to drop the old kube-proxy flags?",
        "the old kube-proxy flags are deprecated, but which version actually removes them?",
        # The note marks the flag deprecated and names nothing to use instead.
        "the kubelet --master-service-namespace flag was deprecated in 1.7, what replaces it?",
        # The note says what the plugin checks, not whether it is on by default.
        "is the blockOwnerDeletion check in the gc admission plugin on by default?",
    ],
)
def test_a_release_a_replacement_or_a_default_asked_needs_a_note_saying_it(
    capsys: pytest.CaptureFixture[str], question: str
) -> None:
    record = one(capsys, question)
    assert record["status"] != "answered", record


def test_an_amount_in_a_unit_is_not_answered_by_numbers_of_another_kind(
    capsys: pytest.CaptureFixture[str],
) -> None:
    # The dependency note lists Docker's version numbers, and no size in MB.
    record = one(
        capsys, "the docker 1.12.6 known issues, how many MB of overhead per container do they add?"
    )
    assert record["status"] != "answered", record


def test_a_note_on_what_the_asker_set_aside_does_not_answer_what_they_ask(
    capsys: pytest.CaptureFixture[str],
) -> None:
    record = one(capsys, "apart from coredns, is azure dns a supported federation dns provider?")
    # The CoreDNS provider's note is offered, never given as a yes for Azure.
    assert record["status"] == "suggested", record
    assert "rn-pr-42895" in [s["entry"] for s in record["suggestions"]]


def test_whether_it_supports_what_no_note_names_is_offered_not_answered(
    capsys: pytest.CaptureFixture[str],
) -> None:
    barbican, cifs = ask(
        capsys,
        "can the storageos plugin handle encryption with barbican keys",
        "juju charms: is CIFS supported for persistent volumes now?",
    )
    # No note names Barbican: the StorageOS note is offered, not given as a yes.
    assert barbican["status"] == "suggested", barbican
    assert "rn-volume-plugins-c4f65f" in [s["entry"] for s in barbican["suggestions"]]
    # The charms' note names CIFS.
    assert cifs["status"] == "answered", cifs
    assert "CIFS" in cifs["text"]


def test_a_directory_is_answered_only_by_a_note_that_writes_a_path(
    capsys: pytest.CaptureFixture[str],
) -> None:
    # The Flexvolume fix names drivers and nodes, never where drivers are installed.
    record = one(capsys, "what directory do flexvolume drivers have to be installed in on nodes?")
    assert record["status"] != "answered", record


def test_how_to_switch_on_what_no_note_names_is_not_answered(
    capsys: pytest.CaptureFixture[str],
) -> None:
    # No note says "priority": the one keeping static pods from preemption is offered, if any.
    switched, claimed = ask(
        capsys,
        "how to turn on pod priority and preemption in 1.7",
        "docker 1.12.6 is fully validated so i can turn on overlay2 and live-restore safely?",
    )
    assert switched["status"] != "answered", switched
    # Turning something on as a claim checked, not asked how: the dependency note answers.
    assert claimed["status"] == "answered", claimed


def test_an_example_is_answered_only_by_a_note_that_prints_one(
    capsys: pytest.CaptureFixture[str],
) -> None:
    configmap, policy = ask(
        capsys,
        "example ip-masq-agent configmap with nonMasqueradeCIDRs?",
        "default deny networkpolicy example for v1",
    )
    assert configmap["status"] != "answered", configmap
    # The note on the v1 semantics prints a default-deny policy.
    assert policy["status"] == "answered", policy
    assert "podSelector" in policy["text"]


def test_a_default_is_not_answered_by_a_text_that_never_says_default(
    capsys: pytest.CaptureFixture[str],
) -> None:
    timeout, window, policy, threshold = ask(
        capsys,
        "whats the default for kubectl logs --pod-running-timeout if I dont set it?",
        "hpa upscale forbidden window default is 30s right?",
        "admission webhook failurePolicy Ignore vs Fail, which is the default? pls",
        "what's the new default for image-gc-high-threshold?",
    )
    assert timeout["status"] != "answered", timeout
    assert window["status"] != "answered", window
    assert policy["status"] != "answered", policy
    # The note that states the new default answers it.
    assert threshold["status"] == "answered", threshold
    assert "85%" in threshold["text"]


def test_a_settings_name_is_answered_only_by_a_note_that_spells_one_out(
    capsys: pytest.CaptureFixture[str],
) -> None:
    # "opt out of PodPreset mutation via an annotation" never says which annotation.
    podpreset, elb, proxy = ask(
        capsys,
        "what's the annotation to opt a pod out of podpreset",
        "which annotation adds extra security groups to an aws elb",
        "what flag dumps kube-proxy's default config to a file",
    )
    assert podpreset["status"] != "answered", podpreset
    assert elb["status"] == "answered", elb
    assert "service.beta.kubernetes.io/aws-load-balancer-extra-security-groups" in elb["text"]
    assert proxy["status"] == "answered", proxy
    assert "--write-config-to" in proxy["text"]


def test_a_default_is_answered_only_by_a_note_that_states_it(
    capsys: pytest.CaptureFixture[str],
) -> None:
    # "overriding the default etcd image name" says there is a default, not which image it is.
    image, lookup = ask(
        capsys,
        "what's the default etcd image for kubefed init",
        "what's the default for --service-account-lookup now?",
    )
    assert image["status"] != "answered", image
    # "`--service-account-lookup` now defaults to true" states it.
    assert lookup["status"] == "answered", lookup
    assert "defaults to true" in lookup["text"]


def test_a_how_to_sharing_only_everyday_words_with_a_note_is_not_answered_by_it(
    capsys: pytest.CaptureFixture[str],
) -> None:
    # Not the bug fix that "reported" StartedAt, nor notes that happen to say "node" or "port".
    for record in ask(
        capsys,
        "where do i report a bug",
        "how do i drain a node for maintenance",
        "how do i expose a service on port 80",
    ):
        assert record["status"] != "answered", record
    # A how-to naming what a note is about is still answered by it.
    aliases = one(capsys, "how do i set hostAliases on a pod")
    assert aliases["status"] == "answered", aliases
    assert "HostAliases" in aliases["text"] or "hostAliases" in aliases["text"]


def test_a_meeting_time_is_not_answered_by_the_notes(capsys: pytest.CaptureFixture[str]) -> None:
    record = one(capsys, "what time is the sig-node meeting on thursday")
    assert record["kind"] not in ("notes", "fact", "digest"), record


def test_when_a_feature_will_graduate_is_not_answered_by_its_1_7_note(
    capsys: pytest.CaptureFixture[str],
) -> None:
    # The CRI note says what 1.7 did, not when the API moves on: a later release's plans.
    record = one(capsys, "when will the cri api move to beta")
    assert record["status"] != "answered"
    # When something happened in 1.7 is what its note is: still answered.
    record = one(capsys, "when was kubectl config rename-context added")
    assert record["status"] == "answered"
    assert "rename-context" in record["text"]


def test_a_validated_docker_named_by_its_version_is_the_fact(
    capsys: pytest.CaptureFixture[str],
) -> None:
    record = one(capsys, "is docker 1.12.6 ok with k8s 1.7")
    assert record["kind"] == "fact"
    assert "1.12.6 have been validated" in record["text"]


# Problem reports with a pasted log


CRASH_REPORT = (
    "since we upgraded to 1.7 kube-controller-manager is in a crash loop on GKE: "
    "`E0705 10:12:01.123 service_controller.go:211] panic: runtime error: invalid memory "
    "address or nil pointer dereference` - we have a LoadBalancer service with a static IP. "
    "docker version 1.12.6"
)


def test_a_crash_report_with_a_log_gets_the_known_issue_it_matches(
    capsys: pytest.CaptureFixture[str],
) -> None:
    record = one(capsys, CRASH_REPORT)
    assert record["kind"] == "notes"
    assert "*Known issue:* Services of type LoadBalancer (on GCE/GKE)" in record["text"]


def test_a_problem_report_naming_its_docker_version_is_not_the_dependency_fact(
    capsys: pytest.CaptureFixture[str],
) -> None:
    for record in ask(
        capsys,
        "local volume will not unmount after the upgrade, kubelet log says "
        '`UnmountVolume.TearDown failed for volume "local-pv-1" : /mnt/disks/vol1 is not a '
        "mountpoint` - the path is a directory. running docker 1.12.6",
        "added a NoSchedule taint to a node and the daemonset pods on it got evicted?? "
        "kubelet log: `Killing container with id docker://fluentd: Need to kill Pod` "
        "docker version 1.11.2",
    ):
        assert record["kind"] != "fact", record
        assert "not other releases" not in record["text"], record


@pytest.mark.parametrize("message", ["thanks that helped", "Thanks, that was helpful."])
def test_a_thank_you_gets_no_release_note(capsys: pytest.CaptureFixture[str], message: str) -> None:
    # "helpful" is no question about the help message of missingResourceError.
    record = one(capsys, message)
    assert record["status"] == "declined"
    assert record["text"].startswith("You're welcome!")


def test_words_are_stemmed_alike_when_questions_are_read_at_once() -> None:
    # A web worker reads several questions at once: each word is stemmed as if it were alone.
    chance = random.Random(7)
    words = [
        "".join(chance.choices(string.ascii_lowercase, k=8)) + ending
        for ending in ("ings", "ational", "fulness", "iveness", "edly")
        for _ in range(800)
    ]
    with ThreadPoolExecutor(max_workers=8) as pool:
        together = list(pool.map(terms, words))
    alone = snowballstemmer.stemmer("english")
    assert together == [[alone.stemWord(word)] for word in words]


@pytest.mark.parametrize("ending", ["is that intentional?", "is this expected?", "on purpose?"])
def test_asking_whether_a_change_is_deliberate_still_finds_the_change(
    capsys: pytest.CaptureFixture[str], ending: str
) -> None:
    # "since 1.7" and "is that intentional" say when and whether, not what: the note about
    # deletecollection on namespaces is what the asker hit.
    record = one(
        capsys,
        f"our cleanup job does a deletecollection on namespaces and fails since 1.7, {ending}",
    )
    shown = [record["entry"], *(s["entry"] for s in record["suggestions"])]
    assert any(entry and entry.startswith("rn-pr-46407") for entry in shown), record
    assert "no longer supports the deletecollection operation" in (
        record["text"] + " ".join(s["text"] for s in record["suggestions"])
    )


def test_asked_whether_a_small_thing_exists_the_note_naming_the_thing_answers(
    capsys: pytest.CaptureFixture[str],
) -> None:
    # "small" rates the component; the note names the component (a "lightweight" one).
    record = one(capsys, "is there a small component serving the core metrics api in 1.7?")
    assert record["status"] == "answered"
    assert "lightweight monitoring component" in record["text"]


@pytest.mark.parametrize(
    "question",
    [
        "is there a lightweight replacement for heapster serving the core metrics api?",
        "is there a lightweight alternative to heapster serving the core metrics api?",
    ],
)
def test_asked_whether_a_replacement_exists_the_note_naming_the_thing_answers(
    capsys: pytest.CaptureFixture[str], question: str
) -> None:
    # What the thing stands in for (heapster) is no thing the notes lack.
    record = one(capsys, question)
    assert record["status"] == "answered", record
    assert "lightweight monitoring component" in record["text"]


@pytest.mark.parametrize(
    ("question", "said"),
    [
        ("is there a patch directive which wipes fields i leave out of my patch?", "retainKeys"),
        ("is there a short name for networkpolicies like po for pods?", 'short name "netpol"'),
        # What it is for and how the asker rates it ("official") name no other thing.
        (
            "is there an official test suite to validate my cri runtime against, without "
            "running a whole cluster?",
            "cri-validation.md",
        ),
    ],
)
def test_asked_whether_a_thing_exists_that_does_something_the_note_naming_the_thing_answers(
    capsys: pytest.CaptureFixture[str], question: str, said: str
) -> None:
    # The directive (the short name) is what is asked; what it should do, or what it is like, is
    # the asker's words ("leave out" of a request is what the note calls missing from it).
    record = one(capsys, question)
    assert record["status"] == "answered", record
    assert said in record["text"]


@pytest.mark.parametrize(
    "question",
    [
        # "0.6" does not end the sentence: VMSS, which no note names, is still what is asked.
        "does cluster autoscaler 0.6 support azure vmss?",
        # The notes speak of volumes and of what admins can configure, never of snapshots.
        "Storage admin: is there a volume snapshot API in 1.7?",
        # "rolled" is all the notes say of the question, and three notes say it ("Roll up
        # volume error messages" among them).
        "which pre-releases are rolled into v1.7.0?",
    ],
)
def test_a_note_that_does_not_single_out_what_is_asked_does_not_answer_it(
    capsys: pytest.CaptureFixture[str], question: str
) -> None:
    assert one(capsys, question)["status"] != "answered"


def test_exact_numbers_asked_a_few_words_on_are_not_answered_by_a_note_without_any(
    capsys: pytest.CaptureFixture[str],
) -> None:
    # The note says the dashboard's requests and limits went up, not to what.
    record = one(capsys, "exact new memory request/limit numbers for the dashboard in 1.7?")
    assert record["status"] != "answered"
    changed = one(capsys, "did the dashboard memory limits change in 1.7?")
    assert "Increase Dashboard's memory requests and limits" in changed["text"]


def test_a_typo_the_curated_synonyms_spell_out_is_read_by_the_notes_too(
    capsys: pytest.CaptureFixture[str],
) -> None:
    # "deamonset" is listed as a typo for "daemonset": the notes read it as the word they write,
    # and "legit" asks whether it is fine to use, which is chat.
    record = one(capsys, "is deamonset spec.templateGeneration still legit to use in 1.7")
    assert record["status"] == "answered"
    assert "spec.templateGeneration has been deprecated" in record["text"]


def test_how_the_asker_wants_it_done_is_no_subject_the_notes_lack(
    capsys: pytest.CaptureFixture[str],
) -> None:
    # "Native", "hacking" and "a couple of" frame the ask; the /etc/hosts entries are its subject.
    record = one(
        capsys,
        "want a couple of /etc/hosts entries in our pods without hacking the image. "
        "anything native for that in 1.7?",
    )
    assert record["status"] == "answered", record
    assert "hostAliases" in record["text"]


def test_relying_on_a_field_is_using_it(capsys: pytest.CaptureFixture[str]) -> None:
    # "rely on" asks what "use" asks: whether the field is still fine, which its deprecation says.
    record = one(capsys, "daemonset spec.templateGeneration: is it still ok to rely on in 1.7?")
    assert record["status"] == "answered", record
    assert "spec.templateGeneration has been deprecated" in record["text"]


def test_tuning_a_setting_is_asking_whether_it_is_configurable(
    capsys: pytest.CaptureFixture[str],
) -> None:
    record = one(capsys, "can i tune the hpa upscale/downscale forbidden window in 1.7? where")
    assert record["status"] == "answered"
    assert "duration configurable" in record["text"]


def test_the_maturity_of_a_feature_is_the_tag_of_its_note(
    capsys: pytest.CaptureFixture[str],
) -> None:
    record = one(capsys, "source ip preservation for LBs, maturity in 1.7?")
    assert record["status"] == "answered"
    assert "Source IP Preservation" in record["text"]
    assert "beta" in record["text"].lower()


def test_a_service_account_is_a_name_not_two_everyday_words(
    capsys: pytest.CaptureFixture[str],
) -> None:
    # Asked how, in everyday words only, the notes would turn it away as a how-to they do not
    # describe; a service account is Kubernetes' own name, and the lookup note says how.
    record = one(capsys, "how can I revoke a service account token?")
    assert record["status"] == "answered"
    assert "--service-account-lookup" in record["text"]


def test_a_collision_the_asker_saw_finds_the_note_on_collision_avoidance(
    capsys: pytest.CaptureFixture[str],
) -> None:
    # "collided" is the notes' "collision"; "is anything different in 1.7" asks of the rollout.
    record = one(
        capsys,
        "Deployment rollout hung on 1.6 because the new ReplicaSet name collided with an existing "
        "one (same pod-template-hash). Is anything different in 1.7?",
    )
    shown = [e for e in (record["entry"], *(s["entry"] for s in record["suggestions"])) if e]
    assert shown[0] in ("rn-enhancements-issue-287", "rn-pr-44774"), record


@pytest.mark.parametrize(
    ("question", "said"),
    [
        (
            "is there a kubectl command to rename a kube context, or do i hand edit the file lol",
            "rename-context",
        ),
        (
            "does kubectl apply still scramble the order of my containers' env list",
            "keep the ordering of elements in merged lists",
        ),
    ],
)
def test_everyday_words_no_note_uses_do_not_sink_a_clear_question(
    capsys: pytest.CaptureFixture[str], question: str, said: str
) -> None:
    # "hand edit", "lol", "scramble": how the asker talks, not subjects the notes lack.
    record = one(capsys, question)
    assert record["status"] == "answered", record
    assert said in record["text"]


def test_the_release_named_at_a_sentence_end_states_no_date(
    capsys: pytest.CaptureFixture[str],
) -> None:
    # The kube-proxy note ends "... necessary in 1.7." and says the flags go "in a future
    # release": it names no release that will remove them.
    record = one(capsys, "in which release will the old kube-proxy command line flags be removed?")
    assert record["status"] != "answered"
    assert any("kube-proxy" in s["text"] for s in record["suggestions"]), record


@pytest.mark.parametrize(
    ("question", "said"),
    [
        # Where the asker builds ("from source", "our build boxes") frames the Go fact, as "run"
        # does.
        (
            "Can I build 1.7 from source with Go 1.7 on our build boxes?",
            "can only be compiled with Go 1.8",
        ),
        # dockershim is the Docker-CRI implementation.
        ("dockershim cri GA?", "The Docker-CRI implementation is GA"),
        # "goes" is how the asker talks: not a stem ("goe") that a note's "goes" would match.
        ("Cluster Autoscaler version that goes with 1.7?", "Cluster Autoscaler 0.6"),
        # "Additional" is the note's "extra".
        (
            "AWS: can I attach additional security groups to the ELB that a type=LoadBalancer "
            "Service creates?",
            "aws-load-balancer-extra-security-groups",
        ),
        # What a field "means" is its semantics; a CamelCase type names its parts' thing
        # (StatefulSetStatus, the StatefulSet's status).
        (
            "sts status.replicas meaning changed? what has the old meaning",
            "readyReplicas has the semantics that replicas did prior to 1.7",
        ),
        # A field typed in camel case is the note writing its parts apart.
        (
            "max activeDeadlineSeconds a pod accepts in 1.7?",
            "active deadline seconds max allowed value",
        ),
    ],
)
def test_the_notes_own_name_for_what_is_asked_answers(
    capsys: pytest.CaptureFixture[str], question: str, said: str
) -> None:
    record = one(capsys, question)
    assert record["status"] == "answered"
    assert said in record["text"]


@pytest.mark.parametrize(
    ("question", "note"),
    [
        ("kubectl create role --resource-name=foo,bar broke in 1.7?", "44950"),
        ("is --serviceaccount=ns:alice,ns:bob ok for create rolebinding in 1.7?", "43903"),
    ],
)
def test_the_values_given_to_a_flag_are_the_askers_example_not_its_subject(
    capsys: pytest.CaptureFixture[str], question: str, note: str
) -> None:
    # "foo,bar" and "alice,bob" are what the asker passes; the flag and command are the subject,
    # and the note on passing several values answers.
    record = one(capsys, question)
    assert record["status"] == "answered", record
    assert f"/pull/{note}|" in record["text"]


def test_a_feature_gate_given_as_a_flag_value_is_still_its_subject(
    capsys: pytest.CaptureFixture[str],
) -> None:
    record = one(capsys, "is --feature-gates=AffinityInAnnotations=true still supported")
    assert record["status"] == "answered", record
    assert "AffinityInAnnotations" in record["text"]


def test_which_cloud_is_answered_by_a_note_naming_one(capsys: pytest.CaptureFixture[str]) -> None:
    # Asked which cloud, the note naming Azure answers; a story that says only "in the cloud"
    # does not.
    named, unnamed = ask(
        capsys,
        "which cloud provider has exponential backoff now",
        "which cloud provider does bitmovin run on?",
    )
    assert named["status"] == "answered"
    assert "Azure cloudprovider" in named["text"]
    assert unnamed["status"] == "declined"


@pytest.mark.parametrize(
    "question",
    [
        "is the alpha containerd integration usable on windows hosts?",
        "does containerd integration support windows?",
        "what containerd version does the cri-containerd shim need?",
        "does gke encrypt secrets at rest by default?",
        "do statefulset rolling updates let me set a partition?",
    ],
)
def test_a_highlight_is_not_given_for_what_neither_it_nor_its_note_says(
    capsys: pytest.CaptureFixture[str], question: str
) -> None:
    # The containerd highlight and the note it restates say nothing of Windows, which other
    # notes name, nor of a containerd version; nor do the secrets highlight and its note say what
    # GKE, which notes name, does; nor does either source write "partition", where the notes
    # are unsure: the highlight is offered, not given.
    record = one(capsys, question)
    assert record["status"] == "suggested", record


def test_a_highlight_still_answers_for_a_plain_word_no_note_uses(
    capsys: pytest.CaptureFixture[str],
) -> None:
    # "carry" is no topic other notes name: the audit-logs highlight still answers.
    record = one(capsys, "do the audit logs carry more data in this release")
    assert (record["status"], record["entry"]) == ("answered", "audit-logs")


def test_the_name_of_a_configmap_is_not_answered_by_a_note_that_gives_none(
    capsys: pytest.CaptureFixture[str],
) -> None:
    # The note says the scheduler can read its policy from a ConfigMap, never which one.
    named, whether = ask(
        capsys,
        "what is the name of the configmap kube-scheduler takes its policy from",
        "can the scheduler read its policy from a configmap now",
    )
    assert named["status"] != "answered", named
    assert whether["status"] == "answered"
    assert "/pull/43892|" in whether["text"]


def test_a_question_naming_the_announcement_gets_the_announcements_answer(
    capsys: pytest.CaptureFixture[str],
) -> None:
    # The post names Third Party Resources as deprecated; the notes list thirteen items.
    post, notes = ask(
        capsys,
        "according to the announcement, what got deprecated?",
        "per the release notes what got deprecated?",
    )
    assert (post["status"], post["entry"]) == ("answered", "tpr-to-crd")
    assert "Third Party Resource" in post["text"]
    assert notes["entry"] == "digest-deprecations"


def test_what_replaces_a_removed_feature_is_the_note_saying_what_to_use_instead(
    capsys: pytest.CaptureFixture[str],
) -> None:
    # The note: "Alpha volume provisioning is removed and default storage class should be used
    # instead." A replacement asked for is what it says to use instead.
    record = one(capsys, "is there a replacement for alpha volume provisioning")
    assert record["status"] == "answered", record
    assert "default storage class should be used instead" in record["text"]


def test_kubectls_one_letter_flags_are_read_as_what_they_stand_for(
    capsys: pytest.CaptureFixture[str],
) -> None:
    # "-l app=web" selects by label and "-c nginx" names a container: the note on naming a
    # container with label selectors answers; "web" and "nginx" are the asker's own names.
    record = one(capsys, "kubectl logs -l app=web -c nginx in 1.7?")
    assert record["status"] == "answered", record
    assert "/pull/44282|" in record["text"]


def test_a_flag_for_how_long_to_wait_asks_for_the_flag_not_an_amount(
    capsys: pytest.CaptureFixture[str],
) -> None:
    # "how long" here is what the flag sets; the note naming --pod-running-timeout answers.
    record = one(capsys, "is there a flag to set how long kubectl logs waits for the pod to run")
    assert record["status"] == "answered", record
    assert "--pod-running-timeout" in record["text"]


@pytest.mark.parametrize(
    "question",
    [
        "podpreset opt-out: exact annotation key?",
        "what is that podpreset opt out flag actually called",
    ],
)
def test_the_literal_name_asked_is_not_answered_by_a_note_that_gives_none(
    capsys: pytest.CaptureFixture[str], question: str
) -> None:
    # The note says pods may opt out "via an annotation on the pod", never which one.
    record = one(capsys, question)
    assert record["status"] != "answered", record


def test_a_highlight_spelling_out_no_name_is_offered_when_the_name_is_asked(
    capsys: pytest.CaptureFixture[str],
) -> None:
    # The CRI highlight says it gained RPC calls for container metrics, never their names; the
    # StatefulSet highlight names its feature in prose, which is what "called" asks there.
    rpc, feature = ask(
        capsys,
        "what is the new cri rpc for container stats called",
        "what is the new sts update feature called",
    )
    assert rpc["status"] == "suggested", rpc
    assert rpc["suggestions"][0]["entry"] == "cri"
    assert (feature["status"], feature["entry"]) == ("answered", "statefulset-updates")


@pytest.mark.parametrize(
    "question",
    [
        "exact feature gate for local storage capacity isolation",
        "emptyDir storage limits - how often does the kubelet check usage?",
    ],
)
def test_a_name_or_frequency_the_note_does_not_give_is_not_answered(
    capsys: pytest.CaptureFixture[str], question: str
) -> None:
    record = one(capsys, question)
    assert record["status"] != "answered", record


@pytest.mark.parametrize("question", ["cri-o status now?", "whats the current state of cri-o"])
def test_a_status_asked_after_the_name_asks_how_far_along_it_is(
    capsys: pytest.CaptureFixture[str], question: str
) -> None:
    # "cri-o status now?" and "the state of cri-o" ask what "the status of cri-o" asks, not
    # about status fields.
    record = one(capsys, question)
    assert record["status"] == "answered", record
    assert "v1.0.0-alpha.0" in record["text"]


def test_how_something_is_passed_is_no_subject_of_its_own(
    capsys: pytest.CaptureFixture[str],
) -> None:
    # "Through" a flag is how; the note that disables federation controllers "through override
    # args" shares the word, not the subject. An "arg" is a flag, in the notes' words.
    record = one(
        capsys,
        "our kube-dns gets its federation domain map through the --federations arg. "
        "still the way to do it in 1.7?",
    )
    assert (record["status"], record["entry"]) == ("answered", "rn-pr-42683"), record
    assert "kube-system/kube-dns" in record["text"]


def test_what_the_asker_will_do_otherwise_is_not_what_they_ask(
    capsys: pytest.CaptureFixture[str],
) -> None:
    # "... or do i edit the yaml by hand": the fallback, not the question.
    record = one(
        capsys,
        "gke gave my contexts awful long names. is there a kubectl command to rename a context, "
        "or do i edit the yaml by hand",
    )
    assert (record["status"], record["entry"]) == ("answered", "rn-pr-46114"), record
    assert "rename-context" in record["text"]


@pytest.mark.parametrize(
    ("question", "said"),
    [
        ("kubectl version output in a machine readable format?", "--output (=json or yaml)"),
        ("strategic merge patch that wipes fields i left out?", "retainKeys"),
        # The syntax for something is how it is specified.
        ("kubectl create rolebinding with several users, whats the 1.7 syntax?", "--user x"),
        # Letting someone do something is allowing it.
        ("can we let one team use a pod security policy in their own namespace only?", "use verb"),
    ],
)
def test_everyday_words_reach_what_the_notes_call_it(
    capsys: pytest.CaptureFixture[str], question: str, said: str
) -> None:
    # Machine-readable output is JSON or YAML; wiping a field is clearing it.
    record = one(capsys, question)
    assert record["status"] == "answered", record
    assert said in record["text"]


def test_what_a_thing_is_called_asks_its_name(capsys: pytest.CaptureFixture[str]) -> None:
    # "Called" asks for the name the note gives; it is no call the notes speak of.
    record = one(capsys, "the csr controller got split, what are the new controllers called?")
    assert record["status"] == "answered", record
    assert "csrsigner" in record["text"]


@pytest.mark.parametrize(
    ("question", "answered"),
    [
        ("mount propagation for hostPath volumes, is that in k8s 1.7?", False),
        ("hostAliases for pods, is that in 1.7?", True),
    ],
)
def test_whether_a_thing_named_first_is_in_the_release_needs_a_note_naming_it(
    capsys: pytest.CaptureFixture[str], question: str, answered: bool
) -> None:
    # No note names mount propagation; the hostPath note is about ".." in paths.
    record = one(capsys, question)
    assert (record["status"] == "answered") is answered, record


def test_a_word_in_backticks_inside_a_sentence_names_what_is_asked(
    capsys: pytest.CaptureFixture[str],
) -> None:
    # "`partition`" is the thing asked about, as "partition" unquoted is; neither source
    # writes it, so the StatefulSet update highlight is offered, not given.
    record = one(
        capsys, "statefulset rolling update on 1.7: how do i set a `partition` for canaries?"
    )
    assert record["status"] != "answered", record


def test_dumping_a_configuration_is_writing_it(capsys: pytest.CaptureFixture[str]) -> None:
    record = one(
        capsys, "kube-proxy warns about every flag now. how do i dump its defaults to a file?"
    )
    assert record["status"] == "answered", record
    assert "--write-config-to" in record["text"]


def test_a_flag_still_around_is_asked_whether_it_was_removed(
    capsys: pytest.CaptureFixture[str],
) -> None:
    record = one(capsys, "kubefed --secret-name still around?")
    assert record["status"] == "answered", record
    assert "Remove the `--secret-name` flag from `kubefed join`" in record["text"]


@pytest.mark.parametrize(
    ("question", "said"),
    [
        # The notes write "healthchecks" and "ratelimit" as one word, and "children".
        ("onlylocal service health checks, any fix in 1.7?", "OnlyLocal Service healthchecks"),
        ("iptables throttling for kube-proxy?", "ratelimit runs of iptables"),
        ("do kubectl plugins support child plugins", "plugins as children of other plugins"),
    ],
)
def test_a_word_the_notes_write_otherwise_still_finds_them(
    capsys: pytest.CaptureFixture[str], question: str, said: str
) -> None:
    record = one(capsys, question)
    assert record["status"] == "answered", record
    assert said in record["text"]


def test_something_else_to_use_names_no_subject_of_its_own(
    capsys: pytest.CaptureFixture[str],
) -> None:
    record = one(
        capsys,
        "swagger 1.2 still supported? our generator reads /swaggerapi, should we use something "
        "else now?",
    )
    assert record["status"] == "answered", record
    assert "Please use OpenAPI instead" in record["text"]


def test_still_recommended_asks_whether_a_thing_is_deprecated(
    capsys: pytest.CaptureFixture[str],
) -> None:
    record = one(capsys, "is /swaggerapi still recommended for generating clients?")
    assert record["status"] == "answered", record
    assert "is deprecated. Please use OpenAPI instead" in record["text"]


def test_a_limit_or_a_delay_asked_is_an_amount_a_note_must_state(
    capsys: pytest.CaptureFixture[str],
) -> None:
    # The Dashboard note raises its memory limits without saying to what; the Cluster
    # Autoscaler 0.6 note states no delay.
    for record in ask(
        capsys,
        "whats the new dashboard memory limit in 1.7",
        "which scale down delay does the 0.6 cluster autoscaler default to",
    ):
        assert record["status"] != "answered", record


def test_the_version_of_a_thing_a_note_names_without_one_is_not_answered(
    capsys: pytest.CaptureFixture[str],
) -> None:
    # Docker's known issues name a kernel crash, never a kernel version.
    record = one(capsys, "what kernel version does overlay2 need with docker 1.12.6")
    assert record["status"] != "answered", record


def test_the_version_of_a_thing_a_note_versions_is_still_answered(
    capsys: pytest.CaptureFixture[str],
) -> None:
    record = one(capsys, "which docker version is validated for 1.7?")
    assert record["status"] == "answered", record
    assert "1.12.6" in record["text"]


def test_a_subcommand_the_note_does_not_name_is_another_command(
    capsys: pytest.CaptureFixture[str],
) -> None:
    # The note changes `kubectl set selector` and says "at the top"; `kubectl top` it never names.
    record = one(capsys, "kubectl top pods broken in 1.7?")
    assert record["status"] != "answered", record


def test_a_subcommand_the_note_names_is_still_answered(
    capsys: pytest.CaptureFixture[str],
) -> None:
    record = one(capsys, "kubectl set selector output in 1.7, can i pipe it as yaml?")
    assert record["status"] == "answered", record
    assert "#46507" in record["text"]


def test_what_a_thing_is_that_no_note_names_is_not_answered(
    capsys: pytest.CaptureFixture[str],
) -> None:
    # The Calico note names Calico 2.2 in kube-up on GCE, never an MTU.
    record = one(capsys, "what's the recommended mtu with calico v2.2 on gce")
    assert record["status"] != "answered", record


def test_a_kubectl_action_neither_source_writes_is_offered_not_answered(
    capsys: pytest.CaptureFixture[str],
) -> None:
    # DaemonSet rollback and `kubectl rollout` undo and history say nothing of pausing.
    paused, history = ask(
        capsys,
        "does kubectl rollout pause work w/ daemonsets now",
        "kubectl rollout history for a daemonset in 1.7?",
    )
    assert paused["status"] == "suggested", paused
    assert history["status"] == "answered", history


def test_a_how_to_after_a_story_sharing_only_everyday_words_is_not_answered(
    capsys: pytest.CaptureFixture[str],
) -> None:
    # The ask, after the story, is how React works: the Juju charms' note that "handles" state
    # and hooks shares only everyday words with it.
    record = one(
        capsys, "We're moving the frontend off class components. How do React hooks handle state?"
    )
    assert record["status"] != "answered", record


def test_a_question_naming_only_the_platform_it_runs_on_is_not_a_notes_question(
    capsys: pytest.CaptureFixture[str],
) -> None:
    # GKE is where the asker runs Kubernetes; the GPU note "available" in GCE is not about it.
    record = one(capsys, "is 1.7 available on gke already")
    assert record["status"] != "answered", record


def test_a_path_in_backticks_is_named_not_pasted(capsys: pytest.CaptureFixture[str]) -> None:
    # `/swaggerapi/` in code font is what the question is about, as the Swagger 1.2 note writes it.
    record = one(capsys, "our sdk generator still reads `/swaggerapi/`, is it deprecated in 1.7?")
    assert record["status"] == "answered", record
    assert "Swagger 1.2" in record["text"], record


def test_rolling_a_daemonset_back_with_kubectl_names_the_command(
    capsys: pytest.CaptureFixture[str],
) -> None:
    record = one(capsys, "my daemonset rollout broke, how do i roll it back with kubectl in 1.7?")
    assert record["status"] == "answered", record
    assert "kubectl rollout undo" in record["text"], record


def test_a_version_of_a_thing_the_notes_never_version_is_not_answered(
    capsys: pytest.CaptureFixture[str],
) -> None:
    # CentOS is named in the notes (a secure etcd for its provider), its releases never.
    record = one(capsys, "Can kubeadm 1.7 set up clusters on CentOS 6 machines?")
    assert record["status"] != "answered", record


def test_a_version_asked_of_a_thing_the_note_versions_is_answered_by_its_list(
    capsys: pytest.CaptureFixture[str],
) -> None:
    # Cinder's v1, v2 and auto APIs are supported: v3 is not among them, and the note says so
    # by listing them, as the validated Docker versions answer for Docker 17.03.
    for question in (
        "openstack cinder v2 api supported in 1.7?",
        "is the cinder v3 api supported?",
    ):
        record = one(capsys, question)
        assert record["status"] == "answered", record
        assert "#40423" in record["text"]
        assert "v1/v2/auto" in record["text"]


def test_when_a_deprecated_thing_goes_away_is_not_dated_by_its_deprecation(
    capsys: pytest.CaptureFixture[str],
) -> None:
    # The note deprecates spec.templateGeneration in 1.7 and names no release removing it.
    record = one(capsys, "when does the DaemonSet templateGeneration field go away for good?")
    assert record["status"] != "answered", record
    record = one(capsys, "was DaemonSet templateGeneration deprecated in 1.7?")
    assert record["status"] == "answered", record
    assert "#45924" in record["text"]


def test_a_maturity_checked_of_an_answer_stating_none_gets_no_yes(
    capsys: pytest.CaptureFixture[str],
) -> None:
    # Bitmovin's canary deployments and a note on "a more stable hashing algorithm" for
    # Deployments: neither says what maturity Deployments have.
    for question in ("are deployments GA in 1.7?", "deployments stable yet in 1.7?"):
        record = one(capsys, question)
        assert record["status"] != "answered", record
        assert not record["text"].startswith("*Yes*"), record


def test_a_maturity_checked_of_an_answer_stating_one_still_gets_its_yes(
    capsys: pytest.CaptureFixture[str],
) -> None:
    record = one(capsys, "is network policy GA in 1.7?")
    assert record["status"] == "answered", record
    assert record["text"].startswith("*Yes*"), record


def test_how_to_switch_on_what_a_note_only_announces_is_not_answered(
    capsys: pytest.CaptureFixture[str],
) -> None:
    # "Add UDP metrics (collection disabled by default)": off, and not how to turn them on.
    record = one(capsys, "how can we switch on cAdvisor's UDP metrics?")
    assert record["status"] != "answered", record
    # A note naming the flag to use tells how.
    record = one(capsys, "how do i make kube-proxy write its default config to a file?")
    assert record["status"] == "answered", record
    assert "--write-config-to" in record["text"]


def test_the_largest_amount_asked_is_no_version(capsys: pytest.CaptureFixture[str]) -> None:
    # The Cluster Autoscaler note's only number is its own version, 0.6.
    record = one(capsys, "what's the biggest cluster size Cluster Autoscaler 0.6 was tested with?")
    assert record["status"] != "answered", record


def test_the_release_removing_a_deprecated_api_is_not_its_deprecation(
    capsys: pytest.CaptureFixture[str],
) -> None:
    record = one(capsys, "swagger 1.2 is deprecated, ok - in what release does it get removed?")
    assert record["status"] != "answered", record


def test_a_flags_name_is_not_answered_by_a_note_writing_no_flag(
    capsys: pytest.CaptureFixture[str],
) -> None:
    # The note makes the windows "configurable in arguments of kube-controller-manager" and
    # names no flag.
    record = one(
        capsys,
        "hpa upscale and downscale forbidden windows are configurable now - what are the "
        "controller-manager flag names?",
    )
    assert record["status"] != "answered", record


def test_which_flag_does_something_is_the_note_writing_the_flag(
    capsys: pytest.CaptureFixture[str],
) -> None:
    record = one(capsys, "which kube-proxy flag writes the default config?")
    assert record["status"] == "answered", record
    assert "--write-config-to" in record["text"]


def test_a_name_asked_for_is_not_the_one_the_answer_spells_for_its_rival(
    capsys: pytest.CaptureFixture[str],
) -> None:
    # Both the highlight and the note spell out RotateKubeletClientCertificate, the client
    # certificate's gate; the server certificate's they never name.
    record = one(capsys, "what feature gate turns on the kubelet's server certificate rotation?")
    assert record["status"] != "answered", record
    record = one(capsys, "what's the feature gate for kubelet client certificate rotation")
    assert record["status"] == "answered", record
    assert "RotateKubeletClientCertificate" in record["text"]


def test_what_a_thing_is_called_is_not_told_by_a_note_calling_it_nothing(
    capsys: pytest.CaptureFixture[str],
) -> None:
    # The note introduces "a lightweight monitoring component" for the core metrics API and
    # never names it.
    record = one(capsys, "what's the new lightweight core metrics server for the hpa called?")
    assert record["status"] != "answered", record
    # The note on renaming contexts names its command.
    record = one(capsys, "what is the new kubectl command for renaming a context called?")
    assert record["status"] == "answered", record
    assert "rename-context" in record["text"]


def test_a_flags_value_asked_needs_an_answer_writing_one(
    capsys: pytest.CaptureFixture[str],
) -> None:
    # The highlight on pluggable cloud providers never writes --cloud-provider, let alone its
    # value for an out-of-tree provider.
    record = one(
        capsys,
        "cloud providers out of tree, alpha: what do I set --cloud-provider to on the kubelet?",
    )
    assert record["status"] != "answered", record
    # The kubelet's client certificate rotation is written with its flag's value.
    record = one(capsys, "what do i set --feature-gates to for kubelet client cert rotation?")
    assert record["status"] == "answered", record
    assert "--feature-gates=RotateKubeletClientCertificate=true" in record["text"]


def test_a_note_sharing_no_subject_with_the_highlight_is_not_its_detail(
    capsys: pytest.CaptureFixture[str],
) -> None:
    # "Serving the core resource metrics API" shares words with the question, and nothing of
    # API aggregation: it is no detail of the highlight.
    record = one(capsys, "how can I serve my own apiserver next to the core kubernetes API?")
    assert record["status"] == "answered", record
    assert record["entry"] == "api-aggregation"
    assert "monitoring component" not in record["text"]


def test_a_section_named_beside_a_thing_a_note_names_is_that_notes(
    capsys: pytest.CaptureFixture[str],
) -> None:
    # "Provisioning" names the section; cluster/ubuntu is what is asked about, and its note
    # (removed for lack of maintenance) answers, not the section's digest.
    record = one(capsys, "is cluster/ubuntu still there for provisioning?")
    assert record["status"] == "answered", record
    assert "lack of maintenance" in record["text"]


def test_support_for_a_named_platform_the_note_never_names_is_not_answered(
    capsys: pytest.CaptureFixture[str],
) -> None:
    # Frakti's note says it passed the node conformance tests; of Windows it says nothing.
    record = one(capsys, "does Frakti support Windows containers yet?")
    assert record["status"] != "answered", record
    # Node and RBAC are the authorization modes the note lets kubeadm enable together.
    record = one(capsys, "can kubeadm run with Node,RBAC authz modes togther or only one at a time")
    assert record["status"] == "answered", record
    assert "#42557" in record["text"]


@pytest.mark.parametrize(
    ("question", "words"),
    [
        ("can I roll back a DaemonSet update in 1.7?", ["history and rollback"]),
        ("how do I serve my own apiserver with the rest of the kubernetes api?", ["aggregated"]),
    ],
)
def test_a_highlight_restating_a_note_says_it_in_the_notes_words(
    capsys: pytest.CaptureFixture[str], question: str, words: list[str]
) -> None:
    # Someone who read "DaemonSet supports history and rollback" in the release notes finds
    # those words in the answer, not only the announcement's.
    record = one(capsys, question)
    assert record["status"] == "answered", record
    assert all(w in record["text"] for w in words), record["text"]
