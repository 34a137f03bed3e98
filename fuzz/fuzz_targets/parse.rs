//! Each API's `parse` on arbitrary status, headers and body.
//!
//! Invariants: no panic (libFuzzer reports it); the status is preserved;
//! the kind follows the known code or else the status; a known code is
//! found again from its own string; every excerpt is bounded and sanitized.
#![no_main]

use api_error_codes::sanitize::{is_unsafe_char, EXCERPT_LIMIT};
use api_error_codes::{amazon_ads, amazon_scraper, sp_api, x_ads};
use api_error_codes::{ApiError, ApiErrorCode, Code, ErrorKind};
use arbitrary::Arbitrary;
use libfuzzer_sys::fuzz_target;

#[derive(Arbitrary, Debug)]
struct Input<'a> {
    api: u8,
    status: u16,
    headers: Vec<(&'a str, &'a str)>,
    body: &'a [u8],
}

fn check<E: ApiErrorCode + std::fmt::Debug + serde::Serialize>(status: u16, error: &ApiError<E>) {
    assert_eq!(error.status(), status);
    match error.variant() {
        Some(variant) => assert_eq!(error.kind(), variant.kind()),
        None => assert_eq!(error.kind(), ErrorKind::from_status(status)),
    }
    if let Some(Code::Known(known)) = error.code() {
        assert!(E::all_with_code(known.code()).contains(known));
    }
    if let Some(excerpt) = error.excerpt() {
        assert!(excerpt.chars().count() <= EXCERPT_LIMIT + 3);
        assert!(!excerpt.chars().any(is_unsafe_char));
    }
    let shown = error.to_string();
    assert!(!shown.chars().any(is_unsafe_char), "Display must be sanitized: {shown:?}");
    let _ = format!("{error:?}");
    serde_json::to_string(error).expect("an ApiError always serializes");
}

fuzz_target!(|input: Input<'_>| {
    let status = input.status;
    let (headers, body) = (input.headers.as_slice(), input.body);
    match input.api % 4 {
        0 => check(status, &x_ads::parse(status, headers, body)),
        1 => check(status, &amazon_scraper::parse(status, headers, body)),
        2 => check(status, &amazon_ads::parse(status, headers, body)),
        _ => {
            check(status, &sp_api::parse(status, headers, body));
            let _ = amazon_ads::MultiStatus::parse(body);
        }
    }
});
