//! The Amazon Ads catalog against `fixtures/amazon_ads.tsv`, row by row, and
//! the 401 cases that only their message tells apart.

use std::collections::HashSet;

use api_error_codes::amazon_ads::AmazonAdsErrorCode;
use api_error_codes::{ApiErrorCode, ErrorKind};
use api_error_codes_tests::{assert_unique, status, tsv_rows};

/// One fixture row: status, code, message phrase (`None` when empty).
type Row = (u16, &'static str, Option<&'static str>);

fn fixture() -> Vec<Row> {
    tsv_rows(include_str!("../fixtures/amazon_ads.tsv"))
        .into_iter()
        .map(|[status_field, code, phrase]| {
            let phrase = Some(phrase).filter(|phrase| !phrase.is_empty());
            (status(status_field), code, phrase)
        })
        .collect()
}

fn row_of(variant: AmazonAdsErrorCode) -> Row {
    (variant.status(), variant.code(), variant.message_phrase())
}

#[test]
fn fixture_states_each_row_once() {
    let rows = fixture();
    assert_unique(&rows, "amazon_ads.tsv");
    assert!(!rows.is_empty());
}

#[test]
fn every_fixture_row_has_a_variant_with_that_status() {
    for (status, code, phrase) in fixture() {
        let variant = AmazonAdsErrorCode::all_with_code(code)
            .iter()
            .copied()
            .find(|variant| variant.message_phrase() == phrase)
            .unwrap_or_else(|| panic!("no variant for code {code:?} with phrase {phrase:?}"));
        assert_eq!(
            variant.status(),
            status,
            "{variant:?} has the wrong status for code {code:?}"
        );
    }
}

#[test]
fn every_variant_is_a_fixture_row() {
    let rows: HashSet<Row> = fixture().into_iter().collect();
    for &variant in AmazonAdsErrorCode::ALL {
        assert!(
            rows.contains(&row_of(variant)),
            "{variant:?} {:?} is not in the fixture",
            row_of(variant)
        );
    }
    assert_eq!(AmazonAdsErrorCode::ALL.len(), rows.len());
}

#[test]
fn only_error_statuses_are_variants() {
    for &variant in AmazonAdsErrorCode::ALL {
        assert!(
            (400..=599).contains(&variant.status()),
            "{variant:?} has the non-error status {}",
            variant.status()
        );
    }
}

#[test]
fn amazon_ads_kinds_follow_the_status() {
    // No variant overrides the kind its status gives.
    for &variant in AmazonAdsErrorCode::ALL {
        assert_eq!(
            variant.kind(),
            ErrorKind::from_status(variant.status()),
            "{variant:?}"
        );
    }
}

#[test]
fn amazon_ads_codes_link_to_the_one_errors_page() {
    for &variant in AmazonAdsErrorCode::ALL {
        assert_eq!(
            variant.docs_url(),
            Some("https://advertising.amazon.com/API/docs/en-us/reference/concepts/errors"),
            "{variant:?}"
        );
    }
}

#[test]
fn each_401_message_finds_its_variant() {
    let cases = [
        (
            "No matching advertiser found for scope",
            AmazonAdsErrorCode::NoMatchingAdvertiser,
        ),
        (
            "Amazon-Advertising-API-Scope header is missing",
            AmazonAdsErrorCode::ScopeHeaderMissing,
        ),
        (
            "Scope header is missing",
            AmazonAdsErrorCode::ScopeHeaderMissing,
        ),
        (
            "Not authorized to access scope 3312345678901234",
            AmazonAdsErrorCode::NotAuthorizedForScope,
        ),
        ("Authentication failed", AmazonAdsErrorCode::Unauthorized),
    ];
    for (message, expected) in cases {
        assert_eq!(
            AmazonAdsErrorCode::classify(401, Some("UNAUTHORIZED"), Some(message)),
            Some(expected),
            "message {message:?}"
        );
    }
}

#[test]
fn message_less_401_is_the_generic_unauthorized() {
    assert_eq!(
        AmazonAdsErrorCode::classify(401, Some("UNAUTHORIZED"), None),
        Some(AmazonAdsErrorCode::Unauthorized)
    );
    assert_eq!(
        AmazonAdsErrorCode::classify(401, None, None),
        Some(AmazonAdsErrorCode::Unauthorized)
    );
}

#[test]
fn code_less_401_is_told_apart_by_its_message() {
    assert_eq!(
        AmazonAdsErrorCode::classify(401, None, Some("SCOPE HEADER IS MISSING")),
        Some(AmazonAdsErrorCode::ScopeHeaderMissing)
    );
}

#[test]
fn scope_refusal_sent_with_403_still_finds_the_scope_variant() {
    // The code is more specific than the status: the same body has been seen
    // with 403.
    assert_eq!(
        AmazonAdsErrorCode::classify(
            403,
            Some("UNAUTHORIZED"),
            Some("Not authorized to access scope 1234")
        ),
        Some(AmazonAdsErrorCode::NotAuthorizedForScope)
    );
}

#[test]
fn status_number_code_of_older_versions_weighs_as_the_status() {
    assert_eq!(
        AmazonAdsErrorCode::classify(401, Some("401"), Some("Authentication failed")),
        Some(AmazonAdsErrorCode::Unauthorized)
    );
    assert_eq!(
        AmazonAdsErrorCode::classify(401, Some("401"), Some("Not authorized to access scope 7")),
        Some(AmazonAdsErrorCode::NotAuthorizedForScope)
    );
}

#[test]
fn rate_limit_and_server_errors_retry_and_client_errors_do_not() {
    for &variant in AmazonAdsErrorCode::ALL {
        let should_retry = variant.status() == 429 || variant.status() >= 500;
        assert_eq!(
            variant.is_retryable(),
            should_retry,
            "{variant:?} (status {})",
            variant.status()
        );
    }
    assert!(AmazonAdsErrorCode::TooManyRequests
        .retry()
        .honors_retry_after());
}

#[test]
fn code_parses_and_displays_as_sent() {
    let parsed: AmazonAdsErrorCode = "NOT_FOUND".parse().unwrap();
    assert_eq!(parsed, AmazonAdsErrorCode::NotFound);
    assert_eq!(AmazonAdsErrorCode::TooManyRequests.to_string(), "429");
    assert!("not_found".parse::<AmazonAdsErrorCode>().is_err());
}
