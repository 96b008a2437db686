#!/usr/bin/env python3
"""Benchmark of `snowglobe serve` against fakesnow's server, on the same statements over loopback.

Each server gets N single-row INSERTs (`INSERT INTO t VALUES (<id>, '<text>')`), then N point SELECTs
(`SELECT v FROM t WHERE id = <id>`), one at a time from one client, after a warm-up. Reported per
protocol and statement kind: statements per second, p50 and p99 latency in milliseconds.

- drivers' protocol: the Python connector of this environment (4.x, the one fakesnow supports), the
  same client for both servers;
- SQL API v2: a standard-library client (fakesnow does not serve the SQL API).

Usage (make bench runs it): bench_servers.py <snowglobe binary> [N]; run it with the Python of
.venv/fakesnow, which holds fakesnow[server] and connector 4.x.
"""

import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import snowflake.connector

ROOT = Path(__file__).resolve().parents[1]
N = int(sys.argv[2]) if len(sys.argv) > 2 else 500
WARMUP = 20


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(port, seconds=30):
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    raise RuntimeError(f"nothing listens on {port}")


def summary(name, latencies):
    ms = sorted(x * 1000 for x in latencies)
    p99 = ms[min(len(ms) - 1, int(len(ms) * 0.99))]
    rate = len(ms) / (sum(ms) / 1000)
    return f"  {name:<44} {rate:>9.0f}/s   p50 {statistics.median(ms):>7.2f} ms   p99 {p99:>7.2f} ms"


def timed(run, statements):
    for sql in statements[:WARMUP]:
        run(sql)
    latencies = []
    for sql in statements[WARMUP:]:
        started = time.perf_counter()
        run(sql)
        latencies.append(time.perf_counter() - started)
    return latencies


def statements(offset):
    inserts = [f"INSERT INTO t VALUES ({offset + i}, 'value {i}')" for i in range(N + WARMUP)]
    selects = [f"SELECT v FROM t WHERE id = {offset + i}" for i in range(N + WARMUP)]
    return inserts, selects


def bench_connector(label, port, offset):
    conn = snowflake.connector.connect(user="bench", password="bench", account="bench", host="127.0.0.1",
                                       port=port, protocol="http", database="BENCH", schema="PUBLIC")
    cur = conn.cursor()
    inserts, selects = statements(offset)
    print(summary(f"{label}: INSERT (connector)", timed(cur.execute, inserts)))
    print(summary(f"{label}: point SELECT (connector)", timed(lambda q: cur.execute(q).fetchall(), selects)))
    try:
        cur.execute("SELECT nope FROM t")
    except snowflake.connector.errors.ProgrammingError as e:
        print(f"  {label}: a bad column is errno {e.errno} (Snowflake: 904)")
    conn.close()


def bench_sql_api(label, port, offset):
    def run(sql):
        body = json.dumps({"statement": sql, "database": "BENCH"}).encode()
        request = urllib.request.Request(f"http://127.0.0.1:{port}/api/v2/statements", data=body, method="POST")
        request.add_header("Content-Type", "application/json")
        request.add_header("User-Agent", "snowglobe-bench/1.0")
        with urllib.request.urlopen(request) as response:
            json.loads(response.read())

    inserts, selects = statements(offset)
    print(summary(f"{label}: INSERT (SQL API)", timed(run, inserts)))
    print(summary(f"{label}: point SELECT (SQL API)", timed(run, selects)))


def main():
    binary = sys.argv[1]
    print(f"Servers over loopback: {N} single-row INSERTs then {N} point SELECTs per client, one at a time")
    with tempfile.TemporaryDirectory() as tmp:
        setup = Path(tmp) / "bench.sql"
        setup.write_text("CREATE DATABASE bench; CREATE TABLE bench.public.t (id NUMBER, v STRING);")
        port = free_port()
        ours = subprocess.Popen([binary, "serve", str(setup), "--no-auth", "--quiet", "--port", str(port)],
                                stdout=subprocess.DEVNULL)
        try:
            wait_for(port)
            bench_connector("snowglobe serve", port, 0)
            bench_sql_api("snowglobe serve", port, 1_000_000)
        finally:
            ours.terminate()
            ours.wait()
        port = free_port()
        fakesnow = subprocess.Popen([str(Path(sys.executable).with_name("fakesnow")), "-s", "-p", str(port)],
                                    stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            wait_for(port)
            conn = snowflake.connector.connect(user="bench", password="bench", account="bench", host="127.0.0.1",
                                               port=port, protocol="http")
            for sql in ("CREATE DATABASE bench", "CREATE SCHEMA bench.public",
                        "CREATE TABLE bench.public.t (id NUMBER, v STRING)"):
                conn.cursor().execute(sql)
            conn.close()
            bench_connector("fakesnow 0.12 server", port, 0)
        finally:
            fakesnow.terminate()
            fakesnow.wait()


if __name__ == "__main__":
    os.environ.setdefault("PYTHONWARNINGS", "ignore")
    main()
