"""Every setting once: name, type, default and help, as the fields of one frozen dataclass.

``Settings()`` is the defaults and reads nothing. :meth:`Settings.load` (called by the CLI and the
server only) adds, in rising priority: a TOML file (``storydesk.toml`` in the working directory or the
path in ``STORYDESK_CONFIG``), ``STORYDESK_<NAME>`` environment variables and explicit overrides.
Stages take the settings (or the values they need) from their caller and never build them.
``docs/settings.md`` is generated from the fields (``python -m storydesk.settings``).
"""

from __future__ import annotations

import dataclasses
import os
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from .errors import ConfigError

T = TypeVar("T")


@dataclass(frozen=True)
class Setting:
    """One row of the settings reference (read from the fields of :class:`Settings`)."""

    name: str
    default: Any
    help: str


def _setting(default: T, help: str) -> T:
    return field(default=default, metadata={"help": help})


@dataclass(frozen=True)
class Settings:
    """Resolved settings, one typed attribute each (a misspelt name fails mypy); replace with :meth:`replace`."""

    db: str = _setting("./storydesk.db", "Path of the SQLite database.")
    batch_size: int = _setting(64, "Articles per batch; each batch is one database transaction.")
    workers: int = _setting(0, "Worker processes for enrichment: 0 or 'auto' one per core this process may use, "
                               "N at most N (1 runs in-process).")
    spacy_batch_size: int = _setting(32, "Texts per nlp.pipe batch.")
    max_text_chars: int = _setting(100_000, "Article text is cut to this many characters before NLP.")
    min_text_chars: int = _setting(50, "Records with less text than this are rejected.")
    embeddings: bool = _setting(True, "Use MiniLM sentence embeddings in clustering (False: TF-IDF only).")
    cluster_threshold: float = _setting(0.61, "Score at which an article joins a story (tuned on news_cluster).")
    cluster_weight_text: float = _setting(0.5, "Weight of the TF-IDF cosine (online IDF) in the story score.")
    cluster_weight_embedding: float = _setting(1.0, "Weight of the MiniLM cosine to the story centroid.")
    cluster_weight_entities: float = _setting(0.0, "Weight of the entity overlap in the story score (0: unused).")
    cluster_weight_time: float = _setting(0.1, "Weight of the soft time penalty log1p(gap / time scale).")
    cluster_time_scale_days: float = _setting(30.0, "Time scale of the soft time decay in clustering.")
    cluster_merge_threshold: float = _setting(0.85, "Story-to-story score at which two matched stories merge.")
    cluster_merge_small_size: int = _setting(
        2, "A matched story of at most this many articles merges at the join threshold, not the merge threshold.")
    cluster_idf_prior_docs: float = _setting(1000.0, "Weight, in articles, of the wordfreq IDF prior.")
    cluster_candidates: int = _setting(50, "Most candidate stories from the inverted index scored per article.")
    cluster_ann_neighbours: int = _setting(10, "Nearest story embeddings taken from the ANN index per article.")
    near_duplicates: bool = _setting(True, "Group near-duplicate articles (MinHash LSH) as well as exact ones.")
    near_duplicate_threshold: float = _setting(
        0.8, "Estimated Jaccard similarity of 5-word shingles for near duplicates.")
    spark_master: str = _setting(
        "local[2]", "Spark master of `storydesk spark run` (local[N], spark://..., yarn, k8s://...).")
    spark_driver_memory: str = _setting("2g", "Memory of the Spark driver (in local mode also of the executors).")
    spark_partitions: int = _setting(4, "Shuffle partitions and default parallelism of Spark runs.")
    spark_conf: str = _setting(
        "", "Extra Spark settings for `storydesk spark run`: 'key=value' pairs separated by ';'.")
    spark_html_batch: int = _setting(500, "HTML pages per Spark task (and per output file) for --html-dir inputs.")
    spark_single_block_max: int = _setting(
        20000, "Runs with at most this many articles cluster as one block: exactly the local engine's stories.")
    spark_block_days: float = _setting(7.0, "Time window of a clustering block in larger Spark runs.")
    spark_merge_threshold: float = _setting(
        0.22, "Mean similarity at which stories of different blocks merge in Spark runs (average link).")
    brief_max_facts: int = _setting(8, "Most key-fact sentences in a brief.")
    brief_support_threshold: float = _setting(
        0.6, "Similarity at which another outlet's sentence counts as stating a fact.")
    timeline_dates: int = _setting(0, "Most dates in a story timeline (0: about one per five articles, 3 to 30).")
    timeline_per_date: int = _setting(1, "Source sentences per date in a story timeline.")
    user_agent: str = _setting("storydesk/0.1 (+https://github.com/storydesk/storydesk)", "User-Agent of the fetcher.")
    fetch_timeout: float = _setting(20.0, "Seconds before a fetch gives up.")
    fetch_max_bytes: int = _setting(5_000_000, "Largest response body the fetcher accepts (after decompression).")
    fetch_max_redirects: int = _setting(5, "Most redirects followed.")
    fetch_allow_hosts: str = _setting("", "Comma-separated hosts or IPs the SSRF guard admits (e.g. 127.0.0.1).")
    fetch_concurrency: int = _setting(8, "Concurrent fetches overall.")
    fetch_per_host_delay: float = _setting(1.0, "Seconds between requests to one host.")
    fetch_retries: int = _setting(2, "Retries of a fetch after a network error, a timeout, HTTP 429 or 5xx.")
    fetch_backoff: float = _setting(1.0, "Seconds before the first retry; doubles with each further retry.")
    respect_robots: bool = _setting(True, "Honour robots.txt.")
    api_token: str = _setting("", "Bearer token for write endpoints of the API (empty: writes disabled).")
    host: str = _setting("127.0.0.1", "Address the web server listens on.")
    port: int = _setting(8000, "Port the web server listens on.")
    base_url: str = _setting(
        "", "Public address used for absolute links in feeds and exports (empty: http://host:port/).")
    web_workers: int = _setting(1, "Web server processes (`storydesk serve --workers`).")
    web_cache_seconds: float = _setting(
        60.0, "Seconds a rendered page or summary is reused (a changed story or brief is re-read at once).")
    api_write_rate: int = _setting(30, "Write requests per minute and client address that the API accepts.")
    llm_base_url: str = _setting("", "OpenAI-compatible endpoint of the optional LLM writer.")
    llm_model: str = _setting("", "Model name for the LLM writer.")
    llm_api_key: str = _setting("", "API key for the LLM writer.")

    @classmethod
    def load(cls, overrides: dict[str, Any] | None = None, *, env: dict[str, str] | None = None,
             config_file: str | Path | None = None) -> Settings:
        """Settings from the TOML file, the ``STORYDESK_*`` variables of ``env`` (default: the process's) and
        ``overrides`` (None values skipped), over the defaults. Only the CLI and the server call this."""
        env = dict(os.environ) if env is None else env
        values: dict[str, Any] = {}
        path = config_file or env.get("STORYDESK_CONFIG")
        if not path and Path("storydesk.toml").exists():
            path = "storydesk.toml"
        if path:
            try:
                data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
            except (OSError, tomllib.TOMLDecodeError) as exc:
                raise ConfigError(str(path), f"cannot read settings file: {exc}") from exc
            for key, raw in data.get("storydesk", data).items():
                if key not in _BY_NAME:
                    raise ConfigError(str(path), f"unknown setting {key!r}", "see docs/settings.md")
                values[key] = _coerce(_BY_NAME[key], raw)
        for setting in SETTINGS:
            raw = env.get(f"STORYDESK_{setting.name.upper()}")
            if raw is not None:
                values[setting.name] = _coerce(setting, raw)
        for key, raw in (overrides or {}).items():
            if raw is None:
                continue
            if key not in _BY_NAME:
                raise ConfigError(key, "unknown setting")
            values[key] = _coerce(_BY_NAME[key], raw)
        return cls(**values)

    @classmethod
    def from_values(cls, values: dict[str, Any]) -> Settings:
        """Settings from plain values (what travels to a batch engine's workers): defaults for the rest;
        no file or environment is read."""
        unknown = sorted(set(values) - set(_BY_NAME))
        if unknown:
            raise ConfigError(", ".join(unknown), "unknown setting")
        return cls(**{k: _coerce(_BY_NAME[k], v) for k, v in values.items()})

    def replace(self, **changes: Any) -> Settings:
        unknown = sorted(set(changes) - set(_BY_NAME))
        if unknown:
            raise ConfigError(", ".join(unknown), "unknown setting")
        return dataclasses.replace(self, **{k: _coerce(_BY_NAME[k], v) for k, v in changes.items()})

    def as_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)

    @property
    def allowed_hosts(self) -> set[str]:
        return {h.strip() for h in self.fetch_allow_hosts.split(",") if h.strip()}


SETTINGS: tuple[Setting, ...] = tuple(Setting(f.name, f.default, f.metadata["help"])
                                      for f in dataclasses.fields(Settings))
_BY_NAME = {s.name: s for s in SETTINGS}
_AUTO = {"workers"}  # integer settings where "auto" reads as 0 (the machine decides)


def _coerce(setting: Setting, raw: Any) -> Any:
    default = setting.default
    try:
        if isinstance(default, bool):
            if isinstance(raw, bool):
                return raw
            text = str(raw).strip().lower()
            if text in {"1", "true", "yes", "on"}:
                return True
            if text in {"0", "false", "no", "off", ""}:
                return False
            raise ValueError(raw)
        if isinstance(default, int):
            if setting.name in _AUTO and str(raw).strip().lower() == "auto":
                return 0
            return int(raw)
        if isinstance(default, float):
            return float(raw)
        return str(raw)
    except (TypeError, ValueError) as exc:
        raise ConfigError(f"setting {setting.name}", f"cannot read {raw!r} as {type(default).__name__}") from exc


def settings_markdown() -> str:
    """The settings reference, generated from the table above."""
    lines = ["# Settings", "", "Set in `storydesk.toml` (`[storydesk]` table) or as `STORYDESK_<NAME>` variables.", "",
             "| name | variable | default | help |", "|---|---|---|---|"]
    for s in SETTINGS:
        lines.append(f"| `{s.name}` | `STORYDESK_{s.name.upper()}` | `{s.default!r}` | {s.help} |")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    print(settings_markdown(), end="")
