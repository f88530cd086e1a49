"""gunicorn for the load benchmark: start, wait until it answers, list its workers, stop it.

The server runs in its own process group so that stopping it (always, from a ``with`` block)
ends the master and every worker, even when the benchmark is interrupted.
"""

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from bench.loadtool import fetch

PROJECT = Path(__file__).resolve().parent.parent


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def rss_kib(pid):
    """Resident memory of a process in KiB, from /proc/<pid>/status (VmRSS)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise RuntimeError(f"no VmRSS line in /proc/{pid}/status")


def children(pid):
    """Process ids whose parent is ``pid`` (gunicorn's workers), read from /proc."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue  # the process ended while we looked
            # The command name in parentheses may hold spaces: fields start after its ")".
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(entry.name))
    return sorted(found)


def no_control_socket():
    """Newer gunicorn opens a control socket at one path per user, which servers running side by
    side would share; the benchmark does not use it."""
    from gunicorn.config import KNOWN_SETTINGS

    known = any(setting.name == "control_socket_disable" for setting in KNOWN_SETTINGS)
    return ["--no-control-socket"] if known else []


class Gunicorn:
    """``with Gunicorn(env, log) as server:`` serves newsdesk on ``server.base_url``."""

    def __init__(self, env, log_path, workers=2, ready_path="/robots.txt", timeout=60):
        self.env, self.log_path, self.workers = env, Path(log_path), workers
        self.ready_path, self.timeout = ready_path, timeout
        self.port = free_port()
        self.base_url = f"http://127.0.0.1:{self.port}"
        self.process = None

    def command(self):
        command = [sys.executable, "-m", "gunicorn"]
        if (PROJECT / "gunicorn.conf.py").exists():
            command += ["--config", str(PROJECT / "gunicorn.conf.py")]
        # Given on the command line, these win over the config file's.
        return [
            *command,
            "--bind",
            f"127.0.0.1:{self.port}",
            "--workers",
            str(self.workers),
            *no_control_socket(),
            "newsdesk.wsgi:application",
        ]

    def __enter__(self):
        self.log = self.log_path.open("ab")
        self.process = subprocess.Popen(
            self.command(),
            cwd=PROJECT,
            env=self.env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        try:
            self.wait_until_ready()
        except BaseException:
            self.stop()
            raise
        return self

    def __exit__(self, *exc):
        self.stop()

    def wait_until_ready(self):
        deadline = time.monotonic() + self.timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(
                    f"gunicorn exited with status {self.process.returncode}; "
                    f"its log ends:\n{self.log_tail()}"
                )
            try:
                status, _ = fetch(self.base_url + self.ready_path, timeout=5)
                if status == 200 and len(self.worker_pids()) == self.workers:
                    return
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                pass
            time.sleep(0.2)
        raise RuntimeError(
            f"gunicorn did not answer {self.ready_path} within {self.timeout} s; "
            f"its log ends:\n{self.log_tail()}"
        )

    def drain(self):
        """Wait for the requests a finished load left queued: wrk closes its sockets at the end,
        but what sits in the listen backlog is still served, and would slow the next run.
        Probes, one a worker, queue behind them."""
        with ThreadPoolExecutor(self.workers) as pool:
            list(
                pool.map(lambda _: fetch(self.base_url + self.ready_path, 120), range(self.workers))
            )

    def worker_pids(self):
        return children(self.process.pid)

    def worker_rss_kib(self):
        return {pid: rss_kib(pid) for pid in self.worker_pids()}

    def log_tail(self, lines=20):
        self.log.flush()
        return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])

    def stop(self):
        if self.process is None or self.process.poll() is not None:
            self.log.close()
            return
        for sig, grace in ((signal.SIGTERM, 15), (signal.SIGKILL, 5)):
            try:
                os.killpg(self.process.pid, sig)
            except ProcessLookupError:
                break
            try:
                self.process.wait(grace)
                break
            except subprocess.TimeoutExpired:
                continue
        self.log.close()
