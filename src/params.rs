//! The page's settings, read from the URL hash: `#seed=7&speed=600&start=2026-01-15T09:00:00`, and
//! the deterministic test mode `events=N&advance=S`.

use snowglobe_engine::{Duration, NaiveDateTime};

/// Virtual seconds per wall-clock second when the hash does not say.
pub const DEFAULT_SPEED: f64 = 30.0;

/// A deterministic run: exactly `events` generator events as fast as possible, then the clock moves
/// on by `advance`, and the page stops (what `snowglobe run --events N --advance Ss` does).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct FixedRun {
    pub events: u64,
    pub advance: Duration,
}

/// Settings of one run of the page.
#[derive(Debug, Clone, PartialEq)]
pub struct Params {
    /// The generator's seed; None lets the page draw one.
    pub seed: Option<u64>,
    /// Virtual seconds per wall-clock second in live mode.
    pub speed: f64,
    /// The virtual clock's start; None means the current local wall time.
    pub start: Option<NaiveDateTime>,
    /// Set when the hash asks for a deterministic run instead of a live one.
    pub fixed: Option<FixedRun>,
}

impl Default for Params {
    fn default() -> Params {
        Params {
            seed: None,
            speed: DEFAULT_SPEED,
            start: None,
            fixed: None,
        }
    }
}

/// Decodes `%XX` escapes and `+` (as a space) in one hash value.
fn percent_decode(text: &str) -> String {
    let hex = |b: u8| (b as char).to_digit(16);
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'%' if i + 2 < bytes.len() => match (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                (Some(h), Some(l)) => {
                    out.push((h * 16 + l) as u8);
                    i += 2;
                }
                _ => out.push(b'%'),
            },
            b'+' => out.push(b' '),
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Parses `YYYY-MM-DDTHH:MM:SS` (a space instead of `T` is accepted too).
pub fn parse_start(text: &str) -> Option<NaiveDateTime> {
    ["%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M:%S"]
        .iter()
        .find_map(|f| NaiveDateTime::parse_from_str(text.trim(), f).ok())
}

/// Reads the settings from a location hash (with or without its leading `#`). Unknown keys are
/// ignored; a malformed value is an error naming it, so that a typo never runs something else.
pub fn parse_hash(hash: &str) -> Result<Params, String> {
    let mut params = Params::default();
    let mut events = None;
    let mut advance = None;
    for pair in hash.trim_start_matches('#').split('&') {
        if pair.is_empty() {
            continue;
        }
        let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
        let value = percent_decode(value);
        let invalid = |what: &str| format!("Invalid '{key}' in the URL: '{value}' ({what}).");
        match key {
            "seed" => {
                params.seed = Some(value.parse().map_err(|_| invalid("a whole number"))?);
            }
            "speed" => {
                let speed: f64 = value.parse().map_err(|_| invalid("a positive number"))?;
                if !(speed.is_finite() && speed > 0.0) {
                    return Err(invalid("a positive number"));
                }
                params.speed = speed;
            }
            "start" => {
                params.start =
                    Some(parse_start(&value).ok_or_else(|| invalid("YYYY-MM-DDTHH:MM:SS"))?);
            }
            "events" => {
                events = Some(
                    value
                        .parse::<u64>()
                        .map_err(|_| invalid("a whole number"))?,
                );
            }
            "advance" => {
                let seconds: i64 = value
                    .parse()
                    .ok()
                    .filter(|s| *s >= 0)
                    .ok_or_else(|| invalid("whole seconds"))?;
                advance = Some(Duration::seconds(seconds));
            }
            _ => {}
        }
    }
    if events.is_some() || advance.is_some() {
        params.fixed = Some(FixedRun {
            events: events.unwrap_or(0),
            advance: advance.unwrap_or_else(Duration::zero),
        });
    }
    Ok(params)
}

/// The hash that replays a run: the same seed, speed and start.
pub fn replay_hash(seed: u64, speed: f64, start: NaiveDateTime) -> String {
    format!(
        "#seed={seed}&speed={speed}&start={}",
        start.format("%Y-%m-%dT%H:%M:%S")
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> NaiveDateTime {
        parse_start(text).unwrap()
    }

    #[test]
    fn empty_hash_gives_defaults() {
        assert_eq!(parse_hash("").unwrap(), Params::default());
        assert_eq!(parse_hash("#").unwrap(), Params::default());
    }

    #[test]
    fn live_settings() {
        let p = parse_hash("#seed=11&speed=600").unwrap();
        assert_eq!(p.seed, Some(11));
        assert_eq!(p.speed, 600.0);
        assert_eq!(p.fixed, None);
    }

    #[test]
    fn fixed_run_settings() {
        let p = parse_hash("#seed=7&events=300&start=2026-01-15T09:00:00&advance=600").unwrap();
        assert_eq!(p.start, Some(at("2026-01-15 09:00:00")));
        assert_eq!(
            p.fixed,
            Some(FixedRun {
                events: 300,
                advance: Duration::seconds(600)
            })
        );
    }

    #[test]
    fn escaped_start() {
        let p = parse_hash("start=2026-01-15%2009%3A00%3A00").unwrap();
        assert_eq!(p.start, Some(at("2026-01-15T09:00:00")));
    }

    #[test]
    fn malformed_values_are_errors() {
        assert!(parse_hash("seed=x").unwrap_err().contains("'seed'"));
        assert!(parse_hash("speed=0").is_err());
        assert!(parse_hash("speed=-3").is_err());
        assert!(parse_hash("start=yesterday").is_err());
        assert!(parse_hash("advance=-1").is_err());
        assert!(parse_hash("x=1&seed=%").is_err());
    }

    #[test]
    fn replay_hash_round_trips() {
        let start = at("2026-01-15T09:00:00");
        let p = parse_hash(&replay_hash(5, 30.0, start)).unwrap();
        assert_eq!((p.seed, p.speed, p.start), (Some(5), 30.0, Some(start)));
    }
}
