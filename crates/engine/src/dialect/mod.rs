//! The Snowflake SQL front end: statements split, parsed, classified, and rewritten for GlueSQL.

pub mod ast;
pub mod coerce;
pub mod engine_exprs;
pub mod grouping;
pub mod hidden;
pub mod identifiers;
pub mod infer;
pub mod parse;
pub mod rewrite;
pub mod select_forms;
pub mod split;
pub mod walk;
pub mod windows;
