//! The backend switch, offered only when the page was served by a proxy to a Snowflake account:
//! "In this tab" (the engine in the page) or "Snowflake (via proxy)". Switching back shows the
//! tab's session as it was.

use crate::runner::Controller;
use crate::state::PipelineState;
use leptos::prelude::*;

#[component]
pub fn BackendSwitch(state: PipelineState, ctl: Controller) -> impl IntoView {
    let on_snowflake = move || state.on_snowflake();
    view! {
        <Show when=move || state.proxy.with(Option::is_some)>
            <fieldset class="backend-switch" id="backend-switch">
                <legend>"Backend"</legend>
                <label>
                    <input
                        id="backend-tab"
                        type="radio"
                        name="backend"
                        prop:checked=move || !on_snowflake()
                        on:change=move |_| ctl.use_snowflake(false)
                    />
                    " In this tab"
                </label>
                <label>
                    <input
                        id="backend-snowflake"
                        type="radio"
                        name="backend"
                        prop:checked=on_snowflake
                        on:change=move |_| ctl.use_snowflake(true)
                    />
                    " Snowflake (via proxy)"
                </label>
            </fieldset>
        </Show>
    }
}
