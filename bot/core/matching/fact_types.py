"""Answer types: the kind of fact a question asks for, and the kinds an answer holds.

Some questions ask for a kind of fact ("how many", "which docker version", "where is it held",
"who", "when", "what are the criteria"), and an answer that holds no such fact is a near miss
however well its words match. `asked_types` reads what a question asks for from its words;
`answer_types` reads which kinds of fact an answer holds from its text. An entry lacking a type
the question asks for costs TYPE_PENALTY of relevance, counts as `penalized` in the confidence
model and is never answered outright (it may still be suggested).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache
from itertools import pairwise, takewhile
from typing import Literal

from bot.core.matching.settings import (
    CHANGE_WORDS,
    CHAT_WORDS,
    COUNT_QUALIFIERS,
    COUNTED_ALIKE,
    COUNTED_TIME_WORDS,
    CURRENCY_WORDS,
    HOW_MUCH_VERBS,
    LANGUAGE_NAMES,
    LANGUAGE_WORDS,
    NUMBER_ASKING_BEFORE,
    PLACE_VERBS,
    PLACE_WORDS,
    PRICE_ASKING_WORDS,
    PRICE_DEADLINE_WORDS,
    PRICE_NOUNS,
    PRICE_WORDS,
    PROGRAMME_WORDS,
    RELEASE_NAMES,
    RELEASE_OWNERS_NOT,
    RULES_SAYING,
    RULES_WORDS,
    STILL_ASKING_AFTER,
    STOPWORDS,
    TIME_ZONE_WORDS,
    VENUE_WORDS,
    VERSION_OWNERS_NOT,
)
from bot.core.matching.text import VERSION, release_of, stem, surface_words, words

AnswerType = Literal[
    "number",
    "count",
    "price",
    "version",
    "place",
    "venue",
    "programme",
    "person",
    "date",
    "rules",
    "time_zone",
    "language",
    "default",
    "contact",
    "identifier",
    "time",
    "channel",
    "lifetime",
    "cloud",
    "duration",
]
# "costs cut in half", "twice as fast": an amount said in words.
_PROPORTION = re.compile(r"\b(?:half|halved|twice|double[ds]?|triple[ds]?|percent)\b|%", re.I)
_PRICE = re.compile(r"[$€£]\s?\d|\b(?:usd|eur|dollars?|euros?|free of charge)\b", re.IGNORECASE)
_DATE = re.compile(
    r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+\d"
    r"|\b\d{1,2}\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)"
    r"|\b(?:19|20)\d\d\b|\b(?:mon|tues|wednes|thurs|fri|satur|sun)day\b"
    r"|\b(?:daily|weekly|biweekly|monthly|quarterly|yearly|annually)\b|\{when\}",
    re.IGNORECASE,
)
# A time of day or a day of the week ("10am PT", "Thursdays at 17:00"): what "what time" and "what
# day of the week" ask for, which a date or "weekly" does not give.
_TIME_OF_DAY = re.compile(
    r"\b\d{1,2}(?::\d\d)?\s?(?:am|pm|a\.m\.|p\.m\.)(?!\w)|\b\d{1,2}:\d\d\b|\bnoon\b"
    r"|\b(?:mon|tues|wednes|thurs|fri|satur|sun)days?\b",
    re.IGNORECASE,
)
_MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"
# A whole date, its range and year included ("Dec 6-8, 2017", "6 October 2017", "2017-06-30"):
# what is left of a text without them is what it counts.
_DATE_SPAN = re.compile(
    rf"\b{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?(?:\s*[-–]\s*\d{{1,2}})?(?:,?\s*(?:19|20)\d\d)?"
    rf"|\b\d{{1,2}}(?:\s*[-–]\s*\d{{1,2}})?\s+{_MONTH}(?:,?\s*(?:19|20)\d\d)?"
    r"|\b(?:19|20)\d\d(?:-\d\d-\d\d)?\b",
    re.IGNORECASE,
)
_PLACE = re.compile(r"\b[A-Z][a-z]+, [A-Z][a-z]+\b")
_TIME_ZONE = re.compile(
    r"\b(?:UTC|GMT|PST|PDT|PT|CET|CEST|EST|EDT|ET|time ?zones?|(?:Pacific|Eastern|Central) time)\b",
    re.IGNORECASE,
)
_ADDRESS = re.compile(r"\b\d+\s+[A-Z][a-z]+\s+(?:St|Street|Ave|Avenue|Blvd|Road|Rd|Drive)\b")
_VERSION_NUMBER = re.compile(r"\bv?(\d+\.\d+(?:\.\d+)*)")
# A numeral standing as a number, not a digit inside a name ("k8s", "ipv6", "arm64").
_THIRD_PARTY = re.compile(r"\b3rd(?=[- ]part(?:y|ies)\b)", re.IGNORECASE)
_NUMERAL = re.compile(r"(?<![A-Za-z])\d(?![A-Za-z])|(?<![A-Za-z])\d+(?:st|nd|rd|th|x|k|m)\b")
# A Slack channel by its name ("#kubernetes-users"), not a pull request ("#46799").
_SLACK_CHANNEL = re.compile(r"(?<![\w&])#[a-z][a-z0-9-]+", re.IGNORECASE)
# A Slack link's target (`<url|label>`, `<url>`): where it points, not what the answer says.
_LINK_TARGET = re.compile(r"<[^|>\s]+\|?")
# An ask word typed with its verb ("who's speaking", "when's kubecon") or in Slack shorthand
# ("wen is kubecon") is still the ask.
CONTRACTED_ASKS = {
    **{"whos": "who", "whens": "when", "wheres": "where", "hows": "how"},
    **{"wen": "when", "whn": "when", "wher": "where", "whr": "where"},
}
# How to reach someone: an e-mail address, a handle, a profile link.
_CONTACT = re.compile(
    r"[\w.+-]+@[\w-]+\.\w+|(?<![\w/])@\w+|(?:twitter|github)\.com/(?!kubernetes\b)\w+",
    re.IGNORECASE,
)
_CONTACT_WORDS = frozenset({"email", "emails", "e-mail", "phone", "handle", "handles"})
# Whose handle: "her github handle", "its handle"; "does X handle Y" asks no contact.
_HANDLE_OWNERS = frozenset(
    {"github", "gh", "twitter", "slack", "irc", "his", "her", "their", "its"}
)
# The literal names of settings: asked for, only a text that spells one out gives them.
_IDENTIFIER_WORDS = frozenset(
    {"annotation", "annotations", "flag", "flags", "label", "field", "env", "variable", "key"}
    | {"gate", "configmap", "rpc", "clusterrole", "option", "parameter", "param"}
    | {"fields", "keys", "variables", "gates", "rpcs", "options", "parameters", "params"}
)
# Before a kind of name: the literal asked for ("the exact annotation key", "config key").
_LITERAL_BEFORE = frozenset({"exact", "precise", "actual", "config", "configuration"})
# Before a kind of name asked of earlier in the sentence ("what is that flag called").
_POINTED_BEFORE = frozenset({"the", "that", "this", "its"})
# Words that make "what ... flag" ask what it does or is, not which it is.
_LINKING = frozenset(
    {"does", "do", "did", "is", "are", "was", "were", "the", "a", "an", "that", "this", "it"}
    | {"its", "should", "can", "will", "would", "happened", "happens", "about"}
)
_NAMING_AFTER = frozenset({"name", "names", "named", "called"})
# A name spelt out: in backticks, a --flag, an annotation key (not a link), a camelCase field,
# or a CamelCase one its kind introduces ("a new field MaxUnavailable").
_IDENTIFIER = re.compile(
    r"`[^`]+`|(?<!\w)--[a-z][\w-]+|(?<![/\w.-])[\w-]+(?:\.[\w-]+)*\.(?:io|com)/[\w./-]+|\b[a-z]+[A-Z]\w*"
    r"|\b(?:field|flag|annotation|option|parameter|gate)s?\s+[A-Z][a-z]+[A-Z]\w*"
)


def written_identifiers(text: str) -> list[str]:
    """The names a text spells out: in backticks, --flags, annotation keys, camelCase fields."""
    return _IDENTIFIER.findall(text)


# "which release will make it GA": a later release's plans, which only a text naming one gives.
FUTURE_WORDS = frozenset(
    {"will", "going", "gonna", "planned", "eta", "scheduled", "upcoming", "expected", "expect"}
)
_PERSON = re.compile(r"\b[A-Z][a-z]+ [A-Z][a-z]+")
RULES_HELD = frozenset(stem(w) for w in RULES_SAYING)
# The words of `asked_types`' branches that are no list of settings.
_NUMBER_WORDS = frozenset({"number", "numbers"})
# "the exact values", "max value": a number; "what value goes in the field" may be a name.
_VALUE_WORDS = frozenset({"value", "values"})
# How many words before "numbers" or "values" a word asking for one exactly may stand.
AMOUNT_REACH = 5
# "how big", "how long", "how often": a size, a length or a frequency, which only a text giving
# an amount states.
_SIZE_WORDS = frozenset({"big", "large", "small", "long", "heavy", "often", "frequently"})
# What an amount is called by its kind ("what's the timeout", "what size").
_AMOUNT_NOUNS = frozenset(
    {"timeout", "timeouts", "size", "interval", "period", "ttl", "duration", "threshold", "delay"}
)
_EXTREMES = frozenset(
    {"largest", "biggest", "smallest", "max", "maximum", "min", "minimum", "highest", "lowest"}
)
# A resource's limit or request ("what memory limit does it get"): an amount, where "what limits
# does it have" asks what it cannot do.
_LIMIT_WORDS = frozenset({"limit", "limits", "request", "requests"})
_RESOURCE_WORDS = frozenset({"memory", "mem", "ram", "cpu", "disk"})
_COST_OF_RUNNING = frozenset({"impact", "overhead", "penalty", "hit", "cost"})
_RESOURCES_SPENT = frozenset({"perf", "performance", "cpu", "latency", "throughput"})
# The units an amount is asked in at the end of a question ("in MB?").
_UNITS = frozenset({"mb", "gb", "kb", "mib", "gib", "kib", "bytes", "ms", "milliseconds"})
_EXAMPLE_WORDS = frozenset({"example", "examples", "sample", "samples"})
_DOMAINS = re.compile(r"\S+\.\S+")  # "registry.example.com", a link: a name, not an ask
_COST_WORDS = frozenset({"cost", "costs"})
_VERSION_WORDS = frozenset({"version", "versions"})
_RELEASE_WORDS = frozenset({"release", "releases"})
_TOWN_WORDS = frozenset({"city", "town"})
# What may stand between "what" and "time" when a time of day is asked ("what day and time").
_BEFORE_A_TIME = frozenset({"day", "and", "exact", "the", "start", "starting", "local", "is", "s"})
_WHICH_WORDS = frozenset({"which", "what", "whats"})
_DATE_WORDS = frozenset({"date", "day", "time"})  # after "what" or "which"
_ASIDE_WORDS = frozenset({"anyway", "again", "exactly", "even", "btw", "now"})
_POINTING_BACK = frozenset({"that", "this", "it", "they"})  # "who was that": what was described
_CLAUSE_JOINS = frozenset({"and", "or", "but", "&"})
_WEEKDAY_WORDS = frozenset({"weekday", "weekdays"})  # after "what" or "which": a time
# "any eta for ...": when something will happen.
_ETA_WORDS = frozenset({"eta", "etas"})
_FOR_WORDS = frozenset(
    {"for", "setting", "sets", "set", "control", "controls", "configure", "limit", "limits"}
)
# "which cloud (provider)" asks for one by name when what follows asks of it ("which cloud does
# bitmovin run on", "what cloud provider?"), not when it qualifies ("what cloud provider changes").
_CLOUD_WORDS = frozenset({"cloud", "clouds"})
_CLOUD_KINDS = frozenset({"provider", "providers", "vendor", "vendors", "platform", "platforms"})
_CLOUD_ASKING = """
does do did is are was were has have hosts host runs run uses use will would should can powers
ship ships offer offers provide provides support supports
"""
_CLOUD_ASKED_BEFORE = frozenset(_CLOUD_ASKING.split())
_CLOUD_ADVERBS = frozenset({"already", "currently", "now", "still", "actually", "officially"})
_CLOUD_QUALIFIERS = frozenset({"public", "private", "hosted", "managed", "hybrid"})
_CLOUD = re.compile(
    r"\b(?:aws|amazon|ec2|gce|gcp|gke|google cloud|azure|openstack|vsphere|digitalocean|"
    r"alibaba|aliyun|ibm cloud|bluemix|ovirt|cloudstack|photon)\b",
    re.IGNORECASE,
)
_DATED_WORDS = frozenset({"release", "launch", "ship", "shipping", "ga", "availability"})
_ZONE_WORDS = frozenset({"zone", "zones"})  # after "time"
# After "time", a span or a limit rather than a time of day ("what's the time frame").
_NOT_TIME_OF_DAY = _ZONE_WORDS | frozenset(
    {"frame", "frames", "window", "line", "lines", "span", "period", "limit", "limits", "out"}
)
_DEFAULT_WORDS = frozenset({"default", "defaults"})
# A text states a default, not only names one: "on by default", "defaults to true", "is now the
# default", "default image-gc-high-threshold to 85%". "overriding the default etcd image name"
# and "write the default configuration settings to a file" say there is one, not what it is.
_DEFAULT_STATED = re.compile(
    r"\bby default\b|\bdefaults? to\b|\b(?:is|are|be|becomes?) (?:now |still )?the default\b"
    r"|\(the default\b|\bdefault\b(?:\s+[\w./`-]+){0,3}?\s+(?:to|is|of|=|:)\s*"
    r"(?:`|\"|\d|true\b|false\b|enabled\b|disabled\b|on\b|off\b)",
    re.IGNORECASE,
)
# Every word that can ask for a kind of fact where it stands ("how", "when", "venue", ...): the
# words around it only tell whether it does. Any other word of a question is passed over.
_ASKING_WORDS = (
    frozenset({"how", "where", "who", "when"})
    | _ETA_WORDS
    | _NUMBER_WORDS
    | _DEFAULT_WORDS
    | _COST_WORDS
    | _VERSION_WORDS
    | _RELEASE_WORDS
    | _DATE_WORDS
    | _WEEKDAY_WORDS
    | PLACE_WORDS
    | VENUE_WORDS
    | PROGRAMME_WORDS
    | RULES_WORDS
    | TIME_ZONE_WORDS
    | _ZONE_WORDS
    | LANGUAGE_WORDS
    | LANGUAGE_NAMES
)


# Words that ask how long a release is supported: "end of life", "eol", "supported until". The
# sources never say; no answer holds it.
_LIFETIME_RUNS = frozenset(
    {("end", "of", "life"), ("end", "of", "support"), ("supported", "until"), ("eol",)}
)
# Word pairs that ask what using something costs: "free for commercial use", "for free".
_COST_OF_USE = frozenset(
    {("free", "for"), ("for", "free"), ("commercial", "use"), ("commercial", "license")}
)


def _names_its_kind(w: list[str], i: int) -> bool:
    """Whether "which" or "what" asks for the kind of name at `i` with only words naming it
    between ("which kube-proxy flag", "what feature gate"), not "what does the flag do"."""
    for j in range(max(0, i - 3), i - 1):
        if w[j] in ("which", "what") and _LINKING.isdisjoint(w[j + 1 : i]):
            return True
    return False


def asks_identifier(text: str) -> bool:
    """Whether a question asks for the literal name of a setting: "what's the annotation to make
    an azure lb internal", "podpreset opt out annotation name?", "which flag turns on ...".
    Asked of the release notes only: a curated answer is prose for people, whose flags are
    incidental, so the kind never steers the curated ranking."""
    w = surface_words(text)
    asking = {"what", "whats", "which"}
    for i, word in enumerate(w):
        if word not in _IDENTIFIER_WORDS:
            continue
        before = w[i - 1] if i else ""
        after = w[i + 1] if i + 1 < len(w) else ""
        if (
            before in asking | _LITERAL_BEFORE
            or (i > 1 and w[i - 2] in _LITERAL_BEFORE)  # "the exact feature gate"
            or (before in _POINTED_BEFORE and asking & set(w[:i]))
            or _names_its_kind(w, i)  # "which kube-proxy flag", "what feature gate"
            or after in _NAMING_AFTER
            or (after in _ASIDE_WORDS | {"actually", "really"} and w[i + 2 : i + 3] == ["called"])
            or any(
                w[j : j + 2] in (["name", "of"], ["names", "of"])
                for j in range(max(0, i - 6), i - 1)
            )
        ):
            return True
    # "what is the new cri rpc for container stats called": the kind of name asked, said before.
    return (
        bool(w)
        and w[-1] in ("called", "named")
        and not {"what", "whats"}.isdisjoint(w)
        and not _IDENTIFIER_WORDS.isdisjoint(w)
    )


def asks_amount(text: str) -> bool:
    """Whether a question asks for a size, a length or exact values: "how big is the hyperkube
    image now", "how long are the certs valid", "..., in MB?", "to what exact values?", "exact
    memory limit numbers".
    Asked of the release notes only: a curated answer's prose rarely gives an amount, and
    turning its entries away on such words let a neighbour answer instead."""
    w = surface_words(text)
    for i, word in enumerate(w):
        before = w[i - 1] if i else ""
        if before == "how" and word in _SIZE_WORDS and (i < 2 or w[i - 2] not in _FOR_WORDS):
            # "a flag for how long to wait": what the flag sets, not an amount asked.
            return True
        if word in _UNITS and unit_asked(text) == word:
            return True
        # "the exact values", "exact new memory request/limit numbers", "to what values
        # exactly": what the values are.
        if word in _VALUE_WORDS | _NUMBER_WORDS and (
            not NUMBER_ASKING_BEFORE.isdisjoint(w[max(0, i - AMOUNT_REACH) : i])
            or w[i + 1 : i + 2] == ["exactly"]
        ):
            return True
        # "what's the perf impact", "the cpu overhead": how much it costs, an amount.
        if word in _COST_OF_RUNNING and before in _RESOURCES_SPENT:
            return True
        # "what's the timeout on ...", "what size does it get": an amount by its kind; not "what
        # flag sets the timeout", which asks for the flag.
        limit = word in _LIMIT_WORDS and before in _RESOURCE_WORDS
        if word in _AMOUNT_NOUNS or limit:
            # "what's the new dashboard memory limit": the resource and its owner come between.
            leading = w[max(0, i - (5 if limit else 3)) : i]
            if not {"what", "whats", "which"}.isdisjoint(leading) and _IDENTIFIER_WORDS.isdisjoint(
                leading
            ):
                return True
            # "the largest cluster size it was tested at": the most of an amount is a number.
            if not _EXTREMES.isdisjoint(w[max(0, i - 3) : i]):
                return True
    return False


def unit_asked(text: str) -> str | None:
    """The unit an amount is asked in ("how many MB", "..., in ms?"), if any."""
    w = surface_words(text)
    for i, word in enumerate(w):
        if word in _UNITS and (
            w[i - 2 : i] == ["how", "many"] or (i == len(w) - 1 and i and w[i - 1] == "in")
        ):
            return word
    return None


def asks_example(text: str) -> bool:
    """Whether a question asks for an example ("example ccm manifest for aws", "anyone have a
    sample scheduler extender", "nginx rewrite regex example"); not "ran the HostAliases example"
    or "registry.example.com". Asked of the release notes only: a changelog shows an example
    only where a note prints one."""
    w = surface_words(_DOMAINS.sub(" ", text))
    for i, word in enumerate(w):
        if word not in _EXAMPLE_WORDS:
            continue
        before = w[i - 1] if i else ""
        if i <= 1 or before in ("a", "an", "any", "some") or i == len(w) - 1:
            return True
    return False


# "the exact kubeadm commands to upgrade", "which commands do I run", "step by step": commands
# to type, which only a text printing one gives; not "is there an upgrade command".
_COMMANDS_ASKED = re.compile(
    r"\b(?:exact|which|what|the|give me)\s+(?:[\w-]+\s+)?commands\b"
    r"|\bexact\s+(?:[\w-]+\s+)?command\b|\bstep[- ]by[- ]step\b",
    re.IGNORECASE,
)


def asks_commands(text: str) -> bool:
    """Whether a question asks for the commands to type ("exact kubeadm commands to upgrade a
    1.6 master"). Asked of the release notes only, like an example."""
    return _COMMANDS_ASKED.search(text) is not None


# "who is it for", "who is it aimed at": whom something serves, an audience, not a name.
_SERVING_ENDS = (("for",), ("aimed", "at"), ("targeted", "at"), ("geared", "towards"))


def _serves(w: Sequence[str]) -> bool:
    return any(tuple(w[-len(end) :]) == end for end in _SERVING_ENDS)


def _asks_what_a_name_is(w: Sequence[str], i: int) -> bool:
    """Whether "who" at `i` asks what one named thing is ("who is ocado anyway"), or what the
    thing just described is ("the online grocer running k8s in its warehouses... who was that
    again"): a company as often as a person, so no person need answer it; "who is the release
    lead" asks for one. The clause ends at a conjunction: "who was it and what did they build"
    asks who "it" was."""
    if w[i + 1 : i + 2] not in (["is"], ["are"], ["was"], ["were"]):
        return False
    clause = list(takewhile(lambda x: x not in _CLAUSE_JOINS, w[i + 2 :]))
    rest = [x for x in clause if x not in CHAT_WORDS and x not in _ASIDE_WORDS]
    return len(rest) == 1 and (rest[0] not in STOPWORDS or rest[0] in _POINTING_BACK)


def _asks_contact(w: Sequence[str]) -> bool:
    """Whether a question asks how to reach someone: "dawn chen's email?", "ihor github handle",
    "contact info for the release team"; not "does it handle" or "the foundation's email says"."""
    for i, word in enumerate(w):
        before = w[i - 1] if i else ""
        if word in ("handle", "handles"):
            if before in _HANDLE_OWNERS:
                return True
        elif word in _CONTACT_WORDS:
            if before in _HANDLE_OWNERS or {"what", "whats", "which"} & set(w[:i]):
                return True
        elif word == "contact" and i + 1 < len(w) and w[i + 1] in ("info", "details", "address"):
            return True
    return False


def _asks_which_cloud(w: Sequence[str]) -> bool:
    """Whether a question asks for a cloud by name: "which cloud provider does bitmovin run on",
    "what cloud?"; not "what cloud provider changes are in 1.7"."""
    for i, word in enumerate(w):
        # "which public cloud": a kind of cloud between the asking word and the cloud.
        start = i - 1 - (i > 1 and w[i - 1] in _CLOUD_QUALIFIERS)
        if word in _CLOUD_WORDS and i and w[start] in ("which", "what", "whats"):
            after = i + 1 + (i + 1 < len(w) and w[i + 1] in _CLOUD_KINDS)
            # "which cloud providers already have ...": an adverb before the verb asking.
            after += after < len(w) and w[after] in _CLOUD_ADVERBS
            if after == len(w) or w[after] in _CLOUD_ASKED_BEFORE:
                return True
    return False


# Words owning a price asked: "their prices", "its price".
_PRICE_OWNERS = frozenset({"their", "its"})


# "how long did the migration take", "how long does the upgrade last": a span of time.
_DURATION_VERBS = frozenset({"take", "takes", "took", "taking", "last", "lasts", "lasted"})
# How many words after "how long" the verb asking for a span may stand.
DURATION_REACH = 8


def _asks_duration(w: Sequence[str]) -> bool:
    """Whether a question asks how long something takes: "how long does the golfnow migration
    take", not "how long are audit logs kept" (a setting) or "how long is 1.7 supported"."""
    return any(
        before == "how"
        and word == "long"
        and not _DURATION_VERBS.isdisjoint(w[i + 1 : i + 1 + DURATION_REACH])
        for i, (before, word) in enumerate(pairwise(w), start=1)
    )


# "is coredns the default dns now", "will ipvs be the default": whether something is the default.
_BEING_WORDS = frozenset({"is", "are", "was", "will", "be", "become", "becomes", "isnt", "arent"})


def _checks_being(before: Sequence[str]) -> bool:
    """Whether the words before "the default" check that something is it: the question opens
    with a form of "be" and names the thing before "the" ("is coredns the default", "will ipvs
    be the default"); "is the default namespace protected" asks about a namespace."""
    said = [x for x in before if x not in CHAT_WORDS]
    return len(said) >= 3 and said[0] in _BEING_WORDS


def asked_types(question_words: Sequence[str]) -> frozenset[AnswerType]:
    """The kinds of fact a question asks for, from its case-folded surface words."""
    asks: set[AnswerType] = set()
    w = [CONTRACTED_ASKS.get(word, word) for word in question_words]
    for i, word in enumerate(w):
        if word not in _ASKING_WORDS:
            continue
        before = w[i - 1] if i else ""
        after = w[i + 1] if i + 1 < len(w) else ""
        # An ask opens the sentence, or follows only chat ("cc who's going") or a lead-in.
        opens = before in STILL_ASKING_AFTER or all(x in CHAT_WORDS for x in w[:i])
        if word == "how" and after in ("many", "much"):
            asks.add("number")
            # "how many people": a count of something; "how many days" a date's business.
            counted = w[i + 2] if i + 2 < len(w) else ""
            if after == "many" and counted not in COUNTED_TIME_WORDS:
                asks.add("count")
        elif word in _NUMBER_WORDS and (
            before in NUMBER_ASKING_BEFORE or (after == "of" and "what" in w[:i])
        ):
            # "what is the maximum number of nodes", "exact numbers pls": a number, not a topic;
            # a number of things is a count, like "how many".
            asks.add("number")
            if after == "of" and (w[i + 2] if i + 2 < len(w) else "") not in COUNTED_TIME_WORDS:
                asks.add("count")
        elif word in _COST_WORDS and (
            before in PRICE_NOUNS or ("what" in w[:i] and not set(w[:i]).isdisjoint(HOW_MUCH_VERBS))
        ):
            # "what does a ticket cost", "ticket cost?"; not "does it cut costs".
            asks.update(("number", "price"))
        elif word in _VERSION_WORDS and before in LANGUAGE_NAMES:
            # "is there a japanese version of kubectl": a translation, not a version number.
            asks.add("language")
        elif word in _VERSION_WORDS or (
            # "which cluster autoscaler release": a component's release is its version.
            word in _RELEASE_WORDS
            and not _WHICH_WORDS.isdisjoint(w[: max(i - 1, 0)])
            and before not in RELEASE_OWNERS_NOT
            and before not in VERSION_OWNERS_NOT
            and before.isalpha()
            and before not in STOPWORDS
        ):
            owner_after = (
                after in ("of", "for")
                and i + 2 < len(w)
                and (w[i + 2] not in RELEASE_NAMES and release_of(stem(w[i + 2])) is None)
            )
            owner_before = (
                bool(before)
                and before not in VERSION_OWNERS_NOT
                and (before.isalpha() and before not in STOPWORDS)
            )
            # "kubectl version" unasked by "which" or "what" is the command ("kubectl version
            # output as json?"), not the client's version.
            command = before == "kubectl" and _WHICH_WORDS.isdisjoint(w[:i])
            # "docker version 1.12.6" says which version the asker runs; it asks none.
            stated = VERSION.fullmatch(after.removeprefix("v")) is not None
            if (owner_after or owner_before) and not command and not stated:
                asks.add("version")
        elif (word == "where" and any(v in PLACE_VERBS for v in w[i + 1 : i + 5])) or (
            word in PLACE_WORDS and before in ("which", "what")
        ):
            asks.add("place")
        elif word in VENUE_WORDS:
            # "venue city?" asks for the city, as "which city" does; the venue's own name no.
            asks.add("place" if after in _TOWN_WORDS else "venue")
        elif word in PROGRAMME_WORDS:
            asks.add("programme")
        elif word in RULES_WORDS:
            asks.add("rules")
        elif word in TIME_ZONE_WORDS or (word in _ZONE_WORDS and before == "time"):
            asks.add("time_zone")
        elif word in LANGUAGE_WORDS or (word in LANGUAGE_NAMES and before == "in"):
            # "which languages", "translated?", "the tutorials in japanese"
            asks.add("language")
        elif word in _DEFAULT_WORDS and (
            i == 0
            or after in ("is", "are", "for", "value", "values")
            or (
                before in ("the", "new")
                and (not {"what", "whats", "which"}.isdisjoint(w[:i]) or _checks_being(w[:i]))
            )
        ):
            # "what's the default for --pod-running-timeout", "hpa forbidden window default is
            # 30s?": a default value, which a text that never says "default" does not give.
            asks.add("default")
        elif word == "who" and opens and not _serves(w) and not _asks_what_a_name_is(w, i):
            # "who is api aggregation for" asks whom it serves, which no name answers.
            asks.add("person")
        elif (
            (word == "when" and (opens or before in ("until", "till", "til", "by")))
            or (word in _DATE_WORDS and before in ("what", "which") and after not in _ZONE_WORDS)
            or (word == "date" and before in _DATED_WORDS)  # "the exact release date for 1.8"
            or word in _ETA_WORDS
        ):
            asks.add("date")
        asked_of = w[max(i - 3, 0) : i]  # "what time", "what day and time"
        asking = max(
            (k for k, x in enumerate(asked_of) if x in ("what", "whats", "which")), default=None
        )
        if (
            (
                word == "time"
                and after not in _NOT_TIME_OF_DAY
                and asking is not None
                # "which golf tee-time company": a name's part, not a time asked.
                and set(asked_of[asking + 1 :]) <= _BEFORE_A_TIME
            )
            or (
                before in ("what", "which")
                and (
                    word in _WEEKDAY_WORDS
                    or (word == "day" and w[i + 1 : i + 4] == ["of", "the", "week"])
                )
            )
        ):
            # "what time is the community meeting", "which day of the week": a time of day or a
            # weekday, not only a date.
            asks.add("time")
    if _asks_duration(w):
        asks.add("duration")
    if _asks_contact(w):
        asks.add("contact")
    if _asks_which_cloud(w):
        asks.add("cloud")
    if any(
        a in ("which", "what") and b in ("release", "version") for a, b in pairwise(w)
    ) and not FUTURE_WORDS.isdisjoint(w):
        asks.add("date")
    if "number" in asks and (
        (any(x in PRICE_WORDS for x in w) and not any(x in CHANGE_WORDS for x in w))
        or any(x in CURRENCY_WORDS for x in w)
    ):
        asks.add("price")
    if any(
        tuple(w[i : i + len(run)]) == run
        for run in _LIFETIME_RUNS
        if run[0] in w
        for i in range(len(w))
    ):
        asks.add("lifetime")  # "end of support date for 1.7?": not the release date
    if any(pair in _COST_OF_USE for pair in pairwise(w)) and "feel" not in w:
        # "is the plugin free for commercial use?", "can we get it for free": what it costs.
        asks.update(("number", "price"))
    if any(a in _PRICE_OWNERS and b in PRICE_ASKING_WORDS for a, b in pairwise(w)):
        # "... gpu types available on gce and their prices": what the things cost, whatever
        # else is available.
        asks.update(("number", "price"))
    if not any(x in PRICE_DEADLINE_WORDS for x in w) and (
        any(x in PRICE_ASKING_WORDS for x in w)
        or any(
            a == "how" and b == "much" and c in HOW_MUCH_VERBS
            for a, b, c in zip(w, w[1:], w[2:], strict=False)
        )
    ):
        asks.update(("number", "price"))
    if "slack" in w and any(
        x == "channel" and ("name" in w[i + 1 : i + 3] or not _WHICH_WORDS.isdisjoint(w[:i]))
        for i, x in enumerate(w)
    ):
        # "which slack channel is sig-storage in", "slack channel name?": a channel's name,
        # which the invite is not; "k8s slack channel" is the Slack itself.
        asks.add("channel")
    return frozenset(asks)


@lru_cache(maxsize=1024)
def asked_in(text: str) -> frozenset[AnswerType]:
    """The kinds of fact a text asks for, read from its surface words; the few texts being
    read are remembered, as the curated and the release-note answers both ask."""
    return asked_types(surface_words(text))


# A role on a team, with the word that says which ("docs lead", "bug triage shadow").
_ROLE = re.compile(
    r"\b([\w.-]+)\s+(?:leads?|managers?|shadows?|coordinators?|chairs?|liaisons?)\b",
    re.IGNORECASE,
)
# Words that say no role, or the whole team's or release's: "the release lead" led the release.
_NO_ROLE = frozenset(
    {
        *("a", "an", "the", "this", "that", "its", "our", "their", "his", "her", "my", "your"),
        *("who", "whos", "what", "whats", "which", "is", "was", "were", "are", "be", "as"),
        *("release", "team", "overall", "main", "project", "kubernetes", "k8s"),
    }
)


# A title that is a role by itself: "who is the CTO of Mirantis" is not who wrote the post.
_TITLE = re.compile(
    r"\b(ceo|cto|cfo|cio|coo|vp|pm|founder|co-?founder|president|chair(?:man|woman)?)s?\b",
    re.IGNORECASE,
)


def asks_an_unstated_role(question: str, answer: str) -> bool:
    """Whether a question asks who held a role the answer never names: "who was the docs lead
    on the 1.7 release team" is not told by who led the release; "who was the release lead" is.
    Nor is who holds a title ("the CTO of Mirantis") told by an answer that never names it."""
    said = answer.casefold()
    unstated = any(
        found.group(1).casefold() not in said for found in _TITLE.finditer(question)
    ) or any(
        (role := found.group(1).casefold()) not in _NO_ROLE
        and release_of(role) is None
        and role not in said
        for found in _ROLE.finditer(question)
    )
    # Whether a person is asked for is the dearer reading: only when a role is named at all.
    return unstated and "person" in asked_in(question)


def answer_types(text: str, release: str) -> frozenset[AnswerType]:
    """The kinds of fact an answer's reader-visible text holds."""
    # "3rd party" names who wrote something, not a number.
    plain = _THIRD_PARTY.sub("third", text.replace("*", "").replace("_", " "))
    held: set[AnswerType] = set()
    other = _without_release(_LINK_TARGET.sub(" ", plain), release)
    if _NUMERAL.search(other) or _PROPORTION.search(plain):
        held.add("number")
        if _NUMERAL.search(_DATE_SPAN.sub(" ", other)):
            held.add("count")
    if _COUNTED_IN_WORDS.search(other) or _ONE_EACH.search(other):
        # "two options", "one pod per node": a count said in words
        held.update(("number", "count"))
    if _PRICE.search(plain):
        held.add("price")
    if _VERSION_NUMBER.search(other):
        held.add("version")
    lowered = set(words(plain))
    if _PLACE.search(plain) or _ADDRESS.search(plain):
        held.add("place")
    if _ADDRESS.search(plain) or lowered & {stem(v) for v in VENUE_WORDS}:
        held.add("venue")
    if _PERSON.search(plain):
        held.add("person")
    if _DATE.search(plain) or any(release_of(v) for v in VERSION.findall(other)):
        held.add("date")
    if _CONTACT.search(text):
        held.add("contact")
    if _IDENTIFIER.search(text):
        held.add("identifier")
    if _DEFAULT_STATED.search(plain):
        held.add("default")
    if lowered & RULES_HELD:
        held.add("rules")
    if _TIME_ZONE.search(plain):
        held.add("time_zone")
    if _TIME_OF_DAY.search(plain):
        held.add("time")
    if lowered & {stem(w) for w in LANGUAGE_NAMES}:
        held.add("language")
    if _SLACK_CHANNEL.search(other):
        held.add("channel")
    if _CLOUD.search(other):
        held.add("cloud")
    if _DURATION.search(plain) or _DATE_SPAN.search(plain):
        held.add("duration")
    return frozenset(held)


def stated_versions(text: str, release: str) -> frozenset[str]:
    """The version numbers a text states other than the release's, without a leading "v":
    "Upgrade cAdvisor to v0.26.1 before 1.8" states 0.26.1 and 1.8."""
    plain = _without_release(text.replace("*", ""), release)
    return frozenset(match.group(1) for match in _VERSION_NUMBER.finditer(plain))


def stated_api_versions(text: str) -> frozenset[str]:
    """The API versions a text names: "autoscaling/v1 is preferred over v2alpha1" names v1 and
    v2alpha1."""
    return frozenset(_API_VERSION.findall(text))


_API_VERSION = re.compile(r"\b(v\d+(?:alpha\d*|beta\d*)?)\b(?!\.\d)")


def _without_release(text: str, release: str) -> str:
    # "in 1.7." ends a sentence: the full stop is not part of another version ("1.7.3").
    return re.sub(re.escape(release) + r"(?:\.0)?(?!\d|\.\d)", " ", text)


_ALIKE = {
    stem(word): frozenset(stem(w) for w in group) for group in COUNTED_ALIKE for word in group
}
# A number and the word after it ("50,000 commits", "two options", "3 SIGs"), in an answer.
# Numbers said in words, from two on ("one" counts in an answer's own counts only).
_COUNT_WORDS = r"two|three|four|five|six|seven|eight|nine|ten|dozens?|hundreds?|thousands?"
_COUNTED = re.compile(
    rf"(?<![\w.,])(?:(?!\d+\.\d)\d[\d,]*\+?|one|{_COUNT_WORDS})\s+(?:of\s+)?([a-z][a-z-]*)",
    re.IGNORECASE,
)


def counted_things(question_words: Sequence[str]) -> frozenset[str]:
    """What a question counts, as typed: "how many people contributed" counts people, "what's the
    number of commits" commits. Empty when it counts nothing, or only time ("how many days")."""
    w = [CONTRACTED_ASKS.get(word, word) for word in question_words]
    counted: set[str] = set()
    for i, word in enumerate(w):
        if (word == "how" and w[i + 1 : i + 2] == ["many"]) or (
            word in _NUMBER_WORDS and w[i + 1 : i + 2] == ["of"]
        ):
            rest = [x for x in w[i + 2 : i + 5] if x not in COUNT_QUALIFIERS]
            if rest and rest[0].isalpha() and rest[0] not in COUNTED_TIME_WORDS:
                counted.add(rest[0])
    return frozenset(counted)


# A count said in words, a number word and what it counts ("two options", "three years").
_COUNTED_IN_WORDS = re.compile(rf"\b(?:{_COUNT_WORDS})\s+(?:of\s+)?[a-z][a-z-]*", re.IGNORECASE)
# "one pod per node": "one" counts where it is per something, not as a pronoun ("one of").
_ONE_EACH = re.compile(r"\bone\s+[a-z][a-z-]*\s+(?:per|on\s+each|for\s+each)\s+\w", re.IGNORECASE)
# A span of time an answer states: "in three years", "6 months", "a few weeks", "overnight".
_DURATION = re.compile(
    rf"\b(?:\d+|an?|one|few|several|couple\s+of|{_COUNT_WORDS})\s+"
    r"(?:second|minute|hour|day|week|month|year)s?\b|\bovernight\b",
    re.IGNORECASE,
)


def counted_in(text: str) -> frozenset[str]:
    """The things an answer counts, stemmed, with what counts them too under another name:
    "over *50,000 commits*" counts commits (and changes)."""
    plain = _LINK_TARGET.sub(" ", text.replace("*", "").replace("_", " "))
    found = {stem(match.group(1).casefold()) for match in _COUNTED.finditer(plain)}
    return frozenset(alike for thing in found for alike in _ALIKE.get(thing, {thing}))


def programme_words(question_words: Sequence[str]) -> frozenset[str]:
    """The conference-programme words a question asks by name ("agenda", "keynotes")."""
    return frozenset(stem(w) for w in question_words if w in PROGRAMME_WORDS)
