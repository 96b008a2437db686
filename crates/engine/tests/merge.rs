//! MERGE, UPDATE ... FROM and DELETE ... USING (docs: sql-reference/sql/merge, sql/update,
//! sql/delete, and user-guide/streams-examples for the stream consumer). Expected rows are worked
//! out by hand from those pages.

mod common;
use common::*;

const SETUP: &str = "
CREATE DATABASE shop;
CREATE TABLE target (id NUMBER, amount NUMBER(10,2), note VARCHAR DEFAULT 'new');
INSERT INTO target VALUES (1, 10, 'a'), (2, 20, 'b'), (3, 30, 'c');
CREATE TABLE src (id NUMBER, amount NUMBER(10,2), op VARCHAR);
INSERT INTO src VALUES (1, 11, 'U'), (2, NULL, 'D'), (4, 40, 'I'), (5, 50, 'skip');
";

/// sql/merge: clauses are tried in order; NOT MATCHED inserts with the columns' defaults; the
/// result counts each kind of change.
#[test]
fn merge_updates_deletes_and_inserts() {
    let mut e = engine_with(SETUP);
    let r = q(
        &mut e,
        "MERGE INTO target t USING src s ON t.id = s.id
         WHEN MATCHED AND s.op = 'D' THEN DELETE
         WHEN MATCHED THEN UPDATE SET amount = s.amount, note = 'upd'
         WHEN NOT MATCHED AND s.op <> 'skip' THEN INSERT (id, amount) VALUES (s.id, s.amount)",
    );
    let names: Vec<&str> = r.columns.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "number of rows inserted",
            "number of rows updated",
            "number of rows deleted"
        ]
    );
    assert_eq!(r.text_rows(), [["1", "1", "1"]]);
    assert_eq!(
        rows(&mut e, "SELECT * FROM target ORDER BY id"),
        [
            ["1", "11.00", "upd"],
            ["3", "30.00", "c"],
            ["4", "40.00", "new"]
        ]
    );
}

/// sql/merge ("nondeterministic results"): a target row that two source rows would update is an
/// error, and nothing changes.
#[test]
fn a_target_row_updated_twice_is_an_error() {
    let mut e = engine_with(SETUP);
    let err = e
        .execute(
            "MERGE INTO target USING (SELECT 1 AS id, 5 AS v UNION ALL SELECT 1, 6) s ON target.id = s.id
             WHEN MATCHED THEN UPDATE SET amount = s.v",
        )
        .unwrap_err();
    assert_eq!(err.code, "100090", "{err}");
    assert!(
        err.to_string()
            .contains("Duplicate row detected during DML action")
    );
    assert_eq!(
        scalar(&mut e, "SELECT amount FROM target WHERE id = 1"),
        "10.00"
    );
    let err = e
        .execute("MERGE INTO target USING src ON target.id = src.id WHEN MATCHED THEN UPDATE SET nope = 1")
        .unwrap_err();
    assert!(
        err.to_string().contains("invalid identifier 'NOPE'"),
        "{err}"
    );
}

/// user-guide/streams-examples: the usual consumer of a stream, which applies inserts, updates
/// (a DELETE + INSERT pair with METADATA$ISUPDATE) and deletes, and moves the stream's offset.
#[test]
fn merge_consumes_a_stream() {
    let mut e = engine_with(SETUP);
    q(
        &mut e,
        "CREATE TABLE replica (id NUMBER, amount NUMBER(10,2))",
    );
    q(&mut e, "INSERT INTO replica SELECT id, amount FROM target");
    q(&mut e, "CREATE STREAM changes ON TABLE target");
    q(&mut e, "UPDATE target SET amount = 99 WHERE id = 2");
    q(&mut e, "DELETE FROM target WHERE id = 3");
    q(&mut e, "INSERT INTO target (id, amount) VALUES (7, 70)");
    let merge = "MERGE INTO replica r USING changes c ON r.id = c.id
         WHEN MATCHED AND c.METADATA$ACTION = 'DELETE' AND NOT c.METADATA$ISUPDATE THEN DELETE
         WHEN MATCHED AND c.METADATA$ACTION = 'INSERT' THEN UPDATE SET amount = c.amount
         WHEN NOT MATCHED AND c.METADATA$ACTION = 'INSERT' THEN INSERT VALUES (c.id, c.amount)";
    assert_eq!(q(&mut e, merge).text_rows(), [["1", "1", "1"]]);
    assert_eq!(
        rows(&mut e, "SELECT * FROM replica ORDER BY id"),
        rows(&mut e, "SELECT id, amount FROM target ORDER BY id")
    );
    assert_eq!(
        scalar(&mut e, "SELECT COUNT(*) FROM changes"),
        "0",
        "offset moved"
    );
    assert_eq!(q(&mut e, merge).text_rows(), [["0", "0", "0"]]);
}

/// sql/update (UPDATE ... FROM) and sql/delete (DELETE ... USING).
#[test]
fn update_from_and_delete_using() {
    let mut e = engine_with(SETUP);
    let r = q(
        &mut e,
        "UPDATE target t SET amount = s.amount * 2 FROM src s WHERE t.id = s.id AND s.op = 'U'",
    );
    assert_eq!(r.text_rows(), [["1", "0"]]);
    let r = q(
        &mut e,
        "DELETE FROM target USING src WHERE target.id = src.id AND src.op = 'D'",
    );
    assert_eq!(r.text_rows(), [["1"]]);
    assert_eq!(
        rows(&mut e, "SELECT id, amount FROM target ORDER BY id"),
        [["1", "22.00"], ["3", "30.00"]]
    );
}

/// A dynamic table over a MERGE target sees the merge's changes (incrementally).
#[test]
fn dynamic_tables_follow_a_merge() {
    let mut e = engine_with(SETUP);
    q(
        &mut e,
        "CREATE DYNAMIC TABLE totals TARGET_LAG = '1 minute' WAREHOUSE = wh AS
         SELECT COUNT(*) AS n, SUM(amount) AS total FROM target",
    );
    q(
        &mut e,
        "MERGE INTO target t USING src s ON t.id = s.id
         WHEN MATCHED AND s.op = 'D' THEN DELETE
         WHEN MATCHED THEN UPDATE SET amount = s.amount
         WHEN NOT MATCHED THEN INSERT (id, amount) VALUES (s.id, s.amount)",
    );
    let r = q(&mut e, "ALTER DYNAMIC TABLE totals REFRESH");
    assert_eq!(r.cell(0, "refresh_action").unwrap(), "INCREMENTAL");
    assert_eq!(
        rows(&mut e, "SELECT n, total FROM totals"),
        [["4", "131.00"]]
    );
}
