"""The load benchmark's report: the machine, then markdown tables of imports, pages, the
page-to-bare-view ratios against the issue's targets, and the soak."""

import importlib.metadata
import os
import platform
from pathlib import Path

from bench.loadtool import wrk_version

# Page types whose bare view is measured, and the targets (cached, uncached) as a share of it.
TARGETS = {"article": (0.8, 0.3), "home": (0.8, None), "section": (0.8, None)}
ERRORS = "non-2xx/socket errors"
PAGE_HEADERS = ["page", "cold req/s", "p50 ms", "p99 ms", ERRORS, "cached req/s", "p50 ms",
                "p99 ms", ERRORS]  # fmt: skip
RATIO_HEADERS = ["page", "bare req/s (cache on / off)", "cached / bare", "uncached / bare"]
SOAK_HEADERS = ["database", "s", "connections", "requests", "req/s", "p99 ms", ERRORS,
                "worker RSS MiB before → after"]  # fmt: skip


def table(headers, rows):
    """A markdown table; numbers are given already formatted."""
    lines = ["| " + " | ".join(headers) + " |", "|" + "---|" * len(headers)]
    lines += ["| " + " | ".join(str(cell) for cell in row) + " |" for row in rows]
    return "\n".join(lines)


def ratio_rows(pages, bare, bare_cold=None):
    """Rows of (page, bare req/s, cached/bare with its target, uncached/bare with its target).

    ``pages`` maps mode ("cold", "cached") to page type to LoadResult; ``bare`` maps page type
    to the bare view's LoadResult beside the cached page, ``bare_cold`` beside the uncached one
    (where absent, ``bare`` stands for both). A missing figure shows as "-"."""
    bare_cold = bare_cold or {}
    rows = []
    for page, (cached_target, cold_target) in TARGETS.items():
        ceilings = {"cached": bare.get(page), "cold": bare_cold.get(page) or bare.get(page)}
        if not any(ceiling is not None and ceiling.rps for ceiling in ceilings.values()):
            continue
        shown = dict.fromkeys(
            f"{ceiling.rps:.0f}" for ceiling in ceilings.values() if ceiling is not None
        )
        cells = [page, " / ".join(shown)]
        for mode, target in (("cached", cached_target), ("cold", cold_target)):
            result, ceiling = pages.get(mode, {}).get(page), ceilings[mode]
            if result is None or ceiling is None or not ceiling.rps:
                cells.append("-")
                continue
            share = result.rps / ceiling.rps
            verdict = "" if target is None else (" ok" if share >= target else " BELOW")
            wanted = "" if target is None else f" (>= {target}x{verdict})"
            cells.append(f"{share:.2f}x{wanted}")
        rows.append(cells)
    return rows


def page_rows(pages):
    """One row per page type: cold and cached req/s, p50, p99 and errors."""
    kinds = list(dict.fromkeys(kind for mode in pages.values() for kind in mode))
    rows = []
    for kind in kinds:
        cells = [kind]
        for mode in ("cold", "cached"):
            result = pages.get(mode, {}).get(kind)
            cells += ["-"] * 4 if result is None else figures(result)
        rows.append(cells)
    return rows


def bare_rows(bare, bare_cold=None):
    """The bare views' figures under the pages' columns: beside the uncached pages (cache off)
    and beside the cached ones."""
    bare_cold = bare_cold or {}
    rows = []
    for kind in dict.fromkeys([*bare_cold, *bare]):
        cold, cached = bare_cold.get(kind), bare.get(kind)
        rows.append(
            [
                f"bare ({kind})",
                *(["-"] * 4 if cold is None else figures(cold)),
                *(["-"] * 4 if cached is None else figures(cached)),
            ]
        )
    return rows


def figures(result):
    if not result.requests:  # nothing answered within the run: no latency to show
        return ("0", "-", "-", f"{result.non2xx}/{result.socket_errors}")
    return (
        f"{result.rps:.0f}",
        f"{result.p50_ms:.1f}",
        f"{result.p99_ms:.1f}",
        f"{result.non2xx}/{result.socket_errors}",
    )


def mib(kib):
    return f"{kib / 1024:.1f}"


def soak_row(database, soak):
    result, before, after = soak["result"], soak["rss_before"], soak["rss_after"]
    memory = ", ".join(
        f"{pid}: {mib(before[pid])} → {mib(after[pid])} ({(after[pid] - before[pid]) / 1024:+.1f})"
        if pid in after
        else f"{pid}: restarted"
        for pid in before
    )
    return [
        database,
        f"{result.seconds:.0f}",
        soak["connections"],
        result.requests,
        f"{result.rps:.0f}",
        f"{result.p99_ms:.1f}",
        f"{result.non2xx}/{result.socket_errors} ({'none' if not result.errors else 'ERRORS'})",
        memory,
    ]


def machine():
    cpu = "unknown"
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    memory_kib = next(
        int(line.split()[1])
        for line in Path("/proc/meminfo").read_text().splitlines()
        if line.startswith("MemTotal:")
    )
    return {
        "nproc": os.cpu_count(),
        "CPU": cpu,
        "RAM": f"{memory_kib / 1024**2:.1f} GiB",
        "Python": platform.python_version(),
        "Django": importlib.metadata.version("django"),
        "gunicorn": importlib.metadata.version("gunicorn"),
        "load tool": wrk_version(),
        "network": "loopback (127.0.0.1)",
    }


def render(options, imports, runs, soaks):
    """The whole report as markdown. ``runs`` maps database to {"pages": ..., "bare": ...}."""
    facts = machine()
    parts = [
        "# newsdesk load benchmark",
        "",
        table(list(facts), [list(facts.values())]),
        "",
        f"{options.stories} generated stories; each row {options.duration} s at "
        f"{options.connections} connections; gunicorn {options.workers} workers; cold = page "
        f"cache off (NEWSDESK_PAGE_CACHE=0), {options.urls} distinct URLs a type at most; "
        f"cached = cache on and warmed, {options.hot_urls} URLs a type at most. A page type "
        "with a target and its bare view are loaded in turns on the same server (two turns "
        "each of half the row's time), so that the machine's drift slows both alike.",
        "",
        "## Import (`import_wire --publish`)",
        "",
        table(
            ["database", "stories", "seconds", "stories/s"],
            [[db, n, f"{s:.1f}", f"{n / s:.1f}"] for db, (n, s) in imports.items()],
        ),
    ]
    for database, run in runs.items():
        parts += [
            "",
            f"## Pages on {database}",
            "",
            table(
                PAGE_HEADERS,
                page_rows(run["pages"]) + bare_rows(run["bare"], run.get("bare_cold")),
            ),
            "",
            table(RATIO_HEADERS, ratio_rows(run["pages"], run["bare"], run.get("bare_cold"))),
        ]
    if soaks:
        rows = [soak_row(database, soak) for database, soak in soaks.items()]
        parts += ["", "## Soak (mixed pages, cache on)", "", table(SOAK_HEADERS, rows)]
    return "\n".join(parts) + "\n"
