//! Feeding the account's bronze table and winding the pipeline down: the generator on the wall
//! clock at a chosen rate (sent in batches every 2 s), a burst of N events now, what was sent so
//! far; Stop (the feeder off, the pipeline's dynamic tables and tasks suspended) and Clean up,
//! which first lists what it will drop and waits for a confirmation.

use crate::browser::random_seed;
use crate::remote::view::RemoteRequest;
use crate::runner::Controller;
use crate::state::PipelineState;
use leptos::prelude::*;

/// Feeder rates offered (events per second).
const RATES: [f64; 5] = [1.0, 2.0, 5.0, 10.0, 20.0];

#[component]
pub fn RemoteFeed(state: PipelineState, ctl: Controller) -> impl IntoView {
    let count = RwSignal::new("1000".to_owned());
    let confirming = RwSignal::new(false);
    let remote = state.remote;
    let applied = move || remote.with(|r| r.as_ref().is_some_and(|r| r.target.is_some()));
    let writable = move || remote.with(|r| r.as_ref().is_some_and(|r| !r.info.read_only));
    let idle = move || remote.with(|r| r.as_ref().is_some_and(|r| r.busy.is_none()));
    let can = move || applied() && writable() && idle();
    let rate = move || {
        remote.with(|r| {
            r.as_ref()
                .and_then(|r| r.feeding)
                .map_or_else(|| "off".to_owned(), |f| f.to_string())
        })
    };
    let feed_now = move |_| {
        if let Ok(n) = count.get_untracked().trim().parse::<u64>() {
            ctl.remote(RemoteRequest::FeedNow {
                events: n.clamp(1, 100_000),
                seed: random_seed(),
            });
        }
    };
    let sent = move || {
        remote.with(|r| {
            r.as_ref().map(|r| {
                let mut text = format!("{} events sent ({})", r.sent.total(), r.sent.text());
                if r.failed_batches > 0 {
                    text.push_str(&format!("; {} batches failed", r.failed_batches));
                }
                text
            })
        })
    };
    let drops = move || {
        remote.with(|r| {
            r.as_ref().map(|r| {
                r.drops
                    .iter()
                    .map(|d| view! { <li><code>{d.clone()}</code></li> })
                    .collect_view()
            })
        })
    };
    let created =
        move || remote.with(|r| r.as_ref().map(|r| r.created.join(", ")).unwrap_or_default());
    view! {
        <div class="remote-feed">
            <h3>"Generator and lifecycle"</h3>
            <div class="bar">
                <label>
                    "Feed RAW_ORDERS "
                    <select
                        id="feed-rate"
                        disabled=move || !applied() || !writable()
                        prop:value=rate
                        on:change=move |ev| {
                            ctl.remote(RemoteRequest::Feed(event_target_value(&ev).parse::<f64>().ok()))
                        }
                    >
                        <option value="off">"off"</option>
                        {RATES
                            .iter()
                            .map(|r| view! { <option value=r.to_string()>{format!("{r} events per second")}</option> })
                            .collect_view()}
                    </select>
                </label>
                <label>
                    "Events "
                    <input
                        id="feed-now-count"
                        type="number"
                        min="1"
                        prop:value=move || count.get()
                        on:input=move |ev| count.set(event_target_value(&ev))
                    />
                </label>
                <button id="feed-now" type="button" disabled=move || !can() on:click=feed_now>
                    "Feed now"
                </button>
                <span id="feed-sent" class="hint">{sent}</span>
            </div>
            <div class="bar">
                <button
                    id="remote-stop"
                    type="button"
                    disabled=move || !can()
                    on:click=move |_| ctl.remote(RemoteRequest::Stop)
                >
                    "Stop"
                </button>
                <button
                    id="remote-cleanup"
                    type="button"
                    disabled=move || !can()
                    on:click=move |_| confirming.set(true)
                >
                    "Clean up…"
                </button>
                <span class="hint">
                    "Stop turns the feeder off and suspends the pipeline's dynamic tables and tasks."
                </span>
            </div>
            <Show when=move || confirming.get() && applied()>
                <div id="cleanup-confirm" class="confirm" role="alertdialog" aria-labelledby="cleanup-title">
                    <p id="cleanup-title">
                        <strong>"Drop what applying created?"</strong>
                        " It created: "
                        {created}
                        ". These statements will run:"
                    </p>
                    <ul id="cleanup-drops">{drops}</ul>
                    <div class="bar">
                        <button
                            id="cleanup-yes"
                            type="button"
                            class="danger"
                            on:click=move |_| {
                                confirming.set(false);
                                ctl.remote(RemoteRequest::CleanUp);
                            }
                        >
                            "Drop them"
                        </button>
                        <button id="cleanup-no" type="button" on:click=move |_| confirming.set(false)>
                            "Keep them"
                        </button>
                    </div>
                </div>
            </Show>
        </div>
    }
}
