"""The stages wired together: one article in, one verified ``Rewrite`` out.

Nothing here decides wording or facts; it only calls the stages in order and times them,
so the CLI, the batch runner and ``rewrite eval`` all publish exactly the same thing.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from rewrite_cli.attribution import collect_sources, disclaimer, input_display_name
from rewrite_cli.clean import clean, require_article, require_length
from rewrite_cli.compose import compose
from rewrite_cli.document import Document, Plan, Rewrite, Sentence
from rewrite_cli.engines import make_engine
from rewrite_cli.engines.base import Engine
from rewrite_cli.errors import RewriteError
from rewrite_cli.plan import make_plan
from rewrite_cli.segment import segment
from rewrite_cli.settings import Settings
from rewrite_cli.verify import FactChecker, build_report


@dataclass
class Prepared:
    """An article read, cleaned, segmented and planned: everything before the engine."""

    document: Document
    sentences: list[Sentence]
    plan: Plan
    timings: dict[str, float] = field(default_factory=dict)


@dataclass
class Pipeline:
    settings: Settings
    engine: Engine
    checker: FactChecker

    def prepare(self, document: Document) -> Prepared:
        started = time.perf_counter()
        require_length(document, self.settings.max_words)
        document = clean(document)
        require_article(document)
        sentences = segment(document)
        plan = make_plan(
            document, sentences, mode=self.settings.mode, n_sentences=self.settings.sentences
        )
        return Prepared(document, sentences, plan, {"prepare": time.perf_counter() - started})

    def run(self, document: Document) -> Rewrite:
        result = self.run_many([document])[0]
        if isinstance(result, RewriteError):
            raise result
        return result

    def run_many(
        self,
        documents: Sequence[Document],
        on_done: Callable[[int, Rewrite | RewriteError], None] | None = None,
    ) -> list[Rewrite | RewriteError]:
        """Rewrite several articles with one engine call, so a model batches across them.

        A bad article becomes its error in the result list; the others are unaffected.
        """
        results: list[Rewrite | RewriteError | None] = [None] * len(documents)
        prepared: list[tuple[int, Prepared]] = []
        for i, document in enumerate(documents):
            try:
                prepared.append((i, self.prepare(document)))
            except RewriteError as exc:
                results[i] = exc
                if on_done:
                    on_done(i, exc)
        if prepared:
            started = time.perf_counter()
            generations = self.engine.generate([p.plan for _, p in prepared])
            share = (time.perf_counter() - started) / len(prepared)
            for (i, item), generation in zip(prepared, generations, strict=True):
                item.timings["generate"] = share
                results[i] = self._finish(item, generation)
                if on_done:
                    on_done(i, results[i])  # type: ignore[arg-type]
        return results  # type: ignore[return-value]

    def _finish(self, item: Prepared, generation) -> Rewrite:
        started = time.perf_counter()
        settings = self.settings
        ctx = self.checker.context(item.sentences)
        verified = self.checker.verify(generation.drafts, ctx)
        for draft, sentence in zip(generation.drafts, verified, strict=True):
            sentence.exchanges = list(draft.exchanges)
        headline = item.plan.headline or ""
        if generation.headline and headline:
            headline, _, _ = self.checker.select_headline(generation.headline, headline, ctx)
        report = build_report(verified, item.sentences, dropped=len(item.plan.dropped))
        rewritten = report.count("rewritten") / max(1, len(verified))
        document = item.document
        attribution = disclaimer(
            collect_sources(settings.sources, document),
            originality=report.originality,
            rewritten_share=rewritten,
            input_name=input_display_name(document.input.path, document.meta.url),
            template=settings.disclaimer_template,
        )
        item.timings["verify"] = time.perf_counter() - started
        item.timings["total"] = sum(item.timings.values())
        return compose(
            headline=headline,
            sentences=verified,
            attribution=attribution,
            position=settings.disclaimer_position,
            mode=settings.mode,
            engine=self.engine.name,
            model=self.engine.model,
            input_info=document.input,
            report=report,
            timings=item.timings,
            engine_stats=generation.stats,
            notes=generation.notes,
        )


def build_pipeline(
    settings: Settings, *, say: Callable[[str], None], warn: Callable[[str], None]
) -> Pipeline:
    """The pipeline ``rewrite`` runs: the engine the settings name, sharing the checker's parser.

    The model engine borrows the fact checker's spaCy pipeline (to protect names and add
    parse-based rewrites), so it is loaded once per process.
    """
    checker = FactChecker()
    engine = make_engine(settings, say=say, warn=warn, nlp=_LazyNlp(checker), checker=checker)
    return Pipeline(settings=settings, engine=engine, checker=checker)


class _LazyNlp:
    """The checker's parser, loaded on first use (the extractive engine never uses it)."""

    def __init__(self, checker: FactChecker) -> None:
        self._checker = checker

    def __call__(self, text: str):
        return self._checker.nlp(text)

    def pipe(self, texts, **kwargs):
        return self._checker.nlp.pipe(texts, **kwargs)

    def get_pipe(self, name: str):
        return self._checker.nlp.get_pipe(name)
