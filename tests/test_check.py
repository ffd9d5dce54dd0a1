"""``rewrite check``: a rewrite made anywhere, verified against its source."""

from __future__ import annotations

import json
import random
import subprocess
import sys
from pathlib import Path

import pytest

from rewrite_cli.checking.compare import quote_problems
from rewrite_cli.checking.pairs import BadPair, Pair, iter_pairs

REPO = Path(__file__).resolve().parents[1]

SOURCE = """Valley Hospital Delays New Wing

The board of Valley Hospital said on Monday that it had postponed work on a new cancer wing \
by six months.

Costs for the 40-bed wing have risen to 62 million dollars, according to the board's \
finance report.

"We will not cut a single bed from this plan," chief executive Anna Ruiz told reporters.

The state health department has not approved the revised budget.

Construction is now expected to begin in September.
"""

# A changed number, a dropped negation and an altered quote; the rest is faithful.
BAD_REWRITE = """Valley Hospital Delays New Wing

The board of Valley Hospital said on Monday that it had postponed work on a new cancer wing \
by six months.

Costs for the 40-bed wing have risen to 68 million dollars, according to the board's \
finance report.

"We will not cut one bed from this plan," chief executive Anna Ruiz told reporters.

The state health department has approved the revised budget.
"""


def run_check(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "rewrite_cli", "check", *args],
        input=stdin, capture_output=True, text=True, cwd=REPO, timeout=300,
        env={"PYTHONPATH": str(REPO / "src"), "PATH": "/usr/bin:/bin", "NO_COLOR": "1"},
    )


@pytest.fixture()
def files(tmp_path: Path) -> tuple[Path, Path]:
    source = tmp_path / "source.txt"
    source.write_text(SOURCE, encoding="utf-8")
    rewrite = tmp_path / "rewrite.txt"
    rewrite.write_text(BAD_REWRITE, encoding="utf-8")
    return source, rewrite


def test_changed_number_dropped_negation_and_altered_quote_exit_3(files):
    source, rewrite = files
    done = run_check(str(source), str(rewrite))
    assert done.returncode == 3, done.stderr
    report = done.stdout
    assert report.startswith("UNSUPPORTED")
    assert 'number "68 million dollars"' in report
    assert 'negation "not"' in report
    assert 'altered quote "we will not cut one bed from this plan"' in report
    # The omitted last sentence is listed but allowed; the faithful ones are "ok".
    assert "Construction is now expected to begin in September." in report
    assert " ok  [one-to-one; source 2]" in report
    assert done.stderr == ""


def test_json_format_names_each_problem(files):
    source, rewrite = files
    done = run_check(str(source), str(rewrite), "--format", "json")
    assert done.returncode == 3, done.stderr
    data = json.loads(done.stdout)
    assert data["supported"] is False
    reasons = {f["reason"] for s in data["sentences"] for f in s["findings"]}
    assert {"number", "negation", "quote"} <= reasons
    assert data["quotes"] == [{"quote": "we will not cut one bed from this plan",
                               "problem": "altered",
                               "source": "we will not cut a single bed from this plan"}]
    assert [o["text"] for o in data["omitted"]] == [
        "Construction is now expected to begin in September."]
    assert 0 <= data["novel_bigram_ratio"] <= 1


def test_faithful_rewrite_from_stdin_exits_0(files):
    source, _ = files
    subset = SOURCE.rsplit("\n\n", 2)[0] + "\n"  # leaves out the last two sentences
    done = run_check(str(source), "-", stdin=subset)
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.startswith("SUPPORTED")
    assert "omitted, allowed" in done.stdout


def test_a_detail_left_out_is_unsupported_unless_omissions_are_allowed(files):
    source, _ = files
    shortened = SOURCE.replace("chief executive Anna Ruiz told reporters",
                               "the chief executive said")
    done = run_check(str(source), "-", stdin=shortened)
    assert done.returncode == 3, done.stdout
    assert 'omission "Anna Ruiz": name of the source left out' in done.stdout
    done = run_check(str(source), "-", "--allow-omissions", stdin=shortened)
    assert done.returncode == 0, done.stdout
    assert 'left out (allowed): "Anna Ruiz"' in done.stdout
    # A dropped negation is never just an omission.
    dropped = SOURCE.replace("has not approved", "has approved")
    done = run_check(str(source), "-", "--allow-omissions", stdin=dropped)
    assert done.returncode == 3 and 'negation "not": negation dropped' in done.stdout


def test_bad_inputs_are_one_line_exit_2(files, tmp_path):
    source, _ = files
    for args in ([str(source), str(tmp_path / "missing.txt")], ["-", "-"], [str(source)],
                 ["--pairs", "x.jsonl", str(source)]):
        done = run_check(*args, stdin="")
        assert done.returncode == 2, (args, done.stderr)
        assert len(done.stderr.strip().splitlines()) == 1, done.stderr
        assert done.stdout == ""


def test_pairs_jsonl_verdicts_and_malformed_lines(tmp_path):
    lines = [
        json.dumps({"id": "good", "source": SOURCE, "rewrite": SOURCE.split("\n\n")[1]}),
        "{not json",
        json.dumps({"id": "bad", "source": SOURCE, "rewrite": BAD_REWRITE}),
        json.dumps({"id": "no-rewrite", "source": SOURCE}),
    ]
    path = tmp_path / "pairs.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    done = run_check("--pairs", str(path))
    assert done.returncode == 1  # malformed lines win over unsupported pairs
    verdicts = [json.loads(line) for line in done.stdout.splitlines()]
    assert [(v["id"], v["supported"]) for v in verdicts] == [("good", True), ("bad", False)]
    errors = done.stderr.strip().splitlines()
    assert len(errors) == 2
    assert "line 2" in errors[0] and "line 4" in errors[1]


def test_pairs_tsv_from_stdin_exit_3_when_unsupported():
    tsv = ("id\tsource\trewrite\n"
           "p1\tThe mayor opened the new library on Friday.\t"
           "On Friday, the mayor opened the new library.\n"
           "p2\tThe mayor opened the new library on Friday.\t"
           "The mayor opened the new library on Sunday.\n")
    done = run_check("--pairs", "-", stdin=tsv)
    assert done.returncode == 3, done.stderr
    verdicts = {v["id"]: v for v in map(json.loads, done.stdout.splitlines())}
    assert verdicts["p1"]["supported"] is True
    assert verdicts["p2"]["supported"] is False
    assert any(f["reason"] == "date" for s in verdicts["p2"]["sentences"]
               for f in s["findings"])


def test_iter_pairs_sniffs_and_reports():
    items = list(iter_pairs('{"id": 1, "source": "a", "rewrite": "b"}\n[1]\n'))
    assert items == [Pair("1", 1, "a", "b"), BadPair(2, "not a JSON object")]
    items = list(iter_pairs("id\tsource\n1\ta\n"))
    assert isinstance(items[0], BadPair) and "rewrite" in items[0].reason
    items = list(iter_pairs("id\tsource\trewrite\n1\ta\tb\n1\ta\tb\n2\ta\n"))
    assert items[0] == Pair("1", 2, "a", "b")
    assert [type(i) for i in items[1:]] == [BadPair, BadPair]


def test_iter_pairs_a_deeply_nested_line_is_a_bad_pair():
    deep = "[" * 100_000 + "]" * 100_000
    items = list(iter_pairs('{"id": "a", "source": ' + deep + ', "rewrite": "b"}\n'
                            '{"id": 2, "source": "a", "rewrite": "b"}\n'))
    assert items == [BadPair(1, "JSON nested too deeply"), Pair("2", 2, "a", "b")]


def test_quote_problems_altered_and_invented():
    source = 'She said: "We will open in May." The report said the road was unsafe.'
    assert quote_problems('She said: "We will open in May."', source) == []
    altered, invented = quote_problems(
        'She said: "We will open in June." He called it "a scandal".', source)
    assert (altered.problem, altered.source) == ("altered", "we will open in may")
    assert (invented.problem, invented.text) == ("invented", "a scandal")
    # Source words the source never quoted are an invented quotation too.
    [problem] = quote_problems('The report called the road "unsafe".', source)
    assert problem.problem == "invented"


def test_each_sentence_is_parsed_once(nlp):
    """The aligner's word bags and the checker's facts come from one parse of each text."""
    from rewrite_cli.checking.compare import check_rewrite
    from rewrite_cli.clean import clean
    from rewrite_cli.read import read_bytes
    from rewrite_cli.verify.checker import FactChecker

    parsed: list[str] = []

    class CountingNlp:
        def __init__(self, real):
            self.real = real

        def pipe(self, texts):
            texts = list(texts)
            parsed.extend(texts)
            return self.real.pipe(texts)

        def __call__(self, text):
            parsed.append(text)
            return self.real(text)

    source = clean(read_bytes(SOURCE.encode(), path="source.txt"))
    rewrite = clean(read_bytes(BAD_REWRITE.encode(), path="rewrite.txt"))
    result = check_rewrite(source, rewrite, FactChecker(nlp=CountingNlp(nlp)))
    assert not result.supported
    twice = sorted({t for t in parsed if parsed.count(t) > 1})
    assert twice == []
    assert {s.text for s in result.source} <= set(parsed)


def test_quote_problems_compares_a_quote_with_few_source_quotes(monkeypatch):
    """A long article's quotes are not all compared with each other."""
    from rewrite_cli.checking import compare

    rng = random.Random(3)
    quotes = [" ".join(f"word{rng.randrange(5000)}" for _ in range(8)) for _ in range(300)]
    source = " ".join(f'Witness {k} said: "{q}."' for k, q in enumerate(quotes))
    altered = quotes[-1].rsplit(" ", 1)[0] + " changed"
    rewrite = " ".join(f'Witness {k} said: "{q}."' for k, q in enumerate(quotes[:-1]))
    rewrite += f' Witness 299 said: "{altered}."'
    compared = 0
    real = compare._overlap

    def counting(quote, source_quote):
        nonlocal compared
        compared += 1
        return real(quote, source_quote)

    monkeypatch.setattr(compare, "_overlap", counting)
    [problem] = quote_problems(rewrite, source)
    assert (problem.problem, problem.text, problem.source) == ("altered", altered, quotes[-1])
    assert compared <= 5


def test_html_source_is_read_as_rewrite_reads_it():
    from rewrite_cli.clean import clean
    from rewrite_cli.read import read_path
    from rewrite_cli.segment import segment

    page = REPO / "tests" / "fixtures" / "wind-farm.html"
    sentences = [s.text for s in segment(clean(read_path(page)))]
    done = run_check(str(page), "-", "--format", "json", stdin=" ".join(sentences[1:3]))
    assert done.returncode == 0, done.stdout + done.stderr
    data = json.loads(done.stdout)
    assert [s["match"] for s in data["sentences"]] == ["one-to-one", "one-to-one"]
    assert data["novel_bigram_ratio"] == 0.0 and data["verbatim_share"] == 1.0
