"""The systems ``rewrite eval`` compares: our pipeline with any engine, and the baselines.

Every system turns one ``Document`` into a ``Report`` (the published sentences with their
status, findings and originality), so a single scorer serves them all. Baselines publish
source sentences unchanged; they go through the same read, clean and segment stages as
the pipeline and get their originality from the verify stage's ``build_report``, so no
system is measured on different text or with a different ruler.
"""

from __future__ import annotations

import importlib.util
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import Protocol

from rewrite_cli.document import Document, Report, Sentence, VerifiedSentence
from rewrite_cli.engines.extractive import ExtractiveEngine
from rewrite_cli.errors import UsageError
from rewrite_cli.evaluation.rouge import lead3
from rewrite_cli.pipeline import Pipeline, build_pipeline
from rewrite_cli.segment import split_sentences
from rewrite_cli.settings import ENGINES, Settings
from rewrite_cli.verify import FactChecker, build_report

LEAD3 = "lead3"
EXTRACTIVE = "extractive"
SUMY_KINDS = {"lexrank": "LexRankSummarizer", "textrank": "TextRankSummarizer"}
BASELINES = (LEAD3, EXTRACTIVE, *SUMY_KINDS)
PIPELINE = "pipeline"  # the engine under test, from --engine/--model
SUMY_SENTENCES = 3  # same length as Lead-3 unless --sentences says otherwise

Say = Callable[[str], None]


@dataclass(frozen=True)
class SystemSpec:
    """What to run, in plain values, so a worker process can rebuild the system from it."""

    name: str  # label in tables and the plot
    kind: str  # "pipeline" | "lead3" | "extractive" | "lexrank" | "textrank"
    engine: str = EXTRACTIVE  # for kind "pipeline"
    model: str | None = None


class System(Protocol):
    """One way of turning an article into published sentences."""

    engine: str
    model: str | None

    def publish(self, document: Document) -> Report:
        """The report of what this system publishes for ``document``."""
        ...


def sumy_installed() -> bool:
    """sumy is optional (the ``[bench]`` extra); its baselines are skipped without it."""
    return importlib.util.find_spec("sumy") is not None


LABELS = {LEAD3: "lead-3", EXTRACTIVE: "extractive", "lexrank": "lexrank", "textrank": "textrank"}


def choose_systems(engine: str | None, model: str | None, baselines: str | None,
                   *, warn: Say) -> list[SystemSpec]:
    """The systems of one run: Lead-3 always, the asked (or default) baselines, the engine.

    ``baselines`` is a comma-separated list; by default the extractive engine and, when
    sumy is installed, LexRank and TextRank. ``--model`` alone implies ``--engine model``.
    """
    if baselines is None:
        kinds = [LEAD3, EXTRACTIVE]
        if sumy_installed():
            kinds += list(SUMY_KINDS)
        else:
            warn("sumy is not installed; skipping the LexRank and TextRank baselines")
    else:
        kinds = [k.strip().lower().replace("-", "") for k in baselines.split(",") if k.strip()]
        unknown = [k for k in kinds if k not in BASELINES]
        if unknown:
            raise UsageError(
                f"unknown baseline(s) {', '.join(unknown)}; choose from {', '.join(BASELINES)}"
            )
        if any(k in SUMY_KINDS for k in kinds) and not sumy_installed():
            raise UsageError("the lexrank/textrank baselines need sumy: "
                             "pip install 'rewrite-cli[bench]' (or sumy)")
    kinds = [LEAD3, *dict.fromkeys(k for k in kinds if k != LEAD3)]
    specs = [SystemSpec(name=LABELS[k], kind=k) for k in kinds]
    if model and not engine:
        engine = "model"
    if engine and engine not in ENGINES:
        raise UsageError(f"--engine must be one of {', '.join(ENGINES)} (got {engine!r})")
    if engine and not (engine == EXTRACTIVE and EXTRACTIVE in kinds):
        label = f"{engine} ({model})" if model else engine
        specs.append(SystemSpec(name=label, kind=PIPELINE, engine=engine, model=model))
    return specs


def build_system(spec: SystemSpec, settings: Settings, *, say: Say, warn: Say) -> System:
    """Load what ``spec`` needs (a model, for the pipeline) and return a ready system."""
    if spec.kind in (PIPELINE, EXTRACTIVE):
        engine_name = spec.engine if spec.kind == PIPELINE else EXTRACTIVE
        run_settings = replace(settings, engine=engine_name, model=spec.model)
        return PipelineSystem(build_pipeline(run_settings, say=say, warn=warn))
    checker = FactChecker()
    # Baselines select from the article's content sentences, which the plan finds in
    # rewrite mode (every sentence that is not page furniture).
    content = Pipeline(replace(settings, mode="rewrite"), ExtractiveEngine(), checker)
    if spec.kind == LEAD3:
        return BaselineSystem(content, lead3, name=LEAD3)
    if spec.kind in SUMY_KINDS:
        count = settings.sentences or SUMY_SENTENCES
        return BaselineSystem(content, sumy_selector(spec.kind, count), name=spec.kind)
    raise UsageError(f"unknown system {spec.kind!r}; choose from {', '.join(BASELINES)}")


@dataclass
class PipelineSystem:
    """Our pipeline exactly as ``rewrite`` runs it: plan, engine, verify, compose."""

    pipeline: Pipeline

    @property
    def engine(self) -> str:
        return self.pipeline.engine.name

    @property
    def model(self) -> str | None:
        return self.pipeline.engine.model

    def publish(self, document: Document) -> Report:
        return self.pipeline.run(document).report


Selector = Callable[[Sequence[str]], list[str]]


@dataclass
class BaselineSystem:
    """A baseline that picks source sentences verbatim; the pipeline's stages prepare them."""

    content: Pipeline
    select: Selector
    name: str
    model: str | None = None

    @property
    def engine(self) -> str:
        return self.name

    def publish(self, document: Document) -> Report:
        prepared = self.content.prepare(document)
        units = prepared.plan.units
        chosen = set(self.select([u.sources[0].text for u in units]))
        kept = [_kept(u.sources[0]) for u in units if u.sources[0].text in chosen]
        dropped = len(prepared.sentences) - len(kept)
        return build_report(kept, prepared.sentences, dropped=dropped)


def _kept(sentence: Sentence) -> VerifiedSentence:
    return VerifiedSentence(
        text=sentence.text, sources=[sentence.text], paragraph=sentence.paragraph, status="kept"
    )


_SUMY_WORD = re.compile(r"[^\W\d_](?:[^\W\d_]|['’-])*")


class SentenceTokenizer:
    """sumy's tokenizer interface backed by our segmenter, so sumy needs no NLTK punkt data.

    sumy's own ``Tokenizer`` loads punkt, which cannot be downloaded everywhere; these two
    methods are all its summarizers call. Words are alphabetic tokens, as in sumy.
    """

    language = "english"

    def to_sentences(self, paragraph: str) -> list[str]:
        return split_sentences(paragraph)

    def to_words(self, sentence: str) -> list[str]:
        return _SUMY_WORD.findall(sentence)


def sumy_selector(kind: str, count: int) -> Selector:
    """A function choosing ``count`` sentences with sumy's LexRank or TextRank."""
    if not sumy_installed():
        raise UsageError(
            f"the {kind} baseline needs sumy: pip install 'rewrite-cli[bench]' (or sumy)"
        )
    from sumy.models.dom import ObjectDocumentModel, Paragraph
    from sumy.models.dom import Sentence as SumySentence
    from sumy.nlp.stemmers import Stemmer
    from sumy.summarizers import lex_rank, text_rank
    from sumy.utils import get_stop_words

    module = lex_rank if kind == "lexrank" else text_rank
    summarizer = getattr(module, SUMY_KINDS[kind])(Stemmer("english"))
    summarizer.stop_words = get_stop_words("english")
    tokenizer = SentenceTokenizer()

    def select(sentences: Sequence[str]) -> list[str]:
        if not sentences:
            return []
        document = ObjectDocumentModel(
            [Paragraph([SumySentence(text, tokenizer) for text in sentences])]
        )
        return [str(s) for s in summarizer(document, count)]

    return select
