"""Running manage.py in a process of its own, under an environment the test chooses.

Settings are read once per process: a test of what the environment makes of them starts a new
one. The test run's own Django, database and cache variables are left out, so the child sees only
what the test gives it.
"""

import os
import subprocess
import sys
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
LEFT_OUT = ("DJANGO_", "DATABASE_", "REDIS_")


def run_manage(*args, left_out=(), **env):
    """``manage.py *args`` with the environment minus ``LEFT_OUT`` (and ``left_out``) plus env."""
    skipped = LEFT_OUT + tuple(left_out)
    environment = {key: value for key, value in os.environ.items() if not key.startswith(skipped)}
    environment.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=PROJECT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


def run_shell(code, **options):
    """Python ``code`` run by ``manage.py shell`` in such a process."""
    return run_manage("shell", "--no-imports", "-c", code, **options)
