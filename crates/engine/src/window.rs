//! Window functions, which GlueSQL lacks, evaluated by the engine over the rows of one SELECT — the
//! rows left after WHERE, GROUP BY and HAVING, before QUALIFY, DISTINCT and ORDER BY, as Snowflake
//! evaluates them (docs: sql-reference/functions-window-syntax).
//!
//! A [`Call`] names its inputs as column indexes of those rows (the rewriter computes every
//! argument, partition and order expression as a column first). Rows are sorted by partition and
//! order keys — NULLs last ascending and first descending unless `NULLS FIRST/LAST` says otherwise —
//! and each partition is walked once: ranks from peer groups (rows with equal order keys), LAG/LEAD
//! by offset, and frame aggregates from prefix sums (SUM, COUNT, AVG) or running extremes (MIN, MAX
//! over a frame that starts or ends unbounded), so a running total over n rows costs O(n log n).
//!
//! Frames follow Snowflake: an explicit `ROWS` or `RANGE` frame is honoured (`RANGE` with
//! `UNBOUNDED` and `CURRENT ROW` bounds, where the current row means its peers too); without one,
//! aggregates cover the whole partition, or with ORDER BY the rows up to the current row's last peer;
//! FIRST_VALUE, LAST_VALUE and NTH_VALUE cover the whole partition.

use crate::types::to_decimal;
use gluesql_core::data::Value;
use rust_decimal::Decimal;
use std::cmp::Ordering;

/// The window functions the engine evaluates.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Function {
    /// ROW_NUMBER(): the row's position in its partition, from 1.
    RowNumber,
    /// RANK(): 1 plus the number of rows ordered before the row's peers.
    Rank,
    /// DENSE_RANK(): the number of distinct order keys up to the row's.
    DenseRank,
    /// PERCENT_RANK(): (RANK − 1) / (partition rows − 1).
    PercentRank,
    /// CUME_DIST(): the share of the partition ordered up to the row's last peer.
    CumeDist,
    /// `NTILE(n)`: the bucket count is the first argument.
    Ntile,
    /// `LAG(expr [, offset [, default]])`.
    Lag,
    /// `LEAD(expr [, offset [, default]])`.
    Lead,
    /// FIRST_VALUE(expr): the first value of the row's frame.
    FirstValue,
    /// LAST_VALUE(expr): the last value of the row's frame.
    LastValue,
    /// `NTH_VALUE(expr, n)`.
    NthValue,
    /// SUM(expr) over the row's frame.
    Sum,
    /// AVG(expr) over the row's frame.
    Avg,
    /// `COUNT(expr)`: non-NULL values.
    Count,
    /// `COUNT(*)`: rows.
    CountStar,
    /// MIN(expr) over the row's frame.
    Min,
    /// MAX(expr) over the row's frame.
    Max,
    /// An aggregate the engine evaluates over each row's frame (MEDIAN, LISTAGG, STDDEV, …).
    Aggregate(crate::aggregate::Aggregate),
}

impl Function {
    /// The function a name calls, if it is a window function the engine evaluates.
    pub fn named(name: &str) -> Option<Function> {
        Some(match name {
            "ROW_NUMBER" => Function::RowNumber,
            "RANK" => Function::Rank,
            "DENSE_RANK" => Function::DenseRank,
            "PERCENT_RANK" => Function::PercentRank,
            "CUME_DIST" => Function::CumeDist,
            "NTILE" => Function::Ntile,
            "LAG" => Function::Lag,
            "LEAD" => Function::Lead,
            "FIRST_VALUE" => Function::FirstValue,
            "LAST_VALUE" => Function::LastValue,
            "NTH_VALUE" => Function::NthValue,
            "SUM" => Function::Sum,
            "AVG" => Function::Avg,
            "COUNT" => Function::Count,
            "MIN" => Function::Min,
            "MAX" => Function::Max,
            other => Function::Aggregate(
                crate::aggregate::Aggregate::named(other).filter(|a| a.engine_only())?,
            ),
        })
    }
}

/// One end of a window frame.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Bound {
    /// `UNBOUNDED PRECEDING`: the partition's first row.
    UnboundedPreceding,
    /// `n PRECEDING`: n rows before the current one.
    Preceding(usize),
    /// `CURRENT ROW`: the current row (with its peers, in a RANGE frame).
    CurrentRow,
    /// `n FOLLOWING`: n rows after the current one.
    Following(usize),
    /// `UNBOUNDED FOLLOWING`: the partition's last row.
    UnboundedFollowing,
}

/// An explicit window frame: `ROWS` (counted in rows) or `RANGE` (the current row with its peers).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Frame {
    /// True for a `ROWS` frame, false for `RANGE`.
    pub rows: bool,
    /// Where the frame begins.
    pub start: Bound,
    /// Where the frame ends.
    pub end: Bound,
}

/// One key of a window's ORDER BY.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OrderKey {
    /// The input row column sorted on.
    pub column: usize,
    /// `DESC`.
    pub descending: bool,
    /// Whether NULLs sort before other values (`NULLS FIRST`, the default with DESC).
    pub nulls_first: bool,
}

/// One window function call over the input rows' columns.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Call {
    /// The function called.
    pub function: Function,
    /// The input row columns holding the call's arguments, in order.
    pub args: Vec<usize>,
    /// The input row columns of `PARTITION BY`.
    pub partition: Vec<usize>,
    /// The keys of the window's `ORDER BY`.
    pub order: Vec<OrderKey>,
    /// The explicit `ROWS` or `RANGE` frame, if any; None takes Snowflake's default frame.
    pub frame: Option<Frame>,
    /// `IGNORE NULLS`: LAG, LEAD, FIRST_VALUE, LAST_VALUE and NTH_VALUE skip NULL values.
    pub ignore_nulls: bool,
    /// `DISTINCT` of an aggregate: equal values count once.
    pub distinct: bool,
    /// `WITHIN GROUP (ORDER BY …)` of an aggregate such as LISTAGG.
    pub within: Vec<OrderKey>,
}

use crate::browse::compare_values as compare;

fn order_cmp(a: &[Value], b: &[Value], key: &OrderKey) -> Ordering {
    let (x, y) = (&a[key.column], &b[key.column]);
    match (x, y) {
        (Value::Null, Value::Null) => Ordering::Equal,
        (Value::Null, _) if key.nulls_first => Ordering::Less,
        (Value::Null, _) => Ordering::Greater,
        (_, Value::Null) if key.nulls_first => Ordering::Greater,
        (_, Value::Null) => Ordering::Less,
        _ if key.descending => compare(y, x),
        _ => compare(x, y),
    }
}

fn number(v: &Value, what: &str) -> Result<Option<Decimal>, String> {
    match v {
        Value::Null => Ok(None),
        v => to_decimal(v)
            .map(Some)
            .ok_or_else(|| format!("{what} of a non-numeric value.")),
    }
}

/// A constant whole-number argument (NTILE's buckets, LAG's offset, NTH_VALUE's n) read from the
/// first row of the partition, where the rewriter computed it.
fn whole(v: &Value, what: &str) -> Result<i64, String> {
    to_decimal(v)
        .filter(|d| d.fract().is_zero())
        .and_then(|d| i64::try_from(d).ok())
        .ok_or_else(|| format!("{what} must be a whole number."))
}

/// The values of `call` for each of `rows`, in the rows' order.
pub fn evaluate(rows: &[Vec<Value>], call: &Call) -> Result<Vec<Value>, String> {
    let mut order: Vec<usize> = (0..rows.len()).collect();
    order.sort_by(|&a, &b| {
        let (ra, rb) = (&rows[a], &rows[b]);
        call.partition
            .iter()
            .map(|&c| compare(&ra[c], &rb[c]))
            .chain(call.order.iter().map(|k| order_cmp(ra, rb, k)))
            .find(|o| o.is_ne())
            .unwrap_or(Ordering::Equal)
    });
    let mut out = vec![Value::Null; rows.len()];
    let mut start = 0;
    while start < order.len() {
        let first = &rows[order[start]];
        let len = order[start..]
            .iter()
            .position(|&i| {
                call.partition
                    .iter()
                    .any(|&c| compare(&rows[i][c], &first[c]).is_ne())
            })
            .unwrap_or(order.len() - start);
        let part: Vec<&Vec<Value>> = order[start..start + len]
            .iter()
            .map(|&i| &rows[i])
            .collect();
        let values = partition(&part, call)?;
        for (&i, v) in order[start..start + len].iter().zip(values) {
            out[i] = v;
        }
        start += len;
    }
    Ok(out)
}

/// Peer groups of a sorted partition: for each row, the first and one past the last index of the
/// rows whose order keys equal its own.
fn peers(part: &[&Vec<Value>], keys: &[OrderKey]) -> Vec<(usize, usize)> {
    let mut out = Vec::with_capacity(part.len());
    let mut s = 0;
    while s < part.len() {
        let e = (s + 1..part.len())
            .find(|&j| keys.iter().any(|k| order_cmp(part[s], part[j], k).is_ne()))
            .unwrap_or(part.len());
        out.extend(std::iter::repeat_n((s, e), e - s));
        s = e;
    }
    out
}

/// The frame of each row as a half-open range of partition indexes.
fn frames(call: &Call, peer: &[(usize, usize)]) -> Vec<(usize, usize)> {
    let n = peer.len();
    let whole = Frame {
        rows: true,
        start: Bound::UnboundedPreceding,
        end: Bound::UnboundedFollowing,
    };
    let frame = call.frame.unwrap_or(
        if call.order.is_empty()
            || matches!(
                call.function,
                Function::FirstValue | Function::LastValue | Function::NthValue
            )
        {
            whole
        } else {
            Frame {
                rows: false,
                start: Bound::UnboundedPreceding,
                end: Bound::CurrentRow,
            }
        },
    );
    (0..n)
        .map(|i| {
            let lo = match frame.start {
                Bound::UnboundedPreceding => 0,
                Bound::Preceding(k) => i.saturating_sub(k),
                Bound::CurrentRow if frame.rows => i,
                Bound::CurrentRow => peer[i].0,
                Bound::Following(k) => (i + k).min(n),
                Bound::UnboundedFollowing => n,
            };
            let hi = match frame.end {
                Bound::UnboundedPreceding => 0,
                Bound::Preceding(k) => (i + 1).saturating_sub(k),
                Bound::CurrentRow if frame.rows => i + 1,
                Bound::CurrentRow => peer[i].1,
                Bound::Following(k) => (i + 1 + k).min(n),
                Bound::UnboundedFollowing => n,
            };
            (lo, hi.max(lo))
        })
        .collect()
}

fn decimal(d: Decimal) -> Value {
    Value::Decimal(d)
}

fn partition(part: &[&Vec<Value>], call: &Call) -> Result<Vec<Value>, String> {
    let n = part.len();
    let peer = peers(part, &call.order);
    let arg = |i: usize, a: usize| -> &Value { &part[i][call.args[a]] };
    let count = |x: usize| decimal(Decimal::from(x));
    Ok(match call.function {
        Function::RowNumber => (1..=n).map(count).collect(),
        Function::Rank => peer.iter().map(|&(s, _)| count(s + 1)).collect(),
        Function::DenseRank => {
            let mut rank = 0;
            let mut out = Vec::with_capacity(n);
            for (i, &(s, _)) in peer.iter().enumerate() {
                if s == i {
                    rank += 1;
                }
                out.push(count(rank));
            }
            out
        }
        Function::PercentRank => peer
            .iter()
            .map(|&(s, _)| {
                Value::F64(if n > 1 {
                    s as f64 / (n - 1) as f64
                } else {
                    0.0
                })
            })
            .collect(),
        Function::CumeDist => peer
            .iter()
            .map(|&(_, e)| Value::F64(e as f64 / n as f64))
            .collect(),
        Function::Ntile => {
            let buckets = whole(arg(0, 0), "NTILE's bucket count")?;
            if buckets <= 0 {
                return Err("NTILE's bucket count must be positive.".into());
            }
            let buckets = buckets as usize;
            let (size, extra) = (n / buckets, n % buckets);
            let mut out = Vec::with_capacity(n);
            for b in 0..buckets.min(n) {
                let rows = size + usize::from(b < extra);
                out.extend(std::iter::repeat_n(count(b + 1), rows));
            }
            out
        }
        Function::Lag | Function::Lead => {
            let offset = match call.args.get(1) {
                Some(_) => whole(arg(0, 1), "The offset of LAG and LEAD")?,
                None => 1,
            };
            if offset < 0 {
                return Err("The offset of LAG and LEAD must not be negative.".into());
            }
            let offset = offset as usize;
            let default = |i: usize| call.args.get(2).map_or(Value::Null, |_| arg(i, 2).clone());
            let lead = call.function == Function::Lead;
            let present = |j: &usize| !matches!(arg(*j, 0), Value::Null);
            (0..n)
                .map(|i| {
                    let found = match (offset, call.ignore_nulls, lead) {
                        (0, _, _) => Some(i),
                        (k, false, true) => Some(i + k).filter(|&j| j < n),
                        (k, false, false) => i.checked_sub(k),
                        (k, true, true) => (i + 1..n).filter(present).nth(k - 1),
                        (k, true, false) => (0..i).rev().filter(present).nth(k - 1),
                    };
                    found.map_or_else(|| default(i), |j| arg(j, 0).clone())
                })
                .collect()
        }
        Function::FirstValue | Function::LastValue | Function::NthValue => {
            let nth = match call.function {
                Function::NthValue => {
                    let k = whole(arg(0, 1), "NTH_VALUE's position")?;
                    if k < 1 {
                        return Err("NTH_VALUE's position must be at least 1.".into());
                    }
                    Some(k as usize)
                }
                _ => None,
            };
            let last = call.function == Function::LastValue;
            frames(call, &peer)
                .into_iter()
                .map(|(lo, hi)| {
                    let mut candidates = (lo..hi)
                        .filter(|&j| !call.ignore_nulls || !matches!(arg(j, 0), Value::Null));
                    let j = match (nth, last) {
                        (Some(k), _) => candidates.nth(k - 1),
                        (None, true) => candidates.next_back(),
                        (None, false) => candidates.next(),
                    };
                    j.map_or(Value::Null, |j| arg(j, 0).clone())
                })
                .collect()
        }
        Function::Sum | Function::Avg | Function::Count | Function::CountStar => {
            // Prefix sums: sums[i] and counts[i] cover the partition's first i rows.
            let mut sums = Vec::with_capacity(n + 1);
            let mut counts = Vec::with_capacity(n + 1);
            sums.push(Decimal::ZERO);
            counts.push(0usize);
            for i in 0..n {
                let (s, c) = match call.function {
                    Function::CountStar => (None, true),
                    Function::Count => (None, !matches!(arg(i, 0), Value::Null)),
                    _ => {
                        let v = number(arg(i, 0), "SUM or AVG")?;
                        (v, v.is_some())
                    }
                };
                sums.push(sums[i] + s.unwrap_or_default());
                counts.push(counts[i] + usize::from(c));
            }
            frames(call, &peer)
                .into_iter()
                .map(|(lo, hi)| {
                    let c = counts[hi] - counts[lo];
                    let s = sums[hi] - sums[lo];
                    match call.function {
                        Function::Count | Function::CountStar => count(c),
                        _ if c == 0 => Value::Null,
                        Function::Sum => decimal(s),
                        _ => decimal(s / Decimal::from(c)),
                    }
                })
                .collect()
        }
        Function::Aggregate(aggregate) => {
            let call_of = crate::aggregate::AggCall {
                aggregate,
                args: call.args.clone(),
                distinct: call.distinct,
                within: call.within.clone(),
            };
            frames(call, &peer)
                .into_iter()
                .map(|(lo, hi)| crate::aggregate::aggregate(&part[lo..hi], &call_of))
                .collect::<Result<_, _>>()?
        }
        Function::Min | Function::Max => {
            let better = |a: &Value, b: &Value| {
                let o = compare(a, b);
                if call.function == Function::Min {
                    o.is_lt()
                } else {
                    o.is_gt()
                }
            };
            let pick = |best: Option<usize>, j: usize| match (best, arg(j, 0)) {
                (_, Value::Null) => best,
                (Some(b), v) if !better(v, arg(b, 0)) => Some(b),
                _ => Some(j),
            };
            // Running extremes from the start and from the end serve frames with an unbounded side.
            let mut from_start = vec![None; n + 1];
            for j in 0..n {
                from_start[j + 1] = pick(from_start[j], j);
            }
            let mut to_end = vec![None; n + 1];
            for j in (0..n).rev() {
                to_end[j] = pick(to_end[j + 1], j);
            }
            frames(call, &peer)
                .into_iter()
                .map(|(lo, hi)| {
                    let best = if lo == 0 {
                        from_start[hi]
                    } else if hi == n {
                        to_end[lo]
                    } else {
                        (lo..hi).fold(None, pick)
                    };
                    best.map_or(Value::Null, |j| arg(j, 0).clone())
                })
                .collect()
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(n: i64) -> Value {
        Value::Decimal(Decimal::from(n))
    }

    fn s(x: &str) -> Value {
        Value::Str(x.to_owned())
    }

    /// (group, ts, amount): the rows of the tests, in no particular order.
    fn rows() -> Vec<Vec<Value>> {
        vec![
            vec![s("a"), d(3), d(30)],
            vec![s("b"), d(1), d(5)],
            vec![s("a"), d(1), d(10)],
            vec![s("a"), d(2), Value::Null],
            vec![s("a"), d(2), d(20)],
            vec![s("b"), d(2), d(7)],
        ]
    }

    fn call(function: Function, args: Vec<usize>, frame: Option<Frame>) -> Call {
        Call {
            function,
            args,
            partition: vec![0],
            order: vec![OrderKey {
                column: 1,
                descending: false,
                nulls_first: false,
            }],
            frame,
            ignore_nulls: false,
            distinct: false,
            within: vec![],
        }
    }

    fn text(v: Vec<Value>) -> Vec<String> {
        v.iter().map(crate::types::display_value).collect()
    }

    #[test]
    fn ranks_follow_peer_groups() {
        let r = rows();
        assert_eq!(
            text(evaluate(&r, &call(Function::Rank, vec![], None)).unwrap()),
            ["4", "1", "1", "2", "2", "2"]
        );
        assert_eq!(
            text(evaluate(&r, &call(Function::DenseRank, vec![], None)).unwrap()),
            ["3", "1", "1", "2", "2", "2"]
        );
        let numbers = text(evaluate(&r, &call(Function::RowNumber, vec![], None)).unwrap());
        assert_eq!((numbers[0].as_str(), numbers[2].as_str()), ("4", "1"));
        let mut tied = [numbers[3].clone(), numbers[4].clone()];
        tied.sort();
        assert_eq!(tied, ["2", "3"]);
    }

    #[test]
    fn default_frames_are_cumulative_with_order_and_whole_without() {
        let r = rows();
        // Peers (ts = 2 in group a) share the running total that includes both of them.
        assert_eq!(
            text(evaluate(&r, &call(Function::Sum, vec![2], None)).unwrap()),
            ["60", "5", "10", "30", "30", "12"]
        );
        let mut whole = call(Function::Sum, vec![2], None);
        whole.order.clear();
        assert_eq!(
            text(evaluate(&r, &whole).unwrap()),
            ["60", "12", "60", "60", "60", "12"]
        );
        assert_eq!(
            text(evaluate(&r, &call(Function::Count, vec![2], None)).unwrap()),
            ["3", "1", "1", "2", "2", "2"]
        );
        assert_eq!(
            text(evaluate(&r, &call(Function::LastValue, vec![2], None)).unwrap()),
            ["30", "7", "30", "30", "30", "7"]
        );
    }

    #[test]
    fn rows_frames_slide() {
        let r = vec![
            vec![s("x"), d(1), d(4)],
            vec![s("x"), d(2), d(1)],
            vec![s("x"), d(3), d(3)],
            vec![s("x"), d(4), d(2)],
        ];
        let frame = Frame {
            rows: true,
            start: Bound::Preceding(1),
            end: Bound::Following(1),
        };
        assert_eq!(
            text(evaluate(&r, &call(Function::Sum, vec![2], Some(frame))).unwrap()),
            ["5", "8", "6", "5"]
        );
        assert_eq!(
            text(evaluate(&r, &call(Function::Min, vec![2], Some(frame))).unwrap()),
            ["1", "1", "1", "2"]
        );
        assert_eq!(
            text(evaluate(&r, &call(Function::Max, vec![2], None)).unwrap()),
            ["4", "4", "4", "4"]
        );
        let ahead = Frame {
            rows: true,
            start: Bound::CurrentRow,
            end: Bound::UnboundedFollowing,
        };
        assert_eq!(
            text(evaluate(&r, &call(Function::Min, vec![2], Some(ahead))).unwrap()),
            ["1", "1", "2", "2"]
        );
    }

    #[test]
    fn lag_lead_and_ntile() {
        let r = vec![
            vec![s("x"), d(1), d(4)],
            vec![s("x"), d(2), Value::Null],
            vec![s("x"), d(3), d(3)],
            vec![s("x"), d(4), d(2)],
            vec![s("x"), d(5), d(9)],
        ];
        assert_eq!(
            text(evaluate(&r, &call(Function::Lag, vec![2], None)).unwrap()),
            ["NULL", "4", "NULL", "3", "2"]
        );
        let mut lead = call(Function::Lead, vec![2, 1], None);
        lead.args = vec![2, 3, 4];
        let with_consts: Vec<Vec<Value>> = r
            .iter()
            .map(|row| {
                let mut row = row.clone();
                row.extend([d(2), d(0)]);
                row
            })
            .collect();
        assert_eq!(
            text(evaluate(&with_consts, &lead).unwrap()),
            ["3", "2", "9", "0", "0"]
        );
        let mut skipping = call(Function::Lag, vec![2], None);
        skipping.ignore_nulls = true;
        assert_eq!(
            text(evaluate(&r, &skipping).unwrap()),
            ["NULL", "4", "4", "3", "2"]
        );
        let buckets: Vec<Vec<Value>> = r
            .iter()
            .map(|row| {
                let mut row = row.clone();
                row.push(d(2));
                row
            })
            .collect();
        assert_eq!(
            text(evaluate(&buckets, &call(Function::Ntile, vec![3], None)).unwrap()),
            ["1", "1", "1", "2", "2"]
        );
    }

    #[test]
    fn nulls_sort_last_ascending_and_first_descending_unless_told() {
        let r = vec![
            vec![s("x"), Value::Null],
            vec![s("x"), d(1)],
            vec![s("x"), d(2)],
        ];
        let mut c = call(Function::RowNumber, vec![], None);
        assert_eq!(text(evaluate(&r, &c).unwrap()), ["3", "1", "2"]);
        c.order[0].descending = true;
        c.order[0].nulls_first = true;
        assert_eq!(text(evaluate(&r, &c).unwrap()), ["1", "3", "2"]);
        c.order[0].nulls_first = false;
        assert_eq!(text(evaluate(&r, &c).unwrap()), ["3", "2", "1"]);
    }
}
