#![warn(missing_docs)]
//! Snowglobe's engine: Snowflake dynamic tables, views and tasks on GlueSQL, driven by a virtual
//! clock, with a CDC generator that reproduces the seed's `mock_cdc_data.py`.

pub mod aggregate;
pub mod browse;
pub mod catalog;
pub mod cdc;
pub mod cron;
pub mod dialect;
pub mod engine;
pub mod error;
pub mod feed;
pub mod feeder;
pub mod generator;
pub mod glue;
pub mod history;
pub mod info_schema;
pub mod refresh;
pub mod result;
pub mod scalar;
pub mod session;
pub mod store;
pub mod types;
pub mod variant;
pub mod warehouse;
pub mod window;
pub mod workload;

pub use chrono::{Duration, NaiveDate, NaiveDateTime};
pub use engine::{Engine, ObjectChange, Param, PipelineChange, PipelineChanges, StatementOutcome};
pub use error::SqlError;
pub use generator::{CdcEvent, Generator, Op, Profile};
pub use gluesql_core::data::Value;
pub use result::QueryResult;
pub use session::SessionContext;

/// The two pipelines of the seed, verbatim.
pub mod pipelines {
    /// The bronze/silver/gold `ECOMM_CDC` variant (`snowflake_dynamic_tables.sql`).
    pub const ECOMM_CDC: &str = include_str!("../../../sql/ecomm_cdc.sql");
    /// The simpler `Ecomm` variant with DOWNSTREAM lags and a 2-minute task.
    pub const ECOMM: &str = include_str!("../../../sql/ecomm.sql");
}
