//! The test suite of `api-error-codes`: every integration test, as one
//! binary with a module per file, so the crate is linked once.
//!
//! Each file belongs to one area, named by its prefix; a fact is asserted in
//! the area that owns it:
//!
//! - `derive_*`: what `#[derive(ApiErrorCode)]` generates, on enums written
//!   here (its impls, hygiene, lints, the generated lookup, the UI cases).
//! - `table_*`: each prebuilt catalog against the fixture that states its
//!   documented table, row by row; the catalog facts (status, kind, retry
//!   advice, links) are owned here.
//! - `parse_*`: what parsing a response adds to the catalog facts: the code
//!   read, the variant chosen, message, items, headers, excerpt, and what
//!   holds for any input.
//! - `retry_*`: the retry policy, the runners, and both end to end over HTTP.
//! - `call_*`: whole calls: transport failures, each client's response
//!   turned into a typed error (reqwest, ureq, `http_body`), the retry
//!   adapters (tower, reqwest-middleware, backon), their `tracing` events
//!   and the `Serialize` of what they end with, end to end against a
//!   server on 127.0.0.1.
//! - `catalog_*`: the `catalog` module and the pages it writes to `docs/`.
//! - `api_paths`: no behaviour, only the public paths; it fails to compile
//!   when one moves (see its top for what to do then).

mod api_paths;

#[cfg(feature = "backon")]
mod call_backon;
#[cfg(feature = "http")]
mod call_http_body;
#[cfg(feature = "reqwest-middleware")]
mod call_middleware;
#[cfg(feature = "reqwest")]
mod call_reqwest;
mod call_serialize;
#[cfg(feature = "tower")]
mod call_tower;
#[cfg(feature = "tracing")]
mod call_tracing;
mod call_transport;
#[cfg(feature = "ureq")]
mod call_ureq;

mod catalog_docs;
mod catalog_lookup;

mod derive_hygiene;
mod derive_impls;
mod derive_lookup;
// Public, so that `unreachable_pub` judges the derive on a public enum.
pub mod derive_pedantic;
mod derive_ui;

mod parse_alloc_counts;
mod parse_amazon_ads;
mod parse_amazon_scraper;
mod parse_hostile;
mod parse_one_path;
mod parse_own_shapes;
mod parse_properties;
mod parse_recorded;
mod parse_secrets;
mod parse_sp_api;
mod parse_x_ads;

mod retry_fleet;
mod retry_http;
mod retry_policy;
mod retry_properties;
mod retry_runners;

mod table_amazon_ads;
mod table_amazon_scraper;
mod table_prebuilt;
mod table_sp_api;
mod table_x_ads;
