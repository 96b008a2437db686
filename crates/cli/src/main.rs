//! `snowglobe`: run Snowflake dynamic-table pipelines headless on a virtual clock.

mod alloc;
mod bench;

use snowglobe_engine::{Duration, Engine, Generator, NaiveDateTime, Profile};
use std::io::Write;
use std::process::ExitCode;
use std::sync::OnceLock;
use std::time::Instant;

const USAGE: &str = "\
Usage:
  snowglobe run <script.sql>... [--seed N] [--profile seed|classic] [--events N] [--advance <duration>]
                [--start 'YYYY-MM-DD HH:MM:SS'] [--query <sql>]... [--format table|csv|json]
                [--events-out <file.jsonl>] [--target <table>]
  snowglobe export <script.sql>... [--feeder [--target <table>]]
  snowglobe bench [events|refresh|windows|all] [sizes, e.g. 10000,100000,1000000]

run:    executes the scripts on a virtual clock, applies N generator events to the bronze table
        (refreshes and tasks run as their time comes), advances the clock further if asked, then
        prints the result of each --query.
export: prints the Snowflake DDL of the catalog the scripts build. --feeder appends a stored
        procedure and a task that fill the bronze table (--target, default raw_orders) with mock
        CDC events on Snowflake, as the seed's mock_cdc_data.py does.
bench:  measures CDC event apply cost, incremental vs full vs DuckDB refresh of the seed
        pipeline at several bronze sizes, and the FULL refresh of window-function dynamic tables
        against DuckDB (build with --profile bench; DuckDB via python3).

Durations: 90s, 10m, 2h, 1d (or '5 minutes').";

#[global_allocator]
static ALLOCATOR: alloc::Counting = alloc::Counting;

fn stopwatch() -> f64 {
    static START: OnceLock<Instant> = OnceLock::new();
    START.get_or_init(Instant::now).elapsed().as_secs_f64() * 1000.0
}

#[derive(Debug)]
struct RunArgs {
    scripts: Vec<String>,
    seed: u64,
    profile: Profile,
    events: u64,
    advance: Option<Duration>,
    start: NaiveDateTime,
    queries: Vec<String>,
    format: String,
    events_out: Option<String>,
    target: String,
}

/// Parses `90s`, `10m`, `2h`, `1d`, `5 minutes`.
fn parse_duration(text: &str) -> Option<Duration> {
    let t = text.trim();
    let split = t.find(|c: char| !c.is_ascii_digit()).unwrap_or(t.len());
    let n: i64 = t[..split].parse().ok()?;
    let unit = t[split..].trim().to_ascii_lowercase();
    let secs = match unit.trim_end_matches('s') {
        "" if unit.is_empty() => 1,
        "" | "sec" | "second" => 1,
        "m" | "min" | "minute" => 60,
        "h" | "hour" => 3_600,
        "d" | "day" => 86_400,
        _ => return None,
    };
    Some(Duration::seconds(n * secs))
}

pub(crate) fn default_start() -> NaiveDateTime {
    NaiveDateTime::parse_from_str("2026-01-15 09:00:00", "%Y-%m-%d %H:%M:%S")
        .expect("valid constant")
}

fn parse_run(args: &[String]) -> Result<RunArgs, String> {
    let mut r = RunArgs {
        scripts: vec![],
        seed: 42,
        profile: Profile::Seed,
        events: 0,
        advance: None,
        start: default_start(),
        queries: vec![],
        format: "table".into(),
        events_out: None,
        target: "raw_orders".into(),
    };
    let mut it = args.iter();
    while let Some(a) = it.next() {
        let mut value = |name: &str| {
            it.next()
                .cloned()
                .ok_or_else(|| format!("{name} needs a value"))
        };
        match a.as_str() {
            "--seed" => {
                r.seed = value("--seed")?
                    .parse()
                    .map_err(|_| "--seed takes a whole number".to_owned())?
            }
            "--profile" => {
                let v = value("--profile")?;
                r.profile = Profile::parse(&v)
                    .ok_or_else(|| format!("unknown profile '{v}' (seed or classic)"))?;
            }
            "--events" => {
                r.events = value("--events")?
                    .parse()
                    .map_err(|_| "--events takes a whole number".to_owned())?
            }
            "--advance" => {
                let v = value("--advance")?;
                r.advance =
                    Some(parse_duration(&v).ok_or_else(|| format!("invalid duration '{v}'"))?);
            }
            "--start" => {
                let v = value("--start")?;
                r.start = NaiveDateTime::parse_from_str(&v, "%Y-%m-%d %H:%M:%S")
                    .map_err(|_| format!("invalid --start '{v}' (YYYY-MM-DD HH:MM:SS)"))?;
            }
            "--query" => r.queries.push(value("--query")?),
            "--format" => {
                let v = value("--format")?;
                if !["table", "csv", "json"].contains(&v.as_str()) {
                    return Err(format!("unknown format '{v}' (table, csv or json)"));
                }
                r.format = v;
            }
            "--events-out" => r.events_out = Some(value("--events-out")?),
            "--target" => r.target = value("--target")?,
            s if s.starts_with("--") => return Err(format!("unknown option '{s}'")),
            s => r.scripts.push(s.to_owned()),
        }
    }
    if r.scripts.is_empty() {
        return Err("name at least one script".into());
    }
    Ok(r)
}

/// What `export` prints: the DDL of the scripts' catalog, and the feeder of a bronze table if asked.
#[derive(Debug)]
struct ExportArgs {
    scripts: Vec<String>,
    feeder: bool,
    target: Option<String>,
}

fn parse_export(args: &[String]) -> Result<ExportArgs, String> {
    let mut e = ExportArgs {
        scripts: vec![],
        feeder: false,
        target: None,
    };
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--feeder" => e.feeder = true,
            "--target" => {
                e.target = Some(
                    it.next()
                        .cloned()
                        .ok_or_else(|| "--target needs a value".to_owned())?,
                )
            }
            s if s.starts_with("--") => return Err(format!("unknown option '{s}'")),
            s => e.scripts.push(s.to_owned()),
        }
    }
    if e.scripts.is_empty() {
        return Err(format!("name at least one script\n\n{USAGE}"));
    }
    if e.target.is_some() && !e.feeder {
        return Err("--target applies to --feeder".into());
    }
    Ok(e)
}

fn export(args: ExportArgs) -> Result<(), String> {
    let mut engine = Engine::new(default_start());
    load_scripts(&mut engine, &args.scripts)?;
    let ddl = if args.feeder {
        let target = args.target.as_deref().unwrap_or("raw_orders");
        engine
            .export_ddl_with_feeder(target)
            .map_err(|e| e.to_string())?
    } else {
        engine.export_ddl()
    };
    print!("{ddl}");
    Ok(())
}

fn load_scripts(engine: &mut Engine, scripts: &[String]) -> Result<(), String> {
    for path in scripts {
        let text = std::fs::read_to_string(path).map_err(|e| format!("{path}: {e}"))?;
        engine
            .execute_script(&text)
            .map_err(|e| format!("{path}: {e}"))?;
    }
    Ok(())
}

fn run(args: RunArgs) -> Result<(), String> {
    let mut engine = Engine::new(args.start);
    engine.set_stopwatch(stopwatch);
    load_scripts(&mut engine, &args.scripts)?;
    let mut out = match &args.events_out {
        Some(p) => Some(std::io::BufWriter::new(
            std::fs::File::create(p).map_err(|e| format!("{p}: {e}"))?,
        )),
        None => None,
    };
    if args.events > 0 {
        let target = engine.cdc_target(&args.target).map_err(|e| e.to_string())?;
        let mut generator = Generator::new(args.seed, args.profile, engine.now());
        let mut applied = 0;
        while applied < args.events {
            engine.advance_to(generator.next_at());
            if let Some(event) = generator.step() {
                engine
                    .apply_event(&event, &target)
                    .map_err(|e| e.to_string())?;
                applied += 1;
                if let Some(w) = out.as_mut() {
                    let line = serde_json::to_string(&event).map_err(|e| e.to_string())?;
                    writeln!(w, "{line}").map_err(|e| e.to_string())?;
                }
            }
        }
    }
    if let Some(w) = out.as_mut() {
        w.flush().map_err(|e| e.to_string())?;
    }
    if let Some(d) = args.advance {
        engine.advance(d);
    }
    let stdout = std::io::stdout();
    let mut stdout = stdout.lock();
    for q in &args.queries {
        let result = engine.execute(q).map_err(|e| e.to_string())?;
        let text = match args.format.as_str() {
            "csv" => result.to_csv(),
            "json" => format!("{}\n", result.to_json()),
            _ => result.to_table(),
        };
        stdout
            .write_all(text.as_bytes())
            .map_err(|e| e.to_string())?;
    }
    Ok(())
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let outcome = match args.first().map(String::as_str) {
        Some("run") => parse_run(&args[1..]).and_then(run),
        Some("export") => parse_export(&args[1..]).and_then(export),
        Some("bench") => {
            let what = args.get(1).map(String::as_str).unwrap_or("all");
            let sizes: Vec<usize> = match args.get(2) {
                Some(list) => list
                    .split(',')
                    .filter_map(|n| n.trim().parse().ok())
                    .collect(),
                None => vec![10_000, 100_000, 1_000_000],
            };
            if matches!(what, "all" | "events") {
                bench::events();
                println!();
            }
            if matches!(what, "all" | "refresh") {
                bench::refresh(&sizes);
                println!();
            }
            if matches!(what, "all" | "windows") {
                let sizes: Vec<usize> = match args.get(2) {
                    Some(_) => sizes,
                    None => vec![100_000, 1_000_000],
                };
                bench::windows(&sizes);
            }
            Ok(())
        }
        Some("-h" | "--help" | "help") => {
            println!("{USAGE}");
            Ok(())
        }
        _ => Err(format!("expected a command\n\n{USAGE}")),
    };
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}
