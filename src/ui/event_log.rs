//! The event log: the generator's CDC events as the seed script prints them, refreshes, task runs
//! and statements, newest first; filterable by kind and text, saying so when nothing matches.

use crate::state::PipelineState;
use crate::ui::keyed::{KeyedList, element};
use crate::views::{LogKind, LogLine};
use leptos::prelude::*;

#[component]
pub fn EventLog(state: PipelineState) -> impl IntoView {
    let hidden = RwSignal::new(Vec::<LogKind>::new());
    let needle = RwSignal::new(String::new());
    let list = NodeRef::<leptos::html::Ol>::new();
    // Lines are keyed by their contents: numbering starts over when the session is reset.
    let shown = StoredValue::new_local(KeyedList::<LogLine>::default());
    // Why the list is empty, when it is: nothing logged yet, or nothing matching the filters.
    let empty = RwSignal::new(None::<&'static str>);
    Effect::new(move |_| {
        let hidden = hidden.get();
        let needle = needle.get().to_lowercase();
        let visible = state.log.with(|lines| {
            lines
                .iter()
                .filter(|l| !hidden.contains(&l.kind))
                .filter(|l| needle.is_empty() || l.text.to_lowercase().contains(&needle))
                .map(|l| (l.clone(), ()))
                .collect::<Vec<_>>()
        });
        let logged = state.log.with(|lines| !lines.is_empty());
        empty.set(match (visible.is_empty(), logged) {
            (false, _) => None,
            (true, false) => Some("Nothing logged yet."),
            (true, true) => Some("No line matches the filters."),
        });
        let Some(list) = list.get() else {
            return;
        };
        shown.update_value(|shown| {
            shown.sync(
                &list,
                &visible,
                |line, ()| {
                    let li = element("li", line.kind.class(), "");
                    let time = element("time", "", &line.at);
                    let _ = time.set_attribute("datetime", &line.at.replace(' ', "T"));
                    let _ = li.append_child(&time);
                    let _ = li.append_with_str_1(" ");
                    let _ = li.append_child(&element("span", "text", &line.text));
                    li
                },
                |_, _| {},
            )
        });
    });
    let filters = LogKind::ALL
        .iter()
        .map(|&kind| {
            view! {
                <label class=format!("filter {}", kind.class())>
                    <input
                        type="checkbox"
                        data-kind=kind.class()
                        prop:checked=move || !hidden.with(|h| h.contains(&kind))
                        on:change=move |ev| {
                            let on = event_target_checked(&ev);
                            hidden.update(|h| {
                                h.retain(|k| *k != kind);
                                if !on {
                                    h.push(kind);
                                }
                            });
                        }
                    />
                    {kind.label()}
                </label>
            }
        })
        .collect_view();
    view! {
        <section class="event-log" aria-labelledby="event-log-title">
            <h2 id="event-log-title">"Event log"</h2>
            <p class="layer-shows">"Latest CDC events, refreshes, task runs and statements, newest first"</p>
            <fieldset class="log-filters">
                <legend class="visually-hidden">"Show"</legend>
                {filters}
                <label>
                    <span class="visually-hidden">"Filter text"</span>
                    <input
                        id="log-filter"
                        type="search"
                        placeholder="Filter…"
                        prop:value=move || needle.get()
                        on:input=move |ev| needle.set(event_target_value(&ev))
                    />
                </label>
            </fieldset>
            {move || empty.get().map(|why| view! { <p id="log-empty" class="empty" role="status">{why}</p> })}
            <ol id="event-log" node_ref=list></ol>
        </section>
    }
}
