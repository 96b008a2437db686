//! The Snowflake backend in the engine worker: while the page shows a real account, this holds
//! what the page knows of it (the applied plan, the feeder, the views last read, the log) and
//! publishes the same messages the tab's session does (`Published`, replies), so that the graph,
//! details, grids, charts, worksheet and log render the account unchanged; plus the Snowflake
//! panel's own state (`Notice::Remote`). Work that waits for the account runs as tasks on the
//! worker's event loop; a task started before the page switched away finds its generation gone
//! and drops what it brings back.

use crate::browser::{local_now, now_ms};
use crate::host::post;
use crate::protocol::{Notice, Published};
use crate::remote::api::Table;
use crate::remote::feed::{EventCounts, Feeder};
use crate::remote::http::Client;
use crate::remote::info::{ProxyInfo, Token};
use crate::remote::plan::{Created, Plan, Target};
use crate::remote::view::{RemoteRequest, RemoteView};
use crate::state::{RunState, Status};
use crate::views::{ChartData, LOG_CAPACITY, LogBook, LogKind, NodeView, clock_text, event_bars};
use snowglobe_engine::{CdcEvent, NaiveDateTime, Op};
use std::cell::{Cell, RefCell};
use std::collections::{BTreeMap, HashSet};
use std::future::Future;

/// How often the views are read from the account (ms).
pub const POLL_EVERY_MS: f64 = 5_000.0;

/// How often the feeder sends what fell due (ms).
pub const FEED_EVERY_MS: f64 = 2_000.0;

/// The Snowflake side's state in the worker.
pub struct Remote {
    pub generation: u64,
    pub client: Client,
    pub info: ProxyInfo,
    pub view: RemoteView,
    pub plan: Option<Plan>,
    pub created: Created,
    pub feeder: Option<Feeder>,
    /// A feeder batch is on its way.
    pub feeding_now: bool,
    pub next_feed_ms: f64,
    /// A poll is on its way.
    pub polling: bool,
    pub next_poll_ms: f64,
    pub visible: bool,
    log: LogBook,
    /// The newest log line published, and whether the log was published at all.
    log_head_sent: Option<u64>,
    log_sent: bool,
    pub seen_refreshes: HashSet<String>,
    pub seen_runs: HashSet<String>,
    pub nodes: Vec<NodeView>,
    pub charts: ChartData,
    /// The gold table's id and data timestamp when its rows were last read for the charts.
    pub gold_read: Option<(String, Option<String>)>,
    /// Where the lag and duration charts' time axis starts.
    pub chart_start: Option<NaiveDateTime>,
    per_minute: BTreeMap<i64, [u32; 3]>,
    /// The account's clock at the last poll.
    pub clock: String,
    /// The worksheet's last result (for its CSV), and the handle of the script it runs.
    pub last_result: Option<Table>,
    pub worksheet: Option<String>,
}

thread_local! {
    static REMOTE: RefCell<Option<Remote>> = const { RefCell::new(None) };
    static GENERATION: Cell<u64> = const { Cell::new(0) };
}

/// Whether the page shows the account.
pub fn active() -> bool {
    REMOTE.with(|r| r.borrow().is_some())
}

/// Runs `f` on the Snowflake side if it is still the one of `generation`.
pub fn with<T>(generation: u64, f: impl FnOnce(&mut Remote) -> T) -> Option<T> {
    REMOTE.with(|r| {
        r.borrow_mut()
            .as_mut()
            .filter(|r| r.generation == generation)
            .map(f)
    })
}

/// Runs `f` on the Snowflake side, whichever it is.
pub fn with_current<T>(f: impl FnOnce(&mut Remote) -> T) -> Option<T> {
    REMOTE.with(|r| r.borrow_mut().as_mut().map(f))
}

/// Runs a task on the worker's event loop.
pub fn spawn(task: impl Future<Output = ()> + 'static) {
    wasm_bindgen_futures::spawn_local(task);
}

/// Shows the status line.
pub fn status(message: impl Into<String>) {
    post(&Notice::Status(Status {
        state: RunState::Ready,
        message: message.into(),
    }));
}

/// Makes the account the backend.
pub fn activate(info: ProxyInfo, token: Option<Token>) {
    let generation = GENERATION.with(|g| {
        g.set(g.get() + 1);
        g.get()
    });
    let remote = Remote {
        generation,
        client: Client::new(token, &info),
        view: RemoteView::new(info.clone()),
        info,
        plan: None,
        created: Created::default(),
        feeder: None,
        feeding_now: false,
        next_feed_ms: 0.0,
        polling: false,
        next_poll_ms: 0.0,
        visible: true,
        log: LogBook::default(),
        log_head_sent: None,
        log_sent: false,
        seen_refreshes: HashSet::new(),
        seen_runs: HashSet::new(),
        nodes: Vec::new(),
        charts: ChartData::default(),
        gold_read: None,
        chart_start: None,
        per_minute: BTreeMap::new(),
        clock: clock_text(local_now()),
        last_result: None,
        worksheet: None,
    };
    let account = remote.info.name().to_owned();
    REMOTE.with(|r| *r.borrow_mut() = Some(remote));
    with_current(|r| {
        r.log(
            LogKind::Statement,
            format!("Connected to Snowflake account {account} through the proxy."),
        );
        r.show_view();
        r.publish(true, true);
    });
    status(format!(
        "Snowflake: account {account} through the proxy. Apply a pipeline into a schema, or query \
         the account in the SQL worksheet."
    ));
}

/// Goes back to the tab's engine; tasks still on their way find nothing to report to.
pub fn deactivate() {
    REMOTE.with(|r| *r.borrow_mut() = None);
    post(&Notice::Remote(None));
}

/// The page is shown or hidden: views are read only while it is shown.
pub fn set_visible(visible: bool) {
    with_current(|r| {
        r.visible = visible;
        r.view.hidden = !visible;
        if visible {
            r.next_poll_ms = 0.0;
        }
        r.show_view();
    });
}

/// What the page asked of the Snowflake side.
pub fn handle(request: RemoteRequest) {
    if !active() {
        return;
    }
    match request {
        RemoteRequest::Apply {
            database,
            schema,
            script,
        } => crate::remote::actions::apply(&database, &schema, &script),
        RemoteRequest::Feed(rate) => crate::remote::actions::feed(rate),
        RemoteRequest::FeedNow { events, seed } => crate::remote::actions::feed_now(events, seed),
        RemoteRequest::Stop => crate::remote::actions::stop(),
        RemoteRequest::CleanUp => crate::remote::actions::clean_up(),
        RemoteRequest::Compare { events, seed } => crate::remote::comparing::compare(events, seed),
    }
}

/// The worker's timer: reads the views when due, sends what the feeder has due.
pub fn tick() {
    let now = now_ms();
    let (poll, feed) = with_current(|r| {
        let poll = r.plan.is_some() && r.visible && !r.polling && now >= r.next_poll_ms;
        let feed = r.feeder.is_some() && !r.feeding_now && now >= r.next_feed_ms;
        (poll.then_some(r.generation), feed.then_some(r.generation))
    })
    .unwrap_or_default();
    if let Some(generation) = poll {
        crate::remote::poll::start(generation);
    }
    if let Some(generation) = feed {
        crate::remote::actions::feed_due(generation);
    }
}

impl Remote {
    /// The target of the applied pipeline.
    pub fn target(&self) -> Option<Target> {
        self.plan.as_ref().map(|p| p.target.clone())
    }

    /// The context statements run in: the applied pipeline's schema, else the proxy's defaults.
    pub fn context(&self) -> Option<Target> {
        self.target().or_else(|| {
            self.info.database.as_ref().map(|database| Target {
                database: database.clone(),
                schema: self
                    .info
                    .schema
                    .clone()
                    .unwrap_or_else(|| "PUBLIC".to_owned()),
            })
        })
    }

    /// Adds a line to the event log, at the account's time as last read (the wall clock's before
    /// the first read), so that the page's lines and the account's refreshes read in one order.
    pub fn log(&mut self, kind: LogKind, text: String) {
        let at = crate::remote::views::instant(&self.clock).unwrap_or_else(local_now);
        self.log_at(at, kind, text);
    }

    pub fn log_at(&mut self, at: NaiveDateTime, kind: LogKind, text: String) {
        self.log.push(at, kind, text);
    }

    /// Counts events sent, per minute, for the chart.
    pub fn count_sent(&mut self, events: &[CdcEvent], counts: EventCounts) {
        self.view.sent.add(counts);
        for e in events {
            let slot = match e.op {
                Op::Insert => 0,
                Op::Update => 1,
                Op::Delete => 2,
            };
            let minute = e.at.and_utc().timestamp().div_euclid(60);
            self.per_minute.entry(minute).or_default()[slot] += 1;
        }
        (self.charts.events_per_minute, self.charts.minutes_per_bar) = event_bars(&self.per_minute);
    }

    /// Sends the Snowflake panel's state.
    pub fn show_view(&self) {
        post(&Notice::Remote(Some(Box::new(self.view.clone()))));
    }

    /// Sends the views: the clock, counts and new log lines always; the nodes (and a re-read of
    /// the grids and details) when `data`; the charts when `charts`.
    pub fn publish(&mut self, data: bool, charts: bool) {
        let head = self.log.head();
        let log = self
            .log
            .since(self.log_head_sent.filter(|_| self.log_sent), LOG_CAPACITY);
        let published = Published {
            clock: self.clock.clone(),
            events: self.view.sent.total(),
            log,
            log_reset: !self.log_sent,
            nodes: data.then(|| self.nodes.clone()),
            data_changed: data,
            charts: charts.then(|| self.charts.clone()),
            pace: None,
        };
        self.log_sent = true;
        self.log_head_sent = head;
        post(&Notice::Published(Box::new(published)));
    }

    /// Reports an operation's outcome in the panel and the log.
    pub fn finish(&mut self, ok: bool, message: String) {
        self.view.busy = None;
        self.view.message = Some((ok, message.clone()));
        self.log(LogKind::Statement, message);
        self.show_view();
        self.publish(false, false);
    }
}

/// Starts an operation unless another is under way; returns its generation.
pub fn begin(label: &str) -> Option<u64> {
    with_current(|r| {
        if let Some(busy) = &r.view.busy {
            r.view.message = Some((false, format!("Wait: {busy}")));
            r.show_view();
            return None;
        }
        r.view.busy = Some(label.to_owned());
        r.view.message = None;
        r.show_view();
        Some(r.generation)
    })
    .flatten()
}
