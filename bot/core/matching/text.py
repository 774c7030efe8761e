"""Words as the matcher reads them: Slack markup reduced, case-folded, stemmed; releases named."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Container, Sequence
from functools import lru_cache

from bot.core.knowledge import Entry

_SLACK_LINK = re.compile(r"<((?:https?|mailto|ftp):[^>|]*)(?:\|([^>]*))?>", re.IGNORECASE)
_SLACK_CHANNEL = re.compile(r"<#[A-Z0-9]+(?:\|([^>]*))?>", re.IGNORECASE)
_SLACK_MENTION = re.compile(r"<[@!][^>]*>")
# Handles typed after "cc" ("cc @node", "cc @marketing") address people, as Slack's own
# mentions do: the team copied in is not what the question is about.
_COPIED = re.compile(r"(?<![^\s(])(cc:?)((?:\s+@[\w.-]+,?)+)", re.IGNORECASE)
_APOSTROPHES = re.compile(r"['’‘`´]")
# A version's possessive ("1.7's features") is the version: without its apostrophe it would read
# as the version and a stray "s".
_VERSION_POSSESSIVE = re.compile(r"(?<=\d)['’‘`´]s\b")
# A hyphen joining a single letter to a word makes one name: CRI-O is its own runtime, not the
# CRI and a stray "o"; e-mail is email. Other hyphens separate words ("pod-to-pod"). Single
# letters joined by "&" are one word too: "q&a" is a kind of site, not two stray letters. "I" is
# the asker ("a how-do-I question"), never a name's letter.
_WORD = re.compile(
    r"v?\d+(?:\.\d+)+"
    r"|(?<![^\W_])[^\W\d_]&[^\W\d_](?![^\W_])"
    r"|(?<![^\W_-])[^\W\d_]-[^\W_]+"
    r"|[^\W_]+(?:-(?!i\b)[^\W\d_](?![^\W_-]))?"
)
VERSION = re.compile(r"\d+(?:\.\d+)+")
_MARKDOWN_LINK = re.compile(r"<([^>|]+)\|([^>]+)>")
_URL = re.compile(r"https?://\S+")
_LINKED = re.compile(r"<(https?://[^|>]+)")


# The Kubernetes issue template's own words (its headings, the kind it asks to uncomment, the
# environment it lists), which an issue pasted whole brings along: the form asks them, not the
# person ("Is this a BUG REPORT or FEATURE REQUEST?").
_ISSUE_TEMPLATE = re.compile(
    r"<!--[\s\S]*?(?:-->|\Z)"
    r"|\*{0,2}is this a bug report or feature request\?\*{0,2}:?(?:[ \t]*(?:bug|feature)\b)?"
    r"|^[ \t>]*uncomment only one[^\n]*"
    r"|^[ \t>]*/(?:kind|sig|area|priority)\b[^\n]*"
    r"|\*{1,2}(?:what happened|what you expected to happen|how to reproduce it[^*\n]*"
    r"|anything else we need to know\??|environment)\*{1,2}:?"
    r"|^[ \t]*[-*][ \t]*(?:kubernetes version \(use `kubectl version`\)"
    r"|cloud provider or hardware configuration|os \(e\.g\. from /etc/os-release\)"
    r"|kernel \(e\.g\. `uname -a`\)|install tools|others)\**:",
    re.IGNORECASE | re.MULTILINE,
)


def without_issue_template(text: str) -> str:
    """A message without the Kubernetes issue template's own words, the issue's kept."""
    if "**" not in text and "<!--" not in text and "/kind" not in text:
        return text  # no template: the common case costs one scan
    return _ISSUE_TEMPLATE.sub(" ", text)


def strip_slack_markup(text: str) -> str:
    """What a person sees of Slack markup: link labels, channel names; mentions dropped, and
    the handles typed after "cc"."""
    text = _SLACK_LINK.sub(lambda m: m.group(2) or m.group(1), text)
    text = _SLACK_CHANNEL.sub(lambda m: m.group(1) or " ", text)
    text = _SLACK_MENTION.sub(" ", text)
    text = _COPIED.sub(lambda m: m.group(1), text)
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def surface_words(text: str) -> list[str]:
    """Case-folded words of `text` as written; punctuation and emoji dropped, versions and
    names joining single letters ("cri-o", "q&a") kept."""
    return list(_surface_words(text))


@lru_cache(maxsize=1024)
def _surface_words(text: str) -> tuple[str, ...]:
    # Reading one message looks at it, its clauses and its ask several times: remembered.
    text = unicodedata.normalize("NFKC", text).casefold()
    return tuple(_WORD.findall(_APOSTROPHES.sub("", _VERSION_POSSESSIVE.sub("", text))))


def read_apart(word: str, written: Container[str], min_part: int) -> tuple[str, ...]:
    """A word typed as two run together ("thirdparty"), as those two when both are `written`
    and of `min_part` letters or more, and it splits only one way; else the word as typed."""
    if len(word) < 2 * min_part or not word.isalpha():
        return (word,)
    splits = [
        (word[:k], word[k:])
        for k in range(min_part, len(word) - min_part + 1)
        if word[:k] in written and word[k:] in written
    ]
    # Only one way to read it apart: "cloudnative", not a name that splits two ways.
    return splits[0] if len(splits) == 1 else (word,)


# "also", "as well", and "too" closing a clause or before a word no adjective is ("... on azure
# too?", "works too like for daemonsets"; not "too many"): whether something holds for one more
# thing.
ALSO_WORDS = (
    r"also|as well"
    r"|too(?=\s*(?:[?.!,;:)]|$|(?:like|right|now|or|and|as|then|so|pls|please|lol)\b))"
)
ALSO = re.compile(rf"\b(?:{ALSO_WORDS})", re.IGNORECASE)


# "does advanced auditing have a kafka backend", "does the storageos plugin support snapshots":
# whether something supports, has or works with what follows (the object). A dot inside a word,
# a version's ("autoscaler 0.6") or an API group's ("networking.k8s.io"), does not end the sentence.
CAPABILITY = re.compile(
    r"\b(?:does|do|did|can|could|will|would|is|are)\b(?:[^?.!]|(?<=\w)\.(?=\w))*?"
    r"\b(?:support|supports|supported"
    r"|have|has|handle|handles|run|runs|work with|works with|work on|works on|pair with"
    r"|pairs with|ship with|come with|apply to|applies to|cover|covers|include|includes"
    r"|allow|allows)\b"
    r"(?!\s+to\b)(?P<object>(?:[^?.!,]|(?<=\w)\.(?=\w))*)"
    # "can networkpolicy do egress rules": what something can do, after "can" or "could" only.
    r"|\b(?:can|could)\b(?:[^?.!]|(?<=\w)\.(?=\w))*?\bdo\b"
    r"(?!\s+(?:to|i|we|you|it|this|that|so|with|about|anything|something)\b)"
    r"(?P<done>(?:[^?.!,]|(?<=\w)\.(?=\w))*)",
    re.IGNORECASE,
)


def capability_object(found: re.Match[str]) -> str:
    """What a `CAPABILITY` match asks something to support, have or do ("egress rules")."""
    asked = found.group("object")
    return asked if asked is not None else found.group("done")


def capability_asked(text: str) -> str | None:
    """What a text asks something to support, have or do; None when it asks no such thing."""
    found = CAPABILITY.search(text)
    return capability_object(found) if found is not None else None


_CAMEL_CASE = re.compile(r"\b[a-z]+[A-Z][A-Za-z]*\b")


# Where a word written in camel case ("activeDeadlineSeconds", "HTTPProxy") turns to its next part.
CAMEL_BOUNDARY = re.compile(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])")


def camel_case_words(text: str) -> frozenset[str]:
    """The words typed in camel case ("readyReplicas"), case-folded: a field's name, one word
    however its parts read."""
    return frozenset(w.casefold() for w in _CAMEL_CASE.findall(text))


def camel_case_parts(text: str) -> dict[str, tuple[str, ...]]:
    """Each word typed in camel case, case-folded, with its parts ("activedeadlineseconds":
    active, deadline, seconds)."""
    return {
        w.casefold(): tuple(p.casefold() for p in CAMEL_BOUNDARY.split(w) if p)
        for w in _CAMEL_CASE.findall(text)
    }


def words(text: str) -> list[str]:
    """Case-folded, stemmed words of `text`; punctuation and emoji dropped, versions kept."""
    return [stem(w) for w in surface_words(text)]


# Snowball's English stemmer (snowballstemmer) was measured in this one's place and not taken:
# the stop and chat lists are matched by stem, and Snowball folds release words onto them
# ("definitions" onto "definitely", so Custom Resource Definitions read as chat; "engine" onto
# "engineer", "use" onto "useful", "basics" onto "basically": 25 of the knowledge base's words
# against 8 with this stemmer), and it keeps acronym plurals ("crds", "tprs") whole.
@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """A light, predictable English stemmer: plurals, -ing, -ed, -ion, -ment and a final -e."""
    word = word.replace("-", "").replace("&", "")  # cri-o is read as crio, q&a as qa
    if word[:1] == "v" and VERSION.fullmatch(word[1:]):
        word = word[1:]
    if VERSION.fullmatch(word):
        parts = word.split(".")
        if len(parts) > 2 and parts[2].strip("0"):
            return ".".join(parts[:3])  # 1.7.1 is a patch release, not 1.7 itself
        return ".".join(parts[:2])  # 1.7.0 is release 1.7
    if len(word) < 4 or not word.isalpha():
        return word
    if word.endswith("ies") and len(word) > 5:
        word = word[:-3] + "y"
    elif word.endswith("s") and not word.endswith(("ss", "us", "is")):
        word = word[:-1]  # pods -> pod, sets -> set, crds -> crd
    if len(word) <= 4:
        return word
    for suffix, keep in (("ing", 4), ("ed", 4)):
        if word.endswith(suffix) and len(word) - len(suffix) >= keep:
            word = word[: -len(suffix)]
            if word[-1] == word[-2] and word[-1] not in "lsz":
                word = word[:-1]  # planned -> plan, running -> run
            break
    else:
        if word.endswith("ion") and len(word) - 3 >= 5:
            word = word[:-3]
        elif word.endswith("ment") and len(word) - 4 >= 6:
            word = word[:-4]  # replacement -> replace, the verb's stem
    if word.endswith("e") and len(word) >= 6:
        word = word[:-1]
    return word


def sorted_words(text: str) -> str:
    """The text's words in sorted order, as rapidfuzz's token_sort_ratio compares them."""
    return " ".join(sorted(text.split()))


def release_of(word: str) -> str | None:
    """`1.9` for a word naming a Kubernetes release, else None."""
    if not VERSION.fullmatch(word):
        return None
    major, minor, *patch = word.split(".")
    if (major == "1" and len(minor) <= 2) or (major == "2" and minor == "0"):
        return ".".join([major, minor, *patch[:1]])
    return None  # 2.5 is more likely "2.5x faster" than a Kubernetes release


_RELEASE_WORDS = frozenset({"release", "releases", "version", "versions"})
_NAMES_OF_THE_PROJECT = frozenset({"kubernetes", "k8s", "kube"})


def later_release(said: Sequence[str], release: str) -> str | None:
    """`1.8` when case-folded words name the release after `release` by its place rather than
    its number: "the version after 1.7", "the release following 1.7", "the next release"."""
    major, minor = release.split(".")[:2]
    following = f"{major}.{int(minor) + 1}"
    for i, word in enumerate(said[:-1]):
        if word not in _RELEASE_WORDS and word not in ("next", "upcoming"):
            continue  # only these words name a release by its place
        after = [w for w in said[i + 1 : i + 4] if w not in _NAMES_OF_THE_PROJECT]
        if word in ("next", "upcoming") and after[:1] and after[0] in _RELEASE_WORDS:
            return following  # "the next release", "next kubernetes version"
        if (
            word in _RELEASE_WORDS
            and said[i + 1] in ("after", "following")
            and len(after) > 1
            and stem(after[1]) == release
        ):
            return following  # "the version after 1.7"
    return None


_DIGIT = re.compile(r"\d")
# Words that ask what did happen, not what is planned: "did CRDs go GA in 1.8?".
_HAPPENED_WORDS = frozenset({"did", "didnt", "was", "wasnt", "were", "went", "ended", "happened"})
# "... eventually removed in 1.8?" says it happened; "before I eventually move to 1.8" does not.
_IN_THE_END = frozenset({"eventually", "finally"})
# Where one thing said ends and the next begins: "which groups were on by mistake and get switched
# off in 1.8?" says what was, then what 1.8 is to do.
_CLAUSE_BREAK = re.compile(r"[.?!;]+(?:\s|$)|,\s+|\s+(?:and|but)\s+", re.IGNORECASE)


def _says_it_happened(said: Sequence[str]) -> bool:
    if _HAPPENED_WORDS.intersection(said):
        return True
    return any(
        word in _IN_THE_END and any(w.endswith("ed") for w in said[i + 1 : i + 3])
        for i, word in enumerate(said)
    )


def asks_what_a_later_release_did(text: str, release: str) -> bool:
    """Whether a message asks what a release after `release` did ("was TPR removed in 1.8 in the
    end?"), which what `release` announced of its plans cannot say: a clause that names the
    later release says it happened, and does not name `release` ("did 1.7 deprecate what 1.8
    removes?"). A clause of its own saying what happened before ("v1alpha1 was on by
    default? what do i do for 1.8", "which groups were on by mistake and get switched off in
    1.8") does not."""
    if _DIGIT.search(text) is None:
        return False  # no release named: the common case costs one scan
    ours = tuple(int(part) for part in release.split(".")[:2])
    for clause in _CLAUSE_BREAK.split(text):
        said = surface_words(clause)
        if not _says_it_happened(said):
            continue
        named = [r for r in map(release_of, said) if r is not None]
        if release not in [".".join(r.split(".")[:2]) for r in named] and any(
            tuple(int(part) for part in r.split(".")[:2]) > ours for r in named
        ):
            return True
    return False


def replace_runs(
    tokens: Sequence[str],
    longest: int,
    replacement: Callable[[tuple[str, ...]], Sequence[str] | None],
    starts: Container[str],
) -> list[str]:
    """The tokens with each run that has a replacement swapped for it, longest run first.

    `starts` holds the first word of every run that has one: no other word starts a run."""
    out: list[str] = []
    i = 0
    while i < len(tokens):
        if tokens[i] not in starts:
            out.append(tokens[i])
            i += 1
            continue
        for size in range(min(longest, len(tokens) - i), 0, -1):
            found = replacement(tuple(tokens[i : i + size]))
            if found is not None:
                out.extend(found)
                i += size
                break
        else:
            out.append(tokens[i])
            i += 1
    return out


def all_text(entry: Entry) -> str:
    """Every text of an entry: how people ask for it, its answer and its section."""
    return " ".join(
        [entry.title, *entry.alternates, *entry.keywords, answer_text(entry), entry.section]
    )


def answer_text(entry: Entry) -> str:
    """The words of an answer a reader sees: link labels kept, URLs and placeholders dropped."""
    text = _MARKDOWN_LINK.sub(lambda m: m.group(2), entry.answer)
    text = _URL.sub(" ", text).replace("{when}", " ")
    return " ".join([text, *(link.label for link in entry.links)])


def linked_urls(entry: Entry) -> frozenset[str]:
    """Every URL an entry links, from its links and its answer's Slack links."""
    return frozenset(link.url for link in entry.links) | frozenset(_LINKED.findall(entry.answer))


def with_letter_doubled(word: str) -> list[str]:
    """The word with one of its letters doubled, each way."""
    return [word[: i + 1] + word[i:] for i in range(len(word))]


def with_letters_swapped(word: str) -> list[str]:
    """The word with two neighbouring letters swapped, each way ("waht" -> "what")."""
    return [
        word[:i] + word[i + 1] + word[i] + word[i + 2 :]
        for i in range(len(word) - 1)
        if word[i] != word[i + 1]
    ]


def one_typo_away(word: str) -> set[str]:
    """Every string one typo from the word: a letter left out, added, changed, or two
    neighbouring letters swapped (the typos optimal string alignment distance counts as one)."""
    letters = "abcdefghijklmnopqrstuvwxyz"
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    found = {left + right[1:] for left, right in splits if right}
    found.update(left + c + right[1:] for left, right in splits if right for c in letters)
    found.update(with_letter_added(word))
    found.update(with_letters_swapped(word))
    found.discard(word)
    return found


def with_letter_added(word: str) -> list[str]:
    """The word with one letter added anywhere."""
    return [
        word[:i] + letter + word[i:]
        for i in range(len(word) + 1)
        for letter in "abcdefghijklmnopqrstuvwxyz"
    ]
