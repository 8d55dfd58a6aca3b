"""Exact and near duplicates on articles written for these tests, and the shared stories corpus."""

from __future__ import annotations

import ast
import json

import pytest

from storydesk.ingest.dedup import Deduper, content_hash, explain, group_near, mark_duplicates, normalise
from storydesk.model import Article

WIRE = (
    "SEOUL, South Korea (AP) -- The port authority in the coastal city of Hallam said on Monday that "
    "three cargo ships had been held outside the harbour for a fourth day while inspectors examined "
    "their manifests. Officials declined to say what the inspectors were looking for, but a shipping "
    "agent who spoke on condition of anonymity said the checks concerned refined fuel. The agency has "
    "tightened controls since the spring, when two vessels were found carrying undeclared cargo. Trade "
    "ministers from four countries are due to meet next week to discuss the inspections, which have "
    "delayed deliveries of grain and fertiliser to the region's farmers during the planting season."
)
OTHER = (
    "The city council voted on Thursday to close the old tram depot and turn the site into a public "
    "park with a playground, a small library and a covered market for local growers. The plan, which "
    "has been debated for almost a decade, will cost about twelve million and take three years to "
    "complete. Residents who had campaigned for the park welcomed the decision, while a group of tram "
    "enthusiasts said they would ask the regional court to protect the depot's brick hall as a "
    "monument of the city's industrial past and of the workers who kept the trams running for a century."
)


def art(id: str, text: str, domain: str = "", published: str | None = None) -> Article:
    url = f"https://{domain or 'x.example'}/{id}"
    return Article(id=id, text=text, domain=domain, published_at=published, url=url)


def test_exact_copies_share_a_hash_whatever_the_spacing_and_case() -> None:
    assert content_hash(WIRE) == content_hash(WIRE.upper().replace(" ", "  \n"))
    assert normalise("Rain, fell -- in OSLO!") == "rain fell in oslo"
    assert content_hash(WIRE) != content_hash(OTHER)


def test_wire_copies_group_and_the_wire_is_the_original() -> None:
    reprint = WIRE.replace("on Monday", "on Monday morning").replace("The agency has", "The port agency has")
    trimmed = WIRE.rsplit(", which have", 1)[0] + "."
    articles = [
        art("paper1", reprint, "dailyherald.example", "2024-03-05T09:00:00"),
        art("ap", WIRE, "apnews.com", "2024-03-05T10:00:00"),
        art("paper2", WIRE, "coastpost.example", "2024-03-05T08:00:00"),
        art("other", OTHER, "citynews.example", "2024-03-05T07:00:00"),
        art("paper3", trimmed, "valley.example", "2024-03-05T11:00:00"),
    ]
    groups = mark_duplicates(articles, threshold=0.7)
    assert len(groups) == 1
    group = groups[0]
    assert sorted(group.members) == ["ap", "paper1", "paper2", "paper3"]  # every copy is kept
    assert group.original == "ap"  # the wire service, though a copy was published earlier
    by_id = {a.id: a for a in articles}
    assert by_id["paper2"].duplicate_of == "ap" and by_id["paper2"].near_duplicate_score == 1.0
    assert group.matches["paper2"].kind == "exact"
    assert group.matches["paper1"].kind == "near" and 0.7 <= group.matches["paper1"].similarity < 1.0
    assert by_id["other"].duplicate_of is None and by_id["ap"].duplicate_of is None


def test_without_a_wire_the_earliest_is_the_original_and_near_grouping_can_be_turned_off() -> None:
    reprint = WIRE.replace("on Monday", "on Monday morning")
    articles = [art("late", WIRE, "a.example", "2024-03-06"),
                art("early", reprint, "b.example", "2024-03-05")]
    assert mark_duplicates(articles)[0].original == "early"
    fresh = [art("late", WIRE, "a.example"), art("early", reprint, "b.example")]
    assert mark_duplicates(fresh, near=False) == []
    assert all(a.duplicate_of is None for a in fresh)


def test_explanations_name_the_shared_shingles() -> None:
    reprint = WIRE.replace("on Monday", "on Monday morning")
    why = explain(reprint, WIRE)
    assert why.kind == "near" and why.shared_shingles > 50 and 0.8 < why.similarity < 1.0
    assert why.examples and all(e in normalise(WIRE) for e in why.examples)
    assert explain(WIRE, WIRE.lower()).kind == "exact"
    deduper = Deduper(0.8)
    assert deduper.add(art("a", WIRE)) is None
    match = deduper.add(art("b", reprint))
    assert match is not None and match.other_id == "a" and match.shared_shingles == why.shared_shingles
    assert deduper.add(art("a", WIRE)) is None  # adding twice changes nothing
    assert deduper.group_of("b").members == ["a", "b"]


def test_short_texts_only_match_exactly() -> None:
    articles = [art("s1", "Markets closed higher today."), art("s2", "Markets closed lower today.")]
    assert mark_duplicates(articles, threshold=0.1) == []


@pytest.mark.shared_data
def test_no_false_merges_on_the_shared_stories_corpus(shared_data) -> None:
    articles, event = [], {}
    for path in sorted((shared_data / "stories" / "articles").glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        cluster = data.get("newsCluster")
        cluster = ast.literal_eval(cluster) if isinstance(cluster, str) else cluster
        published = data.get("date_publish")
        articles.append(Article(id=data["dId"], text=data.get("text") or "",
                                domain=data.get("source_domain") or "",
                                published_at=None if published in (None, "None") else published))
        event[data["dId"]] = cluster["EventId"]
    for threshold, least in ((0.8, 4), (0.5, 11)):  # measured: 4 groups (9 articles); 11 (26)
        groups = mark_duplicates(articles, threshold=threshold)
        assert len(groups) >= least
        assert all(len({event[m] for m in g.members}) == 1 for g in groups)  # no group spans two events


def test_the_in_memory_and_the_store_backed_grouping_agree() -> None:
    """Deduper.add (mark_duplicates) and group_near (what local ingest runs, here over a dict as its store)
    give every copy the same original, also when the wire copy or an earlier one arrives last."""
    reprint = WIRE.replace("on Monday", "on Monday morning").replace("The agency has", "The port agency has")
    trimmed = WIRE.rsplit(", which have", 1)[0] + "."
    edited = WIRE.replace("three cargo ships", "three large cargo ships")

    def batch() -> list[Article]:
        return [art("paper1", reprint, "dailyherald.example", "2024-03-05T09:00:00"),
                art("other", OTHER, "citynews.example", "2024-03-05T07:00:00"),
                art("paper3", trimmed, "valley.example", "2024-03-05T11:00:00"),
                art("early", edited, "coastpost.example", "2024-03-05T06:00:00"),
                art("ap", WIRE, "apnews.com", "2024-03-05T10:00:00")]

    in_memory = batch()
    mark_duplicates(in_memory, threshold=0.7)
    stored: dict[str, Article] = {}
    deduper = Deduper(0.7, text_of=lambda aid: stored[aid].text if aid in stored else None)
    for a in batch():  # one article a batch, so that every join goes through the store
        group_near(deduper, [a], stored.__getitem__,
                   lambda original: [m.id for m in stored.values() if m.duplicate_of == original],
                   lambda member: stored.__setitem__(member.id, member))
        stored[a.id] = a
    assert {a.id: a.duplicate_of for a in in_memory} == {aid: a.duplicate_of for aid, a in stored.items()}
    assert {a.id: a.duplicate_of for a in in_memory}["early"] == "ap"


def test_loading_stored_signatures_in_bulk_builds_the_same_index() -> None:
    """Deduper.load_many (what every ingest runs over the store's signatures) gives the index that load of
    each gives: the same band tables, the same candidates and matches; odd bytes are refused as before."""
    from storydesk.ingest.dedup import signature_bytes

    reprint = WIRE.replace("on Monday", "on Monday morning")
    texts = {"ap": WIRE, "other": OTHER, "reprint": reprint, "trimmed": WIRE.rsplit(", which have", 1)[0] + "."}
    stored = {aid: signature_bytes(t) for aid, t in texts.items()}
    assert all(stored.values())
    one_by_one = Deduper(0.7, text_of=texts.get)
    for aid, sig in stored.items():
        one_by_one.load(aid, sig)
    bulk = Deduper(0.7, text_of=texts.get)
    assert bulk.load_many(list(stored.items()) + [("ap", stored["ap"])]) == 4  # a repeat is indexed once
    assert bulk.load_many(stored.items()) == 0
    assert [t._dict for t in bulk.lsh.hashtables] == [t._dict for t in one_by_one.lsh.hashtables]
    probe = art("probe", WIRE.replace("three cargo ships", "three large cargo ships"), "x.example", None)
    found = bulk.find(probe)
    assert found == one_by_one.find(probe)
    assert found is not None and found.kind == "near" and found.other_id in {"ap", "reprint", "trimmed"}
    with pytest.raises(ValueError):
        Deduper(0.7).load_many([("short", b"\x00" * 16)])
