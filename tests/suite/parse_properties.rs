//! Properties of parsing that must hold for any response, checked on
//! generated cases (the fuzz target `parse` checks the same ones on a far
//! larger scale); `retry_properties.rs` has those of the retry side, and
//! `derive_lookup.rs` those of the generated lookup.

use api_error_codes::sanitize::{is_unsafe_char, EXCERPT_LIMIT};
use api_error_codes::x_ads::XAdsErrorCode;
use api_error_codes::{amazon_ads, amazon_scraper, sp_api, x_ads};
use api_error_codes::{ApiError, ApiErrorCode, Code, ErrorKind};
use proptest::prelude::*;

fn check_parsed<E>(status: u16, error: &ApiError<E>) -> Result<(), TestCaseError>
where
    E: ApiErrorCode + PartialEq + std::fmt::Debug + serde::Serialize,
{
    prop_assert_eq!(error.status(), status);
    match error.variant() {
        Some(variant) => prop_assert_eq!(error.kind(), variant.kind()),
        None => prop_assert_eq!(error.kind(), ErrorKind::from_status(status)),
    }
    if let Some(Code::Known(known)) = error.code() {
        prop_assert!(E::all_with_code(known.code()).contains(known));
    }
    if let Some(excerpt) = error.excerpt() {
        prop_assert!(excerpt.chars().count() <= EXCERPT_LIMIT + 3);
        prop_assert!(!excerpt.chars().any(is_unsafe_char));
    }
    let shown = error.to_string();
    prop_assert!(
        !shown.chars().any(is_unsafe_char),
        "unsanitized: {:?}",
        shown
    );
    prop_assert!(serde_json::to_string(error).is_ok());
    Ok(())
}

/// Bodies that look like the APIs' JSON often enough to reach deep code.
fn body() -> impl Strategy<Value = Vec<u8>> {
    let text = "[ -~\\r\\n\\x1b\u{202e}é]{0,12}";
    let json = (text, text, 0u8..6).prop_map(|(code, message, shape)| {
        let code = serde_json::to_string(&code).unwrap();
        let message = serde_json::to_string(&message).unwrap();
        match shape {
            0 => format!(r#"{{"errors":[{{"code":{code},"message":{message}}}]}}"#),
            1 => format!(r#"{{"error":{code},"message":{message},"request_id":{message}}}"#),
            2 => format!(r#"{{"code":{code},"details":{message}}}"#),
            3 => format!(r#"{{"errors":[{{"code":"INVALID_PARAMETER","value":{message}}},{{"code":{code}}}]}}"#),
            4 => format!(r#"{{"errors":{code}}}"#),
            _ => format!("<html><title>{message}</title></html>"),
        }
        .into_bytes()
    });
    prop_oneof![json, proptest::collection::vec(any::<u8>(), 0..256)]
}

fn headers() -> impl Strategy<Value = Vec<(String, String)>> {
    let name = prop_oneof![
        Just("Retry-After".to_owned()),
        Just("x-rate-limit-reset".to_owned()),
        Just("x-rate-limit-remaining".to_owned()),
        Just("x-amzn-RateLimit-Limit".to_owned()),
        Just("x-amzn-RequestId".to_owned()),
        "[a-zA-Z-]{1,12}",
    ];
    proptest::collection::vec((name, "[ -~]{0,40}"), 0..6)
}

proptest! {
    #[test]
    fn every_parser_keeps_status_and_never_panics(status in any::<u16>(), headers in headers(), body in body()) {
        check_parsed(status, &x_ads::parse(status, &headers, &body))?;
        check_parsed(status, &amazon_scraper::parse(status, &headers, &body))?;
        check_parsed(status, &amazon_ads::parse(status, &headers, &body))?;
        check_parsed(status, &sp_api::parse(status, &headers, &body))?;
        let _ = amazon_ads::MultiStatus::parse(&body);
    }

    #[test]
    fn a_known_code_is_found_again_whatever_the_status(index in 0usize..77, status in any::<u16>()) {
        let variant = XAdsErrorCode::ALL[index % XAdsErrorCode::ALL.len()];
        let body = format!(r#"{{"errors":[{{"code":"{}"}}]}}"#, variant.code());
        let error = x_ads::parse(status, &(), body.as_bytes());
        prop_assert_eq!(error.code(), Some(&Code::Known(variant)));
    }
}
