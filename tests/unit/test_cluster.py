from pathlib import Path

from storydesk.ingest.files import read_paths
from storydesk.model import Article
from storydesk.stories.cluster import StoryClusterer, story_record


def _articles(fixtures: Path) -> list[Article]:
    arts = [a for a in read_paths([fixtures / "corpus"]) if isinstance(a, Article)]
    return sorted(arts, key=lambda a: (a.published_at or "", a.id))


def test_articles_join_their_story_and_unrelated_ones_start_another(fixtures: Path) -> None:
    clusterer = StoryClusterer()
    got = {a.id: clusterer.add(a) for a in _articles(fixtures)}
    labels = {a.id: a.labels["event_id"] for a in _articles(fixtures)}
    by_story: dict[str, set[int]] = {}
    for aid, assignment in got.items():
        by_story.setdefault(assignment.story_id, set()).add(labels[aid])
    assert all(len(v) == 1 for v in by_story.values()), by_story
    assert len(by_story) == 2
    assert sum(a.new for a in got.values()) == 2


def test_state_round_trip_keeps_assigning_to_the_same_story(fixtures: Path) -> None:
    arts = _articles(fixtures)
    first = StoryClusterer()
    ids = [first.add(a).story_id for a in arts[:-1]]
    restored = StoryClusterer.from_state(first.to_state())
    assert restored.add(arts[-1]).story_id in ids


def test_story_record_title_and_outlets(fixtures: Path) -> None:
    arts = [a for a in _articles(fixtures) if a.labels["event_id"] == 2]
    story = story_record("s", arts)
    assert story.title in {a.title for a in arts}
    assert story.outlets == sorted({a.outlet for a in arts})
    assert story.first_seen == "2026-05-10T18:00:00Z" and story.size == 2
