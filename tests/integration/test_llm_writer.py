"""The LLM writer against a scripted OpenAI-compatible server on 127.0.0.1: faithful sentences survive,
unfaithful ones (invented numbers, altered quotes, names not in the evidence) are dropped and counted."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from storydesk.brief.llm import write_with_llm
from storydesk.model import Brief, BriefSentence, Support

EVIDENCE = Brief("s1", "Ferry strike", [
    BriefSentence("About 1,200 crew members joined the strike, the union said.", "lede", ["a1", "a2"],
                  [Support("a1", "About 1,200 crew members joined the strike, the union said."),
                   Support("a2", "The union said about 1,200 crew members had joined.", score=0.7)]),
    BriefSentence('"We are done waiting," union leader Dana Okafor said.', "quote", ["a1"],
                  [Support("a1", '"We are done waiting," union leader Dana Okafor said.')]),
])

FAITHFUL = {"text": "About 1,200 crew members joined the strike, the union said.", "section": "lede",
            "citations": ["E1"]}
WRONG_NUMBER = {"text": "About 12,000 crew members joined the strike.", "section": "fact", "citations": ["E1"]}
WRONG_QUOTE = {"text": '"We are finished waiting," Dana Okafor said.', "section": "quote", "citations": ["E2"]}
WRONG_NAME = {"text": "Union leader Maria Lopez said crew members joined the strike.", "section": "fact",
              "citations": ["E1"]}
NO_CITATION = {"text": "The strike ended on Friday.", "section": "fact", "citations": []}
FAITHFUL_QUOTE = {"text": '"We are done waiting," union leader Dana Okafor said.', "section": "quote",
                  "citations": ["E2"]}


class Scripted(BaseHTTPRequestHandler):
    answer: dict = {}
    requests: list[dict] = []

    def do_POST(self) -> None:  # noqa: N802
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        Scripted.requests.append({"path": self.path, "auth": self.headers.get("Authorization"), "body": body})
        payload = {"choices": [{"message": {"role": "assistant", "content": json.dumps(Scripted.answer)}}]}
        data = json.dumps(payload).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture()
def server() -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Scripted)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    Scripted.requests = []
    yield f"http://127.0.0.1:{httpd.server_address[1]}/v1"
    httpd.shutdown()
    httpd.server_close()


def test_only_faithful_sentences_survive(server: str) -> None:
    Scripted.answer = {"sentences": [FAITHFUL, WRONG_NUMBER, WRONG_QUOTE, WRONG_NAME, NO_CITATION, FAITHFUL_QUOTE]}
    result = write_with_llm(EVIDENCE, base_url=server, model="m", api_key="k")
    assert [s.text for s in result.brief.sentences] == [FAITHFUL["text"], FAITHFUL_QUOTE["text"]]
    assert result.kept == 2 and result.dropped == 4
    assert result.brief.sentences[0].citations == ["a1", "a2"] and result.brief.writer == "llm"
    req = Scripted.requests[0]
    assert req["path"] == "/v1/chat/completions" and req["auth"] == "Bearer k"
    assert "[E1]" in req["body"]["messages"][1]["content"]


def test_garbage_answer_keeps_nothing(server: str) -> None:
    Scripted.answer = {"no": "sentences"}
    result = write_with_llm(EVIDENCE, base_url=server, model="m")
    assert result.kept == 0 and result.brief.sentences == []


def test_cli_llm_writer(server: str, tmp_path: Path, fixtures: Path) -> None:
    bin_ = Path(sys.executable).parent / "storydesk"
    env = {**os.environ, "STORYDESK_DB": str(tmp_path / "x.db"), "STORYDESK_LLM_BASE_URL": server,
           "STORYDESK_LLM_MODEL": "m"}
    subprocess.run([str(bin_), "run", str(fixtures / "corpus")], env=env, check=True, capture_output=True)
    stories = json.loads(subprocess.run([str(bin_), "stories", "--json"], env=env, check=True,
                                        capture_output=True, text=True).stdout)
    ferry = next(s for s in stories if "erry" in s["title"])
    Scripted.answer = {"sentences": [
        {"text": "Ferry workers in Port Alder walked off the job on Monday.", "section": "lede", "citations": ["E1"]},
        {"text": "Ferry workers in Port Alder walked off the job on Monday, killing 40.", "citations": ["E1"]},
    ]}
    proc = subprocess.run([str(bin_), "brief", ferry["id"], "--writer", "llm", "--format", "json"], env=env,
                          capture_output=True, text=True, check=True)
    brief = json.loads(proc.stdout)
    assert [s["text"] for s in brief["sentences"]] == ["Ferry workers in Port Alder walked off the job on Monday."]
    assert "1 sentences kept, 1 dropped" in proc.stderr
