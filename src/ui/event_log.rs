//! The event log: the generator's CDC events as the seed script prints them, with refreshes and task
//! runs between them, newest first.

use crate::sim::LogLine;
use leptos::prelude::*;

#[component]
pub fn EventLog(lines: RwSignal<Vec<LogLine>>) -> impl IntoView {
    view! {
        <section class="event-log" aria-labelledby="event-log-title">
            <h2 id="event-log-title">"Event log"</h2>
            <p class="layer-shows">"Latest 100 CDC events, refreshes and task runs, newest first"</p>
            <ol id="event-log">
                <For
                    each=move || lines.get()
                    key=|line| line.seq
                    children=move |line| {
                        view! {
                            <li class=line.kind.class()>
                                <time datetime=line.at.replace(' ', "T")>{line.at.clone()}</time>
                                " "
                                <span class="text">{line.text}</span>
                            </li>
                        }
                    }
                />
            </ol>
        </section>
    }
}
