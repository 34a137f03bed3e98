//! The test suite of `api-error-codes`: every integration test, as one
//! binary with a module per area, so the crate is linked once.

mod alloc_counts;
mod amazon_ads_table;
mod amazon_scraper_table;
mod catalog_docs;
mod catalog_lookup;
mod derive;
mod derive_ui;
mod e2e_http;
mod hygiene;
mod lookup;
mod parse_amazon_ads;
mod parse_amazon_scraper;
mod parse_hostile;
mod parse_sp_api;
mod parse_x_ads;
// Public, so that `unreachable_pub` judges the derive on a public enum.
pub mod pedantic;
mod properties;
mod retry_policy;
mod retry_runners;
mod secrets;
mod sp_api_table;
mod x_ads_table;
