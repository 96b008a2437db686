//! The speed a session actually runs at: how far the virtual clock and the generator got per second
//! of wall-clock time over the last few seconds, next to the speed asked for. The header shows it,
//! so the page never claims a speed that is not happening; when the device cannot keep up, it says
//! what limits it (the CDC events it applies per second against those the generator asks for).

use serde::{Deserialize, Serialize};
use std::collections::VecDeque;

/// The window (ms of wall-clock time) the achieved speed is measured over.
const WINDOW_MS: f64 = 5_000.0;

/// The shortest window that gives a reading (ms): less says more about timer jitter than speed.
const MIN_WINDOW_MS: f64 = 1_000.0;

/// Below this share of the asked speed, the session is behind.
const KEEPS_UP: f64 = 0.9;

/// What the header shows of the pace.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct PaceReading {
    /// Virtual seconds per wall-clock second over the window.
    pub achieved: f64,
    /// The speed asked for.
    pub asked: f64,
    /// CDC events applied per wall-clock second over the window.
    pub events_per_s: f64,
    /// CDC events per wall-clock second the generator asks for at the asked speed (None when the
    /// pipeline has no generator).
    pub asked_events_per_s: Option<f64>,
}

impl PaceReading {
    /// Whether the session runs noticeably slower than asked.
    pub fn behind(&self) -> bool {
        self.achieved < self.asked * KEEPS_UP
    }

    /// The header's figure, e.g. `600×` or `131× of 600×`.
    pub fn text(&self) -> String {
        if self.behind() {
            format!(
                "{}× of {}×",
                speed_text(self.achieved),
                speed_text(self.asked)
            )
        } else {
            format!("{}×", speed_text(self.asked))
        }
    }

    /// Why the session is behind, in a sentence (None when it keeps up).
    pub fn explanation(&self) -> Option<String> {
        if !self.behind() {
            return None;
        }
        let limit = match self.asked_events_per_s {
            Some(asked) if asked > self.events_per_s => format!(
                ": this device applies about {} CDC events a second, and {}× asks the generator \
                 for {}",
                count_text(self.events_per_s),
                speed_text(self.asked),
                count_text(asked)
            ),
            _ => ": the refreshes due take longer than the clock allows".to_owned(),
        };
        Some(format!(
            "The clock runs at {}× instead of the {}× asked{limit}. Lower the clock speed or the \
             CDC event rate to run at the speed asked.",
            speed_text(self.achieved),
            speed_text(self.asked)
        ))
    }
}

/// A speed factor as the page writes it: whole above 10, one decimal below.
fn speed_text(x: f64) -> String {
    if x >= 10.0 {
        format!("{}", x.round() as i64)
    } else {
        format!("{:.1}", x)
    }
}

/// A count with thousands separators, rounded to two significant digits above 1,000.
fn count_text(x: f64) -> String {
    let n = if x >= 1_000.0 {
        let scale = 10f64.powi(x.log10().floor() as i32 - 1);
        ((x / scale).round() * scale) as u64
    } else {
        x.round() as u64
    };
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// Samples of (wall ms, virtual ms, events) over the last [`WINDOW_MS`].
#[derive(Debug, Default)]
pub struct Pace {
    samples: VecDeque<(f64, f64, u64)>,
}

impl Pace {
    /// Records where the session stands at `wall_ms`.
    pub fn note(&mut self, wall_ms: f64, virtual_ms: f64, events: u64) {
        self.samples.push_back((wall_ms, virtual_ms, events));
        while self
            .samples
            .front()
            .is_some_and(|s| wall_ms - s.0 > WINDOW_MS)
        {
            self.samples.pop_front();
        }
    }

    /// Starts measuring again (the speed changed, the session paused or restarted).
    pub fn clear(&mut self) {
        self.samples.clear();
    }

    /// The pace over the window, given the speed and events per virtual second asked for (None
    /// until the window spans [`MIN_WINDOW_MS`]).
    pub fn reading(&self, asked: f64, events_per_virtual_s: Option<f64>) -> Option<PaceReading> {
        let (first, last) = (self.samples.front()?, self.samples.back()?);
        let wall = last.0 - first.0;
        if wall < MIN_WINDOW_MS {
            return None;
        }
        Some(PaceReading {
            achieved: (last.1 - first.1) / wall,
            asked,
            events_per_s: (last.2 - first.2) as f64 * 1_000.0 / wall,
            asked_events_per_s: events_per_virtual_s.map(|r| r * asked),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_session_that_keeps_up_shows_the_asked_speed() {
        let mut pace = Pace::default();
        for i in 0..=20 {
            let wall = f64::from(i) * 250.0;
            pace.note(wall, wall * 600.0, u64::from(i as u32) * 15_000);
        }
        let r = pace.reading(600.0, Some(100.0)).unwrap();
        assert!((r.achieved - 600.0).abs() < 1e-6);
        assert!((r.events_per_s - 60_000.0).abs() < 1e-6);
        assert!(!r.behind());
        assert_eq!(r.text(), "600×");
        assert_eq!(r.explanation(), None);
    }

    #[test]
    fn a_session_behind_says_by_how_much_and_why() {
        let mut pace = Pace::default();
        // 8 seconds at 131× with 4,300 events a second; only the last 5 count.
        for i in 0..=32 {
            let wall = f64::from(i) * 250.0;
            pace.note(wall, wall * 131.0, (wall * 4.3) as u64);
        }
        let r = pace.reading(600.0, Some(100.0)).unwrap();
        assert!((r.achieved - 131.0).abs() < 1e-6, "{r:?}");
        assert!(r.behind());
        assert_eq!(r.text(), "131× of 600×");
        let why = r.explanation().unwrap();
        assert!(
            why.contains("131× instead of the 600× asked")
                && why.contains("about 4,300 CDC events a second")
                && why.contains("for 60,000"),
            "{why}"
        );
    }

    #[test]
    fn no_reading_before_a_second_of_samples() {
        let mut pace = Pace::default();
        pace.note(0.0, 0.0, 0);
        pace.note(900.0, 900.0, 10);
        assert_eq!(pace.reading(1.0, None), None);
        pace.note(1_000.0, 1_000.0, 11);
        assert!(pace.reading(1.0, None).is_some());
        pace.clear();
        assert_eq!(pace.reading(1.0, None), None);
    }

    #[test]
    fn counts_are_rounded_and_grouped() {
        assert_eq!(count_text(4_321.0), "4,300");
        assert_eq!(count_text(61_234.0), "61,000");
        assert_eq!(count_text(987.0), "987");
        assert_eq!(count_text(1_234_567.0), "1,200,000");
        assert_eq!(speed_text(2.46), "2.5");
    }
}
