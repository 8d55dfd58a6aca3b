"""Write jobs the API may start: one at a time, in a background thread, with a status to poll."""

from __future__ import annotations

import threading
import time
import traceback
import uuid
from collections.abc import Callable
from typing import Any

from ..ingest.feeds import FeedSource
from ..settings import Settings
from ..store import Store
from .feeds import list_feeds

MAX_KEPT = 50


def _now() -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())


class JobRunner:
    """Runs at most one job at a time so that two ingests never race on the same database."""

    def __init__(self) -> None:
        self.jobs: dict[str, dict[str, Any]] = {}
        self._lock = threading.Lock()
        self._busy = threading.Lock()

    def get(self, job_id: str) -> dict[str, Any] | None:
        with self._lock:
            job = self.jobs.get(job_id)
            return dict(job) if job else None

    def running(self) -> dict[str, Any] | None:
        with self._lock:
            return next((dict(j) for j in self.jobs.values() if j["state"] in ("queued", "running")), None)

    def start(self, kind: str, work: Callable[[], dict[str, Any]]) -> dict[str, Any] | None:
        """Start ``work`` in a thread; None when another job is still running."""
        if not self._busy.acquire(blocking=False):
            return None
        job_id = uuid.uuid4().hex[:12]
        job: dict[str, Any] = {"id": job_id, "kind": kind, "state": "running", "started_at": _now(),
               "finished_at": None, "result": None, "error": None}
        with self._lock:
            self.jobs[job_id] = job
            for old in list(self.jobs)[:-MAX_KEPT]:
                del self.jobs[old]

        def target() -> None:
            update: dict[str, Any]
            try:
                update = {"state": "done", "result": work()}
            except Exception as exc:  # the job's status must say why it failed
                update = {"state": "failed", "error": f"{type(exc).__name__}: {exc}",
                          "trace": traceback.format_exc(limit=3)}
            finally:
                self._busy.release()
            with self._lock:
                job.update(update, finished_at=_now())

        threading.Thread(target=target, name=f"storydesk-job-{job_id}", daemon=True).start()
        return dict(job)


def ingest_job(settings: Settings) -> dict[str, Any]:
    """Poll the feeds (when the web ingest stage is installed), then enrich, cluster and brief."""
    from .. import pipeline

    with Store(settings.db) as store:
        feeds = [f["url"] for f in list_feeds(store)]
        polled: dict[str, Any] = {"feeds": len(feeds)}
        if feeds:  # polled as `watch` polls them, so that each feed's health is kept
            summary, _, _ = pipeline.poll_feeds(store, [FeedSource(url) for url in feeds], settings, 0.0)
            polled.update(summary.as_dict())
        result = pipeline.run(store, [], settings)
        return {"poll": polled, **result, "store": store.stats()}


def rebrief(settings: Settings, story_id: str) -> dict[str, Any]:
    from .. import pipeline

    with Store(settings.db) as store:
        story = store.get_story(story_id)
        pipeline.write_briefs(store, settings, [story.id])
        return {"story_id": story.id, "versions": store.brief_versions(story.id)}
