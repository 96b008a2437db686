//! The engine's own thread: the one place statements run, one at a time, and where the clock moves.
//!
//! The engine is a single-threaded value, so it lives on one OS thread and every request sends it a
//! job. Jobs run in arrival order, each whole before the next starts, so concurrent clients never see
//! half a statement. Between jobs the thread moves the virtual clock with the wall clock (`speed`
//! virtual seconds per real second, or not at all on a manual clock), which runs the refreshes and
//! tasks that fall due, and feeds the generator when one is running.
//!
//! An open transaction (`BEGIN`) belongs to the session that opened it: other sessions' jobs wait
//! until it ends, or fail when their wait passes their deadline. A job that panics is answered with
//! an internal error, and the thread goes on.

use snowglobe_engine::{Engine, Generator, SessionContext, SqlError};
use std::collections::VecDeque;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::mpsc::{Receiver, RecvTimeoutError, SyncSender, TrySendError, sync_channel};
use std::time::{Duration, Instant};
use tokio::sync::oneshot;

/// How often the clock moves when no job arrives.
const TICK: Duration = Duration::from_millis(100);

/// A unit of work for the engine, from a session (or none for the server's own work).
struct Job {
    session: Option<u64>,
    deadline: Option<Instant>,
    run: Box<dyn FnOnce(&mut Engine) + Send>,
    expire: Box<dyn FnOnce(SqlError) + Send>,
}

/// How the virtual clock moves.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Clock {
    /// `speed` virtual seconds per real second.
    Wall { speed: f64 },
    /// Still, until a client calls `SYSTEM$ADVANCE_CLOCK`.
    Manual,
}

/// The generator feeding a bronze table inside the server.
pub struct Feed {
    pub generator: Generator,
    pub target: String,
}

/// Why a job could not be handed to the engine.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refused {
    /// The queue is full: the client should retry later (HTTP 429).
    Busy,
    /// The engine thread has stopped.
    Stopped,
}

/// Builds the engine (running the startup scripts) and the generator feed, on the engine thread.
pub type Build = Box<dyn FnOnce() -> Result<(Engine, Option<Feed>), String> + Send>;

/// A handle that sends jobs to the engine thread.
#[derive(Clone)]
pub struct Worker {
    jobs: SyncSender<Job>,
}

impl Worker {
    /// Starts the engine thread, builds the engine there with `build` (the engine stays on its
    /// thread), and returns once it is built, with the context the build left it in.
    pub fn start(
        build: Build,
        clock: Clock,
        queue: usize,
    ) -> Result<(Worker, SessionContext), String> {
        let (jobs, inbox) = sync_channel(queue);
        let (ready, built) = std::sync::mpsc::channel();
        std::thread::Builder::new()
            .name("snowglobe-engine".into())
            .spawn(move || match build() {
                Ok((engine, feed)) => {
                    let _ = ready.send(Ok(engine.session_context()));
                    Runner::new(engine, clock, feed).run(inbox);
                }
                Err(e) => {
                    let _ = ready.send(Err(e));
                }
            })
            .map_err(|e| format!("cannot start the engine thread: {e}"))?;
        let context = built
            .recv()
            .map_err(|_| "the engine thread stopped while starting".to_owned())??;
        Ok((Worker { jobs }, context))
    }

    /// Runs `f` on the engine for `session`, and returns what it returns. A job still waiting at
    /// `deadline` (behind another session's transaction) is answered with a timeout error instead.
    pub async fn call<R: Send + 'static>(
        &self,
        session: Option<u64>,
        deadline: Option<Instant>,
        f: impl FnOnce(&mut Engine) -> Result<R, SqlError> + Send + 'static,
    ) -> Result<Result<R, SqlError>, Refused> {
        let (tx, rx) = oneshot::channel();
        let tx = std::sync::Arc::new(std::sync::Mutex::new(Some(tx)));
        let on_expire = tx.clone();
        let job = Job {
            session,
            deadline,
            run: Box::new(move |engine| {
                let outcome = catch_unwind(AssertUnwindSafe(|| f(engine)))
                    .unwrap_or_else(|_| Err(internal_error()));
                if let Some(tx) = tx.lock().ok().and_then(|mut t| t.take()) {
                    let _ = tx.send(outcome);
                }
            }),
            expire: Box::new(move |error| {
                if let Some(tx) = on_expire.lock().ok().and_then(|mut t| t.take()) {
                    let _ = tx.send(Err(error));
                }
            }),
        };
        match self.jobs.try_send(job) {
            Ok(()) => {}
            Err(TrySendError::Full(_)) => return Err(Refused::Busy),
            Err(TrySendError::Disconnected(_)) => return Err(Refused::Stopped),
        }
        rx.await.map_err(|_| Refused::Stopped)
    }
}

/// The error a client sees when a job panicked: Snowflake's internal error, with no detail.
fn internal_error() -> SqlError {
    SqlError::internal("Internal error while running the statement; it changed nothing.")
}

/// The error of a job that waited for another session's transaction past its deadline.
fn lock_timeout() -> SqlError {
    SqlError::timeout(
        "Statement reached its statement timeout while waiting for another session's open transaction, and was canceled.",
    )
}

struct Runner {
    engine: Engine,
    clock: Clock,
    feed: Option<(Generator, snowglobe_engine::catalog::QName)>,
    feed_target: Option<String>,
    /// The session whose `BEGIN` is open, if any.
    owner: Option<u64>,
    waiting: VecDeque<Job>,
    last_tick: Instant,
    /// Virtual time not yet applied (fractions of a second at slow speeds).
    carry: f64,
}

impl Runner {
    fn new(engine: Engine, clock: Clock, feed: Option<Feed>) -> Runner {
        Runner {
            engine,
            clock,
            feed_target: feed.as_ref().map(|f| f.target.clone()),
            feed: None,
            owner: None,
            waiting: VecDeque::new(),
            last_tick: Instant::now(),
            carry: 0.0,
        }
        .with_feed(feed)
    }

    fn with_feed(mut self, feed: Option<Feed>) -> Runner {
        if let Some(feed) = feed {
            match self.engine.cdc_target(&feed.target) {
                Ok(target) => self.feed = Some((feed.generator, target)),
                Err(e) => crate::log::line(&format!(
                    "generator: cannot feed {}: {}",
                    feed.target, e.message
                )),
            }
        }
        self
    }

    fn run(mut self, inbox: Receiver<Job>) {
        loop {
            match inbox.recv_timeout(TICK) {
                Ok(job) => self.accept(job),
                Err(RecvTimeoutError::Timeout) => {}
                Err(RecvTimeoutError::Disconnected) => return,
            }
            self.tick();
            self.expire_waiting();
        }
    }

    fn accept(&mut self, job: Job) {
        if self.owner.is_some() && self.owner != job.session {
            self.waiting.push_back(job);
            return;
        }
        self.execute(job);
        while self.owner.is_none() {
            let Some(next) = self.waiting.pop_front() else {
                break;
            };
            self.execute(next);
        }
    }

    fn execute(&mut self, job: Job) {
        self.tick();
        (job.run)(&mut self.engine);
        self.owner = if self.engine.in_transaction() {
            self.owner.or(job.session)
        } else {
            None
        };
    }

    fn expire_waiting(&mut self) {
        let now = Instant::now();
        let (expired, kept): (Vec<Job>, Vec<Job>) = self
            .waiting
            .drain(..)
            .partition(|j| j.deadline.is_some_and(|d| d <= now));
        self.waiting = kept.into();
        for job in expired {
            (job.expire)(lock_timeout());
        }
    }

    /// Moves the virtual clock by the real time elapsed since the last tick, times the speed,
    /// feeding the generator's events on the way.
    fn tick(&mut self) {
        let elapsed = self.last_tick.elapsed();
        self.last_tick = Instant::now();
        let Clock::Wall { speed } = self.clock else {
            return;
        };
        self.carry += elapsed.as_secs_f64() * speed;
        let micros = (self.carry * 1e6).floor();
        if micros < 1.0 {
            return;
        }
        self.carry -= micros / 1e6;
        let to = self.engine.now() + chrono::Duration::microseconds(micros as i64);
        if let Some((generator, target)) = self.feed.as_mut() {
            while generator.next_at() <= to {
                self.engine.advance_to(generator.next_at());
                if let Some(event) = generator.step()
                    && let Err(e) = self.engine.apply_event(&event, target)
                {
                    crate::log::line(&format!(
                        "generator: event into {} failed: {}",
                        self.feed_target.as_deref().unwrap_or("?"),
                        e.message
                    ));
                }
            }
        }
        self.engine.advance_to(to);
    }
}
