import json
import os
from pathlib import Path

from storydesk.ingest.files import read_paths
from storydesk.model import Article, Reject


def test_newsplease_folder(fixtures: Path) -> None:
    records = list(read_paths([fixtures / "corpus"]))
    articles = [r for r in records if isinstance(r, Article)]
    assert len(articles) == 6 and not [r for r in records if isinstance(r, Reject)]
    a = next(a for a in articles if a.url and "harbour-times" in a.url)
    assert a.title.startswith("Ferry workers strike")
    assert a.published_at == "2026-03-02T08:00:00Z" and a.outlet == "harbour-times.example"
    assert a.labels["event_id"] == 1 and a.language == "en"


def test_jsonl_and_bad_lines(tmp_path: Path, fixtures: Path) -> None:
    good = json.loads((fixtures / "corpus" / "article4.json").read_text())
    path = tmp_path / "dump.jsonl"
    path.write_text(json.dumps(good) + "\n{oops\n" + json.dumps({"title": "no text"}) + "\n")
    records = list(read_paths([path]))
    assert sum(isinstance(r, Article) for r in records) == 1
    reasons = {r.input: r.reason for r in records if isinstance(r, Reject)}
    assert "not valid JSON" in reasons[f"{path}:2"] and "no text" in reasons[f"{path}:3"]


def test_html_page_with_metadata(fixtures: Path) -> None:
    (a,) = list(read_paths([fixtures / "html" / "ferry.html"]))
    assert isinstance(a, Article)
    assert "1,200 members remained on strike" in a.text and "Privacy" not in a.text
    assert a.title == "Ferry strike enters second week"
    assert a.published_at and a.published_at.startswith("2026-03-09")
    assert a.canonical_url == "https://harbour-times.example/2026/03/09/ferry-strike-week-two"


def test_bad_inputs_are_rejected_with_reasons(fixtures: Path, tmp_path: Path) -> None:
    records = list(read_paths([fixtures / "bad", tmp_path / "missing"]))
    rejects = {Path(r.input).name: r.reason for r in records if isinstance(r, Reject)}
    assert "not valid JSON" in rejects["broken.json"]
    assert "no text" in rejects["notext.json"]
    assert "no article text" in rejects["empty.html"]
    assert "no such file" in rejects["missing"]


def test_unreadable_folder_is_a_reject(tmp_path: Path) -> None:
    """Root reads every folder, so as root the check runs in a child without the capabilities that allow it."""
    import shutil
    import subprocess
    import sys

    locked = tmp_path / "locked"
    locked.mkdir()
    (locked / "a.json").write_text("{}")
    locked.chmod(0)
    code = (
        "import sys; from storydesk.ingest.files import read_paths; "
        "rs = list(read_paths([sys.argv[1]])); "
        "print(rs[0].reason if len(rs) == 1 and hasattr(rs[0], 'stage') else 'unexpected: %r' % rs)"
    )
    cmd = [sys.executable, "-c", code, str(locked)]
    if os.geteuid() == 0:
        drop = "-dac_override,-dac_read_search"
        setpriv = shutil.which("setpriv")
        assert setpriv, "setpriv (util-linux) is needed to test permissions as root"
        cmd = [setpriv, f"--inh-caps={drop}", f"--bounding-set={drop}", *cmd]
    try:
        out = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout
    finally:
        locked.chmod(0o755)
    assert "folder is not readable" in out, out
