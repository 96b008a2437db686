#!/usr/bin/env python3
"""Cross-checks Snowglobe against DuckDB, an independent SQL engine.

For each seed pipeline, `snowglobe run` applies thousands of generator events and prints the bronze,
silver and gold tables as JSON. DuckDB loads the same bronze rows, evaluates the pipeline's silver and
gold queries itself, and every row must agree exactly: amounts to the cent, averages to Snowflake's
scale (NUMBER(38,8) for an average of NUMBER(10,2)), counts, timestamps and labels.

Usage: crosscheck.py <path to the snowglobe binary>
"""

import json
import subprocess
import sys
import unittest
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import duckdb

ROOT = Path(__file__).resolve().parents[2]
BIN = sys.argv[1] if len(sys.argv) > 1 else str(ROOT / "target/debug/snowglobe")
START = "2026-01-15 09:00:00"

BRONZE_CDC = ["ORDER_ID", "CUSTOMER_ID", "ORDER_DATE", "STATUS", "AMOUNT", "PRODUCT_ID", "QUANTITY",
              "RECORD_SOURCE", "PROCESSED_AT", "CHANGE_TYPE"]
BRONZE_ECOMM = BRONZE_CDC[:7]


def run(script, seed, events, queries, profile="seed"):
    cmd = [BIN, "run", str(ROOT / "sql" / script), "--seed", str(seed), "--events", str(events),
           "--profile", profile, "--start", START, "--advance", "10m", "--format", "json"]
    for q in queries:
        cmd += ["--query", q]
    out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
    return [json.loads(line) for line in out.splitlines() if line.strip()]


def norm(v):
    """One text form for a value from either engine."""
    if v is None:
        return None
    if isinstance(v, datetime):
        return v.strftime("%Y-%m-%d %H:%M:%S.%f")[:-3]
    if isinstance(v, (int, float, Decimal)):
        d = Decimal(str(v))
        return str(d.normalize()) if d != d.to_integral() else str(d.quantize(Decimal(1)))
    return str(v)


def ts(text):
    return datetime.strptime(text, "%Y-%m-%d %H:%M:%S.%f")


def load_bronze(con, rows, columns, amount_type, timestamp_cols):
    types = {"AMOUNT": amount_type, "QUANTITY": "DECIMAL(38,0)"}
    decl = ", ".join(f"{c} {'TIMESTAMP' if c in timestamp_cols else types.get(c, 'VARCHAR')}" for c in columns)
    con.execute(f"CREATE TABLE raw_orders ({decl})")
    values = []
    for r in rows:
        values.append(tuple(ts(r[c]) if c in timestamp_cols and r[c] is not None else r[c] for c in columns))
    con.executemany(f"INSERT INTO raw_orders VALUES ({', '.join('?' for _ in columns)})", values)


# The seed's gold query over a silver relation, in DuckDB's terms: AVG as SUM and COUNT, to be divided
# at Snowflake's scale by avg().
GOLD = """
    SELECT order_year, order_month, value_segment,
        COUNT(DISTINCT order_id), SUM(amount), COUNT(amount), COUNT(DISTINCT customer_id),
        SUM(CASE WHEN status = 'DELIVERED' THEN amount ELSE 0 END),
        SUM(CASE WHEN status = 'CANCELLED' THEN 1 ELSE 0 END),
        COUNT(CASE WHEN change_type = 'INSERT' THEN 1 END),
        COUNT(CASE WHEN change_type = 'UPDATE' THEN 1 END)
    FROM {silver} GROUP BY 1, 2, 3 ORDER BY 1, 2, 3"""


def avg(total, count, scale):
    """AVG as Snowflake types it: NUMBER(38, max(s, min(s + 6, 12))) for an input of scale s."""
    if count == 0:
        return None
    places = max(scale, min(scale + 6, 12))
    return (Decimal(str(total)) / Decimal(count)).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


class EcommCdcVariant(unittest.TestCase):
    """sql/ecomm_cdc.sql: silver orders_derived and gold orders_aggregated."""

    @classmethod
    def setUpClass(cls):
        cls.bronze, cls.silver, cls.gold, cls.monitoring = run("ecomm_cdc.sql", 3, 5000, [
            "SELECT * FROM raw_orders",
            "SELECT * FROM orders_derived",
            "SELECT * FROM orders_aggregated ORDER BY order_year, order_month, value_segment",
            "SELECT * FROM cdc_monitoring ORDER BY process_hour DESC, change_type",
        ])
        cls.con = duckdb.connect()
        load_bronze(cls.con, cls.bronze, BRONZE_CDC, "DECIMAL(10,2)", {"ORDER_DATE", "PROCESSED_AT"})
        cls.con.execute("""
            CREATE TABLE orders_derived AS SELECT
                order_id, customer_id, order_date, status, amount, product_id, quantity,
                EXTRACT(YEAR FROM order_date) AS order_year,
                EXTRACT(MONTH FROM order_date) AS order_month,
                CASE WHEN amount > 200 THEN 'HIGH_VALUE' WHEN amount > 100 THEN 'MEDIUM_VALUE'
                     ELSE 'LOW_VALUE' END AS value_segment,
                CASE WHEN status IN ('DELIVERED', 'CANCELLED') THEN 'CLOSED' ELSE 'OPEN' END AS order_state,
                processed_at, change_type,
                IF(order_id IS NULL, 'FAILED', 'PASSED') AS dq_check_order_id,
                IF(amount > 0, 'PASSED', 'FAILED') AS dq_check_amount
            FROM raw_orders""")

    def test_bronze_has_the_generated_volume(self):
        self.assertGreater(len(self.bronze), 3000)
        self.assertEqual({r["CHANGE_TYPE"] for r in self.bronze}, {"INSERT", "UPDATE"})
        for r in self.bronze:
            self.assertEqual(Decimal(str(r["AMOUNT"])), Decimal(str(r["AMOUNT"])).quantize(Decimal("0.01")))

    def test_silver_equals_duckdb(self):
        cols = list(self.silver[0].keys())
        duck = self.con.execute(f"SELECT {', '.join(cols)} FROM orders_derived").fetchall()
        ours = sorted(tuple(norm(r[c]) for c in cols) for r in self.silver)
        theirs = sorted(tuple(norm(v) for v in row) for row in duck)
        self.assertEqual(len(ours), len(self.bronze))
        self.assertEqual(ours, theirs)

    def test_gold_equals_duckdb_to_the_cent(self):
        duck = self.con.execute(GOLD.format(silver="orders_derived")).fetchall()
        expected = [
            [norm(y), norm(m), seg, norm(oc), norm(Decimal(str(rev)).quantize(Decimal("0.01"))),
             norm(avg(rev, n, 2)), norm(uc), norm(Decimal(str(dr)).quantize(Decimal("0.01"))), norm(co),
             norm(nr), norm(ur)]
            for (y, m, seg, oc, rev, n, uc, dr, co, nr, ur) in duck
        ]
        ours = [[norm(v) for v in r.values()] for r in self.gold]
        self.assertEqual(list(self.gold[0].keys()), [
            "ORDER_YEAR", "ORDER_MONTH", "VALUE_SEGMENT", "ORDER_COUNT", "TOTAL_REVENUE", "AVG_ORDER_VALUE",
            "UNIQUE_CUSTOMERS", "DELIVERED_REVENUE", "CANCELLED_ORDERS", "NEW_RECORDS", "UPDATED_RECORDS"])
        self.assertGreater(len(ours), 20)
        self.assertEqual(ours, expected)

    def test_cdc_monitoring_view_equals_duckdb(self):
        view = self.monitoring
        duck = self.con.execute("""
            SELECT date_trunc('hour', processed_at), change_type, COUNT(*), MIN(processed_at), MAX(processed_at)
            FROM raw_orders GROUP BY 1, 2 ORDER BY 1 DESC, 2""").fetchall()
        self.assertEqual([[norm(v) for v in r.values()] for r in view], [[norm(v) for v in r] for r in duck])


class EcommVariant(unittest.TestCase):
    """sql/ecomm.sql: NUMBER amounts (whole units), DOWNSTREAM lags refreshed by the 2-minute task."""

    @classmethod
    def setUpClass(cls):
        cls.bronze, cls.silver, cls.gold, cls.now = run("ecomm.sql", 5, 5000, [
            "SELECT * FROM raw_orders",
            "SELECT * FROM orders_derived",
            "SELECT * FROM orders_aggregated ORDER BY order_year, order_month",
            "SELECT CURRENT_TIMESTAMP() AS now",
        ])
        cls.con = duckdb.connect()
        load_bronze(cls.con, cls.bronze, BRONZE_ECOMM, "DECIMAL(38,0)", {"ORDER_DATE"})

    def test_amounts_are_whole_units(self):
        for r in self.bronze:
            self.assertEqual(Decimal(str(r["AMOUNT"])) % 1, 0)

    def test_gold_equals_duckdb(self):
        # The task refreshes gold every 2 minutes; the last run saw the final bronze rows.
        duck = self.con.execute("""
            WITH d AS (SELECT *, EXTRACT(YEAR FROM order_date) AS y, EXTRACT(MONTH FROM order_date) AS m,
                              CASE WHEN amount > 100 THEN 'High Value' ELSE 'Low Value' END AS cat FROM raw_orders)
            SELECT y, m, COUNT(DISTINCT order_id), SUM(amount), COUNT(amount), COUNT(DISTINCT customer_id),
                   SUM(quantity), SUM(CASE WHEN status = 'DELIVERED' THEN amount ELSE 0 END),
                   SUM(CASE WHEN cat = 'High Value' THEN amount ELSE 0 END),
                   SUM(CASE WHEN cat = 'Low Value' THEN amount ELSE 0 END)
            FROM d GROUP BY 1, 2 ORDER BY 1, 2""").fetchall()
        expected = [[norm(y), norm(m), norm(o), norm(rev), norm(avg(rev, n, 0)), norm(c), norm(q), norm(dr),
                     norm(h), norm(lo)] for (y, m, o, rev, n, c, q, dr, h, lo) in duck]
        ours = [[norm(v) for v in r.values()] for r in self.gold]
        self.assertEqual(ours, expected)

    def test_silver_equals_duckdb(self):
        # Every column of every row, DAYS_SINCE_ORDER counted to the session's clock (whole days).
        now = self.now[0]["NOW"]
        cols = list(self.silver[0].keys())
        self.assertEqual(cols, [
            "ORDER_ID", "CUSTOMER_ID", "ORDER_DATE", "STATUS", "AMOUNT", "PRODUCT_ID", "QUANTITY", "ORDER_YEAR",
            "ORDER_MONTH", "ORDER_VALUE_CATEGORY", "ORDER_COMPLETION_STATUS", "DAYS_SINCE_ORDER"])
        duck = self.con.execute(f"""
            SELECT order_id, customer_id, order_date, status, amount, product_id, quantity,
                   EXTRACT(YEAR FROM order_date), EXTRACT(MONTH FROM order_date),
                   CASE WHEN amount > 100 THEN 'High Value' ELSE 'Low Value' END,
                   CASE WHEN status = 'DELIVERED' THEN 'Completed' ELSE 'Pending' END,
                   date_diff('day', order_date, TIMESTAMP '{now}')
            FROM raw_orders""").fetchall()
        ours = sorted(tuple(norm(r[c]) for c in cols) for r in self.silver)
        theirs = sorted(tuple(norm(v) for v in row) for row in duck)
        self.assertEqual(len(ours), len(self.bronze))
        self.assertEqual(ours, theirs)


class WindowsAndSetOperations(unittest.TestCase):
    """Window functions, QUALIFY and set operations over the generator's bronze rows (many versions
    of each order), against DuckDB. Each window's order is total (every column, for LAG) or its
    function gives ties one value (RANK, the default RANGE frame), so both engines must give the
    same rows."""

    QUERIES = {
        "latest": """SELECT order_id, status, amount, processed_at FROM raw_orders
                     QUALIFY RANK() OVER (PARTITION BY order_id ORDER BY processed_at DESC) = 1""",
        "running": """SELECT customer_id, order_id, processed_at, amount,
                        SUM(amount) OVER (PARTITION BY customer_id ORDER BY processed_at) AS running,
                        DENSE_RANK() OVER (PARTITION BY customer_id ORDER BY processed_at) AS visit,
                        COUNT(*) OVER (PARTITION BY customer_id) AS n,
                        MAX(amount) OVER (PARTITION BY customer_id ORDER BY processed_at
                                          ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS peak,
                        LAG(status) OVER (PARTITION BY order_id
                                          ORDER BY processed_at, status, amount, change_type,
                                                   customer_id, product_id, quantity, order_date)
                                    AS previous
                      FROM raw_orders""",
        "ranked_status": """SELECT status, COUNT(*) AS n, RANK() OVER (ORDER BY COUNT(*) DESC) AS r,
                              SUM(COUNT(*)) OVER () AS total FROM raw_orders GROUP BY status""",
        "both": """SELECT customer_id FROM raw_orders WHERE status = 'DELIVERED'
                   INTERSECT SELECT customer_id FROM raw_orders WHERE status = 'CANCELLED'""",
        "only_delivered": """SELECT customer_id FROM raw_orders WHERE status = 'DELIVERED'
                             EXCEPT SELECT customer_id FROM raw_orders WHERE status = 'CANCELLED'""",
        "statuses": """SELECT status, change_type FROM raw_orders WHERE amount > 200
                       UNION SELECT status, change_type FROM raw_orders WHERE amount < 20""",
        "all_ids": """SELECT order_id FROM raw_orders WHERE amount > 200
                      UNION ALL SELECT order_id FROM raw_orders WHERE quantity > 2""",
    }

    @classmethod
    def setUpClass(cls):
        results = run("ecomm_cdc.sql", 11, 3000, ["SELECT * FROM raw_orders", *cls.QUERIES.values()])
        cls.bronze = results[0]
        cls.ours = dict(zip(cls.QUERIES, results[1:]))
        cls.con = duckdb.connect()
        load_bronze(cls.con, cls.bronze, BRONZE_CDC, "DECIMAL(10,2)", {"ORDER_DATE", "PROCESSED_AT"})

    def check(self, name, at_least):
        duck = self.con.execute(self.QUERIES[name]).fetchall()
        def key(row):
            return tuple((v is None, v or "") for v in row)

        ours = sorted((tuple(norm(v) for v in r.values()) for r in self.ours[name]), key=key)
        theirs = sorted((tuple(norm(v) for v in row) for row in duck), key=key)
        self.assertGreaterEqual(len(ours), at_least, name)
        self.assertEqual(ours, theirs, name)

    def test_qualify_dedup_equals_duckdb(self):
        self.check("latest", 100)
        self.assertLess(len(self.ours["latest"]), len(self.bronze))

    def test_running_windows_equal_duckdb(self):
        self.check("running", 1000)

    def test_windows_over_groups_equal_duckdb(self):
        self.check("ranked_status", 3)

    def test_set_operations_equal_duckdb(self):
        self.check("both", 1)
        self.check("only_delivered", 1)
        self.check("statuses", 2)
        self.check("all_ids", 100)


class SemiStructuredAndAggregates(unittest.TestCase):
    """JSON documents built from the bronze rows, read back with PARSE_JSON, paths and LATERAL
    FLATTEN, and the aggregates the engine groups itself (MEDIAN, PERCENTILE_CONT, STDDEV, VAR_POP,
    LISTAGG), against DuckDB's JSON functions and aggregates over the same text and rows."""

    DOCS = """CREATE TABLE docs AS SELECT order_id, TO_JSON(OBJECT_CONSTRUCT(
                'status', status, 'customer', OBJECT_CONSTRUCT('id', customer_id),
                'lines', ARRAY_CONSTRUCT(
                    OBJECT_CONSTRUCT('product', product_id, 'qty', quantity, 'amount', amount),
                    OBJECT_CONSTRUCT('product', 'GIFT-WRAP', 'qty', 1, 'amount', 2.50)))) AS body
              FROM raw_orders"""
    QUERIES = {
        "docs": "SELECT order_id, body FROM docs",
        "fields": """SELECT order_id, PARSE_JSON(body):status::string AS status,
                       PARSE_JSON(body):customer.id::string AS customer,
                       ARRAY_SIZE(PARSE_JSON(body):lines) AS n FROM docs""",
        "lines": """SELECT d.order_id, l.index, l.value:product::string AS product,
                      l.value:qty::number AS qty, l.value:amount::number(10,2) AS amount
                    FROM docs d, LATERAL FLATTEN(input => PARSE_JSON(d.body):lines) l""",
        "per_product": """SELECT l.value:product::string AS product, SUM(l.value:qty::number) AS qty,
                            COUNT(*) AS n FROM docs d, LATERAL FLATTEN(input => PARSE_JSON(d.body):lines) l
                          GROUP BY 1""",
        "stats": """SELECT status, MEDIAN(amount), PERCENTILE_CONT(0.9) WITHIN GROUP (ORDER BY amount),
                      STDDEV(amount), VAR_POP(amount),
                      LISTAGG(DISTINCT change_type, '|') WITHIN GROUP (ORDER BY change_type)
                    FROM raw_orders GROUP BY status""",
    }

    @classmethod
    def setUpClass(cls):
        results = run("ecomm_cdc.sql", 13, 2000, ["SELECT * FROM raw_orders", cls.DOCS, *cls.QUERIES.values()])
        cls.bronze = results[0]
        cls.ours = dict(zip(cls.QUERIES, results[2:]))
        cls.con = duckdb.connect()
        load_bronze(cls.con, cls.bronze, BRONZE_CDC, "DECIMAL(10,2)", {"ORDER_DATE", "PROCESSED_AT"})
        cls.con.execute("CREATE TABLE docs (order_id VARCHAR, body JSON)")
        cls.con.executemany("INSERT INTO docs VALUES (?, ?)",
                            [(r["ORDER_ID"], r["BODY"]) for r in cls.ours["docs"]])

    def same(self, name, duck_sql, at_least, close=()):
        ours = sorted(tuple(norm(v) for v in r.values()) for r in self.ours[name])
        theirs = sorted(tuple(norm(v) for v in row) for row in self.con.execute(duck_sql).fetchall())
        self.assertGreaterEqual(len(ours), at_least, name)
        self.assertEqual(len(ours), len(theirs), name)
        for a, b in zip(ours, theirs):
            for i, (x, y) in enumerate(zip(a, b)):
                if i in close and x is not None and y is not None:
                    self.assertAlmostEqual(float(x), float(y), delta=1e-9 * max(1.0, abs(float(y))), msg=name)
                else:
                    self.assertEqual(x, y, name)

    def test_documents_parse_back_to_their_rows(self):
        self.assertEqual(len(self.ours["docs"]), len(self.bronze))
        self.same("fields", """SELECT order_id, body->>'$.status', body->>'$.customer.id',
                                      json_array_length(body->'$.lines') FROM docs""", 1000)

    def test_flatten_equals_unnest(self):
        self.same("lines", """
            SELECT order_id, i - 1, line->>'product', CAST(line->>'qty' AS DECIMAL(38,0)),
                   CAST(line->>'amount' AS DECIMAL(10,2))
            FROM (SELECT order_id, unnest(arr) AS line, generate_subscripts(arr, 1) AS i
                  FROM (SELECT order_id, CAST(body->'$.lines' AS JSON[]) AS arr FROM docs))""", 2000)

    def test_flattened_elements_group_like_duckdb(self):
        self.same("per_product", """
            SELECT line->>'product', SUM(CAST(line->>'qty' AS DECIMAL(38,0))), COUNT(*)
            FROM (SELECT unnest(CAST(body->'$.lines' AS JSON[])) AS line FROM docs) GROUP BY 1""", 3)

    def test_engine_aggregates_equal_duckdb(self):
        # DuckDB rounds a DECIMAL percentile to the input's scale; Snowflake interpolates exactly
        # (docs: percentile_cont, scale + 3), so DuckDB computes it in DOUBLE here.
        self.same("stats", """
            SELECT status, median(amount), quantile_cont(amount::DOUBLE, 0.9), stddev_samp(amount), var_pop(amount),
                   string_agg(DISTINCT change_type, '|' ORDER BY change_type)
            FROM raw_orders GROUP BY status""", 3, close=(1, 2, 3, 4))


if __name__ == "__main__":
    result = unittest.main(argv=[sys.argv[0], "-v"], exit=False).result
    failed = len(result.failures) + len(result.errors)
    print(f"crosscheck: {result.testsRun - failed} passed, {failed} failed")
    sys.exit(1 if failed else 0)
