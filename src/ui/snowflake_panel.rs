//! The Snowflake panel, shown instead of the tab's scenario while the page shows an account:
//! applying a pipeline, feeding it, stopping and cleaning up, comparing with the tab's engine; the
//! operation under way and the last one's outcome.

use crate::runner::Controller;
use crate::state::PipelineState;
use crate::ui::remote_apply::RemoteApply;
use crate::ui::remote_compare::RemoteCompare;
use crate::ui::remote_feed::RemoteFeed;
use leptos::prelude::*;

#[component]
pub fn SnowflakePanel(state: PipelineState, ctl: Controller) -> impl IntoView {
    let remote = state.remote;
    let busy = move || remote.with(|r| r.as_ref().and_then(|r| r.busy.clone()));
    let message = move || remote.with(|r| r.as_ref().and_then(|r| r.message.clone()));
    let poll_error = move || remote.with(|r| r.as_ref().and_then(|r| r.poll_error.clone()));
    view! {
        <Show when=move || state.on_snowflake()>
            <section id="snowflake-panel" class="snowflake-panel" aria-label="Snowflake account">
                <RemoteApply state ctl />
                <RemoteFeed state ctl />
                <RemoteCompare state ctl />
                <div class="remote-status" aria-live="polite">
                    {move || busy().map(|b| view! { <p id="remote-busy" class="hint">{b}</p> })}
                    {move || {
                        message()
                            .map(|(ok, m)| {
                                view! {
                                    <p id="remote-message" class=if ok { "ok" } else { "form-error" } role="status">
                                        {m}
                                    </p>
                                }
                            })
                    }}
                    {move || {
                        poll_error()
                            .map(|e| {
                                view! {
                                    <p id="remote-poll-error" class="form-error" role="alert">
                                        "Reading the account failed: " {e}
                                    </p>
                                }
                            })
                    }}
                </div>
            </section>
        </Show>
    }
}
