"""Reading the v1.7.0 release notes: every note, section, pull-request link and table row."""

from __future__ import annotations

import re

import pytest

from bot.config import DEFAULT_KNOWLEDGE_DIR
from bot.core.notes.parse import NotesError, ReleaseNotes, parse_release_notes

SOURCE = DEFAULT_KNOWLEDGE_DIR / "sources" / "kubernetes-1.7.0-release-notes.md"
MARKDOWN = SOURCE.read_text(encoding="utf-8")
_PR_LINK = re.compile(r"\[([\w/-]*#\d+)\]\((https://github\.com/[^)]+/(?:pull|issues)/\d+)\)")


@pytest.fixture(scope="module")
def notes() -> ReleaseNotes:
    return parse_release_notes(MARKDOWN)


def _section(notes: ReleaseNotes, *path: str) -> list[str]:
    return [n.text for n in notes.notes if n.section[: len(path)] == path]


def test_every_section_with_a_list_holds_notes(notes: ReleaseNotes) -> None:
    headings = {tuple(s) for s in notes.sections}
    with_notes = {n.section for n in notes.notes}
    # Every heading yields notes, except the download tables and the list of pre-releases.
    tables = ("Downloads for v1.7.0", "Previous Releases Included in v1.7.0")
    empty = {
        h
        for h in headings
        if not any(s[: len(h)] == h for s in with_notes) and not set(tables) & set(h)
    }
    assert empty == set()
    assert ("Action Required Before Upgrading", "kubectl (CLI)") in with_notes
    assert ("Notable Features", "Storage", "Local Storage") in with_notes
    assert ("Notable Features", "Other notable changes", "kube-proxy", "Features") in with_notes


def test_a_plain_heading_between_bold_sections_belongs_to_the_section_before(
    notes: ReleaseNotes,
) -> None:
    assert _section(notes, "Notable Features", "Kubefed")
    assert _section(notes, "Notable Features", "Kubernetes API", "User Provided Extensions")


def test_every_pull_request_link_is_a_reference_of_a_note(notes: ReleaseNotes) -> None:
    cited = {r.url for n in notes.notes for r in n.references}
    in_source = {url for _, url in _PR_LINK.findall(MARKDOWN)}
    assert in_source - cited == set()
    assert len(in_source) >= 290  # distinct pull requests and issues the notes cite


def test_a_note_carries_its_pr_author_and_flags(notes: ReleaseNotes) -> None:
    netpol = next(n for n in notes.notes if "networking.k8s.io/v1 API group" in n.text)
    assert [r.label for r in netpol.references] == ["#39164"]
    assert netpol.references[0].url == "https://github.com/kubernetes/kubernetes/pull/39164"
    assert netpol.authors == ("danwinship",)
    assert netpol.action_required
    assert not netpol.known_issue
    assert "delete any existing NetworkPolicy objects" in netpol.text
    assert "(#39164" not in netpol.text
    assert "@danwinship" not in netpol.text
    encryption = next(n for n in notes.notes if n.text.startswith("Encrypt secrets stored in etcd"))
    assert encryption.maturity == "alpha"
    assert encryption.section == ("Notable Features", "Security", "Encryption at Rest")
    tpr = next(n for n in notes.notes if n.text.startswith("ThirdPartyResource is deprecated"))
    assert tpr.deprecation
    assert tpr.maturity == "beta"
    assert all(n.known_issue for n in notes.notes if n.section[0] == "Known Issues")
    assert len([n for n in notes.notes if n.known_issue]) == 5


def test_text_is_slack_mrkdwn(notes: ReleaseNotes) -> None:
    storageos = next(n for n in notes.notes if "StorageOS" in n.text)
    assert "<https://kubernetes.io/docs/concepts/storage/persistent-volumes/#storageos|" in (
        storageos.text
    )
    aws = next(n for n in notes.notes if "200 nodes with ELBs" in n.text)
    assert "&gt; 200 nodes" in aws.text
    role = next(n for n in notes.notes if n.text.startswith("`kubectl create role`"))
    assert "`--resource-name`" in role.text


def test_a_command_or_manifest_in_a_note_is_kept_as_a_code_block(notes: ReleaseNotes) -> None:
    # "run the following command:" is followed by the command, as the notes print it.
    gce = next(n for n in notes.notes if "run the following command" in n.text)
    assert gce.text.endswith(
        "upgrading to 1.7:\n```kubectl create clusterrolebinding kube-system-default "
        "--serviceaccount=kube-system:default --clusterrole=cluster-admin```"
    )
    assert ".." not in gce.text
    netpol = next(n for n in notes.notes if "networking.k8s.io/v1 API group" in n.text)
    manifest = "```kind: NetworkPolicy\napiVersion: networking.k8s.io/v1\nmetadata:\n"
    assert manifest + "  name: default-deny\nspec:\n  podSelector:```" in netpol.text


def test_group_labels_become_part_of_the_section_path(notes: ReleaseNotes) -> None:
    rename = next(n for n in notes.notes if "rename-context" in n.text)
    assert rename.section[-2:] == ("Features", "New commands")
    assert not any(n.text in {"Features", "Bug fixes", "AWS", "Enhancement"} for n in notes.notes)


def test_no_html_comment_table_row_or_link_list_is_a_note(notes: ReleaseNotes) -> None:
    texts = [n.text for n in notes.notes]
    assert not any("<!--" in t or "Source: kubernetes/kubernetes" in t for t in texts)
    assert not any(".tar.gz" in t or re.search(r"[0-9a-f]{64}", t) for t in texts)
    assert not any("v1.7.0-rc.1" in t or t.startswith("<https://docs.k8s.io") for t in texts)


def test_the_download_tables_are_facts(notes: ReleaseNotes) -> None:
    assert len(notes.downloads) == 23
    arm64 = [d for d in notes.downloads if d.filename == "kubernetes-node-linux-arm64.tar.gz"]
    assert len(arm64) == 1
    assert arm64[0].section == "Node Binaries"
    assert arm64[0].url == "https://dl.k8s.io/v1.7.0/kubernetes-node-linux-arm64.tar.gz"
    assert arm64[0].sha256.startswith("dd75dc044fb1f337")


def test_dependency_versions_are_notes_of_their_section(notes: ReleaseNotes) -> None:
    versions = _section(notes, "External Dependency Version Information")
    assert any(
        t.startswith("Docker versions 1.10.3, 1.11.2, 1.12.6 have been validated") for t in versions
    )
    assert "etcd version 3.0.17" in versions
    assert any("rkt version 1.23.0+" in t for t in versions)


def _error(markdown: str) -> str:
    with pytest.raises(NotesError) as caught:
        parse_release_notes(markdown)
    return str(caught.value)


def test_an_unknown_maturity_tag_is_reported_with_its_line() -> None:
    message = _error("# v9.9.0\n\n## **Notable Features**\n\n* [gamma] Warp drive\n")
    assert "line 5: unknown maturity tag [gamma]" in message


def test_a_reference_that_links_elsewhere_is_reported_with_its_line() -> None:
    markdown = (
        "# v9.9.0\n\n## **Storage**\n\n* One ([#1](https://github.com/kubernetes/kubernetes/pull/1))\n"
        "* Two ([#22](https://github.com/kubernetes/kubernetes/pull/23))\n"
    )
    assert "line 6: reference '#22' does not link to it" in _error(markdown)


def test_a_broken_download_row_is_reported_with_its_line() -> None:
    markdown = (
        "# v9.9.0\n\n## Downloads\n\nfilename | sha256 hash\n-------- | -----------\n"
        "[k.tar.gz](https://dl.example/k.tar.gz) | `abc`\n\n## **Notes**\n\n* a note\n"
    )
    assert "line 7: a download row needs one linked file and a 64-digit sha256" in _error(markdown)


def test_a_list_before_any_section_and_a_missing_title_are_reported() -> None:
    message = _error("* a note with no section\n")
    assert "line 1: a list before any section heading" in message
    assert "no '# v1.x.y' title" in message


def test_text_that_is_not_release_notes_says_so() -> None:
    assert "no release notes found" in _error("# v1.7.0\n\nJust a paragraph.\n")


def test_a_list_marker_glued_after_a_notes_citation_is_not_the_notes_text(
    notes: ReleaseNotes,
) -> None:
    # The source ends kubeadm's proxy client-certs item with "...@deads2k))* CentOS provider":
    # the next group's label lost its line break, and is no part of the note.
    certs = next(n for n in notes.notes if n.references and n.references[0].label == "#43715")
    assert certs.text == (
        "add proxy client-certs to kube-apiserver to allow it to proxy aggregated api servers"
    )
    assert not any(n.text.endswith("* CentOS provider") for n in notes.notes)
