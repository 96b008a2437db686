"""The Snowflake Python connector's DB-API surface against `snowglobe serve`.

Runs under whichever connector the environment holds (5.x in .venv/connector5, the last 4.x in
.venv/dbt). Expected values are Snowflake's: type codes from the connector's documentation
(0 FIXED, 1 REAL, 2 TEXT, 3 DATE, 5 VARIANT, 8 TIMESTAMP_NTZ, 13 BOOLEAN), error numbers from
Snowflake's error codes (904 invalid identifier, 2003 missing object, 1003 syntax error), VARIANT
cells as Snowflake sends them (JSON indented by two spaces), DML row counts from the
`number of rows ...` columns.
"""

import datetime
import sys
import unittest
from decimal import Decimal
from pathlib import Path

import snowflake.connector
from snowflake.connector.errors import ProgrammingError

sys.path.insert(0, str(Path(__file__).resolve().parent))
from serve import Server, connect  # noqa: E402

SETUP = """
CREATE DATABASE shop;
CREATE SCHEMA shop.sales;
CREATE TABLE shop.sales.orders (id NUMBER, label STRING, amount NUMBER(10,2), placed TIMESTAMP_NTZ,
                                day DATE, paid BOOLEAN, ratio FLOAT);
CREATE DYNAMIC TABLE shop.sales.totals TARGET_LAG = '1 minute' WAREHOUSE = wh
  AS SELECT paid, COUNT(*) AS n, SUM(amount) AS total FROM shop.sales.orders GROUP BY paid;
"""


class ConnectorSurface(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = Path(__file__).resolve().parent / f".setup-{snowflake.connector.__version__}.sql"
        cls.tmp.write_text(SETUP)
        cls.server = Server(cls.tmp, "--no-auth", "--clock", "manual").__enter__()
        cls.conn = connect(cls.server, database="shop", schema="sales", warehouse="wh")
        cls.qmark = connect(cls.server, database="shop", schema="sales", paramstyle="qmark")

    @classmethod
    def tearDownClass(cls):
        cls.conn.close()
        cls.qmark.close()
        cls.server.__exit__(None, None, None)
        cls.tmp.unlink()

    def setUp(self):
        self.conn.cursor().execute("DELETE FROM orders")

    def test_session_context_comes_from_connect(self):
        cur = self.conn.cursor()
        cur.execute("SELECT CURRENT_DATABASE(), CURRENT_SCHEMA(), CURRENT_WAREHOUSE()")
        self.assertEqual(cur.fetchone(), ("SHOP", "SALES", "WH"))

    def test_client_side_binding_of_python_values(self):
        cur = self.conn.cursor()
        placed = datetime.datetime(2026, 1, 15, 9, 30, 0, 250000)
        cur.execute("INSERT INTO orders VALUES (%s, %s, %s, %s, %s, %s, %s)",
                    (1, "it's", Decimal("12.50"), placed, datetime.date(2026, 1, 15), True, 0.25))
        self.assertEqual(cur.rowcount, 1)
        self.assertTrue(cur.sfqid)
        cur.execute("SELECT id, label, amount, placed, day, paid, ratio FROM orders")
        self.assertEqual(cur.fetchall(), [(1, "it's", Decimal("12.50"), placed, datetime.date(2026, 1, 15), True, 0.25)])
        self.assertEqual([d.type_code for d in cur.description], [0, 2, 0, 8, 3, 13, 1])
        self.assertEqual([d.name for d in cur.description], ["ID", "LABEL", "AMOUNT", "PLACED", "DAY", "PAID", "RATIO"])
        self.assertEqual((cur.description[2].precision, cur.description[2].scale), (10, 2))

    def test_server_side_qmark_binding_and_executemany(self):
        cur = self.qmark.cursor()
        rows = [(i, f"item {i}", Decimal(i) / 4, i % 2 == 0) for i in range(1, 11)]
        cur.executemany("INSERT INTO orders (id, label, amount, paid) VALUES (?, ?, ?, ?)", rows)
        self.assertEqual(cur.rowcount, 10)
        cur.execute("SELECT id, label, amount, paid FROM orders WHERE id > ? ORDER BY id", (7,))
        self.assertEqual(cur.fetchall(), [(i, f"item {i}", Decimal(i) / 4, i % 2 == 0) for i in (8, 9, 10)])
        cur.execute("SELECT ? AS t, ? AS ts", ("x", datetime.datetime(2026, 2, 1, 12, 0, 0)))
        self.assertEqual(cur.fetchone(), ("x", datetime.datetime(2026, 2, 1, 12, 0, 0)))

    def test_pyformat_executemany_and_fetch_styles(self):
        cur = self.conn.cursor()
        cur.executemany("INSERT INTO orders (id, label) VALUES (%s, %s)", [(i, f"n{i}") for i in range(20)])
        self.assertEqual(cur.rowcount, 20)
        cur.execute("SELECT id FROM orders ORDER BY id")
        self.assertEqual(cur.fetchone(), (0,))
        self.assertEqual(cur.fetchmany(3), [(1,), (2,), (3,)])
        self.assertEqual(len(cur.fetchall()), 16)
        self.assertIsNone(cur.fetchone())
        cur.execute("UPDATE orders SET label = 'even' WHERE id % 2 = 0")
        self.assertEqual(cur.rowcount, 10)
        cur.execute("DELETE FROM orders WHERE id >= 15")
        self.assertEqual(cur.rowcount, 5)

    def test_errors_carry_snowflakes_numbers(self):
        cur = self.conn.cursor()
        cases = [
            ("SELECT nope FROM orders", 904, "42000", "invalid identifier 'NOPE'"),
            ("SELECT * FROM missing_table", 2003, "42S02", "does not exist or not authorized"),
            ("SELEC 1", 1003, "42000", "syntax error"),
        ]
        for sql, errno, sqlstate, text in cases:
            with self.assertRaises(ProgrammingError) as caught:
                cur.execute(sql)
            self.assertEqual((caught.exception.errno, caught.exception.sqlstate), (errno, sqlstate), sql)
            self.assertIn(text, caught.exception.msg)
            self.assertTrue(caught.exception.sfqid)

    def test_use_changes_the_session_for_later_statements(self):
        other = connect(self.server, database="shop", schema="sales")
        cur = other.cursor()
        cur.execute("CREATE SCHEMA shop.scratch")
        cur.execute("USE SCHEMA shop.sales")
        cur.execute("CREATE TABLE here (a NUMBER)")
        cur.execute("USE SCHEMA scratch")
        cur.execute("SELECT CURRENT_SCHEMA()")
        self.assertEqual(cur.fetchone(), ("SCRATCH",))
        with self.assertRaises(ProgrammingError):
            cur.execute("SELECT * FROM here")
        self.conn.cursor().execute("SELECT * FROM here")
        other.close()

    def test_transactions_commit_and_roll_back(self):
        cur = self.conn.cursor()
        cur.execute("BEGIN")
        cur.execute("INSERT INTO orders (id) VALUES (100)")
        self.conn.rollback()
        cur.execute("SELECT COUNT(*) FROM orders WHERE id = 100")
        self.assertEqual(cur.fetchone(), (0,))
        cur.execute("BEGIN")
        cur.execute("INSERT INTO orders (id) VALUES (101)")
        self.conn.commit()
        cur.execute("SELECT COUNT(*) FROM orders WHERE id = 101")
        self.assertEqual(cur.fetchone(), (1,))

    def test_dynamic_tables_refresh_on_the_servers_clock(self):
        cur = self.conn.cursor()
        cur.executemany("INSERT INTO orders (id, amount, paid) VALUES (%s, %s, %s)",
                        [(1, Decimal("10.00"), True), (2, Decimal("5.50"), True), (3, Decimal("1.25"), False)])
        cur.execute("CALL SYSTEM$ADVANCE_CLOCK('2 minutes')")
        cur.execute("SELECT paid, n, total FROM totals ORDER BY paid")
        self.assertEqual(cur.fetchall(), [(False, 1, Decimal("1.25")), (True, 2, Decimal("15.50"))])
        cur.execute("SHOW DYNAMIC TABLES LIKE 'TOTALS'")
        row = dict(zip([d.name for d in cur.description], cur.fetchone()))
        self.assertEqual((row["name"], row["target_lag"], row["refresh_mode"]), ("TOTALS", "1 minute", "ADAPTIVE"))

    def test_variant_cells_arrive_as_snowflake_prints_them(self):
        cur = self.conn.cursor()
        cur.execute("""SELECT PARSE_JSON('{"b": [1, 2], "a": "x"}') AS v, ARRAY_CONSTRUCT() AS e""")
        self.assertEqual(cur.fetchone(), ('{\n  "a": "x",\n  "b": [\n    1,\n    2\n  ]\n}', "[]"))
        self.assertEqual([d.type_code for d in cur.description], [5, 10])

    def test_dict_cursor_and_iteration(self):
        cur = self.conn.cursor(snowflake.connector.DictCursor)
        cur.execute("SELECT 1 AS one, 'a' AS letter")
        self.assertEqual(cur.fetchall(), [{"ONE": 1, "LETTER": "a"}])
        self.assertEqual([r for r in self.conn.cursor().execute("SELECT 2 AS two")], [(2,)])


if __name__ == "__main__":
    unittest.main()
