//! The tab's own requests answered from the account while it is the backend: a page of an object's
//! rows (and its count), an object's details (definition, columns, refresh or task history), a
//! node's buttons, and the worksheet (a script of any number of statements; the last one's result
//! or the error with Snowflake's code; cancel while it runs; the result as CSV). The clock
//! controls do not apply to a real account and are ignored.

use crate::host::post;
use crate::protocol::{Failure, Notice, PageRead, Reply, Request, WorksheetRun};
use crate::remote::api::{ApiError, Table};
use crate::remote::backend::{Remote, spawn, with, with_current};
use crate::remote::plan::Target;
use crate::remote::queries;
use crate::remote::views::{columns, refresh_rows, task_rows};
use crate::views::SHOWN_ROWS;
use crate::views::{LogKind, NodeDetails};
use snowglobe_engine::{QueryResult, Value, result::ResultColumn};

/// How many refreshes or task runs the details list.
const DETAIL_ROWS: usize = 50;

fn failure(e: ApiError) -> Failure {
    Failure {
        message: e.to_string(),
        position: None,
    }
}

fn reply(id: u64, reply: Reply) {
    if id != 0 {
        post(&Notice::Reply { id, reply });
    }
}

/// A node's kind and SQL name, by its id.
fn object(r: &Remote, id: &str) -> Option<(String, String, Target)> {
    let target = r.target()?;
    let node = r.nodes.iter().find(|n| n.id == id)?;
    Some((node.kind.clone(), target.sql(&node.name), target))
}

/// A table as the engine's result, to write its CSV as the tab does.
fn as_result(table: &Table) -> QueryResult {
    let grid = table.to_grid();
    QueryResult {
        columns: grid
            .columns
            .iter()
            .map(|c| ResultColumn {
                name: c.name.clone(),
                ty: None,
            })
            .collect(),
        rows: grid
            .rows
            .into_iter()
            .map(|row| {
                row.into_iter()
                    .map(|c| c.map_or(Value::Null, Value::Str))
                    .collect()
            })
            .collect(),
    }
}

/// Answers `request` from the account; gives it back when the tab's session answers it.
pub fn take(id: u64, request: Request) -> Option<Request> {
    match request {
        Request::SetPaused(_) | Request::SetSpeed(_) | Request::SetRate(_) => None,
        Request::RunSql(sql) => {
            worksheet(id, sql);
            None
        }
        Request::ResultCsv => {
            let csv = with_current(|r| r.last_result.as_ref().map(|t| as_result(t).to_csv()))
                .flatten()
                .unwrap_or_default();
            reply(id, Reply::Text(csv));
            None
        }
        Request::NodeAction { id: node, action } => {
            let found = with_current(|r| {
                let (kind, name, _) = object(r, &node)?;
                let sql = queries::node_action(&kind, &name, action)?;
                Some((r.generation, r.client.clone(), sql))
            })
            .flatten();
            let Some((generation, client, sql)) = found else {
                reply(id, Reply::Done(Err(format!("{node} has no such action."))));
                return None;
            };
            spawn(async move {
                let outcome = client.run(&sql, None).await;
                with(generation, |r| {
                    r.log(
                        LogKind::Statement,
                        match &outcome {
                            Ok(_) => sql.clone(),
                            Err(e) => format!("{sql} failed: {e}"),
                        },
                    );
                    r.next_poll_ms = 0.0;
                    r.publish(false, false);
                });
                reply(
                    id,
                    Reply::Done(outcome.map(|_| ()).map_err(|e| e.to_string())),
                );
            });
            None
        }
        Request::Page {
            id: node,
            order,
            offset,
            limit,
        } => {
            let found =
                with_current(|r| Some((object(r, &node)?, r.client.clone(), r.clock.clone())))
                    .flatten();
            let Some(((_, name, _), client, clock)) = found else {
                reply(
                    id,
                    Reply::Page(PageRead {
                        page: Err(Failure {
                            message: format!("{node} is not in the applied pipeline."),
                            position: None,
                        }),
                        cost_ms: 0.0,
                        read_at: String::new(),
                    }),
                );
                return None;
            };
            spawn(async move {
                let page = async {
                    let count = client.run(&queries::count(&name), None).await?;
                    let rows = client
                        .run(&queries::page(&name, order, offset, limit), None)
                        .await?;
                    let mut grid = rows.to_grid();
                    grid.total = count
                        .first_cell()
                        .and_then(|c| c.parse().ok())
                        .unwrap_or(grid.rows.len());
                    Ok(grid)
                }
                .await
                .map_err(failure);
                // Reading the account takes no time of the worker's.
                reply(
                    id,
                    Reply::Page(PageRead {
                        page,
                        cost_ms: 0.0,
                        read_at: clock,
                    }),
                );
            });
            None
        }
        Request::Details(node) => {
            let found = with_current(|r| Some((object(r, &node)?, r.client.clone()))).flatten();
            let Some(((kind, name, target), client)) = found else {
                reply(id, Reply::Details(None));
                return None;
            };
            spawn(async move {
                let ddl = client
                    .run(&queries::ddl(&kind, &name), None)
                    .await
                    .map(|t| t.first_cell().unwrap_or_default())
                    .unwrap_or_else(|e| format!("-- {e}"));
                let described = match queries::describe(&kind, &name) {
                    Some(sql) => client.run(&sql, None).await.ok(),
                    None => None,
                };
                let bare = node.rsplit('.').next().unwrap_or_default().to_owned();
                let refreshes = match kind.as_str() {
                    "DYNAMIC TABLE" => client
                        .run(
                            &queries::refreshes_of(&target, &bare, DETAIL_ROWS),
                            Some(&target),
                        )
                        .await
                        .map(|t| refresh_rows(&t))
                        .unwrap_or_default(),
                    _ => Vec::new(),
                };
                let task_runs = match kind.as_str() {
                    "TASK" => client
                        .run(
                            &queries::task_runs(&target, Some(&bare), DETAIL_ROWS),
                            Some(&target),
                        )
                        .await
                        .map(|t| task_rows(&t))
                        .unwrap_or_default(),
                    _ => Vec::new(),
                };
                reply(
                    id,
                    Reply::Details(Some(NodeDetails {
                        id: node,
                        kind,
                        ddl,
                        columns: described.as_ref().map(columns).unwrap_or_default(),
                        refreshes,
                        task_runs,
                    })),
                );
            });
            None
        }
        other => Some(other),
    }
}

/// Runs worksheet SQL on the account: every statement in one request, the last one's result.
fn worksheet(id: u64, sql: String) {
    let Some((generation, client, context)) =
        with_current(|r| (r.generation, r.client.clone(), r.context()))
    else {
        return;
    };
    spawn(async move {
        let started = move |handle: &str| {
            with(generation, |r| r.worksheet = Some(handle.to_owned()));
        };
        let outcome = async {
            let handles = client.run_script(&sql, context.as_ref(), &started).await?;
            let last = match handles.last() {
                Some(h) => client.result(h).await?,
                None => Table::default(),
            };
            Ok::<_, ApiError>((handles.len(), last))
        }
        .await;
        let run = match outcome {
            Ok((statements, table)) => {
                let mut grid = table.to_grid();
                grid.rows.truncate(SHOWN_ROWS);
                with(generation, |r| r.last_result = Some(table));
                WorksheetRun {
                    statements,
                    grid,
                    error: None,
                }
            }
            Err(e) => WorksheetRun {
                error: Some(failure(e)),
                ..WorksheetRun::default()
            },
        };
        with(generation, |r| {
            r.worksheet = None;
            let first = sql.lines().next().unwrap_or_default().to_owned();
            r.log(
                LogKind::Statement,
                match &run.error {
                    None => first,
                    Some(e) => format!("{first} failed: {}", e.message),
                },
            );
            r.next_poll_ms = 0.0;
            r.publish(false, false);
        });
        reply(id, Reply::Ran(run));
    });
}

/// Cancels the worksheet's running script.
pub fn cancel() {
    let Some((client, Some(handle))) = with_current(|r| (r.client.clone(), r.worksheet.clone()))
    else {
        return;
    };
    spawn(async move {
        let outcome = client.cancel(&handle).await;
        with_current(|r| {
            r.log(
                LogKind::Statement,
                match outcome {
                    Ok(()) => "Asked the account to cancel the worksheet's statement.".to_owned(),
                    Err(e) => format!("Cancel failed: {e}"),
                },
            );
            r.publish(false, false);
        });
    });
}
