//! `snowglobe`: run Snowflake dynamic-table pipelines headless on a virtual clock.

mod alloc;
mod args;
mod bench;
mod proxy;
mod serve;

use args::{BenchKind, Command, ExportArgs, Format, RunArgs};
use clap::Parser;
use snowglobe_engine::feed::Feed;
use snowglobe_engine::{Engine, Generator, NaiveDateTime};
use std::io::Write;
use std::process::ExitCode;
use std::sync::OnceLock;
use std::time::Instant;

#[global_allocator]
static ALLOCATOR: alloc::Counting = alloc::Counting;

fn stopwatch() -> f64 {
    static START: OnceLock<Instant> = OnceLock::new();
    START.get_or_init(Instant::now).elapsed().as_secs_f64() * 1000.0
}

pub(crate) fn default_start() -> NaiveDateTime {
    NaiveDateTime::parse_from_str("2026-01-15 09:00:00", "%Y-%m-%d %H:%M:%S")
        .expect("valid constant")
}

fn export(args: ExportArgs) -> Result<(), String> {
    if args.target.is_some() && !args.feeder {
        return Err("--target applies to --feeder".into());
    }
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
        generator.set_rate(args.rate);
        let mut feed = Feed {
            generator: &mut generator,
            target: &target,
        };
        feed.events(&mut engine, args.events, |_, event, outcome| {
            outcome.map_err(|e| e.to_string())?;
            if let Some(w) = out.as_mut() {
                let line = serde_json::to_string(event).map_err(|e| e.to_string())?;
                writeln!(w, "{line}").map_err(|e| e.to_string())?;
            }
            Ok::<(), String>(())
        })?;
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
        let text = match args.format {
            Format::Csv => result.to_csv(),
            Format::Json => format!("{}\n", result.to_json()),
            Format::Table => result.to_table(),
        };
        stdout
            .write_all(text.as_bytes())
            .map_err(|e| e.to_string())?;
    }
    Ok(())
}

fn main() -> ExitCode {
    let cli = args::Cli::parse();
    let outcome = match cli.command {
        Command::Run(a) => run(a),
        Command::Export(a) => export(a),
        Command::Bench(a) => {
            bench_all(a);
            Ok(())
        }
        Command::Serve(a) => serve::serve(a),
        Command::Proxy(a) => proxy::proxy(a),
    };
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

fn bench_all(args: args::BenchArgs) {
    let sizes = if args.sizes.is_empty() {
        vec![10_000, 100_000, 1_000_000]
    } else {
        args.sizes.clone()
    };
    if matches!(args.what, BenchKind::All | BenchKind::Events) {
        bench::events();
        println!();
    }
    if matches!(args.what, BenchKind::All | BenchKind::Refresh) {
        bench::refresh(&sizes);
        println!();
    }
    let large = if args.sizes.is_empty() {
        vec![100_000, 1_000_000]
    } else {
        sizes
    };
    if matches!(args.what, BenchKind::All | BenchKind::Operators) {
        bench::operators(&large);
        println!();
    }
    if matches!(args.what, BenchKind::All | BenchKind::Windows) {
        bench::windows(&large);
    }
    if args.what == BenchKind::Tab {
        for rows in large {
            let figures = snowglobe_engine::workload::measure(rows, &stopwatch);
            println!(
                "{}",
                serde_json::to_string(&figures).expect("figures serialize")
            );
        }
    }
}
