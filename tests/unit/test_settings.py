from pathlib import Path

import pytest

from storydesk.errors import ConfigError
from storydesk.settings import SETTINGS, Settings, settings_markdown


def test_defaults_env_and_file_in_rising_priority(tmp_path: Path) -> None:
    cfg = tmp_path / "s.toml"
    cfg.write_text("[storydesk]\nbatch_size = 7\nworkers = 3\n")
    s = Settings(env={"STORYDESK_WORKERS": "2"}, config_file=cfg)
    assert s.batch_size == 7 and s.workers == 2 and s.db == "./storydesk.db"
    assert Settings({"workers": 5}, env={"STORYDESK_WORKERS": "2"}).workers == 5


def test_bad_values_name_the_setting(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="batch_size"):
        Settings(env={"STORYDESK_BATCH_SIZE": "many"})
    cfg = tmp_path / "s.toml"
    cfg.write_text("[storydesk]\nno_such = 1\n")
    with pytest.raises(ConfigError, match="no_such"):
        Settings(env={}, config_file=cfg)


def test_every_setting_is_documented() -> None:
    doc = (Path(__file__).parents[2] / "docs" / "settings.md").read_text()
    assert doc == settings_markdown(), "regenerate docs/settings.md: python -m storydesk.settings > docs/settings.md"
    assert all(s.help for s in SETTINGS)
