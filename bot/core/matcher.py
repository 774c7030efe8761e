"""Matching a user's question to a knowledge-base entry: answered, suggested or declined.

How a question is scored, on one 0-100 scale:

1. Preprocessing: Slack markup is reduced to the words a person sees, text is case-folded and
   split into words (punctuation and emoji dropped, version numbers like `1.7` kept whole), at
   most MAX_CHARS characters and MAX_TOKENS words are read: all of a message within them; of a
   longer one, its asking clauses (step 2) found among its last ASK_WINDOW characters, with as
   much of its opening as still fits, or its opening alone when nothing there asks (only the
   first and last SCAN_WINDOW characters of its first SCAN_LIMIT are looked at, so the work is
   bounded however long the paste; `bounded_message`), a word one typo away from a word
   the knowledge base uses is read as that word, words are lightly stemmed, and synonyms from
   `knowledge/synonyms.yaml` are rewritten to the release's own words; features named in
   several words ("pod security policy") are read as one term. Chat words (FILLER_WORDS: "boss",
   "heard", "slide", "headline") are never read as typos of knowledge-base words. The knowledge
   base goes through the same steps, once, at construction.
2. Weights: every word weighs its inverse document frequency over the entries, so a word that
   appears everywhere weighs little; the words every release answer shares ("kubernetes", "1.7",
   "release", "new") weigh a fraction more; a word the index has never seen weighs as much as the
   rarest word it has: something the question asks about and no entry explains, unless it is
   chat around the question, which weighs FILLER_WEIGHT. Function words and greetings ("what",
   "is", "thanks") weigh nothing.
   The asking part outweighs the background: a message of several clauses (ASK_BREAKS: `.`,
   `!`, `?`, `;`, `:`, line breaks, " - ", "so", "but", "anyway", "basically"; not commas,
   which join a question's own parts as often as they end its background) asks in the clauses
   that end in a question mark and ask in words (ASK_WORDS anywhere, or ASK_OPENERS first,
   after ASK_LEADS such as "so"), or else in its last clause that asks in words; a short clause
   right before it (TOPIC_LABEL_WORDS: "sts - can I ...") names its topic and belongs to it. A
   word said only outside the asking part weighs BACKGROUND_WEIGHT of its weight, so the
   background ("our auditors are reviewing the changelog ...") cannot outweigh the ask; as
   every later step reads these weights, relevance, BM25, fit and the confidence inputs all see
   the message the same way. One clause, no asking clause, or an asking clause with no content
   word of its own: every word weighs alike.
3. Candidates: entries sharing words with the question, exactly or by a small typo. Words of four
   characters or fewer match only exactly (CRI is not CRD).
4. Relevance: `coverage` (the weighted share of the question an entry explains) times a blend of
   `fit` (how much of one of the entry's phrasings the question says) and rapidfuzz's
   token_sort_ratio against the entry's phrasings, blended (BM25_SHARE) with BM25 over the
   entry's fields (BM25_FIELDS: title, alternates, keywords, answer, link labels and URL words);
   it ranks the entries. A telling question word the entry lacks while another entry is asked by
   it costs OWNED_PENALTY; a feature named in several words that another entry is asked by
   ("local storage") costs NAME_PENALTY, so the name outranks a shared generic word ("volume").
   Maturity and comparison words ("stable", "beta", "vs") are shared by every feature and weigh
   little. Answer types: a question asking for a kind of fact (`asked_types`: a count, a price, a
   version of something, a place, a venue, a conference programme, a person, a date) of an answer
   that holds none (`answer_types`) costs TYPE_PENALTY and is never answered outright.
5. Confidence: a logistic model (CONFIDENCE_WEIGHTS, CONFIDENCE_BIAS) turns what backs the best
   entry (relevance, lead, coverage, fit, how much is explained by the ways people ask for it,
   telling and unknown words, BM25, the heaviest telling word it lacks and whether another entry
   owns that word, question length, ...) into the likelihood, 0-100, that its answer
   is right. That likelihood is the reported score. The weights were fitted on questions
   written the way users type and checked on questions the fit never saw; they are constants
   here, so matching needs no fitting and no numerical library.
6. Outcome: answered when the confidence reaches ANSWER_THRESHOLD (UNKNOWN_TOPIC_THRESHOLD when
   a question of at most SHORT_QUESTION words as typed has a word no entry knows that is not
   chat; in longer ones the model's `unknown` and `orphan` weigh it) and the race is not close
   (a lead of CLOSE_RACE_MARGIN relevance points, RIVAL_MARGIN when the runner-up would be
   answered too; no race at all when the best entry links everything the runner-up links, as
   an overview answers its detail's question too), or when the question is word for word one
   of the entry's phrasings.
   Otherwise suggested (candidates within SUGGEST_SPREAD of the best, with CANDIDATE_RELEVANCE or
   CANDIDATE_SHARE of the best relevance, each shown with its own confidence) when the confidence
   reaches SUGGEST_THRESHOLD; declined otherwise. A question naming only another release (1.8,
   or a patch release such as 1.7.1; 1.7.0 is the release itself) is declined unless the best
   entry's title or answer (not how people ask for it) speaks of that release and it matches on
   more than its number; a question naming 1.7 as well ("1.7 vs 1.6") is about 1.7. A year other
   than the release's that the entry's title and answer do not mention ("kubecon 2018") is
   another event: declined.
"""

from __future__ import annotations

import itertools
import math
import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

from rapidfuzz import fuzz, process
from rapidfuzz.distance import OSA

from bot.core.knowledge import Entry, KnowledgeBase

Status = Literal["answered", "suggested", "declined"]

# The decision is a small logistic model of "the best entry's answer is right", fitted on
# questions written the way users type (typos, chat, keyword-only, indirect, out of scope),
# out-of-scope questions weighted three times: a false answer costs more than a suggestion.
# Inputs, each 0-1 unless said: the relevance score, its lead over the runner-up, coverage
# (the weighted share of the question the entry explains), fit and similarity to the entry's
# closest phrasing, `asked` (the share explained by how people ask for the entry, not by its
# answer text), `told` (the share of telling words the entry contains), `unknown` (the share no
# entry knows), whether every telling word is explained, whether a telling phrasing word backs
# it, whether a number or price was asked of an answer without one, a word-for-word phrasing,
# log(1 + content words), whether it is the only candidate, `bm25` (BM25 over the entry's
# fields as a share of the question's ceiling), `owned` (the weight of the heaviest telling word
# the entry lacks and another entry is asked by) and `orphan` (the heaviest telling word it
# lacks at all). The reported score is this confidence, 0-100.
CONFIDENCE_WEIGHTS: Mapping[str, float] = {
    "score": 2.228,
    "margin": 0.845,
    "coverage": 0.315,
    "fit": 1.061,
    "similarity": 0.052,
    "asked": 1.399,
    "told": -0.084,
    "unknown": -0.594,
    "complete": 0.448,
    "evidence": 0.550,
    "penalized": -1.904,
    "exact": 1.097,
    "length": 2.886,
    "single": -0.337,
    "bm25": 2.983,
    "owned": -0.063,
    "orphan": -0.565,
}
CONFIDENCE_BIAS = -9.211
# At or above this confidence (and outside a close race) the best entry is the answer. Chosen on
# the questions the fit saw: at 70 the model alone answers 90% of them right, under 1% wrongly
# and 3 of 50 out-of-scope ones, as many as at 80 (85% right) or 85 (81% right). On questions
# the fit never saw it gave no wrong answer and fewer false answers than the previous model at
# 85, answering more outright.
ANSWER_THRESHOLD = 70.0
# The confidence needed when a short question (at most SHORT_QUESTION content words as typed,
# "tpr in openshift") has a topic word no entry knows and that is not chat. In longer questions
# such a word is as often chat the lists lack as a near miss; the model's `unknown` and `orphan`
# weigh it there (a stricter threshold up to five words turned away right answers, no false ones).
SHORT_QUESTION = 2
UNKNOWN_TOPIC_THRESHOLD = 85.0
# Two entries within this many points of relevance are a race the question does not settle:
# "did you mean" rather than a coin toss.
CLOSE_RACE_MARGIN = 2.0
# When the runner-up would be answered too, the best entry must lead it by this much.
RIVAL_MARGIN = 3.0
# At or above this relevance an entry may be offered as a "did you mean" candidate.
CANDIDATE_RELEVANCE = 35.0
# A long, chatty question spreads its relevance thin: an entry with at least this share of the
# best entry's relevance is offered too, however low the figures (the confidence decides whether
# anything is offered at all).
CANDIDATE_SHARE = 0.6
# Candidates more than this far behind the best one are not worth offering.
SUGGEST_SPREAD = 25.0
# A question whose best entry is less likely right than this is declined, not suggested: below
# it, the candidates are words in common, not a guess worth offering ("bbq in austin").
SUGGEST_THRESHOLD = 10.0
MAX_CANDIDATES = 3
# A question word weighing this much or more is a telling word: `told` and `complete` count them.
TELLING_WEIGHT = 0.5

# The most of a question that is read: beyond this it is a paste, not a question.
MAX_CHARS = 500
MAX_TOKENS = 60
# A long message often asks last, after its background: beyond the budget above, its asking
# clauses are looked for among its last ASK_WINDOW characters and kept with as much of its
# opening as still fits. Only the first and last SCAN_WINDOW characters of its first SCAN_LIMIT
# are ever looked at, so a 100 KB paste costs no more than a long question.
ASK_WINDOW = 250
SCAN_WINDOW = MAX_CHARS * 4
SCAN_LIMIT = 100_000

# How strongly an entry owns a word, by where the word appears in it.
PHRASING_STRENGTH = 1.0  # title, alternates, keywords: how people ask for this entry
ANSWER_STRENGTH = 0.8  # the answer text and link labels: what the entry talks about
SECTION_STRENGTH = 0.5  # the announcement section: context, not the topic itself

# BM25 over each entry's fields: how many times a field counts, for term frequency. How people
# ask for an entry counts most; its answer and its links' labels and URLs back it up.
BM25_FIELDS = {"title": 3.0, "alternates": 1.0, "keywords": 1.5, "answer": 1.0, "links": 0.5}
BM25_K1 = 1.2
BM25_B = 0.75
# Relevance: this share comes from BM25 over the entry's text, the rest from its phrasings.
BM25_SHARE = 0.3
# A telling word the entry lacks and another entry is asked by ("local volume" asked of the
# entry whose answer says "volume") costs this share of relevance per unit of its weight.
OWNED_PENALTY = 0.3
# A feature named in several words ("local storage") that some entry is asked by and the
# question says word for word: an entry not asked by that name loses this share of relevance per
# unit of the name's weight in the question, so the entry owning the name outranks one sharing
# only a generic half of it ("volume") or a rarer side word ("type").
NAME_PENALTY = 0.5
# Only a distinctive word (this weight or more: few entries use it) is owned by the entries that
# use it; "stable" or "beta" are asked of every feature.
DISTINCTIVE_WEIGHT = 0.7
# Parts of a URL that say nothing about what the page is about.
_URL_NOISE = frozenset({"http", "https", "www", "com", "io", "org", "html", "htm", "md", "en"})

# Words every release answer shares: they may refine a match but never carry one.
WEAK_FACTOR = 0.15
# A question asking for a kind of fact the entry's answer lacks ("how many" of an answer with
# no number, "which docker version" of one with no version): the relevance kept.
TYPE_PENALTY = 0.6
# Entries scored in full (rapidfuzz against every phrasing) after the cheap overlap pass.
SHORTLIST = 12
# How much a one- or two-edit typo match is worth compared with an exact word.
TYPO_SIMILARITY = {1: 0.9, 2: 0.8}
# Shorter words must match exactly: one letter turns CRI into CRD, PV into PVC.
MIN_FUZZY_LENGTH = 5

# A long message often gives its background first and asks last ("our auditors are reviewing
# the changelog ... so, is X stable yet?"). The message is split into clauses (ASK_BREAKS); the
# asking clauses are those ending in a question mark that ask in words (ASK_WORDS anywhere,
# ASK_OPENERS as the first word after ASK_LEADS), or else the last clause that asks in words.
# A word said only in the background weighs
# BACKGROUND_WEIGHT of its weight, so words belonging to other entries ("changelog", "audit")
# cannot outweigh what is asked. A message of one clause, or whose ask has no content word of
# its own ("... thoughts?"), is read as before. 0.6 was chosen on questions written the way
# users type and held on questions it was not chosen on: more answered right, no more wrong or
# false answers (0.5 and 0.7 did as well on the first; 0.4 and lower answered fewer). A clause
# ending in `?` without an asking word ("containerd - just basics or full?") is not the ask:
# taking it as one turned right answers wrong. Reordering entries by what the asking part alone
# matches was tried and answered fewer: its relevance still comes from the whole message.
BACKGROUND_WEIGHT = 0.6
# A clause of at most this many words right before the asking one is its topic, not background.
TOPIC_LABEL_WORDS = 3
ASK_BREAKS = re.compile(
    r"(\?+)|[.!;]+(?=\s|$)|:(?=\s)|\n+|\s[-–—]+\s"
    r"|\s(?=(?:so|but|anyway|anyways|basically)\b)",
    re.IGNORECASE,
)


def _word_set(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Function words and chat: they shape a sentence but say nothing about what is asked.
STOPWORDS = _word_set(
    """
    a about above after again against all also am an and any anyone anything are around as at
    be been being before below between both but by can could did do does doing done during each
    either else even ever every few for from further had has have having he her here hers him his
    how however i if in many into is it its itself just let lets like me mine more most much must my
    myself neither no nor not now of off on once only or other our ours out over own per please
    pls plz quick rather really same shall she should since so some someone something still such
    than that the their theirs them then there these they this those though through thus to too
    under until up upon us very via was we were what whats when whenever where whereas which while
    who whom whose why will with within would yet you your yours yourself
    hi hey hello hiya yo thanks thank thx ty cheers folks guys bot k17 ok okay hmm um uh
    btw fyi imo q wondering wonder curious anybody somebody know tell told
    explain describe info information details detail say says said mean means meant
    link links url urls docs doc documentation documented document page pages website site
    guide guides read reading find see look looking lookup show shows point give need
    want wanted get got go going went make makes made thing things stuff way ways kind kinds type
    types sort sorts
    one lot lots bit quite pretty actually basically currently anymore exactly
    is isnt arent dont doesnt didnt cant wont im ive id youre theres heres thats whos
    example examples eg ie given often long take takes took taken call called
    idea ideas advance tia friend friends everyone everybody yall people appreciate cool
    awesome great nice
    r u ur wen wat wut y ppl cuz coz bc abt thru howto homepage webpage
    mention mentions mentioned listed
    """
)
# Words that ask, anywhere in a clause ("what", "link"), and words that ask when they open one
# ("is it stable", "can I roll back"): they mark the asking clause of a long message.
ASK_WORDS = _word_set(
    """
    what whats how hows when whens where wheres who whos which why whys link links docs doc
    documentation url explain tell anyone anybody
    """
)
ASK_OPENERS = _word_set(
    """
    is isnt are arent does doesnt do dont can cant will wont should did was were has have could
    would any
    """
)
# Words that lead into an ask without being it: "so, is it stable", "ok but can I".
ASK_LEADS = _word_set("so but and anyway anyways basically ok okay well also then quick q")
# Kubernetes features named in several everyday words, each read as one term: "pod security
# policy" is its own feature, not network policy plus security. A term the knowledge base never
# names is a topic it lacks and weighs in full; a term it does name matches as usual.
COMPOUND_TERMS = (
    "pod security policy",
    "pod disruption budget",
    "horizontal pod autoscaler",
    "vertical pod autoscaler",
    "cluster autoscaler",
    "resource quota",
    "limit range",
    "service account",
    "service mesh",
    "security context",
    "pod priority",
    "pod preemption",
    "node affinity",
    "pod affinity",
    "init container",
    "config map",
    "load balancer",
    "ingress controller",
    "custom metrics",
)
# What a conversational word weighs when no entry uses it, against 1.0 for an unknown topic word.
FILLER_WEIGHT = 0.2
# The most a conversational word weighs when some entry does use it.
KNOWN_FILLER_WEIGHT = 0.4
# Words shared by almost every answer about a release.
WEAK_WORDS = _word_set(
    """
    kubernetes k8s release released releases new feature features version versions support
    supports supported available availability change changes changed use used using work works
    add added adds enhancement enhancements improvement improvements update updates updated
    question questions ask asking create created creates creating
    maturity stage status stable alpha beta ready vs versus compared comparison
    """
)

# Conversation around a question: who asks, why, when, and how they feel about it. Such a word
# is not a topic ("boss asked", "need it for a slide", "heard it dropped"), so when no entry uses
# it, it weighs FILLER_WEIGHT instead of the full weight of a topic the knowledge base lacks.
FILLER_WORDS = _word_set(
    """
    hear heard think thinking thought remind reminder remember forgot forget guess suppose
    believe understand understood wonder figure figured check checking confirm clarify recall
    notice noticed saw seen ask asked asks asking wants wanna gonna gotta trying tried try
    boss manager managers colleague colleagues coworker coworkers cowork teammate teammates
    folks peeps mates cto vp exec execs leadership management stakeholder stakeholders
    secops devops ops sre sres dev devs engineer engineers employer org orgs department
    slide slides deck presentation report email newsletter writeup article
    articles
    yet already soon today tomorrow yesterday lately recently finally last next ago earlier
    later late early currently nowadays anymore meanwhile
    possible possibly impossible able maybe perhaps probably supposedly
    officially basically literally totally honestly seriously definitely certainly surely sure
    unsure confused confusing curious interested interesting excited worried concerned
    happy keen eager
    happen happened happens drop dropped drops land landed lands come comes came put pushed
    push pushing deal dealing handle handling cover covers covered care matter matters worry
    affect affects impact impacts plan plans planning planned hope hoping wait waiting
    choice choices option options criteria criterion level levels aspect aspects part parts
    piece pieces topic topics area areas side reason reasons situation context scenario
    scenarios usage anything everything nothing whatever whole entire
    headline headlines back bits together charge keep keeps bug bugging bugs auditor auditors
    pester pestering nag nagging demo help helps helping keep keeping time times speed speedup
    fast slow slower another inside outside across anyway somehow somewhere wherever everywhere
    expire expiring expired broken break breaks fail failing failed issue issues problem problems
    trouble stuck annoying painful pain hard harder tough send sends sent sending goes exactly
    rule rules abbreviation abbreviations acronym acronyms place places spot evaluate evaluating
    evaluation burned burnt bitten week weeks month months quarter upcoming
    old older newer newest latest previous prior former
    killer fancy neat important major main big biggest huge small quick short brief simple
    simply easy easily properly correctly useful relevant
    """
)

_SLACK_LINK = re.compile(r"<((?:https?|mailto|ftp):[^>|]*)(?:\|([^>]*))?>", re.IGNORECASE)
_SLACK_CHANNEL = re.compile(r"<#[A-Z0-9]+(?:\|([^>]*))?>", re.IGNORECASE)
_SLACK_MENTION = re.compile(r"<[@!][^>]*>")
_APOSTROPHES = re.compile(r"['’‘`´]")
_WORD = re.compile(r"v?\d+(?:\.\d+)+|[^\W_]+")
_VERSION = re.compile(r"\d+(?:\.\d+)+")
_MARKDOWN_LINK = re.compile(r"<([^>|]+)\|([^>]+)>")
_URL = re.compile(r"https?://\S+")
_LINKED = re.compile(r"<(https?://[^|>]+)")
# Answer types: some questions ask for a kind of fact ("how many", "which docker version",
# "where is it held", "who", "when"), and an answer that holds no such fact is a near miss
# however well its words match. `asked_types` reads what a question asks for from its words;
# `answer_types` reads which kinds of fact an answer holds from its text. An entry lacking a
# type the question asks for costs TYPE_PENALTY of relevance, counts as `penalized` in the
# confidence model and is never answered outright (it may still be suggested).
AnswerType = Literal["number", "price", "version", "place", "venue", "programme", "person", "date"]
_PRICE = re.compile(r"[$€£]\s?\d|\b(?:usd|eur|dollars?|euros?|free of charge)\b", re.IGNORECASE)
_PRICE_WORDS = frozenset(
    {"cost", "costs", "price", "prices", "pay", "fee", "fees", "charge", "expensive", "cheap"}
    | {"ticket", "tickets", "pass", "passes", "registration"}
)
# "which docker version", "what version of etcd": a version of something, not "which version"
# of the release itself, nor "roll back to the previous version".
_VERSION_OWNERS_NOT = _word_set(
    """
    which what whats the a an this that its previous prior earlier older newer latest last next
    current same new kubernetes k8s kube release stable beta alpha one
    """
)
_RELEASE_NAMES = frozenset({"kubernetes", "k8s", "kube", "it", "this", "the"})
# Where something happens, as opposed to where a page or a download is.
_PLACE_VERBS = frozenset({"held", "hosted", "located", "happening", "host", "hosting"})
_PLACE_WORDS = frozenset({"city", "location", "town", "country", "state"})
_VENUE_WORDS = frozenset({"venue", "venues", "hotel", "hotels", "address", "room", "hall"})
# What a conference programme is made of: asked by name, answered by name.
_PROGRAMME_WORDS = _word_set(
    """
    agenda agendas topic topics schedule schedules speakers keynote keynotes keynoters lineup
    sessions session tracks track programme program
    """
)
# Words after which "who" / "when" still ask the question ("anyone know who wrote ..."),
# rather than starting a clause ("for people who extend", "when I upgrade").
_ASKING = _word_set(
    """
    know knows knew asking asked ask wondering wonder tell me us idea out sure remind remember
    and so but ok okay hey hi q quick question
    """
)
_DATE = re.compile(
    r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+\d"
    r"|\b\d{1,2}\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)"
    r"|\b(?:19|20)\d\d\b|\b(?:mon|tues|wednes|thurs|fri|satur|sun)day\b"
    r"|\b(?:daily|weekly|biweekly|monthly|quarterly|yearly|annually)\b|\{when\}",
    re.IGNORECASE,
)
_PLACE = re.compile(r"\b[A-Z][a-z]+, [A-Z][a-z]+\b")
_ADDRESS = re.compile(r"\b\d+\s+[A-Z][a-z]+\s+(?:St|Street|Ave|Avenue|Blvd|Road|Rd|Drive)\b")
_PERSON = re.compile(r"\b[A-Z][a-z]+ [A-Z][a-z]+")
_YEAR = re.compile(r"(?:19|20)\d\d")


def _asks(clause: str) -> bool:
    """Whether a clause asks in words: an asking word anywhere, or an opener first."""
    said = list(itertools.dropwhile(ASK_LEADS.__contains__, surface_words(clause)))
    return bool(said) and (said[0] in ASK_OPENERS or any(w in ASK_WORDS for w in said))


def _clauses(text: str) -> list[tuple[int, int, bool]]:
    """The message's clauses as (start, end, ends with a question mark), blank ones dropped."""
    clauses: list[tuple[int, int, bool]] = []
    start = 0
    for found in ASK_BREAKS.finditer(text):
        if text[start : found.start()].strip():
            clauses.append((start, found.start(), bool(found.group(1))))
        elif found.group(1) and clauses:
            clauses[-1] = (clauses[-1][0], clauses[-1][1], True)
        start = found.end()
    if text[start:].strip():
        clauses.append((start, len(text), False))
    return clauses


def _asking_clauses(text: str, clauses: Sequence[tuple[int, int, bool]]) -> list[int]:
    """Which clauses ask, with the short topic label right before them; none when none asks."""
    asks = [i for i, (start, end, asked) in enumerate(clauses) if asked and _asks(text[start:end])]
    if not asks:
        for i in reversed(range(len(clauses))):
            if _asks(text[clauses[i][0] : clauses[i][1]]):
                asks = [i]
                break
    if not asks:
        return []
    # A short label before the ask names its topic ("statefulsets - can they roll back?").
    before = asks[0] - 1
    if before >= 0:
        start, end, _ = clauses[before]
        if len(surface_words(text[start:end])) <= TOPIC_LABEL_WORDS:
            asks.insert(0, before)
    return asks


def asking_part(text: str) -> str | None:
    """The clauses of a message that ask, when it has background besides; None otherwise."""
    clauses = _clauses(text)
    if len(clauses) < 2:
        return None
    asks = _asking_clauses(text, clauses)
    if not asks:
        return None
    return " ".join(text[clauses[i][0] : clauses[i][1]] for i in asks)


def bounded_message(question: str) -> str:
    """What is read of a message, Slack markup reduced: all of it, or its ask and its opening.

    A message within MAX_CHARS characters and MAX_TOKENS words is read whole. A longer one is
    read from a bounded window (its first and last SCAN_WINDOW characters of at most SCAN_LIMIT):
    the asking clauses among its last ASK_WINDOW characters are kept, with as much of its opening
    as the word and character budget leaves; with no ask there, its opening is read as before.
    """
    scan = question[:SCAN_LIMIT]
    if len(scan) <= 2 * SCAN_WINDOW:
        text = strip_slack_markup(scan)
    else:
        text = (
            strip_slack_markup(scan[:SCAN_WINDOW]) + "\n" + strip_slack_markup(scan[-SCAN_WINDOW:])
        )
    head = text[:MAX_CHARS]
    if len(text) <= MAX_CHARS and len(surface_words(text)) <= MAX_TOKENS:
        return head
    base = max(len(text) - ASK_WINDOW, 0)
    tail = text[base:]
    clauses = _clauses(tail)
    asks = _asking_clauses(tail, clauses)
    if not asks:
        return head
    start = base + clauses[asks[0]][0]
    if start == base and base and not text[base - 1].isspace():
        # The window cut a word in two: its second half is not a word the user wrote.
        rest = tail.split(None, 1)
        start = len(text) - len(rest[1]) if len(rest) > 1 else len(text)
    ask = _last_words(text[start:].strip(), MAX_TOKENS)
    budget = MAX_TOKENS - len(surface_words(ask))
    room = MAX_CHARS - len(ask) - 1
    context = _first_words(text[: min(start, max(room, 0))], budget)
    return f"{context.rstrip()}\n{ask}" if context.strip() else ask


def _first_words(text: str, budget: int) -> str:
    """The opening of `text` that holds at most `budget` words."""
    count = 0
    end = 0
    for chunk in re.finditer(r"\S+", text):
        count += len(surface_words(chunk.group()))
        if count > budget:
            break
        end = chunk.end()
    return text[:end]


def _last_words(text: str, budget: int) -> str:
    """The end of `text` that holds at most `budget` words."""
    count = 0
    start = len(text)
    for chunk in reversed(list(re.finditer(r"\S+", text))):
        count += len(surface_words(chunk.group()))
        if count > budget:
            break
        start = chunk.start()
    return text[start:]


def asked_types(question_words: Sequence[str]) -> frozenset[AnswerType]:
    """The kinds of fact a question asks for, from its case-folded surface words."""
    asks: set[AnswerType] = set()
    w = list(question_words)
    for i, word in enumerate(w):
        before = w[i - 1] if i else ""
        after = w[i + 1] if i + 1 < len(w) else ""
        opens = i == 0 or before in _ASKING
        if word == "how" and after in ("many", "much"):
            asks.add("number")
        elif word in ("version", "versions"):
            owner_after = (
                after in ("of", "for")
                and i + 2 < len(w)
                and (w[i + 2] not in _RELEASE_NAMES and release_of(stem(w[i + 2])) is None)
            )
            owner_before = (
                bool(before)
                and before not in _VERSION_OWNERS_NOT
                and (before.isalpha() and before not in STOPWORDS)
            )
            if owner_after or owner_before:
                asks.add("version")
        elif (word == "where" and any(v in _PLACE_VERBS for v in w[i + 1 : i + 5])) or (
            word in _PLACE_WORDS and before in ("which", "what")
        ):
            asks.add("place")
        elif word in _VENUE_WORDS:
            asks.add("venue")
        elif word in _PROGRAMME_WORDS:
            asks.add("programme")
        elif word == "who" and opens:
            asks.add("person")
        elif (word == "when" and opens) or (
            word in ("date", "day") and before in ("what", "which")
        ):
            asks.add("date")
    if "number" in asks and any(x in _PRICE_WORDS for x in w):
        asks.add("price")
    return frozenset(asks)


def answer_types(text: str, release: str) -> frozenset[AnswerType]:
    """The kinds of fact an answer's reader-visible text holds."""
    plain = text.replace("*", "").replace("_", " ")
    held: set[AnswerType] = set()
    other = re.sub(re.escape(release) + r"(?:\.0)?(?![\d.])", " ", plain)
    if any(ch.isdigit() for ch in other):
        held.add("number")
    if _PRICE.search(plain):
        held.add("price")
    if re.search(r"\bv?\d+\.\d+", other):
        held.add("version")
    lowered = set(words(plain))
    if _PLACE.search(plain) or _ADDRESS.search(plain):
        held.add("place")
    if _ADDRESS.search(plain) or lowered & {stem(v) for v in _VENUE_WORDS}:
        held.add("venue")
    if _PERSON.search(plain):
        held.add("person")
    if _DATE.search(plain) or any(release_of(v) for v in _VERSION.findall(other)):
        held.add("date")
    return frozenset(held)


def programme_words(question_words: Sequence[str]) -> frozenset[str]:
    """The conference-programme words a question asks by name ("agenda", "keynotes")."""
    return frozenset(stem(w) for w in question_words if w in _PROGRAMME_WORDS)


@dataclass(frozen=True)
class Candidate:
    """An entry and how well it matches, on the 0-100 scale."""

    entry: Entry
    score: float


@dataclass(frozen=True)
class Match:
    """The matcher's verdict on one question."""

    question: str
    status: Status
    score: float
    entry: Entry | None = None
    candidates: tuple[Candidate, ...] = ()
    reason: str | None = None  # why it declined: "empty", "no_match", "other_release"


def strip_slack_markup(text: str) -> str:
    """What a person sees of Slack markup: link labels, channel names; mentions dropped."""
    text = _SLACK_LINK.sub(lambda m: m.group(2) or m.group(1), text)
    text = _SLACK_CHANNEL.sub(lambda m: m.group(1) or " ", text)
    text = _SLACK_MENTION.sub(" ", text)
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def surface_words(text: str) -> list[str]:
    """Case-folded words of `text` as written; punctuation and emoji dropped, versions kept."""
    text = unicodedata.normalize("NFKC", text).casefold()
    return _WORD.findall(_APOSTROPHES.sub("", text))


def words(text: str) -> list[str]:
    """Case-folded, stemmed words of `text`; punctuation and emoji dropped, versions kept."""
    return [stem(w) for w in surface_words(text)]


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """A light, predictable English stemmer: plurals, -ing, -ed, -ion and a final -e."""
    if word[:1] == "v" and _VERSION.fullmatch(word[1:]):
        word = word[1:]
    if _VERSION.fullmatch(word):
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
    if word.endswith("e") and len(word) >= 6:
        word = word[:-1]
    return word


def release_of(word: str) -> str | None:
    """`1.9` for a word naming a Kubernetes release, else None."""
    if not _VERSION.fullmatch(word):
        return None
    major, minor, *patch = word.split(".")
    if (major == "1" and len(minor) <= 2) or (major == "2" and minor == "0"):
        return ".".join([major, minor, *patch[:1]])
    return None  # 2.5 is more likely "2.5x faster" than a Kubernetes release


def _replace_runs(
    tokens: Sequence[str],
    longest: int,
    replacement: Callable[[tuple[str, ...]], Sequence[str] | None],
) -> list[str]:
    """The tokens with each run that has a replacement swapped for it, longest run first."""
    out: list[str] = []
    i = 0
    while i < len(tokens):
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


class _Synonyms:
    """Rewrites phrases to the release's words: `np` -> `network policy`, longest phrase first."""

    def __init__(self, synonyms: Mapping[str, Sequence[str]]) -> None:
        self._phrases: dict[tuple[str, ...], tuple[str, ...]] = {}
        for term, targets in synonyms.items():
            if not targets:
                continue
            canonical = tuple(words(targets[0]))
            for phrase in (term, *targets[1:]):
                key = tuple(words(phrase))
                if key and key != canonical:
                    self._phrases.setdefault(key, canonical)
        self._longest = max((len(k) for k in self._phrases), default=0)

    def rewrite(self, tokens: Sequence[str]) -> list[str]:
        """The tokens with every known phrase replaced by its canonical words."""
        if not self._phrases:
            return list(tokens)
        return _replace_runs(tokens, self._longest, self._phrases.get)


@dataclass(frozen=True)
class _Phrasing:
    """One way of asking for an entry: its content words and their text for rapidfuzz."""

    tokens: frozenset[str]
    text: str  # every word, function words included: "when" and "who" ask different things
    fuzzy: bool  # titles and alternates are compared whole; keywords only by their words


@dataclass(frozen=True)
class _Query:
    """A question reduced to weighted content words and the entries' words each one matches."""

    tokens: tuple[str, ...]
    weights: tuple[float, ...]
    variants: tuple[tuple[tuple[str, float], ...], ...]
    text: str
    releases: frozenset[str]
    asks: frozenset[AnswerType]  # the kinds of fact the question asks for
    programme: frozenset[str]  # conference-programme words asked by name ("agenda")
    names_release: bool  # the release itself is named: "1.7 vs 1.6" is about 1.7
    years: frozenset[str]  # years named other than the release's own
    unknown_topic: bool  # a word no entry knows that is not chat: a topic the base may lack
    weak: tuple[bool, ...]  # per content word: one of the words every answer shares
    unknown: float = 0.0  # weighted share of the question no entry knows (chat aside)
    said: int = 0  # content words as the user typed them, before synonyms spell them out


@dataclass(frozen=True)
class _Scored:
    """An entry's score for one question and what backs it."""

    score: float
    index: int
    evidence: bool  # a telling word matched, or the question reads like one of its phrasings
    exact: bool  # the question is, word for word, one of the entry's phrasings
    penalized: bool  # asked for a kind of fact (number, version, date, ...) the answer lacks
    complete: bool  # every telling word of the question appears in the entry
    coverage: float = 0.0  # weighted share of the question the entry explains
    fit: float = 0.0  # weighted share of the best phrasing the question says
    similarity: float = 0.0  # rapidfuzz token_sort_ratio against the closest phrasing, 0-1
    asked: float = 0.0  # weighted share of the question in the entry's phrasings
    told: float = 0.0  # share of the question's telling words the entry contains
    bm25: float = 0.0  # BM25 over the entry's fields, as a share of the question's BM25 ceiling
    owned: float = 0.0  # weight of the heaviest telling word the entry lacks and another owns
    orphan: float = 0.0  # weight of the heaviest telling word the entry lacks
    asked_as: bool = False  # word for word one of its titles or alternates, not a keyword


class Matcher:
    """An index over a knowledge base, built once; `find_answer` is pure and thread-safe."""

    def __init__(self, kb: KnowledgeBase) -> None:
        self._kb = kb
        self._entries = kb.entries
        self._synonyms = _Synonyms(kb.synonyms)
        self._stop = frozenset(stem(w) for w in STOPWORDS)
        self._filler = frozenset(stem(w) for w in FILLER_WORDS)
        self._compound_terms = {tuple(words(t)): ("".join(words(t)),) for t in COMPOUND_TERMS}
        weak = {stem(w) for w in WEAK_WORDS}
        weak.update(self._synonyms.rewrite(["k8s"]))
        weak.add(stem(kb.release))
        self._weak = frozenset(weak)

        self._strength: list[dict[str, float]] = []
        self._held: list[frozenset[AnswerType]] = []
        self._answer_words: list[frozenset[str]] = []
        self._own_words: list[frozenset[str]] = []
        self._phrasings: list[tuple[_Phrasing, ...]] = []
        self._names: list[frozenset[tuple[str, str]]] = []
        self._term_frequency: list[dict[str, float]] = []
        postings: dict[str, list[tuple[int, float]]] = {}
        for index, entry in enumerate(self._entries):
            strength: dict[str, float] = {}
            for token in self._content(entry.section):
                strength[token] = SECTION_STRENGTH
            for token in self._content(_answer_text(entry)):
                strength[token] = ANSWER_STRENGTH
            phrasings: list[_Phrasing] = []
            for text, whole in (
                *((t, True) for t in (entry.title, *entry.alternates)),
                *((k, False) for k in entry.keywords),
            ):
                tokens = self._content(text)
                for token in tokens:
                    strength[token] = PHRASING_STRENGTH
                if tokens:
                    every = self._compounds(self._synonyms.rewrite(words(text)))
                    phrasings.append(_Phrasing(frozenset(tokens), " ".join(every), whole))
            self._strength.append(strength)
            self._term_frequency.append(self._field_frequency(entry))
            answer = _answer_text(entry)
            placeholder = " {when}" if "{when}" in entry.answer else ""
            self._held.append(answer_types(answer + placeholder, kb.release))
            self._answer_words.append(frozenset(words(answer)))
            # What the entry itself says (title and answer), not how people ask for it: only
            # these may speak of another release or year ("removal in 1.8").
            self._own_words.append(frozenset(words(f"{entry.title} {answer}")))
            self._phrasings.append(tuple(phrasings))
            self._names.append(
                frozenset(
                    pair
                    for phrasing in (entry.title, *entry.alternates, *entry.keywords)
                    for pair in itertools.pairwise(self._content(phrasing))
                    if not (pair[0] in self._weak or pair[1] in self._weak)
                )
            )
            for token, value in strength.items():
                postings.setdefault(token, []).append((index, value))
        self._postings = postings
        self._links = [
            frozenset(link.url for link in entry.links) | frozenset(_LINKED.findall(entry.answer))
            for entry in self._entries
        ]
        self._named = frozenset(pair for names in self._names for pair in names)
        lengths = [sum(tf.values()) for tf in self._term_frequency]
        average = sum(lengths) / len(lengths) if lengths else 1.0
        # BM25's length normalisation, per entry: K = k1 * (1 - b + b * length / average).
        self._bm25_norm = [
            BM25_K1 * (1 - BM25_B + BM25_B * length / (average or 1.0)) for length in lengths
        ]
        count = max(len(self._entries), 1)
        scale = math.log(1 + count)
        self._idf = {t: math.log(1 + count / len(p)) / scale for t, p in postings.items()}
        # Typos are looked up among words long enough to be matched fuzzily: first as written,
        # against every word the knowledge base and the function-word lists use ("documentatino"
        # is "documentation", a word that then weighs nothing), then as stems.
        self._vocabulary = sorted(t for t in postings if len(t) >= MIN_FUZZY_LENGTH)
        written = {w for e in self._entries for w in surface_words(_all_text(e))}
        written.update(w for phrase in kb.synonyms for w in surface_words(phrase))
        written.update(STOPWORDS, WEAK_WORDS, FILLER_WORDS)
        self._written = frozenset(written)
        self._written_sorted = sorted(w for w in written if len(w) >= MIN_FUZZY_LENGTH)

    def find_answer(self, question: str) -> Match:
        """Match one question: answered, suggested (up to three candidates) or declined."""
        query = self._read(question)
        if query is None:
            return Match(question, "declined", 0.0, reason="empty")
        if not query.tokens:
            reason = "other_release" if query.releases else "no_match"
            return Match(question, "declined", 0.0, reason=reason)
        scored = self._score(query)
        if not scored:
            reason = "other_release" if query.releases else "no_match"
            return Match(question, "declined", 0.0, reason=reason)
        top = scored[0]
        best_score, best = top.score, top.index
        own = self._own_words[best]
        if (
            query.releases
            and not query.names_release
            and (query.releases - own or not self._evidence_beyond(query, best, query.releases))
        ):
            # Another release is named, and the best entry does not speak of it or matches
            # on nothing but that release's number ("when will 1.8 be released").
            return Match(question, "declined", round(best_score, 1), reason="other_release")
        if query.years - own:
            # Another year ("kubecon 2018") is another event or release than the one described.
            return Match(question, "declined", round(best_score, 1), reason="no_match")
        runner_up = scored[1] if len(scored) > 1 else None
        confidence = _confidence(query, top, runner_up, len(scored))
        lead = best_score - runner_up.score if runner_up is not None else 100.0
        # Two entries that would each be answered need a clear lead between them; otherwise a
        # hair's breadth of relevance is enough, as the model already weighs the lead.
        close_race = (
            runner_up is not None
            and (
                lead < CLOSE_RACE_MARGIN
                or (
                    lead < RIVAL_MARGIN
                    and _confidence(query, runner_up, top, len(scored)) >= ANSWER_THRESHOLD
                )
            )
            # An overview that links everything its rival links already gives the rival's
            # answer too ("user stories" and the Box case study it points to): no coin toss.
            and not self._links[runner_up.index] <= self._links[best]
        )
        # Asked word for word as the knowledge base phrases it: the author settled the race.
        settled = (top.exact and (runner_up is None or not runner_up.exact)) or (
            top.asked_as and (runner_up is None or not runner_up.asked_as)
        )
        # A topic word no entry knows ("openshift", "windows") in a question of two words is
        # what a near miss looks like: the rest may fit an entry perfectly.
        near_miss = query.unknown_topic and query.said <= SHORT_QUESTION
        threshold = UNKNOWN_TOPIC_THRESHOLD if near_miss else ANSWER_THRESHOLD
        if settled or (confidence >= threshold and not close_race and not top.penalized):
            entry = self._entries[best]
            score = round(max(confidence, ANSWER_THRESHOLD), 1)
            return Match(question, "answered", score, entry, (Candidate(entry, score),))
        candidates = tuple(
            Candidate(self._entries[s.index], round(c, 1))
            for s, c in (
                (s, _confidence(query, s, top if s is not top else runner_up, len(scored)))
                for s in scored[:MAX_CANDIDATES]
                if s.score >= min(CANDIDATE_RELEVANCE, CANDIDATE_SHARE * best_score)
                and s.score >= best_score - SUGGEST_SPREAD
            )
        )
        if candidates and confidence >= SUGGEST_THRESHOLD:
            return Match(question, "suggested", round(confidence, 1), None, candidates)
        return Match(question, "declined", round(confidence, 1), reason="no_match")

    def _field_frequency(self, entry: Entry) -> dict[str, float]:
        """Each content word's BM25 term frequency over the entry's fields, fields weighted."""
        fields = {
            "title": [entry.title],
            "alternates": list(entry.alternates),
            "keywords": list(entry.keywords),
            "answer": [_answer_text(entry)],
            "links": [
                " ".join(
                    [
                        link.label,
                        *(w for w in re.split(r"[^a-z0-9]+", link.url.casefold()) if w),
                    ]
                )
                for link in entry.links
            ],
        }
        frequency: dict[str, float] = {}
        for name, texts in fields.items():
            for text in texts:
                for token in self._content(text):
                    if name == "links" and token in _URL_NOISE:
                        continue
                    frequency[token] = frequency.get(token, 0.0) + BM25_FIELDS[name]
        return frequency

    def _bm25(self, query: _Query, index: int) -> float:
        """BM25 of the entry for the question, as a share of what a perfect entry would get."""
        frequency = self._term_frequency[index]
        norm = self._bm25_norm[index]
        said = 0.0
        for weight, found in zip(query.weights, query.variants, strict=True):
            best = 0.0
            for word, similarity in found:
                tf = frequency.get(word, 0.0)
                if tf:
                    best = max(best, similarity * tf / (tf + norm))
            said += weight * best
        return said / (sum(query.weights) or 1.0)

    def _missing(self, query: _Query, index: int) -> tuple[float, float]:
        """The heaviest telling word the entry lacks that another entry is asked by, and overall."""
        strength = self._strength[index]
        owned = 0.0
        orphan = 0.0
        for token, weight, found, weak in zip(
            query.tokens, query.weights, query.variants, query.weak, strict=True
        ):
            if weak or weight < TELLING_WEIGHT or token in self._filler:
                continue
            if any(word in strength for word, _ in found):
                continue
            orphan = max(orphan, weight)
            if weight >= DISTINCTIVE_WEIGHT and any(
                value >= PHRASING_STRENGTH for word, _ in found for _, value in self._postings[word]
            ):
                owned = max(owned, weight)
        return owned, orphan

    def _content(self, text: str) -> list[str]:
        """Content words of knowledge-base text, synonyms rewritten, in order, deduplicated."""
        tokens = self._compounds(self._synonyms.rewrite(words(text)))
        return list(dict.fromkeys(t for t in tokens if t not in self._stop))

    def _read(self, question: str) -> _Query | None:
        """The question's weighted content words, or None when it has no words at all."""
        text = bounded_message(question)
        raw = [stem(self._spell(w)) for w in surface_words(text)[:MAX_TOKENS]]
        if not raw:
            return None
        tokens = self._compounds(self._join_split_words(self._synonyms.rewrite(raw)))
        releases = frozenset(
            r for r in (release_of(t) for t in tokens) if r is not None and r != self._kb.release
        )
        content = list(dict.fromkeys(t for t in tokens if t not in self._stop))
        said = surface_words(text)[:MAX_TOKENS]
        year = str(self._kb.release_date.year) if self._kb.release_date else ""
        years = frozenset(w for w in said if _YEAR.fullmatch(w) and w != year)
        unknown_topic = False
        unknown_weight = 0.0
        weights: list[float] = []
        variants: list[tuple[tuple[str, float], ...]] = []
        weak: list[bool] = []
        spelled: dict[str, str] = {}
        asking = self._asking_words(text)
        for token in content:
            found = self._variants(token)
            # A word no entry uses is a topic the knowledge base lacks, unless it is chat.
            unknown = FILLER_WEIGHT if token in self._filler else 1.0
            idf = max((self._idf[v] for v, _ in found), default=unknown)
            # A misspelt common word is still a common word.
            is_weak = token in self._weak or any(v in self._weak for v, _ in found)
            if token in self._filler:
                # Chat an entry happens to use ("keep", "manager") still reads as chat.
                idf = min(idf, KNOWN_FILLER_WEIGHT)
            emphasis = 1.0 if asking is None or token in asking else BACKGROUND_WEIGHT
            weights.append(idf * (WEAK_FACTOR if is_weak else 1.0) * emphasis)
            unknown_topic = unknown_topic or (not found and token not in self._filler)
            if not found and token not in self._filler:
                unknown_weight += weights[-1]
            variants.append(found)
            weak.append(is_weak)
            if found:
                spelled[token] = found[0][0]
        text = " ".join(spelled.get(t, t) for t in tokens)
        return _Query(
            tuple(content),
            tuple(weights),
            tuple(variants),
            text,
            releases,
            asked_types(said),
            programme_words(said),
            stem(self._kb.release) in tokens,
            years,
            unknown_topic,
            tuple(weak),
            unknown_weight / (sum(weights) or 1.0),
            len({t for t in raw if t not in self._stop}),
        )

    def _asking_words(self, text: str) -> frozenset[str] | None:
        """The content words of the message's asking part, or None to weigh every word alike."""
        part = asking_part(text)
        if part is None:
            return None
        raw = [stem(self._spell(w)) for w in surface_words(part)[:MAX_TOKENS]]
        tokens = self._compounds(self._join_split_words(self._synonyms.rewrite(raw)))
        asking = frozenset(t for t in tokens if t not in self._stop and t not in self._weak)
        return asking or None

    def _compounds(self, tokens: list[str]) -> list[str]:
        """`pod security policy` -> `podsecuritypolicy`: a feature's name read as one term."""
        return _replace_runs(tokens, 3, self._compound_terms.get)

    def _join_split_words(self, tokens: list[str]) -> list[str]:
        """`roll back` -> `rollback`, `stateful set` -> `statefulset` when the index knows it."""
        out: list[str] = []
        i = 0
        while i < len(tokens):
            # Function words are never half of a name: "in production" is not "introduction".
            if (
                i + 1 < len(tokens)
                and not (tokens[i] in self._postings and tokens[i + 1] in self._postings)
                and tokens[i] not in self._stop
                and tokens[i + 1] not in self._stop
            ):
                joined = self._known_spelling(stem(tokens[i] + tokens[i + 1]))
                if joined is not None:
                    out.append(joined)
                    i += 2
                    continue
            out.append(tokens[i])
            i += 1
        return out

    def _spell(self, word: str) -> str:
        """The word as the knowledge base writes it, when it is one typo away from one."""
        if word in self._written or len(word) < MIN_FUZZY_LENGTH or not word.isalpha():
            return word
        limit = 1 if len(word) <= 7 else 2
        found = process.extractOne(
            word, self._written_sorted, scorer=OSA.distance, score_cutoff=limit
        )
        return found[0] if found is not None else word

    def _known_spelling(self, word: str) -> str | None:
        """The index word `word` is, or is one typo away from (for long words), else None."""
        if word in self._postings:
            return word
        if len(word) < 2 * MIN_FUZZY_LENGTH - 2 or not word.isalpha():
            return None
        found = process.extractOne(word, self._vocabulary, scorer=OSA.distance, score_cutoff=1)
        return found[0] if found is not None else None

    def _variants(self, token: str) -> tuple[tuple[str, float], ...]:
        """The index words a question word stands for: itself, or its nearest spellings."""
        if token in self._postings:
            return ((token, 1.0),)
        if len(token) < MIN_FUZZY_LENGTH or not token.isalpha() or token in self._filler:
            return ()  # chat is chat, not a misspelt topic: "headline" is not "deadline"
        limit = 1 if len(token) <= 7 else 2
        found = process.extract(
            token, self._vocabulary, scorer=OSA.distance, score_cutoff=limit, limit=3
        )
        return tuple((word, TYPO_SIMILARITY[int(d)]) for word, d, _ in found if d > 0)

    def _score(self, query: _Query) -> list[_Scored]:
        """Entries that share words with the question, best first."""
        total = sum(query.weights) or 1.0
        overlap: dict[int, float] = {}
        strong: dict[int, float] = {}
        telling: dict[int, int] = {}
        telling_words = sum(1 for w in query.weights if w >= TELLING_WEIGHT)
        for weight, found, weak in zip(query.weights, query.variants, query.weak, strict=True):
            best_for: dict[int, float] = {}
            for word, similarity in found:
                for index, value in self._postings[word]:
                    share = value * similarity
                    if share > best_for.get(index, 0.0):
                        best_for[index] = share
            for index, share in best_for.items():
                overlap[index] = overlap.get(index, 0.0) + weight * share
                if weight >= TELLING_WEIGHT:
                    telling[index] = telling.get(index, 0) + 1
                if not weak and share >= PHRASING_STRENGTH * min(TYPO_SIMILARITY.values()):
                    # Only words the entry is asked by count: a word its answer merely
                    # mentions ("Kafka" in the StatefulSet answer) is not what it is about.
                    strong[index] = strong.get(index, 0.0) + weight
        if not overlap:
            return []
        shortlist = sorted(overlap, key=overlap.__getitem__, reverse=True)[:SHORTLIST]
        matched = _matched_words(query)
        weight_of = dict(zip(query.tokens, query.weights, strict=True))
        names = [p for p in itertools.pairwise(query.tokens) if p in self._named]
        results: list[_Scored] = []
        for index in shortlist:
            coverage = overlap[index] / total
            fit = 0.0
            similarity = 0.0
            exact = False
            asked_as = False  # word for word one of its titles or alternates, not a keyword
            for phrasing in self._phrasings[index]:
                exact = exact or phrasing.text == query.text
                asked_as = asked_as or (phrasing.fuzzy and phrasing.text == query.text)
                fit = max(fit, self._fit(phrasing.tokens, matched))
                if phrasing.fuzzy:
                    similarity = max(
                        similarity, fuzz.token_sort_ratio(query.text, phrasing.text) / 100
                    )
            bm25 = self._bm25(query, index)
            owned, orphan = self._missing(query, index)
            phrased = coverage * (0.45 + 0.25 * fit + 0.30 * similarity)
            score = 100 * ((1 - BM25_SHARE) * phrased + BM25_SHARE * bm25)
            score *= 1 - OWNED_PENALTY * owned
            unnamed = {w for pair in names if pair not in self._names[index] for w in pair}
            score *= 1 - NAME_PENALTY * sum(weight_of[w] for w in unnamed) / total
            penalized = bool(query.asks - self._held[index]) or bool(
                query.programme and not query.programme & self._answer_words[index]
            )
            if penalized:
                score *= TYPE_PENALTY
            evidence = strong.get(index, 0.0) >= 0.25 or similarity >= 0.9
            complete = telling.get(index, 0) == telling_words
            results.append(
                _Scored(
                    min(score, 100.0),
                    index,
                    evidence,
                    exact,
                    penalized,
                    complete,
                    coverage,
                    fit,
                    similarity,
                    strong.get(index, 0.0) / total,
                    telling.get(index, 0) / telling_words if telling_words else 1.0,
                    bm25,
                    owned,
                    orphan,
                    asked_as,
                )
            )
        # Asked word for word as an entry phrases it: that entry comes first, whatever else
        # its neighbours' texts say.
        results.sort(key=lambda r: (-r.asked_as - r.exact, -r.score, r.index))
        return results

    def _evidence_beyond(self, query: _Query, index: int, ignored: frozenset[str]) -> bool:
        """Whether the entry shares a telling word with the question besides `ignored` ones."""
        strength = self._strength[index]
        return any(
            token not in ignored and not weak and any(word in strength for word, _ in found)
            for token, found, weak in zip(query.tokens, query.variants, query.weak, strict=True)
        )

    def _fit(self, tokens: Iterable[str], matched: frozenset[str]) -> float:
        """The weighted share of a phrasing's words that the question says."""
        said = 0.0
        total = 0.0
        for token in tokens:
            weight = self._idf.get(token, 1.0) * (WEAK_FACTOR if token in self._weak else 1.0)
            total += weight
            if token in matched:
                said += weight
        return said / total if total else 0.0


def _confidence(query: _Query, top: _Scored, runner_up: _Scored | None, count: int) -> float:
    """How likely the entry's answer is right, 0-100: the logistic model of CONFIDENCE_WEIGHTS."""
    features = _features(query, top, runner_up, count)
    logit = CONFIDENCE_BIAS + sum(
        CONFIDENCE_WEIGHTS[name] * value for name, value in features.items()
    )
    return 100 / (1 + math.exp(-max(min(logit, 50.0), -50.0)))


def _features(
    query: _Query, top: _Scored, runner_up: _Scored | None, count: int
) -> dict[str, float]:
    """The confidence model's inputs for the best entry, each named as in CONFIDENCE_WEIGHTS."""
    return {
        "score": top.score / 100,
        "margin": (top.score - (runner_up.score if runner_up is not None else 0.0)) / 100,
        "coverage": top.coverage,
        "fit": top.fit,
        "similarity": top.similarity,
        "asked": top.asked,
        "told": top.told,
        "unknown": query.unknown,
        "complete": float(top.complete),
        "evidence": float(top.evidence),
        "penalized": float(top.penalized),
        "exact": float(top.exact),
        "length": math.log1p(len(query.tokens)),
        "single": float(count == 1),
        "bm25": top.bm25,
        "owned": top.owned,
        "orphan": top.orphan,
    }


def _matched_words(query: _Query) -> frozenset[str]:
    return frozenset(word for found in query.variants for word, _ in found)


def _all_text(entry: Entry) -> str:
    return " ".join(
        [entry.title, *entry.alternates, *entry.keywords, _answer_text(entry), entry.section]
    )


def _answer_text(entry: Entry) -> str:
    """The words of an answer a reader sees: link labels kept, URLs and placeholders dropped."""
    text = _MARKDOWN_LINK.sub(lambda m: m.group(2), entry.answer)
    text = _URL.sub(" ", text).replace("{when}", " ")
    return " ".join([text, *(link.label for link in entry.links)])
