//! `sp_api::parse` on `{errors: [...]}` bodies of the Selling Partner API,
//! with messages from its common-causes tables (`fixtures/bodies/sp_api/`).

use api_error_codes::sp_api::{self, SpApiErrorCode};
use api_error_codes::{ApiError, Code, ErrorKind};
use serde_json::json;

const INVALID_INPUT_DATE_FORMAT: &[u8] =
    include_bytes!("../fixtures/bodies/sp_api/invalid_input_date_format.json");
const DEVELOPER_ID_NOT_ASSOCIATED: &[u8] =
    include_bytes!("../fixtures/bodies/sp_api/developer_id_not_associated.json");
const MULTIPLE_INVALID_INPUT: &[u8] =
    include_bytes!("../fixtures/bodies/sp_api/multiple_invalid_input.json");
const UNAUTHORIZED_TOKEN_REVOKED: &[u8] =
    include_bytes!("../fixtures/bodies/sp_api/unauthorized_access_token_revoked.json");
const UNAUTHORIZED_ACCESS_DENIED: &[u8] =
    include_bytes!("../fixtures/bodies/sp_api/unauthorized_access_denied.json");
const INVALID_INPUT_SECURITY_TOKEN: &[u8] =
    include_bytes!("../fixtures/bodies/sp_api/invalid_input_security_token.json");
const INVALID_SIGNATURE: &[u8] = include_bytes!("../fixtures/bodies/sp_api/invalid_signature.json");
const NOT_FOUND_PREMATURE_POLLING: &[u8] =
    include_bytes!("../fixtures/bodies/sp_api/not_found_premature_polling.json");
const CATALOG_NOT_FOUND: &[u8] =
    include_bytes!("../fixtures/bodies/sp_api/catalog_not_found_own_spelling.json");
const QUOTA_EXCEEDED: &[u8] = include_bytes!("../fixtures/bodies/sp_api/quota_exceeded.json");
const BAD_REQUEST_PAGE: &[u8] =
    include_bytes!("../fixtures/bodies/sp_api/bad_request_rfc7230.html");

const REQUEST_ID: (&str, &str) = ("x-amzn-RequestId", "6875f61f-6aa1-11e8-98c6-9bExample");

/// The messages of the common causes `error.common_causes()` lists, in its
/// order: the matching ones first, then the rest of the status's.
fn cause_messages(error: &ApiError<SpApiErrorCode>) -> Vec<&'static str> {
    error.common_causes().map(|cause| cause.message).collect()
}

#[test]
fn sp_api_invalid_input_date_format_lists_its_common_cause_first() {
    let error = sp_api::parse(400, &[REQUEST_ID], INVALID_INPUT_DATE_FORMAT);
    assert_eq!(error.status(), 400);
    assert_eq!(error.variant(), Some(SpApiErrorCode::InvalidInput));
    assert_eq!(
        error.code(),
        Some(&Code::Known(SpApiErrorCode::InvalidInput))
    );
    assert_eq!(error.message(), Some("Invalid date and time format"));
    assert_eq!(
        error.errors()[0].details(),
        Some("CreatedAfter: 2024-13-01 is not an ISO 8601 date-time")
    );
    assert_eq!(
        error.request_id(),
        Some("6875f61f-6aa1-11e8-98c6-9bExample")
    );

    let causes = cause_messages(&error);
    assert_eq!(causes.len(), 10, "every 400 cause, matching one first");
    assert_eq!(causes[0], "Invalid date and time format");
    assert_eq!(causes[1], "Missing header or required fields");
    let fix = error.common_causes().next().map(|cause| cause.fix);
    assert_eq!(fix, Some("Write every date and time in ISO 8601."));
}

#[test]
fn sp_api_developer_id_message_matches_the_cause_with_a_placeholder() {
    let error = sp_api::parse(400, &[REQUEST_ID], DEVELOPER_ID_NOT_ASSOCIATED);
    assert_eq!(error.variant(), Some(SpApiErrorCode::InvalidInput));
    // An empty `details` is kept as sent, not dropped.
    assert_eq!(error.errors()[0].details(), Some(""));
    assert_eq!(
        cause_messages(&error)[0],
        "Developer ID XXXX-XXXX-XXXX is not associated with the application id"
    );
}

#[test]
fn sp_api_multiple_errors_are_all_kept_in_order_with_their_details() {
    let error = sp_api::parse(400, &[REQUEST_ID], MULTIPLE_INVALID_INPUT);
    let items: Vec<(&str, Option<&str>, Option<&str>)> = error
        .errors()
        .iter()
        .map(|e| (e.code().map_or("", Code::as_str), e.message(), e.details()))
        .collect();
    assert_eq!(
        items,
        [
            (
                "InvalidInput",
                Some("Missing header or required fields"),
                Some("MarketplaceIds is required")
            ),
            (
                "InvalidInput",
                Some("Incorrect identifiers"),
                Some("SellerSKU 'ABC 123' was not found in marketplace ATVPDKIKX0DER")
            ),
            (
                "InvalidParameterValue",
                Some("Invalid nextToken handling"),
                Some("NextToken was modified")
            ),
        ]
    );
    let variants: Vec<Option<SpApiErrorCode>> =
        error.errors().iter().map(|e| e.variant()).collect();
    assert_eq!(
        variants,
        [
            Some(SpApiErrorCode::InvalidInput),
            Some(SpApiErrorCode::InvalidInput),
            None
        ]
    );
    assert_eq!(error.variant(), Some(SpApiErrorCode::InvalidInput));
    assert_eq!(error.errors_dropped(), 0);
    assert_eq!(
        error.to_string(),
        "HTTP 400 InvalidInput: Missing header or required fields (MarketplaceIds is required) \
         (and 2 more) \
         (request id 6875f61f-6aa1-11e8-98c6-9bExample)"
    );
    // Common causes are looked up by the primary error's message.
    assert_eq!(
        cause_messages(&error)[0],
        "Missing header or required fields"
    );
}

#[test]
fn sp_api_revoked_token_403_is_unauthenticated_by_its_details_and_shows_them() {
    let error = sp_api::parse(403, &[REQUEST_ID], UNAUTHORIZED_TOKEN_REVOKED);
    assert_eq!(error.variant(), Some(SpApiErrorCode::AccessTokenRejected));
    assert_eq!(error.kind(), ErrorKind::Unauthenticated);
    assert_eq!(
        error.code(),
        Some(&Code::Known(SpApiErrorCode::Unauthorized))
    );
    assert_eq!(
        error.message(),
        Some("Access to requested resource is denied.")
    );
    assert_eq!(
        error.errors()[0].details(),
        Some("The access token you provided is revoked, malformed or invalid.")
    );
    assert_eq!(
        error.to_string(),
        "HTTP 403 Unauthorized: Access to requested resource is denied. (The access token you \
         provided is revoked, malformed or invalid.) (request id 6875f61f-6aa1-11e8-98c6-9bExample)"
    );
    assert_eq!(
        error.request_id(),
        Some("6875f61f-6aa1-11e8-98c6-9bExample")
    );
    let causes = cause_messages(&error);
    assert_eq!(causes.len(), 8, "every 403 cause");
    assert_eq!(causes[0], "Expired or revoked API tokens");
}

#[test]
fn sp_api_bare_access_denied_403_lists_the_roles_cause_first() {
    let error = sp_api::parse(403, &[REQUEST_ID], UNAUTHORIZED_ACCESS_DENIED);
    assert_eq!(error.variant(), Some(SpApiErrorCode::Unauthorized));
    assert_eq!(error.kind(), ErrorKind::PermissionDenied);
    assert_eq!(
        cause_messages(&error)[0],
        "Missing required SP-API roles or permissions"
    );
}

#[test]
fn sp_api_invalid_signature_is_named_by_its_code_and_matches_no_cause() {
    let error = sp_api::parse(403, &[REQUEST_ID], INVALID_SIGNATURE);
    // 403 is documented for two codes; the code names the one.
    assert_eq!(error.variant(), Some(SpApiErrorCode::InvalidSignature));
    assert_eq!(
        error.message(),
        Some("The request signature we calculated does not match the signature you provided.")
    );
    // No cause matches: all of the 403 causes, in table order.
    let causes = cause_messages(&error);
    assert_eq!(causes.len(), 8);
    assert_eq!(causes[0], "Expired or revoked API tokens");
}

#[test]
fn sp_api_not_found_premature_polling_points_at_waiting() {
    let error = sp_api::parse(404, &[REQUEST_ID], NOT_FOUND_PREMATURE_POLLING);
    assert_eq!(error.variant(), Some(SpApiErrorCode::NotFound));
    assert_eq!(
        cause_messages(&error),
        [
            "Premature polling for an asynchronous creation",
            "Invalid or mistyped resource identifier",
            "Unavailable resource identifier",
        ]
    );
}

#[test]
fn sp_api_catalog_items_not_found_spelling_is_an_alias_of_not_found() {
    let error = sp_api::parse(404, &[REQUEST_ID], CATALOG_NOT_FOUND);
    assert_eq!(error.code(), Some(&Code::Known(SpApiErrorCode::NotFound)));
    assert_eq!(
        error.primary().and_then(|p| p.raw_code()),
        Some("NOT_FOUND")
    );
    assert_eq!(error.variant(), Some(SpApiErrorCode::NotFound));
    assert_eq!(error.kind(), ErrorKind::NotFound);
    assert!(!error.is_retryable());
    assert_eq!(
        error.message(),
        Some("Requested item 'B0CX23V2ZK' not found in marketplace 'ATVPDKIKX0DER'.")
    );
}

#[test]
fn sp_api_quota_exceeded_reads_rate_limit_and_request_id() {
    let headers = [
        ("x-amzn-RateLimit-Limit", "0.0167"),
        REQUEST_ID,
        ("content-type", "application/json"),
    ];
    let error = sp_api::parse(429, &headers, QUOTA_EXCEEDED);
    assert_eq!(error.variant(), Some(SpApiErrorCode::QuotaExceeded));
    assert_eq!(error.rate_limit().requests_per_second(), Some(0.0167));
    // X's window headers are not the SP-API's.
    assert_eq!(error.rate_limit().limit(), None);
    assert_eq!(
        error.request_id(),
        Some("6875f61f-6aa1-11e8-98c6-9bExample")
    );
    // The SP-API sends no Retry-After: backoff is the client's to choose.
    assert_eq!(error.retry_after(), None);
    assert_eq!(
        cause_messages(&error),
        ["You exceeded your quota for the requested resource."]
    );
    assert_eq!(
        error.to_string(),
        "HTTP 429 QuotaExceeded: You exceeded your quota for the requested resource. \
         (request id 6875f61f-6aa1-11e8-98c6-9bExample)"
    );
}

#[test]
fn sp_api_rate_limit_header_that_is_not_a_rate_is_ignored() {
    for value in ["-1", "NaN", "inf", "fast", ""] {
        let headers = [("x-amzn-RateLimit-Limit", value)];
        let error = sp_api::parse(429, &headers, QUOTA_EXCEEDED);
        assert_eq!(error.rate_limit().requests_per_second(), None, "{value:?}");
    }
}

#[test]
fn sp_api_400_html_page_falls_back_on_status_with_its_title() {
    let error = sp_api::parse(400, &[("content-type", "text/html")], BAD_REQUEST_PAGE);
    assert_eq!(error.code(), None);
    assert!(error.errors().is_empty());
    // InvalidInput is the only SP-API code documented with 400, so the
    // status alone names it.
    assert_eq!(error.variant(), Some(SpApiErrorCode::InvalidInput));
    assert_eq!(error.excerpt(), Some("400 Bad Request"));
    assert_eq!(
        error.to_string(),
        "HTTP 400 (invalid_request): 400 Bad Request"
    );
    // Without a message, every 400 cause is a candidate.
    assert_eq!(cause_messages(&error).len(), 10);
}

#[test]
fn sp_api_403_html_page_names_no_variant_since_two_codes_share_403() {
    let page = b"<html><head><title>403 Forbidden</title></head></html>";
    let error = sp_api::parse(403, &[REQUEST_ID], page);
    assert_eq!(error.variant(), None);
    assert_eq!(error.kind(), ErrorKind::PermissionDenied);
    assert_eq!(error.excerpt(), Some("403 Forbidden"));
}

#[test]
fn sp_api_error_serializes_to_json_with_every_item() {
    let headers = [("x-amzn-RateLimit-Limit", "0.5"), REQUEST_ID];
    let error = sp_api::parse(429, &headers, QUOTA_EXCEEDED);
    let value = serde_json::to_value(&error).expect("an ApiError serializes");
    assert_eq!(
        value,
        json!({
            "status": 429,
            "kind": "rate_limited",
            "code": "QuotaExceeded",
            "message": "You exceeded your quota for the requested resource.",
            "errors": [{
                "code": "QuotaExceeded",
                "raw_code": null,
                "variant": "QuotaExceeded",
                "message": "You exceeded your quota for the requested resource.",
                "details": "",
                "parameter": null,
                "value": null,
            }],
            "request_id": "6875f61f-6aa1-11e8-98c6-9bExample",
            "retry_after_ms": null,
            "docs_url": "https://developer-docs.amazon.com/sp-api/docs/troubleshoot-sp-api-errors",
            "request_params": [],
            "excerpt": null,
        })
    );
}

#[test]
fn sp_api_code_round_trips_through_serde_known_and_unknown() {
    let error = sp_api::parse(400, &[REQUEST_ID], MULTIPLE_INVALID_INPUT);
    let known = error.errors()[0].code().cloned().expect("a code");
    let unknown = error.errors()[2].code().cloned().expect("a code");
    assert_eq!(known, Code::Known(SpApiErrorCode::InvalidInput));
    assert_eq!(unknown, Code::Unknown("InvalidParameterValue".into()));
    for code in [known, unknown] {
        let json = serde_json::to_string(&code).expect("a code serializes");
        assert_eq!(json, format!("\"{}\"", code.as_str()));
        let back: Code<SpApiErrorCode> = serde_json::from_str(&json).expect("a code deserializes");
        assert_eq!(back, code);
    }
}

#[test]
fn sp_api_request_id_header_is_matched_whatever_its_case() {
    let headers = [("X-AMZN-REQUESTID", "ABC-123")];
    let error = sp_api::parse(500, &headers, b"");
    assert_eq!(error.request_id(), Some("ABC-123"));
    assert_eq!(error.variant(), Some(SpApiErrorCode::InternalFailure));
}

#[cfg(feature = "http")]
#[test]
fn sp_api_parse_response_reads_rate_limit_and_request_id_from_a_header_map() {
    let response = http::Response::builder()
        .status(429)
        .header("x-amzn-RateLimit-Limit", "0.0167")
        .header("x-amzn-RequestId", "6875f61f-6aa1-11e8-98c6-9bExample")
        .body(QUOTA_EXCEEDED.to_vec())
        .expect("a valid response");
    let error = sp_api::parse_response(&response);
    assert_eq!(error.variant(), Some(SpApiErrorCode::QuotaExceeded));
    assert_eq!(error.rate_limit().requests_per_second(), Some(0.0167));
    assert_eq!(
        error.request_id(),
        Some("6875f61f-6aa1-11e8-98c6-9bExample")
    );
    assert_eq!(
        cause_messages(&error),
        ["You exceeded your quota for the requested resource."]
    );
}

#[cfg(feature = "http")]
#[test]
fn sp_api_parse_response_skips_header_values_that_are_not_visible_ascii() {
    let value = http::HeaderValue::from_bytes(b"caf\xe9-id").expect("obs-text is allowed");
    let response = http::Response::builder()
        .status(403)
        .header("x-amzn-RequestId", value)
        .header("x-request-id", "edge-1")
        .body(UNAUTHORIZED_TOKEN_REVOKED.to_vec())
        .expect("a valid response");
    let error = sp_api::parse_response(&response);
    // The unreadable Amazon id is skipped, the next-best id is used.
    assert_eq!(error.request_id(), Some("edge-1"));
}

#[test]
fn sp_api_bad_security_token_403_invalid_input_is_unauthenticated_with_the_token_cause() {
    let error = sp_api::parse(403, &[REQUEST_ID], INVALID_INPUT_SECURITY_TOKEN);
    assert_eq!(error.variant(), Some(SpApiErrorCode::SecurityTokenRejected));
    assert_eq!(error.kind(), ErrorKind::Unauthenticated);
    assert!(!error.is_retryable());
    assert_eq!(cause_messages(&error)[0], "Expired or revoked API tokens");
    // The same code at 400 is still an invalid request.
    let bad_date = sp_api::parse(400, &[REQUEST_ID], INVALID_INPUT_DATE_FORMAT);
    assert_eq!(bad_date.variant(), Some(SpApiErrorCode::InvalidInput));
}

#[test]
fn sp_api_revoked_token_details_match_the_token_cause_first() {
    let error = sp_api::parse(403, &[REQUEST_ID], UNAUTHORIZED_TOKEN_REVOKED);
    let causes = cause_messages(&error);
    assert_eq!(causes.len(), 8, "every 403 cause");
    assert_eq!(causes[0], "Expired or revoked API tokens");
}
