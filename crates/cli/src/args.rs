//! The command line: `run`, `export`, `bench`, `serve` and `proxy`, with their flags.

use clap::{Args, Parser, Subcommand, ValueEnum};
use snowglobe_engine::generator::MAX_RATE;
use snowglobe_engine::{Duration, NaiveDateTime, Profile};
use std::path::PathBuf;

/// Snowflake dynamic-table pipelines on a virtual clock: run them headless, export their DDL,
/// benchmark the engine, or serve them to Snowflake's clients.
#[derive(Debug, Parser)]
#[command(
    name = "snowglobe",
    version,
    after_help = "Durations: 90s, 10m, 2h, 1d (or '5 minutes')."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Executes the scripts on a virtual clock, applies N generator events to the bronze table
    /// (refreshes and tasks run as their time comes), advances the clock further if asked, then
    /// prints the result of each --query.
    Run(RunArgs),
    /// Prints the Snowflake DDL of the catalog the scripts build.
    Export(ExportArgs),
    /// Measures CDC event apply cost, incremental vs full vs DuckDB refresh of the seed pipeline
    /// at several bronze sizes, and the FULL refresh of window-function dynamic tables against
    /// DuckDB (build with --profile bench; DuckDB via python3).
    Bench(BenchArgs),
    /// Runs the scripts, then serves that engine session to Snowflake's clients — the SQL API v2
    /// and the drivers' protocol (Python connector, JDBC, ODBC, Go, Node, dbt) — on one port,
    /// refreshing dynamic tables and running tasks on the wall clock.
    Serve(ServeArgs),
    /// Serves the page and forwards its statements (and any SQL API v2 client's) to a real
    /// Snowflake account, adding the credential it holds: key-pair JWT, programmatic access token
    /// or OAuth token.
    Proxy(ProxyArgs),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Table,
    Csv,
    Json,
}

#[derive(Debug, Args)]
pub struct RunArgs {
    /// SQL scripts to run, in order.
    #[arg(required = true)]
    pub scripts: Vec<String>,
    /// The generator's random seed.
    #[arg(long, default_value_t = 42)]
    pub seed: u64,
    /// The generator's profile: seed or classic.
    #[arg(long, default_value = "seed", value_parser = parse_profile)]
    pub profile: Profile,
    /// Generator events to apply.
    #[arg(long, default_value_t = 0)]
    pub events: u64,
    /// Generator iterations per virtual second (the page's CDC events menu); without it, the
    /// profile's own pace (one every 1–10 s for seed, 5 s for classic).
    #[arg(long, value_parser = parse_rate)]
    pub rate: Option<f64>,
    /// How far to move the clock after the events.
    #[arg(long, value_parser = parse_duration)]
    pub advance: Option<Duration>,
    /// The virtual clock's start, 'YYYY-MM-DD HH:MM:SS'.
    #[arg(long, default_value = "2026-01-15 09:00:00", value_parser = parse_start)]
    pub start: NaiveDateTime,
    /// A query whose result is printed at the end (repeatable).
    #[arg(long = "query")]
    pub queries: Vec<String>,
    /// How results are printed.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
    /// Writes the applied events as JSON lines.
    #[arg(long)]
    pub events_out: Option<String>,
    /// The bronze table the generator fills.
    #[arg(long, default_value = "raw_orders")]
    pub target: String,
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    /// SQL scripts whose catalog is exported.
    #[arg(required = true)]
    pub scripts: Vec<String>,
    /// Appends a stored procedure and a task that fill the bronze table with mock CDC events on
    /// Snowflake, as the seed's mock_cdc_data.py does.
    #[arg(long)]
    pub feeder: bool,
    /// The bronze table the feeder fills (default raw_orders).
    #[arg(long)]
    pub target: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum BenchKind {
    All,
    Events,
    Refresh,
    Windows,
    Operators,
    /// The workload the page measures in its engine worker (`#bench=…`), as JSON lines, so that
    /// `make measure` sets the tab's figures beside the native ones.
    Tab,
}

#[derive(Debug, Args)]
pub struct BenchArgs {
    /// What to measure.
    #[arg(value_enum, default_value_t = BenchKind::All)]
    pub what: BenchKind,
    /// Bronze sizes, e.g. 10000,100000,1000000.
    #[arg(value_delimiter = ',')]
    pub sizes: Vec<usize>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ClockKind {
    /// The virtual clock follows the wall clock, --speed times faster.
    Wall,
    /// The clock stands still until a client calls SYSTEM$ADVANCE_CLOCK('<n> <unit>').
    Manual,
}

#[derive(Debug, Args)]
pub struct ServeArgs {
    /// SQL scripts to run before serving.
    pub scripts: Vec<String>,
    /// The address to listen on; anything but loopback exposes the engine to the network.
    #[arg(long, default_value = "127.0.0.1")]
    pub host: std::net::IpAddr,
    /// The port; 0 picks a free one (printed at start).
    #[arg(long, default_value_t = 8765)]
    pub port: u16,
    /// Accepts every client without credentials (for local use).
    #[arg(long)]
    pub no_auth: bool,
    /// A PEM public key whose key-pair JWTs are accepted (with --account and --user).
    #[arg(long, requires_all = ["account", "user"])]
    pub jwt_public_key: Vec<PathBuf>,
    /// The account the JWT keys belong to.
    #[arg(long)]
    pub account: Option<String>,
    /// The user the JWT keys belong to.
    #[arg(long)]
    pub user: Option<String>,
    /// A file holding programmatic access / OAuth tokens that are accepted, one per line.
    #[arg(long)]
    pub token_file: Vec<PathBuf>,
    /// Virtual seconds per real second.
    #[arg(long, default_value_t = 1.0)]
    pub speed: f64,
    /// How the virtual clock moves.
    #[arg(long, value_enum, default_value_t = ClockKind::Wall)]
    pub clock: ClockKind,
    /// The virtual clock's start, 'YYYY-MM-DD HH:MM:SS' (default: the wall clock's local time).
    #[arg(long, value_parser = parse_start)]
    pub start: Option<NaiveDateTime>,
    /// Runs the seed's CDC generator into --target as the wall clock moves, at this many events per
    /// virtual second, at most 1,000 (without a value, or 0: the seed script's own 1-10 s delays).
    #[arg(long, num_args = 0..=1, default_missing_value = "0", value_parser = parse_generator)]
    pub generator: Option<f64>,
    /// The generator's random seed.
    #[arg(long, default_value_t = 42)]
    pub seed: u64,
    /// The bronze table the generator fills.
    #[arg(long, default_value = "raw_orders")]
    pub target: String,
    /// The largest request body accepted, in bytes.
    #[arg(long, default_value_t = snowglobe_server::DEFAULT_MAX_BODY)]
    pub max_body: usize,
    /// The longest a request may take, in seconds, body upload included (408 after that).
    #[arg(long, default_value_t = snowglobe_server::DEFAULT_REQUEST_TIMEOUT.as_secs())]
    pub request_timeout: u64,
    /// Requests handled at once (more are answered 429).
    #[arg(long, default_value_t = 512)]
    pub max_concurrent: usize,
    /// Keeps the session in FILE (the scripts' start, then every committed change): a restart with
    /// the same scripts and FILE replays it and resumes where it stopped.
    #[arg(long, value_name = "FILE")]
    pub state: Option<PathBuf>,
    /// Does not log statements.
    #[arg(long)]
    pub quiet: bool,
}

fn parse_profile(text: &str) -> Result<Profile, String> {
    Profile::parse(text).ok_or_else(|| format!("unknown profile '{text}' (seed or classic)"))
}

fn parse_rate(text: &str) -> Result<f64, String> {
    text.parse::<f64>()
        .ok()
        .filter(|r| r.is_finite() && *r > 0.0 && *r <= MAX_RATE)
        .ok_or_else(|| format!("invalid rate '{text}' (a number above 0, at most {MAX_RATE})"))
}

/// `--generator`'s rate: 0 for the seed script's own pace, else as `--rate`.
fn parse_generator(text: &str) -> Result<f64, String> {
    match text.parse::<f64>() {
        Ok(0.0) => Ok(0.0),
        _ => parse_rate(text),
    }
}

fn parse_start(text: &str) -> Result<NaiveDateTime, String> {
    NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M:%S")
        .map_err(|_| format!("invalid start '{text}' (YYYY-MM-DD HH:MM:SS)"))
}

/// Parses `90s`, `10m`, `2h`, `1d`, `5 minutes`.
pub fn parse_duration(text: &str) -> Result<Duration, String> {
    let invalid = || format!("invalid duration '{text}'");
    let t = text.trim();
    let split = t.find(|c: char| !c.is_ascii_digit()).unwrap_or(t.len());
    let n: i64 = t[..split].parse().map_err(|_| invalid())?;
    let unit = t[split..].trim().to_ascii_lowercase();
    let secs = match unit.trim_end_matches('s') {
        "" if unit.is_empty() => 1,
        "" | "sec" | "second" => 1,
        "m" | "min" | "minute" => 60,
        "h" | "hour" => 3_600,
        "d" | "day" => 86_400,
        _ => return Err(invalid()),
    };
    Ok(Duration::seconds(n * secs))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_existing_flag_still_parses() {
        let cli = Cli::try_parse_from([
            "snowglobe",
            "run",
            "a.sql",
            "b.sql",
            "--seed",
            "7",
            "--profile",
            "classic",
            "--events",
            "10",
            "--advance",
            "5 minutes",
            "--start",
            "2026-01-01 00:00:00",
            "--query",
            "select 1",
            "--query",
            "select 2",
            "--format",
            "csv",
            "--events-out",
            "e.jsonl",
            "--target",
            "t",
        ])
        .expect("parses");
        let Command::Run(r) = cli.command else {
            panic!("run expected");
        };
        assert_eq!(r.scripts, ["a.sql", "b.sql"]);
        assert_eq!(r.advance, Some(Duration::seconds(300)));
        assert_eq!(r.queries.len(), 2);
        assert!(
            Cli::try_parse_from(["snowglobe", "export", "a.sql", "--feeder", "--target", "t"])
                .is_ok()
        );
        let bench = Cli::try_parse_from(["snowglobe", "bench", "windows", "100000,1000000"])
            .expect("parses");
        let Command::Bench(b) = bench.command else {
            panic!("bench expected");
        };
        assert_eq!(
            (b.what, b.sizes),
            (BenchKind::Windows, vec![100_000, 1_000_000])
        );
        assert!(Cli::try_parse_from(["snowglobe", "run"]).is_err());
        assert_eq!(parse_duration("90s"), Ok(Duration::seconds(90)));
        assert!(parse_duration("soon").is_err());
    }
}

/// How a token given to the proxy is to be read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum TokenKind {
    /// A programmatic access token.
    Pat,
    /// An OAuth access token.
    Oauth,
}

#[derive(Debug, Args)]
#[command(
    after_help = "Credentials: --private-key (key-pair JWT; an encrypted key's passphrase in \
SNOWFLAKE_PRIVATE_KEY_PASSPHRASE) or --token-file, or else the SNOWFLAKE_TOKEN environment \
variable. The credential stays in this process: it is never sent to the page, logged \
or returned."
)]
pub struct ProxyArgs {
    /// The account identifier (orgname-accountname, or the locator with its region); the proxy
    /// forwards to https://<account>.snowflakecomputing.com.
    #[arg(long, required_unless_present = "url")]
    pub account: Option<String>,
    /// Forwards to this base URL instead of the account's (for tests against `snowglobe serve`).
    #[arg(long)]
    pub url: Option<String>,
    /// The user the credential belongs to (needed for a key pair).
    #[arg(long)]
    pub user: Option<String>,
    /// The user's private key in PEM (PKCS#8, encrypted or not, or PKCS#1): key-pair JWTs.
    #[arg(long)]
    pub private_key: Option<PathBuf>,
    /// A file holding a programmatic access token or an OAuth token (first line).
    #[arg(long)]
    pub token_file: Option<PathBuf>,
    /// What the token is.
    #[arg(long, value_enum, default_value_t = TokenKind::Pat)]
    pub token_type: TokenKind,
    /// The warehouse statements run on where the page names none.
    #[arg(long)]
    pub warehouse: Option<String>,
    /// The default database.
    #[arg(long)]
    pub database: Option<String>,
    /// The default schema.
    #[arg(long)]
    pub schema: Option<String>,
    /// The default role.
    #[arg(long)]
    pub role: Option<String>,
    /// Forwards only SELECT, SHOW, DESCRIBE and EXPLAIN.
    #[arg(long)]
    pub read_only: bool,
    /// The address to listen on; beyond loopback it needs --allow-remote and --access-token-file.
    #[arg(long, default_value = "127.0.0.1")]
    pub listen: std::net::IpAddr,
    /// The port; 0 picks a free one (printed at start).
    #[arg(long, default_value_t = snowglobe_server::proxy::DEFAULT_PORT)]
    pub port: u16,
    /// Allows listening beyond loopback.
    #[arg(long)]
    pub allow_remote: bool,
    /// A file holding the token every request must present (the page gets it from the printed URL).
    #[arg(long)]
    pub access_token_file: Option<PathBuf>,
    /// A name (or address) clients reach the proxy at, besides loopback; repeatable.
    #[arg(long)]
    pub host_name: Vec<String>,
    /// The built page to serve.
    #[arg(long, default_value = "dist")]
    pub site: PathBuf,
    /// Serves no page: only the SQL API.
    #[arg(long, conflicts_with = "site")]
    pub no_site: bool,
    /// The longest a statement may run on the account, in seconds.
    #[arg(long, default_value_t = 600)]
    pub statement_timeout: u64,
    /// The longest the proxy waits for one answer from the account, in seconds.
    #[arg(long, default_value_t = 60)]
    pub upstream_timeout: u64,
    /// The longest a request to the proxy may take, in seconds.
    #[arg(long, default_value_t = 120)]
    pub request_timeout: u64,
    /// The largest request body accepted, in bytes.
    #[arg(long, default_value_t = snowglobe_server::proxy::DEFAULT_MAX_BODY)]
    pub max_body: usize,
    /// Requests handled at once (more are answered 429).
    #[arg(long, default_value_t = 32)]
    pub max_concurrent: usize,
    /// Does not log requests.
    #[arg(long)]
    pub quiet: bool,
}
