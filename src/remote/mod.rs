//! The page's "Snowflake (via proxy)" backend: when the page is served by `snowglobe proxy`, which
//! forwards Snowflake's SQL API v2 to a real account and adds the credential, the page can show that
//! account instead of the engine in the tab. It applies a pipeline into a schema, feeds its bronze
//! table with the seed's generator, reads the account's dynamic tables, histories and rows into the
//! same views the tab's engine fills, stops and cleans up what it created, and compares the account
//! with the tab's engine on the same events. Everything but the proxy's description runs in the
//! engine worker, beside the tab's session, which is paused meanwhile.
//!
//! Pure logic (answers, plans, batches, queries, views, charts, comparisons, copies) is tested
//! natively; `http` and the worker-side modules (`backend`, `actions`, `poll`, `reads`,
//! `comparing`) talk to the proxy.

pub mod actions;
pub mod api;
pub mod backend;
pub mod charts;
pub mod compare;
pub mod comparing;
pub mod copy;
pub mod feed;
pub mod http;
pub mod info;
pub mod plan;
pub mod poll;
pub mod queries;
pub mod reads;
pub mod view;
pub mod views;
