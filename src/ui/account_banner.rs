//! The always-visible sign that a real account is in use while the page shows Snowflake: the
//! account and user, the warehouse that runs (and bills) the pipeline, the schema it lives in,
//! read-only when the proxy refuses changes, the host the proxy forwards to, and how long ago the
//! views were read.

use crate::state::PipelineState;
use leptos::prelude::*;
use std::time::Duration;

/// "updated 3 s ago" from the epoch milliseconds of the last read.
fn ago(polled_at: Option<f64>, now: f64) -> String {
    match polled_at {
        None => "not read yet".to_owned(),
        Some(at) => format!("updated {} s ago", ((now - at) / 1000.0).max(0.0).round()),
    }
}

#[component]
pub fn AccountBanner(state: PipelineState) -> impl IntoView {
    let now = RwSignal::new(js_sys::Date::now());
    let timer = set_interval_with_handle(
        move || {
            if !now.is_disposed() {
                now.set(js_sys::Date::now());
            }
        },
        Duration::from_secs(1),
    )
    .ok();
    on_cleanup(move || {
        if let Some(t) = timer {
            t.clear();
        }
    });
    let banner = move || {
        state.remote.with(|r| {
            r.as_ref().map(|r| {
                let info = &r.info;
                let warehouse = info
                    .warehouse
                    .clone()
                    .unwrap_or_else(|| "the user's default".to_owned());
                let schema = r
                    .target
                    .clone()
                    .unwrap_or_else(|| "no pipeline applied".to_owned());
                let freshness = if r.target.is_none() {
                    String::new()
                } else if r.hidden {
                    "paused while the page is hidden".to_owned()
                } else {
                    ago(r.polled_at, now.get())
                };
                view! {
                    <div id="account-banner" class="account-banner" role="note">
                        <strong>"Real Snowflake account"</strong>
                        <span>"account " <code id="banner-account">{info.name().to_owned()}</code></span>
                        {info.user.clone().map(|u| view! { <span>"user " <code>{u}</code></span> })}
                        <span>"warehouse " <code id="banner-warehouse">{warehouse}</code> " (billed)"</span>
                        <span>"schema " <code id="banner-schema">{schema}</code></span>
                        {info.read_only.then(|| view! { <span class="read-only" id="banner-read-only">"read-only"</span> })}
                        <span class="via">"via proxy to " <code>{info.upstream.clone()}</code></span>
                        <span id="banner-updated" class="updated">{freshness}</span>
                    </div>
                }
            })
        })
    };
    view! { {banner} }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn freshness_reads_in_seconds() {
        assert_eq!(ago(None, 5.0), "not read yet");
        assert_eq!(ago(Some(1_000.0), 4_400.0), "updated 3 s ago");
        assert_eq!(ago(Some(9_000.0), 4_000.0), "updated 0 s ago");
    }
}
