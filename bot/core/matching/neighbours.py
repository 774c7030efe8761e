"""Neighbouring products: subjects a question may name that an entry does not cover.

A question about a product next to Kubernetes (NEIGHBOUR_PRODUCTS: cri-o, docker, calico, vault,
gke, ...) is about that product, unless the product is only where the asker runs Kubernetes
("our gke cluster", "what does upstream 1.7 do"). Such a question is covered by an entry only when
the entry's title or answer speaks of the product; otherwise the entry is related, not the answer.
"""

from __future__ import annotations

from collections.abc import Sequence

from bot.core.knowledge import Entry
from bot.core.matching.index import Index
from bot.core.matching.settings import (
    HOW_TO_AFTER,
    NEIGHBOUR_PRODUCTS,
    PRODUCT_ALTERNATIVE_BEFORE,
    PRODUCT_ALTERNATIVE_WINDOW,
    PRODUCT_CONTEXT_BEFORE,
    PRODUCT_CONTEXT_WINDOW,
    UPSTREAM_WORDS,
)
from bot.core.matching.text import stem

_PRODUCTS = frozenset(stem(word) for word in NEIGHBOUR_PRODUCTS)


def named_products(said: Sequence[str]) -> tuple[str, ...]:
    """The neighbouring products a question asks about, as typed (case-folded surface words)."""
    if any(word in UPSTREAM_WORDS for word in said):
        return ()
    named = [
        word for i, word in enumerate(said) if stem(word) in _PRODUCTS and not _in_context(said, i)
    ]
    return tuple(dict.fromkeys(named))


def context_products(said: Sequence[str]) -> frozenset[str]:
    """The stems of the products a question names only as where it runs ("our gke cluster"):
    background, like chat, rather than a topic the knowledge lacks."""
    upstream = any(word in UPSTREAM_WORDS for word in said)
    return frozenset(
        stem(word)
        for i, word in enumerate(said)
        if stem(word) in _PRODUCTS and (upstream or _in_context(said, i))
    )


def _in_context(said: Sequence[str], position: int) -> bool:
    """Whether the product is named as where the asker runs Kubernetes. Not in a how-to ("how do
    I enable network policy on GKE"): how to do it there is the product's own business."""
    if _asks_how_to(said):
        return False
    return any(
        before in PRODUCT_CONTEXT_BEFORE
        for before in said[max(position - PRODUCT_CONTEXT_WINDOW, 0) : position]
    ) or any(
        before in PRODUCT_ALTERNATIVE_BEFORE
        for before in said[max(position - PRODUCT_ALTERNATIVE_WINDOW, 0) : position]
    )


def _asks_how_to(said: Sequence[str]) -> bool:
    return len(said) > 1 and said[0] == "how" and said[1] in HOW_TO_AFTER


def uncovered_products(index: Index, products: Sequence[str], entry: int) -> tuple[str, ...]:
    """The products of a question that the entry's title and answer do not speak of."""
    subject = index.subject[entry]
    return tuple(product for product in products if stem(product) not in subject)


def relates_to(entry: Entry, products: Sequence[str]) -> bool:
    """Whether the knowledge lists one of the products as related to the entry (its
    `related_products`: "cri-o" beside the CRI), though the entry does not cover it."""
    listed = {_product_key(p) for p in entry.related_products}
    return any(_product_key(p) in listed for p in products)


def _product_key(product: str) -> str:
    return stem(product.replace("-", ""))
