"""The seed's own CDC generator, unchanged, against `snowglobe serve`.

`mock_cdc_data.py` is the seed document's script, extracted verbatim. The harness changes only what
`connect(...)` receives (host, port and protocol of the local server, and the database the ECOMM_CDC
variant creates) and bounds the endless loop: its `time.sleep` between iterations returns at once and,
after ITERATIONS of them, raises KeyboardInterrupt — the script's own way out. Then:

- every INSERT and DELETE the script reported landed in raw_orders (the expected bronze is rebuilt
  from the script's own log lines);
- every UPDATE failed as Snowflake fails it: the `#` inside the SQL text is a syntax error
  (Snowflake's comments are `--`, `//` and `/* */`), reported as 001003 at the `#`'s line and
  position in the text the connector sends (it strips the leading newline), and the script printed
  "Update failed: ..." and went on;
- after the scheduler runs (SYSTEM$ADVANCE_CLOCK moves the virtual clock past both target lags),
  the gold table equals what DuckDB computes from the bronze rows.
"""

import contextlib
import io
import random
import runpy
import sys
import time
import unittest
from decimal import Decimal
from pathlib import Path

import duckdb
import snowflake.connector

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "crosscheck"))

from serve import Server  # noqa: E402
from crosscheck import GOLD, avg, norm  # noqa: E402

ITERATIONS = 120
SILVER = """
    SELECT order_id, customer_id, order_date, status, amount, product_id, quantity,
        EXTRACT(YEAR FROM order_date) AS order_year, EXTRACT(MONTH FROM order_date) AS order_month,
        CASE WHEN amount > 200 THEN 'HIGH_VALUE' WHEN amount > 100 THEN 'MEDIUM_VALUE'
             ELSE 'LOW_VALUE' END AS value_segment,
        change_type
    FROM raw_orders"""
def run_seed_script(port):
    """Runs mock_cdc_data.py as __main__ and returns what it printed."""
    real_connect = snowflake.connector.connect
    sleeps = {"n": 0}

    def local_connect(**kwargs):
        kwargs.update(host="127.0.0.1", port=port, protocol="http", database="ECOMM_CDC")
        return real_connect(**kwargs)

    def bounded_sleep(_seconds):
        sleeps["n"] += 1
        if sleeps["n"] >= ITERATIONS:
            raise KeyboardInterrupt

    out = io.StringIO()
    random.seed(20260115)
    snowflake.connector.connect = local_connect
    real_sleep, time.sleep = time.sleep, bounded_sleep
    try:
        with contextlib.redirect_stdout(out):
            runpy.run_path(str(HERE / "mock_cdc_data.py"), run_name="__main__")
    finally:
        snowflake.connector.connect = real_connect
        time.sleep = real_sleep
    return out.getvalue()


class SeedGeneratorAgainstServer(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        with Server("sql/ecomm_cdc.sql", "--no-auth", "--speed", "60") as server:
            cls.printed = run_seed_script(server.port)
            conn = snowflake.connector.connect(user="admin", password="admin", account="local",
                                               host="127.0.0.1", port=server.port, protocol="http",
                                               database="ECOMM_CDC", schema="PUBLIC")
            cur = conn.cursor()
            cur.execute("CALL SYSTEM$ADVANCE_CLOCK('6 minutes')")
            cur.execute("SELECT order_id, customer_id, order_date, status, amount, product_id, quantity, "
                        "change_type FROM raw_orders")
            cls.bronze = cur.fetchall()
            cur.execute("SELECT * FROM orders_aggregated ORDER BY order_year, order_month, value_segment")
            cls.gold = cur.fetchall()
            cur.execute("SELECT COUNT(*) FROM TABLE(INFORMATION_SCHEMA.DYNAMIC_TABLE_REFRESH_HISTORY()) "
                        "WHERE name = 'ORDERS_AGGREGATED' AND state = 'SUCCEEDED'")
            cls.gold_refreshes = cur.fetchone()[0]
            conn.close()
        cls.log = server.log

    def events(self, kind):
        prefix = f"[CDC EVENT - {kind}] "
        return [line[len(prefix):] for line in self.printed.splitlines() if line.startswith(prefix)]

    def test_the_script_ran_its_loop_and_stopped_its_own_way(self):
        self.assertIn("Stopping CDC simulation...", self.printed)
        self.assertGreater(len(self.events("INSERT")), 50)
        self.assertGreater(len(self.events("DELETE")), 0)

    def test_inserts_and_deletes_land_in_raw_orders(self):
        expected = []
        for line in self.printed.splitlines():
            if line.startswith("[CDC EVENT - INSERT] "):
                text = line[len("[CDC EVENT - INSERT] "):]
                values = eval(text, {"datetime": __import__("datetime")})  # the script's own repr()
                expected.append((values[0], values[1], values[3], Decimal(str(values[4])), values[5], values[6]))
            elif line.startswith("[CDC EVENT - DELETE] order_id: "):
                gone = line.rsplit(" ", 1)[-1]
                expected = [r for r in expected if r[0] != gone]
        ours = sorted((r[0], r[1], r[3], r[4], r[5], int(r[6])) for r in self.bronze)
        self.assertEqual(ours, sorted(expected))
        self.assertTrue(all(r[7] == "INSERT" for r in self.bronze))

    def test_updates_fail_as_snowflake_fails_them(self):
        failures = [line for line in self.printed.splitlines() if line.startswith("Update failed: ")]
        self.assertGreater(len(failures), 5)
        self.assertEqual(self.events("UPDATE"), [])
        for line in failures:
            self.assertTrue(line.startswith("Update failed: 001003 (42000): SQL compilation error:"), line)
        # The message's second line: the connector strips the text's leading newline, so the `#`
        # sits on line 3, after 16 spaces, `order_date = CURRENT_TIMESTAMP()` and 2 spaces: column 50.
        self.assertIn("syntax error line 3 at position 50 unexpected '#'.", self.printed)

    def test_gold_equals_duckdb_after_the_scheduler_ran(self):
        self.assertGreater(self.gold_refreshes, 0)
        con = duckdb.connect()
        con.execute("CREATE TABLE raw_orders (order_id VARCHAR, customer_id VARCHAR, order_date TIMESTAMP, "
                    "status VARCHAR, amount DECIMAL(10,2), product_id VARCHAR, quantity DECIMAL(38,0), "
                    "change_type VARCHAR)")
        con.executemany("INSERT INTO raw_orders VALUES (?, ?, ?, ?, ?, ?, ?, ?)", self.bronze)
        expected = [
            [norm(y), norm(m), seg, norm(oc), norm(Decimal(str(rev)).quantize(Decimal("0.01"))),
             norm(avg(rev, n, 2)), norm(uc), norm(Decimal(str(dr)).quantize(Decimal("0.01"))), norm(co),
             norm(nr), norm(ur)]
            for (y, m, seg, oc, rev, n, uc, dr, co, nr, ur) in con.execute(GOLD.format(silver=f"({SILVER})")).fetchall()
        ]
        ours = [[norm(v) for v in row] for row in self.gold]
        self.assertGreater(len(ours), 5)
        self.assertEqual(ours, expected)

    def test_the_log_names_statements_and_no_password(self):
        self.assertRegex(self.log, r"01b[0-9a-f-]{33} ok [0-9.]+ ms INSERT INTO raw_orders")
        self.assertNotIn("admin", self.log.lower().replace("administrator", ""))


if __name__ == "__main__":
    unittest.main()
