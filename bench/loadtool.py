"""Load for bench/load.py: Debian's wrk with a script picking random paths, or, where wrk is
missing, a small Python tool (threads, bounded in time) giving the same figures.

``LoadResult`` holds what the table shows; ``parse_wrk`` turns wrk's output into one.
"""

import http.client
import json
import os
import random
import re
import shutil
import statistics
import subprocess
import tempfile
import threading
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

LUA_SCRIPT = Path(__file__).resolve().parent / "random_paths.lua"
RESULT_LINE = re.compile(r"^wrk-result (\{.*\})$", re.MULTILINE)


@dataclass(frozen=True)
class LoadResult:
    requests: int
    seconds: float
    p50_ms: float
    p99_ms: float
    non2xx: int
    socket_errors: int

    @property
    def rps(self):
        return self.requests / self.seconds if self.seconds else 0.0

    @property
    def errors(self):
        return self.non2xx + self.socket_errors


def combined(results):
    """One figure for turns of the same load: requests and seconds added up, the slowest turn's
    p50 and p99, every error counted."""
    return LoadResult(
        requests=sum(result.requests for result in results),
        seconds=sum(result.seconds for result in results),
        p50_ms=max(result.p50_ms for result in results),
        p99_ms=max(result.p99_ms for result in results),
        non2xx=sum(result.non2xx for result in results),
        socket_errors=sum(result.socket_errors for result in results),
    )


def parse_wrk(output):
    """The figures of a wrk run from its output: the ``wrk-result`` line that
    random_paths.lua prints (wrk's own summary has no non-2xx count and rounds latencies)."""
    match = RESULT_LINE.search(output)
    if match is None:
        raise ValueError(f"no wrk-result line in wrk's output:\n{output.strip()[-800:]}")
    figures = json.loads(match.group(1))
    return LoadResult(
        requests=figures["requests"],
        seconds=figures["duration_us"] / 1e6,
        p50_ms=figures["p50_us"] / 1000,
        p99_ms=figures["p99_us"] / 1000,
        non2xx=figures["non2xx"],
        socket_errors=sum(figures[kind] for kind in ("connect", "read", "write", "timeout")),
    )


def fetch(url, timeout=30):
    """(status, body) of a GET, a non-2xx answer included."""
    try:
        with urllib.request.urlopen(url, timeout=timeout) as answer:  # noqa: S310 - our http URL
            return answer.status, answer.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def wrk_version():
    wrk = shutil.which("wrk")
    if not wrk:
        return "absent (Python load tool)"
    done = subprocess.run([wrk, "-v"], capture_output=True, text=True, check=False)
    return (done.stdout + done.stderr).splitlines()[0].split(" Copyright")[0]


def run_load(base_url, paths, duration, connections, threads=1):
    """Load ``paths`` (picked at random) on ``base_url`` for ``duration`` seconds."""
    wrk = shutil.which("wrk")
    if not wrk:
        return python_load(base_url, paths, duration, connections)
    with tempfile.NamedTemporaryFile("w", suffix=".paths") as listed:
        listed.write("\n".join(paths) + "\n")
        listed.flush()
        command = [
            wrk,
            f"--threads={min(threads, connections)}",
            f"--connections={connections}",
            f"--duration={duration}s",
            "--timeout=10s",
            f"--script={LUA_SCRIPT}",
            base_url,
        ]
        done = subprocess.run(
            command,
            env={**os.environ, "BENCH_PATHS": listed.name},
            capture_output=True,
            text=True,
            timeout=duration + 60,
            check=False,
        )
    if done.returncode != 0:
        raise RuntimeError(f"wrk failed ({done.returncode}): {done.stderr.strip()[-800:]}")
    return parse_wrk(done.stdout)


def python_load(base_url, paths, duration, connections):
    """The same measure without wrk: one thread per connection, each with keep-alive when the
    server allows it, for ``duration`` seconds."""
    host, port = base_url.removeprefix("http://").split(":")
    latencies, counts = [], {"non2xx": 0, "socket": 0}
    lock = threading.Lock()
    stop_at = time.monotonic() + duration

    def worker(seed):
        pick = random.Random(seed)  # noqa: S311 - load, not security
        connection = None
        while time.monotonic() < stop_at:
            started = time.perf_counter()
            try:
                connection = connection or http.client.HTTPConnection(host, int(port), timeout=10)
                connection.request("GET", pick.choice(paths))
                answer = connection.getresponse()
                answer.read()
                status = answer.status
                if answer.will_close:
                    connection.close()
                    connection = None
            except (OSError, http.client.HTTPException):
                with lock:
                    counts["socket"] += 1
                connection = None
                continue
            with lock:
                latencies.append(time.perf_counter() - started)
                counts["non2xx"] += not 200 <= status <= 299

    began = time.monotonic()
    workers = [threading.Thread(target=worker, args=(n,)) for n in range(connections)]
    for thread in workers:
        thread.start()
    for thread in workers:
        thread.join()
    cuts = statistics.quantiles(latencies, n=100) if len(latencies) > 1 else [0.0] * 99
    return LoadResult(
        requests=len(latencies),
        seconds=time.monotonic() - began,
        p50_ms=cuts[49] * 1000,
        p99_ms=cuts[98] * 1000,
        non2xx=counts["non2xx"],
        socket_errors=counts["socket"],
    )
