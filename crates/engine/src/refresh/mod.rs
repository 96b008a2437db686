//! Incremental refresh of dynamic tables, below the engine: the plan decided once at CREATE
//! ([`plan`]), the delta query compiled where it can be ([`eval`]), the incremental operators and
//! their laws ([`operator`]), and the state a dynamic table keeps between refreshes
//! ([`incremental`]); and, apart from all of these, what Snowflake would show and accept for a query
//! ([`support`]). The engine's `engine/refresh.rs` drives them at each refresh.

pub mod eval;
pub mod incremental;
pub mod linear;
pub mod operator;
pub mod partitioned;
pub mod plan;
pub mod support;
