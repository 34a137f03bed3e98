//! What every prebuilt catalog must hold, checked once for all of them; the
//! `table_<api>` files check each catalog's own table.

use api_error_codes::amazon_ads::AmazonAdsErrorCode;
use api_error_codes::amazon_scraper::AmazonScraperErrorCode;
use api_error_codes::sp_api::{SpApiErrorCode, SpApiOAuthErrorCode};
use api_error_codes::x_ads::XAdsErrorCode;
use api_error_codes::ApiErrorCode;
use api_error_codes_tests::assert_found_again_from_own_facts;

/// The variants of `E` whose description is blank, as `Enum::Variant`.
fn undescribed<E: ApiErrorCode>() -> Vec<String> {
    E::ALL
        .iter()
        .filter(|variant| variant.description().trim().is_empty())
        .map(|variant| format!("{}::{}", E::NAME, variant.variant_name()))
        .collect()
}

#[test]
fn every_prebuilt_code_has_a_description() {
    let mut missing = [
        undescribed::<XAdsErrorCode>(),
        undescribed::<AmazonScraperErrorCode>(),
        undescribed::<AmazonAdsErrorCode>(),
        undescribed::<SpApiErrorCode>(),
    ]
    .concat();
    // The authorization codes are no `ApiErrorCode`: they have no status.
    missing.extend(
        SpApiOAuthErrorCode::ALL
            .iter()
            .filter(|code| code.description().trim().is_empty())
            .map(|code| format!("SpApiOAuthErrorCode::{code:?}")),
    );
    assert!(missing.is_empty(), "no description: {missing:?}");
}

#[test]
fn every_prebuilt_variant_is_found_again_from_its_own_facts() {
    assert_found_again_from_own_facts::<XAdsErrorCode>();
    assert_found_again_from_own_facts::<AmazonScraperErrorCode>();
    assert_found_again_from_own_facts::<AmazonAdsErrorCode>();
    assert_found_again_from_own_facts::<SpApiErrorCode>();
}
