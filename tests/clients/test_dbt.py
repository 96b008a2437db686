"""dbt-snowflake against `snowglobe serve`: a project (tests/clients/dbt_project) with a source table,
two `dynamic_table` models (one reading the source, one aggregating it, each with a target lag), a
`scheduler='DISABLE'` dynamic table and a view.

`dbt run` creates them; a second run finds no configuration change; a run with another target lag
alters the dynamic table in place; `dbt test` passes. The relations dbt discovers (`show objects`,
`show dynamic tables like ...`) carry what dbt reads, and the dynamic tables then behave as
Snowflake's: the lagged ones refresh on the clock, and the one whose scheduler is disabled only on
`ALTER DYNAMIC TABLE ... REFRESH`. Expected rows are worked out by hand
from the source rows in dbt_project/setup.sql.
"""

import os
import subprocess
import sys
import unittest
from decimal import Decimal
from pathlib import Path

HERE = Path(__file__).resolve().parent
PROJECT = HERE / "dbt_project"
sys.path.insert(0, str(HERE))
from serve import Server, connect  # noqa: E402

DBT = str(Path(sys.executable).with_name("dbt"))


def dbt(server, *args):
    env = dict(os.environ, SNOWGLOBE_PORT=str(server.port), DBT_SEND_ANONYMOUS_USAGE_STATS="false")
    done = subprocess.run([DBT, *args, "--profiles-dir", str(PROJECT), "--project-dir", str(PROJECT)],
                          cwd=PROJECT, env=env, capture_output=True, text=True, timeout=600)
    return done.returncode, done.stdout + done.stderr


class DbtProject(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.server = Server(PROJECT / "setup.sql", "--no-auth", "--clock", "manual").__enter__()
        cls.conn = connect(cls.server, database="SHOP", schema="ANALYTICS")

    @classmethod
    def tearDownClass(cls):
        cls.conn.close()
        cls.server.__exit__(None, None, None)

    def rows(self, sql):
        cur = self.conn.cursor()
        cur.execute(sql)
        return cur.fetchall()

    def dynamic_tables(self):
        cur = self.conn.cursor()
        cur.execute("SHOW DYNAMIC TABLES IN SCHEMA SHOP.ANALYTICS")
        names = [d.name for d in cur.description]
        return {row[names.index("name")]: dict(zip(names, row)) for row in cur.fetchall()}

    def test_run_rerun_alter_test_and_refresh(self):
        code, out = dbt(self.server, "run")
        self.assertEqual(code, 0, out)
        self.assertIn("PASS=4", out)
        tables = self.dynamic_tables()
        self.assertEqual(sorted(tables), ["OPEN_ORDERS_MANUAL", "ORDERS_CLEAN", "REVENUE_BY_STATUS"])
        self.assertEqual(tables["ORDERS_CLEAN"]["target_lag"], "1 minute")
        self.assertEqual(tables["REVENUE_BY_STATUS"]["target_lag"], "2 minutes")
        self.assertEqual(tables["OPEN_ORDERS_MANUAL"]["scheduler"], "DISABLE")
        self.assertEqual(tables["ORDERS_CLEAN"]["scheduler"], "ENABLE")
        self.assertEqual({t["warehouse"] for t in tables.values()}, {"TRANSFORM_WH"})
        objects = self.rows("SHOW OBJECTS IN SCHEMA SHOP.ANALYTICS")
        kinds = {(r[1], r[4]) for r in objects}
        self.assertIn(("CUSTOMER_ORDERS", "VIEW"), kinds)
        self.assertIn(("ORDERS_CLEAN", "TABLE"), kinds)

        code, out = dbt(self.server, "run")
        self.assertEqual(code, 0, out)
        self.assertEqual(out.count("No configuration changes were identified"), 3, out)

        code, out = dbt(self.server, "run", "--vars", "{clean_lag: '5 minutes'}")
        self.assertEqual(code, 0, out)
        self.assertEqual(self.dynamic_tables()["ORDERS_CLEAN"]["target_lag"], "5 minutes")

        code, out = dbt(self.server, "test")
        self.assertEqual(code, 0, out)
        self.assertIn("PASS=6", out)

        # The source rows of setup.sql: PENDING 120.00, SHIPPED 80.50, DELIVERED 42.25, CANCELLED 10.00;
        # open orders are O1 and O2.
        self.assertEqual(self.rows("SELECT status, orders, revenue FROM revenue_by_status ORDER BY status"), [
            ("CANCELLED", 1, Decimal("10.00")), ("DELIVERED", 1, Decimal("42.25")),
            ("PENDING", 1, Decimal("120.00")), ("SHIPPED", 1, Decimal("80.50"))])
        self.rows("INSERT INTO SHOP.RAW.ORDERS VALUES ('O5', 'C2', 'PENDING', 30.00, '2026-01-15 10:00:00')")
        self.rows("CALL SYSTEM$ADVANCE_CLOCK('6 minutes')")
        self.assertEqual(self.rows("SELECT orders, revenue FROM revenue_by_status WHERE status = 'PENDING'"),
                         [(2, Decimal("150.00"))])
        self.assertEqual(self.rows("SELECT order_id FROM open_orders_manual ORDER BY order_id"), [("O1",), ("O2",)],
                         "a dynamic table whose scheduler is disabled does not refresh on the clock")
        self.rows("ALTER DYNAMIC TABLE open_orders_manual REFRESH")
        self.assertEqual(self.rows("SELECT order_id FROM open_orders_manual ORDER BY order_id"),
                         [("O1",), ("O2",), ("O5",)])
        self.assertEqual(self.rows("SELECT customer_id, orders, spent FROM customer_orders WHERE customer_id = 'C2'"),
                         [("C2", 2, Decimal("110.50"))])


if __name__ == "__main__":
    unittest.main()
