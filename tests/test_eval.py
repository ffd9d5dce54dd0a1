"""``rewrite eval`` on a tiny dataset made here: extractive and Lead-3 only, so it stays fast."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from rewrite_cli.document import Finding, Originality, Rejection, Report, VerifiedSentence
from rewrite_cli.errors import InputError, UsageError
from rewrite_cli.evaluation.cli import eval_app
from rewrite_cli.evaluation.dataset import load_examples
from rewrite_cli.evaluation.metrics import average, score_output
from rewrite_cli.evaluation.report import markdown_table
from rewrite_cli.evaluation.rouge import rouge
from rewrite_cli.evaluation.run import EvalConfig, SystemRun, run_isolated
from rewrite_cli.evaluation.systems import (
    SentenceTokenizer,
    SystemSpec,
    choose_systems,
    sumy_selector,
)

BRIDGE = (
    "The harbour bridge in Ferndale reopened to traffic on Monday after a repair that took "
    "two years. The council spent 14.2 million pounds on new steel cables and a wider "
    "footpath. Mayor Alice Grant said the town had waited long enough. About 9,000 vehicles "
    "are expected to cross the bridge every day. Shops near the harbour reported more "
    "customers within hours of the reopening. Engineers will inspect the cables again in "
    "March."
)
BRIDGE_REFERENCE = (
    "Ferndale's harbour bridge reopened on Monday after a two-year repair .\n"
    "The council spent 14.2 million pounds on new cables and a wider footpath .\n"
    "About 9,000 vehicles a day are expected to use it ."
)
ROBOTS = (
    "The Northgate city library has started lending small robots that teach children to "
    "code. Families can borrow a robot for two weeks with an ordinary library card. The "
    "library bought 40 robots with a grant from a local technology firm. Librarian Tom "
    "Okafor said the waiting list already had 120 names. Children aged eight to twelve can "
    "also join free weekend classes. The scheme will be reviewed after six months."
)
ROBOTS_REFERENCE = (
    "Northgate library lends robots that teach children to code .\n"
    "It bought 40 robots with a grant; 120 families are on the waiting list ."
)
WIND_HTML = (
    "<html><head><title>Wind farm approved off the coast</title></head><body><article>"
    "<h1>Wind farm approved off the coast</h1>"
    "<p>Regulators approved a 30-turbine wind farm eight miles off the northern coast on "
    "Thursday. The project is expected to power 200,000 homes when it opens in 2029.</p>"
    "<p>Fishing groups said they were worried about access to their grounds during "
    "construction. The developer promised to pay for a new monitoring station.</p>"
    "</article></body></html>"
)


def write_dataset(path: Path, rows: list[dict]) -> Path:
    path.write_text("".join(json.dumps(row) + "\n" for row in rows), encoding="utf-8")
    return path


@pytest.fixture
def dataset(tmp_path: Path) -> Path:
    return write_dataset(
        tmp_path / "news.jsonl",
        [
            {"id": "bridge", "article": BRIDGE, "reference": BRIDGE_REFERENCE},
            {"id": "robots", "text": ROBOTS, "reference": ROBOTS_REFERENCE},
        ],
    )


def invoke(*args: str):
    return CliRunner().invoke(eval_app, list(args), env={"NO_COLOR": "1", "COLUMNS": "120"})


def systems_by_name(out: Path) -> dict[str, dict]:
    data = json.loads((out / "results.json").read_text(encoding="utf-8"))
    return {s["spec"]["name"]: s for s in data["systems"]}


def test_dataset_fields_reference_and_limit(tmp_path: Path) -> None:
    path = write_dataset(
        tmp_path / "mixed.jsonl",
        [
            {"id": "a", "article": BRIDGE, "reference": BRIDGE_REFERENCE},
            {"text": ROBOTS},
            {
                "id": "c",
                "html": WIND_HTML,
                "reference": "Wind farm approved .",
                "source": "Coast Gazette",
            },
        ],
    )
    examples = load_examples(path)
    assert [e.id for e in examples] == ["a", "2", "c"]
    assert [e.record.is_html for e in examples] == [False, False, True]
    assert examples[1].reference is None
    wind = examples[2].document()
    assert wind.input.format == "html"
    assert any("30-turbine wind farm" in p for p in wind.paragraphs)
    assert "<p>" not in " ".join(wind.paragraphs)
    assert "Coast Gazette" in [source.name for source in wind.meta.sources]
    assert [e.id for e in load_examples(path, limit=2)] == ["a", "2"]


@pytest.mark.parametrize(
    ("content", "needle"),
    [
        ('{"article": "fine text here"}\n{not json}\n', ":2: not valid JSON"),
        ('{"title": "no body"}\n', ":1: no 'article', 'text' or 'html'"),
        ("[1, 2]\n", ":1: each line must be a JSON object"),
        ("\n\n", "has no articles"),
    ],
)
def test_dataset_errors_name_the_line(tmp_path: Path, content: str, needle: str) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(InputError, match=needle.replace("(", r"\(")):
        load_examples(path)


def test_systems_lead3_always_first_and_engine_last() -> None:
    warnings: list[str] = []
    specs = choose_systems("model", "flan-t5-small", "extractive", warn=warnings.append)
    assert [(s.name, s.kind) for s in specs] == [
        ("lead-3", "lead3"),
        ("extractive", "extractive"),
        ("model (flan-t5-small)", "pipeline"),
    ]
    assert specs[-1].engine == "model" and specs[-1].model == "flan-t5-small"
    # --model alone means the model engine; --engine extractive is not run twice.
    assert choose_systems(None, "tiny", "lead3", warn=warnings.append)[-1].engine == "model"
    names = [
        s.name for s in choose_systems("extractive", None, "lead3,extractive", warn=warnings.append)
    ]
    assert names == ["lead-3", "extractive"]
    with pytest.raises(UsageError, match="unknown baseline"):
        choose_systems(None, None, "lead3,bestsum", warn=warnings.append)
    with pytest.raises(UsageError, match="--engine"):
        choose_systems("gpt", None, "lead3", warn=warnings.append)


def test_score_output_counts_unsupported_by_kind() -> None:
    caught = Rejection(
        "Mayor Bob Grant spent 16 million pounds.",
        "model",
        [
            Finding("number", "16 million pounds"),
            Finding("entity", "Bob Grant"),
            Finding("number", "16"),
        ],
    )
    sentences = [
        VerifiedSentence(
            "The council spent 15 million pounds.",
            ["s1"],
            0,
            "rewritten",
            findings=[Finding("number", "15 million pounds")],
            rejected=[caught, Rejection("", "model", [Finding("empty", "")])],
        ),
        VerifiedSentence(
            "Mayor Bob Grant was pleased.",
            ["s2"],
            0,
            "rewritten",
            findings=[Finding("entity", "Bob Grant"), Finding("negation", "not")],
        ),
        VerifiedSentence("Engineers will inspect the cables again in March.", ["s3"], 0, "kept"),
    ]
    report = Report(sentences, Originality(0.4, 7, 0.33))
    scores = score_output(report, BRIDGE_REFERENCE)
    assert scores["unsupported"] == 3
    assert (
        scores["unsupported_numbers"],
        scores["unsupported_entities"],
        scores["unsupported_quotes"],
        scores["unsupported_other"],
    ) == (1, 1, 0, 1)
    assert scores["rejected"] == 2
    assert (scores["rejected_numbers"], scores["rejected_entities"], scores["rejected_other"]) == (
        1,
        1,
        1,
    )
    assert scores["rewritten_share"] == pytest.approx(2 / 3)
    assert scores["kept_share"] == pytest.approx(1 / 3)
    assert scores["words"] == 6 + 5 + 8
    assert scores["novel_bigram_ratio"] == 0.4 and scores["longest_copied_span"] == 7
    assert scores["rouge1"] == rouge([s.text for s in sentences], BRIDGE_REFERENCE)["rouge1"]
    assert "rouge1" not in score_output(report, None)
    # ROUGE is averaged only over articles that have a reference.
    assert average([{"rouge1": 0.5, "words": 10.0}, {"words": 20.0}]) == {
        "rouge1": 0.5,
        "words": 15.0,
    }


def test_eval_command_writes_json_markdown_and_plot(dataset: Path, tmp_path: Path) -> None:
    out = tmp_path / "results"
    result = invoke(
        str(dataset), "--baselines", "lead3,extractive", "--in-process", "--out", str(out)
    )
    assert result.exit_code == 0, result.output
    assert "ROUGE-1" in result.stderr and "lead-3" in result.stderr  # the terminal table
    systems = systems_by_name(out)
    assert list(systems) == ["lead-3", "extractive"]
    lead = systems["lead-3"]
    assert [a["id"] for a in lead["articles"]] == ["bridge", "robots"]
    bridge = lead["articles"][0]
    assert bridge["output"] == [
        "The harbour bridge in Ferndale reopened to traffic on Monday after a repair that "
        "took two years.",
        "The council spent 14.2 million pounds on new steel cables and a wider footpath.",
        "Mayor Alice Grant said the town had waited long enough.",
    ]
    assert bridge["scores"]["rouge1"] == pytest.approx(
        rouge(bridge["output"], BRIDGE_REFERENCE)["rouge1"]
    )
    for system in systems.values():
        summary = system["summary"]
        assert system["failed"] == 0 and system["error"] is None
        assert 0.2 < summary["rouge1"] <= 1.0
        assert summary["unsupported"] == 0  # both publish source wording
        assert summary["novel_bigram_ratio"] < 0.2 and summary["longest_copied_span"] >= 8
        assert summary["seconds"] > 0 and summary["cpu_seconds"] > 0
        assert system["peak_rss_mib"] is None  # in-process: no honest per-system figure
    assert systems["extractive"]["engine"] == "extractive"
    markdown = (out / "results.md").read_text(encoding="utf-8")
    assert "| system | R-1 |" in markdown
    lead_row = next(line for line in markdown.splitlines() if line.startswith("| lead-3 |"))
    assert f"| {100 * lead['summary']['rouge1']:.1f} |" in lead_row
    assert "news.jsonl" in markdown and "- **novel**:" in markdown
    if _has_matplotlib():  # optional: the [bench] extra
        assert (out / "results.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def _has_matplotlib() -> bool:
    import importlib.util

    return importlib.util.find_spec("matplotlib") is not None


def test_rewrite_mode_without_references_skips_rouge_and_plot(tmp_path: Path) -> None:
    path = write_dataset(tmp_path / "plain.jsonl", [{"article": BRIDGE}, {"html": WIND_HTML}])
    out = tmp_path / "out"
    result = invoke(
        str(path),
        "--mode",
        "rewrite",
        "--baselines",
        "extractive",
        "--in-process",
        "--out",
        str(out),
    )
    assert result.exit_code == 0, result.output
    assert "no plot" in result.stderr
    assert not (out / "results.png").exists()
    extractive = systems_by_name(out)["extractive"]
    assert "rouge1" not in extractive["summary"]
    # Rewrite mode publishes every content sentence of the article.
    assert len(extractive["articles"][0]["output"]) == 6
    assert "| – | – | – |" in (out / "results.md").read_text(encoding="utf-8")


def test_article_that_cannot_be_read_counts_as_failed(tmp_path: Path) -> None:
    path = write_dataset(
        tmp_path / "short.jsonl",
        [
            {"id": "ok", "article": ROBOTS, "reference": ROBOTS_REFERENCE},
            {"id": "stub", "article": "Too short.", "reference": "Nothing ."},
        ],
    )
    out = tmp_path / "out"
    result = invoke(str(path), "--baselines", "lead3", "--in-process", "--out", str(out))
    assert result.exit_code == 0, result.output
    lead = systems_by_name(out)["lead-3"]
    assert lead["failed"] == 1
    stub = lead["articles"][1]
    assert stub["id"] == "stub" and stub["error"] and stub["scores"] == {}
    assert lead["summary"]["rouge1"] == lead["articles"][0]["scores"]["rouge1"]


def test_bad_dataset_and_options_are_one_line_errors(tmp_path: Path) -> None:
    for args, code, needle in [
        ([str(tmp_path / "missing.jsonl")], 2, "no such dataset file"),
        ([str(tmp_path / "x.jsonl"), "--mode", "poem"], 2, "--mode must be one of"),
        ([str(tmp_path / "x.jsonl"), "--baselines", "lead3,bestsum"], 2, "unknown baseline"),
    ]:
        result = invoke(*args, "--out", str(tmp_path / "out"))
        assert result.exit_code == code, result.output
        lines = [line for line in result.stderr.splitlines() if line.strip()]
        assert len(lines) == 1 and needle in lines[0], result.stderr
    assert not (tmp_path / "out").exists()


def test_isolated_run_measures_the_workers_memory(dataset: Path) -> None:
    run = run_isolated(
        SystemSpec(name="lead-3", kind="lead3"),
        EvalConfig(dataset=str(dataset), limit=1),
        quiet=True,
    )
    assert run.error is None and len(run.articles) == 1
    assert run.peak_rss_mib is not None and run.start_rss_mib is not None
    assert 20 < run.start_rss_mib <= run.peak_rss_mib
    assert run.articles[0].scores["rouge1"] > 0.2
    assert "lead-3" in markdown_table([run])


def test_failed_system_is_reported_not_fatal() -> None:
    failed = SystemRun(
        spec=SystemSpec(name="model (x)", kind="pipeline", engine="model"),
        error="model x not found",
    )
    table = markdown_table([failed])
    assert "| model (x) |" in table and "all: model x not found" in table
    assert failed.summary() == {} and failed.failed == 0
    default_model = SystemRun(spec=SystemSpec(name="model", kind="pipeline", engine="model"),
                              engine="model", model="smollm2-135m")
    assert default_model.label == "model (smollm2-135m)"


def test_sumy_baseline_uses_our_segmenter_without_punkt() -> None:
    pytest.importorskip("sumy")
    tokenizer = SentenceTokenizer()
    assert tokenizer.to_sentences("Dr. Grant spoke on Monday. The bridge opened.") == [
        "Dr. Grant spoke on Monday.",
        "The bridge opened.",
    ]
    assert tokenizer.to_words("Ferndale's 9,000 drivers cheered.") == [
        "Ferndale's",
        "drivers",
        "cheered",
    ]
    sentences = tokenizer.to_sentences(BRIDGE)
    assert len(sentences) == 6
    for kind in ("lexrank", "textrank"):
        chosen = sumy_selector(kind, 2)(sentences)
        assert len(chosen) == 2 and set(chosen) <= set(sentences)
        assert sorted(chosen, key=sentences.index) == chosen  # document order


def test_without_sumy_its_baselines_are_skipped_or_refused(monkeypatch) -> None:
    from rewrite_cli.evaluation import systems

    monkeypatch.setattr(systems, "sumy_installed", lambda: False)
    warnings: list[str] = []
    specs = choose_systems(None, None, None, warn=warnings.append)
    assert [s.kind for s in specs] == ["lead3", "extractive"]
    assert warnings == ["sumy is not installed; skipping the LexRank and TextRank baselines"]
    with pytest.raises(UsageError, match=r"pip install 'rewrite-cli\[bench\]'"):
        choose_systems(None, None, "textrank", warn=warnings.append)


def test_plot_without_matplotlib_says_how_to_get_it(monkeypatch, tmp_path: Path) -> None:
    from rewrite_cli.evaluation.report import plot

    monkeypatch.setitem(sys.modules, "matplotlib", None)  # import fails
    run = SystemRun(spec=SystemSpec(name="lead-3", kind="lead3"))
    with pytest.raises(UsageError, match="the plot needs matplotlib"):
        plot([run], tmp_path / "results.png", "title")
    assert not (tmp_path / "results.png").exists()


def test_rewrite_dispatches_eval_to_this_command(capsys) -> None:
    from rewrite_cli.cli import main

    with pytest.raises(SystemExit) as exit_info:
        main(["eval", "--help"])
    assert exit_info.value.code == 0
    out = capsys.readouterr().out
    assert "rewrite eval" in out and "--baselines" in out and "--in-process" in out
