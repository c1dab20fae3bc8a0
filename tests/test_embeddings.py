"""Encoders, the embedding cache (hits, misses, resume after a kill) and model resolution."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import numpy as np
import pytest

from cratedig.embeddings import EmbeddingCache, HashingEncoder, embed_texts, resolve_model
from cratedig.embeddings import models as models_module
from cratedig.errors import ConfigError, DataError

TEXTS = [f"artist number {i} plays {'rock' if i % 2 else 'jazz'} music" for i in range(50)]


def test_hashing_encoder_is_deterministic_and_normalised() -> None:
    enc = HashingEncoder(dim=64)
    a = enc.encode(["Rock band from Leeds", "jazz trio"])
    b = HashingEncoder(dim=64).encode(["Rock band from Leeds", "jazz trio"])
    assert a.dtype == np.float32 and a.shape == (2, 64)
    assert np.array_equal(a, b)
    assert np.allclose(np.linalg.norm(a, axis=1), 1.0)
    same = enc.encode(["rock band", "ROCK, band!"])
    assert same[0] @ same[1] == pytest.approx(1.0)
    with pytest.raises(ConfigError):
        HashingEncoder(dim=2)


def test_cache_hits_and_misses(tmp_path: Path) -> None:
    enc = HashingEncoder()
    with EmbeddingCache(tmp_path / "c.sqlite") as cache:
        first, stats = embed_texts(TEXTS[:30], enc, cache, batch_size=8)
        assert (stats.hits, stats.misses) == (0, 30)
        calls = enc.encode_calls
        second, stats = embed_texts(TEXTS, enc, cache, batch_size=8)
        assert (stats.hits, stats.misses) == (30, 20)
        assert enc.encode_calls == calls + 3  # 20 misses in batches of 8
        assert np.array_equal(second[:30], first)
        calls = enc.encode_calls
        _, stats = embed_texts(TEXTS, enc, cache)
        assert (stats.hits, stats.misses) == (50, 0)
        assert enc.encode_calls == calls  # nothing encoded when everything is cached


def test_cache_keys_on_model_and_settings(tmp_path: Path) -> None:
    with EmbeddingCache(tmp_path / "c.sqlite") as cache:
        embed_texts(TEXTS[:5], HashingEncoder(dim=64), cache)
        _, stats = embed_texts(TEXTS[:5], HashingEncoder(dim=128), cache)
        assert stats.misses == 5
        assert cache.count() == 10


def test_duplicate_texts_are_encoded_once(tmp_path: Path) -> None:
    enc = HashingEncoder()
    vectors, stats = embed_texts(["a b", "a b", "c"], enc, None)
    assert stats.texts == 2 and stats.misses == 2
    assert np.array_equal(vectors[0], vectors[1])


def test_corrupt_cache_file(tmp_path: Path) -> None:
    path = tmp_path / "c.sqlite"
    path.write_bytes(b"this is not a database at all" * 100)
    with pytest.raises(DataError, match="delete it"):
        EmbeddingCache(path)
    with pytest.raises(DataError, match="is a folder"):
        EmbeddingCache(tmp_path)


def test_settings_are_part_of_the_key(tmp_path: Path) -> None:
    class Chunked(HashingEncoder):
        def settings(self) -> str:
            return "other-preparation"

    with EmbeddingCache(tmp_path / "c.sqlite") as cache:
        embed_texts(TEXTS[:5], HashingEncoder(), cache)
        _, stats = embed_texts(TEXTS[:5], Chunked(), cache)
        assert stats.misses == 5
        _, stats = embed_texts([TEXTS[0] + " changed"], HashingEncoder(), cache)
        assert stats.misses == 1


class _StubTokenizer:
    """Words as tokens; ids index a growing vocabulary."""

    def __init__(self) -> None:
        self.vocab: list[str] = []

    def _id(self, word: str) -> int:
        if word not in self.vocab:
            self.vocab.append(word)
        return self.vocab.index(word)

    def __call__(self, texts, add_special_tokens=True, truncation=False, verbose=False):  # type: ignore[no-untyped-def]
        extra = [0, 0] if add_special_tokens else []
        return {"input_ids": [[*extra, *(self._id(w) for w in t.split())] for t in texts]}

    def num_special_tokens_to_add(self, pair: bool = False) -> int:
        return 2

    def decode(self, ids: list[int]) -> str:
        return " ".join(self.vocab[i] for i in ids)


class _StubModel:
    def __init__(self) -> None:
        self.tokenizer = _StubTokenizer()
        self.seen: list[str] = []

    def encode(self, texts, **kwargs):  # type: ignore[no-untyped-def]
        self.seen.extend(texts)
        return HashingEncoder().encode(texts)


@pytest.mark.parametrize("mode", ["truncate", "chunk", "chunk-lead"])
def test_long_text_modes_with_a_stub_model(tmp_path: Path, mode: str) -> None:
    from cratedig.embeddings import SentenceTransformerEncoder
    from cratedig.embeddings.models import ModelSource

    (tmp_path / "sentence_bert_config.json").write_text('{"max_seq_length": 6}')
    enc = SentenceTransformerEncoder(str(tmp_path), long_text=mode)
    enc._source = ModelSource("stub", "folder", str(tmp_path))
    enc._model = _StubModel()
    short, long = "one two three", "a b c d e f g h i j"  # 12 tokens with specials > 6
    vectors, cut = enc.encode_with_info([short, long])
    assert cut.tolist() == [False, True]
    hashing = HashingEncoder()
    assert np.allclose(vectors[0], hashing.encode([short])[0], atol=1e-6)
    if mode == "truncate":
        assert enc._model.seen == [short, long]  # the model cuts it itself
        return
    windows = ["a b c d", "e f g h", "i j"]  # windows of 6 - 2 tokens
    assert enc._model.seen == [short, *windows]
    parts = hashing.encode(windows)
    weights = np.array([1.0, 1.0, 1.0]) if mode == "chunk" else np.array([1.0, 1 / 2, 1 / 3])
    expected = (parts * weights[:, None]).sum(axis=0)
    assert np.allclose(vectors[1], expected / np.linalg.norm(expected), atol=1e-6)
    assert enc.settings() == f"long_text={mode};max_tokens=6"


KILLED_RUN = textwrap.dedent(
    """
    import os, signal, sys
    from cratedig.embeddings import EmbeddingCache, HashingEncoder, embed_texts

    class DiesOnThirdBatch(HashingEncoder):
        def encode(self, texts):
            if self.encode_calls == 2:
                os.kill(os.getpid(), signal.SIGKILL)
            return super().encode(texts)

    texts = [f"artist number {i} plays {'rock' if i % 2 else 'jazz'} music" for i in range(50)]
    embed_texts(texts, DiesOnThirdBatch(), EmbeddingCache(sys.argv[1]), batch_size=8)
    """
)


def test_an_interrupted_run_keeps_its_batches_and_the_next_resumes(tmp_path: Path) -> None:
    path = tmp_path / "c.sqlite"
    run = subprocess.run([sys.executable, "-c", KILLED_RUN, str(path)], capture_output=True)
    assert run.returncode == -9, run.stderr.decode()
    enc = HashingEncoder()
    with EmbeddingCache(path) as cache:
        assert cache.count() == 16  # the two committed batches of 8
        resumed, stats = embed_texts(TEXTS, enc, cache, batch_size=8)
    assert (stats.hits, stats.misses) == (16, 34)
    fresh, _ = embed_texts(TEXTS, HashingEncoder(), None)
    assert np.array_equal(resumed, fresh)


def test_mpnet_missing_says_how_to_install(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    def missing(name: str) -> None:
        raise models_module.metadata.PackageNotFoundError(name)

    monkeypatch.setattr(models_module.metadata, "distribution", missing)
    with pytest.raises(ConfigError, match="make mpnet"):
        models_module.ensure_mpnet(tmp_path)


def test_mpnet_parts_are_joined_and_verified(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """A split zip whose weights do not match the pinned hash is refused."""
    import zipfile

    archive = tmp_path / "whole.zip"
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr("all-mpnet-base-v2/model.safetensors", b"not the real weights")
        z.writestr("all-mpnet-base-v2/modules.json", "[]")
    data = archive.read_bytes()
    cut = len(data) // 5 + 1
    parts = []
    for i in range(5):
        part = tmp_path / f"part.zip.{i + 1:03d}"
        part.write_bytes(data[i * cut : (i + 1) * cut])
        parts.append(part)
    monkeypatch.setattr(models_module, "_mpnet_parts", lambda: parts)
    with pytest.raises(DataError, match="expected 78c0197b"):
        models_module.ensure_mpnet(tmp_path / "cache")
    monkeypatch.setattr(
        models_module,
        "MPNET_SHA256",
        models_module.sha256_file(_extract_weights(archive, tmp_path), memo=False),
    )
    folder = models_module.ensure_mpnet(tmp_path / "cache")
    assert (folder / "modules.json").is_file()

    def no_parts() -> list[Path]:
        raise AssertionError("the verified extraction must be reused")

    monkeypatch.setattr(models_module, "_mpnet_parts", no_parts)
    assert models_module.ensure_mpnet(tmp_path / "cache") == folder


def _extract_weights(archive: Path, tmp_path: Path) -> Path:
    import zipfile

    with zipfile.ZipFile(archive) as z:
        z.extract("all-mpnet-base-v2/model.safetensors", tmp_path / "x")
    return tmp_path / "x" / "all-mpnet-base-v2" / "model.safetensors"


def test_resolve_model_errors(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="unknown model 'bert'"):
        resolve_model("bert")
    with pytest.raises(DataError, match="not a sentence-transformers model folder"):
        resolve_model(str(tmp_path))
    assert resolve_model("sentence-transformers/all-MiniLM-L12-v2").kind == "hub"
