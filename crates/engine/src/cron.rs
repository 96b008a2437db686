//! `SCHEDULE = 'USING CRON <minute> <hour> <day of month> <month> <day of week> <time zone>'`:
//! standard 5-field cron with `*`, lists, ranges, steps and names (JAN–DEC, SUN–SAT; 0 and 7 are
//! Sunday). When both day fields are restricted a time matches either, as in cron.

use chrono::{Datelike, Duration, NaiveDateTime, Timelike};
use serde::{Deserialize, Serialize};

/// A parsed cron expression: the allowed values of each field as bit sets.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Cron {
    /// The expression as written in `SCHEDULE`, for SHOW TASKS and the task's DDL.
    pub text: String,
    minutes: u64,
    hours: u32,
    days: u32,
    months: u16,
    weekdays: u8,
    any_day: bool,
    any_weekday: bool,
}

const MONTHS: [&str; 12] = [
    "JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC",
];
const DAYS: [&str; 7] = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"];

fn value(text: &str, names: &[&str], base: u32) -> Option<u32> {
    text.parse().ok().or_else(|| {
        names
            .iter()
            .position(|n| n.eq_ignore_ascii_case(text))
            .map(|i| i as u32 + base)
    })
}

/// The set of values a field allows, as bits, within `min..=max`.
fn field(text: &str, min: u32, max: u32, names: &[&str], base: u32) -> Result<u64, String> {
    let mut bits = 0u64;
    for part in text.split(',') {
        let (range, step) = match part.split_once('/') {
            Some((r, s)) => (
                r,
                s.parse::<u32>()
                    .map_err(|_| format!("invalid step '{s}'"))?,
            ),
            None => (part, 1),
        };
        if step == 0 {
            return Err("a step of 0".into());
        }
        let (lo, hi) = if range == "*" {
            (min, max)
        } else if let Some((a, b)) = range.split_once('-') {
            let a = value(a, names, base).ok_or(format!("invalid value '{a}'"))?;
            let b = value(b, names, base).ok_or(format!("invalid value '{b}'"))?;
            (a, b)
        } else {
            let v = value(range, names, base).ok_or(format!("invalid value '{range}'"))?;
            (v, if part.contains('/') { max } else { v })
        };
        if lo < min || hi > max || lo > hi {
            return Err(format!("'{part}' is outside {min}-{max}"));
        }
        let mut v = lo;
        while v <= hi {
            bits |= 1 << v;
            v += step;
        }
    }
    Ok(bits)
}

impl Cron {
    /// Parses `<min> <hour> <dom> <month> <dow> <time zone>`; only UTC is supported as the zone.
    pub fn parse(spec: &str) -> Result<Cron, String> {
        let parts: Vec<&str> = spec.split_whitespace().collect();
        let [m, h, dom, mon, dow, tz] = parts.as_slice() else {
            return Err("expected 5 cron fields and a time zone".into());
        };
        if !["UTC", "ETC/UTC", "GMT", "ETC/GMT", "Z"].contains(&tz.to_ascii_uppercase().as_str()) {
            return Err(format!(
                "time zone '{tz}' is not supported; the virtual clock runs in UTC"
            ));
        }
        let mut weekdays = field(dow, 0, 7, &DAYS, 0)? as u8;
        if weekdays & 0x80 != 0 {
            weekdays = (weekdays & 0x7f) | 1;
        }
        Ok(Cron {
            text: format!("{m} {h} {dom} {mon} {dow} {tz}"),
            minutes: field(m, 0, 59, &[], 0)?,
            hours: field(h, 0, 23, &[], 0)? as u32,
            days: field(dom, 1, 31, &[], 0)? as u32,
            months: field(mon, 1, 12, &MONTHS, 1)? as u16,
            weekdays,
            any_day: *dom == "*",
            any_weekday: *dow == "*",
        })
    }

    fn day_matches(&self, t: NaiveDateTime) -> bool {
        let dom = self.days & (1 << t.day()) != 0;
        let dow = self.weekdays & (1 << t.weekday().num_days_from_sunday()) != 0;
        let day = match (self.any_day, self.any_weekday) {
            (true, true) => true,
            (true, false) => dow,
            (false, true) => dom,
            (false, false) => dom || dow,
        };
        day && self.months & (1 << t.month()) != 0
    }

    /// The first matching minute strictly after `t`.
    pub fn next_after(&self, t: NaiveDateTime) -> Option<NaiveDateTime> {
        let mut c = t.with_second(0)?.with_nanosecond(0)? + Duration::minutes(1);
        let limit = t + Duration::days(366 * 5);
        while c <= limit {
            if !self.day_matches(c) {
                c = c.date().and_hms_opt(0, 0, 0)? + Duration::days(1);
            } else if self.hours & (1 << c.hour()) == 0 {
                c = c.with_minute(0)? + Duration::hours(1);
            } else if self.minutes & (1 << c.minute()) == 0 {
                c += Duration::minutes(1);
            } else {
                return Some(c);
            }
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap()
    }

    #[test]
    fn next_times() {
        let c = Cron::parse("0 9 * * MON-FRI UTC").unwrap();
        assert_eq!(
            c.next_after(at("2026-01-16 09:00")),
            Some(at("2026-01-19 09:00"))
        );
        let c = Cron::parse("*/15 * * * * UTC").unwrap();
        assert_eq!(
            c.next_after(at("2026-01-16 09:07")),
            Some(at("2026-01-16 09:15"))
        );
        let c = Cron::parse("30 2 1 * 0 UTC").unwrap();
        assert_eq!(
            c.next_after(at("2026-01-15 00:00")),
            Some(at("2026-01-18 02:30")),
            "Sunday or the 1st"
        );
        let c = Cron::parse("0 0 29 FEB * UTC").unwrap();
        assert_eq!(
            c.next_after(at("2026-01-01 00:00")),
            Some(at("2028-02-29 00:00"))
        );
        assert!(Cron::parse("0 9 * * * America/Los_Angeles").is_err());
        assert!(Cron::parse("61 9 * * * UTC").is_err());
    }
}
