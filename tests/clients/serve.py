"""Starts and stops `snowglobe serve` for the client tests.

`Server(*args)` runs the binary named by $SNOWGLOBE_BIN (default target/debug/snowglobe) with
`--port 0` and the given arguments, reads the port it prints, and on exit stops it with SIGINT
(Ctrl-C) and checks that it shut down cleanly. Its standard error (the statement log) is kept in
`server.log` for tests that read it.
"""

import os
import signal
import subprocess
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BIN = os.environ.get("SNOWGLOBE_BIN", str(ROOT / "target/debug/snowglobe"))


class Server:
    def __init__(self, *args, expect_exit=0):
        self.args = [str(a) for a in args]
        self.expect_exit = expect_exit
        self.log = ""

    def __enter__(self):
        self._err = tempfile.TemporaryFile(mode="w+")
        self.proc = subprocess.Popen([BIN, "serve", "--port", "0", *self.args], cwd=ROOT,
                                     stdout=subprocess.PIPE, stderr=self._err, text=True)
        line = self.proc.stdout.readline()
        if "listening on" not in line:
            self.proc.wait(timeout=10)
            self._err.seek(0)
            raise RuntimeError(f"snowglobe serve did not start: {line}{self._err.read()}")
        self.url = line.strip().rsplit(" ", 1)[-1]
        self.port = int(self.url.rsplit(":", 1)[-1])
        return self

    def stop(self):
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGINT)
        code = self.proc.wait(timeout=20)
        self._err.seek(0)
        self.log = self._err.read()
        return code

    def __exit__(self, *exc):
        code = self.stop()
        if exc[0] is None and code != self.expect_exit:
            raise AssertionError(f"snowglobe serve exited with {code}:\n{self.log[-4000:]}")
        return False


def connect(server, **kwargs):
    """A Python connector connection to the server (user/password are ignored under --no-auth)."""
    import snowflake.connector

    options = dict(user="admin", password="admin", account="snowglobe", host="127.0.0.1",
                   port=server.port, protocol="http")
    options.update(kwargs)
    return snowflake.connector.connect(**options)


class Proxy:
    """`snowglobe proxy` in front of `upstream` (a URL), started with `--port 0` and the given
    arguments; `url` is where it listens. Its standard error (the request log) is kept in `log`."""

    def __init__(self, upstream, *args, env=None):
        self.args = ["--url", upstream, *[str(a) for a in args]]
        self.env = env
        self.log = ""

    def __enter__(self):
        self._err = tempfile.TemporaryFile(mode="w+")
        env = dict(os.environ, **(self.env or {}))
        self.proc = subprocess.Popen([BIN, "proxy", "--port", "0", *self.args], cwd=ROOT, env=env,
                                     stdout=subprocess.PIPE, stderr=self._err, text=True)
        line = self.proc.stdout.readline()
        if "listening on" not in line:
            self.proc.wait(timeout=10)
            self._err.seek(0)
            raise RuntimeError(f"snowglobe proxy did not start: {line}{self._err.read()}")
        self.url = line.split("listening on ", 1)[1].split()[0].rstrip("/")
        return self

    def __exit__(self, *exc):
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGINT)
        self.proc.wait(timeout=20)
        self._err.seek(0)
        self.log = self._err.read()
        return False
