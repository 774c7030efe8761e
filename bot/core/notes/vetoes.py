"""Why a note that matches a question well still does not answer it.

Each check reads what the question asks for beyond its subject: a kind of fact (an amount, a
name, a later release, a replacement, a default), a thing no note names, a rival provider, tool
or subcommand, or what the asker set aside. A note that says none of it is offered, never given.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from bot.core.matcher import AnswerType, answer_types
from bot.core.matching.fact_types import (
    FUTURE_WORDS,
    asked_in,
    asks_amount,
    asks_commands,
    asks_example,
    asks_identifier,
    unit_asked,
    written_identifiers,
)
from bot.core.matching.neighbours import context_products, named_products
from bot.core.matching.reading import asking_part, is_question, set_aside, without_set_aside
from bot.core.matching.settings import QUALIFIER_WORDS
from bot.core.matching.text import capability_asked, surface_words
from bot.core.notes.decision import asks_how_to
from bot.core.notes.index import (
    STOPWORDS,
    Hit,
    Query,
    plain_text,
    surface_tokens,
    terms,
    text_terms,
)
from bot.core.notes.parse import DEPENDENCIES_SECTION, Note
from bot.core.notes.settings import (
    CLOUD_PROVIDERS,
    CLUSTER_TOOLS,
    RELEASE,
    UNSAID_NAME_WEIGHT,
    UNSAID_SUBJECT_WEIGHT,
)

# Kinds of fact a question may ask for that a note must hold to answer it ("exact numbers pls"
# of a note stating none). Dates are left out: "when is a rollout complete" asks for a
# condition, not a date.
NOTES_ASKED_TYPES: frozenset[AnswerType] = frozenset(
    {
        "price",
        "place",
        "venue",
        "programme",
        "number",
        "time_zone",
        "time",
        "language",
        "default",
        "contact",
        "cloud",
    }
)


# What Kubernetes itself is called before its version ("what changed in k8s 1.7").
KUBERNETES_NAMES = frozenset(["kubernetes", "k8s", "kube", "kubernets", "kuberentes", "release"])

# How a unit asked for is written after a number: "MB" as "128Mi", "10 MB" or "10M".
_UNIT_WRITTEN = {
    "mb": "(?:mb|mib|mi|m)",
    "mib": "(?:mb|mib|mi|m)",
    "gb": "(?:gb|gib|gi|g)",
    "gib": "(?:gb|gib|gi|g)",
    "kb": "(?:kb|kib|ki|k)",
    "kib": "(?:kb|kib|ki|k)",
    "bytes": "bytes?",
    "ms": "(?:ms|milliseconds?)",
    "milliseconds": "(?:ms|milliseconds?)",
}


def _states_in(unit: str, text: str) -> bool:
    """Whether a text states an amount in a unit: "128Mi" or "10 MB" for "mb"."""
    written = _UNIT_WRITTEN.get(unit, re.escape(unit))
    return re.search(rf"\d\s*{written}\b", text, re.IGNORECASE) is not None


def lacks_what_is_asked(query: Query, notes: Sequence[Note]) -> bool:
    """Whether the question asks for a kind of fact (a price, a place, when something will
    happen) none of the notes holds: "how much does an EBS volume cost" is not answered by a note
    about EBS volumes."""
    asked = set(asked_in(query.text) & NOTES_ASKED_TYPES)
    if asks_identifier(query.text):
        if not _FLAG_WORDS.isdisjoint(surface_words(query.text)) and not any(
            _FLAG_WRITTEN.search(note.text) for note in notes
        ):
            return True  # a flag's name, which only a note writing a flag gives
        asked.add("identifier")
        # "which flag writes the default config" asks for the flag, not a default.
        asked.discard("default")
    elif _CALLED_ASKED.search(asking_part(query.text, marked=False) or query.text) and not any(
        written_identifiers(note.text) or _A_NAME.search(plain_text(note.text)) for note in notes
    ):
        return True  # what something is called, of notes calling nothing by a name of its own
    if asks_amount(query.text):
        if not _asks_if_one_can(query.text) and not any(_states_amount(n.text) for n in notes):
            return True  # an amount, where the notes' only numbers are versions ("Autoscaler 0.6")
        asked.add("number")
    if asks_example(query.text) and not any("```" in note.text for note in notes):
        return True  # an example, which only a note printing one gives
    if asks_commands(query.text) and not any(_COMMAND.search(note.text) for note in notes):
        return True  # commands to type, which only a note printing one gives
    unit = unit_asked(query.text)
    if unit is not None and not any(_states_in(unit, note.text) for note in notes):
        return True  # an amount in a unit ("how many MB"), which only a note stating one gives
    if _LATER_RELEASE_ASKED.search(query.text) and not any(
        _LATER_RELEASE.search(note.text) for note in notes
    ):
        return True  # the release that will do something, which only a note naming one gives
    if _REPLACEMENT_ASKED.search(query.text) and all(
        _RETIRING.search(note.text) and not _REPLACEMENT.search(note.text) for note in notes
    ):
        return True  # what replaces something, which a note only deprecating it does not say
    if _DEFAULT_ASKED.search(query.text) and not any(
        _SAYS_IF_ON.search(note.text) for note in notes
    ):
        return True  # whether something is on by default, which only a note saying so tells
    if _PATH_ASKED.search(query.text) and not any(_PATH.search(note.text) for note in notes):
        return True  # a directory or a path, which only a note writing one gives
    if "date" in asked_in(query.text) and not FUTURE_WORDS.isdisjoint(surface_words(query.text)):
        # "when will the cri api move to beta": a later release's plans, unless a note names one.
        asked.add("date")
    if _asks_if_one_can(query.text):
        # "can i limit how much disk an emptyDir uses": whether it can be done, not an amount.
        asked -= {"number", "count"}
    if not asked:
        return False  # most questions ask for no such kind of fact: no note need be read
    held: set[AnswerType] = set()
    for note in notes:
        held |= answer_types(note.text, RELEASE)
    return bool(asked - held)


# "what's the new lightweight metrics server for the hpa called": what a thing is called.
_CALLED_ASKED = re.compile(
    r"\bwhat(?:'s|s| is| are)\s[^?.!]{0,60}?\b(?:called|named)\b|\bname\s+of\s+the\b",
    re.IGNORECASE,
)
# A thing's own name: "NodeRestriction", "cloud-controller-manager", a quoted 'csrsigner'.
_A_NAME = re.compile(
    r"\b[A-Z][a-z]+(?:[A-Z][a-z0-9]+)+\b|\b[a-z][a-z0-9]*(?:-[a-z0-9]+)+\b"
    r"|['\"‘“][\w.-]+['\"’”]"
)
# The name asked for is a command-line flag's, which a note writes as "--name".
_FLAG_WORDS = frozenset({"flag", "flags"})
_FLAG_WRITTEN = re.compile(r"(?<![\w-])--?[a-z]")
# "what's the binary called", "the name of the binary": what something is called.
NAME_ASKED = re.compile(
    r"\bwhat(?:'s|s| is| are)\s+(?:the\s+|its\s+|their\s+)?(?:[\w-]+\s+){0,3}?(?:called|named)\b"
    r"|\bname\s+of\s+the\b",
    re.IGNORECASE,
)
# "which kernel version", "what fluentd versions": the version of the thing named right before.
_VERSION_OF = re.compile(
    r"\b(?:which|what)\s+(?:[\w-]+\s+)?(?P<thing>[a-z][\w-]*)\s+versions?\b", re.IGNORECASE
)


def asks_an_unwritten_version(question: str, notes: Sequence[Note]) -> bool:
    """Whether the question asks for a thing's version by name ("which kernel version") and no
    note writes a version where it names the thing: such a note is offered, never the answer."""
    thing = _version_of(question)
    return (
        thing is not None
        and bool(notes)
        and all(_names_unversioned(thing, note.text) for note in notes)
    )


def _version_of(question: str) -> str | None:
    """The thing whose version a question asks for by name, other than Kubernetes itself."""
    found = _VERSION_OF.search(question)
    if found is None:
        return None
    thing = found.group("thing").casefold()
    if (
        thing in KUBERNETES_NAMES
        or thing in _API_WORDS
        or thing.startswith("kube")
        or thing in STOPWORDS
        or thing in _VERSION_QUALIFIERS
    ):
        return None
    return thing


def _names_unversioned(thing: str, text: str) -> bool:
    """Whether a note writes no version number in a sentence naming the thing: Docker's known
    issues name a "Kernel crash", never a kernel version, and Heapster's name no Grafana."""
    squashed = thing.replace("-", "")
    return not any(
        _VERSION_NUMBER.search(sentence)
        for sentence in _SENTENCE_BREAK.split(plain_text(text))
        if thing in surface_tokens(sentence)
        # "cluster-autoscaler" is the note's "Cluster Autoscaler 0.6".
        or (squashed != thing and squashed in re.sub(r"[\s-]", "", sentence.casefold()))
    )


def names_an_unwritten_version(query: Query, notes: Sequence[Note]) -> bool:
    """Whether the question writes a thing's version ("CentOS 6") and the notes name the thing
    without any version: the note on the CentOS provider's etcd says nothing of its releases.
    Notes listing the thing's versions ("cinder v1/v2", "Docker 1.10.3, 1.11.2, 1.12.6") answer
    whether another is among them; Kubernetes' own releases are read apart."""
    for thing, version in _written_versions(asking_part(query.text) or query.text):
        number = _NUMBERS.findall(version.casefold())[0]  # "v1beta1" is of v1
        if number == RELEASE or number.startswith(f"{RELEASE}.") or number in query.releases:
            continue
        naming = [
            sentence
            for note in notes
            for sentence in _SENTENCE_BREAK.split(plain_text(note.text))
            if thing in surface_tokens(sentence)
        ]
        if naming and not any(_A_VERSION.search(sentence) for sentence in naming):
            return True
    return False


def _written_versions(question: str) -> list[tuple[str, str]]:
    """Each thing named with a version right after it, casefolded: ("cinder", "v3")."""
    found = []
    for match in _THING_VERSION.finditer(question):
        thing = (match.group("thing") or match.group("name")).casefold()
        version = match.group("version") or match.group("number")
        if (
            thing in KUBERNETES_NAMES
            or thing.startswith("kube")
            or thing in STOPWORDS
            or thing in _API_WORDS
            or thing in _VERSION_QUALIFIERS
            or thing in ("version", "versions", "v")
        ):
            continue
        found.append((thing, version))
    return found


def _states_amount(text: str) -> bool:
    """Whether a note states a number other than a version: "Cluster Autoscaler 0.6" states
    none, "a 2 minute timeout" one."""
    return "number" in answer_types(_NAMED_VERSION.sub(" ", plain_text(text)), RELEASE)


# A version written right after what it versions: "cinder v3", "etcd 3.1", "apps/v2"; a bare
# number only after a capitalised name ("CentOS 6"): "with 3 masters" versions nothing.
_THING_VERSION = re.compile(
    r"\b(?P<thing>[A-Za-z][\w-]*[A-Za-z])[ /]+"
    r"(?P<version>v\d+(?:\.\d+)*(?:(?:alpha|beta)\d*)?|\d+\.\d+(?:\.\d+)*)(?![\w.])"
    r"|\b(?P<name>[A-Z][\w-]*[A-Za-z]) +(?P<number>\d{1,2})(?![\w.%])"
)
# A version's number as a text writes it: "v1", "1.13.1", "v1beta1" as "1".
_NUMBERS = re.compile(r"(?<![\w.])v?(\d+(?:\.\d+)*)")
# A version as a note writes one: "v2", "1.12.6" (not a pull request's "#42994").
_A_VERSION = re.compile(r"(?<![\w.#])(?:v\d+|\d+(?:\.\d+)+)")
# A version written after a name ("Heapster v1.4.0", "Autoscaler 0.6") or of three parts.
# Kubernetes' own ("going away in Kubernetes 1.8") tells how long something lasts.
_NAMED_VERSION = re.compile(
    r"\b(?!Kubernetes\b|K8s\b)[A-Z][\w-]*\s+v?\d+(?:\.\d+)+|\bv?\d+\.\d+\.\d+[\w.-]*"
)


# An API is versioned "v1", "v2alpha1": asked of by `asks_api`, not here.
_API_WORDS = frozenset({"api", "apis", "apiversion"})
# Words saying which version, not whose: "which minimum version", "what new version".
_QUALIFYING = """
minimum min maximum max new newer newest latest old older oldest earliest lowest highest exact
exactly supported compatible required recommended current default same stable specific particular
validated tested preferred right correct official next previous last first
"""
_VERSION_QUALIFIERS = frozenset(_QUALIFYING.split())
# Where a note's sentence or listed item ends: "· Kernel crash with Aufs …", "… v2.2. It …".
_SENTENCE_BREAK = re.compile(r"\s·\s|(?<!\d)\.(?:\s|$)|\.(?=\s[A-Z])|;|\n")
_VERSION_NUMBER = re.compile(r"(?<![\w.])v?\d+\.\d+")
# "which directory do flexvolume drivers go in", "what path": a place on disk or in a URL.
_PATH_ASKED = re.compile(
    r"\b(?:which|what)\s+(?:\w+\s+)?(?:directory|directories|folder|folders|dir|dirs|path)\b",
    re.IGNORECASE,
)
# A path a note writes: "/etc/hosts", "`/swaggerapi/*`", "/healthz".
_PATH = re.compile(r"(?<![\w/.<|])/[a-z][\w.-]*", re.IGNORECASE)
# "which release will remove X", "which k8s version is getting X": a later release, by number.
_LATER_RELEASE_ASKED = re.compile(
    r"\b(?:which|what)\s+(?:k8s\s+|kubernetes\s+|kube\s+)?(?:release|version)\s+"
    r"(?:actually\s+|really\s+|finally\s+)?"
    r"(?:will|is\s+going\s+to|is\s+gonna|is\s+getting|gets|removes|drops)\b"
    r"|\bin\s+(?:which|what)\s+(?:k8s\s+|kubernetes\s+)?(?:release|version)\s+(?:will|is)\b"
    # "when does templateGeneration go away", "when is heapster being deprecated": a removal
    # still to come, which a note deprecating something in 1.7 does not date.
    r"|\bwhen\s+(?:does|do|is|are|will|would)\s+(?:[\w./'-]+\s+){0,6}?"
    r"(?:go(?:es|ing)?\s+away|disappears?|be(?:ing)?\s+(?:removed|deleted|dropped|deprecated|gone)"
    r"|get(?:ting)?\s+(?:removed|deleted|dropped|deprecated))\b"
    # "in what version does it get removed": the release to remove it, still to come.
    r"|\b(?:which|what)\s+(?:k8s\s+|kubernetes\s+)?(?:release|version)\s+(?:does|do|will)\s+"
    r"(?:[\w./'-]+\s+){0,4}?(?:get\s+|be\s+)?(?:removed|deleted|dropped|go\s+away|disappear)\b",
    re.IGNORECASE,
)
_LATER_RELEASE = re.compile(r"(?<![\w.])v?1\.(?:[89]|1\d)(?![\d])")
# "what replaces it", "what should we use instead": a successor, which a note names by saying
# what to use instead, what it is replaced by or in favour of.
_REPLACEMENT_ASKED = re.compile(
    r"\bwhat(?:'s|s| is)?\s+(?:replaces|replaced|(?:the\s+)?replacement)\b"
    r"|\bwhat\s+(?:should|do|can|must)\s+(?:i|we)\s+use\s+instead\b",
    re.IGNORECASE,
)
_REPLACEMENT = re.compile(
    r"\binstead\b|\breplac|\bin\s+favou?r\b|\bsuccessor|\bmigrate\s+to\b|\bswitch\s+to\b"
    r"|\buse\b|\bsuperseded\b|\bmoved\s+to\b|\brenamed\b|\bswitch|\bthe\s+new\b",
    re.IGNORECASE,
)
_SAYS_IF_ON = re.compile(r"\bdefault|\benabl|\bdisabl|\bturned\s+on\b|\bon\s+by\b", re.IGNORECASE)
_RETIRING = re.compile(r"\bdeprecat|\bremov|\bdrop", re.IGNORECASE)
# "is X on by default?": whether it is enabled without being asked for.
_DEFAULT_ASKED = re.compile(
    r"\b(?:on|enabled|turned\s+on|active|activated|off|disabled)\s+by\s+default\b", re.IGNORECASE
)

# "can i …", "could a PodDisruptionBudget …": whether something can be done.
_ONE_CAN = re.compile(
    r"^\W*(?:\w+\W+){0,2}?(?:can|could)\s+(?:i|we|you|one|it|a|an|the|my|our)\b", re.IGNORECASE
)


def _asks_if_one_can(question: str) -> bool:
    """Whether the ask (the whole question when it has no background) asks if one can do
    something: the amounts it names are what is done, not what is asked for."""
    ask = asking_part(question, marked=False) or question
    return _ONE_CAN.search(ask) is not None


# A command a note prints: a code block, or a command line in backticks ("`kubectl apply -f`").
_COMMAND = re.compile(r"```|`[a-z][\w-]*(?: [^`]+)+`")


def asks_a_date_of_the_dependencies(query: Query, notes: Sequence[Note]) -> bool:
    """Whether the question asks when something happened and only the external dependencies'
    notes are found: "`kubectl version` ... GoVersion:go1.8.3 ... when was this version
    announced?" is not told by the Go version 1.7 was built with, which dates nothing."""
    return (
        "date" in asked_in(asking_part(query.text, marked=False) or query.text)
        and bool(notes)
        and all(note.section[:1] == (DEPENDENCIES_SECTION,) for note in notes)
    )


def one_word_shared_by_the_best(hits: Sequence[Hit]) -> bool:
    """Whether the best note names one word of the question and no more, as the next does
    ("which pre-releases are rolled into v1.7.0" and "Roll up volume error messages"): nothing
    singles it out. Ties naming several of its words are left to the decision (requiring only
    a tie took 4 of 120 development questions' answers)."""
    top = hits[0]
    return (
        len(hits) > 1 and top.coverage < 1.0 and len(top.named) == 1 and hits[1].named == top.named
    )


# "is there a volume snapshot API in 1.7": whether a thing exists, named by what follows; not
# whether there is a way, an option or a setting to do something.
_EXISTENCE = re.compile(
    r"\b(?:is|are)\s+there\s+(?:an?|any)\s+(?!(?:way|option|setting|flag|config|fix|plan|"
    r"workaround|change|issue|bug|problem|reason|need|difference|limit|document|doc)s?\b)"
    # The thing, up to what the asker says it should do ("... a directive that clears fields I
    # leave out"), what it is for ("a test suite to check ...") or what it is like ("a short
    # name like po/svc"): how they put that is their
    # own, and the note may say it otherwise.
    r"(?P<object>[^?.!,]*?)(?=\s+(?:that|which|who|like|such\s+as|e\.?g\.?|to)(?!\w)|[?.!,]|$)",
    re.IGNORECASE,
)


# "mount propagation for hostPath volumes, is that in 1.7?": whether the thing named first exists.
_IN_THE_RELEASE = re.compile(
    r"^\W*(?P<object>[^?.!]+?),?\s+(?:is|was)\s+(?:that|it|this)\s+(?:already\s+)?"
    r"(?:in|part\s+of|available\s+in|supported\s+in|included\s+in|shipped\s+in)\s+"
    r"(?:v?1\.7|k8s\s+1\.7|kubernetes\s+1\.7|this\s+release)\b",
    re.IGNORECASE,
)


def asks_if_the_unnoted_exists(query: Query) -> bool:
    """Whether a question asks if a thing exists that no note names, in any word: "is there a
    volume snapshot API" is not answered by a note on volumes for admins."""
    found = _EXISTENCE.search(query.text) or _IN_THE_RELEASE.search(query.text)
    if found is None:
        return False
    # How the asker rates the thing ("a small component", "a simple way") names no thing, nor
    # does what it stands in for ("a replacement for heapster"): the thing is the one it names.
    return _names_the_unnoted(query, found.group("object"), STANDING_IN_TERMS | RATING_TERMS)


def _names_the_unnoted(query: Query, thing: str, aside: frozenset[str] = frozenset()) -> bool:
    """Whether `thing`, as the question says it, names something no note names in any word; how
    the asker rates it ("a small component") and the `aside` terms name nothing."""
    said = set(terms(thing)) - QUALIFIER_TERMS - aside
    return any(c.terms & said and not c.noted and not c.release for c in query.concepts)


QUALIFIER_TERMS = frozenset(terms(" ".join(QUALIFIER_WORDS)))
# Whose the thing asked for is, or how proper ("an official test suite"): no thing of its own.
RATING_TERMS = frozenset(terms("official officially proper standard upstream"))
# A thing asked for by what it stands in for: "a replacement for heapster", "an alternative to".
STANDING_IN_TERMS = frozenset(
    terms("replacement replacements alternative alternatives substitute successor equivalent")
)

# "what's new in Calico v2.2", "what changed in heapster 1.4.0": a component's own release.
_COMPONENT_RELEASE = re.compile(
    r"\b(?:new|changed?|changes|different|fixed|improved)"
    # "what new features are in dashboard 1.6.1", "which fixes landed in heapster 1.4.0"
    r"(?:\s+(?:features?|stuff|things|bits|fixes)(?:\s+(?:are|were|is|landed|went))?)?"
    # A component named in up to three words ("cluster autoscaler 1.0"), none a function word.
    r"\s+in\s+(?:the\s+)?(?P<component>[a-z][\w-]*(?:\s+(?!(?:in|on|of|for|with|and|to|at|by"
    r"|as|since|from|after|before|between|than|vs|versus|until|till|compared)\b)[a-z][\w-]*){0,2})"
    r"\s+v?\d+(?:\.\d+)+",
    re.IGNORECASE,
)


# "... what changed in it compared to Heapster 1.3", "dashboard 1.6.1 vs 1.5": a component's
# own releases compared.
_COMPARED_RELEASE = re.compile(
    r"\b(?:compared\s+(?:to|with)|vs\.?|versus)\s+(?P<component>[a-z][\w-]*)\s+v?\d+(?:\.\d+)+",
    re.IGNORECASE,
)


# A flag's value asked for: "what do I set --cloud-provider to", "what value for --mode",
# "--cloud-provider=?".
_FLAG_VALUE_ASKED = re.compile(
    r"\bset\s+--(?P<flag>[a-z0-9][\w-]*)\s+to\b"
    r"|\bvalues?\s+(?:do\s+i\s+give\s+|should\s+\w+\s+give\s+|of\s+|for\s+|to\s+\w+\s+)"
    r"(?:the\s+)?--(?P<flag2>[a-z0-9][\w-]*)"
    r"|--(?P<flag3>[a-z0-9][\w-]*)\s*=\s*\?",
    re.IGNORECASE,
)
# "how do I turn them on", "configure it", "set that up": switching on or setting up.
_SETTING_UP = re.compile(
    r"\b(?:turn(?:ing)?\s+\w+\s+on|turn(?:ing)?\s+on|switch(?:ing)?\s+\w*\s*on|enabl\w*"
    r"|activat\w*|configur\w*|set(?:ting)?\s+(?:\w+\s+)?up|install\w*|wire\s+\w+\s+up)\b",
    re.IGNORECASE,
)
# What tells how: a command or code, a flag, a setting's value, a link, a word of use.
_INSTRUCTS = re.compile(
    r"`|--\w|<https?://|\b[A-Z][A-Z0-9_]{2,}=|\b(?:use|using|set|pass|run|specify|via)\b",
    re.IGNORECASE,
)
# "how do i turn on pod priority", "enable api aggregation": what is to be switched on.
_ENABLING = re.compile(
    r"\b(?:turn|switch)\s+on\s+(?P<object>[^?.!,]*)|\b(?:enable|activate)\s+(?P<enabled>[^?.!,]*)",
    re.IGNORECASE,
)


def asks_to_enable_the_unnoted(query: Query) -> bool:
    """Whether a question asks how to switch on a thing no note names, in any word: "how do I
    turn on pod priority and preemption" is not answered by the note protecting static pods from
    preemption, which never says priority."""
    ask = asking_part(query.text, marked=False) or query.text
    found = _ENABLING.search(ask)
    if found is None or not asks_how_to(ask):
        return False  # "so i can turn on overlay2 without worries?" checks a claim
    thing = found.group("object") if found.group("object") is not None else found.group("enabled")
    return _names_the_unnoted(query, thing)


def asks_how_of_an_announcement(query: Query, notes: Sequence[Note]) -> bool:
    """Whether the question asks how to switch on or set up something ("how do I turn them
    on", "how do I configure it on the kubelet") and the notes only announce it: no command,
    flag, setting, link or word of use. "Add UDP metrics (collection disabled by default)"
    tells that they are off, not how to turn them on."""
    ask = asking_part(query.text, marked=False) or query.text
    return (
        asks_how_to(ask)
        and _SETTING_UP.search(ask) is not None
        and not any(_INSTRUCTS.search(note.text) for note in notes)
    )


def flags_whose_value_is_asked(question: str) -> list[str]:
    """The command-line flags whose value a question asks for, without their dashes: "what do
    I set --cloud-provider to", "which value for --authorization-mode", "--foo=?"."""
    return [
        (found.group("flag") or found.group("flag2") or found.group("flag3")).casefold()
        for found in _FLAG_VALUE_ASKED.finditer(question)
    ]


def gives_a_value(flag: str, text: str) -> bool:
    """Whether a text writes a value for the flag: "--cloud-provider=external"."""
    return re.search(rf"--{re.escape(flag)}(?:=|\s+[\w\"'])", text, re.IGNORECASE) is not None


def asks_what_a_components_release_changed(query: Query) -> bool:
    """Whether the question asks what a release of another component brought ("1.7 ships
    Heapster v1.4.0. what changed in Heapster 1.4.0?"): the note bumping it to that version
    does not say, its own release notes do."""
    return any(
        found.group("component").split()[-1].casefold() not in KUBERNETES_NAMES
        for found in (
            *_COMPONENT_RELEASE.finditer(query.text),
            *_COMPARED_RELEASE.finditer(query.text),
        )
    )


def asks_support_for_the_unsaid(query: Query, best: Hit) -> bool:
    """Whether a question asks if something supports (has, works with) a thing the best note
    does not name: "does advanced auditing have a kafka backend" is not answered by the note on
    auditing, which never says Kafka, nor "does the cluster autoscaler 0.6 support azure" by the
    note bumping the autoscaler, which names no cloud. Everyday words aside ("supports it
    well"), which notes may say otherwise, unless the note says them ("does it have a short name
    for kubectl" of the note adding the short name "netpol")."""
    asked = capability_asked(asking_part(query.text, marked=False) or query.text)
    if asked is None:
        return False
    said = set(terms(asked))
    objects = [c for c in query.concepts if c.terms & said and not c.release]
    unsaid = [c for c in objects if c.terms.isdisjoint(best.named)]
    # An everyday word written as a name ("does Frakti support Windows containers") is a name.
    names = set(terms(" ".join(_NAME_INSIDE.findall(query.text))))
    return (
        any(not c.noted and not c.everyday for c in objects)
        or (any(not c.everyday for c in objects) and len(unsaid) == len(objects))
        # The rarest thing asked of it, unsaid: "can networkpolicy allow an external cidr".
        or any(not c.everyday and c.weight >= UNSAID_SUBJECT_WEIGHT for c in unsaid)
        or any(c.terms & names and c.weight >= UNSAID_NAME_WEIGHT for c in unsaid)
    )


# A capitalised word inside a sentence: a name, whatever the dictionary says of it.
_NAME_INSIDE = re.compile(r"(?<=[a-z0-9,;] )[A-Z][A-Za-z0-9]+")


def names_an_unnoted_product(query: Query) -> bool:
    """Whether the question asks about a product next to Kubernetes that the notes never name:
    "does weave net support the v1 networkpolicy semantics" is weave's business, which the note
    on NetworkPolicy's move to v1 does not speak of. A product named as where the asker runs
    Kubernetes ("on our gke cluster") is only the setting, and so is one in a report that asks
    nothing ("..., helm tiller broke")."""
    ask = asking_part(query.text, marked=False)
    if ask is None and not is_question(query.text):
        return False
    return any(
        not any(c.noted for c in query.concepts if c.terms & text_terms(product))
        for product in named_products(surface_words(ask or query.text))
    )


# "what's the recommended MTU", "what is the default X": the thing asked for, by its name.
_WHAT_THE = re.compile(
    r"\bwhat(?:'s|s|\s+is|\s+are)?\s+(?:the|a|an)\s+(?:(?:recommended|suggested|default|right|"
    r"best|correct|max|maximum|minimum|min|typical|usual|ideal)\s+)?(?P<thing>[\w-]+)",
    re.IGNORECASE,
)


def asks_for_the_unnoted(query: Query, listed: frozenset[str] = frozenset()) -> bool:
    """Whether the question asks what a thing is ("what's the recommended MTU for calico 2.2")
    that no note names, in any word: the notes naming the rest of it do not say it. A word
    naming what the notes list (`listed`: "what's the gotcha" asks for known issues) is none."""
    found = _WHAT_THE.search(query.text)
    if found is None:
        return False
    thing = frozenset(terms(found.group("thing")))
    return thing.isdisjoint(listed) and any(
        c.terms & thing and not c.noted and not c.everyday for c in query.concepts
    )


# Platforms that run Kubernetes for people: named as where they run it, never a note's subject.
_PLATFORMS = frozenset({"gke", "eks", "aks", "pks", "openshift", "rancher"})


def names_only_the_setting(query: Query) -> bool:
    """Whether all the question names, everyday words aside, is the product the asker runs
    Kubernetes on ("is 1.7 available on GKE yet"): the product's business, not a note's."""
    setting = context_products(surface_words(query.text)) & _PLATFORMS
    if not setting:
        return False
    setting_terms = frozenset(terms(" ".join(setting)))
    named = [c for c in query.concepts if not c.everyday and not c.release]
    return bool(named) and all(not c.terms.isdisjoint(setting_terms) for c in named)


# Words asking for what a message has not named yet ("what else", "any others").
_OTHER_WORDS = frozenset({"else", "other", "others", "another", "more"})


def names_what_is_set_aside(query: Query, best: Hit) -> bool:
    """Whether the best note names what the asker sets aside and leaves unsaid a named thing
    they ask about: "apart from CoreDNS, is Azure DNS a federation DNS provider?" is not
    answered by the note on the CoreDNS provider."""
    aside = frozenset(
        terms(" ".join(w for w in surface_tokens(set_aside(query.text)) if w not in STOPWORDS))
    )
    if not aside:
        return False
    rest = [w for w in surface_tokens(without_set_aside(query.text)) if w not in STOPWORDS]
    if not (set(rest) - _OTHER_WORDS):
        # "what else besides api aggregation": all it names is what it does not want.
        return True
    return not aside.isdisjoint(best.named) and any(
        c.asked and not c.everyday and c.terms.isdisjoint(best.named | aside)
        for c in query.concepts
    )


def asks_of_a_rival_provider(query: Query, note: Note) -> bool:
    """Whether the question asks about a cloud provider the note does not name, the note naming
    another ("which GPU types on AWS" of the note on GPUs for GCE nodes): a rival's feature."""
    ask = asking_part(query.text, marked=False) or query.text
    asked = set(surface_words(ask))
    written = set(surface_words(plain_text(note.text)))
    return any(
        not provider.isdisjoint(asked)
        and provider.isdisjoint(written)
        and any(not other.isdisjoint(written) for other in CLOUD_PROVIDERS if other != provider)
        for provider in CLOUD_PROVIDERS
    )


def asks_of_a_rival_tool(query: Query, note: Note) -> bool:
    """Whether the question asks about a cluster tool the note neither names nor sits under, the
    note being about another and about none asked of ("make CoreDNS the default with kubeadm" of
    federation's CoreDNS note): that tool's change is not what the question asks for."""
    asked = _hyphenated_words(asking_part(query.text, marked=False) or query.text)
    written = _hyphenated_words(f"{plain_text(note.text)} {' '.join(note.section)}")
    named = [tool for tool in CLUSTER_TOOLS if not tool.isdisjoint(asked)]
    # A tool the note names among those asked of ("juju ... kubectl get nodes") is its subject.
    return (
        bool(named)
        and all(tool.isdisjoint(written) for tool in named)
        and any(not other.isdisjoint(written) for other in CLUSTER_TOOLS if other not in named)
    )


def _hyphenated_words(text: str) -> set[str]:
    """The words of a text, casefolded, a hyphenated name whole ("kube-proxy")."""
    return set(_HYPHENATED_WORD.findall(text.casefold()))


_HYPHENATED_WORD = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


# A flag's or setting's name of three or more parts: "image-gc-low-threshold", "--max-pods-total".
_IDENTIFIER = re.compile(r"(?<![\w.-])-{0,2}([a-z0-9]+(?:[-_][a-z0-9]+){2,})", re.IGNORECASE)


def names_the_rivals_identifier(question: str, text: str) -> bool:
    """Whether a name is asked for ("the feature gate for kubelet server cert rotation") and the
    text spells out names only for its rival: RotateKubeletClientCertificate is the client
    certificate's gate, not the server's."""
    if not asks_identifier(question):
        return False
    asked = set(surface_words(question))
    written = [
        set(_CAMEL_OR_SEPARATOR.sub(" ", name).casefold().split())
        for name in written_identifiers(text)
    ]
    return any(
        rival not in asked
        and any(rival in words for words in written)
        and not any(word in words for words in written)
        for word, rival in _RIVAL_WORDS.items()
        if word in asked
    )


# Pairs of words each naming the other's rival: a client's setting is not a server's.
_RIVAL_WORDS = {
    "client": "server",
    "server": "client",
    "ingress": "egress",
    "egress": "ingress",
    "upscale": "downscale",
    "downscale": "upscale",
    "inbound": "outbound",
    "outbound": "inbound",
    "high": "low",
    "low": "high",
}
# Where a name's words meet: "RotateKubeletClientCertificate", "image-gc-high-threshold".
_CAMEL_OR_SEPARATOR = re.compile(r"(?<=[a-z0-9])(?=[A-Z])|[-_.=/`]+")


def _identifiers(text: str) -> set[str]:
    return {m.group(1).casefold() for m in _IDENTIFIER.finditer(text)}


def names_a_rival_identifier(query: Query, note: Note) -> bool:
    """Whether the question names a flag or setting the note does not, the note naming one that
    differs from it in one part: "the default image-gc-low-threshold" is not told by the note on
    image-gc-high-threshold, however alike their words."""
    written = note.text.casefold()
    rivals = [identifier.replace("_", "-").split("-") for identifier in _identifiers(note.text)]
    for asked in _identifiers(query.text):
        if asked in written:
            continue
        parts = asked.replace("_", "-").split("-")
        if any(
            len(rival) == len(parts) and sum(a != b for a, b in zip(parts, rival, strict=True)) == 1
            for rival in rivals
        ):
            return True
    return False


# The subcommands of Kubernetes' command-line tools, as typed after the tool's name.
_KUBECTL_COMMANDS = """
get describe create apply delete edit exec logs attach port-forward proxy top cp rollout scale
autoscale expose run set label annotate taint drain cordon uncordon config cluster-info explain
auth certificate api-versions version patch replace convert completion plugin wait diff
"""
SUBCOMMANDS: dict[str, frozenset[str]] = {
    "kubectl": frozenset(_KUBECTL_COMMANDS.split()),
    "kubeadm": frozenset(
        {"init", "join", "reset", "token", "upgrade", "config", "alpha", "version"}
    ),
    "kubefed": frozenset({"init", "join", "unjoin", "version", "options"}),
}
# What some kubectl subcommands do, typed after them: "kubectl rollout undo".
ACTIONS: dict[str, frozenset[str]] = {
    "rollout": frozenset({"undo", "history", "status", "pause", "resume", "restart"}),
    "set": frozenset({"image", "selector", "subject", "resources", "env", "serviceaccount"}),
    "config": frozenset({"view", "use-context", "set-context", "get-contexts", "set-credentials"}),
    "auth": frozenset({"can-i", "reconcile"}),
}
_ACTION = re.compile(
    r"\bkubectl\s+(?P<command>rollout|set|config|auth)\s+(?P<action>[a-z][\w-]*)", re.I
)


def _actions(text: str) -> set[tuple[str, str]]:
    """The (subcommand, action) pairs of kubectl a text writes: "kubectl rollout pause"."""
    return {
        (m.group("command").casefold(), m.group("action").casefold())
        for m in _ACTION.finditer(text.replace("`", ""))
        if m.group("action").casefold() in ACTIONS[m.group("command").casefold()]
    }


def actions_asked(question: str) -> set[tuple[str, str]]:
    """The kubectl actions a question asks of, in its ask: "can i use kubectl rollout pause"."""
    return _actions(asking_part(question, marked=False) or question)


def written_actions(texts: Iterable[str]) -> frozenset[tuple[str, str]]:
    """The kubectl actions these texts write: those said beside `kubectl <subcommand>`
    ("`kubectl rollout` supports undo and history" writes rollout undo and rollout history)."""
    written: set[tuple[str, str]] = set()
    for text in texts:
        said = set(surface_tokens(plain_text(text)))
        for tool, command in _commands(text):
            if tool == "kubectl" and command in ACTIONS:
                written.update((command, action) for action in ACTIONS[command] & said)
    return frozenset(written)


_TOOL_COMMAND = re.compile(
    r"\b(?P<tool>kubectl|kubeadm|kubefed)\s+(?P<command>[a-z][\w-]*)", re.IGNORECASE
)


def _commands(text: str) -> set[tuple[str, str]]:
    """The (tool, subcommand) pairs a text writes: "kubectl set selector" writes kubectl set."""
    return {
        (tool, command)
        for tool, command in (
            (m.group("tool").casefold(), _command_written(m.group("command").casefold()))
            for m in _TOOL_COMMAND.finditer(plain_text(text).replace("`", ""))
        )
        if command in SUBCOMMANDS[tool]
    }


def _command_written(command: str) -> str:
    """A subcommand as its tool spells it: "kubectl plugins" is `kubectl plugin`."""
    return "plugin" if command == "plugins" else command


def names_a_rival_command(query: Query, note: Note) -> bool:
    """Whether the question names a subcommand of a tool the note writes other subcommands of,
    never this one: "kubectl top" is not what the note on `kubectl set selector` changes,
    though the note says "at the top"."""
    # Named in the ask: "opened the dashboard through kubectl proxy and got a 403" is background.
    ask = asking_part(query.text, marked=False) or query.text
    asked = _commands(ask)
    written = _commands(note.text)
    tools = {tool for tool, _ in written}
    if asked.isdisjoint(written):
        return any(tool in tools for tool, _ in asked)
    # "kubectl rollout pause" is not the note's "`kubectl rollout` supports undo and history".
    done = written_actions([note.text])
    return any(
        (command, action) not in done and any(other == command for other, _ in done)
        for command, action in _actions(ask)
    )
