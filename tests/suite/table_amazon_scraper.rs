//! The Amazon Scraper catalog, checked row by row against the documented
//! table.
//!
//! `fixtures/amazon_scraper.tsv` states each row once: status, code and the
//! table's retry advice (`never`, `backoff`, `attempts=N,delay=D`,
//! `delay=D`, `retry_after`).

use std::time::Duration;

use api_error_codes::amazon_scraper::AmazonScraperErrorCode;
use api_error_codes::{ApiErrorCode, ErrorKind, RetryAdvice};
use api_error_codes_tests::{assert_unique, status, tsv_rows};

const TABLE: &str = include_str!("../fixtures/amazon_scraper.tsv");

/// The facts a row states about retrying, in the terms of [`RetryAdvice`]'s
/// accessors.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Retry {
    retryable: bool,
    max_attempts: Option<u32>,
    min_delay: Duration,
    honors_retry_after: bool,
}

impl Retry {
    const NEVER: Retry = Retry {
        retryable: false,
        max_attempts: None,
        min_delay: Duration::ZERO,
        honors_retry_after: false,
    };
    const BACKOFF: Retry = Retry {
        retryable: true,
        ..Retry::NEVER
    };

    fn of(advice: RetryAdvice) -> Retry {
        Retry {
            retryable: advice.is_retryable(),
            max_attempts: advice.max_attempts(),
            min_delay: advice.min_delay(),
            honors_retry_after: advice.honors_retry_after(),
        }
    }

    fn parse(spec: &str) -> Retry {
        match spec {
            "never" => Retry::NEVER,
            "backoff" => Retry::BACKOFF,
            "retry_after" => Retry {
                honors_retry_after: true,
                ..Retry::BACKOFF
            },
            _ => spec
                .split(',')
                .fold(Retry::BACKOFF, |retry, item| match item.split_once('=') {
                    Some(("attempts", n)) => Retry {
                        max_attempts: Some(n.parse().expect("attempts is a number")),
                        ..retry
                    },
                    Some(("delay", d)) => Retry {
                        min_delay: parse_duration(d),
                        ..retry
                    },
                    _ => panic!("unknown retry item {item:?} in {spec:?}"),
                }),
        }
    }
}

/// `500ms`, `2s`, `1m`.
fn parse_duration(text: &str) -> Duration {
    let split = text
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or_else(|| panic!("no unit in {text:?}"));
    let (number, unit) = text.split_at(split);
    let number: u64 = number.parse().expect("a whole number");
    match unit {
        "ms" => Duration::from_millis(number),
        "s" => Duration::from_secs(number),
        "m" => Duration::from_secs(number * 60),
        _ => panic!("unknown unit in {text:?}"),
    }
}

/// The `(status, code, retry)` rows of the fixture.
fn rows() -> Vec<(u16, &'static str, Retry)> {
    tsv_rows(TABLE)
        .into_iter()
        .map(|[status_field, code, retry]| (status(status_field), code, Retry::parse(retry)))
        .collect()
}

#[test]
fn fixture_states_16_distinct_codes() {
    let rows = rows();
    assert_eq!(rows.len(), 16);
    let codes: Vec<_> = rows.iter().map(|&(_, code, _)| code).collect();
    assert_unique(&codes, "amazon_scraper.tsv");
}

#[test]
fn every_documented_amazon_scraper_row_is_a_variant() {
    for (status, code, _) in rows() {
        let variant = AmazonScraperErrorCode::from_code(code)
            .unwrap_or_else(|| panic!("documented code {code} has no variant"));
        assert_eq!(variant.code(), code);
        assert_eq!(variant.status(), status, "status of {code}");
    }
}

#[test]
fn every_amazon_scraper_variant_is_a_documented_row() {
    let rows = rows();
    for variant in AmazonScraperErrorCode::ALL {
        assert!(
            rows.iter()
                .any(|&(status, code, _)| (status, code) == (variant.status(), variant.code())),
            "{variant:?} is not in the table"
        );
    }
    assert_eq!(AmazonScraperErrorCode::ALL.len(), rows.len());
}

#[test]
fn amazon_scraper_variants_follow_the_documents_order() {
    let declared: Vec<_> = AmazonScraperErrorCode::ALL
        .iter()
        .map(|variant| (variant.status(), variant.code()))
        .collect();
    let documented: Vec<_> = rows()
        .into_iter()
        .map(|(status, code, _)| (status, code))
        .collect();
    assert_eq!(declared, documented);
}

#[test]
fn amazon_scraper_retry_advice_matches_the_table() {
    for (_, code, expected) in rows() {
        let variant = AmazonScraperErrorCode::from_code(code)
            .unwrap_or_else(|| panic!("documented code {code} has no variant"));
        assert_eq!(
            Retry::of(variant.retry()),
            expected,
            "retry advice of {code}"
        );
        assert_eq!(variant.is_retryable(), expected.retryable, "{code}");
    }
}

#[test]
fn upstream_timeout_allows_four_attempts_two_seconds_apart() {
    let advice = AmazonScraperErrorCode::UpstreamTimeout.retry();
    assert_eq!(advice.max_attempts(), Some(4));
    assert_eq!(advice.min_delay(), Duration::from_secs(2));
    assert!(!advice.honors_retry_after());
}

#[test]
fn statuses_the_canonical_loop_treats_as_permanent_are_never_retried() {
    let permanent = [400, 401, 402, 403, 404, 501];
    let mut seen = 0;
    for variant in AmazonScraperErrorCode::ALL {
        if permanent.contains(&variant.status()) {
            seen += 1;
            assert!(!variant.is_retryable(), "{variant:?}");
        }
    }
    assert_eq!(seen, 7);
}

#[test]
fn insufficient_credits_is_left_to_a_person() {
    let credits = AmazonScraperErrorCode::InsufficientCredits;
    assert!(!credits.is_retryable());
    assert_eq!(credits.kind(), ErrorKind::PaymentRequired);
    assert!(
        credits.description().contains("not retried automatically"),
        "{:?}",
        credits.description()
    );
}

#[test]
fn amazon_scraper_kinds_follow_the_code_where_the_status_misleads() {
    use AmazonScraperErrorCode as E;
    let overrides = [
        (E::BlockedByAmazon, ErrorKind::Unavailable),
        (E::TargetUnreachable, ErrorKind::Unavailable),
        (E::AsinMismatch, ErrorKind::NotFound),
        (E::GenericGalleryPage, ErrorKind::NotFound),
        (E::Capacity, ErrorKind::RateLimited),
    ];
    for &variant in E::ALL {
        let expected = overrides
            .iter()
            .find(|&&(overridden, _)| overridden == variant)
            .map_or(ErrorKind::from_status(variant.status()), |&(_, kind)| kind);
        assert_eq!(variant.kind(), expected, "{variant:?}");
    }
    assert!(!E::AsinMismatch.kind().is_transient());
    assert!(!E::GenericGalleryPage.kind().is_transient());
}

#[test]
fn amazon_scraper_docs_url_links_to_the_codes_row() {
    for variant in AmazonScraperErrorCode::ALL {
        let expected = format!(
            "https://amazonscraperapi.com/docs/guides/errors#{}",
            variant.code()
        );
        assert_eq!(variant.docs_url(), Some(expected.as_str()), "{variant:?}");
    }
}
