//! `x_ads::parse` on the bodies of the X Ads error page and on realistic
//! variations of them (`fixtures/bodies/x_ads/`).

use std::time::{Duration, UNIX_EPOCH};

use api_error_codes::x_ads::{self, XAdsErrorCode};
use api_error_codes::{Code, ErrorKind};
use serde_json::json;

const INVALID_PARAMETER: &[u8] = include_bytes!("../fixtures/bodies/x_ads/invalid_parameter.json");
const MULTIPLE_ERRORS: &[u8] = include_bytes!("../fixtures/bodies/x_ads/multiple_errors.json");
const TOO_MANY_REQUESTS: &[u8] = include_bytes!("../fixtures/bodies/x_ads/too_many_requests.json");
const UNAUTHORIZED_ACCESS: &[u8] =
    include_bytes!("../fixtures/bodies/x_ads/unauthorized_access.json");
const UNKNOWN_CODE: &[u8] = include_bytes!("../fixtures/bodies/x_ads/unknown_code.json");
const NOT_FOUND_PAGE: &[u8] = include_bytes!("../fixtures/bodies/x_ads/not_found.html");

/// X answers with its request id in `x-transaction-id`.
const TRANSACTION_ID: (&str, &str) = ("x-transaction-id", "b2a1c3d4e5f60718");

fn params(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
    pairs
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect()
}

#[test]
fn x_ads_invalid_parameter_example_keeps_parameter_value_and_details() {
    let error = x_ads::parse(400, &[TRANSACTION_ID], INVALID_PARAMETER);

    assert_eq!(error.status(), 400);
    assert_eq!(error.variant(), Some(XAdsErrorCode::InvalidParameter));
    assert_eq!(
        error.code(),
        Some(&Code::Known(XAdsErrorCode::InvalidParameter))
    );
    assert_eq!(
        error.message(),
        Some(r#"Expected time, got "" for start_time"#)
    );
    assert_eq!(error.errors().len(), 1);
    assert_eq!(error.errors_dropped(), 0);
    let item = &error.errors()[0];
    assert_eq!(item.parameter(), Some("start_time"));
    // An empty value is still a value: it is what the request sent.
    assert_eq!(item.value(), Some(""));
    assert_eq!(item.details(), Some("invalid date"));
    assert_eq!(item.variant(), Some(XAdsErrorCode::InvalidParameter));
    assert_eq!(error.request_params(), params(&[("account_id", "hkk5")]));
    assert_eq!(error.request_id(), Some("b2a1c3d4e5f60718"));
    assert_eq!(error.retry_after(), None);
    assert!(error.rate_limit().is_empty());
    // A body in the API's shape leaves nothing to excerpt.
    assert_eq!(error.excerpt(), None);
}

#[test]
fn x_ads_invalid_parameter_display_shows_status_code_message_and_request_id() {
    let error = x_ads::parse(400, &[TRANSACTION_ID], INVALID_PARAMETER);
    assert_eq!(
        error.to_string(),
        r#"HTTP 400 INVALID_PARAMETER: Expected time, got "" for start_time (invalid date) (request id b2a1c3d4e5f60718)"#
    );
    let debug = format!("{error:?}");
    assert!(debug.contains("InvalidParameter"), "{debug}");
    assert!(debug.contains("start_time"), "{debug}");
}

#[test]
fn x_ads_multiple_errors_are_all_kept_in_order_with_their_fields() {
    let error = x_ads::parse(400, &[] as &[(&str, &str)], MULTIPLE_ERRORS);

    let codes: Vec<&str> = error
        .errors()
        .iter()
        .map(|item| item.code().map_or("", Code::as_str))
        .collect();
    assert_eq!(
        codes,
        [
            "MISSING_PARAMETER",
            "INVALID_PARAMETER",
            "EXCLUSIVE_PARAMETERS"
        ]
    );
    let variants: Vec<Option<XAdsErrorCode>> =
        error.errors().iter().map(|item| item.variant()).collect();
    assert_eq!(
        variants,
        [
            Some(XAdsErrorCode::MissingParameter),
            Some(XAdsErrorCode::InvalidParameter),
            Some(XAdsErrorCode::ExclusiveParameters),
        ]
    );
    // The primary error is the first one.
    assert_eq!(error.variant(), Some(XAdsErrorCode::MissingParameter));
    assert_eq!(
        error.message(),
        Some(r#""entity_ids" is a required parameter"#)
    );

    let [missing, invalid, exclusive] = error.errors() else {
        panic!("expected three items, got {:?}", error.errors());
    };
    assert_eq!(missing.parameter(), Some("entity_ids"));
    assert_eq!(missing.value(), None);
    assert_eq!(missing.details(), None);
    assert_eq!(invalid.parameter(), Some("granularity"));
    assert_eq!(invalid.value(), Some("HOURLY"));
    assert_eq!(invalid.details(), Some("expected one of DAY, HOUR, TOTAL"));
    // A value that is not a string is kept as compact JSON text.
    assert_eq!(
        exclusive.value(),
        Some(r#"["ALL_ON_TWITTER","PUBLISHER_NETWORK"]"#)
    );

    assert_eq!(
        error.request_params(),
        params(&[
            ("account_id", "18ce54d4x5t"),
            ("granularity", "HOURLY"),
            ("metric_groups", r#"["ENGAGEMENT"]"#),
            ("count", "200"),
            ("with_deleted", "true"),
        ])
    );
    assert_eq!(
        error.to_string(),
        r#"HTTP 400 MISSING_PARAMETER: "entity_ids" is a required parameter (and 2 more)"#
    );
}

#[test]
fn x_ads_too_many_requests_reads_x_rate_limit_headers() {
    let headers = [
        ("x-rate-limit-limit", "2000"),
        ("x-rate-limit-remaining", "0"),
        ("x-rate-limit-reset", "1700000900"),
        ("x-transaction-id", "0c1d2e3f4a5b6c7d"),
    ];
    let error = x_ads::parse(429, &headers, TOO_MANY_REQUESTS);

    assert_eq!(error.variant(), Some(XAdsErrorCode::TooManyRequests));
    let rate_limit = error.rate_limit();
    assert_eq!(rate_limit.limit(), Some(2000));
    assert_eq!(rate_limit.remaining(), Some(0));
    assert_eq!(
        rate_limit.reset(),
        Some(UNIX_EPOCH + Duration::from_secs(1_700_000_900))
    );
    let now = UNIX_EPOCH + Duration::from_secs(1_700_000_000);
    assert_eq!(rate_limit.reset_after(now), Some(Duration::from_secs(900)));
    // A reset already past means "now", not a negative or panicking delay.
    let later = UNIX_EPOCH + Duration::from_secs(1_800_000_000);
    assert_eq!(rate_limit.reset_after(later), Some(Duration::ZERO));
    // X sends no `Retry-After`; the reset time is the hint.
    assert_eq!(error.retry_after(), None);
    assert_eq!(rate_limit.requests_per_second(), None);
    assert_eq!(error.request_id(), Some("0c1d2e3f4a5b6c7d"));
    assert_eq!(
        error.request_params(),
        params(&[("account_id", "18ce54d4x5t")])
    );
}

#[test]
fn x_ads_unauthorized_access_reads_the_message_with_no_params_echoed() {
    let error = x_ads::parse(401, &[TRANSACTION_ID], UNAUTHORIZED_ACCESS);
    assert_eq!(error.variant(), Some(XAdsErrorCode::UnauthorizedAccess));
    assert_eq!(
        error.message(),
        Some("This request is not properly authenticated")
    );
    assert!(error.request_params().is_empty());
}

#[test]
fn x_ads_unknown_code_keeps_raw_string_and_falls_back_on_status() {
    let error = x_ads::parse(400, &[TRANSACTION_ID], UNKNOWN_CODE);
    assert_eq!(
        error.code(),
        Some(&Code::Unknown("AD_FORMAT_RETIRED".into()))
    );
    assert_eq!(error.variant(), None);
    assert_eq!(error.kind(), ErrorKind::InvalidRequest);
    assert!(!error.is_retryable());
    assert_eq!(error.errors()[0].parameter(), Some("creative_type"));
    assert_eq!(
        error.message(),
        Some("This ad format is no longer available")
    );
    assert_eq!(
        error.to_string(),
        "HTTP 400 AD_FORMAT_RETIRED: This ad format is no longer available \
         (request id b2a1c3d4e5f60718)"
    );
}

#[test]
fn x_ads_unknown_code_with_a_status_x_does_not_use_is_judged_by_that_status() {
    let error = x_ads::parse(503, &[] as &[(&str, &str)], UNKNOWN_CODE);
    assert_eq!(error.variant(), None);
    assert_eq!(error.kind(), ErrorKind::Unavailable);
    assert!(error.is_retryable());
}

#[test]
fn x_ads_html_404_page_is_judged_by_status_with_its_title_as_excerpt() {
    let error = x_ads::parse(
        404,
        &[("content-type", "text/html; charset=utf-8")],
        NOT_FOUND_PAGE,
    );
    assert_eq!(error.status(), 404);
    assert_eq!(error.kind(), ErrorKind::NotFound);
    assert_eq!(error.code(), None);
    // Many X Ads codes share 404; the status alone names none of them.
    assert_eq!(error.variant(), None);
    assert!(error.errors().is_empty());
    assert_eq!(error.message(), None);
    assert_eq!(error.excerpt(), Some("Page not found / X"));
    assert_eq!(
        error.to_string(),
        "HTTP 404 (not_found): Page not found / X"
    );
}

#[test]
fn x_ads_error_serializes_to_json_with_every_item_and_the_echoed_params() {
    let headers = [TRANSACTION_ID, ("retry-after", "30")];
    let error = x_ads::parse(400, &headers, INVALID_PARAMETER);
    let value = serde_json::to_value(&error).expect("an ApiError serializes");
    assert_eq!(
        value,
        json!({
            "status": 400,
            "kind": "invalid_request",
            "code": "INVALID_PARAMETER",
            "message": "Expected time, got \"\" for start_time",
            "errors": [{
                "code": "INVALID_PARAMETER",
                "raw_code": null,
                "variant": "InvalidParameter",
                "message": "Expected time, got \"\" for start_time",
                "details": "invalid date",
                "parameter": "start_time",
                "value": "",
            }],
            "request_id": "b2a1c3d4e5f60718",
            "retry_after_ms": 30_000,
            "docs_url": null,
            "request_params": [["account_id", "hkk5"]],
            "excerpt": null,
        })
    );
}

#[test]
fn x_ads_code_round_trips_through_serde_known_and_unknown() {
    let known = x_ads::parse(400, &[TRANSACTION_ID], INVALID_PARAMETER)
        .code()
        .cloned()
        .expect("the example has a code");
    let unknown = x_ads::parse(400, &[TRANSACTION_ID], UNKNOWN_CODE)
        .code()
        .cloned()
        .expect("the body has a code");
    assert!(known.is_known());
    assert!(!unknown.is_known());

    for (code, text) in [
        (known, r#""INVALID_PARAMETER""#),
        (unknown, r#""AD_FORMAT_RETIRED""#),
    ] {
        let json = serde_json::to_string(&code).expect("a code serializes");
        assert_eq!(json, text);
        let back: Code<XAdsErrorCode> = serde_json::from_str(&json).expect("a code deserializes");
        assert_eq!(back, code);
        assert_eq!(back.as_str(), code.as_str());
    }
}

#[test]
fn x_ads_error_is_a_std_error_with_the_display_text() {
    let error = x_ads::parse(400, &[TRANSACTION_ID], INVALID_PARAMETER);
    let expected = error.to_string();
    let boxed: Box<dyn std::error::Error + Send + Sync> = Box::new(error);
    assert_eq!(boxed.to_string(), expected);
    assert!(boxed.source().is_none());
}

#[cfg(feature = "http")]
#[test]
fn x_ads_parse_response_reads_status_headers_and_body_of_an_http_response() {
    let response = http::Response::builder()
        .status(429)
        .header("content-type", "application/json")
        .header("X-Rate-Limit-Limit", "2000")
        .header("X-Rate-Limit-Remaining", "0")
        .header("X-Rate-Limit-Reset", "1700000900")
        .header("X-Transaction-Id", "0c1d2e3f4a5b6c7d")
        .body(TOO_MANY_REQUESTS.to_vec())
        .expect("a valid response");
    let error = x_ads::parse_response(&response);
    assert_eq!(error.status(), 429);
    assert_eq!(error.variant(), Some(XAdsErrorCode::TooManyRequests));
    assert_eq!(error.rate_limit().limit(), Some(2000));
    assert_eq!(error.rate_limit().remaining(), Some(0));
    assert_eq!(
        error.rate_limit().reset(),
        Some(UNIX_EPOCH + Duration::from_secs(1_700_000_900))
    );
    assert_eq!(error.request_id(), Some("0c1d2e3f4a5b6c7d"));
}

#[cfg(feature = "http")]
#[test]
fn x_ads_parse_response_on_an_html_404_falls_back_on_status() {
    let response = http::Response::builder()
        .status(http::StatusCode::NOT_FOUND)
        .header("content-type", "text/html")
        .body(NOT_FOUND_PAGE.to_vec())
        .expect("a valid response");
    let error = x_ads::parse_response(&response);
    assert_eq!(error.kind(), ErrorKind::NotFound);
    assert_eq!(error.excerpt(), Some("Page not found / X"));
}
