#!/usr/bin/env python3
"""DuckDB baseline for `snowglobe bench`: loads a bronze CSV, then times computing the seed's silver
and gold dynamic-table queries — or the query given as the third argument — from scratch, as many
times as the first argument says. Prints the median in milliseconds."""

import sys
import time

import duckdb

SILVER = """
CREATE OR REPLACE TABLE orders_derived AS SELECT
    order_id, customer_id, order_date, status, amount, product_id, quantity,
    EXTRACT(YEAR FROM order_date) AS order_year,
    EXTRACT(MONTH FROM order_date) AS order_month,
    CASE WHEN amount > 200 THEN 'HIGH_VALUE' WHEN amount > 100 THEN 'MEDIUM_VALUE' ELSE 'LOW_VALUE' END AS value_segment,
    CASE WHEN status IN ('DELIVERED', 'CANCELLED') THEN 'CLOSED' ELSE 'OPEN' END AS order_state,
    processed_at, change_type,
    IF(order_id IS NULL, 'FAILED', 'PASSED') AS dq_check_order_id,
    IF(amount > 0, 'PASSED', 'FAILED') AS dq_check_amount
FROM raw_orders"""

GOLD = """
CREATE OR REPLACE TABLE orders_aggregated AS SELECT
    order_year, order_month, value_segment,
    COUNT(DISTINCT order_id) AS order_count, SUM(amount) AS total_revenue, AVG(amount) AS avg_order_value,
    COUNT(DISTINCT customer_id) AS unique_customers,
    SUM(CASE WHEN status = 'DELIVERED' THEN amount ELSE 0 END) AS delivered_revenue,
    SUM(CASE WHEN status = 'CANCELLED' THEN 1 ELSE 0 END) AS cancelled_orders,
    COUNT(CASE WHEN change_type = 'INSERT' THEN 1 END) AS new_records,
    COUNT(CASE WHEN change_type = 'UPDATE' THEN 1 END) AS updated_records
FROM orders_derived GROUP BY order_year, order_month, value_segment"""


def main(rounds, path, query=None):
    con = duckdb.connect()
    con.execute("SET threads TO 2")
    con.execute(f"""CREATE TABLE raw_orders AS SELECT * FROM read_csv('{path}', header = true, columns = {{
        'order_id': 'VARCHAR', 'customer_id': 'VARCHAR', 'order_date': 'TIMESTAMP', 'status': 'VARCHAR',
        'amount': 'DECIMAL(10,2)', 'product_id': 'VARCHAR', 'quantity': 'DECIMAL(38,0)',
        'record_source': 'VARCHAR', 'processed_at': 'TIMESTAMP', 'change_type': 'VARCHAR'}})""")
    times = []
    for _ in range(int(rounds)):
        t = time.perf_counter()
        if query is None:
            con.execute(SILVER)
            con.execute(GOLD)
        else:
            con.execute(f"CREATE OR REPLACE TABLE result AS {query}")
        times.append((time.perf_counter() - t) * 1000)
    times.sort()
    print(f"{times[len(times) // 2]:.2f}")


if __name__ == "__main__":
    main(*sys.argv[1:4])
