"""Questions as people type them in a busy channel, composed afresh: never the knowledge base's own.

Each question is an opener, sometimes a sentence of background, an ask in everyday words, and a
closer, with a typo now and then and, in some, words no entry uses (a product, a team's name).
The asks are written for these benchmarks from how people talk about a release, not taken from
the knowledge base, its tests or any evaluation set; about a third are about something the
release does not cover.
"""

from __future__ import annotations

import random

OPENERS = (
    "",
    "hey all,",
    "quick q -",
    "sorry if this was asked already, but",
    "morning folks!",
    "not sure this is the right channel but",
    "@here",
    "my lead keeps asking me and i have no idea:",
    "before our planning meeting tomorrow,",
    "random one for the bot:",
)
BACKGROUND = (
    "",
    "we're still on 1.6 in prod and staging is half migrated.",
    "our ops team runs about forty clusters on bare metal.",
    "we had an outage last week and people are nervous.",
    "i'm writing the quarterly platform update.",
    "the security folks sent me a spreadsheet of questions.",
    "our vendor says their chart needs the newer release.",
)
ASKS = (
    "did the firewall rules between pods finally become a proper stable thing",
    "can the cluster keep our passwords scrambled on disk now",
    "is there a way to stop a node from reading every other node's stuff",
    "what happened to those custom object types we built on tprs",
    "can i undo a bad rollout of our logging agents that run on every box",
    "how do databases with one pod per replica get upgraded now",
    "is there anything for disks that live on the machine itself",
    "who actually shipped this release, like the people in charge",
    "is there one page that lists everything that changed",
    "when exactly did this version come out",
    "is the conference in texas this year and when",
    "when do i have to send my talk idea by",
    "is there still a cheaper ticket for the conference",
    "what's the easiest way to start playing with it in a browser",
    "where do people hang out to ask for help",
    "can we plug our own admission logic in without rebuilding the api server",
    "is the runtime interface stuff usable with containerd yet",
    "what companies are running this in production",
    "how big is the project these days, commits and all",
    "is the audit trail thing any better than before",
    "can i bolt my own api onto the main api server",
    "how do i get my kubelets new certs without babysitting them",
    "does it run on windows servers",
    "will helm 3 work with it",
    "how do i set up istio sidecars",
    "what's the cheapest managed offering on aws",
    "is there a gui like openshift has",
    "can it autoscale our gpu nodes",
    "how do i migrate from docker swarm",
    "is 1.9 going to drop the beta apis we depend on",
    "does the fluxwidget operator support it",
    "is terraform the recommended way to install",
)
CLOSERS = (
    "",
    "thanks!",
    "cheers",
    "🙏",
    "any pointers appreciated",
    "ty",
    "?",
    "asking for a friend",
)
MADE_UP = ("zorblatt", "fluxwidget", "kapteyn", "quillbox", "merrowgate", "tandril")


def typo(text: str, rng: random.Random) -> str:
    """The text with two neighbouring letters swapped, as fast typing does."""
    if len(text) < 4:
        return text
    i = rng.randrange(1, len(text) - 2)
    return text[:i] + text[i + 1] + text[i] + text[i + 2 :]


def compose(ask: str, rng: random.Random) -> str:
    """One message around `ask`: opener, background, the ask, closer; sometimes a typo."""
    if rng.random() < 0.25:
        ask = f"{ask} with our {rng.choice(MADE_UP)} setup"
    parts = [rng.choice(OPENERS), rng.choice(BACKGROUND), ask + "?", rng.choice(CLOSERS)]
    message = " ".join(p for p in parts if p)
    return typo(message, rng) if rng.random() < 0.3 else message


def chatty_questions(count: int, rng: random.Random) -> list[str]:
    """`count` distinct chatty questions about the release and beside it."""
    seen: set[str] = set()
    questions: list[str] = []
    while len(questions) < count:
        message = compose(rng.choice(ASKS), rng)
        if message not in seen:
            seen.add(message)
            questions.append(message)
    return questions


def chatty_about(words: list[str], rng: random.Random) -> str:
    """A chatty question built from `words` (a synthetic entry's answer), plus unknown words."""
    ask = " ".join(words)
    if rng.random() < 0.5:
        ask = f"{ask} {rng.choice(MADE_UP)}"
    return compose(f"so what about {ask}", rng)


if __name__ == "__main__":
    # `make bench` runs every script here: this one shows what the other benchmarks ask.
    print("a sample of the chatty questions the benchmarks ask:")
    for question in chatty_questions(8, random.Random(17)):
        print(f"    {question}")
