"""Optional LLM writer (extra ``[llm]``): rewrites the extractive evidence through any OpenAI-compatible
endpoint the user runs. The model must cite evidence ids per sentence, and every sentence it returns goes
through the verifier: unsupported sentences are dropped and counted, never shown."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

from ..errors import ConfigError, FetchError
from ..model import Brief, BriefSentence, Support
from .verify import numbers_in, quotes_in

_WORD = re.compile(r"[A-Za-z][A-Za-z\-']+")
_NAME = re.compile(r"(?<![.!?]\s)(?<!^)\b[A-Z][a-z]+(?:\s+[A-Z][a-z]+)*")
_STOP = frozenset("the a an and or of to in on at for by with from as is are was were be been has have had that "
                  "this these those it its their his her they he she we said says will would could may".split())

SYSTEM = (
    "You write news briefs from numbered evidence sentences. Use only facts stated in the evidence. "
    "Every sentence you write must cite the evidence ids it rests on. Keep numbers, names and quotations "
    "exactly as in the evidence. Answer with JSON only: "
    '{"sentences": [{"text": "...", "section": "lede|fact|quote|reaction|analysis|outlook|background", '
    '"citations": ["E1", "E2"]}]}'
)


@dataclass
class LLMResult:
    brief: Brief
    kept: int = 0
    dropped: int = 0
    reasons: list[str] = field(default_factory=list)


def evidence_of(brief: Brief) -> dict[str, BriefSentence]:
    return {f"E{n}": s for n, s in enumerate(brief.sentences, 1)}


def build_messages(brief: Brief) -> list[dict[str, str]]:
    lines = [f"Story: {brief.headline}", "Evidence:"]
    for key, s in evidence_of(brief).items():
        outlets = ", ".join(s.citations[:3])
        lines.append(f"[{key}] ({s.section}; articles {outlets}) {s.text}")
    return [{"role": "system", "content": SYSTEM}, {"role": "user", "content": "\n".join(lines)}]


def check_sentence(text: str, cited: list[BriefSentence]) -> list[str]:
    """Why a generated sentence is not supported by the evidence it cites (empty when it is)."""
    if not cited:
        return ["cites no known evidence"]
    evidence = " ".join(s.text for s in cited)
    problems = [f"number {n}" for n in sorted(numbers_in(text) - numbers_in(evidence))]
    flat = " ".join(evidence.split())
    problems += [f"quote {q[:30]!r}" for q in quotes_in(text) if " ".join(q.split()) not in flat]
    ev_words = {w.lower() for w in _WORD.findall(evidence)}
    for name in _NAME.findall(text):
        if any(part.lower() not in ev_words for part in name.split()):
            problems.append(f"name {name!r}")
    content = [w.lower() for w in _WORD.findall(text) if w.lower() not in _STOP]
    if content:
        covered = sum(w in ev_words or w.rstrip("s") in ev_words for w in content) / len(content)
        if covered < 0.75:
            problems.append(f"only {covered:.0%} of its words are in the cited evidence")
    return problems


def write_with_llm(brief: Brief, *, base_url: str, model: str, api_key: str = "", timeout: float = 60.0,
                   client: Any = None) -> LLMResult:
    """Rewrite an extractive brief with an LLM; keep only the sentences the verifier accepts."""
    import httpx

    if not base_url or not model:
        raise ConfigError("llm_base_url/llm_model", "the LLM writer needs an endpoint and a model name",
                          "set STORYDESK_LLM_BASE_URL and STORYDESK_LLM_MODEL")
    url = base_url.rstrip("/") + "/chat/completions"
    headers = {"Authorization": f"Bearer {api_key}"} if api_key else {}
    payload = {"model": model, "messages": build_messages(brief), "temperature": 0}
    http = client or httpx.Client(timeout=timeout)
    try:
        resp = http.post(url, json=payload, headers=headers)
        resp.raise_for_status()
        content = resp.json()["choices"][0]["message"]["content"]
    except (httpx.HTTPError, KeyError, IndexError, ValueError) as exc:
        raise FetchError(url, f"the LLM endpoint failed: {exc}") from exc
    finally:
        if client is None:
            http.close()
    return apply_llm_answer(brief, content)


def apply_llm_answer(brief: Brief, content: str) -> LLMResult:
    evidence = evidence_of(brief)
    match = re.search(r"\{.*\}", content, re.S)
    try:
        items = json.loads(match.group(0) if match else content)["sentences"]
    except (ValueError, KeyError, TypeError):
        items = []
    out = Brief(story_id=brief.story_id, headline=brief.headline, sources=brief.sources,
                coverage=brief.coverage, writer="llm")
    result = LLMResult(out)
    for item in items if isinstance(items, list) else []:
        text = str(item.get("text", "")).strip() if isinstance(item, dict) else ""
        keys = [k for k in (item.get("citations") or []) if k in evidence] if isinstance(item, dict) else []
        cited = [evidence[k] for k in keys]
        problems = check_sentence(text, cited) if text else ["empty"]
        if problems:
            result.dropped += 1
            result.reasons.append(f"{text[:60]!r}: {'; '.join(problems)}")
            continue
        citations: list[str] = []
        support: list[Support] = []
        for ev in cited:
            for aid, sup in zip(ev.citations, ev.support, strict=False):
                if aid not in citations:
                    citations.append(aid)
                    support.append(Support(aid, sup.sentence, sup.start, sup.end, sup.score))
        section = str(item.get("section") or cited[0].section)
        out.sentences.append(BriefSentence(text, section, citations, support, {"evidence": keys}))
        result.kept += 1
    return result
