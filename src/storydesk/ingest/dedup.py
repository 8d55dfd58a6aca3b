"""Exact and near-duplicate articles: syndicated wire copies and lightly edited reprints.

Exact duplicates share the hash of their normalised text (lower-cased word tokens). Near duplicates
are found with MinHash LSH (datasketch) over 5-word shingles and confirmed with the exact Jaccard
similarity of the shingle sets, so an LSH false positive never groups two articles. A group keeps
every copy (each outlet still counts as coverage) and names one original: the wire service's own copy
when a member is one, else the earliest published, then the first seen.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

import numpy as np

if TYPE_CHECKING:
    from datasketch import MinHash

from ..model import Article
from .normalize import content_hash, normalize_text

TOKEN_RE = re.compile(r"\w+")
SHINGLE = 5
NUM_PERM = 128
SCHEME = "affine32"  # stored signatures are only comparable under the same scheme and seed
MIN_TOKENS = 20  # shorter texts only ever match exactly
WIRE_DOMAINS = {
    "apnews.com": "AP", "ap.org": "AP", "reuters.com": "Reuters", "afp.com": "AFP", "dpa.com": "dpa",
    "upi.com": "UPI", "xinhuanet.com": "Xinhua", "news.cn": "Xinhua", "efe.com": "EFE", "ansa.it": "ANSA",
    "tass.com": "TASS", "tass.ru": "TASS", "yna.co.kr": "Yonhap", "kyodonews.net": "Kyodo",
    "aa.com.tr": "Anadolu", "pti.in": "PTI", "bernama.com": "Bernama", "ians.in": "IANS", "cna.com.tw": "CNA",
}
WIRE_DATELINE_RE = re.compile(r"^\W{0,3}[A-Z][A-Za-z .,'-]{1,60}\((AP|Reuters|AFP|UPI|Xinhua|dpa|Yonhap)\)",
                              re.MULTILINE)


def normalise(text: str) -> str:
    """Lower-cased word tokens joined by single spaces (how shingles see a text)."""
    return " ".join(TOKEN_RE.findall(text.lower()))


def shingle_set(text: str, n: int = SHINGLE) -> set[str]:
    tokens = TOKEN_RE.findall(text.lower())
    if len(tokens) < n:
        return {" ".join(tokens)} if tokens else set()
    return {" ".join(tokens[i:i + n]) for i in range(len(tokens) - n + 1)}


def jaccard(a: set[str], b: set[str]) -> float:
    return len(a & b) / len(a | b) if a or b else 0.0


def candidate_threshold(threshold: float) -> float:
    """The LSH threshold under the Jaccard one: candidates a little below it are confirmed exactly."""
    return max(0.1, threshold - 0.1)


def signature(shingles: set[str]) -> MinHash:
    """The MinHash of a shingle set under :data:`SCHEME` (every stored signature is one of these)."""
    from datasketch import MinHash  # lazy, as MinHashLSH below: datasketch pulls scipy (a second at start-up)

    mh = MinHash(num_perm=NUM_PERM, scheme=SCHEME)
    mh.update_batch([s.encode("utf-8") for s in shingles])
    return mh


def signature_bytes(text: str) -> bytes | None:
    """A text's stored signature: little-endian uint64 hash values (None when too short to be near)."""
    shingles = shingle_set(text)
    if len(shingles) < MIN_TOKENS:
        return None
    return bytes(signature(shingles).hashvalues.astype("<u8").tobytes())


def lsh_bands(threshold: float) -> tuple[int, int]:
    """(bands, rows) of the LSH index for a Jaccard threshold, as :class:`Deduper`'s MinHashLSH chooses
    them (a batch engine uses the bands as shuffle keys)."""
    from datasketch.lsh import _optimal_param  # the private helper MinHashLSH itself calls

    b, r = _optimal_param(candidate_threshold(threshold), NUM_PERM, 0.5, 0.5)
    return int(b), int(r)


def band_keys(signature: bytes, bands: int, rows: int) -> list[tuple[int, bytes]]:
    """The LSH bucket keys of a stored signature: two signatures sharing one are candidates."""
    return [(i, signature[i * rows * 8:(i + 1) * rows * 8]) for i in range(bands)]


BAND_HASH = "blake2b-8"  # how :func:`band_hashes` turns a band into a stored key (part of the stored layout)


def band_hashes(signature: bytes, bands: int, rows: int) -> list[int]:
    """The band keys of a stored signature as signed 64-bit integers (what the store's band table holds).

    A hash of the band's number and bytes: two signatures share a key exactly when they share that band,
    but for a 64-bit collision, which only adds a candidate (every candidate is confirmed by Jaccard).
    """
    return [int.from_bytes(hashlib.blake2b(bytes([i]) + key, digest_size=8).digest(), "little", signed=True)
            for i, key in band_keys(signature, bands, rows)]


def band_layout(threshold: float) -> str:
    """The name of the band keys a threshold gives: keys stored under another layout must be cut again."""
    bands, rows = lsh_bands(threshold)
    return f"{SCHEME}/{NUM_PERM}/{bands}x{rows}/{BAND_HASH}"


def text_jaccard(a: str, b: str) -> float:
    """Jaccard similarity of two texts' shingle sets (how every LSH candidate is confirmed)."""
    return jaccard(shingle_set(a), shingle_set(b))


def wire_service(article: Article) -> str | None:
    """The wire service an article belongs to, by its domain."""
    domain = (article.domain or urlsplit(article.url or "").hostname or "").lower().removeprefix("www.")
    for wire_domain, name in WIRE_DOMAINS.items():
        if domain == wire_domain or domain.endswith("." + wire_domain):
            return name
    return None


@dataclass
class Match:
    """Why an article was grouped with another."""

    article_id: str
    other_id: str
    kind: str  # "exact" or "near"
    similarity: float  # Jaccard similarity of 5-word shingle sets (1.0 for exact)
    shared_shingles: int
    examples: list[str] = field(default_factory=list)  # a few shared shingles, to show a reader


def explain(a: str, b: str, examples: int = 5) -> Match:
    """Similarity and shared shingles of two texts (what `storydesk article ID` shows)."""
    sa, sb = shingle_set(a), shingle_set(b)
    shared = sa & sb
    tokens = TOKEN_RE.findall(a.lower())
    ordered = [" ".join(tokens[i:i + SHINGLE]) for i in range(max(0, len(tokens) - SHINGLE + 1))]
    picked = list(dict.fromkeys(s for s in ordered if s in shared))[:examples]
    kind = "exact" if normalize_text(a) == normalize_text(b) else "near"
    return Match("", "", kind, 1.0 if kind == "exact" else jaccard(sa, sb), len(shared), picked)


@dataclass
class Group:
    original: str
    members: list[str]  # every copy, the original included
    matches: dict[str, Match] = field(default_factory=dict)  # member id -> why it joined


class Deduper:
    """Online grouping: ``add`` each article once; groups and originals update as copies arrive.

    For a store-backed index, pass ``text_of`` (id -> text) so that candidates found by LSH can be
    confirmed with their exact Jaccard similarity, and either ``load`` stored signatures or pass
    ``stored_candidates`` (band keys -> ids of stored articles sharing one, :func:`band_hashes`), which
    reads only the candidates of each new article instead of every stored signature.
    """

    def __init__(self, threshold: float = 0.8, near: bool = True,
                 text_of: Callable[[str], str | None] | None = None,
                 stored_candidates: Callable[[list[int]], Iterable[str]] | None = None) -> None:
        self.threshold = threshold
        self.near = near
        self.text_of = text_of
        self.stored_candidates = stored_candidates
        self.bands, self.rows = lsh_bands(threshold)
        from datasketch import MinHashLSH

        self.lsh = MinHashLSH(threshold=candidate_threshold(threshold), num_perm=NUM_PERM)
        self._by_hash: dict[str, str] = {}
        self._shingles: dict[str, set[str]] = {}
        self._indexed: set[str] = set()
        self._articles: dict[str, Article] = {}
        self._group_of: dict[str, str] = {}  # article id -> group key (first member's id)
        self._groups: dict[str, Group] = {}

    signature = staticmethod(signature)

    def load(self, article_id: str, signature: bytes) -> None:
        """Index a stored signature (``index`` returned it when the article was first seen)."""
        if article_id in self._indexed:
            return
        from datasketch import MinHash

        values = np.frombuffer(signature, dtype=np.uint64)
        self.lsh.insert(article_id, MinHash(num_perm=NUM_PERM, hashvalues=values, scheme=SCHEME))
        self._indexed.add(article_id)

    def load_many(self, items: Iterable[tuple[str, bytes]]) -> int:
        """Index many stored signatures at once (what a store-backed index does on every ingest); returns how
        many were new.

        The same index as :meth:`load` of each, built without a ``MinHash`` object per signature: the band
        keys of all signatures are cut from one numpy array (MinHashLSH's own byte-swapped slices) and put
        in its tables directly. Building a ``MinHash`` was 70% of loading, and loading every signature of a
        50k-article store was most of an ingest of 50 articles (bench/bench_incremental.py). A signature of
        the wrong length goes through :meth:`load`, which refuses it as before.
        """
        width = NUM_PERM * 8
        before = len(self._indexed)
        ids: list[str] = []
        blobs: list[bytes] = []
        seen = set(self._indexed)
        for article_id, signature in items:
            if article_id in seen:
                continue
            seen.add(article_id)
            if len(signature) != width or not self._indexed:  # odd bytes, or the first: the checked path
                self.load(article_id, signature)
                continue
            ids.append(article_id)
            blobs.append(signature)
        if not ids:
            return len(self._indexed) - before
        from datasketch import MinHash

        sigs = np.frombuffer(b"".join(blobs), dtype=np.uint64).reshape(len(ids), NUM_PERM)
        # the hash values as the MinHash of SCHEME keeps them (affine32: uint32, range checked)
        dtype = MinHash(num_perm=NUM_PERM, hashvalues=sigs[0], scheme=SCHEME).hashvalues.dtype
        if sigs.max() > np.iinfo(dtype).max:  # values the scheme refuses: the checked path says which
            for article_id, signature in zip(ids, blobs, strict=True):
                self.load(article_id, signature)
            return len(self._indexed) - before
        sigs = sigs.astype(dtype)
        lsh = self.lsh
        band_keys = []
        for start, end in lsh.hashranges:
            raw = np.ascontiguousarray(sigs[:, start:end].byteswap()).tobytes()
            step = (end - start) * sigs.itemsize
            band_keys.append([raw[i * step:(i + 1) * step] for i in range(len(ids))])
        for i, article_id in enumerate(ids):
            hs = [keys[i] for keys in band_keys]
            lsh.keys.insert(article_id, *hs)
            for h, table in zip(hs, lsh.hashtables, strict=True):
                table.insert(h, article_id)
        self._indexed.update(ids)
        return len(self._indexed) - before

    def _shingles_of(self, article_id: str) -> set[str] | None:
        if article_id not in self._shingles and self.text_of is not None:
            text = self.text_of(article_id)
            if text is None:
                return None
            self._shingles[article_id] = shingle_set(text)
        return self._shingles.get(article_id)

    def find(self, article: Article) -> Match | None:
        """The best match among indexed articles (exact first), without indexing ``article``."""
        digest = article.content_hash or content_hash(article.text)
        other = self._by_hash.get(digest)
        if other is not None and other != article.id:
            return Match(article.id, other, "exact", 1.0, len(shingle_set(article.text)))
        shingles = shingle_set(article.text)
        if not self.near or len(shingles) < MIN_TOKENS:
            return None
        mh = self.signature(shingles)
        candidates = set(self.lsh.query(mh))
        if self.stored_candidates is not None:
            sig = bytes(mh.hashvalues.astype("<u8").tobytes())
            candidates.update(self.stored_candidates(band_hashes(sig, self.bands, self.rows)))
        best: tuple[float, str] | None = None
        for candidate in sorted(candidates):  # equal similarities: the smallest id, in any process
            theirs = self._shingles_of(candidate) if candidate != article.id else None
            if not theirs:
                continue
            sim = jaccard(shingles, theirs)
            if sim >= self.threshold and (best is None or sim > best[0]):
                best = (sim, candidate)
        if best is None:
            return None
        shared = len(shingles & (self._shingles_of(best[1]) or set()))
        return Match(article.id, best[1], "near", round(best[0], 4), shared)

    def index(self, article: Article) -> bytes | None:
        """Make ``article`` findable; returns its MinHash signature for storage (None when too short)."""
        self._by_hash.setdefault(article.content_hash or content_hash(article.text), article.id)
        shingles = shingle_set(article.text)
        if len(shingles) < MIN_TOKENS or article.id in self._indexed:
            return None
        mh = self.signature(shingles)
        self.lsh.insert(article.id, mh)
        self._indexed.add(article.id)
        self._shingles[article.id] = shingles
        return bytes(mh.hashvalues.astype(np.uint64).tobytes())

    def add(self, article: Article) -> Match | None:
        """Index one article; returns why it joins an existing group, or None when it is new."""
        if article.id in self._articles:
            return None
        self._articles[article.id] = article
        match = self.find(article)
        if match is None or match.kind == "near":
            self.index(article)
        if match is None:
            self._group_of[article.id] = article.id
            self._groups[article.id] = Group(article.id, [article.id])
            return None
        key = self._group_of[match.other_id]
        group = self._groups[key]
        group.members.append(article.id)
        group.matches[article.id] = match
        if match.other_id not in group.matches:  # the first member's reason is the same match, reversed
            group.matches[match.other_id] = Match(match.other_id, article.id, match.kind, match.similarity,
                                                  match.shared_shingles)
        self._group_of[article.id] = key
        group.original = original_after_join(self._articles[group.original], article)
        return match

    def groups(self) -> list[Group]:
        """Groups with more than one member."""
        return [g for g in self._groups.values() if len(g.members) > 1]

    def group_of(self, article_id: str) -> Group | None:
        key = self._group_of.get(article_id)
        return self._groups.get(key) if key else None

    def assignments(self) -> dict[str, tuple[str | None, float | None]]:
        """article id -> (duplicate_of, similarity) for every indexed article; originals map to None."""
        out: dict[str, tuple[str | None, float | None]] = {}
        for group in self._groups.values():
            for member in group.members:
                if member == group.original:
                    out[member] = (None, None)
                else:
                    match = group.matches.get(member)
                    out[member] = (group.original, match.similarity if match else 1.0)
        return out


def choose_original(members: Iterable[Article]) -> str:
    """The wire service's copy, else the earliest published, else the first seen."""
    items = list(members)
    order = {a.id: i for i, a in enumerate(items)}
    wires = [a for a in items if wire_service(a)]
    pool = wires or items
    return min(pool, key=lambda a: (a.published_at is None, a.published_at or "", order[a.id])).id


def original_after_join(original: Article, newcomer: Article) -> str:
    """The original of a group once ``newcomer`` joins it, from the group's current original alone.

    The one grouping rule of both groupings (:meth:`Deduper.add` in memory, :func:`group_near` over the
    store). It equals :func:`choose_original` over every member: a wire copy wins, then the earliest
    published, then the first seen, and the current original already beats every earlier member. Spark's
    connected components (``engines/spark.py``) are the distributed form: the same confirmed pairs (LSH
    bands of the same signatures, the same Jaccard check), then ``choose_original`` over each component;
    they differ only where one article confirms against two groups, which the online groupings never
    merge (it joins its best match's group) and components do.
    """
    return choose_original([original, newcomer])


def group_near(deduper: Deduper, fresh: list[Article], get: Callable[[str], Article],
               members_of: Callable[[str], list[str]], update: Callable[[Article], None]
               ) -> tuple[int, list[tuple[str, bytes]]]:
    """Near duplicates among ``fresh`` (not yet stored) join their group; the group's original may change.

    The store-backed grouping of the local engine: ``get`` reads a stored article, ``members_of`` a stored
    group's members and ``update`` writes back a stored member whose original changed. Returns how many
    joined a group, and the signatures to store for the fresh articles.
    """
    joined = 0
    signatures: list[tuple[str, bytes]] = []
    in_batch = {a.id: a for a in fresh}
    for a in fresh:
        if a.duplicate_of is None:
            match = deduper.find(a)
            if match is not None and match.kind == "near":
                other = in_batch.get(match.other_id) or get(match.other_id)
                original = other.duplicate_of or other.id
                current = in_batch.get(original) or get(original)
                joined += 1
                if original_after_join(current, a) == a.id:  # the wire copy or an earlier one arrived later
                    for member_id in [original, *members_of(original)]:
                        member = in_batch.get(member_id) or get(member_id)
                        member.duplicate_of = a.id
                        member.near_duplicate_score = member.near_duplicate_score or match.similarity
                        if member_id not in in_batch:
                            update(member)
                    for member in in_batch.values():
                        if member.duplicate_of == original:
                            member.duplicate_of = a.id
                else:
                    a.duplicate_of = original
                    a.near_duplicate_score = match.similarity
        sig = deduper.index(a)
        if sig is not None:
            signatures.append((a.id, sig))
    return joined, signatures


def mark_duplicates(articles: list[Article], threshold: float = 0.8, near: bool = True) -> list[Group]:
    """Group a batch and set ``duplicate_of`` / ``near_duplicate_score`` on every article in place."""
    deduper = Deduper(threshold, near)
    for article in articles:
        article.content_hash = article.content_hash or content_hash(article.text)
        deduper.add(article)
    assigned = deduper.assignments()
    for article in articles:
        article.duplicate_of, article.near_duplicate_score = assigned.get(article.id, (None, None))
    return deduper.groups()
