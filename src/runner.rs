//! The page's side of the session: starts the engine worker (`host`), sends it what the controls
//! and views ask, and turns what it publishes into the page's signals. Nothing here runs SQL, so
//! the page never waits for the engine. It also asks the origin whether a proxy to a Snowflake
//! account served the page, and keeps the page's proxy token (from its URL) for the worker.

use crate::params::scenario_hash;
use crate::protocol::{
    Envelope, Failure, Notice, PageRead, Published, Reply, Request, WorksheetRun, decode, encode,
};
use crate::remote::info::{Token, token_in_query};
use crate::remote::view::{Backend, RemoteRequest};
use crate::scenario::{Scenario, Variant};
use crate::state::{PipelineState, Status};
use crate::views::{LOG_CAPACITY, NodeAction, NodeDetails};
use leptos::prelude::*;
use snowglobe_engine::browse::PageOrder;
use std::collections::HashMap;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use web_sys::{MessageEvent, Worker, WorkerOptions, WorkerType};

/// The worker's script (public/worker.js), next to the page.
const WORKER_SCRIPT: &str = "./worker.js";

type Callback = Box<dyn FnOnce(Reply)>;

/// The link to the worker.
#[derive(Default)]
struct Link {
    worker: Option<Worker>,
    /// Whether the worker takes requests yet; until then they wait in `queue`.
    ready: bool,
    queue: Vec<String>,
    next_id: u64,
    pending: HashMap<u64, Callback>,
    /// A status held back until the replies the page is waiting for have arrived, so that
    /// "ready" means the views show the state it describes.
    held: Option<Status>,
    /// The proxy token the page was opened with.
    token: Option<Token>,
}

/// The page's handle on the session: cheap to copy into event handlers.
#[derive(Clone, Copy)]
pub struct Controller {
    link: StoredValue<Link, LocalStorage>,
    state: PipelineState,
}

/// The URL of the page's own wasm-bindgen module (the worker loads the same one).
fn glue_url() -> Option<String> {
    let document = web_sys::window()?.document()?;
    let link = document
        .query_selector("link[rel=modulepreload][href$='.js']")
        .ok()??;
    Some(link.unchecked_into::<web_sys::HtmlLinkElement>().href())
}

/// Starts the worker and hands it the page's compiled module and its bindings.
fn spawn_worker() -> Result<Worker, String> {
    let glue = glue_url().ok_or("The page's script was not found.")?;
    let options = WorkerOptions::new();
    options.set_type(WorkerType::Module);
    let worker = Worker::new_with_options(WORKER_SCRIPT, &options)
        .map_err(|e| format!("The engine worker could not start: {e:?}"))?;
    let boot = js_sys::Object::new();
    let set = |key: &str, value: &JsValue| js_sys::Reflect::set(&boot, &key.into(), value);
    set("glue", &JsValue::from_str(&glue))
        .and_then(|_| set("module", &wasm_bindgen::module()))
        .and_then(|_| worker.post_message(&boot))
        .map_err(|e| format!("The engine worker could not start: {e:?}"))?;
    Ok(worker)
}

impl Controller {
    pub fn new(state: PipelineState) -> Controller {
        let ctl = Controller {
            link: StoredValue::new_local(Link::default()),
            state,
        };
        match spawn_worker() {
            Ok(worker) => {
                let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |e: MessageEvent| {
                    if let Some(text) = e.data().as_string() {
                        match decode::<Notice>(&text) {
                            Ok(update) => ctl.receive(update),
                            Err(message) => state.fail(message),
                        }
                    }
                });
                worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
                on_message.forget();
                // An error in the worker, or its script failing to load (a plain Event).
                let on_error =
                    Closure::<dyn FnMut(web_sys::Event)>::new(move |e: web_sys::Event| {
                        let reason = js_sys::Reflect::get(&e, &JsValue::from_str("message"))
                            .ok()
                            .and_then(|m| m.as_string())
                            .filter(|m| !m.is_empty())
                            .unwrap_or_else(|| "its script could not be loaded".to_owned());
                        state.fail(format!(
                            "The engine stopped ({reason}). Reload the page to restore the session."
                        ));
                    });
                worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
                on_error.forget();
                ctl.link.update_value(|l| l.worker = Some(worker));
                let save_on_hide =
                    window_event_listener(leptos::ev::pagehide, move |_| ctl.send(Request::Save));
                std::mem::forget(save_on_hide);
                let on_visibility =
                    window_event_listener(leptos::ev::visibilitychange, move |_| {
                        ctl.send(Request::Visible(!document().hidden()));
                    });
                std::mem::forget(on_visibility);
                ctl.find_proxy();
            }
            Err(message) => state.fail(message),
        }
        ctl
    }

    fn post(&self, id: u64, request: Request) {
        let text = encode(&Envelope { id, request });
        self.link.update_value(|l| match (&l.worker, l.ready) {
            (Some(w), true) => {
                let _ = w.post_message(&JsValue::from_str(&text));
            }
            _ => l.queue.push(text),
        });
    }

    fn send(&self, request: Request) {
        self.post(0, request);
    }

    /// Sends a request and calls `then` with its reply.
    fn ask(&self, request: Request, then: impl FnOnce(Reply) + 'static) {
        let id = self
            .link
            .try_update_value(|l| {
                l.next_id += 1;
                l.pending.insert(l.next_id, Box::new(then));
                l.next_id
            })
            .unwrap_or_default();
        self.post(id, request);
    }

    fn receive(&self, update: Notice) {
        let state = self.state;
        match update {
            Notice::Ready => self.link.update_value(|l| {
                l.ready = true;
                if let Some(w) = &l.worker {
                    for text in l.queue.drain(..) {
                        let _ = w.post_message(&JsValue::from_str(&text));
                    }
                }
            }),
            Notice::Status(status) => {
                let waiting = self
                    .link
                    .try_update_value(|l| {
                        let waiting = !l.pending.is_empty();
                        if waiting {
                            l.held = Some(status.clone());
                        }
                        waiting
                    })
                    .unwrap_or(false);
                if !waiting {
                    state.status.set(status);
                }
            }
            Notice::Settings(settings) => state.settings.set(settings),
            Notice::Remote(view) => {
                let leaving = view.is_none() && state.on_snowflake();
                let arriving = view.is_some() && !state.on_snowflake();
                if leaving || arriving {
                    state.selected.set(None);
                    state.nodes.set(Vec::new());
                    state.grid_object.set(None);
                }
                state.remote.set(view.map(|v| *v));
            }
            Notice::Published(published) => self.show(*published),
            Notice::Measured(figures) => state.measured.set(figures),
            Notice::Reply { id, reply } => {
                let callback = self
                    .link
                    .try_update_value(|l| l.pending.remove(&id))
                    .flatten();
                if let Some(callback) = callback {
                    callback(reply);
                }
                let held = self
                    .link
                    .try_update_value(|l| {
                        if l.pending.is_empty() {
                            l.held.take()
                        } else {
                            None
                        }
                    })
                    .flatten();
                if let Some(status) = held {
                    state.status.set(status);
                }
            }
        }
    }

    fn show(&self, p: Published) {
        let state = self.state;
        if state.clock.with_untracked(|c| *c != p.clock) {
            state.clock.set(p.clock);
        }
        if state.events.get_untracked() != p.events {
            state.events.set(p.events);
        }
        if state.pace.get_untracked() != p.pace {
            state.pace.set(p.pace);
        }
        if p.log_reset {
            state.log.set(p.log);
        } else if !p.log.is_empty() {
            state.log.update(|log| {
                log.splice(0..0, p.log);
                log.truncate(LOG_CAPACITY);
            });
        }
        if let Some(nodes) = p.nodes {
            state.nodes.set(nodes);
        }
        if let Some(charts) = p.charts {
            state.charts.set(charts);
        }
        if p.data_changed {
            state.data_version.update(|v| *v += 1);
        }
    }

    /// Asks the origin whether a proxy to a Snowflake account served the page; if so, the page
    /// offers it as a backend.
    fn find_proxy(&self) {
        let token = web_sys::window()
            .and_then(|w| w.location().search().ok())
            .and_then(|search| token_in_query(&search));
        self.link.update_value(|l| l.token = token.clone());
        let state = self.state;
        wasm_bindgen_futures::spawn_local(async move {
            if let Some(info) = crate::remote::http::proxy_info(token.as_ref()).await {
                state.proxy.set(Some(info));
            }
        });
    }

    /// Shows the Snowflake account behind the proxy (true) or the tab's engine again.
    pub fn use_snowflake(&self, snowflake: bool) {
        let backend = match self.state.proxy.get_untracked() {
            Some(info) if snowflake => Backend::Snowflake {
                info,
                token: self.link.with_value(|l| l.token.clone()),
            },
            _ => Backend::Tab,
        };
        self.send(Request::UseBackend(backend));
    }

    /// One of the Snowflake panel's operations.
    pub fn remote(&self, request: RemoteRequest) {
        self.send(Request::Remote(request));
    }

    /// Cancels the worksheet's statement running on the account.
    pub fn cancel_sql(&self) {
        self.send(Request::CancelSql);
    }

    /// Starts the session the URL hash describes, or the saved one.
    pub fn start(&self, hash: String) {
        self.send(Request::Start { hash });
    }

    /// Stops or restarts the clock and the generator.
    pub fn set_paused(&self, paused: bool) {
        self.send(Request::SetPaused(paused));
    }

    /// Virtual seconds per wall-clock second.
    pub fn set_speed(&self, speed: f64) {
        self.send(Request::SetSpeed(speed));
    }

    /// Generator iterations per virtual second (None: the profile's delays).
    pub fn set_rate(&self, rate: Option<f64>) {
        self.send(Request::SetRate(rate));
    }

    /// Starts over with `scenario` (the saved session is replaced).
    pub fn reset(&self, scenario: Scenario) {
        self.state.selected.set(None);
        self.state.grid_object.set(None);
        self.send(Request::Reset(scenario));
    }

    /// Applies an edited pipeline script to the running session; `then` gets what changed, in a
    /// sentence, or the error (nothing changed then).
    pub fn apply_pipeline(
        &self,
        sql: String,
        then: impl FnOnce(Result<String, Failure>) + 'static,
    ) {
        self.ask(Request::ApplyPipeline(sql), move |reply| {
            if let Reply::Applied(outcome) = reply {
                then(outcome);
            }
        });
    }

    /// Runs SQL against the live session.
    pub fn run_sql(&self, sql: String, then: impl FnOnce(WorksheetRun) + 'static) {
        self.ask(Request::RunSql(sql), move |reply| {
            if let Reply::Ran(run) = reply {
                then(run);
            }
        });
    }

    /// The last worksheet result, all of its rows, as CSV.
    pub fn result_csv(&self, then: impl FnOnce(String) + 'static) {
        self.ask(Request::ResultCsv, move |reply| {
            if let Reply::Text(csv) = reply {
                then(csv);
            }
        });
    }

    /// Runs a node's action button; `then` gets the error message, if any.
    pub fn node_action(
        &self,
        id: String,
        action: NodeAction,
        then: impl FnOnce(Result<(), String>) + 'static,
    ) {
        self.ask(Request::NodeAction { id, action }, move |reply| {
            if let Reply::Done(outcome) = reply {
                then(outcome);
            }
        });
    }

    /// One page of an object's rows.
    pub fn page(
        &self,
        id: String,
        order: PageOrder,
        offset: usize,
        limit: usize,
        then: impl FnOnce(PageRead) + 'static,
    ) {
        let request = Request::Page {
            id,
            order,
            offset,
            limit,
        };
        self.ask(request, move |reply| {
            if let Reply::Page(read) = reply {
                then(read);
            }
        });
    }

    pub fn details(&self, id: String, then: impl FnOnce(Option<NodeDetails>) + 'static) {
        self.ask(Request::Details(id), move |reply| {
            if let Reply::Details(details) = reply {
                then(details);
            }
        });
    }

    /// The Snowflake DDL of the pipeline as it is now.
    pub fn export_ddl(&self, then: impl FnOnce(String) + 'static) {
        self.ask(Request::ExportDdl, move |reply| {
            if let Reply::Text(ddl) = reply {
                then(ddl);
            }
        });
    }

    /// The pipeline SQL the session started from.
    pub fn pipeline_sql(&self) -> String {
        self.state.settings.with_untracked(|s| {
            Some(s.pipeline.clone())
                .filter(|p| !p.is_empty())
                .or_else(|| s.scenario.as_ref().map(|s| s.script().to_owned()))
                .or_else(|| Variant::EcommCdc.shipped_sql().map(str::to_owned))
                .unwrap_or_default()
        })
    }

    /// Leaves a link that could not be opened: the URL loses its hash (so a reload does not fail
    /// again) and the default scenario starts (or the saved session, when there is one).
    pub fn start_default(&self) {
        if let Some(w) = web_sys::window() {
            let location = w.location();
            let url = format!(
                "{}{}",
                location.pathname().unwrap_or_default(),
                location.search().unwrap_or_default()
            );
            if let Ok(history) = w.history() {
                let _ = history.replace_state_with_url(&JsValue::NULL, "", Some(&url));
            }
        }
        self.start(String::new());
    }

    /// A hash that opens this scenario elsewhere.
    pub fn share_hash(&self) -> Option<String> {
        self.state.settings.with_untracked(|s| {
            s.scenario.as_ref().map(|scenario| {
                // After an applied edit, the link opens the pipeline as it is now.
                if s.pipeline.is_empty() || s.pipeline == scenario.script() {
                    scenario_hash(scenario, s.speed)
                } else {
                    let edited = Scenario {
                        variant: Variant::Custom,
                        custom_sql: s.pipeline.clone(),
                        ..scenario.clone()
                    };
                    scenario_hash(&edited, s.speed)
                }
            })
        })
    }
}
