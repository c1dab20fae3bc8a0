"""cratedig: recommend music artists from what is written about them, and measure it honestly."""

from cratedig.catalog import Artist, Catalog
from cratedig.data import Dataset, load_dataset, load_demo
from cratedig.errors import ConfigError, CratedigError, DataError, NotFittedError
from cratedig.seeds import SeedLists

__version__ = "0.1.0"

__all__ = [
    "Artist",
    "Catalog",
    "ConfigError",
    "CratedigError",
    "DataError",
    "Dataset",
    "NotFittedError",
    "SeedLists",
    "__version__",
    "load_dataset",
    "load_demo",
]
