"""``--combine``: one article from several reports of one story, every sentence credited
and verified, conflicts kept with attribution. The reports are our own samples of two
invented events (``tests/fixtures/stories``), told by three and by two outlets."""

from __future__ import annotations

import itertools
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from rewrite_cli.cli import app
from rewrite_cli.combine.merge import Relation, Report, merge_reports
from rewrite_cli.combine.similarity import SAME_FACT, SAME_STORY, sentence_similarity
from rewrite_cli.combine.stories import group_stories
from rewrite_cli.document import Sentence
from rewrite_cli.read import read_path
from webserver import Route

REPO = Path(__file__).resolve().parents[1]
FIRE = REPO / "tests" / "fixtures" / "stories" / "warehouse-fire"
BIKES = REPO / "tests" / "fixtures" / "stories" / "bike-lanes"
FIRE_REPORTS = [FIRE / "dunmore-herald.txt", FIRE / "valley-radio.md",
                FIRE / "northern-daily.html"]
OUTLETS = ["The Dunmore Herald", "Valley Radio News", "Northern Daily"]


def invoke(*args: str):
    return CliRunner().invoke(app, ["--engine", "extractive", *args], env={"NO_COLOR": "1"})


def combined_json(*args: str) -> dict:
    result = invoke(*args, "--combine", "--format", "json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


# --- the merge rules, on hand-made sentences -------------------------------------------


def report(credit: str, *texts: str) -> Report:
    return Report(credit, [Sentence(t, i, i) for i, t in enumerate(texts)])


def by_table(table: dict[tuple[str, str], Relation]):
    return lambda other, outline: table.get((other, outline), Relation.SAME)


def test_same_fact_is_kept_once_and_credited_to_both() -> None:
    lead = report("A", "The bridge on Mill Lane reopened to traffic on Tuesday.")
    other = report("B", "The Mill Lane bridge reopened to traffic on Tuesday.")
    outline = merge_reports([lead, other], by_table({}))
    assert [f.text for f in outline.facts] == [lead.sentences[0].text]
    assert outline.facts[0].credits == [0, 1]


def test_a_fact_only_another_report_has_lands_after_what_it_followed_there() -> None:
    lead = report("A", "The bridge on Mill Lane reopened to traffic on Tuesday.",
                  "The mayor cut a ribbon at the ceremony.")
    other = report("B", "The Mill Lane bridge reopened to traffic on Tuesday.",
                   "Repairs took fourteen months and closed the river path.")
    outline = merge_reports([lead, other], by_table({}))
    assert [f.text for f in outline.facts] == [
        lead.sentences[0].text, other.sentences[1].text, lead.sentences[1].text]
    assert outline.facts[1].credits == [1]


def test_conflicting_versions_are_both_kept_and_listed() -> None:
    lead = report("A", "Forty people were rescued from the flooded bridge on Tuesday.")
    other = report("B", "Forty-two people were rescued from the flooded bridge on Tuesday.")
    table = {(other.sentences[0].text, lead.sentences[0].text): Relation.CONFLICT}
    outline = merge_reports([lead, other], by_table(table))
    assert [f.text for f in outline.facts] == [lead.sentences[0].text, other.sentences[0].text]
    assert outline.facts[0].conflict == outline.facts[1].conflict == 0
    assert outline.conflicts[0].versions == [(0, lead.sentences[0].text),
                                             (1, other.sentences[0].text)]


def test_a_fuller_version_replaces_the_lead_wording_and_credits_only_its_source() -> None:
    lead = report("A", "The bridge on Mill Lane reopened on Tuesday.")
    other = report("B", "The bridge on Mill Lane reopened on Tuesday after a 2 million "
                   "pound repair.")
    table = {(other.sentences[0].text, lead.sentences[0].text): Relation.FULLER}
    outline = merge_reports([lead, other], by_table(table))
    assert [f.text for f in outline.facts] == [other.sentences[0].text]
    assert outline.facts[0].credits == [1] and outline.facts[0].partly == [0]


def test_a_report_saying_two_different_things_alike_keeps_both() -> None:
    """Its second sentence matches the fact its first one joined, but says more."""
    lead = report("A", "The Mill Lane bridge reopened on Tuesday.")
    first = "The bridge on Mill Lane reopened on Tuesday."
    second = "The bridge on Mill Lane reopened on Tuesday to cyclists only."
    table = {(second, lead.sentences[0].text): Relation.FULLER}
    outline = merge_reports([lead, report("B", first, second)], by_table(table))
    assert [f.text for f in outline.facts] == [lead.sentences[0].text, second]
    assert outline.facts[0].credits == [0, 1]


def test_a_report_repeating_itself_is_not_repeated() -> None:
    lead = report("A", "The Mill Lane bridge reopened on Tuesday.")
    again = report("B", "The bridge on Mill Lane reopened on Tuesday.",
                   "The Mill Lane bridge reopened on Tuesday, the council said.")
    outline = merge_reports([lead, again], by_table({}))
    assert [f.text for f in outline.facts] == [lead.sentences[0].text]


# --- three real-looking reports of one story -------------------------------------------


def test_three_reports_read_as_one_article_credited_and_verified() -> None:
    record = combined_json(*map(str, FIRE_REPORTS))
    sentences = record["report"]["sentences"]
    texts = [s["text"] for s in sentences]

    # one article: the lead's headline, every outlet named in the note
    assert record["title"] == "Fire Destroys Furniture Warehouse on Quay Street"
    assert "multiple news sources including The Dunmore Herald, Valley Radio News and " \
           "Northern Daily" in record["disclaimer"]
    assert [s["name"] for s in record["sources"]] == OUTLETS

    # every sentence credited to at least one real outlet and verified against its source
    for sentence in sentences:
        assert sentence["sources"], sentence
        assert set(sentence["sources"]) <= set(OUTLETS)
        assert sentence["status"] in {"kept", "rewritten", "compressed"}
        assert sentence["source"], sentence
    assert record["report"]["unsupported"] == []

    # no fact said twice: only the two attributed versions of the conflict are alike
    attributed = [t for t in texts if t.startswith("According to ")]
    for left, right in itertools.combinations(texts, 2):
        if left in attributed and right in attributed:
            continue
        assert sentence_similarity(left, right) < SAME_FACT, (left, right)

    # facts only one report has are in: the evacuation (Valley Radio), the smoke
    # (Northern Daily), the investigation (Dunmore Herald)
    body = " ".join(texts)
    assert "30 homes" in body and "ten miles away" in body and "investigation" in body

    # the disagreement on the number of firefighters is kept, attributed and listed
    assert any(t.startswith("According to The Dunmore Herald, sixty firefighters")
               for t in texts)
    assert any(t.startswith("According to Northern Daily, seventy firefighters")
               for t in texts)
    versions = record["report"]["conflicts"][0]["versions"]
    assert [v["source"] for v in versions] == ["The Dunmore Herald", "Northern Daily"]


def test_a_shared_fact_is_credited_to_every_report_that_states_it() -> None:
    record = combined_json(*map(str, FIRE_REPORTS))
    closed = next(s for s in record["report"]["sentences"] if "stay closed" in s["text"])
    assert closed["sources"] == ["The Dunmore Herald", "Northern Daily"]


def test_combine_summary_is_shorter_credited_and_keeps_both_sides_of_a_dispute() -> None:
    record = combined_json(*map(str, FIRE_REPORTS), "--mode", "summary", "--sentences", "4")
    sentences = record["report"]["sentences"]
    texts = [s["text"] for s in sentences]
    assert record["mode"] == "summary"
    assert all(s["sources"] for s in sentences)
    # the summary chose one version of the firefighter count; the other comes with it
    sides = [t for t in texts if t.startswith("According to ")]
    assert len(sides) == 2 and {"sixty", "seventy"} <= set(" ".join(sides).split())
    assert len(texts) == 5  # four chosen, plus the other version of the dispute


def test_combine_needs_two_reports() -> None:
    result = invoke(str(FIRE_REPORTS[0]), "--combine")
    assert result.exit_code == 2
    assert "at least two reports" in result.stderr


def test_combine_reads_urls(web) -> None:
    web.routes["/robots.txt"] = Route(404, b"")
    for path in FIRE_REPORTS:
        kind = {"html": "text/html", "md": "text/markdown", "txt": "text/plain"}[
            path.suffix[1:]]
        web.routes[f"/{path.name}"] = Route(body=path.read_bytes(), content_type=kind)
    record = combined_json(*(web.url(f"/{p.name}") for p in FIRE_REPORTS))
    assert "Northern Daily" in record["disclaimer"]
    assert {"name": "Northern Daily", "url": web.url("/northern-daily.html")} in \
        record["sources"]


def test_combine_fetches_the_links_of_url_files_as_a_batch_does(web, tmp_path) -> None:
    """Before: a ``.url`` file given to --combine was read as the article itself (its
    ``[InternetShortcut]`` text), and failed as too short."""
    web.routes["/robots.txt"] = Route(404, b"")
    web.routes["/northern-daily.html"] = Route(body=FIRE_REPORTS[2].read_bytes())
    link = tmp_path / "northern.url"
    link.write_text(f"[InternetShortcut]\nURL={web.url('/northern-daily.html')}\n")
    record = combined_json(str(FIRE_REPORTS[0]), str(link))
    assert {"name": "Northern Daily", "url": web.url("/northern-daily.html")} in \
        record["sources"]
    assert web.hits["/northern-daily.html"] == 1


# --- stories ---------------------------------------------------------------------------


def test_grouping_reads_each_report_once_not_once_per_pair(monkeypatch) -> None:
    """Grouping compares every pair; reading each text's words for every pair made 200
    feed items take a minute (measured 60 s before, 2 s after, in one run)."""
    from rewrite_cli.combine import similarity, stories

    reads: list[str] = []

    def counted(text: str) -> list[str]:
        reads.append(text)
        return real(text)

    real = similarity.content_words
    monkeypatch.setattr(similarity, "content_words", counted)
    documents = [read_path(p) for p in [*FIRE_REPORTS, *sorted(BIKES.iterdir())]]
    groups = stories.group_stories(documents)
    assert len(reads) == len(documents)
    assert groups == [[0, 1, 2], [3, 4]]


def test_reports_are_grouped_into_their_stories() -> None:
    paths = [FIRE_REPORTS[0], BIKES / "kestrel-post.txt", FIRE_REPORTS[2],
             REPO / "samples" / "harbour-bridge.txt", BIKES / "kestrel-radio.md",
             FIRE_REPORTS[1]]
    groups = group_stories([read_path(p) for p in paths], threshold=SAME_STORY)
    assert groups == [[0, 2, 5], [1, 4], [3]]


def test_feed_combine_writes_one_article_per_story(web, tmp_path) -> None:
    web.routes["/robots.txt"] = Route(404, b"")
    reports = [*FIRE_REPORTS, BIKES / "kestrel-post.txt", BIKES / "kestrel-radio.md"]
    for path in reports:
        kind = {"html": "text/html", "md": "text/markdown", "txt": "text/plain"}[
            path.suffix[1:]]
        web.routes[f"/{path.name}"] = Route(body=path.read_bytes(), content_type=kind)
    items = "".join(f"<item><title>{p.stem}</title><link>{web.url('/' + p.name)}</link>"
                    f"<guid>{p.stem}</guid></item>" for p in reports)
    feed = tmp_path / "feed.xml"
    feed.write_text(f'<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>'
                    f"{items}</channel></rss>")
    out = tmp_path / "out"
    result = invoke("--feed", str(feed), "--combine", "-o", str(out), "-f", "json")
    assert result.exit_code == 0, result.output
    written = sorted(out.glob("*.json"))
    assert len(written) == 2
    notes = sorted(json.loads(p.read_text())["disclaimer"] for p in written)
    assert "The Kestrel Post and Kestrel Community Radio" in notes[0] or \
        "The Kestrel Post and Kestrel Community Radio" in notes[1]
    assert any("Valley Radio News and Northern Daily" in note for note in notes)

    # a rerun with the same reports per story rewrites nothing
    before = {p.name: p.stat().st_ino for p in written}
    again = invoke("--feed", str(feed), "--combine", "-o", str(out), "-f", "json")
    assert again.exit_code == 0, again.output
    assert {p.name: p.stat().st_ino for p in out.glob("*.json")} == before

    # an output the user changed is not overwritten without --force
    written[0].write_text("my own notes\n")
    refused = invoke("--feed", str(feed), "--combine", "-o", str(out), "-f", "json")
    assert refused.exit_code == 1
    assert "use --force" in refused.stderr
    assert written[0].read_text() == "my own notes\n"


@pytest.mark.parametrize("args", [["--jsonl-out", "-"], ["-"]])
def test_combine_refuses_streams(args) -> None:
    result = invoke(str(FIRE_REPORTS[0]), *args, "--combine")
    assert result.exit_code == 2
    assert "Traceback" not in result.output


# --- every combined sentence goes through the fact check -------------------------------


class ChangingEngine:
    """Proposes, for every sentence, a faithful edit and one that changes its number."""

    name = "scripted"
    model = None

    def generate(self, plans):
        from rewrite_cli.document import Candidate, Draft
        from rewrite_cli.engines.base import Generation

        def propose(text: str) -> list[Candidate]:
            out = [Candidate(text.replace("Sixty", "Eighty").replace("sixty", "eighty"),
                             "model")]
            if text == "No one was injured, the fire service said.":
                out.append(Candidate("The fire service said no one was injured.", "model"))
            return [c for c in out if c.text != text]

        return [Generation([Draft(u, propose(u.text)) for u in plan.units]) for plan in plans]


def test_combined_sentences_are_checked_against_their_own_source(nlp) -> None:
    from rewrite_cli.combine.article import combine_documents
    from rewrite_cli.pipeline import Pipeline
    from rewrite_cli.settings import Settings
    from rewrite_cli.verify import FactChecker

    pipeline = Pipeline(Settings(), ChangingEngine(), FactChecker(nlp=nlp))
    rewrite = combine_documents(pipeline, [read_path(p) for p in FIRE_REPORTS])
    texts = [s.text for s in rewrite.report.sentences]
    assert not any("ighty" in t for t in texts)  # the changed number never got through
    rejected = [r for s in rewrite.report.sentences for r in s.rejected]
    assert any("ighty" in r.candidate and any(f.reason == "number" for f in r.findings)
               for r in rejected)
    injured = next(s for s in rewrite.report.sentences if "injured" in s.text)
    assert injured.status == "rewritten"
    assert injured.text == "The fire service said no one was injured."
    assert injured.sources == ["No one was injured, the fire service said."]
    assert injured.credits[0] == "The Dunmore Herald"


@pytest.mark.parametrize(("text", "expected"), [
    ("Sixty firefighters fought the blaze.",
     "According to The Herald, sixty firefighters fought the blaze."),
    ("Brandt & Sons will rebuild the warehouse.",
     "According to The Herald, Brandt & Sons will rebuild the warehouse."),
    ("According to the fire service, sixty firefighters fought the blaze.",
     "According to the fire service, sixty firefighters fought the blaze, The Herald reported."),
])
def test_attribution_of_a_disputed_version(nlp, text, expected) -> None:
    from rewrite_cli.combine.article import attributed
    from rewrite_cli.combine.relate import FactRelation
    from rewrite_cli.verify import FactChecker

    assert attributed(text, "The Herald", FactRelation(FactChecker(nlp=nlp))) == expected


FLOOD_EN = """Storm floods coastal town

Heavy rain flooded the coastal town of Marlow Bay on Tuesday, forcing 300 residents from \
their homes.

The mayor, Ellen Price, said the water reached the main square by noon.

Emergency crews opened two shelters at the town's schools.
"""
FLOOD_FR = """Inondations à Marlow Bay

De fortes pluies ont inondé la ville côtière de Marlow Bay mardi, forçant 300 habitants à \
quitter leur domicile.

La maire, Ellen Price, a déclaré que l'eau avait atteint la place principale à midi.

Les secours ont ouvert deux abris dans les écoles de la ville.
"""


def test_reports_in_different_languages_are_refused_not_told_twice(tmp_path) -> None:
    """Before: the French report shared no wording with the English one, so each of its
    facts was added again, in French, into the English article."""
    english, french = tmp_path / "flood.txt", tmp_path / "inondation.txt"
    english.write_text(FLOOD_EN)
    french.write_text(FLOOD_FR)
    result = invoke(str(english), str(french), "--combine")
    assert result.exit_code == 2, result.output
    assert result.stdout == ""
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and "inondation.txt" in lines[0] and "one language" in lines[0]
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(("other", "expected"), [
    # a different name sharing a word with the lead's is a dispute, never merged
    ("The mayor, Ellen Pryce, said the water reached the main square by noon.", "CONFLICT"),
    ("The mayor, Helen Price, said the water reached the main square by noon.", "CONFLICT"),
    # the same name, or the lead's name told in full, is still the same fact
    ("The mayor, Ellen Price, said the water reached the main square by noon.", "SAME"),
    ("Mayor Ellen Price said the water reached the main square by noon.", "SAME"),
])
def test_names_that_differ_are_a_conflict_not_a_fuller_form(nlp, other, expected) -> None:
    from rewrite_cli.combine.merge import Relation
    from rewrite_cli.combine.relate import FactRelation
    from rewrite_cli.verify import FactChecker

    relate = FactRelation(FactChecker(nlp=nlp))
    lead = "The mayor, Ellen Price, said the water reached the main square by noon."
    assert relate(other, lead) is Relation[expected]


def test_a_disputed_name_keeps_both_versions_end_to_end(tmp_path) -> None:
    lead, other = tmp_path / "alpha.txt", tmp_path / "beta.txt"
    lead.write_text("Storm floods coastal town\n\nSource: Alpha News\n\n" + FLOOD_EN.split(
        "\n\n", 1)[1])
    other.write_text("Storm floods coastal town\n\nSource: Beta Times\n\n" + FLOOD_EN.split(
        "\n\n", 1)[1].replace("Ellen Price", "Ellen Pryce"))
    record = combined_json(str(lead), str(other))
    assert "Ellen Price" in record["body"] and "Ellen Pryce" in record["body"]
    assert "According to Beta Times" in record["body"]
    assert len(record["report"]["conflicts"]) == 1


def test_the_note_names_only_reports_the_published_sentences_come_from(tmp_path) -> None:
    """A one-sentence summary that uses nothing of the second report must not credit
    its outlet: naming an outlet that is not a source is a false attribution."""
    lead, other = tmp_path / "alpha.txt", tmp_path / "delta.txt"
    lead.write_text("Storm floods coastal town\n\nSource: Alpha News\n\n" + FLOOD_EN.split(
        "\n\n", 1)[1])
    other.write_text("Harbour road shut\n\nSource: Delta Radio\n\n"
                     "Police closed the harbour road after a landslide near Kestrel on Friday."
                     "\n\nA spokesperson said nobody was hurt in the slide.\n\n"
                     "The council said the road would stay shut for a week.\n")
    record = combined_json(str(lead), str(other), "--mode", "summary", "--sentences", "1")
    credited = {c for s in record["report"]["sentences"] for c in s["sources"]}
    assert credited == {"Alpha News"}
    assert "Alpha News" in record["disclaimer"]
    assert "Delta Radio" not in record["disclaimer"]
    assert [s["name"] for s in record["sources"]] == ["Alpha News"]

    both = combined_json(str(lead), str(other))  # the full article uses both reports
    assert "Alpha News" in both["disclaimer"] and "Delta Radio" in both["disclaimer"]


def test_a_report_of_another_story_is_not_combined_in_silence(tmp_path) -> None:
    lead, other = tmp_path / "flood.txt", tmp_path / "landslide.txt"
    lead.write_text(FLOOD_EN)
    other.write_text("Harbour road shut\n\n"
                     "Police closed the harbour road after a landslide near Kestrel on Friday."
                     "\n\nA spokesperson said nobody was hurt in the slide.\n\n"
                     "The council said the road would stay shut for a week.\n")
    result = invoke(str(lead), str(other), "--combine")
    assert result.exit_code == 0, result.output
    warnings = [line for line in result.stderr.splitlines() if "same story" in line]
    assert len(warnings) == 1 and "landslide.txt" in warnings[0]

    same = invoke(*map(str, FIRE_REPORTS), "--combine")
    assert same.exit_code == 0 and "same story" not in same.stderr


def test_the_conflict_warning_is_one_line(tmp_path) -> None:
    """Warnings were wrapped at 80 columns when stderr is not a terminal, splitting the
    outlets' names over two lines (unlike errors, which were already one line)."""
    lead, other = tmp_path / "alpha.txt", tmp_path / "beta.txt"
    lead.write_text("Storm floods coastal town\n\nSource: Alpha News Service of Marlow\n\n"
                    + FLOOD_EN.split("\n\n", 1)[1])
    other.write_text("Storm floods coastal town\n\nSource: Beta Times of the Eastern Coast\n\n"
                     + FLOOD_EN.split("\n\n", 1)[1].replace("300", "450"))
    result = invoke(str(lead), str(other), "--combine")
    assert result.exit_code == 0, result.output
    (line,) = [line for line in result.stderr.splitlines() if line.strip()]
    assert line.startswith("warning: the sources disagree") and line.endswith("attributed")
