"""Loading artist catalogs and users' seed lists from every supported layout."""

from cratedig.data.dataset import DEFAULT_MIN_SEEDS, Dataset, LoadReport, resolve_seed_lists
from cratedig.data.hetrec import load_hetrec
from cratedig.data.load import DEMO_DIR, detect_layout, load_dataset, load_demo
from cratedig.data.study import load_study
from cratedig.data.uniform import load_uniform

__all__ = [
    "DEFAULT_MIN_SEEDS",
    "DEMO_DIR",
    "Dataset",
    "LoadReport",
    "detect_layout",
    "load_dataset",
    "load_demo",
    "load_hetrec",
    "load_study",
    "load_uniform",
    "resolve_seed_lists",
]
