"""``rewrite URL``, URLs in batches and ``--feed``, end to end against a local HTTP server."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cli_errors import one_line_error
from rewrite_cli.cli import app
from webserver import Route

REPO = Path(__file__).resolve().parents[1]
FIXTURES = REPO / "tests" / "fixtures"
SAMPLES = REPO / "samples"


def invoke(*args: str, input: str | None = None):
    return CliRunner().invoke(app, ["--engine", "extractive", *args], input=input,
                              env={"NO_COLOR": "1"})




@pytest.fixture
def site(web):
    web.routes.update({
        "/robots.txt": Route(body=b"User-agent: *\nDisallow: /private/\n",
                             content_type="text/plain"),
        "/news/wind-farm.html": Route(body=(FIXTURES / "wind-farm.html").read_bytes()),
        "/news/spillway": Route(body=(FIXTURES / "jsonld-only.html").read_bytes()),
        "/news/harbour-bridge.txt": Route(body=(SAMPLES / "harbour-bridge.txt").read_bytes(),
                                          content_type="text/plain; charset=utf-8"),
        "/private/wind-farm.html": Route(body=(FIXTURES / "wind-farm.html").read_bytes()),
        "/missing": Route(404, b"gone"),
    })
    return web


def test_one_url_to_stdout_credits_the_outlet_and_json_carries_the_url(site) -> None:
    url = site.url("/news/wind-farm.html")
    result = invoke(url)
    assert result.exit_code == 0, result.output
    blocks = result.stdout.split("\n\n")
    assert blocks[0] == "Offshore wind farm wins approval"
    assert "publicly reported facts from Coastline Daily." in blocks[1]

    record = json.loads(invoke(url, "--format", "json").stdout)
    assert {"name": "Coastline Daily", "url": url} in record["sources"]
    assert record["input"]["path"] == url
    assert site.hits["/news/wind-farm.html"] == 1  # the second run read the page cache


def test_page_with_text_only_in_json_ld_is_rewritten(site) -> None:
    result = invoke(site.url("/news/spillway"))
    assert result.exit_code == 0, result.output
    assert "Engineers opened the spillway" in result.stdout
    assert "Hillcrest Gazette" in result.stdout


@pytest.mark.parametrize(("path", "needle"), [
    ("/missing", "HTTP 404 Not Found"),
    ("/private/wind-farm.html", "robots.txt does not allow"),
])
def test_a_url_that_cannot_be_had_is_one_line_and_exit_2(site, path, needle) -> None:
    line = one_line_error(invoke(site.url(path)), 2)
    assert site.url(path) in line and needle in line


def test_a_page_whose_headers_trickle_is_one_line_and_exit_2(site, monkeypatch) -> None:
    """The whole request has a time limit (shortened here from its 120 s), headers too."""
    from rewrite_cli.batch import runner
    from rewrite_cli.web.fetch import FetchOptions

    monkeypatch.setattr(runner, "fetch_options", lambda *a, **k: FetchOptions(
        read_timeout=1.0, total_timeout=1.0, use_cache=False))
    site.routes["/news/slow.html"] = Route(body=(FIXTURES / "wind-farm.html").read_bytes(),
                                           header_byte_delay=0.05)
    line = one_line_error(invoke(site.url("/news/slow.html")), 2)
    assert line.endswith(site.url("/news/slow.html") + ": took longer than 1 s to download")


def test_ignore_robots(site) -> None:
    result = invoke(site.url("/private/wind-farm.html"), "--ignore-robots")
    assert result.exit_code == 0, result.output


def test_urls_and_url_files_in_a_batch_a_failure_does_not_stop_the_rest(site, tmp_path) -> None:
    folder = tmp_path / "links"
    folder.mkdir()
    (folder / "bridge.url").write_text(site.url("/news/harbour-bridge.txt") + "\n")
    (folder / "gone.url").write_text(f"[InternetShortcut]\nURL={site.url('/missing')}\n")
    out = tmp_path / "out"
    result = invoke(str(folder), site.url("/news/wind-farm.html"), "-o", str(out))
    assert result.exit_code == 1, result.output
    names = sorted(p.name for p in out.iterdir() if not p.name.startswith("."))
    assert "bridge.txt" in names
    assert any(name.startswith("wind-farm-") for name in names)
    assert "gone" in result.stderr and "HTTP 404" in result.stderr

    again = invoke(str(folder), site.url("/news/wind-farm.html"), "-o", str(out))
    assert site.hits["/news/wind-farm.html"] == 1  # skipped: done, not fetched again
    assert again.exit_code == 1  # the missing page is tried again, and fails again


def test_jsonl_records_with_only_a_url_are_fetched(site, tmp_path) -> None:
    lines = [
        {"id": "bridge", "url": site.url("/news/harbour-bridge.txt")},
        {"id": "gone", "url": site.url("/missing")},
    ]
    result = invoke("--jsonl-in", "-", "--jsonl-out", "-",
                    input="".join(json.dumps(line) + "\n" for line in lines))
    assert result.exit_code == 1, result.output
    records = {r["id"]: r for r in map(json.loads, result.stdout.splitlines())}
    assert records["bridge"]["title"].startswith("Coastal Town Reopens Harbour Bridge")
    assert "HTTP 404" in records["gone"]["error"]


def rss(site, items: list[tuple[str, str, str]]) -> bytes:
    entries = "".join(
        f"<item><title>{title}</title><link>{site.url(path)}</link>"
        f"<guid isPermaLink=\"false\">{guid}</guid>"
        f"<pubDate>{date}</pubDate></item>"
        for guid, path, date, title in ((g, p, d, g) for g, p, d in items)
    )
    return (f'<?xml version="1.0"?><rss version="2.0"><channel><title>Local news</title>'
            f"<link>{site.base}</link>{entries}</channel></rss>").encode()


def test_feed_is_a_resumable_batch_keyed_by_guid(site, tmp_path) -> None:
    site.routes["/feed.xml"] = Route(body=rss(site, [
        ("wind-1", "/news/wind-farm.html", "Sat, 09 Mar 2024 08:00:00 GMT"),
        ("bridge-1", "/news/harbour-bridge.txt", "Tue, 05 Mar 2024 08:00:00 GMT"),
    ]), content_type="application/rss+xml")
    out = tmp_path / "out"
    first = invoke("--feed", site.url("/feed.xml"), "-o", str(out))
    assert first.exit_code == 0, first.output
    assert len([p for p in out.iterdir() if not p.name.startswith(".")]) == 2

    site.routes["/feed.xml"] = Route(body=rss(site, [
        ("spillway-1", "/news/spillway", "Tue, 11 Feb 2025 07:30:00 GMT"),
        ("wind-1", "/news/wind-farm.html", "Sat, 09 Mar 2024 08:00:00 GMT"),
        ("bridge-1", "/news/harbour-bridge.txt", "Tue, 05 Mar 2024 08:00:00 GMT"),
    ]), content_type="application/rss+xml")
    second = invoke("--feed", site.url("/feed.xml"), "-o", str(out), "--refresh")
    assert second.exit_code == 0, second.output
    assert len([p for p in out.iterdir() if not p.name.startswith(".")]) == 3
    # only the new item was fetched; the two done ones were skipped without a request
    assert site.hits["/news/spillway"] == 1
    assert site.hits["/news/wind-farm.html"] == 1
    assert site.hits["/news/harbour-bridge.txt"] == 1
    assert site.hits["/feed.xml"] == 2


def test_feed_from_a_file_with_limit_and_since(site, tmp_path) -> None:
    feed = tmp_path / "feed.xml"
    feed.write_bytes(rss(site, [
        ("spillway-1", "/news/spillway", "Tue, 11 Feb 2025 07:30:00 GMT"),
        ("wind-1", "/news/wind-farm.html", "Sat, 09 Mar 2024 08:00:00 GMT"),
        ("bridge-1", "/news/harbour-bridge.txt", "Tue, 05 Mar 2024 08:00:00 GMT"),
    ]))
    out = tmp_path / "out"
    result = invoke("--feed", str(feed), "-o", str(out), "--since", "2024-03-06")
    assert result.exit_code == 0, result.output
    assert site.hits["/news/harbour-bridge.txt"] == 0
    assert len([p for p in out.iterdir() if not p.name.startswith(".")]) == 2

    out2 = tmp_path / "out2"
    result = invoke("--feed", str(feed), "-o", str(out2), "--limit", "1")
    assert result.exit_code == 0, result.output
    assert [p.name.split("-")[0] for p in out2.iterdir() if not p.name.startswith(".")] == [
        "spillway"]


@pytest.mark.parametrize(("args", "needle"), [
    (["--limit", "2", "x.txt"], "--limit and --since choose items of a --feed"),
    (["--feed", "feed.xml"], "--feed needs -o OUTPUT_FOLDER"),
    (["--feed", "no-such-feed.xml", "-o", "out/"], "no-such-feed.xml: no such file"),
    (["--feed", "f.xml", "-o", "out/", "--since", "last week"], "--since must be a date"),
])
def test_feed_usage_errors_are_one_line(args, needle, tmp_path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "f.xml").write_text("<rss/>")
    line = one_line_error(invoke(*args), 2)
    assert needle in line


def with_credentials(url: str) -> str:
    return url.replace("http://", "http://reader:s3cret-pw@", 1)


def test_credentials_in_a_url_are_never_printed_written_or_credited(site, tmp_path) -> None:
    """``user:password@`` is sent to the server, but it is the user's secret: it must not
    reach stderr, the output, its JSON ``sources`` or ``input``, or the batch's files."""
    page = with_credentials(site.url("/news/wind-farm.html"))
    for args in ([page], [page, "--format", "json"]):
        result = invoke(*args)
        assert result.exit_code == 0, result.output
        assert "s3cret" not in result.stdout + result.stderr
    record = json.loads(invoke(page, "--format", "json").stdout)
    assert {"name": "Coastline Daily", "url": site.url("/news/wind-farm.html")} \
        in record["sources"]

    line = one_line_error(invoke(with_credentials(site.url("/missing"))), 2)
    assert "s3cret" not in line and site.url("/missing") in line

    out = tmp_path / "out"
    result = invoke(page, with_credentials(site.url("/missing")), "-o", str(out))
    assert result.exit_code == 1
    assert "s3cret" not in result.stdout + result.stderr
    for path in out.rglob("*"):
        assert b"s3cret" not in path.read_bytes(), path

    lines = invoke("--jsonl-out", "-", page, with_credentials(site.url("/missing"))).stdout
    assert lines and "s3cret" not in lines


def test_hostile_feed_items_stay_inside_the_output_folder_and_odd_dates_are_no_dates(
        site, tmp_path) -> None:
    """A guid with ``../`` and control characters names no path; a link that is not
    http(s) is skipped; a date no calendar holds ("0000-00-00", which feedparser reads as
    the year -1) counts as no date instead of a traceback."""
    feed = tmp_path / "feed.xml"
    feed.write_bytes(rss(site, [
        ("../../escape\x01\x1b[31m", "/news/wind-farm.html", "0000-00-00"),
        ("bridge-1", "/news/harbour-bridge.txt", "Tue, 05 Mar 2024 08:00:00 GMT"),
    ]).replace(b"</channel>", b"<item><title>local</title><link>file:///etc/passwd</link>"
                              b"<guid>local</guid></item></channel>"))
    out = tmp_path / "deep" / "out"
    result = invoke("--feed", str(feed), "-o", str(out))
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output
    written = sorted(p.name for p in out.iterdir() if not p.name.startswith("."))
    assert len(written) == 2 and all("\x1b" not in name for name in written)
    assert sorted(p.name for p in (tmp_path / "deep").iterdir()) == ["out"]

    dated = invoke("--feed", str(feed), "-o", str(tmp_path / "dated"), "--since", "2024-01-01")
    assert dated.exit_code == 0, dated.output
    assert site.hits["/news/wind-farm.html"] == 1  # the undated item is not chosen by --since


def test_a_malformed_address_in_a_batch_or_feed_fails_alone(site, tmp_path) -> None:
    """Before: the output name was made from the parsed address, a ValueError traceback
    that stopped the whole batch before any page was fetched."""
    good, bad = site.url("/news/wind-farm.html"), "http://[::1/news"
    out = tmp_path / "out"
    result = invoke(bad, good, "-o", str(out))
    assert result.exit_code == 1, result.output
    assert "not a valid web address" in result.stderr and "Traceback" not in result.output
    assert len([p for p in out.iterdir() if not p.name.startswith(".")]) == 1

    feed = tmp_path / "feed.xml"
    dated = "Sat, 09 Mar 2024 08:00:00 GMT"
    feed.write_bytes(rss(site, [("wind-1", "/news/wind-farm.html", dated)]).replace(
        b"</channel>", b"<item><title>bad</title><link>" + bad.encode() +
        b"</link></item></channel>"))
    result = invoke("--feed", str(feed), "-o", str(tmp_path / "fed"))
    assert result.exit_code == 1, result.output
    assert "not a valid web address" in result.stderr and "Traceback" not in result.output
