"""Quality floor of the online clusterer on the shared news_cluster corpus (settings as shipped)."""

from __future__ import annotations

import pytest

from storydesk.errors import InputError
from storydesk.evaluate.clustering import evaluate_online, load_news_cluster

# Measured 0.961 BCubed F1 / 0.950 ARI with the shipped settings (docs/clustering.md). The F1 floor is the
# issue's target itself (0.96); the closest assignment decision sits 0.004 from the threshold, far above the
# run-to-run noise of the int8 embedding model (none seen across runs and machines).
FLOOR_F1 = 0.96
FLOOR_ARI = 0.945


@pytest.mark.shared_data
def test_online_clustering_floor_on_news_cluster(shared_data) -> None:
    folder = shared_data / "stories" / "articles"
    articles = load_news_cluster(folder)
    assert len(articles) == 280
    assert [a.published_at for a in articles] == sorted(a.published_at for a in articles)
    scores = evaluate_online(folder)
    assert scores.f1 >= FLOOR_F1, scores
    assert scores.ari >= FLOOR_ARI, scores
    assert scores.precision >= 0.97 and scores.recall >= 0.93, scores


def test_loader_names_a_missing_folder(tmp_path) -> None:
    with pytest.raises(InputError, match="not a folder"):
        load_news_cluster(tmp_path / "absent")
    (tmp_path / "bad.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(InputError, match="bad.json"):
        load_news_cluster(tmp_path)
