"""`snowglobe serve` under load: 200 concurrent clients — half on the drivers' protocol, half on the
SQL API — issue single-row INSERTs and DELETEs, point and aggregate queries for
$SNOWGLOBE_LOAD_SECONDS (60 by default) while the scheduler refreshes a dynamic table every
virtual minute (--speed 60: every real second).

Afterwards: no row lost or duplicated — the table's count and checksum equal those of the statements
that reported success (a request shed with 429 is retried; no request may end ambiguously); the
dynamic table, refreshed once more, agrees with its source; the server answered throughout, its
memory stayed bounded, and nothing panicked.
"""

import json
import os
import random
import sys
import threading
import time
import unittest
import urllib.error
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from serve import Server  # noqa: E402

CLIENTS = 200
SECONDS = float(os.environ.get("SNOWGLOBE_LOAD_SECONDS", "60"))
SETUP = """
CREATE DATABASE load;
CREATE TABLE load.public.events (client NUMBER, seq NUMBER, v NUMBER);
CREATE DYNAMIC TABLE load.public.per_client TARGET_LAG = '1 minute' WAREHOUSE = wh
  AS SELECT client, COUNT(*) AS n, SUM(v) AS total FROM load.public.events GROUP BY client;
"""


class Ambiguous(Exception):
    """A request whose outcome the client cannot know (so the accounting would be unsound)."""


def post(url, body, headers):
    request = urllib.request.Request(url, data=json.dumps(body).encode(), method="POST")
    request.add_header("Content-Type", "application/json")
    request.add_header("User-Agent", "snowglobe-load/1.0")
    for k, v in headers.items():
        request.add_header(k, v)
    try:
        with urllib.request.urlopen(request, timeout=300) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as e:
        return e.code, json.loads(e.read() or b"null")
    except OSError as e:
        raise Ambiguous(str(e)) from e


class SqlApiClient:
    def __init__(self, url):
        self.url = url

    def run(self, sql):
        """Returns the rows, None when shed (429), or raises on a SQL error."""
        status, reply = post(self.url + "/api/v2/statements", {"statement": sql, "database": "LOAD"}, {})
        if status == 429:
            return None
        if status != 200:
            raise AssertionError(f"{status}: {reply}")
        return reply["data"]


class DriverClient:
    def __init__(self, url):
        self.url = url
        _, reply = post(url + "/session/v1/login-request?databaseName=LOAD",
                        {"data": {"LOGIN_NAME": "load", "PASSWORD": "x"}}, {})
        self.token = reply["data"]["token"]

    def run(self, sql):
        status, reply = post(self.url + "/queries/v1/query-request", {"sqlText": sql},
                             {"Authorization": f'Snowflake Token="{self.token}"'})
        if status == 429:
            return None
        if not reply["success"]:
            raise AssertionError(reply)
        return reply["data"]["rowset"]


class LoadTest(unittest.TestCase):
    def test_mixed_load_loses_nothing(self):
        setup = Path(__file__).resolve().parent / ".load-setup.sql"
        setup.write_text(SETUP)
        try:
            with Server(setup, "--no-auth", "--speed", "60", "--quiet") as server:
                self.run_load(server)
        finally:
            setup.unlink()
        self.assertNotIn("panicked", server.log)

    def run_load(self, server):
        kept = {}  # (client, seq) -> v, for every insert that succeeded and was not deleted
        counts = {"statements": 0, "shed": 0}
        problems = []
        lock = threading.Lock()
        deadline = time.monotonic() + SECONDS
        rss = []

        def client(n):
            rng = random.Random(n)
            try:
                conn = DriverClient(server.url) if n % 2 else SqlApiClient(server.url)
                mine, seq = [], 0
                while time.monotonic() < deadline:
                    roll = rng.random()
                    if roll < 0.5 or not mine:
                        seq += 1
                        v = rng.randint(1, 1000)
                        sql, done = f"INSERT INTO events VALUES ({n}, {seq}, {v})", ("add", (n, seq), v)
                    elif roll < 0.65:
                        key = mine.pop(rng.randrange(len(mine)))
                        sql, done = f"DELETE FROM events WHERE client = {key[0]} AND seq = {key[1]}", ("del", key, None)
                    elif roll < 0.85:
                        sql, done = f"SELECT v FROM events WHERE client = {n} AND seq = {max(seq, 1)}", None
                    else:
                        sql, done = "SELECT client, n, total FROM per_client ORDER BY client LIMIT 5", None
                    while conn.run(sql) is None:
                        with lock:
                            counts["shed"] += 1
                        time.sleep(0.05)
                    with lock:
                        counts["statements"] += 1
                        if done and done[0] == "add":
                            kept[done[1]] = done[2]
                            mine.append(done[1])
                        elif done:
                            del kept[done[1]]
            except Exception as e:  # noqa: BLE001 — every failure is reported below
                with lock:
                    problems.append(f"client {n}: {e!r}")

        def watch():
            while time.monotonic() < deadline:
                with open(f"/proc/{server.proc.pid}/status") as f:
                    for line in f:
                        if line.startswith("VmRSS:"):
                            rss.append(int(line.split()[1]))
                time.sleep(1)

        threads = [threading.Thread(target=client, args=(n,)) for n in range(CLIENTS)]
        threads.append(threading.Thread(target=watch))
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        self.assertEqual(problems, [])
        self.assertGreater(counts["statements"], CLIENTS)
        probe = SqlApiClient(server.url)
        count, checksum = probe.run("SELECT COUNT(*), COALESCE(SUM(client * 1000003 + seq * 1009 + v), 0) FROM events")[0]
        self.assertEqual((int(count), int(checksum)),
                         (len(kept), sum(c * 1000003 + s * 1009 + v for (c, s), v in kept.items())))
        probe.run("ALTER DYNAMIC TABLE per_client REFRESH")
        dt = probe.run("SELECT client, n, total FROM per_client ORDER BY client")
        source = probe.run("SELECT client, COUNT(*), SUM(v) FROM events GROUP BY client ORDER BY client")
        self.assertEqual(dt, source)
        refreshes = probe.run("SELECT COUNT(*) FROM TABLE(INFORMATION_SCHEMA.DYNAMIC_TABLE_REFRESH_HISTORY()) "
                              "WHERE state = 'SUCCEEDED'")
        self.assertGreater(int(refreshes[0][0]), 1, "refreshes ran during the load")
        self.assertLess(max(rss), 1_000_000, f"resident memory peaked at {max(rss)} kB")
        print(f"\n{counts['statements']} statements in {SECONDS:.0f} s from {CLIENTS} clients "
              f"({counts['statements'] / SECONDS:.0f}/s), {counts['shed']} shed with 429, "
              f"{len(kept)} rows kept, peak RSS {max(rss) // 1024} MiB", file=sys.stderr)


if __name__ == "__main__":
    unittest.main()
