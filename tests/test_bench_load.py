"""The load benchmark's pure parts (bench/): wrk's output into numbers, the report's tables and
ratios, the generated stories as the ninjs parser reads them, URL lists, /proc readings and the
bare view. No load and no timing here: bench/load.py is run by hand."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from articles.wire import ninjs
from bench.import_ninjs import write_stories
from bench.loadtool import LoadResult, combined, parse_wrk
from bench.report import bare_rows, page_rows, ratio_rows, soak_row, table
from bench.server import children, rss_kib
from bench.site_urls import pages_of, spread
from bench.stories import SECTIONS, enrich, write_load_stories

# What `wrk --script bench/random_paths.lua` printed against a local server, half its paths 404.
WRK_OUTPUT = """\
Running 1s test @ http://127.0.0.1:18777
  2 threads and 4 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency     3.52ms    2.71ms  21.35ms   84.12%
    Req/Sec   515.21    101.33   710.00     65.00%
  1027 requests in 1.00s, 363.52KB read
  Socket errors: connect 0, read 2, write 0, timeout 1
Requests/sec:   1024.99
Transfer/sec:    362.81KB
wrk-result {"requests": 1027, "duration_us": 1001963, "p50_us": 3133, "p99_us": 15355, \
"non2xx": 517, "connect": 0, "read": 2, "write": 0, "timeout": 1}
"""


def result(rps, p50=1.0, p99=2.0, non2xx=0, socket_errors=0):
    return LoadResult(int(rps * 10), 10.0, p50, p99, non2xx, socket_errors)


def test_wrk_output_becomes_numbers():
    figures = parse_wrk(WRK_OUTPUT)
    assert figures.requests == 1027
    assert figures.seconds == pytest.approx(1.001963)
    assert figures.rps == pytest.approx(1025.0, abs=0.1)
    assert (figures.p50_ms, figures.p99_ms) == (pytest.approx(3.133), pytest.approx(15.355))
    assert (figures.non2xx, figures.socket_errors, figures.errors) == (517, 3, 520)


def test_wrk_output_without_the_script_line_is_a_clear_error():
    plain = WRK_OUTPUT.split("wrk-result")[0]
    with pytest.raises(ValueError, match="no wrk-result line") as error:
        parse_wrk(plain)
    assert "Requests/sec:   1024.99" in str(error.value)  # the output is shown to the user


def test_ratios_against_the_bare_view_meet_or_miss_the_targets():
    pages = {
        "cold": {"article": result(250), "home": result(50)},
        "cached": {"article": result(850), "home": result(700), "section": result(900)},
    }
    bare = {"article": result(1000), "home": result(1000), "section": result(1000)}
    rows = {row[0]: row for row in ratio_rows(pages, bare)}
    assert rows["article"] == ["article", "1000", "0.85x (>= 0.8x ok)", "0.25x (>= 0.3x BELOW)"]
    assert rows["home"] == ["home", "1000", "0.70x (>= 0.8x BELOW)", "0.05x"]
    assert rows["section"] == ["section", "1000", "0.90x (>= 0.8x ok)", "-"]


def test_the_uncached_ratio_is_against_the_bare_view_measured_beside_it():
    pages = {"cold": {"article": result(300)}, "cached": {"article": result(900)}}
    bare = {"article": result(1000)}
    rows = ratio_rows(pages, bare, {"article": result(1200)})
    assert rows == [["article", "1000 / 1200", "0.90x (>= 0.8x ok)", "0.25x (>= 0.3x BELOW)"]]
    assert bare_rows(bare, {"article": result(1200)}) == [
        ["bare (article)", "1200", "1.0", "2.0", "0/0", "1000", "1.0", "2.0", "0/0"]
    ]


def test_turns_of_a_load_add_up_to_one_figure():
    turns = [
        LoadResult(1000, 5.0, 3.0, 9.0, 0, 1),
        LoadResult(500, 5.0, 4.0, 7.5, 2, 0),
    ]
    total = combined(turns)
    assert total.rps == 150.0
    assert (total.requests, total.seconds) == (1500, 10.0)
    assert (total.p50_ms, total.p99_ms) == (4.0, 9.0)  # the slower turn's
    assert (total.non2xx, total.socket_errors) == (2, 1)


def test_a_page_type_without_its_bare_figure_has_no_ratio_row():
    rows = ratio_rows({"cached": {"article": result(500)}}, {"home": result(900)})
    assert [row[0] for row in rows] == ["home"]
    assert rows[0][2] == "-"


def test_page_rows_and_markdown_table():
    pages = {
        "cold": {"home": result(12.5, 80.04, 150.55, non2xx=1, socket_errors=2)},
        "cached": {"home": result(900, 1.5, 4.25), "rss": result(300)},
    }
    rows = page_rows(pages)
    assert rows == [
        ["home", "12", "80.0", "150.6", "1/2", "900", "1.5", "4.2", "0/0"],
        ["rss", "-", "-", "-", "-", "300", "1.0", "2.0", "0/0"],
    ]
    # A run in which nothing answered in time shows no latency, not zeros.
    assert page_rows({"cold": {"latest": LoadResult(0, 10.0, 0.0, 0.0, 0, 4)}})[0][1:5] == [
        "0", "-", "-", "0/4",
    ]  # fmt: skip
    lines = table(["page", "req/s"], [["home", "12"]]).splitlines()
    assert lines == ["| page | req/s |", "|---|---|", "| home | 12 |"]


def test_soak_row_shows_each_workers_memory_before_and_after():
    soak = {
        "result": result(400, non2xx=0, socket_errors=0),
        "rss_before": {101: 80 * 1024, 102: 81 * 1024},
        "rss_after": {101: 82 * 1024},
        "connections": 64,
    }
    row = soak_row("PostgreSQL + Redis", soak)
    assert row[:7] == ["PostgreSQL + Redis", "10", 64, 4000, "400", "2.0", "0/0 (none)"]
    assert row[7] == "101: 80.0 → 82.0 (+2.0), 102: restarted"
    soak["result"] = result(400, non2xx=3, socket_errors=1)
    assert soak_row("PostgreSQL + Redis", soak)[6] == "3/1 (ERRORS)"


def test_generated_stories_read_as_varied_stories(tmp_path):
    write_load_stories(tmp_path, 16)
    stories = [ninjs.parse(path.read_bytes(), path.name) for path in sorted(tmp_path.iterdir())]
    assert {story.section for story in stories} == set(SECTIONS)
    first = stories[0]
    assert [credit.kind for credit in first.credits][-1] == "agency"
    assert all(credit.kind == "person" for credit in first.credits[:-1])
    assert len(first.tags) >= 2 and all(tag.startswith("topic ") for tag in first.tags)
    assert [photo.credit for photo in first.photos] == ["Photo Desk", "Photo Desk"]
    assert all(photo.caption and photo.alt_text for photo in first.photos)
    # Spread over two years: the archive has many months.
    months = {story.published_at.strftime("%Y-%m") for story in stories}
    assert len(months) >= 12


def test_enrich_keeps_the_generators_identity_and_body(tmp_path):
    write_stories(tmp_path, 3)
    plain = json.loads((tmp_path / "story-00002.json").read_text())
    varied = enrich(dict(plain), 2, 3)
    assert varied["uri"] == plain["uri"] and varied["bodies"] == plain["bodies"]
    assert enrich(dict(plain), 2, 3) == varied  # repeatable: same files every run


def test_listing_pages_stop_at_the_last_page():
    assert pages_of("/world/", 41, 20, 100) == ["/world/", "/world/?page=2", "/world/?page=3"]
    assert pages_of("/search/?q=rain", 20, 20, 100) == ["/search/?q=rain"]
    assert pages_of("/search/?q=rain", 100, 20, 2) == ["/search/?q=rain", "/search/?q=rain&page=2"]


def test_spread_takes_items_from_the_whole_list():
    assert spread(list(range(10)), 5) == [0, 2, 4, 6, 8]
    assert spread([1, 2], 5) == [1, 2]


def test_proc_readings_find_our_own_process():
    assert rss_kib(os.getpid()) > 1000
    assert os.getpid() in children(os.getppid())


@pytest.mark.django_db
def test_bare_view_answers_the_saved_page_through_the_stack(
    client, settings, tmp_path, monkeypatch
):
    import bench.urls

    page = "<!doctype html><title>Saved</title><p>Ünïcode page</p>".encode()
    (tmp_path / "article.html").write_bytes(page)
    monkeypatch.setenv("BENCH_BARE_DIR", str(tmp_path))
    monkeypatch.setattr(bench.urls, "_pages", {})
    settings.ROOT_URLCONF = "bench.urls"
    answer = client.get("/_bench/bare/article/")
    assert answer.status_code == 200
    assert answer.content == page
    assert answer["Content-Type"] == "text/html; charset=utf-8"
    assert answer["X-Frame-Options"] == "DENY"  # the middleware ran
    assert client.get("/_bench/bare/home/").status_code == 404
    assert client.get("/robots.txt").status_code == 200  # the site's own URLs are all there


def test_bench_settings_are_production_on_plain_http(tmp_path):
    shown = (
        "import json, django; django.setup(); from django.conf import settings as s; "
        "print(json.dumps([s.DEBUG, s.SECURE_SSL_REDIRECT, s.ALLOWED_HOSTS, s.ROOT_URLCONF, "
        "str(s.STATIC_ROOT), s.CACHES['default']['KEY_PREFIX'], s.SESSION_COOKIE_SECURE]))"
    )
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in ("DJANGO_SECRET_KEY", "DJANGO_DEBUG", "DJANGO_SECURE_SSL_REDIRECT")
    }
    env |= {
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "BENCH_STATIC_ROOT": str(tmp_path),
        "BENCH_CACHE_PREFIX": "bench-run-7",
    }
    done = subprocess.run(
        [sys.executable, "-c", shown],
        cwd=Path(__file__).resolve().parent.parent,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert json.loads(done.stdout) == [
        False, False, ["127.0.0.1"], "bench.urls", str(tmp_path), "bench-run-7", True,
    ]  # fmt: skip
