//! The X Ads catalog, checked row by row against the documented table.
//!
//! `fixtures/x_ads.tsv` states each row of the current error page once
//! (status, code, in the page's order); `fixtures/x_ads_older.tsv` does the
//! same for the older page of the same API.

use std::collections::BTreeSet;

use api_error_codes::x_ads::XAdsErrorCode;
use api_error_codes::{ApiErrorCode, ErrorKind, RetryAdvice};
use api_error_codes_tests::{assert_unique, status, tsv_rows};

const CURRENT: &str = include_str!("../fixtures/x_ads.tsv");
const OLDER: &str = include_str!("../fixtures/x_ads_older.tsv");

/// The `(status, code)` rows of a fixture.
fn rows(fixture: &'static str) -> Vec<(u16, &'static str)> {
    tsv_rows(fixture)
        .into_iter()
        .map(|[status_field, code]| (status(status_field), code))
        .collect()
}

/// `ACCOUNT_LOCKED_OUT` -> `AccountLockedOut`.
fn upper_camel_case(code: &str) -> String {
    code.split('_')
        .flat_map(|word| {
            let mut chars = word.chars();
            let first = chars.next().map(|c| c.to_ascii_uppercase());
            first
                .into_iter()
                .chain(chars.map(|c| c.to_ascii_lowercase()))
        })
        .collect()
}

/// The variants whose kind is not the one their status gives, because the
/// status misleads.
const KIND_OVERRIDES: &[(XAdsErrorCode, ErrorKind)] = &[
    (XAdsErrorCode::AccountNotFound, ErrorKind::NotFound),
    (XAdsErrorCode::UserNotFound, ErrorKind::NotFound),
    (XAdsErrorCode::InvalidAppStore, ErrorKind::InvalidRequest),
    (XAdsErrorCode::InvalidIabCategory, ErrorKind::InvalidRequest),
    (
        XAdsErrorCode::InvalidIdIllegalCharacters,
        ErrorKind::InvalidRequest,
    ),
    (
        XAdsErrorCode::FundingInstrumentExceedsAvailableCreditLimit,
        ErrorKind::PaymentRequired,
    ),
];

#[test]
fn fixture_states_77_distinct_codes() {
    let rows = rows(CURRENT);
    assert_eq!(rows.len(), 77);
    let codes: Vec<_> = rows.iter().map(|&(_, code)| code).collect();
    assert_unique(&codes, "x_ads.tsv");
}

#[test]
fn every_documented_x_ads_row_is_a_variant() {
    for (status, code) in rows(CURRENT) {
        let variant = XAdsErrorCode::from_code(code)
            .unwrap_or_else(|| panic!("documented code {code} has no variant"));
        assert_eq!(variant.code(), code);
        assert_eq!(variant.status(), status, "status of {code}");
    }
}

#[test]
fn every_x_ads_variant_is_a_documented_row() {
    let rows = rows(CURRENT);
    for variant in XAdsErrorCode::ALL {
        let row = (variant.status(), variant.code());
        assert!(
            rows.contains(&row),
            "{variant:?} {row:?} is not in the table"
        );
    }
    assert_eq!(XAdsErrorCode::ALL.len(), rows.len());
}

#[test]
fn x_ads_variants_follow_the_documents_order() {
    let declared: Vec<_> = XAdsErrorCode::ALL
        .iter()
        .map(|variant| (variant.status(), variant.code()))
        .collect();
    assert_eq!(declared, rows(CURRENT));
}

#[test]
fn x_ads_variant_names_are_the_upper_camel_case_of_their_codes() {
    for variant in XAdsErrorCode::ALL {
        assert_eq!(variant.variant_name(), upper_camel_case(variant.code()));
    }
}

#[test]
fn older_x_ads_page_is_the_current_table_minus_feature_not_available() {
    let current: BTreeSet<_> = rows(CURRENT).into_iter().collect();
    let older: BTreeSet<_> = rows(OLDER).into_iter().collect();
    let only_current: Vec<_> = current.difference(&older).copied().collect();
    let only_older: Vec<_> = older.difference(&current).copied().collect();
    assert_eq!(only_current, [(400, "FEATURE_NOT_AVAILABLE")]);
    assert!(
        only_older.is_empty(),
        "only on the older page: {only_older:?}"
    );
    assert_eq!(rows(OLDER).len(), 76);
}

#[test]
fn x_ads_codes_have_no_docs_url_because_the_page_links_none() {
    for variant in XAdsErrorCode::ALL {
        assert_eq!(variant.docs_url(), None, "{variant:?}");
    }
}

#[test]
fn every_not_found_code_is_classed_not_found_even_when_sent_with_403() {
    let not_found: Vec<_> = XAdsErrorCode::ALL
        .iter()
        .filter(|variant| variant.code().ends_with("NOT_FOUND"))
        .collect();
    assert!(not_found.iter().any(|variant| variant.status() == 403));
    for variant in not_found {
        assert_eq!(variant.kind(), ErrorKind::NotFound, "{variant:?}");
    }
}

#[test]
fn x_ads_kinds_follow_the_status_except_where_it_misleads() {
    for &variant in XAdsErrorCode::ALL {
        let expected = KIND_OVERRIDES
            .iter()
            .find(|&&(overridden, _)| overridden == variant)
            .map_or(ErrorKind::from_status(variant.status()), |&(_, kind)| kind);
        assert_eq!(variant.kind(), expected, "{variant:?}");
    }
}

#[test]
fn x_ads_retry_advice_follows_the_status_because_the_page_gives_none() {
    for variant in XAdsErrorCode::ALL {
        assert_eq!(
            variant.retry(),
            RetryAdvice::from_status(variant.status()),
            "{variant:?}"
        );
    }
    assert!(XAdsErrorCode::TooManyRequests.retry().honors_retry_after());
    assert!(XAdsErrorCode::OverCapacity.is_retryable());
    assert!(!XAdsErrorCode::AccountLockedOut.is_retryable());
}
