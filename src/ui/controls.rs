//! The control bar: run or pause, clock speed, generator rate, and the scenario (pipeline, seed,
//! profile) that "Start over" begins; plus the shareable link.

use crate::browser::{copy_to_clipboard, page_url_without_hash};
use crate::remote::info::without_token;
use crate::runner::Controller;
use crate::scenario::{Scenario, Variant};
use crate::state::PipelineState;
use leptos::prelude::*;
use snowglobe_engine::Profile;

/// Clock speeds offered (virtual seconds per wall second).
const SPEEDS: [f64; 7] = [1.0, 10.0, 30.0, 60.0, 300.0, 600.0, 3600.0];

/// Generator rates offered (iterations per virtual second); "seed" keeps the profile's delays.
const RATES: [f64; 5] = [1.0, 5.0, 20.0, 100.0, 500.0];

fn speed_label(speed: f64) -> String {
    let amount = |x: f64| {
        if x.fract() == 0.0 {
            format!("{x}")
        } else {
            format!("{x:.1}")
        }
    };
    match speed {
        s if s >= 3600.0 => format!("{s}× ({} h per s)", amount(s / 3600.0)),
        s if s >= 60.0 => format!("{s}× ({} min per s)", amount(s / 60.0)),
        s => format!("{s}×"),
    }
}

/// The values a menu offers, with the current one (from a link, say) among them.
fn offered(values: &[f64], current: Option<f64>) -> Vec<f64> {
    let mut out = values.to_vec();
    if let Some(c) = current.filter(|c| !values.contains(c)) {
        out.push(c);
        out.sort_by(f64::total_cmp);
    }
    out
}

#[component]
pub fn Controls(state: PipelineState, ctl: Controller) -> impl IntoView {
    let settings = state.settings;
    let scenario = move || settings.with(|s| s.scenario.clone());
    let disabled =
        move || state.on_snowflake() || settings.with(|s| s.fixed || s.scenario.is_none());
    let paused = move || settings.with(|s| s.paused);
    let variant = RwSignal::new(Variant::EcommCdc);
    let seed = RwSignal::new(String::new());
    let profile = RwSignal::new(Profile::Seed);
    let form_error = RwSignal::new(None::<String>);
    let share = RwSignal::new(None::<String>);
    // The form follows the running scenario whenever it changes.
    Effect::new(move |_| {
        if let Some(s) = scenario() {
            variant.set(s.variant);
            seed.set(s.seed.to_string());
            profile.set(s.profile);
        }
    });
    let start_over = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Ok(seed_value) = seed.get_untracked().trim().parse::<u64>() else {
            form_error.set(Some("The seed must be a whole number.".to_owned()));
            return;
        };
        form_error.set(None);
        let current = scenario().unwrap_or_else(|| Scenario {
            variant: Variant::EcommCdc,
            custom_sql: String::new(),
            seed: seed_value,
            profile: Profile::Seed,
            rate: None,
            start: crate::browser::local_now(),
        });
        let chosen = variant.get_untracked();
        if chosen == Variant::Custom && current.custom_sql.is_empty() {
            form_error.set(Some(
                "Write a custom pipeline in the Pipeline SQL tab and apply it.".to_owned(),
            ));
            return;
        }
        share.set(None);
        // A pipeline edited and applied in this session is what starts over, unless another
        // pipeline was chosen.
        let pipeline = settings.with_untracked(|s| s.pipeline.clone());
        let (chosen, custom_sql) =
            if chosen == current.variant && !pipeline.is_empty() && pipeline != current.script() {
                (Variant::Custom, pipeline)
            } else {
                (chosen, current.custom_sql.clone())
            };
        ctl.reset(Scenario {
            variant: chosen,
            custom_sql,
            seed: seed_value,
            profile: profile.get_untracked(),
            start: crate::browser::local_now(),
            ..current
        });
    };
    let on_share = move |_| {
        if let Some(hash) = ctl.share_hash() {
            let link = without_token(&format!("{}{hash}", page_url_without_hash()));
            copy_to_clipboard(&link);
            share.set(Some(link));
        }
    };
    let rate_value = move || {
        settings.with(|s| {
            s.scenario
                .as_ref()
                .and_then(|sc| sc.rate)
                .map_or_else(|| "seed".to_owned(), |r| r.to_string())
        })
    };
    view! {
        <section class="controls" aria-label="Simulation controls">
            <div class="control-group">
                <button
                    id="play"
                    type="button"
                    class="primary"
                    aria-pressed=move || (!paused()).to_string()
                    disabled=disabled
                    on:click=move |_| ctl.set_paused(!paused())
                >
                    {move || if paused() { "▶ Run" } else { "❚❚ Pause" }}
                </button>
                <label>
                    "Clock speed "
                    <select
                        id="speed"
                        disabled=disabled
                        prop:value=move || settings.with(|s| s.speed.to_string())
                        on:change=move |ev| {
                            if let Ok(s) = event_target_value(&ev).parse::<f64>() {
                                ctl.set_speed(s);
                            }
                        }
                    >
                        {move || {
                            offered(&SPEEDS, Some(settings.with(|s| s.speed)))
                                .into_iter()
                                .map(|s| view! { <option value=s.to_string()>{speed_label(s)}</option> })
                                .collect_view()
                        }}
                    </select>
                </label>
                <label>
                    "CDC events "
                    <select
                        id="rate"
                        disabled=move || disabled() || !settings.with(|s| s.has_generator)
                        prop:value=rate_value
                        on:change=move |ev| {
                            let v = event_target_value(&ev);
                            ctl.set_rate(v.parse::<f64>().ok());
                        }
                    >
                        <option value="seed">"seed pace (every 1–10 s)"</option>
                        {move || {
                            let current = settings.with(|s| s.scenario.as_ref().and_then(|sc| sc.rate));
                            offered(&RATES, current)
                                .into_iter()
                                .map(|r| {
                                    view! { <option value=r.to_string()>{format!("{r} per second")}</option> }
                                })
                                .collect_view()
                        }}
                    </select>
                </label>
            </div>
            <form class="control-group scenario" on:submit=start_over>
                <label>
                    "Pipeline "
                    <select
                        id="variant"
                        prop:value=move || variant.get().key()
                        on:change=move |ev| {
                            if let Some(v) = Variant::parse(&event_target_value(&ev)) {
                                variant.set(v);
                            }
                        }
                    >
                        {Variant::ALL
                            .iter()
                            .map(|v| view! { <option value=v.key()>{v.label()}</option> })
                            .collect_view()}
                    </select>
                </label>
                <label>
                    "Seed "
                    <input
                        id="seed"
                        type="number"
                        min="0"
                        inputmode="numeric"
                        prop:value=move || seed.get()
                        on:input=move |ev| seed.set(event_target_value(&ev))
                    />
                </label>
                <label>
                    "Profile "
                    <select
                        id="profile"
                        prop:value=move || profile.get().name()
                        on:change=move |ev| {
                            if let Some(p) = Profile::parse(&event_target_value(&ev)) {
                                profile.set(p);
                            }
                        }
                    >
                        <option value="seed">"seed: inserts, updates, deletes"</option>
                        <option value="classic">"classic: inserts only"</option>
                    </select>
                </label>
                <button
                    id="reset"
                    type="submit"
                    title="Start a new session with these settings"
                    disabled=move || state.on_snowflake()
                >
                    "Start over"
                </button>
                <button id="share" type="button" on:click=on_share disabled=disabled>
                    "Share link"
                </button>
            </form>
            <Show when=move || state.on_snowflake()>
                <p id="speed-note" class="hint">
                    "The virtual clock does not apply to a real account: Snowflake refreshes on its "
                    "own clock, so run, pause and speed are off. This tab's session is paused and "
                    "comes back as it was."
                </p>
            </Show>
            {move || {
                form_error.get().map(|m| view! { <p class="form-error" role="alert">{m}</p> })
            }}
            {move || {
                share
                    .get()
                    .map(|link| {
                        view! {
                            <p class="share">
                                <label>
                                    "Link to this scenario (copied) "
                                    <input id="share-link" type="text" readonly prop:value=link />
                                </label>
                            </p>
                        }
                    })
            }}
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_speed_from_a_link_is_offered_and_labelled() {
        assert_eq!(speed_label(5_000.0), "5000× (1.4 h per s)");
        assert_eq!(speed_label(3_600.0), "3600× (1 h per s)");
        assert_eq!(speed_label(90.0), "90× (1.5 min per s)");
        assert_eq!(offered(&SPEEDS, Some(600.0)), SPEEDS.to_vec());
        let with = offered(&SPEEDS, Some(5_000.0));
        assert_eq!(with.len(), SPEEDS.len() + 1);
        assert_eq!(with.last(), Some(&5_000.0));
    }
}
