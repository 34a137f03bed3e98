//! The catalogs this crate ships: the one file of the catalog module that
//! names the APIs.

use super::{Catalog, CodeInfo};
use crate::amazon_ads::AmazonAdsErrorCode;
use crate::amazon_scraper::AmazonScraperErrorCode;
use crate::login_with_amazon::LwaErrorCode;
use crate::sp_api::{SpApiErrorCode, SpApiOAuthErrorCode};
use crate::x_ads::XAdsErrorCode;

/// The catalogs this crate ships, in the order tools list them. Each `name`
/// is what `cargo run --example explain -- NAME` takes and what
/// `docs/catalogs/NAME.md` is called.
pub const PREBUILT: &[Catalog] = &[
    Catalog::of::<XAdsErrorCode>("x-ads", "X Ads API"),
    Catalog::of::<AmazonScraperErrorCode>("amazon-scraper", "Amazon Scraper API"),
    Catalog::of::<AmazonAdsErrorCode>("amazon-ads", "Amazon Ads API"),
    Catalog::of::<SpApiErrorCode>("sp-api", "Amazon Selling Partner API"),
    Catalog::of::<LwaErrorCode>("login-with-amazon", "Login with Amazon token endpoint"),
    // The authorization codes come with no HTTP status, so they are not a
    // derived catalog; their rows are listed directly.
    Catalog::new(
        "sp-api-oauth",
        "Amazon Selling Partner API authorization workflow",
        "SpApiOAuthErrorCode",
        || {
            SpApiOAuthErrorCode::ALL
                .iter()
                .map(|c| CodeInfo::new(c.code(), c.description()))
                .collect()
        },
    ),
];

/// The prebuilt catalog called `name` (ASCII case-insensitive), if any.
#[must_use]
pub fn find(name: &str) -> Option<&'static Catalog> {
    PREBUILT
        .iter()
        .find(|catalog| catalog.name.eq_ignore_ascii_case(name))
}
