//! `from_code`, `all_with_code` and `classify` on arbitrary strings: a hit
//! is always a variant with exactly that code or alias (or, for a code that
//! only repeats the status, a variant of that status); every variant is
//! found again from its own facts.
#![no_main]

use api_error_codes::amazon_ads::AmazonAdsErrorCode;
use api_error_codes::amazon_scraper::AmazonScraperErrorCode;
use api_error_codes::sp_api::SpApiErrorCode;
use api_error_codes::x_ads::XAdsErrorCode;
use api_error_codes::ApiErrorCode;
use libfuzzer_sys::fuzz_target;

/// Whether `variant` answers to `code`: its code, or one of its aliases.
fn answers_to<E: ApiErrorCode>(variant: E, code: &str) -> bool {
    variant.code() == code || variant.aliases().contains(&code)
}

/// Whether `code` is `status` written as a number, which weighs no more
/// than the status itself.
fn repeats_status(code: &str, status: u16) -> bool {
    code.len() == 3 && code.bytes().all(|b| b.is_ascii_digit()) && code.parse() == Ok(status)
}

fn check<E: ApiErrorCode + PartialEq + std::fmt::Debug>(status: u16, code: &str, message: &str) {
    let status_decides = repeats_status(code, status);
    if let Some(found) = E::from_code(code) {
        assert!(answers_to(found, code), "{found:?} for {code:?}");
        assert_eq!(E::all_with_code(code).first(), Some(&found));
    } else {
        assert!(E::all_with_code(code).is_empty());
        if !status_decides {
            assert_eq!(E::classify(status, Some(code), Some(message)), None);
        }
    }
    if let Some(found) = E::classify(status, Some(code), Some(message)) {
        assert!(
            answers_to(found, code) || (status_decides && found.status() == status),
            "{found:?} for {code:?} with status {status}"
        );
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
