"""Text embeddings: offline encoders, a resumable SQLite cache, and cached embedding."""

from cratedig.embeddings.cache import EmbeddingCache, text_key
from cratedig.embeddings.embed import EmbedStats, embed_texts
from cratedig.embeddings.encoders import (
    LONG_TEXT_MODES,
    Encoder,
    HashingEncoder,
    SentenceTransformerEncoder,
    make_encoder,
)
from cratedig.embeddings.models import MODELS, ModelSource, ensure_mpnet, resolve_model

__all__ = [
    "LONG_TEXT_MODES",
    "MODELS",
    "EmbedStats",
    "EmbeddingCache",
    "Encoder",
    "HashingEncoder",
    "ModelSource",
    "SentenceTransformerEncoder",
    "embed_texts",
    "ensure_mpnet",
    "make_encoder",
    "resolve_model",
    "text_key",
]
