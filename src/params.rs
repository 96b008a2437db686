//! The page's settings, read from the URL hash: the scenario
//! (`#variant=ecomm_cdc&seed=7&profile=seed&rate=10&speed=600&start=2026-01-15T09:00:00`, or
//! `variant=custom&sql=...`), `preload=N` events applied before going live, the deterministic
//! test mode `events=N&advance=S`, and `bench=N,M`, which measures the engine in the tab instead.

use crate::scenario::{Scenario, Variant};
use snowglobe_engine::generator::MAX_RATE;
use snowglobe_engine::{Duration, NaiveDateTime, Profile};

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
    /// The pipeline; None when the hash does not say.
    pub variant: Option<Variant>,
    /// The script of a custom pipeline.
    pub sql: Option<String>,
    pub profile: Option<Profile>,
    /// Generator iterations per virtual second (None: the profile's delays).
    pub rate: Option<f64>,
    /// Generator events applied at once before the live run starts.
    pub preload: u64,
    /// Instead of a session, the benchmark's workload at these bronze sizes (`bench=100000,1000000`).
    pub bench: Option<Vec<usize>>,
}

impl Params {
    /// Whether a scenario agrees with everything the hash specifies (so a saved session of it may
    /// be restored rather than started over).
    pub fn matches(&self, s: &Scenario) -> bool {
        fn agrees<T: PartialEq>(wanted: &Option<T>, actual: &T) -> bool {
            wanted.as_ref().is_none_or(|w| w == actual)
        }
        agrees(&self.variant, &s.variant)
            && agrees(&self.sql, &s.custom_sql)
            && agrees(&self.seed, &s.seed)
            && agrees(&self.profile, &s.profile)
            && agrees(&self.start, &s.start)
            && self.rate.is_none_or(|r| s.rate == Some(r))
            && self.fixed.is_none()
    }
}

impl Default for Params {
    fn default() -> Params {
        Params {
            seed: None,
            speed: DEFAULT_SPEED,
            start: None,
            fixed: None,
            variant: None,
            sql: None,
            profile: None,
            rate: None,
            preload: 0,
            bench: None,
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
            "variant" => {
                params.variant = Some(
                    Variant::parse(&value).ok_or_else(|| invalid("ecomm_cdc, ecomm or custom"))?,
                );
            }
            "sql" => params.sql = Some(value),
            "profile" => {
                params.profile =
                    Some(Profile::parse(&value).ok_or_else(|| invalid("seed or classic"))?);
            }
            "rate" => {
                let rate: f64 = value.parse().map_err(|_| invalid("a positive number"))?;
                if !(rate.is_finite() && rate > 0.0 && rate <= MAX_RATE) {
                    return Err(invalid("a positive number up to 1000"));
                }
                params.rate = Some(rate);
            }
            "preload" => {
                params.preload = value
                    .parse::<u64>()
                    .ok()
                    .filter(|n| *n <= MAX_PRELOAD)
                    .ok_or_else(|| invalid("a whole number up to 1000000"))?;
            }
            "bench" => {
                let sizes: Option<Vec<usize>> = value
                    .split(',')
                    .map(|n| {
                        n.trim()
                            .parse::<usize>()
                            .ok()
                            .filter(|n| (1..=1_000_000).contains(n))
                    })
                    .collect();
                params.bench =
                    Some(sizes.ok_or_else(|| {
                        invalid("bronze sizes from 1 to 1000000, comma-separated")
                    })?);
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
    if params.sql.is_some() && params.variant.is_none() {
        params.variant = Some(Variant::Custom);
    }
    if params.variant == Some(Variant::Custom) && params.sql.is_none() {
        return Err("Invalid 'variant' in the URL: 'custom' needs its script in 'sql'.".to_owned());
    }
    if events.is_some() || advance.is_some() {
        params.fixed = Some(FixedRun {
            events: events.unwrap_or(0),
            advance: advance.unwrap_or_else(Duration::zero),
        });
    }
    Ok(params)
}

/// The most events a hash may preload.
pub const MAX_PRELOAD: u64 = 1_000_000;

/// Escapes everything but unreserved characters, so a value survives in a URL hash.
pub fn percent_encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// The hash that opens a scenario on another machine: pipeline (or custom script), seed, profile,
/// rate, clock speed and start.
pub fn scenario_hash(scenario: &Scenario, speed: f64) -> String {
    let mut out = format!("#variant={}", scenario.variant.key());
    if scenario.variant == Variant::Custom {
        out.push_str(&format!("&sql={}", percent_encode(&scenario.custom_sql)));
    }
    out.push_str(&format!(
        "&seed={}&profile={}",
        scenario.seed,
        scenario.profile.name()
    ));
    if let Some(rate) = scenario.rate {
        out.push_str(&format!("&rate={rate}"));
    }
    out.push_str(&format!(
        "&speed={speed}&start={}",
        scenario.start.format("%Y-%m-%dT%H:%M:%S")
    ));
    out
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
    fn scenario_hash_round_trips() {
        let scenario = Scenario {
            variant: Variant::Custom,
            custom_sql: "CREATE TABLE t (x INT);\n-- 100% & more #1".to_owned(),
            seed: 5,
            profile: Profile::Classic,
            rate: Some(2.5),
            start: at("2026-01-15T09:00:00"),
        };
        let p = parse_hash(&scenario_hash(&scenario, 600.0)).unwrap();
        assert_eq!(p.variant, Some(Variant::Custom));
        assert_eq!(p.sql.as_deref(), Some(scenario.custom_sql.as_str()));
        assert_eq!(
            (p.seed, p.speed, p.start),
            (Some(5), 600.0, Some(scenario.start))
        );
        assert_eq!((p.profile, p.rate), (Some(Profile::Classic), Some(2.5)));
    }

    #[test]
    fn a_hash_matches_scenarios_that_agree_with_what_it_names() {
        let scenario = Scenario {
            variant: Variant::EcommCdc,
            custom_sql: String::new(),
            seed: 21,
            profile: Profile::Seed,
            rate: None,
            start: at("2026-01-15T09:00:00"),
        };
        assert!(parse_hash("").unwrap().matches(&scenario));
        assert!(parse_hash("seed=21&speed=600").unwrap().matches(&scenario));
        assert!(!parse_hash("seed=22").unwrap().matches(&scenario));
        assert!(!parse_hash("variant=ecomm").unwrap().matches(&scenario));
        assert!(!parse_hash("seed=21&events=10").unwrap().matches(&scenario));
        assert!(
            parse_hash(&scenario_hash(&scenario, 30.0))
                .unwrap()
                .matches(&scenario)
        );
    }

    #[test]
    fn scenario_values_are_checked() {
        assert!(parse_hash("variant=gold").is_err());
        assert!(parse_hash("variant=custom").is_err());
        assert!(parse_hash("rate=0").is_err());
        assert!(parse_hash("profile=x").is_err());
        assert_eq!(parse_hash("preload=100000").unwrap().preload, 100_000);
        assert_eq!(
            parse_hash("sql=SELECT%201").unwrap().variant,
            Some(Variant::Custom)
        );
    }
}
