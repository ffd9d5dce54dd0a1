"""``--combine``: read every input (files, folders, URLs, or a feed's items), write one
article per story.

Given files and URLs, all of them are one story and the result goes to stdout or the
``-o`` file. Given ``--feed``, the items are first grouped into stories (``stories``)
and each story becomes one file in the ``-o`` folder, named after its lead item and
recorded in the folder's manifest: a rerun skips a story whose reports are unchanged, and
a file this tool did not write is never overwritten without ``--force``.
"""

from __future__ import annotations

import sys
from pathlib import Path

from rewrite_cli.batch.jobs import Problem, check_output_folder, iter_files
from rewrite_cli.batch.manifest import (
    Decision,
    Manifest,
    decide,
    file_sha256,
    fingerprint,
    options_for_fingerprint,
    text_sha256,
)
from rewrite_cli.batch.write import check_output, write_atomic
from rewrite_cli.combine.article import combine_documents
from rewrite_cli.combine.stories import group_stories
from rewrite_cli.document import Document
from rewrite_cli.errors import InputError, RewriteError, UnsupportedContentError, UsageError
from rewrite_cli.pipeline import build_pipeline
from rewrite_cli.read import read_file, read_path
from rewrite_cli.render import SUFFIXES, format_for, render
from rewrite_cli.settings import Settings
from rewrite_cli.ui import UI


def run_combine(settings: Settings, request, ui: UI) -> int:
    """Returns the exit code; an input that cannot be read stops a one-story combine."""
    from rewrite_cli.batch.runner import fetch_options
    from rewrite_cli.web.fetch import Fetcher, is_url, read_url, url_from_file

    if request.jsonl_in is not None or request.jsonl_out is not None:
        raise UsageError("--combine writes one article; it does not take --jsonl-in/out")
    if request.feed is not None:
        return _run_feed_stories(settings, request, ui)
    inputs = list(request.inputs)
    if "-" in inputs or not inputs:
        raise UsageError("--combine reads files, folders or URLs (not standard input)")
    paths = [Path(p) for p in inputs if not is_url(p)]
    if request.output is not None:
        check_output(request.output, paths, force=settings.force)
    fmt = format_for(request.output, settings.output_format)
    documents: list[Document] = []
    with Fetcher(fetch_options(settings, request, batch=True)) as fetcher:
        for item in inputs:
            if is_url(item):
                documents.append(read_url(item, fetcher))
                continue
            path = Path(item)
            if not path.exists():
                raise InputError(f"{path}: no such file or folder")
            for found in iter_files([path], recursive=request.recursive,
                                    pattern=request.pattern):
                if isinstance(found, Problem):
                    raise InputError(f"{found.label}: {found.reason}")
                if found[0].suffix.lower() == ".url":  # a link, fetched as in a batch
                    data = read_file(found[0], max_bytes=settings.max_input_bytes)
                    link = url_from_file(data, str(found[0]))
                    documents.append(read_url(link, fetcher))
                    continue
                documents.append(read_path(found[0], max_bytes=settings.max_input_bytes))
    pipeline = build_pipeline(settings, say=ui.say, warn=ui.warn)
    rewrite = combine_documents(pipeline, documents)  # refuses what cannot be combined
    _warn_of_other_stories(documents, ui)
    text = render(rewrite, fmt)
    if request.output is None:
        sys.stdout.write(text)
        sys.stdout.flush()
    else:
        write_atomic(request.output, text)
        ui.say(f"wrote {request.output}")
    if request.show_report:
        ui.report_table(rewrite.input.path, rewrite.report)
    for conflict in rewrite.report.conflicts:
        names = " / ".join(v["source"] for v in conflict["versions"])
        ui.warn(f"the sources disagree ({names}); both versions are kept and attributed")
    if rewrite.report.unsupported and settings.strict:
        raise UnsupportedContentError(f"{len(rewrite.report.unsupported)} unsupported "
                                      "statement(s) remain in the output (--strict)")
    return 0


def _warn_of_other_stories(documents: list[Document], ui: UI) -> None:
    """Given files and URLs, the user says they are one story; a report that does not read
    like the lead's story is still combined, but not in silence: its facts would be told
    as part of a story they may not belong to."""
    stories = group_stories(documents)
    if len(stories) < 2:
        return
    lead = next(story for story in stories if 0 in story)
    for index in sorted(i for story in stories if story is not lead for i in story):
        ui.warn(f"{documents[index].input.path}: does not read like a report of the same "
                f"story as {documents[0].input.path}; its facts are combined all the same")


def _run_feed_stories(settings: Settings, request, ui: UI) -> int:
    """Each story of the feed's chosen items: one combined article (or a single rewrite)."""
    from rewrite_cli.batch.runner import fetch_options
    from rewrite_cli.web.feed import chosen_items, parse_since
    from rewrite_cli.web.fetch import Fetcher, page_file_name, read_url

    if request.inputs:
        raise UsageError("--feed reads its articles from the feed; give no other inputs")
    out_dir = request.output
    if out_dir is None:
        raise UsageError("--feed --combine needs -o OUTPUT_FOLDER")
    check_output_folder(out_dir, [])
    fmt = settings.output_format or "text"
    since = parse_since(request.since) if request.since else None
    failed = 0
    with Fetcher(fetch_options(settings, request, batch=True)) as fetcher:
        items, _ = chosen_items(request.feed, fetcher, max_bytes=settings.max_input_bytes,
                                limit=request.limit, since=since)
        documents: list[tuple[str, Document]] = []
        for item in items:
            try:
                documents.append((item.key, read_url(item.link, fetcher)))
            except RewriteError as exc:
                ui.error(str(exc))
                failed += 1
    pipeline = build_pipeline(settings, say=ui.say, warn=ui.warn)
    options = options_for_fingerprint(settings, fmt=fmt, engine=pipeline.engine.name,
                                      model=pipeline.engine.model)
    stamp = fingerprint({**options, "combine": True})
    with Manifest.in_folder(out_dir) as manifest:
        manifest.remember_options(stamp, {**options, "combine": True})
        for story in group_stories([document for _, document in documents]):
            members = [documents[i] for i in story]
            key, lead = members[0]
            name = page_file_name(lead.input.path, key) + SUFFIXES[fmt]
            target = out_dir / name
            # a story is redone when its set of reports changes (a new report joined it)
            story_sha = text_sha256("\n".join(sorted(d.input.path for _, d in members)))
            decision = decide(manifest.get(name), input_sha256=story_sha, fingerprint=stamp,
                              existing_sha256=file_sha256(target), force=settings.force)
            if decision is Decision.SKIP:
                continue
            if decision is Decision.REFUSE:
                ui.error(f"{target} exists and was not written by this batch; use --force "
                         "to overwrite it")
                failed += 1
                continue
            try:
                if len(members) > 1:
                    rewrite = combine_documents(pipeline, [d for _, d in members])
                else:
                    rewrite = pipeline.run(lead)
                manifest.claim([(name, lead.input.path, story_sha, stamp)])
                text = render(rewrite, fmt)
                write_atomic(target, text)
                manifest.done(name, text_sha256(text))
                ui.say(f"wrote {target} ({len(members)} report(s))")
            except RewriteError as exc:
                ui.error(f"{lead.input.path}: {exc}")
                failed += 1
    return 1 if failed else 0
