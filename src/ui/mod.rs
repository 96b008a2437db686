//! The page's components: small and presentational; they render signals from `state`.

pub mod data_table;
pub mod event_log;
pub mod header;
pub mod status_line;
