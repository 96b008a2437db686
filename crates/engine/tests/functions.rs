//! Scalar functions the engine evaluates itself (GlueSQL has no equivalent): string splitting and
//! regular expressions, the TRY_ conversions, digests, NULL helpers, and week/quarter dates under
//! Snowflake's default week rules (weeks start on Monday). Each test names the documentation page
//! it models; expected values are worked out by hand.

mod common;
use common::*;

const SETUP: &str = "
CREATE DATABASE crm;
CREATE TABLE contacts (id NUMBER, email VARCHAR, phone VARCHAR, signup VARCHAR, amount VARCHAR);
INSERT INTO contacts VALUES
  (1, 'Ann.Lee@Example.com', '(555) 123-4567', '2024-03-06', '12.50'),
  (2, 'bob@test.org',        '555.987.6543',   'not a date', 'n/a'),
  (3, NULL,                  NULL,             '2024-12-30', NULL);
";

/// docs: sql-reference/functions/split_part, regexp_substr, regexp_replace, regexp_like — cleaning
/// the columns of a staging model.
#[test]
fn strings_split_and_match() {
    let mut e = engine_with(SETUP);
    assert_eq!(
        rows(
            &mut e,
            "SELECT id, SPLIT_PART(email, '@', 2), LOWER(SPLIT_PART(email, '@', 1)),
                    REGEXP_REPLACE(phone, '[^0-9]', ''), REGEXP_SUBSTR(phone, '[0-9]{4}'),
                    REGEXP_LIKE(email, '.*@example[.]com', 'i'), CONTAINS(email, '.org')
             FROM contacts ORDER BY id"
        ),
        [
            [
                "1",
                "Example.com",
                "ann.lee",
                "5551234567",
                "4567",
                "TRUE",
                "FALSE"
            ],
            [
                "2",
                "test.org",
                "bob",
                "5559876543",
                "6543",
                "FALSE",
                "TRUE"
            ],
            ["3", "NULL", "NULL", "NULL", "NULL", "NULL", "NULL"],
        ]
    );
}

/// docs: sql-reference/functions/try_cast, try_to_number, try_to_date — bad text becomes NULL
/// instead of failing the query; the plain conversions still fail on it.
#[test]
fn try_conversions_turn_bad_text_into_null() {
    let mut e = engine_with(SETUP);
    assert_eq!(
        rows(
            &mut e,
            "SELECT id, TRY_CAST(amount AS NUMBER(10,2)), TRY_TO_NUMBER(amount, 10, 1), TRY_TO_DATE(signup),
                    TRY_CAST(signup AS DATE) IS NULL
             FROM contacts ORDER BY id"
        ),
        [
            ["1", "12.50", "12.5", "2024-03-06", "FALSE"],
            ["2", "NULL", "NULL", "NULL", "TRUE"],
            ["3", "NULL", "NULL", "2024-12-30", "FALSE"],
        ]
    );
    fails(
        &mut e,
        "SELECT TO_NUMBER(amount) FROM contacts",
        "100038",
        "Numeric value 'n/a' is not recognized",
    );
}

/// docs: sql-reference/functions/date_trunc, datediff, date-part functions (week and quarter
/// under WEEK_START = 0: ISO weeks from Monday). 2024-03-06 is a Wednesday; 2024-12-30 a Monday
/// in ISO week 1 of 2025.
#[test]
fn weeks_and_quarters_follow_snowflakes_defaults() {
    let mut e = engine_with(SETUP);
    assert_eq!(
        rows(
            &mut e,
            "SELECT DATE_TRUNC('week', TRY_TO_DATE(signup)), DATE_TRUNC(quarter, TRY_TO_DATE(signup)),
                    WEEK(TRY_TO_DATE(signup)), YEAROFWEEK(TRY_TO_DATE(signup)), QUARTER(TRY_TO_DATE(signup)),
                    DAYNAME(TRY_TO_DATE(signup)), DATEDIFF('week', '2024-01-01'::DATE, TRY_TO_DATE(signup))
             FROM contacts WHERE id <> 2 ORDER BY id"
        ),
        [
            ["2024-03-04", "2024-01-01", "10", "2024", "1", "Wed", "9"],
            ["2024-12-30", "2024-10-01", "1", "2025", "4", "Mon", "52"],
        ]
    );
    // EXTRACT and DATE_PART read the same parts (2024-03-06: quarter 1, ISO week 10, Wednesday).
    assert_eq!(
        rows(
            &mut e,
            "SELECT EXTRACT(quarter FROM TRY_TO_DATE(signup)), EXTRACT(week FROM TRY_TO_DATE(signup)),
                    EXTRACT(dayofweek FROM TRY_TO_DATE(signup)), DATE_PART(doy, TRY_TO_DATE(signup)),
                    DATE_PART('year', TRY_TO_DATE(signup)), DATE_PART(month, TRY_TO_DATE(signup))
             FROM contacts WHERE id = 1"
        ),
        [["1", "10", "3", "66", "2024", "3"]]
    );
    // A weekly rollup in a dynamic table.
    q(
        &mut e,
        "CREATE DYNAMIC TABLE weekly TARGET_LAG = '1 minute' WAREHOUSE = wh AS
         SELECT DATE_TRUNC('week', TRY_TO_DATE(signup)) AS wk, COUNT(*) AS n
         FROM contacts WHERE TRY_TO_DATE(signup) IS NOT NULL GROUP BY 1",
    );
    assert_eq!(
        rows(&mut e, "SELECT wk, n FROM weekly ORDER BY wk"),
        [["2024-03-04", "1"], ["2024-12-30", "1"]]
    );
}

/// docs: sql-reference/functions/md5, sha2, nvl2, div0, equal_null — a surrogate key the way dbt's
/// generate_surrogate_key builds one (MD5 of the text of its parts), and NULL-safe helpers.
#[test]
fn digests_and_null_helpers() {
    let mut e = engine_with(SETUP);
    assert_eq!(
        rows(
            &mut e,
            "SELECT MD5('abc'), SHA2('abc', 256), NVL2(email, 'has email', 'none'),
                    DIV0(10, id - 1), EQUAL_NULL(email, NULL)
             FROM contacts ORDER BY id"
        )[2],
        [
            "900150983cd24fb0d6963f7d28e17f72",
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
            "none",
            "5.000000",
            "TRUE"
        ]
    );
    assert_eq!(scalar(&mut e, "SELECT DIV0(10, 0)"), "0.000000");
}
