"""Story clustering: quality against peers on news_cluster, robustness checks, and a scale replay.

Quality: our online clusterer (settings as shipped) against TF-IDF + agglomerative and MiniLM (title +
first 3 sentences) + agglomerative, each peer with its distance threshold tuned on the corpus itself
(an advantage ours does not get), and BERTopic (installed without torch; given our MiniLM embeddings).

Scale: a replay of ``STORYDESK_BENCH_SCALE`` articles (default 1,000,000, as the issue asks; smaller for a
quick run) built from real texts of the shared corpora (news_cluster and Timeline17). Each text is featurised once;
copy ``e`` of the pool gets new ids, a per-copy random rotation of its embedding and a per-copy XOR salt
on its hashed term ids (so copies are distinct stories, not repeats), and dates that advance 3,000
articles a day. Reported: p50/p99 of ``add`` latency over the last 10,000 assignments before each
checkpoint, stories, and the process's resident memory.
"""

from __future__ import annotations

import dataclasses
import json
import os
import re
import sys
import time
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "src"))

from storydesk.evaluate import eval_data_dir  # noqa: E402
from storydesk.evaluate.clustering import load_news_cluster, score_clustering  # noqa: E402
from storydesk.model import Article  # noqa: E402
from storydesk.stories.cluster import ClusterConfig, StoryClusterer, features_batch  # noqa: E402
from storydesk.stories.features import lede  # noqa: E402

_SENT = re.compile(r"(?<=[.!?])[\"”’]?\s+(?=[A-Z\"“‘(])|\n+")


def _first_sentences(a: Article, n: int = 3) -> str:
    out = [s.strip() for s in _SENT.split(a.text[:5000])
           if len(s.split()) >= 6 and s.strip() != a.title.strip()]
    return " ".join(out[:n])


def _row(name: str, s, note: str = "") -> str:
    return f"| {name} | {s.precision:.3f} | {s.recall:.3f} | {s.f1:.3f} | {s.ari:.3f} | {s.n_pred} | {note} |"


def _agglomerative(sim: np.ndarray, gold: list, name: str) -> tuple[object, float]:
    from sklearn.cluster import AgglomerativeClustering

    best = None
    for thr in np.arange(0.05, 1.0, 0.025):
        model = AgglomerativeClustering(n_clusters=None, metric="precomputed", linkage="average",
                                        distance_threshold=float(thr))
        labels = model.fit_predict(np.clip(1.0 - sim, 0.0, 2.0))
        s = score_clustering(list(labels), gold)
        if best is None or s.f1 > best[0].f1:
            best = (s, float(thr))
    assert best is not None
    return best


def _ours(articles: list[Article], feats: list, order: list[int] | None = None):
    order = order if order is not None else list(range(len(articles)))
    c = StoryClusterer(ClusterConfig())
    for i in order:
        c.add(articles[i], feats[i])
    labels = c.labels()
    return score_clustering([labels[articles[i].id] for i in order],
                            [articles[i].labels["event_id"] for i in order])


def _bertopic(articles: list[Article], emb: np.ndarray, gold: list) -> list[str]:
    """BERTopic rows: min_cluster_size 2 at its default n_neighbors, the best of a small sweep, and that setting
    over three UMAP seeds. Topic -1 (outliers) becomes one singleton cluster per article."""
    try:
        from bertopic import BERTopic
        from sklearn.cluster import HDBSCAN
        from umap import UMAP
    except ImportError as e:
        return [f"| BERTopic | not run: {e} (make venv installs it without torch) | | | | | |"]

    docs = [f"{a.title}. {_first_sentences(a)}" for a in articles]

    def fit(n_neighbors: int, min_cluster_size: int, seed: int):
        model = BERTopic(
            embedding_model=None,
            umap_model=UMAP(n_neighbors=n_neighbors, n_components=5, min_dist=0.0, metric="cosine",
                            random_state=seed),
            hdbscan_model=HDBSCAN(min_cluster_size=min_cluster_size, metric="euclidean",
                                  cluster_selection_method="eom"),
        )
        topics, _ = model.fit_transform(docs, embeddings=emb)
        labels, nxt, outliers = [], max(topics) + 1, 0
        for t in topics:
            if t == -1:
                labels.append(nxt)
                nxt += 1
                outliers += 1
            else:
                labels.append(int(t))
        return score_clustering(labels, gold), outliers

    sweep = {(nn, mcs): fit(nn, mcs, 0) for nn in (5, 10, 15) for mcs in (2, 3)}
    s2, out2 = sweep[(15, 2)]
    (nn, mcs), (best, out_best) = max(sweep.items(), key=lambda kv: kv[1][0].f1)
    seeds = [best] + [fit(nn, mcs, seed)[0] for seed in (1, 2)]

    def ms(xs: list[float], digits: int = 3) -> str:
        return f"{np.mean(xs):.{digits}f} ± {np.std(xs):.{digits}f}"

    return [
        _row("BERTopic (MiniLM title+lede, UMAP + HDBSCAN), min_cluster_size 2", s2,
             f"n_neighbors 15 (default), seed 0; {out2} outliers as singletons"),
        _row("BERTopic, best of sweep", best,
             f"n_neighbors {nn}, min_cluster_size {mcs} tuned over {{5,10,15}} × {{2,3}}, seed 0; "
             f"{out_best} outliers as singletons"),
        f"| BERTopic, same setting, UMAP seeds 0-2 | {ms([s.precision for s in seeds])} | "
        f"{ms([s.recall for s in seeds])} | {ms([s.f1 for s in seeds])} | {ms([s.ari for s in seeds])} | "
        f"{ms([float(s.n_pred) for s in seeds], 1)} | mean ± std; outliers as singletons |",
    ]


def quality() -> str:
    data = eval_data_dir()
    if data is None:
        return "## Story clustering\n\nSkipped: ../shared/data is absent.\n"
    from sklearn.feature_extraction.text import TfidfVectorizer

    from storydesk.enrich.embed import embed

    articles = load_news_cluster(data / "stories" / "articles")
    gold = [a.labels["event_id"] for a in articles]
    t0 = time.perf_counter()
    feats = features_batch(articles)
    t_feat = time.perf_counter() - t0
    t0 = time.perf_counter()
    ours = _ours(articles, feats)
    t_ours = time.perf_counter() - t0

    tfidf = TfidfVectorizer(stop_words="english", sublinear_tf=True).fit_transform(
        [f"{a.title}\n{a.text}" for a in articles])
    s_tfidf, thr_tfidf = _agglomerative((tfidf @ tfidf.T).toarray(), gold, "tfidf")
    vecs = embed([f"{a.title}. {_first_sentences(a)}" for a in articles])
    s_mini, thr_mini = _agglomerative(vecs @ vecs.T, gold, "minilm")
    vecs_lede = np.stack([f.embedding for f in feats])
    s_lede, thr_lede = _agglomerative(vecs_lede @ vecs_lede.T, gold, "minilm-lede")
    t0 = time.perf_counter()
    bertopic_lines = _bertopic(articles, vecs_lede, gold)
    t_bertopic = time.perf_counter() - t0

    # robustness: ties in publication time reshuffled, and 20% of events left out (settings unchanged)
    rng = np.random.default_rng(0)
    days = [a.published_at for a in articles]
    shuffled = []
    for _ in range(5):
        keys = rng.random(len(articles))
        order = sorted(range(len(articles)), key=lambda i: (days[i], keys[i]))
        shuffled.append(_ours(articles, feats, order).f1)
    events = sorted(set(gold))
    left = []
    for _ in range(5):
        drop = set(rng.choice(events, size=len(events) // 5, replace=False).tolist())
        keep = [i for i, g in enumerate(gold) if g not in drop]
        left.append(_ours(articles, feats, keep).f1)

    lines = [
        "## Story clustering (news_cluster: 280 articles, 49 events)",
        "",
        "Ours: online, single pass in publication order, settings fixed in `settings.py` "
        "(not tuned per run). "
        "Peers: whole-corpus agglomerative clustering (average linkage, cosine), distance threshold tuned on "
        "this corpus for best F1 (an oracle advantage).",
        "",
        "| system | BCubed P | BCubed R | BCubed F1 | ARI | clusters | note |",
        "|---|---|---|---|---|---|---|",
        _row("ours: online (TF-IDF + MiniLM title+lede + soft time decay)", ours,
             f"features {t_feat:.1f} s, clustering {t_ours:.2f} s"),
        _row("TF-IDF + agglomerative", s_tfidf, f"threshold {thr_tfidf:.3f} tuned"),
        _row("MiniLM title + first 3 sentences + agglomerative", s_mini, f"threshold {thr_mini:.3f} tuned"),
        _row("MiniLM title + lede (our embedding) + agglomerative", s_lede,
             f"threshold {thr_lede:.3f} tuned"),
        *bertopic_lines,
        "",
        f"BERTopic: bertopic 0.17 installed without its declared dependencies (no sentence-transformers, no "
        f"torch), given our MiniLM title+lede vectors as precomputed embeddings (docs: title + first 3 "
        f"sentences, used only for topic words), UMAP (5 dims, min_dist 0, cosine, random_state fixed) and "
        f"scikit-learn's HDBSCAN (eom). Its outliers (topic -1) are scored as singleton clusters. "
        f"n_neighbors and min_cluster_size swept on this corpus (an oracle advantage, like the thresholds "
        f"above); {t_bertopic:.1f} s in all, numba compilation included.",
        "",
        f"Robustness of ours, settings unchanged: publication-time ties reshuffled (5 seeds) BCubed F1 "
        f"{np.mean(shuffled):.3f} ± {np.std(shuffled):.3f} (min {min(shuffled):.3f}); 20% of events left out "
        f"(5 seeds) {np.mean(left):.3f} ± {np.std(left):.3f} (min {min(left):.3f}).",
        "",
    ]
    return "\n".join(lines)


def _pool(data: Path, cache: Path) -> tuple[list[np.ndarray], list[np.ndarray], np.ndarray]:
    """Term ids, term weights and embeddings of every real text in the shared corpora (cached)."""
    if cache.exists():
        z = np.load(cache, allow_pickle=True)
        return list(z["ids"]), list(z["tf"]), z["emb"]
    articles = load_news_cluster(data / "stories" / "articles")
    for path in sorted((data / "timelines" / "t17").glob("*/articles.json")):
        for rec in json.loads(path.read_text(encoding="utf-8")):
            text = rec.get("text") or ""
            first = _SENT.split(text[:400])[0][:200]
            articles.append(Article(id=f"{path.parent.name}/{rec['uid']}", text=text, title=first,
                                    published_at=rec.get("dct")))
    for a in articles:
        a.description = a.description or lede(a)
    feats = features_batch(articles)
    ids = [f.term_ids for f in feats]
    tf = [f.term_tf for f in feats]
    emb = np.stack([f.embedding for f in feats]).astype(np.float32)
    cache.parent.mkdir(parents=True, exist_ok=True)
    ids_arr = np.empty(len(ids), dtype=object)
    tf_arr = np.empty(len(tf), dtype=object)
    ids_arr[:], tf_arr[:] = ids, tf
    np.savez(cache, ids=ids_arr, tf=tf_arr, emb=emb)
    return ids, tf, emb


def _rss_mb() -> float:
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _peak_rss_mb() -> float:
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _noise_floor(n: int = 10_000) -> tuple[float, float]:
    """p50/p99 (ms) of a fixed ~0.1 ms numpy job: what this machine's scheduling alone does to a p99."""
    rng = np.random.default_rng(1)
    mat = rng.random((200, 384), dtype=np.float32)
    vec = rng.random(384, dtype=np.float32)
    lat = np.zeros(n)
    for i in range(n):
        t0 = time.perf_counter()
        for _ in range(20):
            mat @ vec
        lat[i] = time.perf_counter() - t0
    return float(np.percentile(lat, 50) * 1000), float(np.percentile(lat, 99) * 1000)


def scale(total: int | None = None) -> str:
    data = eval_data_dir()
    if data is None:
        return "## Story clustering at scale\n\nSkipped: ../shared/data is absent.\n"
    total = total or int(os.environ.get("STORYDESK_BENCH_SCALE", "1000000"))
    ids, tf, emb = _pool(data, HERE / "out" / "cluster_pool.npz")
    pool = len(ids)
    rng = np.random.default_rng(42)
    checkpoints = [c for c in (10_000, 100_000, 250_000, 500_000, 1_000_000) if c <= total] or [total]
    base_rss = _rss_mb()
    clusterer = StoryClusterer(ClusterConfig())
    lat = np.zeros(total, dtype=np.float64)
    template = features_batch([Article(id="t", text="template text for the replay", title="t")],
                              embeddings=False)[0]
    rows = []
    start = time.perf_counter()
    n = 0
    epoch = 0
    day0 = 20_000.0  # 2024-10-04, days since 1970
    while n < total:
        perm = rng.permutation(emb.shape[1])  # a random signed permutation: orthogonal and cheap
        signs = rng.choice([-1.0, 1.0], size=emb.shape[1]).astype(np.float32)
        rotated = np.ascontiguousarray(emb[:, perm] * signs)
        salt = int(rng.integers(1, 1 << 22))
        for j in range(pool):
            if n >= total:
                break
            tid = ids[j] ^ salt
            order = np.argsort(tid)
            f = dataclasses.replace(template, article_id=f"r{n}", published=day0 + n / 3000.0,
                                    term_ids=tid[order], term_tf=tf[j][order], embedding=rotated[j],
                                    title=f"copy {epoch} of text {j}", outlet=f"outlet{j % 40}")
            t0 = time.perf_counter()
            clusterer.add_features(f)
            lat[n] = time.perf_counter() - t0
            n += 1
            if n in checkpoints:
                window = lat[max(0, n - 10_000):n] * 1000
                rows.append(f"| {n:,} | {len(clusterer):,} | {np.percentile(window, 50):.2f} | "
                            f"{np.percentile(window, 99):.2f} | {_rss_mb() - base_rss:,.0f} | "
                            f"{_rss_mb():,.0f} | "
                            f"{time.perf_counter() - start:,.0f} |")
                print(rows[-1], flush=True)
        epoch += 1
    floor50, floor99 = _noise_floor()
    state_mb = len(clusterer.to_state()) / 1e6 if total <= 100_000 else float("nan")
    lines = [
        f"## Story clustering at scale (replay of {total:,} articles)",
        "",
        f"Pool: {pool:,} real texts (news_cluster and Timeline17) featurised once; copy e of the pool gets "
        "new ids, a random signed permutation of its embedding dimensions and an XOR salt on its hashed "
        "terms, so copies form new stories; "
        "dates advance 3,000 articles a day. Latency: `StoryClusterer.add` (candidate retrieval, scoring, "
        "update, ANN insert) over the last 10,000 assignments before each checkpoint; memory: resident set "
        "of the process above its size before the replay, and in total (pool features included).",
        "",
        "| articles | live stories | p50 ms | p99 ms | RSS added MB | RSS total MB | elapsed s |",
        "|---|---|---|---|---|---|---|",
        *rows,
        "",
        f"Noise floor in the same run: a fixed numpy job of p50 {floor50:.2f} ms shows p99 {floor99:.2f} ms "
        "(other processes share the 2 cores; p99 above is mostly that).",
        "",
        f"Peak RSS of the process: {_peak_rss_mb():,.0f} MB. Targets: p99 < 20 ms, memory < 4 GB at 1M."
        + (f" Serialised state at {total:,}: {state_mb:.0f} MB." if state_mb == state_mb else ""),
        "",
    ]
    return "\n".join(lines)


def run() -> str:
    return quality() + "\n" + scale()


if __name__ == "__main__":
    which = sys.argv[1] if len(sys.argv) > 1 else "all"
    if which == "quality":
        print(quality())
    elif which == "scale":
        print(scale(int(sys.argv[2]) if len(sys.argv) > 2 else None))
    else:
        print(run())
