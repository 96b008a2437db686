//! Compare: the tab's engine and the account, fed the same events, must compute the same dynamic
//! tables. A scratch engine in the worker gets the applied pipeline (the very statements the
//! account got) and a copy of the account's bronze rows; then the same seeded events go, as the
//! same statements, to both; both refresh every dynamic table (in the order they read each other);
//! and each dynamic table's rows are read from both and compared. The live feeder pauses meanwhile,
//! so that the bronze table the tab copied is the one the account refreshes from.

use crate::browser::local_now;
use crate::remote::backend::{begin, spawn, with};
use crate::remote::compare::compare as compare_tables;
use crate::remote::copy::inserts;
use crate::remote::feed::{batch, burst};
use crate::remote::http::Client;
use crate::remote::plan::Plan;
use crate::remote::queries;
use crate::remote::view::Comparison;
use crate::views::{GridView, LogKind};
use snowglobe_engine::Engine;
use snowglobe_engine::catalog::sql_ident;

/// Events per request.
const EVENTS_PER_REQUEST: usize = 250;

/// Feeds `events` events from `seed` to both sides, refreshes both and compares.
pub fn compare(events: u64, seed: u64) {
    let Some(generation) = begin(&format!("Comparing after {events} events…")) else {
        return;
    };
    let setup = with(generation, |r| {
        let feeder = r.feeder.take();
        (r.client.clone(), r.plan.clone(), feeder)
    });
    let Some((client, plan, feeder)) = setup else {
        return;
    };
    spawn(async move {
        let outcome = match &plan {
            None => Err("Apply a pipeline first.".to_owned()),
            Some(plan) => run(&client, plan, events, seed, generation).await,
        };
        with(generation, |r| {
            if r.feeder.is_none() && r.view.feeding.is_some() {
                r.feeder = feeder;
            }
            r.next_poll_ms = 0.0;
            match outcome {
                Ok(comparison) => {
                    let ok = comparison.agrees();
                    let names: Vec<String> =
                        comparison.tables.iter().map(|t| t.name.clone()).collect();
                    let message = if ok {
                        format!(
                            "The tab and the account agree row for row on {} after {events} \
                             events (seed {seed}).",
                            names.join(" and ")
                        )
                    } else {
                        format!(
                            "The tab and the account differ after {events} events (seed {seed}); \
                             see the rows below."
                        )
                    };
                    r.view.comparison = Some(comparison);
                    r.finish(ok, message);
                }
                Err(e) => r.finish(false, format!("Compare failed: {e}")),
            }
            r.publish(false, true);
        });
    });
}

async fn run(
    client: &Client,
    plan: &Plan,
    events: u64,
    seed: u64,
    generation: u64,
) -> Result<Comparison, String> {
    let target = &plan.target;
    let bronze = plan
        .bronze
        .clone()
        .ok_or("This pipeline has no RAW_ORDERS table to feed.")?;
    let table = target.sql(&bronze.name);
    let step = |label: String| {
        with(generation, |r| {
            r.view.busy = Some(label);
            r.show_view();
        })
        .ok_or_else(|| "The page left the account.".to_owned())
    };
    // The tab's engine with the pipeline the account has.
    let mut engine = Engine::new(local_now());
    let mut in_schema = false;
    for s in &plan.statements {
        if s.in_schema && !in_schema {
            engine
                .execute(&format!(
                    "USE SCHEMA {}.{}",
                    sql_ident(&target.database),
                    sql_ident(&target.schema)
                ))
                .map_err(|e| e.to_string())?;
            in_schema = true;
        }
        engine
            .execute(&s.sql)
            .map_err(|e| format!("In the tab: {e}"))?;
    }
    step("Comparing: copying the account's bronze rows into the tab…".to_owned())?;
    let rows = client
        .run(&queries::all(&table), None)
        .await
        .map_err(|e| e.to_string())?;
    for insert in inserts(&rows, &table) {
        engine
            .execute(&insert)
            .map_err(|e| format!("In the tab: {e}"))?;
    }
    let fed = burst(seed, local_now(), events);
    let mut sent = 0;
    for chunk in fed.chunks(EVENTS_PER_REQUEST) {
        step(format!(
            "Comparing: feeding both… {sent} of {events} events"
        ))?;
        let b = batch(chunk, &table, &bronze);
        client
            .run_script(&b.script(), Some(target), &|_| {})
            .await
            .map_err(|e| e.to_string())?;
        engine
            .execute_script(&b.script())
            .map_err(|e| format!("In the tab: {e}"))?;
        sent += chunk.len();
        with(generation, |r| {
            r.count_sent(chunk, b.counts);
            r.log(
                LogKind::Statement,
                format!(
                    "[COMPARE] {} events sent to the account and the tab ({})",
                    b.counts.total(),
                    b.counts.text()
                ),
            );
        });
    }
    step("Comparing: refreshing both…".to_owned())?;
    for dt in plan.dynamic_tables() {
        let sql = format!("ALTER DYNAMIC TABLE {} REFRESH", target.sql(&dt.name));
        client.run(&sql, None).await.map_err(|e| e.to_string())?;
        engine
            .execute(&sql)
            .map_err(|e| format!("In the tab: {e}"))?;
    }
    step("Comparing: reading both…".to_owned())?;
    let mut tables = Vec::new();
    for dt in plan.dynamic_tables() {
        let name = target.sql(&dt.name);
        let columns = engine
            .execute(&format!("SELECT * FROM {name} LIMIT 0"))
            .map_err(|e| format!("In the tab: {e}"))?
            .columns
            .len();
        let query = queries::ordered(&name, columns);
        let tab = engine
            .execute(&query)
            .map_err(|e| format!("In the tab: {e}"))?;
        let account = client.run(&query, None).await.map_err(|e| e.to_string())?;
        tables.push(compare_tables(
            &dt.name,
            &GridView::from_result(&tab),
            &account.to_grid(),
        ));
    }
    Ok(Comparison {
        seed,
        events,
        tables,
    })
}
