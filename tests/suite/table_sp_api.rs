//! The SP-API catalogs against their fixtures, row by row, and the lookup of
//! common causes.

use std::collections::HashSet;

use api_error_codes::sp_api::{
    common_causes, SpApiCommonCause, SpApiErrorCode, SpApiOAuthErrorCode, COMMON_CAUSES,
    RATE_LIMIT_HEADER, REQUEST_ID_HEADER,
};
use api_error_codes::{ApiErrorCode, ErrorKind};
use api_error_codes_tests::{assert_unique, status, tsv_rows};

fn code_fixture() -> Vec<(u16, &'static str)> {
    tsv_rows(include_str!("../fixtures/sp_api.tsv"))
        .into_iter()
        .map(|[status_field, code]| (status(status_field), code))
        .collect()
}

fn oauth_fixture() -> Vec<&'static str> {
    tsv_rows(include_str!("../fixtures/sp_api_oauth.tsv"))
        .into_iter()
        .map(|[code]| code)
        .collect()
}

fn cause_fixture() -> Vec<(u16, &'static str)> {
    tsv_rows(include_str!("../fixtures/sp_api_common_causes.tsv"))
        .into_iter()
        .map(|[status_field, message]| (status(status_field), message))
        .collect()
}

// ---- errors[].code ----

#[test]
fn code_fixture_states_each_row_once() {
    let rows = code_fixture();
    assert!(!rows.is_empty());
    assert_unique(&rows, "sp_api.tsv");
}

#[test]
fn every_code_fixture_row_has_a_variant_with_that_status() {
    for (status, code) in code_fixture() {
        let same_code = SpApiErrorCode::all_with_code(code);
        assert!(!same_code.is_empty(), "no variant for code {code:?}");
        assert!(
            same_code.iter().any(|variant| variant.status() == status),
            "no variant for {code:?} has status {status}"
        );
    }
}

#[test]
fn every_code_variant_is_a_fixture_row() {
    let rows: HashSet<(u16, &str)> = code_fixture().into_iter().collect();
    for &variant in SpApiErrorCode::ALL {
        let row = (variant.status(), variant.code());
        assert!(
            rows.contains(&row),
            "{variant:?} {row:?} is not in the fixture"
        );
    }
    // Variants told apart by a message phrase share their row.
    let pairs: HashSet<(u16, &str)> = SpApiErrorCode::ALL
        .iter()
        .map(|variant| (variant.status(), variant.code()))
        .collect();
    assert_eq!(pairs.len(), rows.len());
}

#[test]
fn quota_and_internal_failures_retry_and_the_rest_do_not() {
    for &variant in SpApiErrorCode::ALL {
        let should_retry = matches!(
            variant,
            SpApiErrorCode::QuotaExceeded | SpApiErrorCode::InternalFailure
        );
        assert_eq!(variant.is_retryable(), should_retry, "{variant:?}");
    }
    assert!(SpApiErrorCode::QuotaExceeded.retry().honors_retry_after());
}

#[test]
fn sp_api_kinds_follow_the_status_except_the_bad_signature() {
    // A 403 for a wrong signature is a failed authentication, not a refusal.
    for &variant in SpApiErrorCode::ALL {
        let expected = match variant {
            SpApiErrorCode::InvalidSignature
            | SpApiErrorCode::AccessTokenRejected
            | SpApiErrorCode::SecurityTokenRejected => ErrorKind::Unauthenticated,
            _ => ErrorKind::from_status(variant.status()),
        };
        assert_eq!(variant.kind(), expected, "{variant:?}");
    }
}

#[test]
fn sp_api_codes_link_to_the_troubleshooting_page() {
    for &variant in SpApiErrorCode::ALL {
        assert_eq!(
            variant.docs_url(),
            Some("https://developer-docs.amazon.com/sp-api/docs/troubleshoot-sp-api-errors"),
            "{variant:?}"
        );
    }
}

#[test]
fn a_403_without_code_is_ambiguous_and_an_api_specific_code_is_unknown() {
    assert_eq!(SpApiErrorCode::classify(403, None, None), None);
    assert_eq!(
        SpApiErrorCode::classify(404, Some("NOT_FOUND"), Some("Requested item not found")),
        Some(SpApiErrorCode::NotFound)
    );
    assert_eq!(
        SpApiErrorCode::classify(429, None, None),
        Some(SpApiErrorCode::QuotaExceeded)
    );
}

#[test]
fn headers_are_named_as_amazon_sends_them() {
    assert_eq!(RATE_LIMIT_HEADER, "x-amzn-RateLimit-Limit");
    assert_eq!(REQUEST_ID_HEADER, "x-amzn-RequestId");
}

// ---- OAuth authorization codes ----

#[test]
fn oauth_fixture_states_each_code_once() {
    let codes = oauth_fixture();
    assert!(!codes.is_empty());
    assert_unique(&codes, "sp_api_oauth.tsv");
}

#[test]
fn every_oauth_fixture_code_has_a_variant() {
    for code in oauth_fixture() {
        let variant = SpApiOAuthErrorCode::from_code(code)
            .unwrap_or_else(|| panic!("no OAuth variant for {code:?}"));
        assert_eq!(variant.code(), code);
    }
}

#[test]
fn every_oauth_variant_is_a_fixture_code() {
    let codes: HashSet<&str> = oauth_fixture().into_iter().collect();
    for &variant in SpApiOAuthErrorCode::ALL {
        assert!(
            codes.contains(variant.code()),
            "{variant:?} {:?} is not in the fixture",
            variant.code()
        );
    }
    assert_eq!(SpApiOAuthErrorCode::ALL.len(), codes.len());
}

#[test]
fn oauth_code_round_trips_through_display_and_from_str() {
    for &variant in SpApiOAuthErrorCode::ALL {
        let text = variant.to_string();
        assert_eq!(text, variant.code());
        assert_eq!(text.parse::<SpApiOAuthErrorCode>(), Ok(variant));
    }
}

#[test]
fn unknown_oauth_code_keeps_raw_string() {
    let error = "MD9999".parse::<SpApiOAuthErrorCode>().unwrap_err();
    assert_eq!(error.code(), "MD9999");
    assert_eq!(error.catalog(), "SpApiOAuthErrorCode");
    assert_eq!(
        SpApiOAuthErrorCode::from_code("consent_limit_reached"),
        None
    );
}

// ---- common causes ----

#[test]
fn cause_fixture_states_each_row_once() {
    let rows = cause_fixture();
    assert!(!rows.is_empty());
    assert_unique(&rows, "sp_api_common_causes.tsv");
}

#[test]
fn common_causes_match_the_fixture_in_order() {
    let table: Vec<(u16, &str)> = COMMON_CAUSES
        .iter()
        .map(|cause| (cause.status, cause.message))
        .collect();
    assert_eq!(table, cause_fixture());
}

#[test]
fn every_cause_explains_itself_in_other_words() {
    for cause in COMMON_CAUSES {
        assert!(!cause.meaning.trim().is_empty(), "{cause:?} has no meaning");
        assert!(!cause.fix.trim().is_empty(), "{cause:?} has no fix");
        assert_ne!(
            cause.meaning, cause.message,
            "{cause:?} repeats its message"
        );
        assert_ne!(cause.fix, cause.meaning, "{cause:?} repeats its meaning");
    }
}

#[test]
fn causes_are_found_by_status_in_table_order() {
    for status in [400, 403, 404, 429] {
        let found: Vec<&SpApiCommonCause> = common_causes(status, None).collect();
        let expected: Vec<&SpApiCommonCause> = COMMON_CAUSES
            .iter()
            .filter(|cause| cause.status == status)
            .collect();
        assert!(!found.is_empty(), "no causes for {status}");
        assert_eq!(found, expected, "status {status}");
    }
    assert_eq!(common_causes(400, None).count(), 10);
    assert_eq!(common_causes(403, None).count(), 8);
    assert_eq!(common_causes(404, None).count(), 3);
    assert_eq!(common_causes(429, None).count(), 1);
}

#[test]
fn status_without_causes_finds_none() {
    assert_eq!(common_causes(500, None).count(), 0);
    assert_eq!(common_causes(418, Some("Region mismatch")).count(), 0);
}

#[test]
fn cause_whose_message_occurs_comes_first() {
    let sent = "Premature polling for an asynchronous creation: report 12345 is not ready";
    let found: Vec<&str> = common_causes(404, Some(sent))
        .map(|cause| cause.message)
        .collect();
    assert_eq!(
        found,
        [
            "Premature polling for an asynchronous creation",
            "Invalid or mistyped resource identifier",
            "Unavailable resource identifier",
        ]
    );
}

#[test]
fn cause_message_matches_ignoring_ascii_case() {
    let first = common_causes(403, Some("error: REGION MISMATCH"))
        .next()
        .unwrap();
    assert_eq!(first.message, "Region mismatch");
}

#[test]
fn cause_message_is_not_matched_under_another_status() {
    // The 403 message sent with a 400 matches nothing: table order stays.
    let first = common_causes(400, Some("Region mismatch")).next().unwrap();
    assert_eq!(first.message, "Missing header or required fields");
}

#[test]
fn placeholder_in_cause_message_stands_for_any_id() {
    let sent = "Developer ID 1234-5678-9012 is not associated with the application id amzn1.sp.solution.abc";
    let first = common_causes(400, Some(sent)).next().unwrap();
    assert_eq!(
        first.message,
        "Developer ID XXXX-XXXX-XXXX is not associated with the application id"
    );
    assert!(first.matches(sent));
    assert!(!first.matches("Developer ID 1234-5678-9012 is associated with the application id"));
    assert!(!first.matches("is not associated with the application id Developer ID"));
}

#[test]
fn unmatched_message_keeps_table_order() {
    let found: Vec<&SpApiCommonCause> =
        common_causes(403, Some("something nobody documented")).collect();
    let plain: Vec<&SpApiCommonCause> = common_causes(403, None).collect();
    assert_eq!(found, plain);
}
