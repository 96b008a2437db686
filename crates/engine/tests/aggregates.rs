//! Aggregates the engine groups itself (MEDIAN, MODE, LISTAGG, ARRAY_AGG, STDDEV/VARIANCE,
//! APPROX_COUNT_DISTINCT, MIN_BY/MAX_BY, PERCENTILE_CONT/DISC), grouped and as window functions,
//! and Snowflake's rule that a grouped SELECT reads only its keys outside aggregates. Each test
//! names the documentation page it models; expected values are worked out by hand below.

mod common;
use common::*;

const SETUP: &str = "
CREATE DATABASE crm;
CREATE TABLE sales (region VARCHAR, rep VARCHAR, amount NUMBER, day DATE);
INSERT INTO sales VALUES
  ('EU', 'ann', 100, '2024-03-01'), ('EU', 'bob', 80, '2024-03-02'), ('EU', 'cy', 80, '2024-03-03'),
  ('EU', 'dee', 50, '2024-03-04'), ('US', 'eve', 120, '2024-03-01'), ('US', 'fay', NULL, '2024-03-02');
";

/// docs: sql-reference/functions/median, mode, stddev, var_pop, min_by, approx_count_distinct.
/// EU's amounts are 50, 80, 80, 100: median (80 + 80) / 2, mode 80, mean 77.5, squared deviations
/// 756.25 + 6.25 + 6.25 + 506.25 = 1275, so VAR_POP 318.75 and STDDEV sqrt(1275 / 3) = sqrt(425).
/// US has one non-NULL amount: a sample of one has no STDDEV, its VAR_POP is 0.
#[test]
fn statistical_aggregates_per_group() {
    let mut e = engine_with(SETUP);
    assert_eq!(
        rows(
            &mut e,
            "SELECT region, MEDIAN(amount), MODE(amount), VAR_POP(amount), STDDEV(amount),
                    MIN_BY(rep, amount), MAX_BY(rep, amount), APPROX_COUNT_DISTINCT(amount),
                    COUNT(*), SUM(amount)
             FROM sales GROUP BY region ORDER BY region"
        ),
        [
            [
                "EU",
                "80.000",
                "80",
                "318.75",
                "20.615528128088304",
                "dee",
                "ann",
                "3",
                "4",
                "310"
            ],
            [
                "US", "120.000", "120", "0", "NULL", "eve", "eve", "1", "2", "120"
            ],
        ]
    );
}

/// docs: sql-reference/functions/listagg, array_agg — WITHIN GROUP orders the elements, DISTINCT
/// keeps one of equal values, NULLs are left out.
#[test]
fn listagg_and_array_agg_order_and_dedup() {
    let mut e = engine_with(SETUP);
    assert_eq!(
        rows(
            &mut e,
            "SELECT region, LISTAGG(rep, ', ') WITHIN GROUP (ORDER BY rep DESC),
                    ARRAY_AGG(amount) WITHIN GROUP (ORDER BY amount DESC),
                    ARRAY_AGG(DISTINCT amount) WITHIN GROUP (ORDER BY amount)
             FROM sales GROUP BY region ORDER BY region"
        ),
        [
            ["EU", "dee, cy, bob, ann", "[100,80,80,50]", "[50,80,100]"],
            ["US", "fay, eve", "[120]", "[120]"],
        ]
    );
    // Without GROUP BY: one group, also when no row qualifies.
    assert_eq!(
        rows(
            &mut e,
            "SELECT MEDIAN(amount), LISTAGG(rep, ','), ARRAY_AGG(rep), COUNT(*) FROM sales WHERE amount > 1000"
        ),
        [["NULL", "", "[]", "0"]]
    );
}

/// docs: sql-reference/functions/percentile_cont, percentile_disc — EU's amounts at the 25th
/// percentile: continuous interpolates at position 0.25 * 3 = 0.75 between 50 and 80 (72.5);
/// discrete takes the first value whose cumulative share reaches 0.25 (50).
#[test]
fn percentiles_interpolate_or_pick() {
    let mut e = engine_with(SETUP);
    assert_eq!(
        rows(
            &mut e,
            "SELECT PERCENTILE_CONT(0.25) WITHIN GROUP (ORDER BY amount),
                    PERCENTILE_DISC(0.25) WITHIN GROUP (ORDER BY amount)
             FROM sales WHERE region = 'EU'"
        ),
        [["72.500", "50"]]
    );
}

/// docs: sql-reference/functions/median (as a window function), functions-window-syntax — the
/// aggregate of each row's partition; HAVING and ranks over grouped rows use the same aggregates.
#[test]
fn engine_aggregates_as_windows_and_with_having() {
    let mut e = engine_with(SETUP);
    assert_eq!(
        rows(
            &mut e,
            "SELECT rep, MEDIAN(amount) OVER (PARTITION BY region),
                    LISTAGG(rep, '+') WITHIN GROUP (ORDER BY rep) OVER (PARTITION BY region)
             FROM sales WHERE region = 'US' ORDER BY rep"
        ),
        [["eve", "120.000", "eve+fay"], ["fay", "120.000", "eve+fay"]]
    );
    assert_eq!(
        rows(
            &mut e,
            "SELECT region, MEDIAN(amount) AS m, RANK() OVER (ORDER BY MEDIAN(amount) DESC) AS r
             FROM sales GROUP BY region HAVING COUNT(*) > 1 ORDER BY r"
        ),
        [["US", "120.000", "1"], ["EU", "80.000", "2"]]
    );
    assert_eq!(
        rows(
            &mut e,
            "SELECT region FROM sales GROUP BY region HAVING STDDEV(amount) > 20 ORDER BY region"
        ),
        [["EU"]]
    );
}

/// docs: sql-reference/constructs/group-by — a grouped SELECT may read a column outside an
/// aggregate only when it is a group key; otherwise Snowflake refuses the query.
#[test]
fn ungrouped_columns_are_refused() {
    let mut e = engine_with(SETUP);
    let err = fails(
        &mut e,
        "SELECT rep, SUM(amount) FROM sales GROUP BY region",
        "000979",
        "'REP' in select clause is neither an aggregate nor in the group by clause.",
    );
    assert_eq!(err.position.map(|p| (p.line, p.column)), Some((1, 7)));
    fails(
        &mut e,
        "SELECT region, MEDIAN(amount) FROM sales",
        "000979",
        "'REGION' in select clause is neither an aggregate nor in the group by clause.",
    );
    fails(
        &mut e,
        "SELECT region, MEDIAN(amount) FROM sales GROUP BY region HAVING rep = 'ann'",
        "000979",
        "[REP] is not a valid group by expression",
    );
    // A key used inside an expression, and a key written differently (case), are fine.
    assert_eq!(
        rows(
            &mut e,
            "SELECT UPPER(region), DATE_TRUNC('MONTH', day) AS m, MEDIAN(amount)
             FROM sales GROUP BY region, date_trunc('month', day) ORDER BY 1"
        ),
        [
            ["EU", "2024-03-01", "80.000"],
            ["US", "2024-03-01", "120.000"]
        ]
    );
}
