"""The masked-seeds evaluation: trials, vectorised AUC, statistics, bands and the runner."""

from cratedig.evaluation.bands import BAND_NAMES, Bands, popularity_bands
from cratedig.evaluation.metrics import grouped_auc
from cratedig.evaluation.runner import Evaluation, TrialResult, evaluate
from cratedig.evaluation.stats import Comparison, Summary, compare_paired, per_user_mean, summarize
from cratedig.evaluation.trials import DISTRACTOR_MODES, Trials, make_trials

__all__ = [
    "BAND_NAMES",
    "DISTRACTOR_MODES",
    "Bands",
    "Comparison",
    "Evaluation",
    "Summary",
    "TrialResult",
    "Trials",
    "compare_paired",
    "evaluate",
    "grouped_auc",
    "make_trials",
    "per_user_mean",
    "popularity_bands",
    "summarize",
]
