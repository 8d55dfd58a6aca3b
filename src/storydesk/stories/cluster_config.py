"""The online clusterer's options: scorer weights, threshold and index sizes."""

from __future__ import annotations

from dataclasses import dataclass

from ..settings import Settings


@dataclass(frozen=True)
class ClusterConfig:
    """Scorer weights, threshold and index sizes. Those that are settings default to the setting's default
    (``Settings.cluster_threshold`` is the field's default), so ``ClusterConfig()`` equals
    ``ClusterConfig.from_settings(Settings())``; the others are the clusterer's own constants."""

    threshold: float = Settings.cluster_threshold
    weight_text: float = Settings.cluster_weight_text
    weight_embedding: float = Settings.cluster_weight_embedding
    weight_entities: float = Settings.cluster_weight_entities
    weight_time: float = Settings.cluster_weight_time
    time_scale_days: float = Settings.cluster_time_scale_days
    time_span_factor: float = 0.0  # a story that has run for D days tolerates gaps longer by this times D
    # embed articles that arrive without features (one at a time: slower)
    embeddings: bool = Settings.embeddings
    merge_threshold: float = Settings.cluster_merge_threshold
    # a bridged story this small merges at ``threshold`` (see stories.cluster_merge.bridged)
    merge_small_size: int = Settings.cluster_merge_small_size
    idf_prior_docs: float = Settings.cluster_idf_prior_docs  # weight, in articles, of the word-frequency prior
    candidates: int = Settings.cluster_candidates  # most stories scored per article
    index_terms: int = 12  # an article's highest-TF-IDF terms that go into (and query) the inverted index
    postings_scan: int = 32  # most recent stories read from one posting list
    postings_cap: int = 128  # stories kept per posting list
    story_terms: int = 96  # terms kept per story vector
    ann_neighbours: int = Settings.cluster_ann_neighbours
    ann_per_story: int = 6  # most embeddings indexed per story
    ann_novelty: float = 0.85  # an article's embedding is indexed when farther than this from its story

    @classmethod
    def from_settings(cls, settings: Settings) -> ClusterConfig:
        """The configuration the given settings say (the caller built them; no stage reads the environment)."""
        s = settings
        return cls(threshold=s.cluster_threshold, weight_text=s.cluster_weight_text,
                   weight_embedding=s.cluster_weight_embedding, weight_entities=s.cluster_weight_entities,
                   weight_time=s.cluster_weight_time, time_scale_days=s.cluster_time_scale_days,
                   merge_threshold=s.cluster_merge_threshold, merge_small_size=s.cluster_merge_small_size,
                   idf_prior_docs=s.cluster_idf_prior_docs,
                   candidates=s.cluster_candidates,
                   ann_neighbours=s.cluster_ann_neighbours, embeddings=s.embeddings)

