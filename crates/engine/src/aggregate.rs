//! Aggregate functions the engine evaluates over the rows of a group, for the aggregates GlueSQL
//! lacks or computes otherwise than Snowflake: MEDIAN, MODE, LISTAGG, ARRAY_AGG, OBJECT_AGG, the
//! STDDEV and VARIANCE families (sample unless `_POP`), APPROX_COUNT_DISTINCT (computed exactly),
//! MIN_BY / MAX_BY, PERCENTILE_CONT / PERCENTILE_DISC, and — when a SELECT has one of those, so
//! that one evaluator computes all of its aggregates — COUNT, SUM, AVG, MIN, MAX, COUNT_IF,
//! ANY_VALUE, BOOLAND_AGG and BOOLOR_AGG (docs: sql-reference/functions-aggregation).
//!
//! As in SQL, NULL inputs are skipped (COUNT(*) counts rows), an empty group gives NULL (COUNT
//! gives 0, ARRAY_AGG an empty array, LISTAGG an empty string), and `DISTINCT` keeps one of equal
//! values (1.5 = 1.50). `WITHIN GROUP (ORDER BY …)` orders LISTAGG's and ARRAY_AGG's elements.

use crate::browse::compare_values as compare;
use crate::types::{SortKey, sort_key, to_decimal};
use crate::window::OrderKey;
use gluesql_core::data::Value;
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;
use std::cmp::Ordering;
use std::collections::{BTreeMap, HashMap, HashSet};

/// An aggregate function.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Aggregate {
    /// COUNT(x): the number of non-NULL values.
    Count,
    /// COUNT(*): the number of rows.
    CountStar,
    /// COUNT_IF(condition): the number of rows where the condition is TRUE.
    CountIf,
    /// SUM(x).
    Sum,
    /// AVG(x).
    Avg,
    /// MIN(x).
    Min,
    /// MAX(x).
    Max,
    /// ANY_VALUE(x): some value of the group.
    AnyValue,
    /// BOOLAND_AGG(x): TRUE when every non-NULL value is true.
    BoolAnd,
    /// BOOLOR_AGG(x): TRUE when any non-NULL value is true.
    BoolOr,
    /// MEDIAN(x): the middle value, interpolated between the two middle ones.
    Median,
    /// MODE(x): the most frequent value (the first seen among equally frequent ones).
    Mode,
    /// LISTAGG(x [, separator]): the values as one string.
    Listagg,
    /// ARRAY_AGG(x): the non-NULL values as an ARRAY.
    ArrayAgg,
    /// OBJECT_AGG(key, value): an OBJECT of the key/value pairs.
    ObjectAgg,
    /// STDDEV or STDDEV_SAMP(x): the sample standard deviation.
    StddevSamp,
    /// STDDEV_POP(x): the population standard deviation.
    StddevPop,
    /// VARIANCE, VAR_SAMP or VARIANCE_SAMP(x): the sample variance.
    VarSamp,
    /// VAR_POP or VARIANCE_POP(x): the population variance.
    VarPop,
    /// APPROX_COUNT_DISTINCT or HLL(x): the number of distinct values, counted exactly.
    ApproxCountDistinct,
    /// MIN_BY(x, y): x of the row with the smallest y.
    MinBy,
    /// MAX_BY(x, y): x of the row with the largest y.
    MaxBy,
    /// PERCENTILE_CONT(p) WITHIN GROUP (ORDER BY x): the p-th percentile, interpolated.
    PercentileCont,
    /// PERCENTILE_DISC(p) WITHIN GROUP (ORDER BY x): the first value at or past the p-th
    /// percentile.
    PercentileDisc,
}

impl Aggregate {
    /// The aggregate a name calls.
    pub fn named(name: &str) -> Option<Aggregate> {
        use Aggregate as A;
        Some(match name {
            "COUNT" => A::Count,
            "COUNT_IF" => A::CountIf,
            "SUM" => A::Sum,
            "AVG" => A::Avg,
            "MIN" => A::Min,
            "MAX" => A::Max,
            "ANY_VALUE" => A::AnyValue,
            "BOOLAND_AGG" => A::BoolAnd,
            "BOOLOR_AGG" => A::BoolOr,
            "MEDIAN" => A::Median,
            "MODE" => A::Mode,
            "LISTAGG" => A::Listagg,
            "ARRAY_AGG" | "ARRAYAGG" => A::ArrayAgg,
            "OBJECT_AGG" => A::ObjectAgg,
            "STDDEV" | "STDDEV_SAMP" => A::StddevSamp,
            "STDDEV_POP" => A::StddevPop,
            "VARIANCE" | "VAR_SAMP" | "VARIANCE_SAMP" => A::VarSamp,
            "VAR_POP" | "VARIANCE_POP" => A::VarPop,
            "APPROX_COUNT_DISTINCT" | "HLL" => A::ApproxCountDistinct,
            "MIN_BY" => A::MinBy,
            "MAX_BY" => A::MaxBy,
            "PERCENTILE_CONT" => A::PercentileCont,
            "PERCENTILE_DISC" => A::PercentileDisc,
            _ => return None,
        })
    }

    /// Whether GlueSQL cannot evaluate this aggregate as Snowflake does, so the engine must.
    pub fn engine_only(self) -> bool {
        !matches!(
            self,
            Aggregate::Count
                | Aggregate::CountStar
                | Aggregate::CountIf
                | Aggregate::Sum
                | Aggregate::Avg
                | Aggregate::Min
                | Aggregate::Max
                | Aggregate::AnyValue
                | Aggregate::BoolAnd
                | Aggregate::BoolOr
        )
    }
}

/// One aggregate call over the input rows' columns.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AggCall {
    /// The function called.
    pub aggregate: Aggregate,
    /// The input row columns holding the call's arguments, in order.
    pub args: Vec<usize>,
    /// `DISTINCT`: equal values count once.
    pub distinct: bool,
    /// `WITHIN GROUP (ORDER BY …)`.
    pub within: Vec<OrderKey>,
}

fn number(v: &Value, what: &str) -> Result<Option<Decimal>, String> {
    match v {
        Value::Null => Ok(None),
        v => to_decimal(v).map(Some).ok_or_else(|| {
            format!(
                "{what} of a non-numeric value '{}'.",
                crate::types::display_value(v)
            )
        }),
    }
}

fn within_order(rows: &mut [&Vec<Value>], keys: &[OrderKey]) {
    rows.sort_by(|a, b| {
        keys.iter()
            .map(|k| {
                let (x, y) = (&a[k.column], &b[k.column]);
                match (x, y) {
                    (Value::Null, Value::Null) => Ordering::Equal,
                    (Value::Null, _) => {
                        if k.nulls_first {
                            Ordering::Less
                        } else {
                            Ordering::Greater
                        }
                    }
                    (_, Value::Null) => {
                        if k.nulls_first {
                            Ordering::Greater
                        } else {
                            Ordering::Less
                        }
                    }
                    _ if k.descending => compare(y, x),
                    _ => compare(x, y),
                }
            })
            .find(|o| o.is_ne())
            .unwrap_or(Ordering::Equal)
    });
}

/// The aggregate of one group's rows.
pub fn aggregate(rows: &[&Vec<Value>], call: &AggCall) -> Result<Value, String> {
    use Aggregate as A;
    let mut rows: Vec<&Vec<Value>> = rows.to_vec();
    within_order(&mut rows, &call.within);
    let arg = |r: &Vec<Value>, i: usize| -> Value {
        call.args.get(i).map_or(Value::Null, |&c| r[c].clone())
    };
    // The non-NULL first arguments, once each under DISTINCT.
    let mut seen = HashSet::new();
    let values: Vec<Value> = rows
        .iter()
        .map(|r| arg(r, 0))
        .filter(|v| !matches!(v, Value::Null))
        .filter(|v| !call.distinct || seen.insert(sort_key(v)))
        .collect();
    let count = |n: usize| Value::Decimal(Decimal::from(n as u64));
    let numbers = |what: &str| -> Result<Vec<Decimal>, String> {
        values
            .iter()
            .map(|v| number(v, what).map(Option::unwrap_or_default))
            .collect()
    };
    Ok(match call.aggregate {
        A::CountStar => count(rows.len()),
        A::Count if call.args.len() > 1 => {
            let mut seen = HashSet::new();
            count(
                rows.iter()
                    .map(|r| (0..call.args.len()).map(|i| arg(r, i)).collect::<Vec<_>>())
                    .filter(|vs| vs.iter().all(|v| !matches!(v, Value::Null)))
                    .filter(|vs| {
                        !call.distinct || seen.insert(vs.iter().map(sort_key).collect::<Vec<_>>())
                    })
                    .count(),
            )
        }
        A::Count => count(values.len()),
        A::ApproxCountDistinct => {
            let distinct: HashSet<Option<SortKey>> = values.iter().map(sort_key).collect();
            count(distinct.len())
        }
        A::CountIf => count(
            rows.iter()
                .filter(|r| matches!(arg(r, 0), Value::Bool(true)))
                .count(),
        ),
        A::Sum | A::Avg => {
            let ns = numbers("SUM or AVG")?;
            if ns.is_empty() {
                return Ok(Value::Null);
            }
            let sum: Decimal = ns.iter().sum();
            if call.aggregate == A::Sum {
                Value::Decimal(sum)
            } else {
                Value::Decimal(sum / Decimal::from(ns.len() as u64))
            }
        }
        A::Min | A::Max => values
            .iter()
            .cloned()
            .reduce(|best, v| {
                let o = compare(&v, &best);
                if (call.aggregate == A::Min && o.is_lt())
                    || (call.aggregate == A::Max && o.is_gt())
                {
                    v
                } else {
                    best
                }
            })
            .unwrap_or(Value::Null),
        A::AnyValue => values.first().cloned().unwrap_or(Value::Null),
        A::BoolAnd | A::BoolOr => {
            let bools: Vec<bool> = values
                .iter()
                .map(|v| match v {
                    Value::Bool(b) => Ok(*b),
                    other => number(other, "BOOLAND_AGG or BOOLOR_AGG")
                        .map(|d| d.is_some_and(|d| !d.is_zero())),
                })
                .collect::<Result<_, _>>()?;
            if bools.is_empty() {
                Value::Null
            } else if call.aggregate == A::BoolAnd {
                Value::Bool(bools.iter().all(|b| *b))
            } else {
                Value::Bool(bools.iter().any(|b| *b))
            }
        }
        A::Median | A::PercentileCont => {
            let fraction = match call.aggregate {
                A::Median => Decimal::new(5, 1),
                _ => percentile(&rows, call)?,
            };
            let mut ns = match call.aggregate {
                A::Median => numbers("MEDIAN")?,
                _ => {
                    let Some(key) = call.within.first() else {
                        return Err("PERCENTILE_CONT needs WITHIN GROUP (ORDER BY …).".into());
                    };
                    rows.iter()
                        .filter_map(|r| number(&r[key.column], "PERCENTILE_CONT").transpose())
                        .collect::<Result<Vec<_>, _>>()?
                }
            };
            if ns.is_empty() {
                return Ok(Value::Null);
            }
            ns.sort();
            let position = fraction * Decimal::from(ns.len() as u64 - 1);
            let lo = position.floor();
            let i = lo.to_usize().unwrap_or(0);
            let low = ns[i];
            let high = ns[(i + 1).min(ns.len() - 1)];
            Value::Decimal(low + (high - low) * (position - lo))
        }
        A::PercentileDisc => {
            let fraction = percentile(&rows, call)?;
            let Some(key) = call.within.first() else {
                return Err("PERCENTILE_DISC needs WITHIN GROUP (ORDER BY …).".into());
            };
            let ordered: Vec<Value> = rows
                .iter()
                .map(|r| r[key.column].clone())
                .filter(|v| !matches!(v, Value::Null))
                .collect();
            if ordered.is_empty() {
                return Ok(Value::Null);
            }
            let n = Decimal::from(ordered.len() as u64);
            let i = (fraction * n)
                .ceil()
                .to_usize()
                .unwrap_or(1)
                .clamp(1, ordered.len());
            ordered[i - 1].clone()
        }
        A::Mode => {
            let mut counts: HashMap<Option<SortKey>, (usize, usize)> = HashMap::new();
            for (i, v) in values.iter().enumerate() {
                counts.entry(sort_key(v)).or_insert((0, i)).0 += 1;
            }
            counts
                .values()
                .max_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)))
                .map_or(Value::Null, |&(_, i)| values[i].clone())
        }
        A::StddevSamp | A::StddevPop | A::VarSamp | A::VarPop => {
            let xs: Vec<f64> = numbers("STDDEV or VARIANCE")?
                .iter()
                .map(|d| d.to_f64().unwrap_or(f64::NAN))
                .collect();
            let population = matches!(call.aggregate, A::StddevPop | A::VarPop);
            let n = xs.len();
            if n == 0 || (!population && n < 2) {
                return Ok(Value::Null);
            }
            let mean = xs.iter().sum::<f64>() / n as f64;
            let squares: f64 = xs.iter().map(|x| (x - mean) * (x - mean)).sum();
            let variance = squares / if population { n as f64 } else { (n - 1) as f64 };
            Value::F64(if matches!(call.aggregate, A::StddevSamp | A::StddevPop) {
                variance.sqrt()
            } else {
                variance
            })
        }
        A::Listagg => {
            let separator = match call.args.get(1) {
                Some(_) => match rows.first().map(|r| arg(r, 1)) {
                    Some(Value::Str(s)) => s,
                    Some(Value::Null) | None => String::new(),
                    Some(other) => crate::types::display_value(&other),
                },
                None => String::new(),
            };
            Value::Str(
                values
                    .iter()
                    .map(|v| match v {
                        Value::Str(s) => s.clone(),
                        v => crate::types::display_value(v),
                    })
                    .collect::<Vec<_>>()
                    .join(&separator),
            )
        }
        A::ArrayAgg => Value::List(values),
        A::ObjectAgg => {
            let mut m = BTreeMap::new();
            for r in &rows {
                if let (Value::Str(k), v) = (arg(r, 0), arg(r, 1))
                    && !matches!(v, Value::Null)
                {
                    m.insert(k, v);
                }
            }
            Value::Map(m)
        }
        A::MinBy | A::MaxBy => {
            let best = rows
                .iter()
                .filter(|r| !matches!(arg(r, 1), Value::Null))
                .copied()
                .reduce(|best, r| {
                    let o = compare(&arg(r, 1), &arg(best, 1));
                    if (call.aggregate == A::MinBy && o.is_lt())
                        || (call.aggregate == A::MaxBy && o.is_gt())
                    {
                        r
                    } else {
                        best
                    }
                });
            best.map_or(Value::Null, |r| arg(r, 0))
        }
    })
}

/// PERCENTILE_CONT's and PERCENTILE_DISC's fraction: a constant between 0 and 1.
fn percentile(rows: &[&Vec<Value>], call: &AggCall) -> Result<Decimal, String> {
    let f = rows
        .first()
        .and_then(|r| call.args.first().map(|&c| r[c].clone()))
        .and_then(|v| to_decimal(&v))
        .or_else(|| rows.is_empty().then_some(Decimal::ZERO))
        .ok_or("The percentile must be a constant number.")?;
    if f < Decimal::ZERO || f > Decimal::ONE {
        return Err(format!("The percentile {f} is not between 0 and 1."));
    }
    Ok(f)
}

/// Groups rows by their first `keys` columns (SQL equality: NULLs group together, 1.5 = 1.50),
/// in the order groups first appear, and computes each call per group: one output row of the key
/// values and the aggregates. Without keys, all rows make one group, even when there are none.
pub fn group(
    rows: &[Vec<Value>],
    keys: usize,
    calls: &[AggCall],
) -> Result<Vec<Vec<Value>>, String> {
    let mut groups: Vec<Vec<&Vec<Value>>> = Vec::new();
    let mut at: HashMap<Vec<Option<SortKey>>, usize> = HashMap::new();
    for r in rows {
        let k: Vec<Option<SortKey>> = r[..keys].iter().map(sort_key).collect();
        let i = *at.entry(k).or_insert_with(|| {
            groups.push(Vec::new());
            groups.len() - 1
        });
        groups[i].push(r);
    }
    if keys == 0 && groups.is_empty() {
        groups.push(Vec::new());
    }
    groups
        .iter()
        .map(|g| {
            let mut out: Vec<Value> = match g.first() {
                Some(first) => first[..keys].to_vec(),
                None => Vec::new(),
            };
            for c in calls {
                out.push(aggregate(g, c)?);
            }
            Ok(out)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(x: &str) -> Value {
        Value::Decimal(x.parse().unwrap())
    }

    fn s(x: &str) -> Value {
        Value::Str(x.to_owned())
    }

    fn call(aggregate: Aggregate, args: Vec<usize>) -> AggCall {
        AggCall {
            aggregate,
            args,
            distinct: false,
            within: vec![],
        }
    }

    fn rows() -> Vec<Vec<Value>> {
        vec![
            vec![s("a"), d("1"), s("x")],
            vec![s("a"), d("4"), s("y")],
            vec![s("b"), d("2"), s("x")],
            vec![s("a"), Value::Null, s("x")],
            vec![s("a"), d("4"), s("z")],
        ]
    }

    #[test]
    fn median_mode_and_spread_skip_nulls() {
        let out = group(
            &rows(),
            1,
            &[
                call(Aggregate::Median, vec![1]),
                call(Aggregate::Mode, vec![1]),
                call(Aggregate::VarPop, vec![1]),
                call(Aggregate::StddevSamp, vec![1]),
                call(Aggregate::CountStar, vec![]),
            ],
        )
        .unwrap();
        assert_eq!(out[0][..4], [s("a"), d("4"), d("4"), Value::F64(2.0)]);
        assert!((matches!(out[0][4], Value::F64(x) if (x - 3f64.sqrt()).abs() < 1e-12)));
        assert_eq!(out[0][5], d("4"));
        assert_eq!(out[1][..4], [s("b"), d("2"), d("2"), Value::F64(0.0)]);
        assert_eq!(out[1][4], Value::Null, "a sample of one has no spread");
    }

    #[test]
    fn listagg_and_array_agg_order_within_group_and_distinct() {
        let mut c = call(Aggregate::Listagg, vec![2, 3]);
        c.within = vec![OrderKey {
            column: 2,
            descending: true,
            nulls_first: false,
        }];
        c.distinct = true;
        let rows: Vec<Vec<Value>> = rows()
            .into_iter()
            .map(|mut r| {
                r.push(s(", "));
                r
            })
            .collect();
        let out = group(&rows, 1, &[c, call(Aggregate::ArrayAgg, vec![1])]).unwrap();
        assert_eq!(out[0][1], s("z, y, x"));
        assert_eq!(out[0][2], Value::List(vec![d("1"), d("4"), d("4")]));
    }

    #[test]
    fn min_by_max_by_and_empty_groups() {
        let out = group(
            &rows(),
            0,
            &[
                call(Aggregate::MaxBy, vec![2, 1]),
                call(Aggregate::MinBy, vec![2, 1]),
            ],
        )
        .unwrap();
        assert_eq!(out, vec![vec![s("y"), s("x")]]);
        let empty = group(
            &[],
            0,
            &[
                call(Aggregate::Count, vec![0]),
                call(Aggregate::Median, vec![0]),
            ],
        )
        .unwrap();
        assert_eq!(empty, vec![vec![d("0"), Value::Null]]);
    }

    #[test]
    fn percentiles_interpolate_or_pick() {
        let rows: Vec<Vec<Value>> = ["1", "2", "3", "4"]
            .iter()
            .map(|x| vec![d("0.25"), d(x)])
            .collect();
        let key = OrderKey {
            column: 1,
            descending: false,
            nulls_first: false,
        };
        let mut cont = call(Aggregate::PercentileCont, vec![0]);
        cont.within = vec![key];
        let mut disc = call(Aggregate::PercentileDisc, vec![0]);
        disc.within = vec![key];
        let out = group(&rows, 0, &[cont, disc]).unwrap();
        assert_eq!(out[0], vec![d("1.75"), d("1")]);
    }
}
