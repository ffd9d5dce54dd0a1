"""Fetching pages from a real HTTP server on 127.0.0.1: robots.txt, redirects, timeouts,
error codes, content types, size caps, the per-host delay and the page cache."""

from __future__ import annotations

import json
import socket
from pathlib import Path

import pytest

from rewrite_cli.errors import InputError
from rewrite_cli.web.cache import PageCache
from rewrite_cli.web.fetch import USER_AGENT, Fetcher, FetchOptions, read_url
from webserver import Route

FIXTURES = Path(__file__).parent / "fixtures"
PAGE = (FIXTURES / "wind-farm.html").read_bytes()


@pytest.fixture
def site(web):
    web.routes.update({
        "/robots.txt": Route(body=b"User-agent: *\nDisallow: /private/\n",
                             content_type="text/plain"),
        "/news/wind-farm.html": Route(body=PAGE),
        "/private/wind-farm.html": Route(body=PAGE),
        "/moved": Route(302, headers={"Location": "/news/wind-farm.html"}),
        "/loop": Route(302, headers={"Location": "/loop"}),
        "/slow": Route(body=PAGE, delay=2.0),
        "/missing": Route(404, b"gone"),
        "/broken": Route(500, b"oops"),
        "/photo.png": Route(body=b"\x89PNG\r\n", content_type="image/png"),
        "/huge.html": Route(body=b"<p>" + b"word " * 50_000 + b"</p>"),
    })
    return web


def fetcher(tmp_path: Path, **options) -> Fetcher:
    return Fetcher(FetchOptions(**options), cache=PageCache(tmp_path / "cache"))


def test_page_is_read_like_a_saved_file_and_credits_its_outlet(site, tmp_path) -> None:
    with fetcher(tmp_path) as f:
        document = read_url(site.url("/news/wind-farm.html"), f)
    assert document.title == "Offshore wind farm wins approval"
    assert document.meta.site_name == "Coastline Daily"
    assert document.meta.url == site.url("/news/wind-farm.html")
    assert document.paragraphs[0].startswith("Planning officials on Wednesday")
    assert document.input.path == site.url("/news/wind-farm.html")
    assert set(site.user_agents) == {USER_AGENT}
    assert USER_AGENT.startswith("rewrite-cli/")


def test_redirect_is_followed_and_the_final_url_kept(site, tmp_path) -> None:
    with fetcher(tmp_path) as f:
        page = f.fetch(site.url("/moved"))
    assert page.final_url == site.url("/news/wind-farm.html")
    assert page.body == PAGE


@pytest.mark.parametrize(("path", "needle"), [
    ("/loop", "too many redirects (more than 3)"),
    ("/missing", "HTTP 404 Not Found"),
    ("/broken", "HTTP 500 Internal Server Error"),
    ("/photo.png", "is image/png, not a web page or text"),
    ("/huge.html", "is too large"),
    ("/slow", "timed out waiting for 127.0.0.1"),
    ("/private/wind-farm.html", "robots.txt does not allow"),
])
def test_each_failure_is_one_line_naming_the_url(site, tmp_path, path, needle) -> None:
    with fetcher(tmp_path, max_redirects=3, read_timeout=0.5, max_bytes=100_000) as f, \
            pytest.raises(InputError) as caught:
        f.fetch(site.url(path))
    message = str(caught.value)
    assert message.startswith(site.url(path) + ": ")
    assert needle in message
    assert "\n" not in message


def test_ignore_robots_fetches_a_disallowed_page(site, tmp_path) -> None:
    with fetcher(tmp_path, ignore_robots=True) as f:
        assert f.fetch(site.url("/private/wind-farm.html")).body == PAGE
    assert site.hits["/robots.txt"] == 0


def test_robots_txt_is_asked_once_per_host(site, tmp_path) -> None:
    with fetcher(tmp_path) as f:
        f.fetch(site.url("/news/wind-farm.html"))
        f.fetch(site.url("/moved"))
    assert site.hits["/robots.txt"] == 1


def test_server_error_on_robots_txt_means_nothing_may_be_fetched(web, tmp_path) -> None:
    web.routes["/robots.txt"] = Route(503, b"down")
    web.routes["/page.html"] = Route(body=PAGE)
    with fetcher(tmp_path) as f, pytest.raises(InputError, match=r"robots\.txt"):
        f.fetch(web.url("/page.html"))


def test_connection_refused_and_unknown_host(tmp_path) -> None:
    with fetcher(tmp_path, connect_timeout=2) as f:
        with pytest.raises(InputError, match=r"cannot connect to 127\.0\.0\.1"):
            f.fetch("http://127.0.0.1:9/page.html")  # the discard port: nothing listens
        with pytest.raises(InputError, match="not a web address"):
            f.fetch("ftp://example.org/page.html")


def test_unknown_host_is_a_dns_failure(tmp_path, monkeypatch) -> None:
    """The resolver's own error is raised, so no query leaves the machine."""

    def no_such_host(*args, **kwargs):
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    monkeypatch.setattr(socket, "getaddrinfo", no_such_host)
    with fetcher(tmp_path, connect_timeout=2) as f, pytest.raises(InputError) as caught:
        f.fetch("http://no-such-host.invalid/page.html")
    assert str(caught.value) == ("http://no-such-host.invalid/page.html: cannot find the host "
                                 "no-such-host.invalid (DNS lookup failed)")


def test_a_rerun_uses_the_cache_and_refresh_fetches_again(site, tmp_path) -> None:
    url = site.url("/news/wind-farm.html")
    with fetcher(tmp_path) as f:
        assert not f.fetch(url).from_cache
    with fetcher(tmp_path) as f:
        assert f.fetch(url).from_cache
    assert site.hits["/news/wind-farm.html"] == 1
    with fetcher(tmp_path, refresh=True) as f:
        assert not f.fetch(url).from_cache
    assert site.hits["/news/wind-farm.html"] == 2


@pytest.mark.parametrize("damage", [
    {"fetched_at": "yesterday"},
    {"fetched_at": 4e12},  # in the future: would stay fresh for ever
    {"content_type": ["text/html"]},
    {"final_url": None},
    {"etag": 7},
])
def test_a_damaged_cache_record_is_fetched_again_not_trusted(site, tmp_path, damage) -> None:
    url = site.url("/news/wind-farm.html")
    with fetcher(tmp_path) as f:
        f.fetch(url)
    (record_path,) = (tmp_path / "cache").glob("*.json")
    record = json.loads(record_path.read_text())
    record_path.write_text(json.dumps({**record, **damage}))
    with fetcher(tmp_path) as f:
        page = f.fetch(url)
    assert not page.from_cache and page.final_url == url and page.body == PAGE


@pytest.mark.parametrize("damage", [
    lambda body: body[: len(body) // 2],  # cut short
    lambda body: body.replace(b"wind", b"wine", 1),  # one word changed
    lambda body: b"<html><body><p>The page as another run fetched it.</p></body></html>",
])
def test_a_cached_body_that_does_not_match_its_record_is_fetched_again(
        site, tmp_path, damage) -> None:
    url = site.url("/news/wind-farm.html")
    with fetcher(tmp_path) as f:
        f.fetch(url)
    (body_path,) = (tmp_path / "cache").glob("*.body")
    body_path.write_bytes(damage(body_path.read_bytes()))
    with fetcher(tmp_path) as f:
        page = f.fetch(url)
    assert not page.from_cache and page.body == PAGE
    with fetcher(tmp_path) as f:
        assert f.fetch(url).from_cache  # the refetch repaired the entry


def test_a_cache_entry_that_is_a_symlink_is_not_followed(site, tmp_path) -> None:
    url = site.url("/news/wind-farm.html")
    with fetcher(tmp_path) as f:
        f.fetch(url)
    secret = tmp_path / "secret.txt"
    secret.write_bytes(b"not a page: a private file")
    (body_path,) = (tmp_path / "cache").glob("*.body")
    body_path.unlink()
    body_path.symlink_to(secret)
    with fetcher(tmp_path) as f:
        page = f.fetch(url)
    assert not page.from_cache and page.body == PAGE
    assert secret.read_bytes() == b"not a page: a private file"  # replaced, not written through


def test_a_stale_entry_is_revalidated_with_its_etag(web, tmp_path) -> None:
    web.routes["/tagged.html"] = Route(body=PAGE, headers={"ETag": '"v1"'})
    url = web.url("/tagged.html")
    with fetcher(tmp_path, ignore_robots=True) as f:
        f.fetch(url)
    with fetcher(tmp_path, ignore_robots=True, max_age=0) as f:
        page = f.fetch(url)
    assert page.from_cache and page.body == PAGE
    assert web.hits["/tagged.html"] == 2  # asked again, answered 304 Not Modified


def test_requests_to_one_host_are_spaced_by_the_delay(site, tmp_path) -> None:
    waits: list[float] = []
    clock = iter(float(n) / 10 for n in range(100))
    f = Fetcher(FetchOptions(host_delay=1.0, use_cache=False), sleep=waits.append,
                clock=lambda: next(clock))
    with f:
        f.fetch(site.url("/news/wind-farm.html"))
        f.fetch(site.url("/moved"))
    assert waits and all(0 < wait <= 1.0 for wait in waits)


def test_saved_pages_read_the_same_fetched_as_from_disk(shared_dir, web, tmp_path) -> None:
    """The real saved pages, served over HTTP, extract exactly as the files do."""
    from rewrite_cli.read import read_path

    pages = sorted((shared_dir / "eval" / "html").glob("*.html"))
    for page in pages:
        web.routes[f"/{page.name}"] = Route(body=page.read_bytes())
    web.routes["/robots.txt"] = Route(404, b"")
    with fetcher(tmp_path) as f:
        for page in pages:
            fetched, saved = read_url(web.url(f"/{page.name}"), f), read_path(page)
            assert fetched.paragraphs == saved.paragraphs, page.name
            assert fetched.title == saved.title
            assert fetched.meta.site_name == saved.meta.site_name
            assert fetched.meta.url == web.url(f"/{page.name}")


def test_a_trickling_server_is_cut_off_by_the_total_time_limit(web, tmp_path) -> None:
    """A server that sends a byte now and then never trips the read timeout; the whole
    download still has a limit, so a fetch cannot hang a run."""
    web.routes["/trickle.html"] = Route(body=PAGE, pieces=40, piece_delay=0.1)
    with fetcher(tmp_path, read_timeout=1.0, total_timeout=1.0) as f, \
            pytest.raises(InputError) as caught:
        f.fetch(web.url("/trickle.html"))
    message = str(caught.value)
    assert message.startswith(web.url("/trickle.html") + ": ")
    assert "took longer than 1 s" in message


def test_a_trickling_robots_txt_is_cut_off_too(web, tmp_path) -> None:
    web.routes["/robots.txt"] = Route(body=b"User-agent: *\nAllow: /\n" * 40, pieces=40,
                                      piece_delay=0.1, content_type="text/plain")
    web.routes["/page.html"] = Route(body=PAGE)
    with fetcher(tmp_path, read_timeout=1.0, total_timeout=1.0) as f, \
            pytest.raises(InputError, match=r"robots\.txt: took longer than 1 s"):
        f.fetch(web.url("/page.html"))


def test_trickling_response_headers_are_cut_off_by_the_total_time_limit(web, tmp_path) -> None:
    """Headers sent a byte at a time never trip the read timeout and come before any body:
    the whole request still has a limit, and the fetcher works for the next page."""
    web.routes["/robots.txt"] = Route(404, b"")
    web.routes["/slow-head.html"] = Route(body=PAGE, header_byte_delay=0.05)
    web.routes["/page.html"] = Route(body=PAGE)
    with fetcher(tmp_path, read_timeout=1.0, total_timeout=1.0) as f:
        with pytest.raises(InputError) as caught:
            f.fetch(web.url("/slow-head.html"))
        assert f.fetch(web.url("/page.html")).body == PAGE
    message = str(caught.value)
    assert message.startswith(web.url("/slow-head.html") + ": ")
    assert "took longer than 1 s" in message and "\n" not in message


def test_trickling_robots_txt_headers_are_cut_off_too(web, tmp_path) -> None:
    web.routes["/robots.txt"] = Route(body=b"User-agent: *\nAllow: /\n",
                                      content_type="text/plain", header_byte_delay=0.05)
    web.routes["/page.html"] = Route(body=PAGE)
    with fetcher(tmp_path, read_timeout=1.0, total_timeout=1.0) as f, \
            pytest.raises(InputError, match=r"robots\.txt: took longer than 1 s"):
        f.fetch(web.url("/page.html"))
    assert web.hits["/page.html"] == 0


@pytest.fixture
def other_site():
    """A second site (another port of 127.0.0.1: another origin) that pages redirect to."""
    from webserver import TestServer

    server = TestServer().start()
    server.routes.update({
        "/robots.txt": Route(body=b"User-agent: *\nDisallow: /private/\n",
                             content_type="text/plain"),
        "/news/wind-farm.html": Route(body=PAGE),
        "/private/wind-farm.html": Route(body=PAGE),
    })
    yield server
    server.stop()


def test_a_redirect_to_another_site_asks_that_sites_robots_txt(site, other_site,
                                                                tmp_path) -> None:
    site.routes["/away"] = Route(302, headers={"Location": other_site.url("/news/wind-farm.html")})
    site.routes["/away-private"] = Route(
        302, headers={"Location": other_site.url("/private/wind-farm.html")})
    with fetcher(tmp_path) as f:
        page = f.fetch(site.url("/away"))
        assert page.final_url == other_site.url("/news/wind-farm.html")
        assert page.body == PAGE
        with pytest.raises(InputError) as caught:
            f.fetch(site.url("/away-private"))
    message = str(caught.value)
    assert message.startswith(site.url("/away-private") + ": redirects to "
                              + other_site.url("/private/wind-farm.html"))
    assert "robots.txt does not allow" in message and "--ignore-robots" in message
    assert "\n" not in message
    assert other_site.hits["/robots.txt"] == 1  # asked once for both
    assert other_site.hits["/private/wind-farm.html"] == 0


def test_a_disallowed_address_httpx_rewrites_is_not_called_a_redirect(site, tmp_path) -> None:
    """httpx writes "a b" as "a%20b"; that is the same page, not a redirect."""
    url = site.url("/private/wind farm.html")
    with fetcher(tmp_path) as f, pytest.raises(InputError) as caught:
        f.fetch(url)
    assert str(caught.value).startswith(url + ": the site's robots.txt does not allow")


def test_ignore_robots_follows_a_redirect_to_a_disallowed_page(site, other_site,
                                                                tmp_path) -> None:
    site.routes["/away-private"] = Route(
        302, headers={"Location": other_site.url("/private/wind-farm.html")})
    with fetcher(tmp_path, ignore_robots=True) as f:
        assert f.fetch(site.url("/away-private")).body == PAGE
    assert other_site.hits["/robots.txt"] == 0


def test_a_redirect_to_another_site_waits_for_that_sites_delay(site, other_site,
                                                               tmp_path) -> None:
    """The per-host delay holds for a host reached by a redirect too. The clock stands
    still, so every request to a host asked before waits the whole delay."""
    site.routes["/away"] = Route(302, headers={"Location": other_site.url("/news/wind-farm.html")})
    waits: list[float] = []
    f = Fetcher(FetchOptions(host_delay=1.0, use_cache=False), sleep=waits.append,
                clock=lambda: 100.0)
    with f:
        f.fetch(other_site.url("/news/wind-farm.html"))  # other: robots.txt, page (waits)
        f.fetch(site.url("/away"))  # site: robots.txt, /away (waits); other: page (waits)
    assert waits == [1.0, 1.0, 1.0]
    assert other_site.hits["/news/wind-farm.html"] == 2


def test_a_redirect_to_another_scheme_is_one_line(site, tmp_path) -> None:
    site.routes["/ftp"] = Route(302, headers={"Location": "ftp://127.0.0.1/file.txt"})
    with fetcher(tmp_path) as f, pytest.raises(InputError) as caught:
        f.fetch(site.url("/ftp"))
    assert str(caught.value) == (site.url("/ftp") + ": redirected to an address that is not "
                                 "http or https")


@pytest.mark.parametrize("ignore_robots", [False, True])
@pytest.mark.parametrize("location", [
    "http://xn--/page",  # an A-label with no punycode: idna raised out of httpx
    "http://a..b.example/page",  # an empty label
])
def test_a_redirect_to_an_invalid_address_is_one_line(site, tmp_path, location,
                                                      ignore_robots) -> None:
    site.routes["/odd"] = Route(302, headers={"Location": location})
    with fetcher(tmp_path, ignore_robots=ignore_robots) as f, \
            pytest.raises(InputError) as caught:
        f.fetch(site.url("/odd"))
    assert str(caught.value).startswith(site.url("/odd") + ": redirected to an address "
                                        "that is not valid (")
    assert "\n" not in str(caught.value)


@pytest.mark.parametrize("url", [
    "http://[::1/page",  # malformed IPv6 host
    "http://127.0.0.1:abc/page",  # a port that is not a number
    "http://a\x01b.example/page",  # a control character
    "http://xn--zz.example/page",  # an A-label that is not valid punycode
    "http://a..b.example/page",  # an empty label
    "http://" + "a" * 300 + ".example/page",  # a label over 63 characters
])
def test_a_malformed_address_is_one_line_not_a_traceback(tmp_path, url) -> None:
    with fetcher(tmp_path) as f, pytest.raises(InputError) as caught:
        f.fetch(url)
    assert "not a valid web address" in str(caught.value)
    assert "\n" not in str(caught.value)


def test_credentials_are_left_out_even_of_an_address_that_cannot_be_parsed() -> None:
    from rewrite_cli.web.fetch import display_url

    assert display_url("http://me:pw@[::1/x") == "http://[::1/x"
    assert display_url("https://me:p@ss@example.org/a@b") == "https://example.org/a@b"
    assert display_url("http://example.org/?next=a@b") == "http://example.org/?next=a@b"


def test_a_robots_txt_redirect_to_an_invalid_address_is_one_line(site, tmp_path) -> None:
    site.routes["/robots.txt"] = Route(302, headers={"Location": "http://xn--/robots.txt"})
    with fetcher(tmp_path) as f, pytest.raises(InputError) as caught:
        f.fetch(site.url("/news/wind-farm.html"))
    assert str(caught.value).startswith(site.url("/news/wind-farm.html") + ": ")
    assert "\n" not in str(caught.value)
