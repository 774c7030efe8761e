"""Every tunable number and word list of the matcher, in one place.

Numbers are on the scales their comments give; word lists are case-folded words as typed (the
matcher stems them itself). The confidence model's weights are not here: they are fitted from
the training set by `k17 kb fit` and generated into `bot/core/matching/fitted.json`.
"""

from __future__ import annotations

import re


def _written_set(text: str) -> frozenset[str]:
    """The words of a list as written, not stemmed."""
    return frozenset(text.split())


def _word_set(text: str) -> frozenset[str]:
    return frozenset(text.split())


# At or above this confidence (and outside a close race) the best entry is the answer. The model
# is fitted with out-of-scope questions weighing three times (bot/core/calibration.py), so its
# confidence leans low. Cross-validated on the training set (896 in scope, 441 out): at 50,
# top1 0.731, wrong 0.008, false answers 0.048; at 55, 0.722 / 0.008 / 0.038. A false answer
# costs more than a "did you mean", so 55.
ANSWER_THRESHOLD = 55.0
# Below this relevance (0-100) the best entry explains too little of a question to be answered,
# whatever its confidence: the model, fitted on questions that share real words with their entry,
# can extrapolate to a confident answer for a pasted log sharing a word or two with one. On the
# training set no right answer had a relevance below 21 and two false answers (logs) were below 13.
ANSWER_RELEVANCE = 20.0
# The confidence needed when a short question (at most SHORT_QUESTION content words as typed,
# "tpr in openshift") has a topic word no entry knows and that is not chat, or a telling word
# the entry is only asked by and never speaks of ("docker support" of containerd). In longer
# questions such a word is as often chat the lists lack as a near miss; the model's `unknown` and
# `orphan` weigh it there (a stricter threshold up to five words turned away right answers, no
# false ones).
SHORT_QUESTION = 2
UNKNOWN_TOPIC_THRESHOLD = 85.0
# A clean match is answered whatever the confidence: every telling word of the question is the
# entry's and no word is unknown to the knowledge, its phrasings explain at least
# CLEAN_MATCH_ASKED of the question, its relevance is at least CLEAN_MATCH_RELEVANCE and it leads
# the runner-up by CLEAN_MATCH_LEAD, and every telling word is in the entry's title or answer.
# On the training set such matches were about 98% right (a few wrong, 11 of 432 out of scope):
# as precise as the model's answers, and they hold for knowledge bases of any size, where the
# model's confidence, fitted on the shipped one, may not.
CLEAN_MATCH_ASKED = 0.75
CLEAN_MATCH_RELEVANCE = 70.0
CLEAN_MATCH_LEAD = 20.0
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
# it, the candidates are words in common, not a guess worth offering ("bbq in austin"). On the
# fitted model's scale (see ANSWER_THRESHOLD) a long, chatty question's right entry can be as
# unlikely as 5%.
SUGGEST_THRESHOLD = 2.5
MAX_CANDIDATES = 3
# Nine in ten of the knowledge's titles and alternates have at most five content words: a
# question past PHRASING_LENGTH of them runs longer than the phrasings it is compared with, and
# the confidence model weighs its length beyond that on its own (`longer`). Cross-validated: a
# bend at 6 words answered as many or more right, with no more wrong or false answers, than one
# straight line in log length (bends at 4 and 8, or a square of the log length, did about as
# well).
PHRASING_LENGTH = 6
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
# A name one entry alone is titled by ("bitmovin"), asked of alone: an entry not titled by it (the
# overview listing every adopter) loses this share of relevance per unit of the name's weight.
TITLE_PENALTY = 0.5
# Such a name is spoken of by its entry and at most one overview listing it: "kubelet", which
# many answers speak of, is not one entry's name however few titles say it.
TITLE_SPEAKERS = 2
# Only a distinctive word (this weight or more: few entries use it) is owned by the entries that
# use it; "stable" or "beta" are asked of every feature.
DISTINCTIVE_WEIGHT = 0.7
# Parts of a URL that say nothing about what the page is about.
URL_NOISE = frozenset({"http", "https", "www", "com", "io", "org", "html", "htm", "md", "en"})

# A word no entry uses that is an adverb of an English word ("heavily", "publicly") says how,
# not what: it weighs as chat. The shortest read as one: "fully" is; "only" and "early" are
# in the lists.
ADVERB_LENGTH = 5

# Words every release answer shares: they may refine a match but never carry one.
WEAK_FACTOR = 0.15
# A question asking for a kind of fact the entry's answer lacks ("how many" of an answer with
# no number, "which docker version" of one with no version): the relevance kept.
TYPE_PENALTY = 0.6
# Entries scored in full (rapidfuzz against every phrasing) after the cheap overlap pass.
SHORTLIST = 12
# Typed words whose nearest spellings the index remembers (each look-up scans the vocabulary).
SPELLINGS_REMEMBERED = 8192
# How much a one- or two-edit typo match is worth compared with an exact word.
TYPO_SIMILARITY = {1: 0.9, 2: 0.8}
# Shorter words must match exactly: one letter turns CRI into CRD, PV into PVC.
MIN_FUZZY_LENGTH = 5
# Each of two words typed as one has at least this many letters ("thirdparty"; not "kubeadm").
MIN_RUN_TOGETHER_PART = 4
# A word counted at least this often in the English word-frequency list (bot/core/matching/
# lexicon.py) is a common English word, never corrected into another: 19,000 words. Cut at 100
# (47,000 words), rarer words such as "polices" were kept as typed and "network polices" lost
# its policy; cross-validated, 1000 answered 0.707 right against 0.704, false answers alike.
LEXICON_MIN_FREQUENCY = 1000

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
# A message ending in one of these words checks a claim ("netpol was dropped for istio, right?"):
# what it claims may be wrong, so its words no entry knows weigh CLAIMED_WEIGHT, not as a topic
# the knowledge lacks. Only the last CLAIM_TAG_WINDOW characters are looked at. Cross-validated,
# top1 0.746 to 0.752 at 0.4 with no more wrong or false answers (0.747 at 0.6; 0.754 at 0.2, as
# chat, but then the refit left one development-set question just under ANSWER_THRESHOLD).
CLAIM_TAGS = _word_set("right correct true yes yeah yep yup")
CLAIM_TAG_WINDOW = 40
# Words that set a subject aside ("what else besides api aggregation", "other than security"):
# the entry that subject titles is what the asker already has, not the answer. As typed, one or
# two words.
SETTING_ASIDE = ("besides", "apart from", "aside from", "other than", "except", "except for")
# The most words after such a marker that name what is set aside.
SET_ASIDE_WORDS = 3
CLAIMED_WEIGHT = 0.4
# However much background a message carries, in all it weighs at most this share of its ask,
# when the ask names a subject of its own; one pointing back ("is that new?") bounds nothing.
BACKGROUND_CAP = 1.0
# In a message too long to read whole (a log or a thread pasted before the ask), the background
# kept around the ask weighs this much: the paste is read by its ask.
PASTE_BACKGROUND_WEIGHT = 0.1
# A clause of at most this many words right before the asking one is its topic, not background.
TOPIC_LABEL_WORDS = 3
# A first line of at most this many words over a body that asks nothing is the message's title:
# what an issue-style message asks ("etcd version tested with 1.7\nBuilding new nodes ...").
TITLE_WORDS = 10
TITLE_MIN_WORDS = 3
# A clause ending in a question mark that names at least this many things (words other than
# function words, chat and words every answer shares) asks, though no asking word says so
# ("third party resources are deprecated? what do i use instead"); "all of them?" does not.
QUESTION_MARK_WORDS = 2
# What the asker will do if the answer is no ("... or do I edit the yaml by hand?"): not asked.
_FALLBACK = r"or\s+(?:do|should|must|will|would|can|could)\s+(?:i|we)\b"
FALLBACK = re.compile(rf"\s*{_FALLBACK}", re.IGNORECASE)
# What the asker will do with the answer, after a comma ("sha256 of the client tarball, need to
# check our mirror"): why they ask, not what.
_PURPOSE = (
    r"(?:(?:i|we|i'?m|we'?re|were)\s+)?"
    r"(?:want|wanna|need|gonna|going\s+to|trying\s+to|planning\s+to|hoping\s+to|about\s+to)\b"
)
PURPOSE = re.compile(rf"\s*{_PURPOSE}", re.IGNORECASE)
ASK_BREAKS = re.compile(
    r"(\?+)|[.!;]+(?=\s|$)|:(?=\s)|\n+|\s[-–—]+\s"
    rf"|,(?=\s+{_PURPOSE})"
    r"|\s(?=(?:so|but|anyway|anyways|basically)\b)"
    # "... or do I edit the yaml by hand?": the asker's fallback, a clause of its own.
    rf"|\s(?={_FALLBACK})"
    r"|,(?=\s+(?:what|whats|when|where|which|who|how|why|is|are|does|do|can|could|will|would"
    r"|should|did|was|were|has|have)\b)",
    re.IGNORECASE,
)


# Function words, and words any question may use ("explain", "docs", "show"): they shape a
# sentence but say nothing about what is asked.
FUNCTION_WORDS = _word_set(
    """
    a about above after again against all also am an and any anyone anything are around as at
    be been being before below between both but by can could did do does doing done during each
    either else even ever every few for from further had has have having he her here hers him his
    how however i if in many into onto is it its itself just let lets like me mine more most much
    must my myself neither no nor not now of off on once only or other our ours out over own per
    please pls plz rather really same shall she should since so some someone something still such
    than that the their theirs them then there these they this those though through thus to too
    under until up upon us very via was we were what whats when whenever where whereas which while
    who whom whose why will with within would yet you your yours yourself whether because
    somewhere anywhere someplace wat wut enough
    bunch
    bot k17 q wondering wonder curious anybody somebody know tell told right true correct
    explain describe info information details detail say says said mean means meant
    link links url urls docs doc documentation documented document page pages website site
    guide guides read reading find see look looking lookup show shows point give need
    want wanted get got go going went make makes made thing things stuff way ways kind kinds type
    types sort sorts
    one lot lots bit quite pretty actually basically currently anymore exactly
    is isnt arent dont doesnt didnt cant wont im ive id youre theres heres thats whos
    couldnt wouldnt shouldnt wasnt werent hasnt havent hadnt mustnt neednt aint
    wed weve well youd youve youll theyd theyre theyve theyll itll ill hes shes
    example examples eg ie given often long take takes took taken call called
    idea ideas advance tia friend friends everyone everybody yall people appreciate cool
    awesome great nice
    r u ur wen wat wut y ppl cuz coz bc abt thru w b4 howto homepage webpage
    mention mentions mentioned listed shoutout shoutouts shout
    besides according
    purpose purposes problem problems solve solves solved solving
    til till untill
    suggest suggests suggested suggesting recommend recommends recommended recommending advise
    advises advised
    """
)
# Greetings, thanks, exclamations and asides ("quick q"): chat around a question, never part of
# what it says, so it is compared with the entries' phrasings without them ("lol when is kubecon").
CHAT_WORDS = _word_set(
    """
    hi hey hello hiya yo thanks thank thx ty cheers folks guys ok okay hmm um uh btw fyi imo
    lol lmao lmfao rofl haha hahaha hehe heh lmk cc fwiw afaik iirc imho tbh tbf idk ikr omg
    wtf smh ping pinging tyvm thnx plox asap rn tho nvm jk sry sorry ugh meh welp yep yeah yup
    nope nah hm ah oh ooh wow brb afk quick afaict iiuc ymmv eli5 qq wdyt y/n yn y n
    smth sth smthg plz
    tmrw tmr 2moro tmrow tonite atm ofc prolly kinda sorta dunno lemme gimme yes
    """
)
# Neither function words nor chat weigh anything.
STOPWORDS = FUNCTION_WORDS | CHAT_WORDS
# A message made only of these words, one of them a thanks, is a thank-you, not a question
# ("thanks, that worked!", "perfect ty"): it gets a "you're welcome", never an answer. Matched as
# written, not stemmed.
THANKS_WORDS = _written_set(
    """
    thanks thank thx ty tyvm thnx thanx tks cheers appreciated appreciate worked works helped
    helps helpful useful handy perfect awesome great brilliant excellent nice cool sweet gotcha
    """
)
ACKNOWLEDGING_WORDS = THANKS_WORDS | _written_set(
    """
    that thats it this so much very lot lots a you u for the help info answer answers bot k17
    all got makes sense ok okay kk understood sounds good yes yep yeah wow many again man mate
    once more really just what i needed exactly super was is were
    """
)
# A message made only of these words, one of them a greeting, greets ("hi", "hello k17", "good
# morning all"); so does one asking what k17 is (GREETING_QUESTIONS, as typed, punctuation
# aside). It gets a greeting and what k17 answers, never a knowledge answer. Matched as written.
GREETING_WORDS = _written_set("hi hello hey hiya howdy yo heya hallo greetings morning gm")
GREETING_COMPANY = GREETING_WORDS | _written_set(
    """
    there all everyone everybody folks team guys yall k17 bot good afternoon evening day again
    and oh
    """
)
GREETING_QUESTIONS = frozenset(
    {
        "what can you do",
        "what do you do",
        "who are you",
        "what are you",
        "what is k17",
        "what is this bot",
        "what do you know",
        "help me",
        "how does this work",
        "how do i use you",
    }
)
# Words that ask, anywhere in a clause ("what", "link", "please help"), and words that ask when
# they open one ("is it stable", "can I roll back"): they mark the asking clause of a long message.
ASK_WORDS = _word_set(
    """
    what whats how hows when whens where wheres who whos which why whys link links docs doc
    documentation url explain tell anyone anybody help please pls plz halp wat wut
    """
)
ASK_OPENERS = _word_set(
    """
    is isnt are arent does doesnt do dont can cant will wont should did was were has have could
    would any
    """
)
# Words with which an ask points back to its background ("... is there a plugin for that?"): such
# an ask does not name its own subject.
POINTING_BACK_WORDS = frozenset({"that", "this", "these", "those", "it", "its", "they", "them"})
# An ask that says only that something changed, with the release ("... pod-template-hash
# collisions. is anything different in 1.7?"), asks what changed in its background, as read.
CHANGE_ASKS = frozenset({"chang", "different", "differ", "new", "improv", "updat", "fix", "fixed"})
# An ask of these words alone, pointing back ("..., how does it work"), is about what came before.
HOW_IT_WORKS = frozenset({"work"})
# Words that lead into an ask without being it: "so, is it stable", "ok but can I".
# A label before the ask ending in one of these says who asks ("storage admin: ...", "sre here -
# ..."), not what about.
ROLE_WORDS = _word_set(
    """
    admin admins user users operator operators engineer engineers dev devs developer developers
    sre sres maintainer maintainers owner owners architect architects lead here
    """
)
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
# At most this many words before a message's first asking word, when no entry knows them, are
# chat ("ayy when is kubecon"), not a topic the knowledge lacks.
OPENING_CHAT_WORDS = 2
# The kinds of fact a claim checked ("..., right?") may state that only an answer stating one
# confirms or corrects: a time of day and a price. A date, a place or a number is as often the
# asker's own background ("we upgraded in 2018, ... right?").
CLAIMED_TYPES = frozenset({"time", "price"})
# What a conversational word weighs when no entry uses it, against 1.0 for an unknown topic word.
FILLER_WEIGHT = 0.2
# What an everyday English word weighs when no entry uses it and no list knows it as chat
# ("hyped", "public"), against 1.0 for a name or term of art no entry knows ("istio"): such a word
# is as often chat around the question as its subject. Cross-validated, top1 0.769 to 0.773 with
# no more wrong or false answers; 0.5 and 0.3 answered as many right but more out of scope.
EVERYDAY_UNKNOWN_WEIGHT = 0.7
# The most a conversational word weighs when some entry does use it.
KNOWN_FILLER_WEIGHT = 0.4
# Words shared by almost every answer about a release.
WEAK_WORDS = _word_set(
    """
    kubernetes k8s release released releases new feature features version versions support
    supports supported available availability change changes changed use used using work works
    add added adds adding enhancement enhancements improvement improvements update updates updated
    updating changing supporting
    question questions ask asking create created creates creating receive received receives
    maturity stage status stable alpha beta ready vs versus compared comparison instead
    fix fixes fixed fixing
    """
)

# Conversation around a question: who asks, why, when, and how they feel about it. Such a word
# is not a topic ("boss asked", "need it for a slide", "heard it dropped"), so when no entry uses
# it, it weighs FILLER_WEIGHT instead of the full weight of a topic the knowledge base lacks.
# How the asker rates what they ask about ("any major new features", "the big changes"): chat,
# and never weightier than the words naming what is asked, however rarely an entry says "major".
QUALIFIER_WORDS = _word_set(
    """
    killer fancy neat important major main big biggest huge small quick short brief simple
    significant cool shiny exciting juicy good
    """
)
# How much of an answer is wanted ("tl;dr", "in a nutshell", "a quick overview"): the subject
# beside it is what is asked ("tl;dr of the security stuff" asks for security, not the release's
# themes), so beside one it weighs as chat; alone ("1.7 in a nutshell") it is the ask.
SUMMARY_WORDS = _word_set(
    """
    tldr nutshell summary summarize summarise summarized summarised recap rundown overview
    glance gist eli5 overall
    """
)
# What is new in a release: beside a summary word, the subject ("a summary of the new features"
# asks what is new), however many answers share the words.
NEWS_WORDS = _word_set("new feature features feat feats")
FILLER_WORDS = QUALIFIER_WORDS | _word_set(
    """
    simplest fine normal usual regular ordinary typical actual similar bother bothering hold holding
    hear heard think thinking thought remind reminder remember forgot forget guess suppose
    enable enabled enables enabling activate activated activating turn turned turning
    believe understand understood wonder figure figured check checking confirm clarify recall
    notice noticed saw seen ask asked asks asking wants wanna gonna gotta trying tried try
    boss manager managers colleague colleagues coworker coworkers cowork teammate teammates
    folks peeps mates cto vp exec execs leadership management stakeholder stakeholders officer
    officers ciso
    secops devops ops sre sres dev devs engineer engineers employer org orgs department
    slide slides deck presentation report email newsletter writeup article material materials
    articles
    yet already soon today tomorrow yesterday lately recently finally last next ago earlier
    later late early currently nowadays anymore meanwhile
    possible possibly impossible able maybe perhaps probably supposedly
    officially basically literally totally honestly seriously definitely certainly surely sure
    unsure confused confusing curious interested interesting excited worried concerned
    happy keen eager love lovely clue clueless lost
    happen happened happens drop dropped drops land landed lands come comes came put pushed
    push pushing deal dealing handle handling cover covers covered care matter matters worry
    affect affects impact impacts plan plans planning planned hope hoping wait waiting
    choice choices option options criteria criterion level levels aspect aspects part parts
    piece pieces topic topics area areas side reason reasons situation context scenario
    scenarios usage anything everything nothing whatever whole entire
    headline headlines back bits together charge keep keeps bug bugging bugs auditor auditors
    pester pestering nag nagging demo help helps helping keep keeping time times speed speedup
    fast slow slower another inside outside across anyway somehow nowhere wherever everywhere
    super sometime sometimes anyways almost
    expire expiring expired broken break breaks fail failing failed issue issues problem problems
    trouble stuck annoying painful pain hard harder tough send sends sent sending goes exactly
    rule rules abbreviation abbreviations acronym acronyms stand stands place places spot evaluate
    evaluating
    evaluation burned burnt bitten week weeks month months quarter upcoming
    old older newer newest latest previous prior former
    simply easy easily properly correctly useful relevant legit worth straight hit hits hitting
    flip flipped flipping doable feasible
    related relating far upstream treat treated treating count counts counted consider
    considered deem deemed regard regarded
    january february march april may june july august september october november december
    jan feb mar apr jun jul aug sep sept oct nov dec
    """
)


# Between "how many" and the things counted: how they are counted, not what ("how many new
# features", "how many individual people").
COUNT_QUALIFIERS = frozenset(
    {"new", "different", "other", "total", "more", "of", "the", "k8s", "kubernetes", "actual"}
    | {"individual", "separate", "distinct", "exact", "approximate", "roughly", "about"}
)
# Things counted under several names: an answer counting "two options" counts the ways asked
# for ("how many ways ..."); one counting commits counts no people.
COUNTED_ALIKE = (
    frozenset({"way", "option", "choice", "approach", "method"}),
    frozenset({"people", "person", "ppl", "folk", "contributor", "developer", "engineer"}),
    frozenset({"commit", "change", "contribution"}),
    frozenset({"year", "yr"}),
)
# The kinds of fact a question asks for (see fact_types): the words that ask for each kind.
PRICE_WORDS = frozenset(
    {"cost", "costs", "price", "prices", "pay", "fee", "fees", "charge", "expensive", "cheap"}
    | {"ticket", "tickets", "pass", "passes", "registration"}
)
# The conference's names, stemmed as the matcher reads them: a word no entry knows beside one
# names another edition of it ("kubecon europe", "kubecon eu").
EVENT_NAMES = frozenset({"kubecon", "cloudnativecon"})
# Things a price is asked of by "cost" right after them ("ticket cost?").
PRICE_NOUNS = frozenset({"ticket", "tickets", "pass", "passes", "registration", "entry"})
# "the maximum number of nodes", "exact numbers pls": a number is asked for, like "how many".
NUMBER_ASKING_BEFORE = frozenset(
    {"max", "maximum", "min", "minimum", "total", "exact", "largest", "smallest", "highest"}
)
# "how many days": a question a date answers; "how many people" asks for a count a date is not.
COUNTED_TIME_WORDS = frozenset(
    {"days", "day", "weeks", "week", "months", "month", "years", "year", "hours", "hour"}
    | {"minutes", "minute", "seconds", "second", "nights", "night"}
)
# Words that ask for a price by themselves ("kubecon price?"; not "cost" as in "cut costs", nor
# "pricing" as in "placement by pricing"), and
# the verbs after which "how much" asks one ("how much is kubecon"; not "how much faster").
PRICE_ASKING_WORDS = frozenset({"price", "prices", "fee", "fees", "expensive"})
# ... unless the question asks when or whether a price holds ("last day for the reduced price",
# "is the discounted price still available").
PRICE_DEADLINE_WORDS = frozenset(
    {"until", "til", "till", "deadline", "last", "when", "date", "day", "ends", "still", "yet"}
    | {"anymore"}
    | {"available", "open", "closed", "expired", "expire", "expires", "over"}
)
# "how much in dollars did they save": a sum of money, though a saving is asked.
CURRENCY_WORDS = frozenset({"dollar", "dollars", "usd", "euro", "euros", "eur"})
HOW_MUCH_VERBS = frozenset({"is", "are", "was", "does", "do", "will", "would", "s"})
# "costs cut by how much", "how much did they save": the size of a change, not a price.
CHANGE_WORDS = _written_set(
    "save saved saves saving savings cut cuts reduce reduced reduces reduction slash slashed"
    " lower lowered shrink shrank drop dropped halve halved"
)
# "which docker version", "what version of etcd": a version of something, not "which version"
# of the release itself, nor "roll back to the previous version".
# Words before "release" that make it one of Kubernetes' own ("which patch release"), not a
# component's version ("which cluster autoscaler release").
RELEASE_OWNERS_NOT = _word_set(
    "patch minor major point feature upstream official final public initial first second original"
)
VERSION_OWNERS_NOT = _word_set(
    """
    which what whats the a an this that its previous prior earlier older newer latest last next
    current same new kubernetes k8s kube release stable beta alpha one
    short long quick brief full simple condensed detailed
    """
)
# More words that name the kind of fact asked for rather than its subject ("kubecon 2017 date"),
# or the form of the answer ("summary of 1.7" asks about 1.7, in brief).
FACT_WORDS = _word_set(
    "date dates day days version versions link number summary summaries summarise summarize recap"
)
RELEASE_NAMES = frozenset({"kubernetes", "k8s", "kube", "it", "this", "the"})
# Where something happens, as opposed to where a page or a download is.
PLACE_VERBS = frozenset({"held", "hosted", "located", "happening", "host", "hosting"})
PLACE_WORDS = frozenset({"city", "location", "town", "country", "state"})
VENUE_WORDS = frozenset({"venue", "venues", "hotel", "hotels", "address", "room", "hall"})
# A question asking which time zone a time is in ("what time zone is the cfp deadline", "tz?"),
# and one asking for a language ("are the tutorials in japanese", "which languages"): kinds of
# fact an answer holds only when it names one.
TIME_ZONE_WORDS = _word_set("timezone timezones tz")
LANGUAGE_WORDS = _word_set("language languages translated translation translations")
LANGUAGE_NAMES = _word_set(
    """
    chinese japanese korean spanish german french portuguese russian italian hindi english
    """
)
# What a conference programme is made of: asked by name, answered by name ("track" alone is
# more often lost or kept than a programme track).
PROGRAMME_WORDS = _word_set(
    """
    agenda agendas topic topics schedule schedules speakers keynote keynotes keynoters lineup
    sessions session tracks programme program
    """
)
# A question asking for criteria or requirements asks for rules, which an answer holds only when
# it says what is required ("kubecon cfp review criteria"). "Rules" alone is as often what a
# feature is made of ("firewall rules").
RULES_WORDS = _word_set(
    """
    criteria criterion guidelines guideline requirements requirement prerequisites prerequisite
    eligibility eligible restrictions
    """
)
RULES_SAYING = _word_set(
    """
    require requires required requirement requirements must need needs needed rule rules
    criteria guideline guidelines eligible restricted restriction prerequisite
    """
)
# Words after which "who" / "when" still ask the question ("anyone know who wrote ..."),
# rather than starting a clause ("for people who extend", "when I upgrade").
STILL_ASKING_AFTER = _word_set(
    """
    know knows knew asking asked ask wondering wonder tell me us idea clue out sure remind remember
    and so but ok okay hey hi q quick question
    """
)

# Products and projects next to Kubernetes that people ask about in the same breath (container
# runtimes, other orchestrators, key management, network plug-ins, service meshes, installers and
# tools, distributions and managed services, monitoring and delivery built for Kubernetes, the
# video services community meetings run on); not
# the applications people run on it (fluentd, kafka, cassandra), which are workloads. It may
# name one where people ask ("replace docker with containerd"), but an entry covers a product
# only when its title or answer speaks of it: a question asking about a product its best entry
# does not speak of is offered that entry as related, never answered with it ("does 1.7 support
# cri-o" is not answered by the CRI's enhancements). "cri-o" is read as one word (text.py).
# The workload kinds count too: rolling back a Deployment, or a StatefulSet, is not rolling back
# a DaemonSet.
NEIGHBOUR_PRODUCTS = _word_set(
    """
    docker dockerd dockershim crio rkt frakti swarm mesos nomad
    vault kms
    calico cilium weave flannel canal romana
    istio linkerd envoy
    helm kustomize kompose kops kubeadm minikube terraform
    openshift rancher gke eks aks pks
    prometheus spinnaker
    zoom hangouts webex youtube
    deployment deployments replicaset replicasets cronjob cronjobs
    statefulset statefulsets daemonset daemonsets
    """
)
# A product said within PRODUCT_CONTEXT_WINDOW words after one of these is not what the question
# asks about: it is where the asker runs Kubernetes ("our gke cluster", "we run mongodb on
# openshift"), or what the asked-about feature would stand in for ("containerd instead of
# docker", "pods without docker"). So is every product of a question that asks what "upstream"
# Kubernetes does.
PRODUCT_CONTEXT_BEFORE = _word_set("our my we us on instead without rather")
# Likewise a product said within PRODUCT_ALTERNATIVE_WINDOW words after one of these is the
# alternative to what is asked about ("is containerd an option or is it still docker only") or
# what it is compared with ("can daemonsets roll back like deployments").
PRODUCT_ALTERNATIVE_BEFORE = _word_set("or vs versus than like same similar")
PRODUCT_ALTERNATIVE_WINDOW = 5
PRODUCT_CONTEXT_WINDOW = 3
# "how do", "how can", "how to": a how-to, in which a product is never only the setting.
HOW_TO_AFTER = _word_set("do can to should would")
UPSTREAM_WORDS = _word_set("upstream")
