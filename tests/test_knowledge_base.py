"""The shipped knowledge base: valid, covering the whole announcement, and self-consistent."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest

from bot.config import DEFAULT_KNOWLEDGE_DIR
from bot.core.events import describe_when
from bot.core.kbaudit import VOUCHED_LINKS_FILE, read_vouched_links
from bot.core.kbcheck import self_test
from bot.core.kbdraft import absolute_url, extract_links
from bot.core.knowledge import MAX_ANSWER_CHARS, KnowledgeBase, read_knowledge
from bot.core.matcher import Matcher

ANNOUNCEMENT = DEFAULT_KNOWLEDGE_DIR / "sources" / "kubernetes-1.7-announcement.md"
# The post's front matter `url:`, as kubernetes.io serves it (lower case, trailing slash).
ANNOUNCEMENT_URL = (
    "https://kubernetes.io/blog/2017/06/"
    "kubernetes-1-7-security-hardening-stateful-application-extensibility-updates/"
)

RELEASE_NOTES_URL = (
    "https://github.com/kubernetes/kubernetes/blob/master/CHANGELOG/CHANGELOG-1.7.md#v170"
)

# Every fact group of the announcement, as a phrase its answer must carry: whole, as the
# announcement words it, emphasis included ("*widespread production use*", never
# "widespread *production* use", which a reader searching for the phrase does not find).
FACT_GROUPS = [
    "June 30, 2017",
    "Aparna Sinha",
    "Ihor Dvoretskyi",
    "Mirantis",
    "security hardening",
    "widespread production use",
    "enterprise environments",
    "pluggable cloud providers",
    "CHANGELOG",
    "Dawn Chen",
    "release_team.md",
    "Network Policy API",
    "network plug-in",
    "node authorizer",
    "secrets, pods and other objects",
    "encryption for Secrets",
    "etcd",
    "client and server certificate rotation",
    "event filtering",
    "webhooks",
    "StatefulSet Updates",
    "Kafka, Zookeeper and etcd",
    "rolling updates",
    "Pod Management Policy",
    "burst mode",
    "local storage",
    "PVC/PV",
    "StorageClasses",
    "one pod per node",
    "rollback and history",
    "StorageOS",
    "highly-available, cluster-wide persistent volumes",
    "API aggregation",
    "3rd party or user-created",
    "RPC calls to retrieve container metrics",
    "Validation tests for the CRI",
    "containerd",
    "pod lifecycle and image management",
    "in-depth post introducing CRI",
    "external admission controllers",
    "limit kubelet access",
    "custom business logic",
    "Policy-based Federated Resource Placement",
    "regulation, pricing or performance",
    "Third Party Resource (TPR)",
    "Custom Resource Definitions (CRD)",
    "cleaner API",
    "removal in Kubernetes 1.8",
    "50,000 commits",
    "three years",
    "main Kubernetes repo",
    "fastest growing open source projects",
    "GolfNow",
    "NBC Sports Group",
    "infrastructure costs in half",
    "Bitmovin",
    "video infrastructure solutions",
    "multi-stage canary deployments",
    "Ocado",
    "online supermarket",
    "distributed data center",
    "smart warehouses",
    "Box",
    "Share your story",
    "v1.7.0",
    "interactive tutorials",
    "Austin",
    "Dec. 6-8, 2017",
    "largest Kubernetes gathering ever",
    "August 21, 2017",
    "October 6, 2017",
    "Special Interest Groups (SIGs)",
    "weekly",
    "community meeting",
    "Stack Overflow",
    "K8sPort",
    "advocates",
    "@Kubernetesio",
    "Twitter",
    "slack.k8s.io",
]

EXPECTED_SECTIONS = {
    "Introduction",
    "What's New",
    "Security",
    "Stateful workloads",
    "Extensibility",
    "Additional Features",
    "Deprecation",
    "Adoption",
    "Availability",
    "Get Involved",
}


def _all_text(kb: KnowledgeBase) -> str:
    parts = []
    for entry in kb.entries:
        parts.append(entry.answer)
        parts += [link.url for link in entry.links]
    return "\n".join(parts)


def test_shipped_knowledge_base_has_no_problems() -> None:
    _, problems = read_knowledge(DEFAULT_KNOWLEDGE_DIR)
    assert [str(p) for p in problems] == []


def test_release_points_at_the_announcement(kb: KnowledgeBase) -> None:
    assert kb.release == "1.7"
    assert kb.source_url == ANNOUNCEMENT_URL
    assert kb.release_date is not None
    assert kb.release_date.isoformat() == "2017-06-30"


def test_every_link_of_the_announcement_is_in_some_entry_or_replaced(kb: KnowledgeBase) -> None:
    links = extract_links(ANNOUNCEMENT.read_text(encoding="utf-8"))
    vouched = read_vouched_links(DEFAULT_KNOWLEDGE_DIR / "sources" / VOUCHED_LINKS_FILE, [])
    replaced = {link.replaces: link.url for link in vouched if link.replaces}
    text = _all_text(kb)
    missing = [link.url for link in links if replaced.get(link.url, link.url) not in text]
    assert len(links) >= 35
    assert missing == []


def test_no_answer_cites_a_link_the_site_no_longer_serves(kb: KnowledgeBase) -> None:
    text = _all_text(kb) + kb.source_url
    assert "/blog/2017/06/30/" not in text
    assert "CHANGELOG.md#v170" not in text
    release_notes = kb.entry("release-notes")
    assert release_notes is not None
    assert RELEASE_NOTES_URL in release_notes.answer


def test_relative_links_are_made_absolute_on_kubernetes_io(kb: KnowledgeBase) -> None:
    urls = [link.url for entry in kb.entries for link in entry.links]
    assert "https://kubernetes.io/docs/concepts/storage/volumes/#storageos" in urls
    assert all(url.startswith(("http://", "https://")) for url in urls)
    assert absolute_url("/docs/x/") == "https://kubernetes.io/docs/x/"


@pytest.mark.parametrize("phrase", FACT_GROUPS)
def test_every_fact_group_is_in_some_answer(kb: KnowledgeBase, phrase: str) -> None:
    answers = "\n".join(entry.answer for entry in kb.entries).lower()
    assert phrase.lower() in answers


def test_every_answer_links_its_source(kb: KnowledgeBase) -> None:
    for entry in kb.entries:
        assert re.search(r"<https?://[^|>]+\|[^>]+>", entry.answer), entry.id
        assert entry.links, entry.id
        for link in entry.links:
            assert link.url in entry.answer or any(
                other.url in entry.answer for other in entry.links
            ), entry.id


def test_entries_are_curated_with_many_ways_of_asking(kb: KnowledgeBase) -> None:
    assert len(kb.entries) >= 40
    for entry in kb.entries:
        assert 6 <= len(entry.alternates) <= 40, entry.id
        assert entry.keywords, entry.id
        assert entry.section in EXPECTED_SECTIONS, entry.id


def test_event_answers_read_well_before_and_after_and_always_carry_the_date(
    kb: KnowledgeBase,
) -> None:
    dated = {
        "kubecon-austin": "Dec. 6-8",
        "kubecon-cfp": "August 21",
        "kubecon-registration": "October 6",
    }
    for entry_id, date_phrase in dated.items():
        entry = kb.entry(entry_id)
        assert entry is not None
        assert entry.event is not None
        event = kb.event(entry.event)
        assert event is not None
        for now in (datetime(2017, 7, 1, tzinfo=UTC), datetime(2026, 1, 1, tzinfo=UTC)):
            rendered = entry.answer.replace("{when}", describe_when(event, now))
            assert date_phrase in rendered
            assert "{" not in rendered
            assert len(rendered) <= MAX_ANSWER_CHARS
        past = entry.answer.replace(
            "{when}", describe_when(event, datetime(2026, 1, 1, tzinfo=UTC))
        )
        assert "took place" in past or "closed on" in past


def test_every_title_and_alternate_retrieves_its_own_entry(kb: KnowledgeBase) -> None:
    report = self_test(kb, Matcher(kb))
    failures = [str(probe) for probe in (*report.collisions, *report.missed)]
    assert failures == [], report.summary()
    assert report.retrieved == report.total
