import dataclasses
from pathlib import Path

import pytest

from storydesk.engines.local import map_batches, usable_cores, worker_count
from storydesk.errors import ConfigError
from storydesk.pipeline import enrich_chunk
from storydesk.settings import SETTINGS, Settings, settings_markdown
from storydesk.stories.cluster_config import ClusterConfig


def test_defaults_env_and_file_in_rising_priority(tmp_path: Path) -> None:
    cfg = tmp_path / "s.toml"
    cfg.write_text("[storydesk]\nbatch_size = 7\nworkers = 3\n")
    s = Settings.load(env={"STORYDESK_WORKERS": "2"}, config_file=cfg)
    assert s.batch_size == 7 and s.workers == 2 and s.db == "./storydesk.db"
    assert Settings.load({"workers": 5}, env={"STORYDESK_WORKERS": "2"}).workers == 5


def test_bad_values_name_the_setting(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="batch_size"):
        Settings.load(env={"STORYDESK_BATCH_SIZE": "many"})
    cfg = tmp_path / "s.toml"
    cfg.write_text("[storydesk]\nno_such = 1\n")
    with pytest.raises(ConfigError, match="no_such"):
        Settings.load(env={}, config_file=cfg)


def test_every_setting_is_documented() -> None:
    doc = (Path(__file__).parents[2] / "docs" / "settings.md").read_text()
    assert doc == settings_markdown(), "regenerate docs/settings.md: python -m storydesk.settings > docs/settings.md"
    assert all(s.help for s in SETTINGS)


def test_settings_are_frozen_defaults_that_read_nothing(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("STORYDESK_WORKERS", "9")
    monkeypatch.chdir(tmp_path)
    (tmp_path / "storydesk.toml").write_text("[storydesk]\nbatch_size = 7\n")
    s = Settings()
    assert (s.workers, s.batch_size) == (0, 64)
    assert (Settings.load().workers, Settings.load().batch_size) == (9, 7)
    with pytest.raises(dataclasses.FrozenInstanceError):
        s.workers = 2  # type: ignore[misc]
    assert s.replace(workers="3").workers == 3 and s.workers == 0
    assert Settings.from_values(s.as_dict()) == s
    with pytest.raises(ConfigError, match="no_such"):
        Settings.from_values({"no_such": 1})
    with pytest.raises(ConfigError, match="no_such"):
        s.replace(no_such=1)


def test_cluster_config_defaults_are_the_settings_defaults() -> None:
    assert ClusterConfig() == ClusterConfig.from_settings(Settings())
    assert ClusterConfig.from_settings(Settings().replace(cluster_threshold=0.5)).threshold == 0.5


def test_workers_follow_the_cores_unless_capped() -> None:
    cores = usable_cores()
    assert Settings.load(env={}).workers == 0 and worker_count(0) == cores
    assert Settings.load(env={"STORYDESK_WORKERS": "auto"}).workers == 0
    assert worker_count(Settings.load(env={"STORYDESK_WORKERS": "1"}).workers) == 1
    assert worker_count(cores + 5) == cores  # a cap, never more processes than cores
    with pytest.raises(ConfigError, match="workers"):
        Settings.load(env={"STORYDESK_WORKERS": "many"})
    with pytest.raises(ConfigError, match="batch_size"):  # "auto" is for the worker count only
        Settings.load(env={"STORYDESK_BATCH_SIZE": "auto"})


def test_enrichment_tasks_keep_every_worker_busy_to_the_end() -> None:
    assert enrich_chunk(181, 64, 1) == 64  # in-process: one transaction a batch, as before
    assert enrich_chunk(181, 64, 2) == 23  # 8 tasks for 2 workers, not 3 batches of 64 (one idles)
    assert enrich_chunk(20, 64, 2) == 8 and enrich_chunk(100_000, 64, 2) == 64


def _square_all(batch: list[int]) -> list[int]:
    return [x * x for x in batch]


def test_a_process_pool_keeps_the_order_of_the_batches() -> None:
    batches = [[i, i + 1] for i in range(0, 40, 2)]
    assert list(map_batches(_square_all, iter(batches), workers=2)) == [_square_all(b) for b in batches]
