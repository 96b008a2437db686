//! The workspace tabs: tables, charts, worksheet, pipeline editor and export. Only the open tab is
//! rendered, so closed ones cost nothing while the pipeline runs.

use crate::runner::Controller;
use crate::state::{PipelineState, Tab};
use crate::ui::charts::Charts;
use crate::ui::editor::Editor;
use crate::ui::export::Export;
use crate::ui::grid::Grid;
use crate::ui::worksheet::Worksheet;
use leptos::prelude::*;

#[component]
pub fn Workspace(state: PipelineState, ctl: Controller) -> impl IntoView {
    let select = move |tab: Tab| state.tab.set(tab);
    let on_key = move |ev: leptos::ev::KeyboardEvent| {
        let i = Tab::ALL
            .iter()
            .position(|t| *t == state.tab.get_untracked())
            .unwrap_or(0);
        let next = match ev.key().as_str() {
            "ArrowRight" => (i + 1) % Tab::ALL.len(),
            "ArrowLeft" => (i + Tab::ALL.len() - 1) % Tab::ALL.len(),
            _ => return,
        };
        ev.prevent_default();
        select(Tab::ALL[next]);
        if let Some(el) = document().get_element_by_id(&format!("tab-{}", Tab::ALL[next].key())) {
            use wasm_bindgen::JsCast;
            if let Ok(el) = el.dyn_into::<web_sys::HtmlElement>() {
                let _ = el.focus();
            }
        }
    };
    let tabs = Tab::ALL
        .iter()
        .map(|&tab| {
            let selected = move || state.tab.get() == tab;
            view! {
                <button
                    id=format!("tab-{}", tab.key())
                    type="button"
                    role="tab"
                    aria-selected=move || selected().to_string()
                    aria-controls="tab-panel"
                    tabindex=move || if selected() { "0" } else { "-1" }
                    on:click=move |_| select(tab)
                >
                    {tab.label()}
                </button>
            }
        })
        .collect_view();
    let panel = move || match state.tab.get() {
        Tab::Data => view! { <Grid state ctl /> }.into_any(),
        Tab::Charts => view! { <Charts state /> }.into_any(),
        Tab::Worksheet => view! { <Worksheet state ctl /> }.into_any(),
        Tab::Pipeline => view! { <Editor state ctl /> }.into_any(),
        Tab::Export => view! { <Export state ctl /> }.into_any(),
    };
    view! {
        <section class="workspace">
            <div class="tabs" role="tablist" aria-label="Workspace" on:keydown=on_key>
                {tabs}
            </div>
            <div
                id="tab-panel"
                role="tabpanel"
                aria-labelledby=move || format!("tab-{}", state.tab.get().key())
            >
                {panel}
            </div>
        </section>
    }
}
