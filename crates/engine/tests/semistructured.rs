//! Semi-structured data: VARIANT, OBJECT and ARRAY columns, paths and casts, the functions that
//! build and read them, and LATERAL FLATTEN — in queries and dynamic tables. Each test names the
//! Snowflake documentation page it models; the data is ours and the expected rows are worked out
//! by hand from the rules those pages state (keys print sorted, a VARIANT string prints with its
//! quotes and `::string` drops them, a missing path is NULL, FLATTEN's PATH/INDEX/KEY columns).

mod common;
use common::*;

const SETUP: &str = r#"
CREATE DATABASE shop;
CREATE TABLE raw_orders (id NUMBER, body VARCHAR);
INSERT INTO raw_orders VALUES
  (1, '{"customer": {"name": "Ann", "tier": "gold"}, "status": "new",
        "items": [{"sku": "A", "qty": 2, "price": 9.5}, {"sku": "B", "qty": 1, "price": 20}]}'),
  (2, '{"customer": {"name": "Bob"}, "status": "new", "items": []}'),
  (3, '{"customer": {"name": "Cy", "tier": "silver"}, "status": "shipped",
        "items": [{"sku": "A", "qty": 5, "price": 9.5}], "note": null}');
CREATE TABLE orders (id NUMBER, doc VARIANT);
INSERT INTO orders SELECT id, PARSE_JSON(body) FROM raw_orders;
CREATE TABLE products (sku VARCHAR, name VARCHAR);
INSERT INTO products VALUES ('A', 'anvil'), ('B', 'bucket');
"#;

/// docs: user-guide/querying-semistructured — dot and bracket paths, casts, and how values print.
#[test]
fn paths_and_casts_read_nested_values() {
    let mut e = engine_with(SETUP);
    assert_eq!(
        rows(
            &mut e,
            "SELECT id, doc:customer.name::string, doc:customer.tier, doc['customer']['tier']::string,
                    doc:items[0].price::number(10,2), doc:items[1]:sku, doc:missing.deeper
             FROM orders ORDER BY id"
        ),
        [
            ["1", "Ann", "\"gold\"", "gold", "9.50", "\"B\"", "NULL"],
            ["2", "Bob", "NULL", "NULL", "NULL", "NULL", "NULL"],
            ["3", "Cy", "\"silver\"", "silver", "9.50", "NULL", "NULL"],
        ]
    );
    // A whole object prints as compact JSON with its keys sorted.
    assert_eq!(
        scalar(&mut e, "SELECT doc:customer FROM orders WHERE id = 1"),
        r#"{"name":"Ann","tier":"gold"}"#
    );
    // A path filters and groups like any expression.
    assert_eq!(
        rows(
            &mut e,
            "SELECT doc:status::string AS status, COUNT(*) FROM orders
             WHERE doc:customer.name::string <> 'Bob' GROUP BY status ORDER BY status"
        ),
        [["new", "1"], ["shipped", "1"]]
    );
}

/// docs: sql-reference/functions/typeof, array_size, object_keys, get_path — reading values.
#[test]
fn functions_read_types_sizes_and_keys() {
    let mut e = engine_with(SETUP);
    assert_eq!(
        rows(
            &mut e,
            "SELECT TYPEOF(doc:items), ARRAY_SIZE(doc:items), TYPEOF(doc:items[0].price),
                    TYPEOF(doc:items[0].qty), OBJECT_KEYS(doc:customer), GET_PATH(doc, 'items[0].sku'),
                    IS_OBJECT(doc:customer), GET(doc:items, 0):qty::int
             FROM orders ORDER BY id"
        ),
        [
            ["ARRAY", "2", "DECIMAL", "INTEGER", r#"["name","tier"]"#, "\"A\"", "TRUE", "2"],
            ["ARRAY", "0", "NULL", "NULL", r#"["name"]"#, "NULL", "TRUE", "NULL"],
            ["ARRAY", "1", "DECIMAL", "INTEGER", r#"["name","tier"]"#, "\"A\"", "TRUE", "5"],
        ]
    );
}

/// docs: sql-reference/functions/object_construct, array_construct, split, to_json — building values.
#[test]
fn functions_build_objects_and_arrays() {
    let mut e = engine_with(SETUP);
    assert_eq!(
        rows(
            &mut e,
            "SELECT OBJECT_CONSTRUCT('id', id, 'tier', doc:customer.tier),
                    OBJECT_CONSTRUCT_KEEP_NULL('tier', doc:customer.tier::string),
                    ARRAY_CONSTRUCT_COMPACT(id, doc:customer.tier),
                    TO_JSON(ARRAY_CONSTRUCT(id, 'x'))
             FROM orders ORDER BY id"
        ),
        [
            [
                r#"{"id":1,"tier":"gold"}"#,
                r#"{"tier":"gold"}"#,
                r#"[1,"gold"]"#,
                r#"[1,"x"]"#
            ],
            [r#"{"id":2}"#, r#"{"tier":null}"#, "[2]", r#"[2,"x"]"#],
            [
                r#"{"id":3,"tier":"silver"}"#,
                r#"{"tier":"silver"}"#,
                r#"[3,"silver"]"#,
                r#"[3,"x"]"#
            ],
        ]
    );
    assert_eq!(
        rows(
            &mut e,
            "SELECT SPLIT('a,b,,c', ','), ARRAY_SIZE(SPLIT('a,b,,c', ',')), SPLIT('a,b', ',')[1]::string,
                    ARRAY_TO_STRING(ARRAY_CONSTRUCT('x', 'y'), '-'), ARRAY_CONTAINS('b'::variant, SPLIT('a,b', ','))"
        ),
        [[r#"["a","b","","c"]"#, "4", "b", "x-y", "TRUE"]]
    );
}

/// docs: sql-reference/functions/flatten — one row per element, with SEQ, KEY, PATH, INDEX, VALUE
/// and THIS; OUTER keeps an input without elements; RECURSIVE walks nested values.
#[test]
fn lateral_flatten_expands_arrays_and_objects() {
    let mut e = engine_with(SETUP);
    assert_eq!(
        rows(
            &mut e,
            "SELECT o.id, f.index, f.path, f.value:sku::string, f.value:qty::number * f.value:price::number(10,2)
             FROM orders o, LATERAL FLATTEN(input => o.doc:items) f ORDER BY o.id, f.index"
        ),
        [
            ["1", "0", "[0]", "A", "19.00"],
            ["1", "1", "[1]", "B", "20.00"],
            ["3", "0", "[0]", "A", "47.50"],
        ]
    );
    assert_eq!(
        rows(
            &mut e,
            "SELECT o.id, f.index, f.value, f.this FROM orders o,
             LATERAL FLATTEN(input => o.doc:items, outer => TRUE) f WHERE o.id = 2"
        ),
        [["2", "NULL", "NULL", "[]"]]
    );
    assert_eq!(
        rows(
            &mut e,
            r#"SELECT key, path, value FROM TABLE(FLATTEN(input => PARSE_JSON('{"a": 1, "b": [2, {"c": 3}]}'),
               recursive => TRUE)) ORDER BY path"#
        ),
        [
            ["a", "a", "1"],
            ["b", "b", r#"[2,{"c":3}]"#],
            ["NULL", "b[0]", "2"],
            ["NULL", "b[1]", r#"{"c":3}"#],
            ["c", "b[1].c", "3"],
        ]
    );
    // PATH starts inside the input; MODE keeps only objects' keys.
    assert_eq!(
        rows(
            &mut e,
            "SELECT f.key, f.value FROM orders o,
             LATERAL FLATTEN(input => o.doc, path => 'customer', mode => 'OBJECT') f
             WHERE o.id = 1 ORDER BY f.key"
        ),
        [["name", "\"Ann\""], ["tier", "\"gold\""]]
    );
}

/// docs: sql-reference/functions/flatten (nested FLATTEN) and user-guide/querying-semistructured —
/// a FLATTEN of a FLATTEN's value, a join on an element's field, and grouping the elements.
#[test]
fn flattened_elements_join_nest_and_group() {
    let mut e = engine_with(SETUP);
    assert_eq!(
        rows(
            &mut e,
            "SELECT p.name, SUM(i.value:qty::number) AS qty FROM orders o,
             LATERAL FLATTEN(o.doc:items) i JOIN products p ON p.sku = i.value:sku::string
             GROUP BY p.name ORDER BY p.name"
        ),
        [["anvil", "7"], ["bucket", "1"]]
    );
    assert_eq!(
        rows(
            &mut e,
            "SELECT o.id, i.index, a.key, a.value FROM orders o, LATERAL FLATTEN(o.doc:items) i,
             LATERAL FLATTEN(i.value) a WHERE a.key IN ('qty', 'sku') ORDER BY 1, 2, 3"
        ),
        [
            ["1", "0", "qty", "2"],
            ["1", "0", "sku", "\"A\""],
            ["1", "1", "qty", "1"],
            ["1", "1", "sku", "\"B\""],
            ["3", "0", "qty", "5"],
            ["3", "0", "sku", "\"A\""],
        ]
    );
    assert_eq!(
        rows(
            &mut e,
            "SELECT t.value::string AS tag, COUNT(*) FROM (SELECT 'x,y,x' AS tags) s,
             LATERAL FLATTEN(SPLIT(s.tags, ',')) t GROUP BY tag ORDER BY tag"
        ),
        [["x", "2"], ["y", "1"]]
    );
}

/// docs: sql-reference/functions/object_insert and sql-reference/sql/update — UPDATE and DELETE
/// with semi-structured expressions in SET and WHERE.
#[test]
fn update_and_delete_read_and_write_variants() {
    let mut e = engine_with(SETUP);
    q(
        &mut e,
        "UPDATE orders SET doc = OBJECT_INSERT(doc, 'status', 'paid', TRUE) WHERE doc:status::string = 'new' AND ARRAY_SIZE(doc:items) > 0",
    );
    q(&mut e, "DELETE FROM orders WHERE ARRAY_SIZE(doc:items) = 0");
    assert_eq!(
        rows(
            &mut e,
            "SELECT id, doc:status::string FROM orders ORDER BY id"
        ),
        [["1", "paid"], ["3", "shipped"]]
    );
}

/// docs: sql-reference/constructs/join-lateral — a LEFT JOIN on an element's field keeps the
/// elements without a match (the field is computed on the FLATTEN side before GlueSQL joins).
#[test]
fn a_left_join_on_a_path_keeps_unmatched_elements() {
    let mut e = engine_with(SETUP);
    q(&mut e, "DELETE FROM products WHERE sku = 'B'");
    assert_eq!(
        rows(
            &mut e,
            "SELECT o.id, i.value:sku::string, p.name FROM orders o, LATERAL FLATTEN(o.doc:items) i
             LEFT JOIN products p ON p.sku = i.value:sku::string ORDER BY 1, 2"
        ),
        [["1", "A", "anvil"], ["1", "B", "NULL"], ["3", "A", "anvil"]]
    );
    assert_eq!(
        rows(
            &mut e,
            "SELECT p.name, o.id FROM products p LEFT JOIN orders o ON o.doc:items[0].sku::string = p.sku
             ORDER BY 2"
        ),
        [["anvil", "1"], ["anvil", "3"]]
    );
}

/// docs: user-guide/dynamic-tables-about — a bronze/silver/gold pipeline over JSON landing rows:
/// PARSE_JSON, the latest event per order by a path (QUALIFY), FLATTEN of its lines, an aggregate.
/// Each is in Snowflake's incremental matrix (user-guide/dynamic-tables/supported-queries), so AUTO
/// resolves to ADAPTIVE, and they follow their sources.
#[test]
fn a_json_pipeline_of_dynamic_tables_follows_its_source() {
    let mut e = engine_with(
        r#"
CREATE DATABASE shop;
CREATE TABLE landing (seq NUMBER, body VARCHAR);
INSERT INTO landing VALUES
  (1, '{"order": 10, "status": "new", "lines": [{"sku": "A", "qty": 2}]}'),
  (2, '{"order": 10, "status": "paid", "lines": [{"sku": "A", "qty": 2}, {"sku": "B", "qty": 1}]}'),
  (3, '{"order": 11, "status": "new", "lines": [{"sku": "B", "qty": 4}]}');
CREATE DYNAMIC TABLE bronze TARGET_LAG = '1 minute' WAREHOUSE = wh
  AS SELECT seq, PARSE_JSON(body) AS doc FROM landing;
CREATE DYNAMIC TABLE silver TARGET_LAG = DOWNSTREAM WAREHOUSE = wh AS
  SELECT doc:order::number AS order_id, doc:status::string AS status, doc:lines AS lines
  FROM bronze QUALIFY ROW_NUMBER() OVER (PARTITION BY doc:order ORDER BY seq DESC) = 1;
CREATE DYNAMIC TABLE gold TARGET_LAG = '1 minute' WAREHOUSE = wh AS
  SELECT l.value:sku::string AS sku, SUM(l.value:qty::number) AS qty
  FROM silver s, LATERAL FLATTEN(input => s.lines) l GROUP BY ALL;
"#,
    );
    assert_eq!(
        rows(&mut e, "SELECT * FROM gold ORDER BY sku"),
        [["A", "2"], ["B", "5"]]
    );
    assert_eq!(
        rows(
            &mut e,
            "SELECT name, refresh_mode FROM TABLE(INFORMATION_SCHEMA.DYNAMIC_TABLES()) ORDER BY name"
        ),
        [
            ["BRONZE", "ADAPTIVE"],
            ["GOLD", "ADAPTIVE"],
            ["SILVER", "ADAPTIVE"]
        ]
    );
    q(
        &mut e,
        r#"INSERT INTO landing VALUES (4, '{"order": 11, "status": "cancelled", "lines": []}')"#,
    );
    q(&mut e, "ALTER DYNAMIC TABLE gold REFRESH");
    assert_eq!(
        rows(&mut e, "SELECT * FROM gold ORDER BY sku"),
        [["A", "2"], ["B", "1"]]
    );
    assert_eq!(
        rows(
            &mut e,
            "SELECT order_id, status, lines FROM silver ORDER BY 1"
        ),
        [
            ["10", "paid", r#"[{"qty":2,"sku":"A"},{"qty":1,"sku":"B"}]"#],
            ["11", "cancelled", "[]"],
        ]
    );
    assert_eq!(
        rows(&mut e, "DESCRIBE TABLE silver")
            .into_iter()
            .map(|r| r[1].clone())
            .collect::<Vec<_>>(),
        ["NUMBER(38,0)", "VARCHAR(16777216)", "VARIANT"]
    );
}

/// docs: sql-reference/data-types-semistructured — what semi-structured columns accept, and the
/// errors that leave a table as it was.
#[test]
fn bad_semi_structured_input_is_refused_and_changes_nothing() {
    let mut e = engine_with(SETUP);
    let err = fails(
        &mut e,
        "INSERT INTO orders VALUES (9, PARSE_JSON('{}'))",
        "002014",
        "Invalid expression [PARSE_JSON('{}')] in VALUES clause",
    );
    assert_eq!(
        (err.position.unwrap().line, err.position.unwrap().column),
        (1, 30)
    );
    fails(
        &mut e,
        "INSERT INTO orders SELECT id + 10, PARSE_JSON(CASE WHEN id = 2 THEN '{oops' ELSE body END) FROM raw_orders",
        "100069",
        "Error parsing JSON",
    );
    assert_eq!(scalar(&mut e, "SELECT COUNT(*) FROM orders"), "3");
    assert_eq!(
        scalar(
            &mut e,
            "SELECT COUNT(*) FROM raw_orders WHERE TRY_PARSE_JSON(body || '}') IS NULL"
        ),
        "3"
    );
    q(&mut e, "CREATE TABLE shapes (o OBJECT, a ARRAY)");
    fails(
        &mut e,
        "INSERT INTO shapes (o) SELECT PARSE_JSON('[1]')",
        "100038",
        "expecting OBJECT but got ARRAY",
    );
    fails(
        &mut e,
        "SELECT doc:customer::number FROM orders",
        "100038",
        "Failed to cast variant value",
    );
    fails(
        &mut e,
        "SELECT * FROM orders o, LATERAL FLATTEN(input => o.doc:items, depth => 2) f",
        "002057",
        "Invalid argument name 'DEPTH' for function FLATTEN.",
    );
    fails(
        &mut e,
        "SELECT * FROM orders o LEFT JOIN products p ON OBJECT_CONSTRUCT('s', p.sku, 'o', o.id):o = 1",
        "002040",
        "A LEFT JOIN condition on an expression over both sides",
    );
    fails(
        &mut e,
        "UPDATE orders SET doc = PARSE_JSON('{oops') WHERE doc:customer.name::string = 'Ann'",
        "100069",
        "Error parsing JSON",
    );
    fails(
        &mut e,
        "SELECT doc:customer FROM orders ORDER BY 1",
        "002040",
        "ORDER BY, GROUP BY or DISTINCT on an OBJECT or ARRAY value",
    );
    assert_eq!(
        rows(
            &mut e,
            "SELECT TO_JSON(doc:customer) FROM orders ORDER BY 1 LIMIT 1"
        ),
        [[r#"{"name":"Ann","tier":"gold"}"#]]
    );
    assert_eq!(scalar(&mut e, "SELECT COUNT(*) FROM shapes"), "0");
    assert_eq!(
        scalar(
            &mut e,
            "SELECT doc:customer.name::string FROM orders WHERE id = 1"
        ),
        "Ann"
    );
}
