"""A broken knowledge base is refused with every problem, each with its file, line and entry."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from bot.core.knowledge import KnowledgeError, Problem, load_knowledge, read_knowledge

EVENTS = """\
events:
  - id: kubecon-cfp
    name: KubeCon speaking submissions
    kind: deadline
    date: 2017-08-21
    timezone: America/Chicago
    url: https://example.org/cfp
"""

NETWORK_POLICY = """\
  - id: network-policy
    title: Is network policy stable?
    answer: Network policy is *stable* in 1.7. <https://kubernetes.io/docs/np/|Docs>
    section: Security
    alternates: [netpol, pod firewall]
    keywords: [network, policy]
    links:
      - label: Network Policies
        url: https://kubernetes.io/docs/np/
"""

CFP = """\
  - id: kubecon-cfp
    title: When does the CFP close?
    event: kubecon-cfp
    answer: "Speaking submissions are due *August 21, 2017*: the CFP {when}. <https://example.org/cfp|CFP>"
    section: Get Involved
    alternates: [call for proposals, talk submission]
    keywords: [cfp]
    links:
      - label: CFP
        url: https://example.org/cfp
"""

HEADER = """\
release:
  version: "1.7"
  url: https://kubernetes.io/blog/2017/06/30/kubernetes-1.7/
  date: 2017-06-30
entries:
"""


def write_kb(
    directory: Path,
    entries: str = NETWORK_POLICY + CFP,
    synonyms: str = "synonyms:\n  np: network policy\n",
    header: str = HEADER,
) -> Path:
    """A knowledge directory with these entries, synonyms and one event."""
    (directory / "k17.yaml").write_text(header + entries, encoding="utf-8")
    (directory / "synonyms.yaml").write_text(synonyms, encoding="utf-8")
    (directory / "events.yaml").write_text(EVENTS, encoding="utf-8")
    return directory


def line_of(directory: Path, needle: str, file: str = "k17.yaml", occurrence: int = 1) -> int:
    """The 1-based line of the n-th line containing `needle`."""
    seen = 0
    for number, line in enumerate((directory / file).read_text().splitlines(), start=1):
        if needle in line:
            seen += 1
            if seen == occurrence:
                return number
    raise AssertionError(f"{needle!r} not in {file}")


def problems_of(directory: Path) -> list[Problem]:
    """Every problem reported for the directory."""
    return list(read_knowledge(directory)[1])


def only(problems: list[Problem], words: str) -> Problem:
    """The one problem whose message contains `words`."""
    found = [p for p in problems if words in p.message]
    assert len(found) == 1, [str(p) for p in problems]
    return found[0]


def test_a_valid_knowledge_base_loads(tmp_path: Path) -> None:
    kb = load_knowledge(write_kb(tmp_path))
    assert [e.id for e in kb.entries] == ["network-policy", "kubecon-cfp"]
    assert kb.synonyms == {"np": ("network policy",)}
    assert kb.entry("kubecon-cfp") is not None


def test_missing_field_is_reported_at_the_entry(tmp_path: Path) -> None:
    entries = NETWORK_POLICY.replace("    section: Security\n", "") + CFP
    directory = write_kb(tmp_path, entries)
    problem = only(problems_of(directory), "'section' is missing")
    assert problem.entry == "network-policy"
    assert problem.line == line_of(directory, "id: network-policy")
    assert str(problem) == (
        f"{directory / 'k17.yaml'}:{problem.line} entry 'network-policy': "
        "'section' is missing or empty"
    )


def test_empty_answer_is_reported_at_its_line(tmp_path: Path) -> None:
    entries = NETWORK_POLICY + CFP.replace(CFP.splitlines()[3], '    answer: "   "').replace(
        "    event: kubecon-cfp\n", ""
    )
    directory = write_kb(tmp_path, entries)
    problem = only(problems_of(directory), "'answer' is missing or empty")
    assert problem.entry == "kubecon-cfp"
    assert problem.line == line_of(directory, 'answer: "   "')


def test_duplicate_ids_name_both_lines(tmp_path: Path) -> None:
    second = NETWORK_POLICY.replace("Is network policy stable?", "What is network policy?")
    second = second.replace("[netpol, pod firewall]", "[np]")
    directory = write_kb(tmp_path, NETWORK_POLICY + second)
    problem = only(problems_of(directory), "duplicate id")
    first_line = line_of(directory, "id: network-policy")
    assert problem.line == line_of(directory, "id: network-policy", occurrence=2)
    assert f"first used at line {first_line}" in problem.message


def test_over_long_answer_is_reported_with_its_length(tmp_path: Path) -> None:
    long_answer = "Network policy is stable. " * 25 + "<https://kubernetes.io/docs/np/|Docs>"
    entries = NETWORK_POLICY.replace(NETWORK_POLICY.splitlines()[2], f"    answer: {long_answer}")
    directory = write_kb(tmp_path, entries + CFP)
    problem = only(problems_of(directory), "characters once rendered")
    assert problem.message.startswith(f"answer is {len(long_answer)} characters")
    assert problem.line == line_of(directory, "answer: Network policy is stable.")


def test_answer_counts_the_time_aware_phrase_against_the_limit(tmp_path: Path) -> None:
    # 590 characters fit, but not once {when} says "closes in 9999 days (August 21, 2017)".
    padding = "x" * (590 - len("{when} <https://example.org/cfp|CFP>") - 1)
    entries = NETWORK_POLICY + CFP.replace(
        CFP.splitlines()[3], f'    answer: "{padding} {{when}} <https://example.org/cfp|CFP>"'
    )
    directory = write_kb(tmp_path, entries)
    problem = only(problems_of(directory), "characters once rendered")
    assert problem.entry == "kubecon-cfp"


@pytest.mark.parametrize(
    ("answer", "message"),
    [
        ("See <kubernetes.io/docs|the docs>.", "malformed link <kubernetes.io/docs|the docs>"),
        ("See <https://kubernetes.io/docs|the docs.", "unbalanced '<'"),
        ("See https://kubernetes.io/docs|the docs>.", "stray '>'"),
        ("See <https://kubernetes.io/docs|>.", "has an empty label"),
        ("Ping <!channel> now.", "malformed link <!channel>"),
        ("Hi {name}.", "unknown placeholder {name}"),
    ],
)
def test_malformed_markup_in_an_answer_is_reported(
    tmp_path: Path, answer: str, message: str
) -> None:
    entries = NETWORK_POLICY.replace(NETWORK_POLICY.splitlines()[2], f'    answer: "{answer}"')
    directory = write_kb(tmp_path, entries + CFP)
    problem = only(problems_of(directory), message)
    assert problem.entry == "network-policy"
    assert problem.line == line_of(directory, f'answer: "{answer}"')


def test_link_that_is_not_http_is_reported_at_the_link(tmp_path: Path) -> None:
    entries = NETWORK_POLICY.replace("url: https://kubernetes.io/docs/np/", "url: ftp://x/np")
    directory = write_kb(tmp_path, entries + CFP)
    problem = only(problems_of(directory), "is not an http(s) URL")
    assert problem.message == "link url 'ftp://x/np' is not an http(s) URL"
    assert problem.line == line_of(directory, "- label: Network Policies")


def test_unknown_event_is_reported_with_the_known_ones(tmp_path: Path) -> None:
    directory = write_kb(tmp_path, NETWORK_POLICY + CFP.replace("event: kubecon-cfp", "event: cfp"))
    problem = only(problems_of(directory), "unknown event 'cfp'")
    assert "kubecon-cfp" in problem.message
    assert problem.line == line_of(directory, "event: cfp")


def test_time_aware_answer_needs_an_event(tmp_path: Path) -> None:
    directory = write_kb(tmp_path, NETWORK_POLICY + CFP.replace("    event: kubecon-cfp\n", ""))
    only(problems_of(directory), "uses {when} but the entry has no 'event'")


def test_unknown_synonym_target_is_reported_at_its_line(tmp_path: Path) -> None:
    synonyms = "synonyms:\n  np: network policy\n  sts: statefulset\n  netpols: network policies\n"
    directory = write_kb(tmp_path, synonyms=synonyms)
    problem = only(problems_of(directory), "appears nowhere")
    assert problem.message == (
        "synonym 'sts' -> 'statefulset': 'statefulset' appears nowhere in the knowledge base"
    )
    assert problem.file.endswith("synonyms.yaml")
    assert problem.line == line_of(directory, "sts:", file="synonyms.yaml")


def test_a_synonym_listed_twice_is_reported_at_its_second_line(tmp_path: Path) -> None:
    synonyms = "synonyms:\n  np: network policy\n  cfp: talk submission\n  np: [policy]\n"
    directory = write_kb(tmp_path, synonyms=synonyms)
    problem = only(problems_of(directory), "appears twice")
    assert problem.message == "synonym 'np' appears twice"
    assert problem.line == line_of(directory, "np:", file="synonyms.yaml", occurrence=2)


def test_broken_yaml_is_reported_with_its_line(tmp_path: Path) -> None:
    entries = NETWORK_POLICY.replace(
        "    alternates: [netpol, pod firewall]", "    alternates: [netpol"
    )
    directory = write_kb(tmp_path, entries + CFP)
    [problem] = problems_of(directory)
    assert problem.message.startswith("is not valid YAML")
    assert problem.line is not None
    assert abs(problem.line - line_of(directory, "alternates: [netpol")) <= 1


def test_broken_events_file_is_reported_with_its_line(tmp_path: Path) -> None:
    directory = write_kb(tmp_path)
    (directory / "events.yaml").write_text("events:\n  - id: [unclosed\n", encoding="utf-8")
    problems = problems_of(directory)
    yaml_problems = [p for p in problems if p.file.endswith("events.yaml")]
    assert yaml_problems
    assert yaml_problems[0].line is not None


def test_missing_file_is_reported(tmp_path: Path) -> None:
    directory = write_kb(tmp_path)
    (directory / "synonyms.yaml").unlink()
    problem = only(problems_of(directory), "file is missing")
    assert problem.file.endswith("synonyms.yaml")


def test_misspelt_field_and_repeated_key_are_reported(tmp_path: Path) -> None:
    entries = NETWORK_POLICY.replace("    alternates:", "    alternate:") + CFP.replace(
        "    section: Get Involved\n", "    section: Get Involved\n    section: Events\n"
    )
    directory = write_kb(tmp_path, entries)
    problems = problems_of(directory)
    assert only(problems, "unknown field 'alternate'").line == line_of(directory, "alternate:")
    assert only(problems, "'section' appears twice").line == line_of(directory, "section: Events")


def test_same_alternate_on_two_entries_is_reported(tmp_path: Path) -> None:
    directory = write_kb(tmp_path, NETWORK_POLICY + CFP.replace("talk submission", "netpol"))
    problem = only(problems_of(directory), "is also asked by 'network-policy'")
    assert problem.entry == "kubecon-cfp"


def test_every_problem_is_reported_at_once_and_loading_refuses(tmp_path: Path) -> None:
    entries = (
        NETWORK_POLICY.replace("url: https://kubernetes.io/docs/np/", "url: nowhere")
        + CFP.replace("event: kubecon-cfp", "event: nope").replace(
            "    section: Get Involved\n", ""
        )
        + NETWORK_POLICY.replace("Is network policy stable?", "NP?").replace(
            "[netpol, pod firewall]", "[]"
        )
    )
    directory = write_kb(tmp_path, entries, synonyms="synonyms:\n  sts: statefulset\n")
    with pytest.raises(KnowledgeError) as raised:
        load_knowledge(directory)
    messages = "\n".join(str(p) for p in raised.value.problems)
    for expected in (
        "not an http(s) URL",
        "unknown event 'nope'",
        "'section' is missing",
        "duplicate id",
        "appears nowhere",
    ):
        assert expected in messages
    assert str(raised.value) == messages


def test_release_block_is_required(tmp_path: Path) -> None:
    directory = write_kb(tmp_path, header="entries:\n")
    only(problems_of(directory), "'release' (version, url, date) is missing")


def test_a_bad_release_date_is_reported_on_its_own_line(tmp_path: Path) -> None:
    directory = write_kb(tmp_path, header=HEADER.replace("2017-06-30", "June 30th"))
    problem = only(problems_of(directory), "'release.date' must be like 2017-06-30")
    assert problem.line == 4


def test_a_bad_release_url_is_reported_on_its_own_line(tmp_path: Path) -> None:
    directory = write_kb(tmp_path, header=HEADER.replace("https://", "ftp://"))
    problem = only(problems_of(directory), "'release.url' must be an http(s) URL")
    assert problem.line == 3


def test_entries_must_be_a_list(tmp_path: Path) -> None:
    directory = write_kb(tmp_path, entries="  id: oops\n")
    only(problems_of(directory), "must have an 'entries' list")


def test_yaml_document_that_is_not_a_mapping_is_refused(tmp_path: Path) -> None:
    directory = write_kb(tmp_path)
    (directory / "k17.yaml").write_text(textwrap.dedent("- just\n- a list\n"), encoding="utf-8")
    only(problems_of(directory), "must be a YAML mapping")


REMINDED = (
    EVENTS
    + """\
    reminders:
      - days_before: 7
        at: "09:00"
        message: "The {name} closes {relative}, {when}. {url}"
  - id: kubecon-austin
    name: KubeCon Austin
    kind: conference
    date: 2017-12-06
    end_date: 2017-12-08
    time: "09:00"
    timezone: America/Chicago
    url: https://example.org/austin
"""
)


def write_events(directory: Path, events: str) -> Path:
    """The valid knowledge directory with this events.yaml instead."""
    write_kb(directory)
    (directory / "events.yaml").write_text(events, encoding="utf-8")
    return directory


def test_an_impossible_date_is_reported_at_its_line(tmp_path: Path) -> None:
    directory = write_events(tmp_path, REMINDED.replace("date: 2017-08-21", "date: 2017-08-32"))
    [problem] = problems_of(directory)
    assert problem.file.endswith("events.yaml")
    assert problem.line == line_of(directory, "date: 2017-08-32", file="events.yaml")
    assert problem.entry == "kubecon-cfp"
    assert "'date' must be a calendar date like 2017-12-06, not '2017-08-32'" in problem.message


def test_one_bad_event_leaves_the_valid_ones_and_the_entries_naming_them(tmp_path: Path) -> None:
    directory = write_events(tmp_path, REMINDED.replace('time: "09:00"', 'time: "25:00"'))
    kb, problems = read_knowledge(directory)
    assert [str(p) for p in problems] == [
        f"{directory / 'events.yaml'}:{line_of(directory, '25:00', file='events.yaml')} "
        "entry 'kubecon-austin': 'time' must be HH:MM (00:00 to 23:59), not '25:00'"
    ]
    assert [event.id for event in kb.events] == ["kubecon-cfp"]


def test_an_unknown_placeholder_in_a_reminder_is_reported_at_the_reminder(tmp_path: Path) -> None:
    directory = write_events(tmp_path, REMINDED.replace("{relative}", "{relativ}"))
    problem = only(problems_of(directory), "unknown placeholder {relativ}")
    assert "(known: {name}, {when}, {relative}, {url})" in problem.message
    assert problem.line == line_of(directory, "- days_before: 7", file="events.yaml")


def test_a_stray_brace_in_a_reminder_is_reported(tmp_path: Path) -> None:
    directory = write_events(tmp_path, REMINDED.replace("{url}", "{url"))
    only(problems_of(directory), "unmatched brace")


def test_related_products_are_read_case_folded(tmp_path: Path) -> None:
    entries = NETWORK_POLICY.replace(
        "    section: Security\n", "    section: Security\n    related_products: [Calico, cilium]\n"
    )
    kb = load_knowledge(write_kb(tmp_path, entries + CFP))
    assert kb.entries[0].related_products == ("calico", "cilium")


def test_a_related_product_the_matcher_does_not_know_is_reported_at_its_line(
    tmp_path: Path,
) -> None:
    entries = NETWORK_POLICY.replace(
        "    section: Security\n", "    section: Security\n    related_products: [calico, kafka]\n"
    )
    directory = write_kb(tmp_path, entries + CFP)
    problem = only(problems_of(directory), "related product 'kafka'")
    assert problem.entry == "network-policy"
    assert problem.line == line_of(directory, "related_products:")
