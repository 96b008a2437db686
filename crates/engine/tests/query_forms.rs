//! Query forms GlueSQL lacks that Snowflake's documentation and dbt models use: set operations,
//! comma and cross joins, GROUP BY ALL, select-alias reuse, `* EXCLUDE/RENAME/REPLACE`, INTERVAL
//! arithmetic, COUNT_IF, DECODE, LEAST/GREATEST. Each test names the page it models; the expected
//! rows are worked out by hand from the rules on that page.

mod common;
use common::*;

const SETUP: &str = "
CREATE DATABASE shop;
CREATE TABLE orders (id NUMBER, customer VARCHAR, amount NUMBER(10,2), placed DATE);
INSERT INTO orders VALUES (1, 'ann', 10.50, '2024-01-31'), (2, 'bob', 20.00, '2024-02-29'),
                          (3, NULL, NULL, NULL), (4, 'ann', 5.25, '2024-03-15');
CREATE TABLE returns (id NUMBER, reason VARCHAR);
INSERT INTO returns VALUES (2, 'damaged'), (4, 'late'), (9, 'unknown');
";

/// docs: sql-reference/operators-query (UNION [ALL], INTERSECT, MINUS / EXCEPT): UNION ALL keeps
/// duplicates, the others return distinct rows; NULLs compare equal; names come from the first
/// branch; branches must have as many columns.
#[test]
fn set_operations() {
    let mut e = engine_with(SETUP);
    assert_eq!(
        rows(
            &mut e,
            "SELECT id FROM orders UNION ALL SELECT id FROM returns ORDER BY id"
        ),
        [["1"], ["2"], ["2"], ["3"], ["4"], ["4"], ["9"]]
    );
    assert_eq!(
        rows(
            &mut e,
            "SELECT id FROM orders UNION SELECT id FROM returns ORDER BY 1"
        ),
        [["1"], ["2"], ["3"], ["4"], ["9"]]
    );
    assert_eq!(
        rows(
            &mut e,
            "SELECT id FROM orders EXCEPT SELECT id FROM returns ORDER BY id"
        ),
        [["1"], ["3"]]
    );
    assert_eq!(
        rows(&mut e, "SELECT id FROM returns MINUS SELECT id FROM orders"),
        [["9"]]
    );
    assert_eq!(
        rows(
            &mut e,
            "SELECT id FROM orders INTERSECT SELECT id FROM returns ORDER BY id"
        ),
        [["2"], ["4"]]
    );
    assert_eq!(
        rows(
            &mut e,
            "SELECT customer FROM orders UNION SELECT NULL ORDER BY 1"
        ),
        [["ann"], ["bob"], ["NULL"]]
    );
    assert_eq!(
        rows(
            &mut e,
            "SELECT amount AS x FROM orders WHERE id = 1 UNION ALL SELECT 1.5 UNION ALL SELECT 1.50"
        ),
        [["10.50"], ["1.50"], ["1.50"]]
    );
    assert_eq!(
        scalar(
            &mut e,
            "SELECT COUNT(*) FROM (SELECT 1.5 AS x UNION SELECT 1.50)"
        ),
        "1"
    );
    let result = q(
        &mut e,
        "SELECT id AS key, customer FROM orders UNION ALL SELECT id, reason FROM returns",
    );
    assert_eq!(result.columns[0].name, "KEY");
    let err = e
        .execute("SELECT id FROM orders UNION SELECT id, reason FROM returns")
        .unwrap_err();
    assert!(
        err.to_string().contains(
            "invalid number of result columns for set operator input branches, expected 1, got 2"
        ),
        "{err}"
    );
    q(
        &mut e,
        "CREATE VIEW everything AS SELECT id FROM orders UNION ALL SELECT id FROM returns",
    );
    assert_eq!(scalar(&mut e, "SELECT COUNT(*) FROM everything"), "7");
}

/// docs: sql-reference/constructs/join (comma joins with the condition in WHERE; CROSS JOIN).
#[test]
fn comma_and_cross_joins() {
    let mut e = engine_with(SETUP);
    assert_eq!(
        rows(
            &mut e,
            "SELECT o.id, r.reason FROM orders o, returns r WHERE o.id = r.id ORDER BY o.id"
        ),
        [["2", "damaged"], ["4", "late"]]
    );
    assert_eq!(
        scalar(&mut e, "SELECT COUNT(*) FROM orders CROSS JOIN returns"),
        "12"
    );
    // USING: the condition on the named column, which `*` lists once, first (SQL's rule).
    assert_eq!(
        rows(
            &mut e,
            "SELECT id, reason FROM orders JOIN returns USING (id) ORDER BY id"
        ),
        [["2", "damaged"], ["4", "late"]]
    );
    assert_eq!(
        q(
            &mut e,
            "SELECT * FROM returns r LEFT JOIN returns x USING (id, reason)"
        )
        .columns
        .iter()
        .map(|c| c.name.as_str())
        .collect::<Vec<_>>(),
        ["ID", "REASON"]
    );
    fails(
        &mut e,
        "SELECT * FROM orders JOIN returns USING (nope)",
        "000904",
        "invalid identifier 'NOPE'",
    );
    // NATURAL JOIN joins on the shared column names; RIGHT JOIN keeps every right row.
    assert_eq!(
        rows(
            &mut e,
            "SELECT * FROM orders NATURAL JOIN returns ORDER BY id"
        ),
        [
            ["2", "bob", "20.00", "2024-02-29", "damaged"],
            ["4", "ann", "5.25", "2024-03-15", "late"]
        ]
    );
    assert_eq!(
        rows(
            &mut e,
            "SELECT * FROM orders o RIGHT JOIN returns r ON o.id = r.id ORDER BY r.id"
        ),
        [
            ["2", "bob", "20.00", "2024-02-29", "2", "damaged"],
            ["4", "ann", "5.25", "2024-03-15", "4", "late"],
            ["NULL", "NULL", "NULL", "NULL", "9", "unknown"]
        ]
    );
    // FULL OUTER JOIN keeps the rows of both sides without a match (as DuckDB computes it).
    assert_eq!(
        rows(
            &mut e,
            "SELECT o.id, r.id, r.reason FROM orders o FULL OUTER JOIN returns r ON o.id = r.id
             ORDER BY o.id NULLS LAST, r.id"
        ),
        [
            ["1", "NULL", "NULL"],
            ["2", "2", "damaged"],
            ["3", "NULL", "NULL"],
            ["4", "4", "late"],
            ["NULL", "9", "unknown"]
        ]
    );
    assert_eq!(
        rows(
            &mut e,
            "SELECT COUNT(*), COUNT(o.id), COUNT(r.id) FROM orders o FULL JOIN returns r ON o.id = r.id
             JOIN returns x ON x.id = COALESCE(o.id, r.id)"
        ),
        [["3", "2", "3"]]
    );
    for (sql, says) in [
        (
            "SELECT o.id FROM orders o JOIN returns r ON o.id = r.id RIGHT JOIN returns x ON x.id = r.id",
            "RIGHT OUTER JOIN among several joins",
        ),
        (
            "SELECT o.id FROM orders o JOIN returns r ON o.id = r.id FULL OUTER JOIN returns x ON x.id = r.id",
            "FULL OUTER JOIN after another join",
        ),
    ] {
        let err = e.execute(sql).unwrap_err();
        assert_eq!(err.code, "002040", "{sql}: {err}");
        assert!(err.to_string().contains(says), "{sql}: {err}");
        assert!(!err.to_string().contains("translate"), "{sql}: {err}");
    }
}

/// docs: sql-reference/constructs/group-by (GROUP BY ALL) and constructs/where (a select-list alias
/// may be used in WHERE, GROUP BY and HAVING, and by a later select item).
#[test]
fn group_by_all_and_alias_reuse() {
    let mut e = engine_with(SETUP);
    assert_eq!(
        rows(
            &mut e,
            "SELECT customer, COUNT(*) AS n, SUM(amount) AS total FROM orders GROUP BY ALL ORDER BY customer"
        ),
        [
            ["ann", "2", "15.75"],
            ["bob", "1", "20.00"],
            ["NULL", "1", "NULL"]
        ]
    );
    assert_eq!(
        rows(
            &mut e,
            "SELECT id * 10 AS x FROM orders WHERE x > 20 ORDER BY x"
        ),
        [["30"], ["40"]]
    );
    assert_eq!(
        rows(
            &mut e,
            "SELECT id % 2 AS parity, COUNT(*) AS n FROM orders GROUP BY parity HAVING n > 1 ORDER BY parity"
        ),
        [["0", "2"], ["1", "2"]]
    );
    // An item may use an earlier item's alias, and WHERE sees the whole chain.
    assert_eq!(
        rows(
            &mut e,
            "SELECT id + 1 AS s, s * 2 AS t, t + s FROM orders WHERE t > 5 ORDER BY id"
        ),
        [["3", "6", "9"], ["4", "8", "12"], ["5", "10", "15"]]
    );
    // A FROM column wins over an alias of the same name.
    assert_eq!(
        rows(&mut e, "SELECT id + 100 AS id FROM orders WHERE id = 1"),
        [["101"]]
    );
}

/// docs: sql-reference/sql/select (`* EXCLUDE`, `* RENAME`, `* REPLACE`).
#[test]
fn star_with_exclude_rename_and_replace() {
    let mut e = engine_with(SETUP);
    let r = q(
        &mut e,
        "SELECT * EXCLUDE (amount, placed) RENAME (customer AS who) FROM orders WHERE id = 1",
    );
    let names: Vec<&str> = r.columns.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(names, ["ID", "WHO"]);
    assert_eq!(r.text_rows(), [["1", "ann"]]);
    assert_eq!(
        rows(
            &mut e,
            "SELECT * EXCLUDE placed REPLACE (amount * 2 AS amount) FROM orders WHERE id = 4"
        ),
        [["4", "ann", "10.50"]]
    );
    assert_eq!(
        rows(
            &mut e,
            "SELECT o.* EXCLUDE (amount, placed), r.reason FROM orders o JOIN returns r ON o.id = r.id ORDER BY o.id"
        ),
        [["2", "bob", "damaged"], ["4", "ann", "late"]]
    );
    let err = e
        .execute("SELECT * EXCLUDE (nope) FROM orders")
        .unwrap_err();
    assert!(
        err.to_string().contains("invalid identifier 'NOPE'"),
        "{err}"
    );
}

/// docs: sql-reference/data-types-datetime (interval constants), functions/count_if, decode,
/// least, greatest.
#[test]
fn intervals_and_conditional_functions() {
    let mut e = engine_with(SETUP);
    assert_eq!(
        rows(
            &mut e,
            "SELECT placed - INTERVAL '14 days', placed + INTERVAL '1 year, 1 month', placed + INTERVAL '2' DAY
             FROM orders WHERE id = 1"
        ),
        [["2024-01-17", "2025-02-28", "2024-02-02"]]
    );
    assert_eq!(
        scalar(
            &mut e,
            "SELECT COUNT(*) FROM orders WHERE placed >= '2024-03-20'::DATE - INTERVAL '30 days'"
        ),
        "2"
    );
    assert_eq!(
        rows(
            &mut e,
            "SELECT COUNT_IF(amount > 10), COUNT_IF(amount > 100) FROM orders"
        ),
        [["2", "0"]]
    );
    assert_eq!(
        rows(
            &mut e,
            "SELECT DECODE(customer, 'ann', 'A', NULL, 'none', 'other') FROM orders ORDER BY id"
        ),
        [["A"], ["other"], ["none"], ["A"]]
    );
    assert_eq!(
        rows(
            &mut e,
            "SELECT LEAST(id, 2), GREATEST(id, 2, 3.5), LEAST(amount, NULL) FROM orders ORDER BY id"
        ),
        [
            ["1", "3.5", "NULL"],
            ["2", "3.5", "NULL"],
            ["2", "3.5", "NULL"],
            ["2", "4.0", "NULL"]
        ]
    );
}

/// docs: sql-reference/functions-conversion ("Date and time formats in conversion functions"):
/// TO_DATE / TO_TIMESTAMP / TO_VARCHAR with Snowflake's format elements.
#[test]
fn conversion_formats() {
    let mut e = engine_with(SETUP);
    assert_eq!(
        rows(
            &mut e,
            "SELECT TO_DATE('05/03/2024', 'DD/MM/YYYY'), TO_VARCHAR(placed, 'YYYY-MM'),
                    TO_CHAR(placed, 'DD Mon YYYY \"at\" HH24:MI')
             FROM orders WHERE id = 2"
        ),
        [["2024-03-05", "2024-02", "29 Feb 2024 at 00:00"]]
    );
    assert_eq!(
        scalar(
            &mut e,
            "SELECT TO_CHAR(TO_TIMESTAMP('2024-03-05 22:11:12.345', 'YYYY-MM-DD HH24:MI:SS.FF3'), 'HH12:MI:SS.FF3 PM DY')"
        ),
        "10:11:12.345 PM Tue"
    );
    let err = e
        .execute("SELECT TO_CHAR(placed, 'Q YYYY') FROM orders")
        .unwrap_err();
    assert!(err.to_string().contains("not supported"), "{err}");
}

/// docs: sql-reference/functions/booland_agg, boolor_agg, any_value: NULLs are ignored, and a
/// group without a non-NULL value gives NULL; ANY_VALUE gives one of the group's values.
#[test]
fn boolean_aggregates_and_any_value() {
    let mut e = engine_with(
        "CREATE DATABASE b;
         CREATE TABLE t (g VARCHAR, ok BOOLEAN, x NUMBER);
         INSERT INTO t VALUES ('a', TRUE, 1), ('a', FALSE, 1), ('b', TRUE, 3), ('b', NULL, 3), ('c', NULL, 5);",
    );
    assert_eq!(
        rows(
            &mut e,
            "SELECT g, BOOLAND_AGG(ok), BOOLOR_AGG(ok), ANY_VALUE(x) FROM t GROUP BY g ORDER BY g"
        ),
        [
            ["a", "FALSE", "TRUE", "1"],
            ["b", "TRUE", "TRUE", "3"],
            ["c", "NULL", "NULL", "5"]
        ]
    );
}

/// docs: sql-reference/constructs/order-by — NULLs sort last ascending and first descending unless
/// NULLS FIRST / NULLS LAST says otherwise, by name, alias or position.
#[test]
fn order_by_places_nulls_as_asked() {
    let mut e = engine_with(SETUP);
    let ids = |e: &mut snowglobe_engine::Engine, sql: &str| -> Vec<String> {
        rows(e, sql).into_iter().map(|r| r[0].clone()).collect()
    };
    assert_eq!(
        ids(&mut e, "SELECT id FROM orders ORDER BY amount"),
        ["4", "1", "2", "3"]
    );
    assert_eq!(
        ids(&mut e, "SELECT id FROM orders ORDER BY amount DESC"),
        ["3", "2", "1", "4"]
    );
    assert_eq!(
        ids(&mut e, "SELECT id FROM orders ORDER BY amount NULLS FIRST"),
        ["3", "4", "1", "2"]
    );
    assert_eq!(
        ids(
            &mut e,
            "SELECT id, amount AS a FROM orders ORDER BY a DESC NULLS LAST"
        ),
        ["2", "1", "4", "3"]
    );
    assert_eq!(
        ids(
            &mut e,
            "SELECT id, customer FROM orders ORDER BY 2 NULLS FIRST, 1 DESC"
        ),
        ["3", "4", "1", "2"]
    );
}

/// docs: sql-reference/functions/substr — SUBSTRING / SUBSTR with a start and an optional length.
#[test]
fn substring_with_and_without_a_length() {
    let mut e = engine_with(SETUP);
    assert_eq!(
        rows(
            &mut e,
            "SELECT SUBSTRING(customer, 2), SUBSTRING(customer, 1, 2), SUBSTR(customer, 3), SUBSTRING(customer FROM 2 FOR 1)
             FROM orders WHERE id = 2"
        ),
        [["ob", "bo", "b", "o"]]
    );
}
