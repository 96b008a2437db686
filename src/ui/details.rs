//! The details of the selected object: its definition, columns, refresh or task history, and the
//! actions Refresh, Suspend and Resume.

use crate::runner::Controller;
use crate::state::PipelineState;
use crate::views::{NodeAction, NodeDetails, NodeView};
use leptos::prelude::*;

/// The scheduling facts of a dynamic table or task, as term and value pairs.
fn scheduling(n: &NodeView) -> Vec<(&'static str, String)> {
    let mut out = Vec::new();
    if let Some(d) = &n.dynamic {
        out.push(("Target lag", d.target_lag.clone()));
        if let Some(s) = d.effective_lag_sec
            && d.target_lag == "DOWNSTREAM"
        {
            out.push(("Effective lag (from consumers)", format!("{s} s")));
        }
        out.push((
            "Refresh mode",
            match &d.refresh_mode_reason {
                Some(reason) => format!("{}: {reason}", d.refresh_mode),
                None => d.refresh_mode.clone(),
            },
        ));
        if let Some(by) = &d.maintained_by {
            out.push(("Maintained by", by.clone()));
        }
        out.push((
            "Scheduling state",
            if d.suspended { "SUSPENDED" } else { "ACTIVE" }.to_owned(),
        ));
        out.push((
            "Data timestamp",
            d.data_timestamp
                .clone()
                .unwrap_or_else(|| "not refreshed yet".to_owned()),
        ));
        if let Some(lag) = d.actual_lag_sec {
            out.push(("Actual lag", format!("{lag} s")));
        }
        if let Some(last) = &d.last_refresh {
            out.push(("Last refresh", last.clone()));
        }
    }
    if let Some(t) = &n.task {
        out.push(("Schedule", t.schedule.clone()));
        out.push((
            "State",
            if t.started { "started" } else { "suspended" }.to_owned(),
        ));
        if let Some(next) = &t.next_run {
            out.push(("Next run", next.clone()));
        }
        if let Some(last) = &t.last_run {
            out.push(("Last run", last.clone()));
        }
    }
    if let Some(rows) = n.rows {
        out.push(("Rows", rows.to_string()));
    }
    out
}

#[component]
pub fn Details(state: PipelineState, ctl: Controller) -> impl IntoView {
    // Escape closes the details, as the × does.
    let escape = window_event_listener(leptos::ev::keydown, move |e| {
        if e.key() == "Escape" && state.selected.with_untracked(Option::is_some) {
            state.selected.set(None);
        }
    });
    on_cleanup(move || escape.remove());
    let message = RwSignal::new(None::<(bool, String)>);
    let details = RwSignal::new(None::<NodeDetails>);
    Effect::new(move |_| {
        state.data_version.track();
        let Some(id) = state.selected.get() else {
            details.set(None);
            return;
        };
        let asked = id.clone();
        ctl.details(id, move |d| {
            // The component may be gone (its tab closed) by the time the reply arrives.
            if details.is_disposed() {
                return;
            }
            // A reply for a node the user has left is dropped.
            if state
                .selected
                .with_untracked(|s| s.as_ref() == Some(&asked))
            {
                details.set(d);
            }
        });
    });
    Effect::new(move |_| {
        state.selected.track();
        message.set(None);
    });
    let act = move |action: NodeAction| {
        let Some(id) = state.selected.get_untracked() else {
            return;
        };
        let label = match action {
            NodeAction::Refresh => "Refresh",
            NodeAction::Suspend => "Suspend",
            NodeAction::Resume => "Resume",
        };
        message.set(Some((true, format!("{label}: running…"))));
        ctl.node_action(id, action, move |outcome| {
            // The component may be gone (its tab closed) by the time the reply arrives.
            if message.is_disposed() {
                return;
            }
            message.set(Some(match outcome {
                Ok(()) => (true, format!("{label}: done.")),
                Err(e) => (false, e),
            }));
        });
    };
    // Whether the selected table or task is suspended, as the graph shows it now: Suspend applies
    // only to a running one, Resume only to a suspended one.
    let suspended = Memo::new(move |_| {
        let id = state.selected.get()?;
        state.nodes.with(|nodes| {
            nodes.iter().find(|n| n.id == id).map(|n| {
                n.dynamic.as_ref().is_some_and(|d| d.suspended)
                    || n.task.as_ref().is_some_and(|t| !t.started)
            })
        })
    });
    let running =
        move || message.with(|m| m.as_ref().is_some_and(|(_, t)| t.ends_with("running…")));
    let body = move || {
        details.get().map(|d: NodeDetails| {
            let actionable = matches!(d.kind.as_str(), "DYNAMIC TABLE" | "TASK");
            let refresh_label = if d.kind == "TASK" { "Execute" } else { "Refresh" };
            let columns = d
                .columns
                .iter()
                .map(|(name, ty, nullable)| {
                    view! {
                        <tr>
                            <td>{name.clone()}</td>
                            <td>{ty.clone()}</td>
                            <td>{if *nullable { "yes" } else { "no" }}</td>
                        </tr>
                    }
                })
                .collect_view();
            let refreshes = (!d.refreshes.is_empty()).then(|| {
                let rows = d
                    .refreshes
                    .iter()
                    .map(|r| {
                        view! {
                            <tr class=format!("state-{}", r.state.to_lowercase())>
                                <td>{r.data_timestamp.clone()}</td>
                                <td>{r.action.clone()}</td>
                                <td title=r.message.clone().unwrap_or_default()>{r.state.clone()}</td>
                                <td>{r.trigger.clone()}</td>
                                <td class="numeric">{format!("{:.1}", r.duration_ms)}</td>
                                <td class="numeric">{format!("+{}", r.inserted)}</td>
                                <td class="numeric">{format!("-{}", r.deleted)}</td>
                                <td class="numeric">
                                    {r.lag_before_commit_sec.map_or_else(String::new, |s| format!("{s} s"))}
                                </td>
                            </tr>
                        }
                    })
                    .collect_view();
                view! {
                    <h4>"Refresh history (newest first)"</h4>
                    <div class="table-scroll">
                        <table id="refresh-history">
                            <thead>
                                <tr>
                                    <th scope="col">"Data timestamp"</th>
                                    <th scope="col">"Action"</th>
                                    <th scope="col">"State"</th>
                                    <th scope="col">"Trigger"</th>
                                    <th scope="col" class="numeric">"Duration (ms)"</th>
                                    <th scope="col" class="numeric">"Rows +"</th>
                                    <th scope="col" class="numeric">"Rows −"</th>
                                    <th scope="col" class="numeric">"Lag before commit"</th>
                                </tr>
                            </thead>
                            <tbody>{rows}</tbody>
                        </table>
                    </div>
                }
            });
            let runs = (!d.task_runs.is_empty()).then(|| {
                let rows = d
                    .task_runs
                    .iter()
                    .map(|t| {
                        view! {
                            <tr>
                                <td>{t.scheduled_time.clone()}</td>
                                <td>{t.state.clone()}</td>
                                <td>{t.message.clone().unwrap_or_default()}</td>
                            </tr>
                        }
                    })
                    .collect_view();
                view! {
                    <h4>"Task history (newest first)"</h4>
                    <div class="table-scroll">
                        <table id="task-history">
                            <thead>
                                <tr>
                                    <th scope="col">"Scheduled"</th>
                                    <th scope="col">"State"</th>
                                    <th scope="col">"Message"</th>
                                </tr>
                            </thead>
                            <tbody>{rows}</tbody>
                        </table>
                    </div>
                }
            });
            view! {
                <h3 id="details-title">
                    <span class="kind">{d.kind.clone()}</span>
                    " "
                    <code>{d.id.clone()}</code>
                </h3>
                <Show when=move || actionable>
                    <div class="actions" role="group" aria-label="Actions">
                        <button
                            id="action-refresh"
                            type="button"
                            disabled=running
                            on:click=move |_| act(NodeAction::Refresh)
                        >
                            {refresh_label}
                        </button>
                        <button
                            id="action-suspend"
                            type="button"
                            disabled=move || running() || suspended.get() != Some(false)
                            on:click=move |_| act(NodeAction::Suspend)
                        >
                            "Suspend"
                        </button>
                        <button
                            id="action-resume"
                            type="button"
                            disabled=move || running() || suspended.get() != Some(true)
                            on:click=move |_| act(NodeAction::Resume)
                        >
                            "Resume"
                        </button>
                    </div>
                </Show>
                {move || {
                    message
                        .get()
                        .map(|(ok, m)| {
                            view! {
                                <p id="action-message" class=if ok { "ok" } else { "form-error" } role="status">
                                    {m}
                                </p>
                            }
                        })
                }}
                {move || {
                    let facts = state
                        .selected
                        .with(|id| {
                            state.nodes.with(|nodes| {
                                nodes.iter().find(|n| Some(&n.id) == id.as_ref()).map(scheduling)
                            })
                        })
                        .unwrap_or_default();
                    (!facts.is_empty())
                        .then(|| {
                            view! {
                                <dl id="details-facts" class="facts">
                                    {facts
                                        .into_iter()
                                        .map(|(term, value)| {
                                            view! {
                                                <div>
                                                    <dt>{term}</dt>
                                                    <dd>{value}</dd>
                                                </div>
                                            }
                                        })
                                        .collect_view()}
                                </dl>
                            }
                        })
                }}
                <h4>"Definition"</h4>
                <pre class="ddl">{d.ddl.clone()}</pre>
                {(!d.columns.is_empty())
                    .then(|| {
                        view! {
                            <h4>"Columns"</h4>
                            <table class="columns">
                                <thead>
                                    <tr>
                                        <th scope="col">"Name"</th>
                                        <th scope="col">"Type"</th>
                                        <th scope="col">"Nullable"</th>
                                    </tr>
                                </thead>
                                <tbody>{columns}</tbody>
                            </table>
                        }
                    })}
                {refreshes}
                {runs}
            }
        })
    };
    view! {
        <Show when=move || state.selected.with(Option::is_some)>
            <aside id="details" class="details" aria-labelledby="details-title">
                <button
                    class="close"
                    type="button"
                    aria-label="Close details"
                    on:click=move |_| state.selected.set(None)
                >
                    "×"
                </button>
                {body}
            </aside>
        </Show>
    }
}
