//! `from_code`, `all_with_code` and `classify` on arbitrary strings: a hit
//! is always a variant with exactly that code; every variant is found again
//! from its own facts.
#![no_main]

use api_error_codes::amazon_ads::AmazonAdsErrorCode;
use api_error_codes::amazon_scraper::AmazonScraperErrorCode;
use api_error_codes::sp_api::SpApiErrorCode;
use api_error_codes::x_ads::XAdsErrorCode;
use api_error_codes::ApiErrorCode;
use libfuzzer_sys::fuzz_target;

fn check<E: ApiErrorCode + PartialEq + std::fmt::Debug>(status: u16, code: &str, message: &str) {
    if let Some(found) = E::from_code(code) {
        assert_eq!(found.code(), code);
        assert_eq!(E::all_with_code(code).first(), Some(&found));
    } else {
        assert!(E::all_with_code(code).is_empty());
        assert_eq!(E::classify(status, Some(code), Some(message)), None);
    }
    if let Some(found) = E::classify(status, Some(code), Some(message)) {
        assert_eq!(found.code(), code);
    }
    if let Some(found) = E::classify(status, None, Some(message)) {
        assert_eq!(found.status(), status);
    }
    for variant in E::ALL {
        let again = E::classify(variant.status(), Some(variant.code()), variant.message_phrase());
        assert_eq!(again, Some(*variant));
    }
}

fuzz_target!(|input: (u16, &str, &str)| {
    let (status, code, message) = input;
    check::<XAdsErrorCode>(status, code, message);
    check::<AmazonScraperErrorCode>(status, code, message);
    check::<AmazonAdsErrorCode>(status, code, message);
    check::<SpApiErrorCode>(status, code, message);
});
