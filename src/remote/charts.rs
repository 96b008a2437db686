//! The charts' data from the account, in the tab's shapes: revenue and orders by month and value
//! segment from the gold table's rows, actual lag and refresh durations from the refresh history,
//! and CDC events per minute from what the page itself sent.

use crate::remote::api::Table;
use crate::remote::views::instant;
use crate::views::{GridView, MonthSeries, RefreshSeries, SERIES_POINTS, thin};
use snowglobe_engine::NaiveDateTime;
use std::collections::{BTreeMap, BTreeSet};

/// Revenue and order counts by month and segment, from a gold table with `ORDER_YEAR`,
/// `ORDER_MONTH` and `TOTAL_REVENUE` (and `ORDER_COUNT` or `TOTAL_ORDERS`, `VALUE_SEGMENT`);
/// None for a table without them.
pub fn months(gold: &GridView) -> Option<(MonthSeries, Option<MonthSeries>)> {
    let col = |name: &str| gold.columns.iter().position(|c| c.name == name);
    let (year, month, revenue) = (
        col("ORDER_YEAR")?,
        col("ORDER_MONTH")?,
        col("TOTAL_REVENUE")?,
    );
    let count = col("ORDER_COUNT").or_else(|| col("TOTAL_ORDERS"));
    let segment = col("VALUE_SEGMENT");
    let mut by_month: BTreeMap<String, BTreeMap<String, (f64, f64)>> = BTreeMap::new();
    for row in &gold.rows {
        let num = |i: usize| {
            row.get(i)
                .and_then(|c| c.as_deref())
                .and_then(|t| t.parse::<f64>().ok())
                .unwrap_or(0.0)
        };
        let (Some(Some(y)), Some(Some(m))) = (row.get(year), row.get(month)) else {
            continue;
        };
        let label = format!("{y}-{m:0>2}");
        let seg = segment
            .and_then(|s| row.get(s).cloned().flatten())
            .unwrap_or_else(|| "All orders".to_owned());
        let entry = by_month.entry(label).or_default().entry(seg).or_default();
        entry.0 += num(revenue);
        entry.1 += count.map_or(0.0, num);
    }
    let segments: BTreeSet<&String> = by_month.values().flat_map(|s| s.keys()).collect();
    let build = |pick: fn(&(f64, f64)) -> f64| MonthSeries {
        months: by_month.keys().cloned().collect(),
        series: segments
            .iter()
            .map(|s| {
                (
                    (*s).clone(),
                    by_month
                        .values()
                        .map(|m| m.get(*s).map_or(0.0, pick))
                        .collect(),
                )
            })
            .collect(),
    };
    Some((build(|v| v.0), count.map(|_| build(|v| v.1))))
}

/// Per dynamic table (name and target lag in seconds): the lag sawtooth (at each successful
/// refresh's end, the lag just before it committed and just after) and the refresh durations,
/// over minutes since `start`. `history` is the schema's refresh history, newest first.
pub fn refresh_series(
    history: &Table,
    tables: &[(String, Option<u64>)],
    start: NaiveDateTime,
) -> (Vec<RefreshSeries>, Vec<RefreshSeries>) {
    let minutes = |t: NaiveDateTime| (t - start).num_milliseconds() as f64 / 60_000.0;
    let mut lag = Vec::new();
    let mut durations = Vec::new();
    for (name, target_sec) in tables {
        let mut records: Vec<_> = history
            .records()
            .filter(|r| r.text("NAME").as_deref() == Some(name.as_str()))
            .filter_map(|r| {
                let start = instant(&r.text("REFRESH_START_TIME")?)?;
                let end = instant(&r.text("REFRESH_END_TIME")?)?;
                let data = r.text("DATA_TIMESTAMP").and_then(|t| instant(&t));
                let ok = r.text("STATE").as_deref() == Some("SUCCEEDED");
                Some((start, end, data, ok))
            })
            .collect();
        records.reverse();
        let mut previous: Option<NaiveDateTime> = None;
        let mut points = Vec::new();
        for (_, end, data, ok) in &records {
            let (true, Some(data)) = (*ok, *data) else {
                continue;
            };
            let seconds = |from: NaiveDateTime| (*end - from).num_milliseconds() as f64 / 1000.0;
            if let Some(p) = previous {
                points.push((minutes(*end), seconds(p)));
            }
            points.push((minutes(*end), seconds(data)));
            previous = Some(data);
        }
        lag.push(RefreshSeries {
            name: name.clone(),
            target_sec: *target_sec,
            points: thin(points, SERIES_POINTS),
        });
        durations.push(RefreshSeries {
            name: name.clone(),
            target_sec: None,
            points: thin(
                records
                    .iter()
                    .map(|(s, e, _, _)| (minutes(*s), (*e - *s).num_milliseconds() as f64))
                    .collect(),
                SERIES_POINTS,
            ),
        });
    }
    (lag, durations)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::remote::api::tests::table;
    use crate::remote::views::tests::refreshes;

    #[test]
    fn gold_rows_become_months_by_segment() {
        let gold = table(
            &[
                ("ORDER_YEAR", "fixed"),
                ("ORDER_MONTH", "fixed"),
                ("VALUE_SEGMENT", "text"),
                ("ORDER_COUNT", "fixed"),
                ("TOTAL_REVENUE", "fixed"),
            ],
            &[
                &[
                    Some("2026"),
                    Some("1"),
                    Some("HIGH_VALUE"),
                    Some("2"),
                    Some("500.00"),
                ],
                &[
                    Some("2025"),
                    Some("12"),
                    Some("LOW_VALUE"),
                    Some("1"),
                    Some("50.50"),
                ],
            ],
        )
        .to_grid();
        let (revenue, orders) = months(&gold).unwrap();
        assert_eq!(revenue.months, ["2025-12", "2026-01"]);
        assert_eq!(
            revenue.series,
            [
                ("HIGH_VALUE".to_owned(), vec![0.0, 500.0]),
                ("LOW_VALUE".to_owned(), vec![50.5, 0.0])
            ]
        );
        assert_eq!(orders.unwrap().series[0].1, [0.0, 2.0]);
        assert!(months(&GridView::default()).is_none());
    }

    #[test]
    fn the_history_draws_the_lag_sawtooth() {
        let start = instant("2026-01-15 09:00:00").unwrap();
        let (lag, durations) =
            refresh_series(&refreshes(), &[("SILVER".to_owned(), Some(60))], start);
        assert_eq!(lag[0].target_sec, Some(60));
        assert_eq!(
            lag[0].points,
            [
                (100.0 / 60_000.0, 0.1),
                (60_250.0 / 60_000.0, 60.25),
                (60_250.0 / 60_000.0, 0.25)
            ]
        );
        assert_eq!(durations[0].points.len(), 2);
        assert_eq!(durations[0].points[1].1, 250.0);
    }
}
