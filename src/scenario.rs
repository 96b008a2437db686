//! What defines a session, shared by the page and the worker: the pipeline variant and its SQL, the
//! scenario (seed, profile, rate, start) and the journal's steps that replay a session.

use serde::{Deserialize, Serialize};
use snowglobe_engine::{NaiveDateTime, Profile, pipelines};

/// The bronze table the generator writes to.
pub const BRONZE: &str = "raw_orders";

/// Which pipeline SQL the session runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Variant {
    /// The seed's bronze/silver/gold `ECOMM_CDC` variant.
    EcommCdc,
    /// The seed's simpler `Ecomm` variant (DOWNSTREAM lags, a 2-minute task).
    Ecomm,
    /// A script the user wrote.
    Custom,
}

impl Variant {
    pub const ALL: [Variant; 3] = [Variant::EcommCdc, Variant::Ecomm, Variant::Custom];

    /// The name used in URLs and form values.
    pub fn key(self) -> &'static str {
        match self {
            Variant::EcommCdc => "ecomm_cdc",
            Variant::Ecomm => "ecomm",
            Variant::Custom => "custom",
        }
    }

    pub fn parse(text: &str) -> Option<Variant> {
        Variant::ALL.into_iter().find(|v| v.key() == text)
    }

    /// What a menu shows.
    pub fn label(self) -> &'static str {
        match self {
            Variant::EcommCdc => "ECOMM_CDC: bronze, silver, gold with CDC columns",
            Variant::Ecomm => "Ecomm: DOWNSTREAM lags and a 2-minute task",
            Variant::Custom => "Custom SQL",
        }
    }

    /// The shipped script of a seed variant.
    pub fn shipped_sql(self) -> Option<&'static str> {
        match self {
            Variant::EcommCdc => Some(pipelines::ECOMM_CDC),
            Variant::Ecomm => Some(pipelines::ECOMM),
            Variant::Custom => None,
        }
    }
}

/// Everything that defines a session's start: the pipeline, the generator's seed, profile and
/// rate, and the virtual clock's start. Together with the journal it determines the session.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Scenario {
    pub variant: Variant,
    /// The script of a `Custom` variant (ignored otherwise).
    pub custom_sql: String,
    pub seed: u64,
    pub profile: Profile,
    /// Generator iterations per virtual second; None keeps the profile's own delays.
    pub rate: Option<f64>,
    pub start: NaiveDateTime,
}

impl Scenario {
    /// The pipeline SQL this scenario runs.
    pub fn script(&self) -> &str {
        self.variant
            .shipped_sql()
            .unwrap_or(self.custom_sql.as_str())
    }
}

/// One step of a session, in order; replaying a scenario's journal rebuilds the session.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Action {
    /// Exactly this many generator events, each at its own virtual time.
    Events(u64),
    /// The generator and the schedule up to this virtual time.
    AdvanceTo(NaiveDateTime),
    /// A new generator rate from now on.
    Rate(Option<f64>),
    /// A statement that changed something (worksheet, node actions).
    Sql(String),
    /// An edited pipeline script applied to the running session (`Engine::apply_pipeline`).
    Apply(String),
}
