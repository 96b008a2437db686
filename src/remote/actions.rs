//! The Snowflake panel's operations on the account: apply a pipeline into a schema statement by
//! statement (after finding out whether the database and schema exist, so that cleaning up can drop
//! what applying created), feed the bronze table (on the wall clock, or a burst now), stop (the
//! feeder, and suspend the pipeline's dynamic tables and tasks) and clean up (drop what applying
//! created). Each reports in the panel and the event log, and the page stays usable after any
//! error.

use crate::browser::{local_now, now_ms, random_seed};
use crate::remote::api::ApiError;
use crate::remote::backend::{FEED_EVERY_MS, Remote, begin, status, with, with_current};
use crate::remote::feed::{Feeder, batch, burst};
use crate::remote::http::Client;
use crate::remote::plan::{Created, Plan, Target, plan};
use crate::remote::queries;
use crate::remote::view::AppliedStatement;
use crate::views::{ChartData, LogKind};
use snowglobe_engine::{CdcEvent, Duration};

/// Events per request when feeding a burst.
const EVENTS_PER_REQUEST: usize = 250;

/// The first line of a statement, for the log.
pub fn head(sql: &str) -> String {
    let line = sql.lines().next().unwrap_or_default();
    let mut out: String = line.chars().take(100).collect();
    if out.len() < line.len() || sql.lines().nth(1).is_some() {
        out.push('…');
    }
    out
}

/// Applies `script`'s pipeline into `database.schema`.
pub fn apply(database: &str, schema: &str, script: &str) {
    let planned = with_current(|r| {
        if r.info.read_only {
            return Err(
                "The proxy is read-only: it refuses statements that change anything.".to_owned(),
            );
        }
        let target = Target::parse(database, schema)?;
        plan(script, &target, r.info.warehouse.as_deref())
    });
    let plan = match planned {
        Some(Ok(plan)) => plan,
        Some(Err(message)) => {
            with_current(|r| {
                r.view.message = Some((false, message));
                r.show_view();
            });
            return;
        }
        None => return,
    };
    let Some(generation) = begin(&format!("Applying the pipeline to {}…", plan.target.text()))
    else {
        return;
    };
    let Some(client) = with(generation, |r| {
        r.feeder = None;
        r.view.feeding = None;
        r.view.applying = true;
        r.view.stopped = false;
        r.view.comparison = None;
        r.view.statements = plan
            .statements
            .iter()
            .map(|s| AppliedStatement {
                sql: s.sql.clone(),
                outcome: None,
            })
            .collect();
        r.show_view();
        r.client.clone()
    }) else {
        return;
    };
    crate::remote::backend::spawn(async move {
        let created = existing(&client, &plan.target).await;
        let mut failed = None;
        for (i, statement) in plan.statements.iter().enumerate() {
            let context = statement.in_schema.then_some(&plan.target);
            let outcome = client.run(&statement.sql, context).await;
            let shown = match &outcome {
                Ok(table) => Ok(table.first_cell().unwrap_or_else(|| "Done.".to_owned())),
                Err(e) => Err(e.to_string()),
            };
            let stop = with(generation, |r| {
                r.log(
                    LogKind::Statement,
                    match &shown {
                        Ok(_) => head(&statement.sql),
                        Err(e) => format!("{} failed: {e}", head(&statement.sql)),
                    },
                );
                if let Some(s) = r.view.statements.get_mut(i) {
                    s.outcome = Some(shown.clone());
                }
                r.show_view();
                r.publish(false, false);
            })
            .is_none();
            if stop {
                return;
            }
            if let Err(e) = outcome {
                failed = Some((i + 1, e));
                break;
            }
        }
        with(generation, |r| {
            r.view.applying = false;
            adopt(r, plan.clone(), created);
            let (ok, message) = match &failed {
                None => (
                    true,
                    format!(
                        "Applied {} statements: the pipeline runs in {} on account {}.",
                        plan.statements.len(),
                        plan.target.text(),
                        r.info.name()
                    ),
                ),
                Some((n, e)) => (
                    false,
                    format!(
                        "Statement {n} of {} failed: {e}. The statements before it stay applied.",
                        plan.statements.len()
                    ),
                ),
            };
            r.finish(ok, message);
        });
        if failed.is_none() {
            status(format!(
                "Snowflake: the pipeline runs in {}; the views are read every 5 seconds.",
                plan.target.text()
            ));
        }
    });
}

/// Whether the target's database and schema are missing (and so will be created). When the
/// account cannot say, they are taken as existing, so that cleaning up drops objects only.
async fn existing(client: &Client, target: &Target) -> Created {
    let missing =
        |t: Result<crate::remote::api::Table, ApiError>| t.is_ok_and(|t| t.rows.is_empty());
    let database = missing(client.run(&queries::database_exists(target), None).await);
    let schema = database || missing(client.run(&queries::schema_exists(target), None).await);
    Created { database, schema }
}

/// The applied plan becomes what the panel and the views follow.
fn adopt(r: &mut Remote, plan: Plan, created: Created) {
    r.view.target = Some(plan.target.text());
    r.view.created = plan
        .objects
        .iter()
        .map(|o| format!("{} {}", o.kind, plan.target.id(&o.name)))
        .collect();
    if created.schema {
        r.view
            .created
            .insert(0, format!("SCHEMA {}", plan.target.text()));
    }
    if created.database {
        r.view
            .created
            .insert(0, format!("DATABASE {}", plan.target.database));
    }
    r.view.drops = plan.drops(created);
    r.created = created;
    r.plan = Some(plan);
    r.seen_refreshes.clear();
    r.seen_runs.clear();
    r.gold_read = None;
    r.chart_start = None;
    r.nodes.clear();
    r.charts = ChartData::default();
    r.next_poll_ms = 0.0;
}

/// The bronze table's SQL name and how events fill it, or why there is none.
fn bronze_of(r: &Remote) -> Result<(String, crate::remote::plan::Bronze, Target), String> {
    let plan = r
        .plan
        .as_ref()
        .ok_or("Apply a pipeline first: the generator feeds its bronze table.")?;
    let bronze = plan
        .bronze
        .clone()
        .ok_or("This pipeline has no RAW_ORDERS table for the generator to feed.")?;
    Ok((plan.target.sql(&bronze.name), bronze, plan.target.clone()))
}

/// Starts, retunes or stops the wall-clock feeder.
pub fn feed(rate: Option<f64>) {
    with_current(|r| {
        match rate.filter(|r| r.is_finite() && *r > 0.0) {
            None => {
                r.feeder = None;
                r.view.feeding = None;
                r.log(LogKind::Statement, "The feeder stopped.".to_owned());
            }
            Some(rate) => match bronze_of(r) {
                Err(message) => r.view.message = Some((false, message)),
                Ok((table, _, _)) => {
                    match r.feeder.as_mut() {
                        Some(f) => f.set_rate(rate),
                        None => r.feeder = Some(Feeder::new(random_seed(), local_now(), rate)),
                    }
                    r.view.feeding = Some(rate);
                    r.next_feed_ms = now_ms() + FEED_EVERY_MS;
                    r.log(
                        LogKind::Statement,
                        format!("The feeder sends {rate} events per second to {table}, every 2 s."),
                    );
                }
            },
        }
        r.show_view();
        r.publish(false, false);
    });
}

/// Sends `events` to the account as few statements in one request.
async fn send(client: &Client, events: &[CdcEvent], generation: u64) -> Result<usize, String> {
    let (table, bronze, target) =
        with(generation, |r| bronze_of(r)).ok_or("The page left the account.")??;
    let b = batch(events, &table, &bronze);
    let outcome = client.run_script(&b.script(), Some(&target), &|_| {}).await;
    with(generation, |r| match &outcome {
        Ok(_) => {
            r.count_sent(events, b.counts);
            r.log(
                LogKind::Statement,
                format!(
                    "[FEED] {} events sent ({}) in {} statements",
                    b.counts.total(),
                    b.counts.text(),
                    b.statements.len()
                ),
            );
        }
        Err(e) => {
            r.view.failed_batches += 1;
            r.log(
                LogKind::Statement,
                format!("[FEED] {} events not applied: {e}", b.counts.total()),
            );
        }
    });
    outcome.map(|_| events.len()).map_err(|e| e.to_string())
}

/// The feeder's due events, sent.
pub fn feed_due(generation: u64) {
    let taken = with(generation, |r| {
        r.next_feed_ms = now_ms() + FEED_EVERY_MS;
        let now = local_now();
        let feeder = r.feeder.as_mut()?;
        feeder.skip_to(now - Duration::seconds(10));
        let events = feeder.due(now);
        if events.is_empty() {
            return None;
        }
        r.feeding_now = true;
        Some((r.client.clone(), events))
    })
    .flatten();
    let Some((client, events)) = taken else {
        return;
    };
    crate::remote::backend::spawn(async move {
        let _ = send(&client, &events, generation).await;
        with(generation, |r| {
            r.feeding_now = false;
            r.show_view();
            r.publish(false, true);
        });
    });
}

/// Feeds `n` events of the generator from `seed` now, a few hundred per request.
pub fn feed_now(n: u64, seed: u64) {
    let Some(generation) = begin(&format!("Feeding {n} events…")) else {
        return;
    };
    let Some(client) = with(generation, |r| r.client.clone()) else {
        return;
    };
    crate::remote::backend::spawn(async move {
        let events = burst(seed, local_now(), n);
        let mut sent = 0;
        let mut failure = None;
        for chunk in events.chunks(EVENTS_PER_REQUEST) {
            match send(&client, chunk, generation).await {
                Ok(k) => sent += k,
                Err(e) => {
                    failure = Some(e);
                    break;
                }
            }
            with(generation, |r| {
                r.view.busy = Some(format!("Feeding {n} events… {sent} sent"));
                r.show_view();
                r.publish(false, true);
            });
        }
        with(generation, |r| {
            r.next_poll_ms = 0.0;
            match failure {
                None => r.finish(true, format!("Fed {sent} events (seed {seed}).")),
                Some(e) => r.finish(false, format!("Fed {sent} of {n} events, then: {e}")),
            }
            r.publish(false, true);
        });
    });
}

/// Runs `statements` one by one, logging each; returns how many failed and the first error.
async fn run_all(
    client: &Client,
    statements: &[String],
    generation: u64,
) -> Option<(usize, Option<String>)> {
    let mut failed = 0;
    let mut first = None;
    for sql in statements {
        let outcome = client.run(sql, None).await;
        with(generation, |r| {
            r.log(
                LogKind::Statement,
                match &outcome {
                    Ok(_) => sql.clone(),
                    Err(e) => format!("{sql} failed: {e}"),
                },
            );
            r.publish(false, false);
        })?;
        if let Err(e) = outcome {
            failed += 1;
            first.get_or_insert(e.to_string());
        }
    }
    Some((failed, first))
}

/// Stops the feeder and suspends the pipeline's tasks and dynamic tables.
pub fn stop() {
    let Some(generation) = begin("Stopping the pipeline…") else {
        return;
    };
    let Some((client, statements)) = with(generation, |r| {
        r.feeder = None;
        r.view.feeding = None;
        let statements = r.plan.as_ref().map(Plan::suspends).unwrap_or_default();
        (r.client.clone(), statements)
    }) else {
        return;
    };
    crate::remote::backend::spawn(async move {
        let Some((failed, first)) = run_all(&client, &statements, generation).await else {
            return;
        };
        with(generation, |r| {
            r.next_poll_ms = 0.0;
            if failed == 0 {
                r.view.stopped = true;
                r.finish(
                    true,
                    format!(
                        "Stopped: the feeder is off and {} objects are suspended, so the \
                         warehouse has nothing to refresh.",
                        statements.len()
                    ),
                );
            } else {
                r.finish(
                    false,
                    format!(
                        "{failed} of {} statements failed: {}",
                        statements.len(),
                        first.unwrap_or_default()
                    ),
                );
            }
        });
    });
}

/// Drops what applying created (after the page's confirmation).
pub fn clean_up() {
    let Some(generation) = begin("Cleaning up…") else {
        return;
    };
    let Some((client, statements)) = with(generation, |r| {
        r.feeder = None;
        r.view.feeding = None;
        (r.client.clone(), r.view.drops.clone())
    }) else {
        return;
    };
    crate::remote::backend::spawn(async move {
        let Some((failed, first)) = run_all(&client, &statements, generation).await else {
            return;
        };
        with(generation, |r| {
            if failed > 0 {
                r.finish(
                    false,
                    format!(
                        "{failed} of {} statements failed: {}",
                        statements.len(),
                        first.unwrap_or_default()
                    ),
                );
                return;
            }
            let target = r.view.target.take().unwrap_or_default();
            r.plan = None;
            r.view.created.clear();
            r.view.drops.clear();
            r.view.statements.clear();
            r.view.stopped = false;
            r.nodes.clear();
            r.charts = ChartData::default();
            r.finish(
                true,
                format!("Cleaned up: {target} no longer holds the pipeline."),
            );
            r.publish(true, true);
        });
        status("Snowflake: nothing applied. Apply a pipeline into a schema, or query the account.");
    });
}
