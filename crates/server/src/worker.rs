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

use crate::journal::{self, Journal, Saved};
use snowglobe_engine::catalog::QName;
use snowglobe_engine::feed;
use snowglobe_engine::{Engine, Generator, NaiveDateTime, SessionContext, SqlError};
use std::collections::VecDeque;
use std::convert::Infallible;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::PathBuf;
use std::sync::mpsc::{Receiver, RecvTimeoutError, SyncSender, TrySendError, sync_channel};
use std::time::{Duration, Instant};
use tokio::sync::oneshot;

/// How often the clock moves when no job arrives.
const TICK: Duration = Duration::from_millis(100);

/// The most real time one tick spends feeding the generator's events (a refresh that falls due
/// still runs whole). What a tick cannot reach in it is given up: a clock asked to run faster than
/// the engine can feed it runs as fast as it can, and a request waits at most about this long for
/// the clock to catch up.
const TICK_WORK: Duration = Duration::from_millis(200);

/// What a job may touch: the engine, and the state file when the session is kept (`--state`).
pub struct Shell {
    pub engine: Engine,
    pub journal: Option<Journal>,
}

/// The state file to replay and keep writing (`--state`): its path and what it already holds.
pub struct StateFile {
    pub path: PathBuf,
    pub saved: Saved,
}

/// A unit of work for the engine, from a session (or none for the server's own work).
struct Job {
    session: Option<u64>,
    deadline: Option<Instant>,
    run: Box<dyn FnOnce(&mut Shell) + Send>,
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
    /// thread), replays the state file if one is kept, and returns once all that is done, with the
    /// context the build left the engine in and the thread's handle (it ends when every `Worker`
    /// is dropped).
    pub fn start(
        build: Build,
        clock: Clock,
        state: Option<StateFile>,
        queue: usize,
    ) -> Result<(Worker, SessionContext, std::thread::JoinHandle<()>), String> {
        let (jobs, inbox) = sync_channel(queue);
        let (ready, built) = std::sync::mpsc::channel();
        let thread = std::thread::Builder::new()
            .name("snowglobe-engine".into())
            .spawn(move || {
                let started = build().and_then(|(engine, feed)| {
                    let context = engine.session_context();
                    Runner::new(engine, clock, feed, state).map(|r| (r, context))
                });
                match started {
                    Ok((runner, context)) => {
                        let _ = ready.send(Ok(context));
                        runner.run(inbox);
                    }
                    Err(e) => {
                        let _ = ready.send(Err(e));
                    }
                }
            })
            .map_err(|e| format!("cannot start the engine thread: {e}"))?;
        let context = built
            .recv()
            .map_err(|_| "the engine thread stopped while starting".to_owned())??;
        Ok((Worker { jobs }, context, thread))
    }

    /// Runs `f` on the engine for `session`, and returns what it returns. A job still waiting at
    /// `deadline` (behind another session's transaction) is answered with a timeout error instead.
    pub async fn call<R: Send + 'static>(
        &self,
        session: Option<u64>,
        deadline: Option<Instant>,
        f: impl FnOnce(&mut Shell) -> Result<R, SqlError> + Send + 'static,
    ) -> Result<Result<R, SqlError>, Refused> {
        let (tx, rx) = oneshot::channel();
        let tx = std::sync::Arc::new(std::sync::Mutex::new(Some(tx)));
        let on_expire = tx.clone();
        let job = Job {
            session,
            deadline,
            run: Box::new(move |shell| {
                let outcome = catch_unwind(AssertUnwindSafe(|| f(shell)))
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
    SqlError::internal("Internal error while running the statement.")
}

/// The error of a job that waited for another session's transaction past its deadline.
fn lock_timeout() -> SqlError {
    SqlError::timeout(
        "Statement reached its statement timeout while waiting for another session's open transaction, and was canceled.",
    )
}

struct Runner {
    shell: Shell,
    clock: Clock,
    feed: Option<(Generator, QName)>,
    /// The session whose `BEGIN` is open, if any.
    owner: Option<u64>,
    waiting: VecDeque<Job>,
    last_tick: Instant,
    /// Virtual time not yet applied (fractions of a second at slow speeds).
    carry: f64,
}

impl Runner {
    fn new(
        mut engine: Engine,
        clock: Clock,
        feed: Option<Feed>,
        state: Option<StateFile>,
    ) -> Result<Runner, String> {
        let feed = match feed {
            Some(f) => Some((
                f.generator,
                engine
                    .cdc_target(&f.target)
                    .map_err(|e| format!("--generator cannot feed {}: {}", f.target, e.message))?,
            )),
            None => None,
        };
        let mut runner = Runner {
            shell: Shell {
                engine,
                journal: None,
            },
            clock,
            feed,
            owner: None,
            waiting: VecDeque::new(),
            last_tick: Instant::now(),
            carry: 0.0,
        };
        if let Some(state) = state {
            let replayed = state.saved.entries.len();
            for entry in state.saved.entries {
                runner.replay(entry);
            }
            if runner.shell.engine.in_transaction() {
                let _ = runner.shell.engine.execute("ROLLBACK");
            }
            runner.shell.journal = Some(Journal::open(&state.path, &state.saved.scenario)?);
            crate::log::line(&format!(
                "state: replayed {replayed} entries of {}; the clock resumes at {}",
                state.path.display(),
                runner.shell.engine.now().format("%Y-%m-%d %H:%M:%S")
            ));
        }
        runner.last_tick = Instant::now();
        Ok(runner)
    }

    /// Runs one entry of the state file again, at its instant.
    fn replay(&mut self, entry: journal::Entry) {
        match entry {
            journal::Entry::Clock { clock } => self.advance_to(clock, None),
            journal::Entry::Statement {
                at,
                context,
                sql,
                rows,
            } => {
                self.advance_to(at, None);
                let engine = &mut self.shell.engine;
                engine.set_session_context(context);
                if let Err(e) = crate::exec::run_bound(engine, &sql, &rows) {
                    crate::log::line(&format!("state: replaying a statement failed: {}", e.code));
                }
            }
        }
    }

    fn run(mut self, inbox: Receiver<Job>) {
        loop {
            match inbox.recv_timeout(TICK) {
                Ok(job) => self.accept(job),
                Err(RecvTimeoutError::Timeout) => {}
                Err(RecvTimeoutError::Disconnected) => break,
            }
            self.tick();
            self.expire_waiting();
        }
        let now = self.shell.engine.now();
        if let Some(j) = self.shell.journal.as_mut() {
            j.clock(now);
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
        (job.run)(&mut self.shell);
        let open = self.shell.engine.in_transaction();
        if let Some(j) = self.shell.journal.as_mut() {
            j.settle(open);
        }
        self.owner = if open {
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

    /// Moves the virtual clock by the real time elapsed since the last tick, times the speed.
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
        let to = self.shell.engine.now() + chrono::Duration::microseconds(micros as i64);
        self.advance_to(to, Some(Instant::now() + TICK_WORK));
    }

    /// Moves the clock to `to`, feeding the generator's events on the way (the scheduler runs
    /// what falls due between them); past `deadline`, the clock stays where the events reached.
    fn advance_to(&mut self, to: NaiveDateTime, deadline: Option<Instant>) {
        let engine = &mut self.shell.engine;
        if let Some((generator, target)) = self.feed.as_mut() {
            let mut feed = feed::Feed { generator, target };
            let Ok(_) = feed.run_until(
                engine,
                to,
                |_, _, _| deadline.filter(|d| Instant::now() >= *d),
                |_, _, outcome| {
                    if let Err(e) = outcome {
                        crate::log::line(&format!(
                            "generator: an event into {} failed: {}",
                            target.name, e.message
                        ));
                    }
                    Ok::<(), Infallible>(())
                },
            );
        } else {
            engine.advance_to(to);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use snowglobe_engine::{Profile, pipelines};

    #[test]
    fn a_tick_gives_up_the_virtual_time_its_work_budget_cannot_feed() {
        let start = snowglobe_engine::workload::start();
        let mut engine = Engine::new(start);
        engine.execute_script(pipelines::ECOMM_CDC).unwrap();
        let mut generator = Generator::new(1, Profile::Seed, start);
        generator.set_rate(Some(1000.0));
        let feed = Feed {
            generator,
            target: "raw_orders".to_owned(),
        };
        let mut runner =
            Runner::new(engine, Clock::Wall { speed: 3600.0 }, Some(feed), None).expect("a runner");
        // Two virtual minutes behind at 1,000 events a virtual second: 120,000 events due, far
        // more than a tick's budget feeds (a few thousand in a debug build).
        runner.carry = 120.0;
        runner.tick();
        let reached = runner.shell.engine.now() - start;
        assert!(reached > chrono::Duration::zero(), "{reached}");
        assert!(reached < chrono::Duration::minutes(1), "{reached}");
        assert!(runner.carry < 1.0, "the rest is given up: {}", runner.carry);
    }
}
