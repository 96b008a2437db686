//! The page's components: small and presentational; they render signals from `state` and send
//! what the user does to the `Controller`.

pub mod account_banner;
pub mod backend_switch;
pub mod charts;
pub mod controls;
pub mod dag;
pub mod details;
pub mod editor;
pub mod event_log;
pub mod export;
pub mod grid;
pub mod header;
pub mod keyed;
pub mod remote_apply;
pub mod remote_compare;
pub mod remote_feed;
pub mod result_table;
pub mod snowflake_panel;
pub mod status_line;
pub mod worksheet;
pub mod workspace;
