"""Every setting once: name, default and help.

Values come from, in rising priority: the defaults below, a TOML file (``storydesk.toml`` in the
working directory or the path in ``STORYDESK_CONFIG``), and ``STORYDESK_<NAME>`` environment variables.
``docs/settings.md`` is generated from this table (``python -m storydesk.settings``).
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .errors import ConfigError


@dataclass(frozen=True)
class Setting:
    name: str
    default: Any
    help: str


SETTINGS: tuple[Setting, ...] = (
    Setting("db", "./storydesk.db", "Path of the SQLite database."),
    Setting("batch_size", 64, "Articles per batch; each batch is one database transaction."),
    Setting("workers", 0, "Worker processes for enrichment: 0 or 'auto' one per core this process may use, "
            "N at most N (1 runs in-process)."),
    Setting("spacy_batch_size", 32, "Texts per nlp.pipe batch."),
    Setting("max_text_chars", 100_000, "Article text is cut to this many characters before NLP."),
    Setting("min_text_chars", 50, "Records with less text than this are rejected."),
    Setting("embeddings", True, "Use MiniLM sentence embeddings in clustering (False: TF-IDF only)."),
    Setting("cluster_threshold", 0.61, "Score at which an article joins a story (tuned on news_cluster)."),
    Setting("cluster_weight_text", 0.5, "Weight of the TF-IDF cosine (online IDF) in the story score."),
    Setting("cluster_weight_embedding", 1.0, "Weight of the MiniLM cosine to the story centroid."),
    Setting("cluster_weight_entities", 0.0, "Weight of the entity overlap in the story score (0: unused)."),
    Setting("cluster_weight_time", 0.1, "Weight of the soft time penalty log1p(gap / time scale)."),
    Setting("cluster_time_scale_days", 30.0, "Time scale of the soft time decay in clustering."),
    Setting("cluster_merge_threshold", 0.85, "Story-to-story score at which two matched stories merge."),
    Setting("cluster_merge_small_size", 2,
            "A matched story of at most this many articles merges at the join threshold, not the merge threshold."),
    Setting("cluster_idf_prior_docs", 1000.0, "Weight, in articles, of the wordfreq IDF prior."),
    Setting("cluster_candidates", 50, "Most candidate stories from the inverted index scored per article."),
    Setting("cluster_ann_neighbours", 10, "Nearest story embeddings taken from the ANN index per article."),
    Setting("near_duplicates", True, "Group near-duplicate articles (MinHash LSH) as well as exact ones."),
    Setting("near_duplicate_threshold", 0.8, "Estimated Jaccard similarity of 5-word shingles for near duplicates."),
    Setting("spark_master", "local[2]", "Spark master of `storydesk spark run` (local[N], spark://..., yarn, k8s://...)."),
    Setting("spark_driver_memory", "2g", "Memory of the Spark driver (in local mode also of the executors)."),
    Setting("spark_partitions", 4, "Shuffle partitions and default parallelism of Spark runs."),
    Setting("spark_conf", "", "Extra Spark settings for `storydesk spark run`: 'key=value' pairs separated by ';'."),
    Setting("spark_html_batch", 500, "HTML pages per Spark task (and per output file) for --html-dir inputs."),
    Setting("spark_single_block_max", 20000,
            "Runs with at most this many articles cluster as one block: exactly the local engine's stories."),
    Setting("spark_block_days", 7.0, "Time window of a clustering block in larger Spark runs."),
    Setting("spark_merge_threshold", 0.22,
            "Mean similarity at which stories of different blocks merge in Spark runs (average link)."),
    Setting("brief_max_facts", 8, "Most key-fact sentences in a brief."),
    Setting("brief_support_threshold", 0.6, "Similarity at which another outlet's sentence counts as stating a fact."),
    Setting("timeline_dates", 0, "Most dates in a story timeline (0: about one per five articles, 3 to 30)."),
    Setting("timeline_per_date", 1, "Source sentences per date in a story timeline."),
    Setting("user_agent", "storydesk/0.1 (+https://github.com/storydesk/storydesk)", "User-Agent of the fetcher."),
    Setting("fetch_timeout", 20.0, "Seconds before a fetch gives up."),
    Setting("fetch_max_bytes", 5_000_000, "Largest response body the fetcher accepts (after decompression)."),
    Setting("fetch_max_redirects", 5, "Most redirects followed."),
    Setting("fetch_allow_hosts", "", "Comma-separated hosts or IPs the SSRF guard admits (e.g. 127.0.0.1)."),
    Setting("fetch_concurrency", 8, "Concurrent fetches overall."),
    Setting("fetch_per_host_delay", 1.0, "Seconds between requests to one host."),
    Setting("fetch_retries", 2, "Retries of a fetch after a network error, a timeout, HTTP 429 or 5xx."),
    Setting("fetch_backoff", 1.0, "Seconds before the first retry; doubles with each further retry."),
    Setting("respect_robots", True, "Honour robots.txt."),
    Setting("api_token", "", "Bearer token for write endpoints of the API (empty: writes disabled)."),
    Setting("host", "127.0.0.1", "Address the web server listens on."),
    Setting("port", 8000, "Port the web server listens on."),
    Setting("base_url", "", "Public address used for absolute links in feeds and exports (empty: http://host:port/)."),
    Setting("web_workers", 1, "Web server processes (`storydesk serve --workers`)."),
    Setting("web_cache_seconds", 60.0,
            "Seconds a rendered page or summary is reused (a changed story or brief is re-read at once)."),
    Setting("api_write_rate", 30, "Write requests per minute and client address that the API accepts."),
    Setting("llm_base_url", "", "OpenAI-compatible endpoint of the optional LLM writer."),
    Setting("llm_model", "", "Model name for the LLM writer."),
    Setting("llm_api_key", "", "API key for the LLM writer."),
)

_BY_NAME = {s.name: s for s in SETTINGS}
_AUTO = {"workers"}  # integer settings where "auto" reads as 0 (the machine decides)
DEFAULTS: dict[str, Any] = {s.name: s.default for s in SETTINGS}  # what typed views (ClusterConfig) default to


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


class Settings:
    """Resolved settings; attribute access by name (``settings.db``)."""

    def __init__(self, overrides: dict[str, Any] | None = None, *, env: dict[str, str] | None = None,
                 config_file: str | Path | None = None) -> None:
        env = dict(os.environ) if env is None else env
        values = {s.name: s.default for s in SETTINGS}
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
        self._values = values

    def __getattr__(self, name: str) -> Any:
        try:
            return self.__dict__["_values"][name]
        except KeyError:
            raise AttributeError(name) from None

    @classmethod
    def from_values(cls, values: dict[str, Any]) -> Settings:
        """Settings from plain values (what travels to a batch engine's workers): defaults for the rest;
        no file or environment is read."""
        unknown = sorted(set(values) - set(_BY_NAME))
        if unknown:
            raise ConfigError(", ".join(unknown), "unknown setting")
        new = cls.__new__(cls)
        new._values = {**{s.name: s.default for s in SETTINGS}, **values}
        return new

    def replace(self, **changes: Any) -> Settings:
        new = Settings.__new__(Settings)
        new._values = {**self._values, **{k: _coerce(_BY_NAME[k], v) for k, v in changes.items()}}
        return new

    def as_dict(self) -> dict[str, Any]:
        return dict(self._values)

    @property
    def allowed_hosts(self) -> set[str]:
        return {h.strip() for h in str(self.fetch_allow_hosts).split(",") if h.strip()}


def settings_markdown() -> str:
    """The settings reference, generated from the table above."""
    lines = ["# Settings", "", "Set in `storydesk.toml` (`[storydesk]` table) or as `STORYDESK_<NAME>` variables.", "",
             "| name | variable | default | help |", "|---|---|---|---|"]
    for s in SETTINGS:
        lines.append(f"| `{s.name}` | `STORYDESK_{s.name.upper()}` | `{s.default!r}` | {s.help} |")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    print(settings_markdown(), end="")
