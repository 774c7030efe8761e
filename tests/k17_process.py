"""The installed `k17` command run as a real process, as the Procfile and a terminal run it."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
from pathlib import Path
from typing import IO

from bot.config import ENV_FILE_VARIABLE

K17 = Path(sys.executable).parent / "k17"
# Only PATH from the test's environment, and no .env file read, wherever k17 runs.
ISOLATED = {"PATH": os.environ.get("PATH", ""), ENV_FILE_VARIABLE: ""}


def run_k17(
    *args: str, env: dict[str, str], cwd: Path, stdin: str | None = None
) -> subprocess.CompletedProcess[str]:
    """Run `k17 args` to the end with only PATH and `env` set, in `cwd`, reading no .env."""
    return subprocess.run(
        [str(K17), *args],
        input=stdin,
        stdin=subprocess.DEVNULL if stdin is None else None,
        env={**ISOLATED, **env},
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def terminate(process: subprocess.Popen[bytes], timeout: float = 30) -> int:
    """SIGTERM, as Heroku stops a dyno, then kill after `timeout`; returns the exit status."""
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
    return process.returncode


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class K17Process:
    """A long-running `k17 args` process with only PATH and `env` set, its output in a log file."""

    def __init__(self, *args: str, env: dict[str, str], workdir: Path, log_name: str) -> None:
        self.command = args[0]
        self.log = workdir / log_name
        self._log_file: IO[str] = self.log.open("w")
        self.process = subprocess.Popen(
            [str(K17), *args],
            stdin=subprocess.DEVNULL,
            env={**ISOLATED, **env},
            cwd=workdir,  # no stray .env
            stdout=self._log_file,
            stderr=subprocess.STDOUT,
        )

    def fail_if_exited(self) -> None:
        """Raise with the log if the process has already ended."""
        if self.process.poll() is not None:
            raise AssertionError(f"k17 {self.command} exited: {self.log.read_text()}")

    def stop(self, timeout: float = 30) -> int:
        """SIGTERM, as Heroku stops a dyno; returns the exit status."""
        status = terminate(self.process, timeout)
        self._log_file.close()
        return status
