"""The reader's view of the story pages, measured in Chromium: ``python bench/bench_reader.py DB [N]``.

For the N widest stories of DB (default 10): page height at 1280x800 and 390x844, horizontal overflow at
390 px, where the lede and the first key point sit, headings shown twice, console errors and CSP reports;
then the export's widest line of text at 1280 px. Prints a Markdown table (one row per viewport). Run it
with PYTHONPATH pointing at an older tree to measure that tree the same way.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path

from playwright.sync_api import sync_playwright

from storydesk.settings import Settings
from storydesk.store import Store
from storydesk.web.testing import running_server

ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"]
WATCH = ("window.__csp = []; document.addEventListener('securitypolicyviolation', "
         "e => window.__csp.push(e.violatedDirective));")
PROBE = """() => {
  const top = s => { const e = document.querySelector(s); return e ? e.getBoundingClientRect().top + scrollY : null; };
  const heads = [...document.querySelectorAll('h2')].map(h => h.textContent.trim());
  return {height: document.documentElement.scrollHeight, width: document.documentElement.scrollWidth,
          lede: top('.lede-text'), point: top('.brief ul.facts li'), heads: heads, csp: window.__csp.length};
}"""


def widest(db: str, n: int) -> list[str]:
    with Store(db, readonly=True) as store:
        stories = sorted(store.list_stories(), key=lambda s: (-len(s.outlets), -s.size, s.id))
        return [s.id for s in stories if store.brief_versions(s.id)][:n]


def measure(db: str, n: int) -> dict[str, dict[str, float]]:
    ids = widest(db, n)
    out: dict[str, dict[str, float]] = {}
    with running_server(Settings.load({"db": db})) as base, sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        for name, vp in (("1280x800", {"width": 1280, "height": 800}), ("390x844", {"width": 390, "height": 844})):
            ctx = browser.new_context(viewport=vp)
            ctx.add_init_script(WATCH)
            page = ctx.new_page()
            errors: list[str] = []
            page.on("console", lambda m, errors=errors: m.type == "error" and errors.append(m.text))
            rows = []
            for sid in ids:
                page.goto(f"{base}/stories/{sid}")
                page.wait_for_load_state("networkidle")
                rows.append(page.evaluate(PROBE))
            first = [r for r in rows if r["lede"] is not None and r["point"] is not None]
            out[name] = {
                "height": statistics.median(r["height"] for r in rows),
                "max_height": max(r["height"] for r in rows),
                "overflow": sum(r["width"] > vp["width"] for r in rows),
                "first_screen": sum(r["lede"] < vp["height"] and r["point"] < vp["height"] for r in first),
                "twice": sum(any(c > 1 for c in Counter(r["heads"]).values()) for r in rows),
                "console_errors": len(errors), "csp": sum(r["csp"] for r in rows), "pages": len(rows),
            }
            ctx.close()
        with tempfile.TemporaryDirectory() as tmp:
            env = {**os.environ, "STORYDESK_DB": db}
            subprocess.run([sys.executable, "-c", "from storydesk.cli import app; app()", "export", "--out", tmp,
                            "--format", "html"], env=env, check=True, capture_output=True)
            page = browser.new_page(viewport={"width": 1280, "height": 800})
            page.route("**/*", lambda r: r.abort() if not r.request.url.startswith("file:") else r.continue_())
            widths = []
            for sid in ids:
                page.goto((Path(tmp) / f"{sid}.html").as_uri())
                widths.append(page.evaluate("Math.max(...[...document.querySelectorAll('p, li')]"
                                            ".map(e => e.getBoundingClientRect().width))"))
            out["export"] = {"line": max(widths), "files": len(list(Path(tmp).iterdir())),
                             "index": float((Path(tmp) / "index.html").exists())}
        browser.close()
    return out


if __name__ == "__main__":
    result = measure(sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 10)
    print(json.dumps(result, indent=1))
