//! `amazon_scraper::parse` on the `{error, message, docs_url, request_id}`
//! bodies of the Amazon Scraper API (`fixtures/bodies/amazon_scraper/`).

use std::time::{Duration, UNIX_EPOCH};

use api_error_codes::amazon_scraper::{self, AmazonScraperErrorCode};
use api_error_codes::retry::RetryAfter;
use api_error_codes::{ApiError, Code, ErrorKind};
use serde_json::json;

const INVALID_PARAMS: &[u8] =
    include_bytes!("../fixtures/bodies/amazon_scraper/invalid_params.json");
const UNAUTHORIZED: &[u8] = include_bytes!("../fixtures/bodies/amazon_scraper/unauthorized.json");
const INSUFFICIENT_CREDITS: &[u8] =
    include_bytes!("../fixtures/bodies/amazon_scraper/insufficient_credits.json");
const UPSTREAM_TIMEOUT: &[u8] =
    include_bytes!("../fixtures/bodies/amazon_scraper/upstream_timeout.json");
const BLOCKED_BY_AMAZON: &[u8] =
    include_bytes!("../fixtures/bodies/amazon_scraper/blocked_by_amazon.json");
const RATE_LIMITED: &[u8] = include_bytes!("../fixtures/bodies/amazon_scraper/rate_limited.json");
const GENERIC_GALLERY_PAGE: &[u8] =
    include_bytes!("../fixtures/bodies/amazon_scraper/generic_gallery_page.json");
const CAPACITY: &[u8] = include_bytes!("../fixtures/bodies/amazon_scraper/capacity.json");
const UNKNOWN_CODE: &[u8] = include_bytes!("../fixtures/bodies/amazon_scraper/unknown_code.json");

const NO_HEADERS: &[(&str, &str)] = &[];

fn docs(code: &str) -> String {
    format!("https://amazonscraperapi.com/docs/guides/errors#{code}")
}

/// What every scraper fixture shares: one item, the body's link and request
/// id, and no billing for a failed call.
fn assert_scraper_shape(
    error: &ApiError<AmazonScraperErrorCode>,
    code: &str,
    request_id: &str,
    message: &str,
) {
    assert_eq!(error.errors().len(), 1, "{error:?}");
    assert_eq!(error.code().map(Code::as_str), Some(code));
    assert_eq!(error.message(), Some(message));
    assert_eq!(error.request_id(), Some(request_id));
    assert_eq!(error.docs_url(), Some(docs(code).as_str()));
    assert!(!error.is_billed());
    assert_eq!(error.excerpt(), None);
    assert!(error.request_params().is_empty());
}

#[test]
fn scraper_rate_limited_is_not_billed_and_reads_retry_after() {
    let error = amazon_scraper::parse(429, &[("Retry-After", "3")], RATE_LIMITED);
    assert_scraper_shape(
        &error,
        "rate_limited",
        "req_9f2c8a1b3e4d",
        "You exceeded 5 requests per second for this key",
    );
    assert_eq!(error.status(), 429);
    assert_eq!(error.variant(), Some(AmazonScraperErrorCode::RateLimited));
    assert_eq!(
        error.code(),
        Some(&Code::Known(AmazonScraperErrorCode::RateLimited))
    );
    assert_eq!(
        error.retry_after(),
        Some(RetryAfter::Delay(Duration::from_secs(3)))
    );
    assert_eq!(
        error.to_string(),
        "HTTP 429 rate_limited: You exceeded 5 requests per second for this key \
         (request id req_9f2c8a1b3e4d)"
    );
}

#[test]
fn scraper_retry_after_as_http_date_is_measured_from_the_time_asked() {
    let error = amazon_scraper::parse(
        429,
        &[("retry-after", "Sun, 06 Nov 1994 08:50:37 GMT")],
        RATE_LIMITED,
    );
    let now = UNIX_EPOCH + Duration::from_secs(784_111_777); // 08:49:37
    assert_eq!(
        error.retry_after().map(|r| r.delay_from(now)),
        Some(Duration::from_secs(60))
    );
    // A date already past asks for no wait at all.
    let later = now + Duration::from_secs(3600);
    assert_eq!(
        error.retry_after().map(|r| r.delay_from(later)),
        Some(Duration::ZERO)
    );
}

#[test]
fn scraper_body_request_id_wins_over_a_request_id_header() {
    let error = amazon_scraper::parse(429, &[("x-request-id", "edge-77f0")], RATE_LIMITED);
    // Support asks for the body's id; the edge proxy's is a fallback.
    assert_eq!(error.request_id(), Some("req_9f2c8a1b3e4d"));
}

#[test]
fn scraper_invalid_params_reads_the_code_message_and_request_id() {
    let error = amazon_scraper::parse(400, NO_HEADERS, INVALID_PARAMS);
    assert_scraper_shape(
        &error,
        "invalid_params",
        "req_4a1c9e2f7b3d",
        r#"asin must be 10 alphanumeric characters, got "B0CX23V2Z""#,
    );
    assert_eq!(error.variant(), Some(AmazonScraperErrorCode::InvalidParams));
}

#[test]
fn scraper_unauthorized_reads_the_code_message_and_request_id() {
    let error = amazon_scraper::parse(401, NO_HEADERS, UNAUTHORIZED);
    assert_scraper_shape(
        &error,
        "unauthorized",
        "req_0b7e2d4c1a9f",
        "Missing Authorization header",
    );
    assert_eq!(error.variant(), Some(AmazonScraperErrorCode::Unauthorized));
}

#[test]
fn scraper_insufficient_credits_reads_the_code_message_and_request_id() {
    let error = amazon_scraper::parse(402, NO_HEADERS, INSUFFICIENT_CREDITS);
    assert_scraper_shape(
        &error,
        "insufficient_credits",
        "req_7c3f1a9e2d5b",
        "You are out of credits and auto-top-up is off",
    );
    assert_eq!(
        error.variant(),
        Some(AmazonScraperErrorCode::InsufficientCredits)
    );
}

#[test]
fn scraper_upstream_timeout_reads_the_code_and_no_retry_after() {
    let error = amazon_scraper::parse(408, NO_HEADERS, UPSTREAM_TIMEOUT);
    assert_scraper_shape(
        &error,
        "upstream_timeout",
        "req_2d8b6f0a4c1e",
        "Amazon took longer than 45s to respond",
    );
    assert_eq!(
        error.variant(),
        Some(AmazonScraperErrorCode::UpstreamTimeout)
    );
    assert_eq!(error.retry_after(), None);
}

#[test]
fn scraper_blocked_by_amazon_is_named_by_its_code_whatever_422_would_say() {
    let error = amazon_scraper::parse(422, NO_HEADERS, BLOCKED_BY_AMAZON);
    assert_scraper_shape(
        &error,
        "blocked_by_amazon",
        "req_5e9a3c7b1f2d",
        "Amazon served a challenge page; we already retried internally",
    );
    assert_eq!(
        error.variant(),
        Some(AmazonScraperErrorCode::BlockedByAmazon)
    );
}

#[test]
fn scraper_generic_gallery_page_is_named_by_its_code_whatever_502_would_say() {
    let error = amazon_scraper::parse(502, NO_HEADERS, GENERIC_GALLERY_PAGE);
    assert_scraper_shape(
        &error,
        "generic_gallery_page",
        "req_8a4d2e6c0b9f",
        "Amazon served a placeholder shelf for B07XJ8C8F5; the product looks delisted",
    );
    assert_eq!(
        error.variant(),
        Some(AmazonScraperErrorCode::GenericGalleryPage)
    );
}

#[test]
fn scraper_capacity_503_reads_retry_after() {
    let error = amazon_scraper::parse(503, &[("retry-after", "12")], CAPACITY);
    assert_scraper_shape(
        &error,
        "capacity",
        "req_3b1f5d9a7e2c",
        "The shared pool is busy; retry after the delay in Retry-After",
    );
    assert_eq!(error.variant(), Some(AmazonScraperErrorCode::Capacity));
    assert_eq!(
        error.retry_after(),
        Some(RetryAfter::Delay(Duration::from_secs(12)))
    );
}

#[test]
fn scraper_unknown_code_keeps_raw_string_and_body_docs_url_and_is_not_billed() {
    let error = amazon_scraper::parse(403, NO_HEADERS, UNKNOWN_CODE);
    assert_scraper_shape(
        &error,
        "quota_frozen",
        "req_6d2a8c4e0f1b",
        "Your key is frozen while we review unusual traffic",
    );
    assert_eq!(error.code(), Some(&Code::Unknown("quota_frozen".into())));
    assert_eq!(error.variant(), None);
    assert_eq!(error.kind(), ErrorKind::PermissionDenied);
    assert!(!error.is_retryable());
}

#[test]
fn scraper_docs_url_falls_back_on_the_catalog_link_when_the_body_has_none() {
    let body = br#"{"error":"upstream_timeout","message":"slow","request_id":"req_1"}"#;
    let error = amazon_scraper::parse(408, NO_HEADERS, body);
    assert_eq!(error.docs_url(), Some(docs("upstream_timeout").as_str()));
}

#[test]
fn scraper_error_object_shape_is_read_too() {
    // `{error: {code, message}}` is what a proxy in front of the API may send.
    let body = br#"{"error":{"code":"rate_limited","message":"slow down"}}"#;
    let error = amazon_scraper::parse(429, NO_HEADERS, body);
    assert_eq!(error.variant(), Some(AmazonScraperErrorCode::RateLimited));
    assert_eq!(error.message(), Some("slow down"));
}

#[test]
fn scraper_only_2xx_responses_are_billed() {
    assert!(amazon_scraper::parse(200, NO_HEADERS, b"{}").is_billed());
    assert!(amazon_scraper::parse(299, NO_HEADERS, b"{}").is_billed());
    assert!(!amazon_scraper::parse(199, NO_HEADERS, b"").is_billed());
    assert!(!amazon_scraper::parse(300, NO_HEADERS, b"").is_billed());
    assert!(!amazon_scraper::parse(500, NO_HEADERS, b"<html>").is_billed());
}

#[test]
fn scraper_error_serializes_to_json_with_docs_url() {
    let error = amazon_scraper::parse(429, &[("Retry-After", "3")], RATE_LIMITED);
    let value = serde_json::to_value(&error).expect("an ApiError serializes");
    assert_eq!(
        value,
        json!({
            "status": 429,
            "kind": "rate_limited",
            "code": "rate_limited",
            "message": "You exceeded 5 requests per second for this key",
            "errors": [{
                "code": "rate_limited",
                "raw_code": null,
                "variant": "RateLimited",
                "message": "You exceeded 5 requests per second for this key",
                "details": null,
                "parameter": null,
                "value": null,
            }],
            "request_id": "req_9f2c8a1b3e4d",
            "retry_after_ms": 3000,
            "docs_url": "https://amazonscraperapi.com/docs/guides/errors#rate_limited",
            "request_params": [],
            "excerpt": null,
        })
    );
}

#[test]
fn scraper_code_round_trips_through_serde_known_and_unknown() {
    let known = amazon_scraper::parse(429, NO_HEADERS, RATE_LIMITED)
        .code()
        .cloned()
        .expect("a code");
    let unknown = amazon_scraper::parse(403, NO_HEADERS, UNKNOWN_CODE)
        .code()
        .cloned()
        .expect("a code");
    assert_eq!(known, Code::Known(AmazonScraperErrorCode::RateLimited));
    assert_eq!(unknown, Code::Unknown("quota_frozen".into()));
    for code in [known, unknown] {
        let json = serde_json::to_string(&code).expect("a code serializes");
        assert_eq!(json, format!("\"{}\"", code.as_str()));
        let back: Code<AmazonScraperErrorCode> =
            serde_json::from_str(&json).expect("a code deserializes");
        assert_eq!(back, code);
    }
}

#[cfg(feature = "http")]
#[test]
fn scraper_parse_response_reads_retry_after_and_marks_unbilled() {
    let response = http::Response::builder()
        .status(429)
        .header("content-type", "application/json")
        .header("retry-after", "7")
        .body(RATE_LIMITED.to_vec())
        .expect("a valid response");
    let error = amazon_scraper::parse_response(&response);
    assert_eq!(error.status(), 429);
    assert_eq!(error.variant(), Some(AmazonScraperErrorCode::RateLimited));
    assert_eq!(
        error.retry_after(),
        Some(RetryAfter::Delay(Duration::from_secs(7)))
    );
    assert!(!error.is_billed());
    assert_eq!(error.request_id(), Some("req_9f2c8a1b3e4d"));
}
