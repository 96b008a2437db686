//! The virtual clock and what happens as it moves: dynamic tables refreshed so that their contents
//! are never older than their target lag (upstream first, one data timestamp per refresh wave),
//! and resumed tasks run on their schedules.

use super::Engine;
use crate::catalog::{QName, SchedulingState};
use crate::history::{RefreshState, RefreshTrigger};
use chrono::{Duration, NaiveDateTime};

impl Engine {
    /// When a dynamic table must next refresh to stay within its lag, if it refreshes on its own:
    /// its expected refresh time before the lag runs out, so that the refresh commits within it
    /// (when that time is at most half the lag).
    fn dt_due(&self, q: &QName) -> Option<NaiveDateTime> {
        let dt = self.catalog.dynamic_table(q)?;
        if dt.state != SchedulingState::Active || dt.scheduler_disabled {
            return None;
        }
        let lag = Duration::seconds(self.catalog.effective_lag(q)? as i64);
        let created = self.catalog.objects.get(q)?.created_on;
        let base = dt.data_timestamp.unwrap_or(created);
        // Starting early helps only a refresh that fits in half the lag: one that takes longer
        // would start while the previous one still runs, and is skipped instead.
        let expected = Duration::microseconds((dt.expected_refresh_ms * 1000.0) as i64);
        let lead = if expected <= lag / 2 {
            expected
        } else {
            Duration::zero()
        };
        let due = base + lag - lead;
        Some(match dt.last_failure {
            Some(f) => due.max(f + lag),
            None => due,
        })
    }

    fn task_due(&self) -> Option<(NaiveDateTime, QName)> {
        self.catalog
            .tasks()
            .filter(|(_, t)| t.started)
            .filter_map(|(q, t)| t.next_run.map(|n| (n, q.clone())))
            .min()
    }

    /// The next instant at which something is scheduled, if any.
    pub fn next_due(&self) -> Option<NaiveDateTime> {
        let dts = self
            .catalog
            .dynamic_tables()
            .filter_map(|(q, _)| self.dt_due(q))
            .min();
        let tasks = self.task_due().map(|(t, _)| t);
        match (dts, tasks) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        }
    }

    /// Moves the clock forward to `to`, running every refresh and task that falls due on the way,
    /// each at its own instant. Never moves the clock backwards.
    pub fn advance_to(&mut self, to: NaiveDateTime) {
        while let Some(at) = self.next_due().filter(|t| *t <= to) {
            if at > self.now {
                self.now = at;
            }
            let at = self.now;
            self.refresh_due(at);
            while let Some((when, task)) = self.task_due().filter(|(t, _)| *t <= at) {
                self.run_scheduled_task(&task, when);
            }
        }
        if to > self.now {
            self.now = to;
        }
    }

    /// Moves the clock forward by a duration.
    pub fn advance(&mut self, by: Duration) {
        let to = self.now + by;
        self.advance_to(to);
    }

    fn refresh_due(&mut self, at: NaiveDateTime) {
        let due: Vec<QName> = self
            .catalog
            .dynamic_tables()
            .map(|(q, _)| q.clone())
            .filter(|q| self.dt_due(q).is_some_and(|d| d <= at))
            .collect();
        for q in due {
            if self
                .catalog
                .dynamic_table(&q)
                .and_then(|d| d.data_timestamp)
                == Some(at)
            {
                continue;
            }
            if let Some(end) = self.running_until(&q)
                && end > at
            {
                self.record_skipped(&q, at, end);
                continue;
            }
            let mut wave = self.catalog.upstream_dynamic_tables(&q);
            wave.push(q);
            let mut upstream_failed = None;
            for t in wave {
                if self
                    .catalog
                    .dynamic_table(&t)
                    .and_then(|d| d.data_timestamp)
                    == Some(at)
                {
                    continue;
                }
                if let Some(up) = &upstream_failed {
                    self.record_upstream_failed(&t, at, up);
                    continue;
                }
                match self.refresh(
                    &t,
                    at,
                    RefreshTrigger::Scheduled,
                    super::refresh::Start::Due,
                ) {
                    Ok(r) if r.state == RefreshState::Succeeded => {}
                    _ => upstream_failed = Some(t.clone()),
                }
            }
        }
    }

    /// When the last refresh of a dynamic table ends, on the virtual clock.
    fn running_until(&self, q: &QName) -> Option<NaiveDateTime> {
        self.refresh_history
            .iter()
            .rev()
            .find(|r| &r.table == q && r.state == RefreshState::Succeeded)
            .map(|r| r.refresh_end_time)
    }

    /// A scheduled refresh that finds the previous one still running is SKIPPED; the next attempt
    /// comes one lag later.
    fn record_skipped(&mut self, q: &QName, at: NaiveDateTime, busy_until: NaiveDateTime) {
        let message = format!(
            "Skipped: the previous refresh is still running until {}.",
            busy_until.format("%Y-%m-%d %H:%M:%S%.3f")
        );
        self.record_not_refreshed(q, at, RefreshState::Skipped, message);
    }

    fn record_upstream_failed(&mut self, q: &QName, at: NaiveDateTime, upstream: &QName) {
        let message = format!("Upstream dynamic table '{upstream}' failed to refresh.");
        self.record_not_refreshed(q, at, RefreshState::UpstreamFailed, message);
    }

    /// Records a scheduled refresh that did not run; the next attempt waits one lag.
    fn record_not_refreshed(
        &mut self,
        q: &QName,
        at: NaiveDateTime,
        state: RefreshState,
        message: String,
    ) {
        let lag = self.catalog.effective_lag(q);
        let query_id = self.query_id();
        if let Some(d) = self.catalog.dynamic_table_mut(q) {
            d.last_failure = Some(at);
        }
        self.refresh_history.push(crate::history::RefreshRecord {
            table: q.clone(),
            state,
            state_message: Some(message),
            data_timestamp: at,
            refresh_start_time: at,
            refresh_end_time: at,
            completion_target: None,
            action: crate::history::RefreshAction::NoData,
            trigger: RefreshTrigger::Scheduled,
            inserted: 0,
            deleted: 0,
            duration_ms: 0.0,
            target_lag_sec: lag,
            query_id,
        });
    }

    fn run_scheduled_task(&mut self, q: &QName, when: NaiveDateTime) {
        if let Some(t) = self.catalog.task_mut(q) {
            t.next_run = t.schedule.as_ref().and_then(|s| s.next_after(when));
        }
        self.run_task(q, when, "SCHEDULE");
    }
}
