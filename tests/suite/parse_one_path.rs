//! One parse path: each API module's `parse` (and, with the `http` feature,
//! its `parse_response`) is `ApiError::parse` and adds nothing of its own,
//! on every body under `fixtures/bodies/<api>/` and a few odd ones, with and
//! without the headers the APIs send. What a parse of the path holds is
//! then checked once, by the `parse_<api>` files, whichever entry point a
//! user calls.

use std::fmt::Debug;
use std::fs;
use std::path::Path;

use api_error_codes::amazon_ads::{self, AmazonAdsErrorCode};
use api_error_codes::amazon_scraper::{self, AmazonScraperErrorCode};
use api_error_codes::sp_api::{self, SpApiErrorCode};
use api_error_codes::x_ads::{self, XAdsErrorCode};
use api_error_codes::{ApiError, ApiErrorCode, ErrorKind, RetryAdvice};

type Headers = [(&'static str, &'static str)];

/// Every header any of the four APIs is read for, and one it is not.
const HEADERS: &Headers = &[
    ("content-type", "application/json"),
    ("Retry-After", "7"),
    ("x-rate-limit-limit", "2000"),
    ("x-rate-limit-remaining", "0"),
    ("x-rate-limit-reset", "1700000900"),
    ("x-amzn-RateLimit-Limit", "0.5"),
    ("x-amzn-RequestId", "5d1b8c3e-7f0a"),
    ("x-transaction-id", "b2a1c3d4e5f60718"),
    ("x-request-id", "edge-77f0"),
];
const NO_HEADERS: &Headers = &[];

/// Statuses the APIs document, a success, and one nobody does.
const STATUSES: [u16; 11] = [200, 400, 401, 402, 403, 404, 422, 429, 502, 503, 600];

/// Bodies no fixture has: empty, an HTML page, JSON cut short.
const ODD_BODIES: [(&str, &[u8]); 3] = [
    ("empty", b""),
    (
        "html",
        b"<html><head><title>502 Bad Gateway</title></head></html>",
    ),
    (
        "truncated json",
        br#"{"errors":[{"code":"INVALID_PARAMETER","message":"Expected ti"#,
    ),
];

/// The entry points of one API module.
struct Api<E: 'static> {
    name: &'static str,
    parse: fn(u16, &Headers, &[u8]) -> ApiError<E>,
    #[cfg(feature = "http")]
    parse_response: fn(&http::Response<Vec<u8>>) -> ApiError<E>,
}

const X_ADS: Api<XAdsErrorCode> = Api {
    name: "x_ads",
    parse: x_ads::parse,
    #[cfg(feature = "http")]
    parse_response: x_ads::parse_response,
};
const AMAZON_SCRAPER: Api<AmazonScraperErrorCode> = Api {
    name: "amazon_scraper",
    parse: amazon_scraper::parse,
    #[cfg(feature = "http")]
    parse_response: amazon_scraper::parse_response,
};
const AMAZON_ADS: Api<AmazonAdsErrorCode> = Api {
    name: "amazon_ads",
    parse: amazon_ads::parse,
    #[cfg(feature = "http")]
    parse_response: amazon_ads::parse_response,
};
const SP_API: Api<SpApiErrorCode> = Api {
    name: "sp_api",
    parse: sp_api::parse,
    #[cfg(feature = "http")]
    parse_response: sp_api::parse_response,
};

/// The recorded bodies of `api` (`fixtures/bodies/<api>/*`), by file name,
/// then the odd ones.
fn bodies(api: &str) -> Vec<(String, Vec<u8>)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures/bodies")
        .join(api);
    let mut bodies: Vec<(String, Vec<u8>)> = fs::read_dir(&dir)
        .unwrap_or_else(|err| panic!("{} cannot be read: {err}", dir.display()))
        .map(|entry| {
            let path = entry.expect("a readable directory entry").path();
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            let body = fs::read(&path).expect("a readable fixture");
            (name, body)
        })
        .collect();
    bodies.sort();
    assert!(!bodies.is_empty(), "no fixtures in {}", dir.display());
    bodies.extend(
        ODD_BODIES
            .iter()
            .map(|&(name, body)| (name.to_owned(), body.to_vec())),
    );
    bodies
}

/// One response to parse: a body, a status and a header set.
struct Case {
    label: String,
    status: u16,
    headers: &'static Headers,
    body: Vec<u8>,
}

/// Every body of `api`, with every status and header set.
fn cases(api: &str) -> Vec<Case> {
    let mut cases = Vec::new();
    for (name, body) in bodies(api) {
        for status in STATUSES {
            for headers in [HEADERS, NO_HEADERS] {
                cases.push(Case {
                    label: format!("{api} {name} {status} ({} headers)", headers.len()),
                    status,
                    headers,
                    body: body.clone(),
                });
            }
        }
    }
    cases
}

#[cfg(feature = "http")]
fn response(status: u16, headers: &Headers, body: &[u8]) -> http::Response<Vec<u8>> {
    let mut builder = http::Response::builder().status(status);
    for &(name, value) in headers {
        builder = builder.header(name, value);
    }
    builder.body(body.to_vec()).expect("a valid response")
}

fn assert_one_path<E>(api: &Api<E>)
where
    E: ApiErrorCode + PartialEq + Debug,
{
    for case in cases(api.name) {
        let (label, status, headers, body) = (&case.label, case.status, case.headers, &case.body);
        let parsed = (api.parse)(status, headers, body);
        assert_eq!(
            parsed,
            ApiError::<E>::parse(status, headers, body),
            "{label}: module parse"
        );
        #[cfg(feature = "http")]
        assert_eq!(
            (api.parse_response)(&response(status, headers, body)),
            parsed,
            "{label}: parse_response"
        );
    }
}

#[test]
fn every_api_module_parses_through_the_one_parse_path() {
    assert_one_path(&X_ADS);
    assert_one_path(&AMAZON_SCRAPER);
    assert_one_path(&AMAZON_ADS);
    assert_one_path(&SP_API);
}

/// The kind and retry advice of a parse are its variant's, which the
/// `table_*` tests own, or its status's when no variant fits; so the
/// `parse_<api>` tests need assert only the variant.
fn assert_facts_follow_the_variant<E>(api: &Api<E>)
where
    E: ApiErrorCode + Debug,
{
    for case in cases(api.name) {
        let parsed = (api.parse)(case.status, case.headers, &case.body);
        let (kind, advice) = match parsed.variant() {
            Some(variant) => (variant.kind(), variant.retry()),
            None => (
                ErrorKind::from_status(case.status),
                RetryAdvice::from_status(case.status),
            ),
        };
        let label = &case.label;
        assert_eq!(parsed.kind(), kind, "{label}");
        assert_eq!(parsed.retry_advice(), advice, "{label}");
        assert_eq!(parsed.is_retryable(), advice.is_retryable(), "{label}");
    }
}

#[test]
fn kind_and_retry_advice_are_the_variants_or_the_statuses() {
    assert_facts_follow_the_variant(&X_ADS);
    assert_facts_follow_the_variant(&AMAZON_SCRAPER);
    assert_facts_follow_the_variant(&AMAZON_ADS);
    assert_facts_follow_the_variant(&SP_API);
}
