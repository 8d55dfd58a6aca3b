"""Brief quality and speed on the shared stories corpus, with LexRank and TextRank (sumy) summaries of the
same length scored by the same measures in the same run."""

from __future__ import annotations

import re
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from storydesk import pipeline  # noqa: E402
from storydesk.brief.compose import compose_brief  # noqa: E402
from storydesk.brief.select import candidates  # noqa: E402
from storydesk.evaluate import eval_data_dir  # noqa: E402
from storydesk.evaluate.briefs import multi_outlet_facts, score_brief, score_texts  # noqa: E402
from storydesk.settings import Settings  # noqa: E402
from storydesk.store import Store  # noqa: E402


class _Tok:
    """A regex tokenizer so sumy needs no NLTK data download."""

    def to_words(self, text: str) -> list[str]:
        return re.findall(r"\w+", text)

    def to_sentences(self, text: str) -> list[str]:
        return [text]


def _peer(kind: str, texts: list[str], k: int) -> list[str]:
    from sumy.models.dom import ObjectDocumentModel, Paragraph, Sentence
    from sumy.nlp.stemmers import Stemmer
    from sumy.summarizers.lex_rank import LexRankSummarizer
    from sumy.summarizers.text_rank import TextRankSummarizer
    from sumy.utils import get_stop_words

    tok = _Tok()
    doc = ObjectDocumentModel([Paragraph([Sentence(t, tok) for t in texts])])
    summ = (LexRankSummarizer if kind == "lexrank" else TextRankSummarizer)(Stemmer("english"))
    summ.stop_words = get_stop_words("english")
    return [str(s) for s in summ(doc, k)]


def _agg(rows: list[dict]) -> dict:
    n = sum(r["sentences"] for r in rows) or 1
    return {
        "supported": sum(r["supported_share"] * r["sentences"] for r in rows) / n,
        "bad_numbers": sum(r["unsupported_numbers"] for r in rows),
        "bad_quotes": sum(r["unsupported_quotes"] for r in rows),
        "redundant": sum(r["redundant_pairs"] for r in rows),
        "coverage": sum(r["facts_3plus_covered"] for r in rows) / (sum(r["facts_3plus"] for r in rows) or 1),
        "outlets": sum(r["outlets_cited"] for r in rows) / (len(rows) or 1),
        "sentences": n / (len(rows) or 1),
    }


def run() -> str:
    data = eval_data_dir()
    if data is None:
        return "## Briefs\n\nskipped: ../shared/data is absent\n"
    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings.from_values({"db": str(Path(tmp) / "b.db")})
        store = Store(settings.db)
        pipeline.run(store, [data / "stories" / "articles"], settings)
        ours, lex, txt, times = [], [], [], []
        for story in store.list_stories(min_size=2):
            arts = store.get_articles(story.article_ids)
            enr = store.get_enrichments(story.article_ids)
            facts = multi_outlet_facts(arts, enr)
            t = time.perf_counter()
            brief = compose_brief(story, arts, enr, max_facts=settings.brief_max_facts,
                                  support_threshold=settings.brief_support_threshold)
            times.append((len(arts), time.perf_counter() - t))
            ours.append(score_brief(brief, arts, facts))
            k = len(brief.sentences)
            cands = candidates(arts, enr)
            pool = [c.text for c in cands]
            owner = {c.text: c.article.id for c in cands}
            for kind, sink in (("lexrank", lex), ("textrank", txt)):
                picked = _peer(kind, pool, k) if pool else []
                sink.append(score_texts(picked, [[owner[p]] if p in owner else [] for p in picked], arts, facts))
    rows = []
    for name, agg in (("storydesk extractive", _agg(ours)), ("LexRank (sumy)", _agg(lex)),
                      ("TextRank (sumy)", _agg(txt))):
        rows.append(f"| {name} | {agg['sentences']:.1f} | {agg['supported']:.1%} | {agg['bad_numbers']} | "
                    f"{agg['bad_quotes']} | {agg['redundant']} | {agg['coverage']:.1%} | {agg['outlets']:.1f} |")
    big = [s for n, s in times if n >= 15] or [s for _, s in times]
    return (
        "## Briefs (issue 6)\n\n"
        f"{len(ours)} stories of 2+ articles in the shared stories corpus. Peers get the same candidate sentences "
        "and the same number of sentences; a peer sentence cites the article it came from.\n\n"
        "| writer | sentences/brief | supported | numbers not in a cited source | quotes not in a cited source "
        "| redundant pairs (cos >= 0.5) | facts by 3+ outlets covered | outlets cited/brief |\n"
        "|---|---|---|---|---|---|---|---|\n" + "\n".join(rows) + "\n\n"
        f"Time to write a brief: median {sorted(s for _, s in times)[len(times) // 2] * 1000:.0f} ms; "
        f"largest stories (15+ articles) max {max(big):.2f} s (target < 1 s for a 20-article story).\n"
    )


if __name__ == "__main__":
    print(run())
