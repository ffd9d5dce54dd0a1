"""One article written from several reports of one story (``--combine``).

The reports are read, cleaned and split into sentences as usual, merged into one outline
of facts (``merge``), and that outline goes through the same plan, engine and fact check
as a single article: every published sentence is checked against the source sentence it
came from. Afterwards each sentence is credited with the outlets that state it, and each
version of a conflicting fact gets "According to OUTLET, ..." in front, so a reader sees
who said what; the conflicts are also listed in the report.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Sequence
from itertools import groupby
from pathlib import PurePath

from rewrite_cli.attribution import collect_sources, disclaimer
from rewrite_cli.clean import clean, require_article
from rewrite_cli.combine.language import first_other_language
from rewrite_cli.combine.merge import Fact, Outline, Report, merge_reports
from rewrite_cli.combine.relate import FactRelation
from rewrite_cli.compose import compose
from rewrite_cli.document import (
    Document,
    InputInfo,
    Plan,
    PlanUnit,
    Rewrite,
    Sentence,
    Source,
    VerifiedSentence,
)
from rewrite_cli.errors import InputError, UsageError
from rewrite_cli.plan import make_plan
from rewrite_cli.segment import segment
from rewrite_cli.verify import build_report


def combine_documents(pipeline, documents: Sequence[Document]) -> Rewrite:
    """One verified, credited article from ``documents`` (the first is the lead report)."""
    if len(documents) < 2:
        raise UsageError("--combine needs at least two reports of the story")
    started = time.perf_counter()
    settings, checker = pipeline.settings, pipeline.checker
    documents = [clean(document) for document in documents]
    for document in documents:
        require_article(document)
    _require_one_language(documents)
    reports = [Report(credit_name(document), segment(document)) for document in documents]
    relate = FactRelation(checker)
    outline = merge_reports(reports, relate)
    sentences = [Sentence(f.text, i, f.paragraph) for i, f in enumerate(outline.facts)]
    merged = _merged_document(documents, outline)
    plan = make_plan(merged, sentences, mode=settings.mode, n_sentences=settings.sentences)
    _keep_every_version(plan, outline, sentences)
    timings = {"prepare": time.perf_counter() - started}

    started = time.perf_counter()
    generation = pipeline.engine.generate([plan])[0]
    timings["generate"] = time.perf_counter() - started

    started = time.perf_counter()
    ctx = checker.context(sentences)
    verified = checker.verify(generation.drafts, ctx)
    for sentence, draft in zip(verified, generation.drafts, strict=True):
        facts = [outline.facts[source.index] for source in draft.unit.sources]
        _credit(sentence, facts, reports, relate)
    headline = plan.headline or ""
    if generation.headline and headline:
        headline, _, _ = checker.select_headline(generation.headline, headline, ctx)
    report = build_report(verified, sentences, dropped=len(plan.dropped))
    report.conflicts = [
        {"versions": [{"source": reports[k].credit, "sentence": text} for k, text in c.versions]}
        for c in outline.conflicts
    ]
    rewritten = report.count("rewritten") / max(1, len(verified))
    # The note names the reports the published sentences come from, not every input: a
    # summary may use none of a report, and naming it would credit an outlet for nothing.
    used = sorted({k for draft in generation.drafts for source in draft.unit.sources
                   for k in (*outline.facts[source.index].credits,
                             *outline.facts[source.index].partly)}) or range(len(reports))
    attribution = disclaimer(
        combined_sources(settings.sources, [documents[k] for k in used]),
        originality=report.originality,
        rewritten_share=rewritten,
        input_name=" and ".join(reports[k].credit for k in used),
        template=settings.disclaimer_template,
    )
    timings["verify"] = time.perf_counter() - started
    timings["total"] = sum(timings.values())
    return compose(
        headline=headline, sentences=verified, attribution=attribution,
        position=settings.disclaimer_position, mode=settings.mode,
        engine=pipeline.engine.name, model=pipeline.engine.model,
        input_info=merged.input, report=report, timings=timings,
        engine_stats=generation.stats,
    )


def _require_one_language(documents: Sequence[Document]) -> None:
    """Reports in different languages cannot be merged: no sentence of one matches a
    sentence of the other, so every fact would be told twice, once in each language."""
    texts = ["\n".join([d.title or "", *d.paragraphs]) for d in documents]
    found = first_other_language(texts)
    if found is not None:
        index, other, lead = found
        raise InputError(f"{documents[index].input.path}: is written in '{other.code}', the "
                         f"first report in '{lead.code}'; --combine merges reports in one "
                         "language")


def credit_name(document: Document) -> str:
    """How a report is credited in a sentence: its outlet, else its file name or URL."""
    if document.meta.site_name:
        return document.meta.site_name
    if document.meta.sources:
        return document.meta.sources[0].name
    if document.meta.url:
        return document.meta.url
    return "standard input" if document.input.path == "-" else PurePath(document.input.path).name


def combined_sources(user_sources: Sequence[str], documents: Sequence[Document]) -> list[Source]:
    """Every outlet any report credits, the user's ``--source`` names first, each once."""
    seen: dict[str, Source] = {}
    for number, document in enumerate(documents):
        for source in collect_sources(user_sources if number == 0 else (), document):
            seen.setdefault(source.name.casefold().removeprefix("the "), source)
    return list(seen.values())


def _merged_document(documents: Sequence[Document], outline: Outline) -> Document:
    lead = documents[0]
    paragraphs = [
        " ".join(fact.text for fact in group)
        for _, group in groupby(outline.facts, key=lambda fact: fact.paragraph)
    ]
    digest = hashlib.sha256("\n".join(d.input.sha256 for d in documents).encode()).hexdigest()
    info = InputInfo(path=" + ".join(d.input.path for d in documents), sha256=digest,
                     format="combined", encoding="utf-8")
    return Document(title=lead.title, paragraphs=paragraphs, meta=lead.meta, input=info)


def _keep_every_version(plan: Plan, outline: Outline, sentences: list[Sentence]) -> None:
    """A summary that publishes one version of a disputed fact publishes all of them.

    Otherwise choosing sentences for a summary would quietly settle the dispute.
    """
    chosen = {source.index for unit in plan.units for source in unit.sources}
    disputed = {outline.facts[i].conflict for i in chosen} - {None}
    missing = [s for s in sentences
               if outline.facts[s.index].conflict in disputed and s.index not in chosen]
    if not missing:
        return
    plan.units.extend(PlanUnit(sources=(s,), text=s.text, paragraph=s.paragraph)
                      for s in missing)
    plan.units.sort(key=lambda unit: unit.sources[0].index)
    added = {s.index for s in missing}
    plan.dropped = [(s, why) for s, why in plan.dropped if s.index not in added]


def _credit(sentence: VerifiedSentence, facts: list[Fact], reports: Sequence[Report],
            relate: FactRelation) -> None:
    """Name the outlets behind a published sentence; attribute a conflicting version."""
    numbers = list(dict.fromkeys(k for fact in facts for k in fact.credits))
    partly = list(dict.fromkeys(k for fact in facts for k in fact.partly if k not in numbers))
    sentence.credits = [reports[k].credit for k in numbers]
    sentence.partly_credits = [reports[k].credit for k in partly]
    conflicted = [fact for fact in facts if fact.conflict is not None]
    if conflicted:
        sentence.text = attributed(sentence.text, reports[conflicted[0].origin].credit, relate)


def attributed(text: str, outlet: str, relate: FactRelation) -> str:
    """``According to OUTLET, text``, lower-casing a first word that is not a name.

    A sentence that already opens with "According to ..." (its own source, or a rewrite
    that moved the attribution forward) gets ", OUTLET reported." at its end instead, so
    the two attributions do not stack up front.
    """
    if text.lower().startswith("according to ") and text.endswith("."):
        return f"{text[:-1]}, {outlet} reported."
    doc = relate.checker.nlp(text)
    first = doc[0] if len(doc) else None
    keep_case = first is None or first.pos_ == "PROPN" or first.text == "I" or (
        len(first.text) > 1 and first.text.isupper())
    body = text if keep_case else text[:1].lower() + text[1:]
    return f"According to {outlet}, {body}"
