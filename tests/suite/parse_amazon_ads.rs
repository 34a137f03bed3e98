//! `amazon_ads::parse` on `{code, details}` bodies, and `MultiStatus` on
//! 207 batch bodies of both shapes (`fixtures/bodies/amazon_ads/`).

use std::time::Duration;

use api_error_codes::amazon_ads::{self, AmazonAdsErrorCode, MultiStatus};
use api_error_codes::response::MAX_BODY_BYTES;
use api_error_codes::retry::RetryAfter;
use api_error_codes::{ApiError, Code, ErrorKind};
use serde_json::json;

const UNAUTHORIZED: &[u8] = include_bytes!("../fixtures/bodies/amazon_ads/unauthorized.json");
const NO_MATCHING_ADVERTISER: &[u8] =
    include_bytes!("../fixtures/bodies/amazon_ads/no_matching_advertiser.json");
const SCOPE_HEADER_MISSING: &[u8] =
    include_bytes!("../fixtures/bodies/amazon_ads/scope_header_missing.json");
const NOT_AUTHORIZED_FOR_SCOPE: &[u8] =
    include_bytes!("../fixtures/bodies/amazon_ads/not_authorized_for_scope.json");
const LEGACY_UNAUTHORIZED_401: &[u8] =
    include_bytes!("../fixtures/bodies/amazon_ads/legacy_unauthorized_401.json");
const NOT_FOUND: &[u8] = include_bytes!("../fixtures/bodies/amazon_ads/not_found.json");
const UNPROCESSABLE_ENTITY: &[u8] =
    include_bytes!("../fixtures/bodies/amazon_ads/unprocessable_entity.json");
const TOO_MANY_REQUESTS: &[u8] =
    include_bytes!("../fixtures/bodies/amazon_ads/too_many_requests.json");
const MULTI_STATUS_V2: &[u8] =
    include_bytes!("../fixtures/bodies/amazon_ads/multi_status_v2_list.json");
const MULTI_STATUS_V3: &[u8] =
    include_bytes!("../fixtures/bodies/amazon_ads/multi_status_v3_campaigns.json");

/// Amazon Ads sends its request id in `x-amzn-RequestId`.
const REQUEST_ID: (&str, &str) = ("x-amzn-RequestId", "5d1b8c3e-7f0a-4e2b-9c6d-1a2b3c4d5e6f");

fn parse_401(body: &[u8]) -> ApiError<AmazonAdsErrorCode> {
    amazon_ads::parse(401, &[REQUEST_ID], body)
}

#[test]
fn amazon_ads_generic_unauthorized_when_details_name_no_specific_case() {
    let error = parse_401(UNAUTHORIZED);
    assert_eq!(error.status(), 401);
    assert_eq!(error.variant(), Some(AmazonAdsErrorCode::Unauthorized));
    assert_eq!(error.code().map(Code::as_str), Some("UNAUTHORIZED"));
    assert!(error.code().is_some_and(Code::is_known));
    // Amazon Ads puts its human text in `details`; it is the message.
    assert_eq!(
        error.message(),
        Some("Request failed because user is not authenticated")
    );
    assert_eq!(
        error.errors()[0].details(),
        Some("Request failed because user is not authenticated")
    );
    // The item's message falls back on `details` the same way.
    assert_eq!(
        error.errors()[0].message(),
        Some("Request failed because user is not authenticated")
    );
    assert_eq!(
        error.request_id(),
        Some("5d1b8c3e-7f0a-4e2b-9c6d-1a2b3c4d5e6f")
    );
    assert_eq!(error.excerpt(), None);
    assert_eq!(
        error.docs_url(),
        Some("https://advertising.amazon.com/API/docs/en-us/reference/concepts/errors")
    );
}

#[test]
fn amazon_ads_no_matching_advertiser_told_apart_by_details() {
    let error = parse_401(NO_MATCHING_ADVERTISER);
    assert_eq!(
        error.variant(),
        Some(AmazonAdsErrorCode::NoMatchingAdvertiser)
    );
    assert_eq!(error.errors()[0].variant(), error.variant());
    assert_eq!(error.code().map(Code::as_str), Some("UNAUTHORIZED"));
    assert_eq!(
        error.message(),
        Some("No matching advertiser found for scope")
    );
}

#[test]
fn amazon_ads_scope_header_missing_told_apart_by_details() {
    let error = parse_401(SCOPE_HEADER_MISSING);
    assert_eq!(
        error.variant(),
        Some(AmazonAdsErrorCode::ScopeHeaderMissing)
    );
    assert_eq!(error.code().map(Code::as_str), Some("UNAUTHORIZED"));
    assert_eq!(error.message(), Some("Scope header is missing"));
    assert_eq!(
        error.to_string(),
        "HTTP 401 UNAUTHORIZED: Scope header is missing \
         (request id 5d1b8c3e-7f0a-4e2b-9c6d-1a2b3c4d5e6f)"
    );
}

#[test]
fn amazon_ads_scope_header_missing_phrase_matches_whatever_its_case_and_context() {
    let body =
        br#"{"code":"UNAUTHORIZED","details":"Amazon-Advertising-API-Scope HEADER IS MISSING"}"#;
    assert_eq!(
        parse_401(body).variant(),
        Some(AmazonAdsErrorCode::ScopeHeaderMissing)
    );
}

#[test]
fn amazon_ads_not_authorized_for_scope_told_apart_by_details() {
    let error = parse_401(NOT_AUTHORIZED_FOR_SCOPE);
    assert_eq!(
        error.variant(),
        Some(AmazonAdsErrorCode::NotAuthorizedForScope)
    );
    assert_eq!(
        error.message(),
        Some("Not authorized to access scope 3894716282017612")
    );
}

#[test]
fn amazon_ads_four_401_cases_share_one_code_string() {
    let codes: Vec<String> = [
        UNAUTHORIZED,
        NO_MATCHING_ADVERTISER,
        SCOPE_HEADER_MISSING,
        NOT_AUTHORIZED_FOR_SCOPE,
    ]
    .into_iter()
    .map(|body| parse_401(body).code().expect("a code").to_string())
    .collect();
    assert_eq!(codes, ["UNAUTHORIZED"; 4]);
}

#[test]
fn amazon_ads_legacy_401_code_is_an_alias_and_the_message_decides() {
    let error = parse_401(LEGACY_UNAUTHORIZED_401);
    assert_eq!(
        error.code(),
        Some(&Code::Known(AmazonAdsErrorCode::Unauthorized))
    );
    assert_eq!(error.primary().and_then(|p| p.raw_code()), Some("401"));
    assert_eq!(error.variant(), Some(AmazonAdsErrorCode::Unauthorized));
    assert_eq!(error.kind(), ErrorKind::Unauthenticated);
    assert_eq!(
        error.message(),
        Some("Not authorized to access this advertiser")
    );
}

#[test]
fn amazon_ads_not_found_example_keeps_the_full_path_in_details() {
    let error = amazon_ads::parse(404, &[REQUEST_ID], NOT_FOUND);
    assert_eq!(error.variant(), Some(AmazonAdsErrorCode::NotFound));
    assert_eq!(
        error.code(),
        Some(&Code::Known(AmazonAdsErrorCode::NotFound))
    );
    assert_eq!(
        error.message(),
        Some(
            "Could not find resource for full path: \
             https://advertising-api-test.amazon.com/foobar"
        )
    );
}

#[test]
fn amazon_ads_unprocessable_entity_uses_the_status_number_as_code() {
    let error = amazon_ads::parse(422, &[REQUEST_ID], UNPROCESSABLE_ENTITY);
    assert_eq!(
        error.code(),
        Some(&Code::Known(AmazonAdsErrorCode::UnprocessableEntity))
    );
    assert_eq!(
        error.message(),
        Some("Invalid value for budget: must be at least 1.00")
    );
}

#[test]
fn amazon_ads_too_many_requests_reads_retry_after_and_request_id() {
    let headers = [REQUEST_ID, ("Retry-After", "2")];
    let error = amazon_ads::parse(429, &headers, TOO_MANY_REQUESTS);
    assert_eq!(error.variant(), Some(AmazonAdsErrorCode::TooManyRequests));
    assert_eq!(
        error.retry_after(),
        Some(RetryAfter::Delay(Duration::from_secs(2)))
    );
    assert_eq!(
        error.request_id(),
        Some("5d1b8c3e-7f0a-4e2b-9c6d-1a2b3c4d5e6f")
    );
}

#[test]
fn amazon_ads_error_serializes_to_json_with_the_401_case_as_variant() {
    let error = parse_401(SCOPE_HEADER_MISSING);
    let value = serde_json::to_value(&error).expect("an ApiError serializes");
    assert_eq!(
        value,
        json!({
            "status": 401,
            "kind": "unauthenticated",
            "code": "UNAUTHORIZED",
            "message": "Scope header is missing",
            "errors": [{
                "code": "UNAUTHORIZED",
                "raw_code": null,
                "variant": "ScopeHeaderMissing",
                "message": null,
                "details": "Scope header is missing",
                "parameter": null,
                "value": null,
            }],
            "request_id": "5d1b8c3e-7f0a-4e2b-9c6d-1a2b3c4d5e6f",
            "retry_after_ms": null,
            "docs_url": "https://advertising.amazon.com/API/docs/en-us/reference/concepts/errors",
            "request_params": [],
            "excerpt": null,
        })
    );
}

/// The code is the string the response carried; which of the four 401 cases
/// it was lives in `variant()`. So a parsed code survives a serde round trip
/// unchanged, even when several variants share its string.
#[test]
fn amazon_ads_code_round_trips_through_serde_even_when_401_cases_share_it() {
    for body in [
        UNAUTHORIZED,
        NO_MATCHING_ADVERTISER,
        SCOPE_HEADER_MISSING,
        NOT_AUTHORIZED_FOR_SCOPE,
        LEGACY_UNAUTHORIZED_401,
    ] {
        let code = parse_401(body).code().cloned().expect("a code");
        let json = serde_json::to_string(&code).expect("a code serializes");
        let back: Code<AmazonAdsErrorCode> =
            serde_json::from_str(&json).expect("a code deserializes");
        assert_eq!(back, code, "{json}");
    }
    let known = parse_401(SCOPE_HEADER_MISSING).code().cloned();
    assert_eq!(known, Some(Code::Known(AmazonAdsErrorCode::Unauthorized)));
    let alias = parse_401(LEGACY_UNAUTHORIZED_401).code().cloned();
    assert_eq!(alias, Some(Code::Known(AmazonAdsErrorCode::Unauthorized)));
}

#[test]
fn amazon_ads_numeric_code_is_read_as_its_decimal_string() {
    // Older endpoints send `"code": 400` as a number.
    let error = amazon_ads::parse(400, &[REQUEST_ID], br#"{"code":400,"details":"Bad"}"#);
    assert_eq!(
        error.code(),
        Some(&Code::Known(AmazonAdsErrorCode::BadRequest))
    );
}

#[test]
fn multi_status_v2_list_splits_successes_from_typed_failures_in_batch_order() {
    let batch = MultiStatus::parse(MULTI_STATUS_V2);
    assert!(batch.is_recognized());

    let successes: Vec<usize> = batch.successes().iter().map(|s| s.index()).collect();
    assert_eq!(successes, [0, 2]);
    assert_eq!(batch.successes()[0].entity(), None);
    assert_eq!(
        batch.successes()[0].value()["campaignId"],
        json!(31_299_234_922_913_u64)
    );
    assert_eq!(
        batch.successes()[1].value()["campaignId"],
        json!(253_945_852_845_204_u64)
    );

    let [duplicate, scope] = batch.failures() else {
        panic!("expected two failures, got {:?}", batch.failures());
    };
    assert_eq!(duplicate.index(), 1);
    assert_eq!(duplicate.entity(), None);
    assert_eq!(duplicate.errors().len(), 1);
    let item = &duplicate.errors()[0];
    assert_eq!(
        item.code(),
        Some(&Code::Known(AmazonAdsErrorCode::InvalidArgument))
    );
    assert_eq!(item.variant(), Some(AmazonAdsErrorCode::InvalidArgument));
    // Version 2 items put their text in `description`.
    assert_eq!(item.message(), Some("Campaign name already exists"));

    assert_eq!(scope.index(), 3);
    let item = &scope.errors()[0];
    assert_eq!(
        item.variant(),
        Some(AmazonAdsErrorCode::NotAuthorizedForScope)
    );
    assert_eq!(item.code().map(Code::as_str), Some("UNAUTHORIZED"));
    assert_eq!(
        item.details(),
        Some("Not authorized to access scope 3894716282017612")
    );
}

#[test]
fn multi_status_v3_entity_lists_split_by_index_with_error_value_reasons() {
    let batch = MultiStatus::parse(MULTI_STATUS_V3);
    assert!(batch.is_recognized());

    let successes: Vec<(usize, Option<&str>)> = batch
        .successes()
        .iter()
        .map(|s| (s.index(), s.entity()))
        .collect();
    assert_eq!(successes, [(0, Some("campaigns")), (2, Some("campaigns"))]);
    assert_eq!(
        batch.successes()[0].value()["campaign"]["name"],
        json!("Spring sale")
    );

    let [invalid, missing] = batch.failures() else {
        panic!("expected two failures, got {:?}", batch.failures());
    };
    assert_eq!((invalid.index(), invalid.entity()), (1, Some("campaigns")));
    let reasons: Vec<(&str, Option<&str>)> = invalid
        .errors()
        .iter()
        .map(|e| (e.code().map_or("", Code::as_str), e.message()))
        .collect();
    assert_eq!(
        reasons,
        [
            (
                "DUPLICATE_VALUE",
                Some("Campaign name 'Spring sale' is already in use")
            ),
            ("TOO_LOW", Some("Daily budget must be at least 1.00")),
        ]
    );
    assert!(invalid.errors().iter().all(|e| e.variant().is_none()));

    assert_eq!((missing.index(), missing.entity()), (3, Some("campaigns")));
    assert_eq!(
        missing.errors()[0].code(),
        Some(&Code::Unknown("ENTITY_NOT_FOUND".into()))
    );
    assert_eq!(
        missing.errors()[0].message(),
        Some("Portfolio 9876 was not found")
    );
}

#[test]
fn multi_status_v3_several_entity_types_are_merged_in_index_order() {
    let body = br#"{
        "adGroups": {"success": [{"index": 1, "adGroupId": "7"}], "error": []},
        "campaigns": {"success": [{"index": 0, "campaignId": "5"}],
                      "error": [{"index": 2, "errors": [{"errorType": "otherError",
                                 "errorValue": {"otherError": {"message": "no reason given"}}}]}]}
    }"#;
    let batch = MultiStatus::parse(body);
    let successes: Vec<(usize, Option<&str>)> = batch
        .successes()
        .iter()
        .map(|s| (s.index(), s.entity()))
        .collect();
    assert_eq!(successes, [(0, Some("campaigns")), (1, Some("adGroups"))]);
    let failure = &batch.failures()[0];
    assert_eq!(failure.index(), 2);
    // Without `reason`, the error type is the best code there is.
    assert_eq!(
        failure.errors()[0].code(),
        Some(&Code::Unknown("otherError".into()))
    );
    assert_eq!(failure.errors()[0].message(), Some("no reason given"));
}

#[test]
fn multi_status_failure_without_a_readable_error_still_has_one_item() {
    let batch = MultiStatus::parse(br#"[{"code":"SUCCESS"},{"unexpected":true}]"#);
    let failure = &batch.failures()[0];
    assert_eq!(failure.index(), 1);
    assert_eq!(failure.errors().len(), 1);
    assert_eq!(failure.errors()[0].code(), None);
    assert_eq!(failure.errors()[0].message(), None);
}

#[test]
fn multi_status_of_a_body_in_no_batch_shape_is_unrecognized_and_empty() {
    for body in [
        NOT_FOUND,
        b"<html><title>Bad Gateway</title></html>".as_slice(),
        b"",
        b"{\"campaigns\": 3}",
        b"[[[[",
        b"null",
    ] {
        let batch = MultiStatus::parse(body);
        assert!(!batch.is_recognized(), "{}", String::from_utf8_lossy(body));
        assert!(batch.successes().is_empty());
        assert!(batch.failures().is_empty());
    }
}

#[test]
fn multi_status_body_over_the_size_cap_is_not_read() {
    let mut body = br#"[{"code":"SUCCESS","pad":""#.to_vec();
    body.resize(MAX_BODY_BYTES, b'x');
    body.extend_from_slice(br#""}]"#);
    assert!(body.len() > MAX_BODY_BYTES);
    let batch = MultiStatus::parse(&body);
    assert!(!batch.is_recognized());
    assert!(batch.successes().is_empty());
}

#[test]
fn multi_status_deeply_nested_body_is_unrecognized_without_overflowing_the_stack() {
    let body = "[".repeat(100_000);
    let batch = MultiStatus::parse(body.as_bytes());
    assert!(!batch.is_recognized());
}

#[cfg(feature = "http")]
#[test]
fn amazon_ads_parse_response_tells_the_401_case_and_reads_the_request_id() {
    let response = http::Response::builder()
        .status(401)
        .header("content-type", "application/json")
        .header("x-amzn-RequestId", "5d1b8c3e-7f0a-4e2b-9c6d-1a2b3c4d5e6f")
        .body(NOT_AUTHORIZED_FOR_SCOPE.to_vec())
        .expect("a valid response");
    let error = amazon_ads::parse_response(&response);
    assert_eq!(
        error.variant(),
        Some(AmazonAdsErrorCode::NotAuthorizedForScope)
    );
    assert_eq!(
        error.request_id(),
        Some("5d1b8c3e-7f0a-4e2b-9c6d-1a2b3c4d5e6f")
    );
}

#[test]
fn multi_status_with_a_byte_order_mark_and_a_lone_surrogate_is_still_split() {
    let body = b"\xEF\xBB\xBF[{\"code\":\"SUCCESS\",\"campaignId\":1},{\"code\":\"UNAUTHORIZED\",\"details\":\"cut \\ud83d\"}]";
    let batch = api_error_codes::amazon_ads::MultiStatus::parse(body);
    assert!(batch.is_recognized());
    assert_eq!(batch.successes().len(), 1);
    assert_eq!(batch.failures().len(), 1);
    assert_eq!(
        batch.failures()[0].errors()[0].message(),
        Some("cut \u{FFFD}")
    );
}
