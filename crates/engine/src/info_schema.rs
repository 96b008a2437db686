//! SHOW commands and INFORMATION_SCHEMA views and table functions, answered from the catalog and
//! the histories, with Snowflake's column names.
//!
//! Length: one answer per SHOW kind and per table function, each a column list and a row mapping
//! that read alike; they share the column helpers at the top.

use crate::catalog::{Catalog, ObjectBody, SchedulingState};
use crate::dialect::parse::{ShowKind, TargetLag};
use crate::dialect::rewrite::Context;
use crate::error::{Result, SqlError};
use crate::history::{RefreshRecord, RefreshState, TaskRun, TaskState};
use crate::result::{QueryResult, ResultColumn};
use crate::store::TrackedStorage;
use crate::types::SfType;
use chrono::NaiveDateTime;
use gluesql_core::data::Value;
use rust_decimal::Decimal;

/// What SHOW and INFORMATION_SCHEMA read, and all they may read: the catalog, the stored rows (for
/// row counts and bytes), the session's clock and the refresh and task histories.
#[derive(Clone, Copy)]
pub struct Sources<'a> {
    /// The objects described.
    pub catalog: &'a Catalog,
    /// The stored tables, for their sizes.
    pub storage: &'a TrackedStorage,
    /// The session's virtual clock, for lags measured now.
    pub now: NaiveDateTime,
    /// Every dynamic table refresh, oldest first.
    pub refresh_history: &'a [RefreshRecord],
    /// Every task run, oldest first.
    pub task_history: &'a [TaskRun],
}

type Columns = Vec<(String, SfType)>;
type Rows = Vec<Vec<Value>>;

const TEXT: SfType = SfType::Varchar(None);
const NUM: SfType = SfType::INTEGER;
const TS: SfType = SfType::TimestampNtz;

fn cols(spec: &[(&str, SfType)]) -> Columns {
    spec.iter().map(|(n, t)| ((*n).to_owned(), *t)).collect()
}

fn s(v: impl Into<String>) -> Value {
    Value::Str(v.into())
}

fn opt_s(v: Option<impl Into<String>>) -> Value {
    v.map_or(Value::Null, |v| Value::Str(v.into()))
}

fn n(v: u64) -> Value {
    Value::Decimal(Decimal::from(v))
}

fn ts(v: Option<NaiveDateTime>) -> Value {
    v.map_or(Value::Null, Value::Timestamp)
}

fn state_text(state: SchedulingState) -> &'static str {
    match state {
        SchedulingState::Active => "ACTIVE",
        SchedulingState::Suspended { .. } => "SUSPENDED",
    }
}

/// `SELECT ... FROM INFORMATION_SCHEMA.<view>` (the views this engine provides).
pub fn view(sources: Sources<'_>, name: &str, context: &Context) -> Option<(Columns, Rows)> {
    let catalog = sources.catalog;
    let in_db = |db: &str| context.database.as_deref().is_none_or(|d| d == db);
    match name {
        "DYNAMIC_TABLES" => {
            let columns = cols(&[
                ("TABLE_CATALOG", TEXT),
                ("TABLE_SCHEMA", TEXT),
                ("TABLE_NAME", TEXT),
                ("TARGET_LAG", TEXT),
                ("REFRESH_MODE", TEXT),
                ("REFRESH_MODE_REASON", TEXT),
                ("WAREHOUSE", TEXT),
                ("SCHEDULING_STATE", TEXT),
                ("DATA_TIMESTAMP", TS),
                ("LAST_REFRESH_TIME", TS),
                ("ROW_COUNT", NUM),
                ("TEXT", TEXT),
            ]);
            let rows = catalog
                .dynamic_tables()
                .filter(|(q, _)| in_db(&q.database))
                .map(|(q, dt)| {
                    let last = sources
                        .refresh_history
                        .iter()
                        .rev()
                        .find(|r| &r.table == q && r.state == RefreshState::Succeeded)
                        .map(|r| r.refresh_end_time);
                    vec![
                        s(&q.database),
                        s(&q.schema),
                        s(&q.name),
                        s(dt.target_lag.text()),
                        s(dt.refresh_mode.text()),
                        opt_s(dt.refresh_mode_reason.clone()),
                        s(&dt.warehouse),
                        s(state_text(dt.state)),
                        ts(dt.data_timestamp),
                        ts(last),
                        n(sources.storage.row_count(&q.storage()) as u64),
                        s(&dt.text),
                    ]
                })
                .collect();
            Some((columns, rows))
        }
        "TABLES" => {
            let columns = cols(&[
                ("TABLE_CATALOG", TEXT),
                ("TABLE_SCHEMA", TEXT),
                ("TABLE_NAME", TEXT),
                ("TABLE_TYPE", TEXT),
                ("IS_DYNAMIC", TEXT),
                ("ROW_COUNT", NUM),
                ("BYTES", NUM),
                ("CREATED", TS),
                ("COMMENT", TEXT),
            ]);
            let rows = catalog
                .objects
                .iter()
                .filter(|(q, o)| {
                    in_db(&q.database)
                        && !matches!(o.body, ObjectBody::Task(_) | ObjectBody::Stream(_))
                })
                .map(|(q, o)| {
                    let stored = matches!(
                        o.body,
                        ObjectBody::Table { .. } | ObjectBody::DynamicTable(_)
                    );
                    vec![
                        s(&q.database),
                        s(&q.schema),
                        s(&q.name),
                        s(if matches!(o.body, ObjectBody::View { .. }) {
                            "VIEW"
                        } else {
                            "BASE TABLE"
                        }),
                        s(if matches!(o.body, ObjectBody::DynamicTable(_)) {
                            "YES"
                        } else {
                            "NO"
                        }),
                        if stored {
                            n(sources.storage.row_count(&q.storage()) as u64)
                        } else {
                            Value::Null
                        },
                        if stored {
                            n(sources.storage.approximate_bytes(&q.storage()) as u64)
                        } else {
                            Value::Null
                        },
                        Value::Timestamp(o.created_on),
                        opt_s(o.comment.clone()),
                    ]
                })
                .collect();
            Some((columns, rows))
        }
        "COLUMNS" => {
            let columns = cols(&[
                ("TABLE_CATALOG", TEXT),
                ("TABLE_SCHEMA", TEXT),
                ("TABLE_NAME", TEXT),
                ("COLUMN_NAME", TEXT),
                ("ORDINAL_POSITION", NUM),
                ("COLUMN_DEFAULT", TEXT),
                ("IS_NULLABLE", TEXT),
                ("DATA_TYPE", TEXT),
            ]);
            let rows = catalog
                .objects
                .iter()
                .filter(|(q, _)| in_db(&q.database))
                .flat_map(|(q, o)| {
                    o.columns().iter().enumerate().map(move |(i, c)| {
                        vec![
                            s(&q.database),
                            s(&q.schema),
                            s(&q.name),
                            s(&c.name),
                            n(i as u64 + 1),
                            opt_s(c.default.clone()),
                            s(if c.nullable { "YES" } else { "NO" }),
                            s(c.ty.to_string()),
                        ]
                    })
                })
                .collect();
            Some((columns, rows))
        }
        _ => None,
    }
}

fn arg<'a>(args: &'a [(Option<String>, String)], name: &str) -> Option<&'a str> {
    args.iter()
        .find(|(k, _)| k.as_deref() == Some(name))
        .map(|(_, v)| v.as_str())
}

fn check_args(function: &str, args: &[(Option<String>, String)], allowed: &[&str]) -> Result<()> {
    for (k, _) in args {
        match k {
            Some(k) if allowed.contains(&k.as_str()) => {}
            Some(k) => {
                return Err(SqlError::invalid(format!(
                    "Invalid argument {k} for function {function}; expected one of: {}.",
                    allowed.join(", ")
                )));
            }
            None => {
                return Err(SqlError::invalid(format!(
                    "Function {function} takes named arguments (NAME => value)."
                )));
            }
        }
    }
    Ok(())
}

fn name_matches(filter: Option<&str>, q: &crate::catalog::QName) -> bool {
    let Some(f) = filter else { return true };
    let parts: Vec<String> = f
        .split('.')
        .map(|p| {
            if p.starts_with('"') {
                p.trim_matches('"').to_owned()
            } else {
                p.to_ascii_uppercase()
            }
        })
        .collect();
    match parts.as_slice() {
        [n] => q.name == *n,
        [s, n] => q.schema == *s && q.name == *n,
        [d, s, n] => q.database == *d && q.schema == *s && q.name == *n,
        _ => false,
    }
}

fn limit(args: &[(Option<String>, String)]) -> Result<usize> {
    match arg(args, "RESULT_LIMIT") {
        Some(v) => v
            .parse()
            .map_err(|_| SqlError::invalid(format!("Invalid RESULT_LIMIT '{v}'."))),
        None => Ok(10_000),
    }
}

/// `TABLE(INFORMATION_SCHEMA.<function>(...))`.
pub fn table_function(
    sources: Sources<'_>,
    function: &str,
    args: &[(Option<String>, String)],
) -> Result<(Columns, Rows)> {
    match function {
        "DYNAMIC_TABLE_REFRESH_HISTORY" => {
            check_args(
                function,
                args,
                &[
                    "NAME",
                    "NAME_PREFIX",
                    "RESULT_LIMIT",
                    "ERROR_ONLY",
                    "DATA_TIMESTAMP_START",
                    "DATA_TIMESTAMP_END",
                ],
            )?;
            let errors_only =
                arg(args, "ERROR_ONLY").is_some_and(|v| v.eq_ignore_ascii_case("true"));
            let name = arg(args, "NAME");
            let prefix = arg(args, "NAME_PREFIX").map(str::to_ascii_uppercase);
            let max = limit(args)?;
            let start = timestamp_arg(args, "DATA_TIMESTAMP_START")?;
            let end = timestamp_arg(args, "DATA_TIMESTAMP_END")?;
            let columns = cols(&[
                ("NAME", TEXT),
                ("SCHEMA_NAME", TEXT),
                ("DATABASE_NAME", TEXT),
                ("QUALIFIED_NAME", TEXT),
                ("STATE", TEXT),
                ("STATE_CODE", TEXT),
                ("STATE_MESSAGE", TEXT),
                ("QUERY_ID", TEXT),
                ("DATA_TIMESTAMP", TS),
                ("REFRESH_START_TIME", TS),
                ("REFRESH_END_TIME", TS),
                ("COMPLETION_TARGET", TS),
                ("REFRESH_ACTION", TEXT),
                ("REFRESH_TRIGGER", TEXT),
                ("TARGET_LAG_SEC", NUM),
                ("STATISTICS", TEXT),
            ]);
            let rows = sources
                .refresh_history
                .iter()
                .rev()
                .filter(|r| name_matches(name, &r.table))
                .filter(|r| {
                    prefix
                        .as_ref()
                        .is_none_or(|p| r.table.to_string().starts_with(p.as_str()))
                })
                .filter(|r| !errors_only || r.state != RefreshState::Succeeded)
                .filter(|r| start.is_none_or(|s| r.data_timestamp >= s))
                .filter(|r| end.is_none_or(|e| r.data_timestamp <= e))
                .take(max)
                .map(refresh_row)
                .collect();
            Ok((columns, rows))
        }
        "DYNAMIC_TABLES" => {
            check_args(
                function,
                args,
                &[
                    "NAME",
                    "NAME_PREFIX",
                    "RESULT_LIMIT",
                    "INCLUDE_CONNECTED",
                    "REFRESH_DATA_TIMESTAMP",
                ],
            )?;
            let name = arg(args, "NAME");
            let columns = cols(&[
                ("NAME", TEXT),
                ("SCHEMA_NAME", TEXT),
                ("DATABASE_NAME", TEXT),
                ("QUALIFIED_NAME", TEXT),
                ("TARGET_LAG_TYPE", TEXT),
                ("TARGET_LAG_SEC", NUM),
                ("SCHEDULING_STATE", TEXT),
                ("REFRESH_MODE", TEXT),
                ("REFRESH_MODE_REASON", TEXT),
                ("LATEST_DATA_TIMESTAMP", TS),
                ("LAST_COMPLETED_REFRESH_STATE", TEXT),
                ("MEAN_LAG_SEC", NUM),
                ("MAXIMUM_LAG_SEC", NUM),
                ("TIME_WITHIN_TARGET_LAG_RATIO", SfType::Float),
            ]);
            let now = sources.now;
            let rows = sources
                .catalog
                .dynamic_tables()
                .filter(|(q, _)| name_matches(name, q))
                .map(|(q, dt)| {
                    let lag = sources.catalog.effective_lag(q);
                    let history: Vec<&RefreshRecord> = sources
                        .refresh_history
                        .iter()
                        .filter(|r| &r.table == q && r.state == RefreshState::Succeeded)
                        .collect();
                    let stats = lag_stats(&history, now, lag);
                    vec![
                        s(&q.name),
                        s(&q.schema),
                        s(&q.database),
                        s(q.to_string()),
                        s(match dt.target_lag {
                            TargetLag::Downstream => "DOWNSTREAM",
                            TargetLag::Seconds(_) => "USER_DEFINED",
                        }),
                        lag.map_or(Value::Null, n),
                        s(state_text(dt.state)),
                        s(dt.refresh_mode.text()),
                        opt_s(dt.refresh_mode_reason.clone()),
                        ts(dt.data_timestamp),
                        opt_s(
                            sources
                                .refresh_history
                                .iter()
                                .rev()
                                .find(|r| &r.table == q)
                                .map(|r| r.state.text().to_owned()),
                        ),
                        stats.0.map_or(Value::Null, n),
                        stats.1.map_or(Value::Null, n),
                        stats.2.map_or(Value::Null, Value::F64),
                    ]
                })
                .collect();
            Ok((columns, rows))
        }
        "DYNAMIC_TABLE_GRAPH_HISTORY" => {
            check_args(function, args, &["AS_OF", "HISTORY_START", "HISTORY_END"])?;
            let columns = cols(&[
                ("NAME", TEXT),
                ("SCHEMA_NAME", TEXT),
                ("DATABASE_NAME", TEXT),
                ("QUALIFIED_NAME", TEXT),
                ("INPUTS", TEXT),
                ("TARGET_LAG_TYPE", TEXT),
                ("TARGET_LAG_SEC", NUM),
                ("QUERY_TEXT", TEXT),
                ("VALID_FROM", TS),
                ("VALID_TO", TS),
                ("SCHEDULING_STATE", TEXT),
                ("REFRESH_MODE", TEXT),
                ("REFRESH_MODE_REASON", TEXT),
            ]);
            let catalog = sources.catalog;
            let rows = catalog
                .dynamic_tables()
                .map(|(q, dt)| {
                    let inputs: Vec<String> = dt
                        .reads
                        .iter()
                        .map(|r| {
                            let kind = catalog.objects.get(r).map_or("TABLE", |o| o.kind_word());
                            format!(
                                "{{\"name\":\"{r}\",\"kind\":\"{}\"}}",
                                kind.replace(' ', "_")
                            )
                        })
                        .collect();
                    vec![
                        s(&q.name),
                        s(&q.schema),
                        s(&q.database),
                        s(q.to_string()),
                        s(format!("[{}]", inputs.join(","))),
                        s(match dt.target_lag {
                            TargetLag::Downstream => "DOWNSTREAM",
                            TargetLag::Seconds(_) => "USER_DEFINED",
                        }),
                        match dt.target_lag {
                            TargetLag::Seconds(secs) => n(secs),
                            TargetLag::Downstream => Value::Null,
                        },
                        s(&dt.text),
                        Value::Timestamp(catalog.objects[q].created_on),
                        Value::Null,
                        s(state_text(dt.state)),
                        s(dt.refresh_mode.text()),
                        opt_s(dt.refresh_mode_reason.clone()),
                    ]
                })
                .collect();
            Ok((columns, rows))
        }
        "TASK_HISTORY" => {
            check_args(
                function,
                args,
                &[
                    "TASK_NAME",
                    "RESULT_LIMIT",
                    "ERROR_ONLY",
                    "SCHEDULED_TIME_RANGE_START",
                    "SCHEDULED_TIME_RANGE_END",
                ],
            )?;
            let name = arg(args, "TASK_NAME");
            let errors_only =
                arg(args, "ERROR_ONLY").is_some_and(|v| v.eq_ignore_ascii_case("true"));
            let max = limit(args)?;
            let columns = cols(&[
                ("NAME", TEXT),
                ("DATABASE_NAME", TEXT),
                ("SCHEMA_NAME", TEXT),
                ("QUERY_TEXT", TEXT),
                ("CONDITION_TEXT", TEXT),
                ("STATE", TEXT),
                ("ERROR_CODE", TEXT),
                ("ERROR_MESSAGE", TEXT),
                ("SCHEDULED_TIME", TS),
                ("QUERY_START_TIME", TS),
                ("COMPLETED_TIME", TS),
                ("RUN_ID", NUM),
                ("QUERY_ID", TEXT),
                ("SCHEDULED_FROM", TEXT),
            ]);
            let mut rows: Rows =
                sources
                    .task_history
                    .iter()
                    .rev()
                    .filter(|r| name_matches(name, &r.task))
                    .filter(|r| !errors_only || r.state != TaskState::Succeeded)
                    .take(max)
                    .map(|r| {
                        vec![
                            s(&r.task.name),
                            s(&r.task.database),
                            s(&r.task.schema),
                            s(&r.query_text),
                            opt_s(sources.catalog.objects.get(&r.task).and_then(
                                |o| match &o.body {
                                    ObjectBody::Task(t) => t.condition.clone(),
                                    _ => None,
                                },
                            )),
                            s(r.state.text()),
                            opt_s(r.error_code.clone()),
                            opt_s(r.error_message.clone()),
                            Value::Timestamp(r.scheduled_time),
                            Value::Timestamp(r.query_start_time),
                            Value::Timestamp(r.completed_time),
                            n(r.run_id),
                            s(&r.query_id),
                            s(&r.scheduled_from),
                        ]
                    })
                    .collect();
            for (q, t) in sources.catalog.tasks() {
                if let (true, Some(next)) = (t.started, t.next_run)
                    && name_matches(name, q)
                    && !errors_only
                {
                    rows.insert(
                        0,
                        vec![
                            s(&q.name),
                            s(&q.database),
                            s(&q.schema),
                            s(&t.body),
                            Value::Null,
                            s("SCHEDULED"),
                            Value::Null,
                            Value::Null,
                            Value::Timestamp(next),
                            Value::Null,
                            Value::Null,
                            Value::Null,
                            Value::Null,
                            s("SCHEDULE"),
                        ],
                    );
                }
            }
            Ok((columns, rows))
        }
        other => Err(SqlError::does_not_exist(
            "Table function",
            &format!("INFORMATION_SCHEMA.{other}"),
        )),
    }
}

/// Mean and maximum lag (seconds) and the share of time within the target, from refresh history.
fn lag_stats(
    history: &[&RefreshRecord],
    now: NaiveDateTime,
    lag: Option<u64>,
) -> (Option<u64>, Option<u64>, Option<f64>) {
    if history.len() < 2 {
        return (None, None, None);
    }
    // Lag just before each refresh commits = its end minus the previous data timestamp.
    let mut lags = Vec::new();
    let mut within = 0.0;
    let mut total = 0.0;
    for pair in history.windows(2) {
        let l = (pair[1].refresh_end_time - pair[0].data_timestamp)
            .num_seconds()
            .max(0) as u64;
        lags.push(l);
        let span = (pair[1].data_timestamp - pair[0].data_timestamp)
            .num_milliseconds()
            .max(0) as f64;
        total += span;
        if lag.is_none_or(|t| l <= t) {
            within += span;
        }
    }
    let last = history
        .last()
        .map(|r| (now - r.data_timestamp).num_seconds().max(0) as u64)
        .unwrap_or(0);
    lags.push(last);
    let mean = lags.iter().sum::<u64>() / lags.len() as u64;
    let max = lags.iter().copied().max();
    (Some(mean), max, (total > 0.0).then(|| within / total))
}

fn refresh_row(r: &RefreshRecord) -> Vec<Value> {
    vec![
        s(&r.table.name),
        s(&r.table.schema),
        s(&r.table.database),
        s(r.table.to_string()),
        s(r.state.text()),
        Value::Null,
        opt_s(r.state_message.clone()),
        s(&r.query_id),
        Value::Timestamp(r.data_timestamp),
        Value::Timestamp(r.refresh_start_time),
        Value::Timestamp(r.refresh_end_time),
        ts(r.completion_target),
        s(r.action.text()),
        s(r.trigger.text()),
        r.target_lag_sec.map_or(Value::Null, n),
        s(format!(
            "{{\"numInsertedRows\":{},\"numDeletedRows\":{},\"numCopiedRows\":0,\"numAddedPartitions\":0,\"numRemovedPartitions\":0}}",
            r.inserted, r.deleted
        )),
    ]
}

/// The result of `ALTER DYNAMIC TABLE .. REFRESH`, one row as Snowflake returns.
pub fn refresh_result(r: &RefreshRecord) -> QueryResult {
    let statistics = format!(
        "{{\"insertedRows\":{},\"deletedRows\":{},\"copiedRows\":0}}",
        r.inserted, r.deleted
    );
    QueryResult {
        columns: vec![
            ResultColumn {
                name: "status".into(),
                ty: Some(TEXT),
            },
            ResultColumn {
                name: "refresh_action".into(),
                ty: Some(TEXT),
            },
            ResultColumn {
                name: "data_timestamp".into(),
                ty: Some(TS),
            },
            ResultColumn {
                name: "statistics".into(),
                ty: Some(TEXT),
            },
        ],
        rows: vec![vec![
            s(format!("Dynamic table {} refreshed.", r.table.name)),
            s(r.action.text()),
            Value::Timestamp(r.data_timestamp),
            s(statistics),
        ]],
    }
}

fn like_matches(pattern: &str, text: &str) -> bool {
    fn go(p: &[char], t: &[char]) -> bool {
        match p.split_first() {
            None => t.is_empty(),
            Some(('%', rest)) => (0..=t.len()).any(|i| go(rest, &t[i..])),
            Some(('_', rest)) => !t.is_empty() && go(rest, &t[1..]),
            Some((c, rest)) => {
                t.first().is_some_and(|x| x.eq_ignore_ascii_case(c)) && go(rest, &t[1..])
            }
        }
    }
    let p: Vec<char> = pattern.chars().collect();
    let t: Vec<char> = text.chars().collect();
    go(&p, &t)
}

/// `DESCRIBE TABLE | DYNAMIC TABLE | VIEW`: one row per column, in Snowflake's columns.
pub fn describe(object: &crate::catalog::Object) -> QueryResult {
    let columns = cols(&[
        ("name", TEXT),
        ("type", TEXT),
        ("kind", TEXT),
        ("null?", TEXT),
        ("default", TEXT),
        ("primary key", TEXT),
        ("unique key", TEXT),
        ("check", TEXT),
        ("expression", TEXT),
        ("comment", TEXT),
        ("policy name", TEXT),
        ("privacy domain", TEXT),
    ]);
    let constraints: &[String] = match &object.body {
        ObjectBody::Table { constraints, .. } => constraints,
        _ => &[],
    };
    let yes = |b: bool| s(if b { "Y" } else { "N" });
    let rows = object
        .columns()
        .iter()
        .map(|c| {
            vec![
                s(&c.name),
                s(c.ty.to_string()),
                s("COLUMN"),
                yes(c.nullable),
                opt_s(c.default.clone()),
                yes(key_columns(constraints, "PRIMARY KEY").contains(&c.name)),
                yes(key_columns(constraints, "UNIQUE").contains(&c.name)),
                Value::Null,
                Value::Null,
                opt_s(c.comment.clone()),
                Value::Null,
                Value::Null,
            ]
        })
        .collect();
    result_of(columns, rows)
}

/// The columns that constraints of `kind` (`PRIMARY KEY`, `UNIQUE`) name, as the catalog keeps
/// the constraints (their SQL text, `[CONSTRAINT n] PRIMARY KEY (a, b)`).
fn key_columns(constraints: &[String], kind: &str) -> Vec<String> {
    let mut out = Vec::new();
    for c in constraints {
        let Some(at) = c.to_ascii_uppercase().find(kind) else {
            continue;
        };
        let Some(list) = c[at + kind.len()..].trim_start().strip_prefix('(') else {
            continue;
        };
        let Some(end) = list.find(')') else {
            continue;
        };
        out.extend(
            list[..end]
                .split(',')
                .filter_map(|n| {
                    crate::dialect::parse::parse_name_text(n.trim(), Default::default()).ok()
                })
                .map(|n| n.last().to_owned()),
        );
    }
    out
}

/// What a SHOW lists: `LIKE` (case-insensitive), the database and schema it is scoped to,
/// `STARTS WITH` (case-sensitive) and `LIMIT`.
#[derive(Debug, Clone, Copy, Default)]
pub struct ShowFilter<'a> {
    /// `LIKE '<pattern>'`, matched without regard to case.
    pub like: Option<&'a str>,
    /// `IN DATABASE <db>` (or the database of `IN SCHEMA`).
    pub database: Option<&'a str>,
    /// `IN SCHEMA <schema>`.
    pub schema: Option<&'a str>,
    /// `STARTS WITH '<prefix>'`, matched with case.
    pub starts_with: Option<&'a str>,
    /// `LIMIT <n>`.
    pub limit: Option<usize>,
}

/// A timestamp argument (`DATA_TIMESTAMP_START => '2026-01-15 09:00:00'` or an expression the
/// rewriter evaluated), if given.
fn timestamp_arg(args: &[(Option<String>, String)], key: &str) -> Result<Option<NaiveDateTime>> {
    let Some(text) = arg(args, key) else {
        return Ok(None);
    };
    crate::types::SfType::TimestampNtz
        .coerce(Value::Str(text.to_owned()))
        .ok()
        .and_then(|v| match v {
            Value::Timestamp(t) => Some(t),
            _ => None,
        })
        .map(Some)
        .ok_or_else(|| SqlError::invalid(format!("Invalid timestamp '{text}' for argument {key}.")))
}

/// `SHOW ...`: lower-case column names, as Snowflake prints them.
pub fn show(sources: Sources<'_>, kind: ShowKind, filter: &ShowFilter) -> QueryResult {
    let mut result = show_all(sources, kind, filter);
    if let Some(n) = filter.limit {
        result.rows.truncate(n);
    }
    result
}

fn show_all(sources: Sources<'_>, kind: ShowKind, filter: &ShowFilter) -> QueryResult {
    let catalog = sources.catalog;
    let named = |name: &str| {
        filter.like.is_none_or(|p| like_matches(p, name))
            && filter.starts_with.is_none_or(|p| name.starts_with(p))
    };
    let in_scope = |database: &str, schema: &str| {
        filter.database.is_none_or(|d| d == database) && filter.schema.is_none_or(|s| s == schema)
    };
    let keep = |q: &crate::catalog::QName| named(&q.name) && in_scope(&q.database, &q.schema);
    let (spec, rows): (Vec<(&str, SfType)>, Rows) = match kind {
        ShowKind::Databases => (
            vec![("created_on", TS), ("name", TEXT), ("is_current", TEXT)],
            catalog
                .databases
                .iter()
                .filter(|(d, _)| named(d))
                .map(|(d, c)| {
                    vec![
                        Value::Timestamp(*c),
                        s(d),
                        s(if catalog.current_database.as_deref() == Some(d) {
                            "Y"
                        } else {
                            "N"
                        }),
                    ]
                })
                .collect(),
        ),
        ShowKind::Schemas => (
            vec![("name", TEXT), ("database_name", TEXT)],
            catalog
                .schemas
                .iter()
                .filter(|(d, sc)| named(sc) && filter.database.is_none_or(|x| x == d))
                .map(|(d, sc)| vec![s(sc), s(d)])
                .collect(),
        ),
        ShowKind::Tables | ShowKind::Views | ShowKind::Objects => {
            let (tables, views) = match kind {
                ShowKind::Tables => (true, false),
                ShowKind::Views => (false, true),
                _ => (true, true),
            };
            (
                vec![
                    ("created_on", TS),
                    ("name", TEXT),
                    ("database_name", TEXT),
                    ("schema_name", TEXT),
                    ("kind", TEXT),
                    ("comment", TEXT),
                    ("rows", NUM),
                    ("bytes", NUM),
                    ("is_hybrid", TEXT),
                    ("is_iceberg", TEXT),
                    ("is_dynamic", TEXT),
                ],
                catalog
                    .objects
                    .iter()
                    .filter(|(q, o)| {
                        keep(q)
                            && match o.body {
                                ObjectBody::View { .. } => views,
                                ObjectBody::Table { .. } | ObjectBody::DynamicTable(_) => tables,
                                ObjectBody::Task(_) | ObjectBody::Stream(_) => false,
                            }
                    })
                    .map(|(q, o)| {
                        let stored = !matches!(o.body, ObjectBody::View { .. });
                        vec![
                            Value::Timestamp(o.created_on),
                            s(&q.name),
                            s(&q.database),
                            s(&q.schema),
                            s(if stored { "TABLE" } else { "VIEW" }),
                            opt_s(o.comment.clone()),
                            if stored {
                                n(sources.storage.row_count(&q.storage()) as u64)
                            } else {
                                Value::Null
                            },
                            if stored {
                                n(sources.storage.approximate_bytes(&q.storage()) as u64)
                            } else {
                                Value::Null
                            },
                            s("N"),
                            s("N"),
                            s(if matches!(o.body, ObjectBody::DynamicTable(_)) {
                                "Y"
                            } else {
                                "N"
                            }),
                        ]
                    })
                    .collect(),
            )
        }
        ShowKind::DynamicTables => (
            vec![
                ("created_on", TS),
                ("name", TEXT),
                ("database_name", TEXT),
                ("schema_name", TEXT),
                ("cluster_by", TEXT),
                ("rows", NUM),
                ("bytes", NUM),
                ("owner", TEXT),
                ("target_lag", TEXT),
                ("scheduler", TEXT),
                ("refresh_mode", TEXT),
                ("refresh_mode_reason", TEXT),
                ("warehouse", TEXT),
                ("comment", TEXT),
                ("text", TEXT),
                ("scheduling_state", TEXT),
                ("last_suspended_on", TS),
                ("data_timestamp", TS),
                ("immutable_where", TEXT),
                ("initialization_warehouse", TEXT),
            ],
            catalog
                .objects
                .iter()
                .filter(|(q, _)| keep(q))
                .filter_map(|(q, o)| match &o.body {
                    ObjectBody::DynamicTable(dt) => Some(vec![
                        Value::Timestamp(o.created_on),
                        s(&q.name),
                        s(&q.database),
                        s(&q.schema),
                        // Snowflake shows a clustering key as LINEAR(<expressions>).
                        s(dt.cluster_by.as_ref().map_or(String::new(), |k| {
                            format!(
                                "LINEAR{}",
                                if k.starts_with('(') {
                                    k.clone()
                                } else {
                                    format!("({k})")
                                }
                            )
                        })),
                        n(sources.storage.row_count(&q.storage()) as u64),
                        n(sources.storage.approximate_bytes(&q.storage()) as u64),
                        s("ACCOUNTADMIN"),
                        s(dt.target_lag.text()),
                        s(if dt.scheduler_disabled {
                            "DISABLE"
                        } else {
                            "ENABLE"
                        }),
                        s(dt.refresh_mode.text()),
                        opt_s(dt.refresh_mode_reason.clone()),
                        s(&dt.warehouse),
                        opt_s(o.comment.clone()),
                        s(crate::catalog::object_ddl(q, o)),
                        // SHOW says RUNNING where the table functions say ACTIVE.
                        s(match dt.state {
                            SchedulingState::Active => "RUNNING",
                            SchedulingState::Suspended { .. } => "SUSPENDED",
                        }),
                        ts(dt.last_suspended_on),
                        ts(dt.data_timestamp),
                        Value::Null,
                        opt_s(dt.initialization_warehouse.clone()),
                    ]),
                    _ => None,
                })
                .collect(),
        ),
        ShowKind::Streams => (
            vec![
                ("created_on", TS),
                ("name", TEXT),
                ("database_name", TEXT),
                ("schema_name", TEXT),
                ("comment", TEXT),
                ("table_name", TEXT),
                ("source_type", TEXT),
                ("mode", TEXT),
                ("stale", TEXT),
            ],
            catalog
                .streams()
                .filter(|(q, _)| keep(q))
                .map(|(q, st)| {
                    let o = &catalog.objects[q];
                    let stale = sources
                        .storage
                        .changes_since(&st.table.storage(), st.offset)
                        .is_none();
                    vec![
                        Value::Timestamp(o.created_on),
                        s(&q.name),
                        s(&q.database),
                        s(&q.schema),
                        opt_s(o.comment.clone()),
                        s(st.table.to_string()),
                        s("Table"),
                        s(if st.append_only {
                            "APPEND_ONLY"
                        } else {
                            "DEFAULT"
                        }),
                        s(if stale { "true" } else { "false" }),
                    ]
                })
                .collect(),
        ),
        ShowKind::UserFunctions => (
            [
                "created_on",
                "name",
                "schema_name",
                "is_builtin",
                "is_aggregate",
                "is_ansi",
                "min_num_arguments",
                "max_num_arguments",
                "arguments",
                "description",
                "catalog_name",
                "is_table_function",
                "valid_for_clustering",
                "is_secure",
                "secrets",
                "external_access_integrations",
                "is_external_function",
                "language",
                "is_memoizable",
                "is_data_metric",
            ]
            .into_iter()
            .map(|name| (name, if name == "created_on" { TS } else { TEXT }))
            .collect(),
            Vec::new(),
        ),
        ShowKind::Warehouses => (
            vec![
                ("name", TEXT),
                ("state", TEXT),
                ("type", TEXT),
                ("size", TEXT),
                ("min_cluster_count", NUM),
                ("max_cluster_count", NUM),
                ("started_clusters", NUM),
                ("running", NUM),
                ("queued", NUM),
                ("is_default", TEXT),
                ("is_current", TEXT),
                ("auto_suspend", NUM),
                ("auto_resume", TEXT),
                ("available", TEXT),
                ("provisioning", TEXT),
                ("quiescing", TEXT),
                ("other", TEXT),
                ("created_on", TS),
                ("resumed_on", TS),
                ("updated_on", TS),
                ("owner", TEXT),
                ("comment", TEXT),
                ("enable_query_acceleration", TEXT),
                ("query_acceleration_max_scale_factor", NUM),
                ("resource_monitor", TEXT),
                ("actives", NUM),
                ("pendings", NUM),
                ("failed", NUM),
                ("suspended", NUM),
                ("uuid", TEXT),
                ("scaling_policy", TEXT),
                ("budget", TEXT),
                ("owner_role_type", TEXT),
            ],
            catalog
                .warehouses
                .iter()
                .filter(|(w, _)| named(w))
                .map(|(w, wh)| {
                    let flag = |b: bool| s(if b { "Y" } else { "N" });
                    let text = |b: bool| s(if b { "true" } else { "false" });
                    // A started warehouse runs its minimum of clusters, all of them available.
                    let started = if wh.suspended {
                        0
                    } else {
                        wh.min_cluster_count
                    };
                    let share = |v: &str| s(if wh.suspended { "" } else { v });
                    vec![
                        s(w),
                        s(if wh.suspended { "SUSPENDED" } else { "STARTED" }),
                        s(&wh.warehouse_type),
                        s(&wh.size),
                        n(wh.min_cluster_count),
                        n(wh.max_cluster_count),
                        n(started),
                        n(0),
                        n(0),
                        flag(false),
                        flag(catalog.warehouse.as_deref() == Some(w)),
                        wh.auto_suspend.map_or(Value::Null, n),
                        text(wh.auto_resume),
                        share("100"),
                        share("0"),
                        share("0"),
                        share("0"),
                        Value::Timestamp(wh.created_on),
                        Value::Timestamp(wh.resumed_on),
                        Value::Timestamp(wh.updated_on),
                        s("ACCOUNTADMIN"),
                        s(wh.comment.clone().unwrap_or_default()),
                        text(wh.enable_query_acceleration),
                        n(wh.query_acceleration_max_scale_factor),
                        s(wh.resource_monitor.as_deref().unwrap_or("null")),
                        n(started),
                        n(0),
                        n(0),
                        n(if wh.suspended {
                            wh.min_cluster_count
                        } else {
                            0
                        }),
                        s(wh.id.to_string()),
                        s(&wh.scaling_policy),
                        Value::Null,
                        s("ROLE"),
                    ]
                })
                .collect(),
        ),
        ShowKind::Tasks => (
            vec![
                ("created_on", TS),
                ("name", TEXT),
                ("database_name", TEXT),
                ("schema_name", TEXT),
                ("warehouse", TEXT),
                ("comment", TEXT),
                ("schedule", TEXT),
                ("predecessors", TEXT),
                ("state", TEXT),
                ("definition", TEXT),
                ("next_scheduled_time", TS),
            ],
            catalog
                .objects
                .iter()
                .filter(|(q, _)| keep(q))
                .filter_map(|(q, o)| match &o.body {
                    ObjectBody::Task(t) => Some(vec![
                        Value::Timestamp(o.created_on),
                        s(&q.name),
                        s(&q.database),
                        s(&q.schema),
                        opt_s(t.warehouse.clone()),
                        opt_s(o.comment.clone()),
                        opt_s(t.schedule.as_ref().map(|s| s.text())),
                        s(format!(
                            "[{}]",
                            t.after
                                .iter()
                                .map(|a| format!("\"{a}\""))
                                .collect::<Vec<_>>()
                                .join(",")
                        )),
                        s(if t.started { "started" } else { "suspended" }),
                        s(&t.body),
                        ts(t.next_run),
                    ]),
                    _ => None,
                })
                .collect(),
        ),
    };
    result_of(cols(&spec), rows)
}

fn result_of(columns: Columns, rows: Rows) -> QueryResult {
    QueryResult {
        columns: columns
            .into_iter()
            .map(|(name, ty)| ResultColumn { name, ty: Some(ty) })
            .collect(),
        rows,
    }
}
