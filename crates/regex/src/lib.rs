//! The part of `regex` 1.x that GlueSQL (LIKE, ILIKE, POINT parsing) and Leptos's config use,
//! served by `regex-lite`, which has the same API without Unicode tables or literal optimisers.
//!
//! GlueSQL lowercases both sides of ILIKE itself (Unicode-aware) and escapes LIKE patterns, so
//! what regex-lite leaves out — Unicode classes such as `\p{Greek}` and Unicode case folding —
//! is never asked for by the SQL the engine runs. GlueSQL compiles a LIKE pattern for every row it
//! tests, and regex-lite compiles one in a small fraction of the time `regex` takes.

pub use regex_lite::*;
