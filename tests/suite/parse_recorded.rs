//! Bodies and headers as the live APIs sent them (issue 12): each fixture
//! names its source in `fixtures/bodies/SOURCES.tsv`.

use std::collections::BTreeSet;
use std::path::Path;
use std::time::{Duration, UNIX_EPOCH};

use api_error_codes::amazon_ads::{self, AmazonAdsErrorCode, MultiStatus};
use api_error_codes::login_with_amazon::{self, LwaErrorCode};
use api_error_codes::{x_ads, ApiErrorCode, Code, ErrorKind};

const REPORTING_V3_DETAIL: &[u8] =
    include_bytes!("../fixtures/bodies/amazon_ads/reporting_v3_detail.json");
const STATUS_CODE_401: &[u8] =
    include_bytes!("../fixtures/bodies/amazon_ads/status_code_401_authentication_failed.json");
const BATCH_SERVER_IS_BUSY: &[u8] =
    include_bytes!("../fixtures/bodies/amazon_ads/batch_server_is_busy.json");
const LWA_INVALID_GRANT: &[u8] =
    include_bytes!("../fixtures/bodies/login_with_amazon/invalid_grant_refresh_token.json");
const LWA_INVALID_REQUEST: &[u8] =
    include_bytes!("../fixtures/bodies/login_with_amazon/invalid_request_malformed.json");

#[test]
fn amazon_ads_reporting_detail_reaches_message_display_and_serde() {
    let error = amazon_ads::parse(400, &(), REPORTING_V3_DETAIL);
    assert_eq!(
        error.message(),
        Some("Invalid Advertiser or Marketplace ID.")
    );
    assert_eq!(error.variant(), Some(AmazonAdsErrorCode::BadRequest));
    assert_eq!(
        error.to_string(),
        "HTTP 400 400: Invalid Advertiser or Marketplace ID."
    );
    let json = serde_json::to_value(&error).expect("serializes");
    assert_eq!(json["message"], "Invalid Advertiser or Marketplace ID.");
    assert_eq!(
        json["errors"][0]["message"],
        "Invalid Advertiser or Marketplace ID."
    );
}

#[test]
fn message_is_read_under_each_name_real_bodies_use() {
    for (body, expected) in [
        (
            &br#"{"errorMessage":"Invalid token","code":"x"}"#[..],
            "Invalid token",
        ),
        (
            br#"{"title":"Bad Request","detail":"startDate is after endDate"}"#,
            "startDate is after endDate",
        ),
        (br#"{"title":"Bad Request"}"#, "Bad Request"),
        (
            br#"{"error":"invalid_grant","error_description":"expired"}"#,
            "expired",
        ),
        (br#"{"message":"first","detail":"second"}"#, "first"),
        // Not strings, nested, repeated: a value or nothing, never a panic.
        (
            br#"{"detail":{"a":[1]},"title":7,"errorMessage":null}"#,
            "7",
        ),
        (br#"{"detail":"a","detail":"b"}"#, "b"),
    ] {
        let error = amazon_ads::parse(400, &(), body);
        assert_eq!(
            error.message(),
            Some(expected),
            "{}",
            String::from_utf8_lossy(body)
        );
    }
}

#[test]
fn amazon_ads_status_number_401_lets_the_message_decide_the_case() {
    let error = amazon_ads::parse(
        401,
        &[("x-amz-rid", "K144VZX9J0CCDG4229C5")],
        STATUS_CODE_401,
    );
    assert_eq!(
        error.code(),
        Some(&Code::Known(AmazonAdsErrorCode::Unauthorized))
    );
    assert_eq!(error.variant(), Some(AmazonAdsErrorCode::Unauthorized));
    assert_eq!(error.kind(), ErrorKind::Unauthenticated);
    // The body's own requestId wins over the header.
    assert_eq!(error.request_id(), Some("K144VZX9J0CCDG4229C5"));
    assert_eq!(
        AmazonAdsErrorCode::classify(
            401,
            Some("401"),
            Some("Amazon-Advertising-API-Scope header is missing")
        ),
        Some(AmazonAdsErrorCode::ScopeHeaderMissing)
    );
}

#[test]
fn amazon_ads_request_id_falls_back_on_x_amz_rid_then_ranks_below_x_amzn_request_id() {
    let error = amazon_ads::parse(404, &[("x-amz-rid", "RID1")], b"{}");
    assert_eq!(error.request_id(), Some("RID1"));
    let both = amazon_ads::parse(
        404,
        &[("x-amz-rid", "RID1"), ("x-amzn-RequestId", "REQ2")],
        b"",
    );
    assert_eq!(both.request_id(), Some("REQ2"));
    let huge = "r".repeat(5000);
    let ignored = amazon_ads::parse(404, &[("x-amz-rid", huge.as_str())], b"");
    assert_eq!(ignored.request_id(), None);
}

#[test]
fn amazon_ads_batch_items_have_their_codes_kind_retry_advice_and_raw_value() {
    let batch = MultiStatus::parse(BATCH_SERVER_IS_BUSY);
    assert!(batch.is_recognized());
    let [busy, invalid] = batch.failures() else {
        panic!("two failures expected: {batch:?}");
    };
    assert_eq!(busy.variant(), Some(AmazonAdsErrorCode::ServerIsBusy));
    assert_eq!(busy.kind(), ErrorKind::Unavailable);
    assert!(busy.is_retryable());
    assert_eq!(busy.value()["keywordId"], 0);
    assert_eq!(invalid.variant(), Some(AmazonAdsErrorCode::InvalidArgument));
    assert_eq!(invalid.kind(), ErrorKind::InvalidRequest);
    assert!(!invalid.retry_advice().is_retryable());
    assert_eq!(
        invalid.errors()[0].message(),
        Some("End date cannot be before start date")
    );
    assert_eq!(invalid.value()["code"], "INVALID_ARGUMENT");
    assert_eq!(batch.successes().len(), 1);
}

#[test]
fn x_ads_account_window_headers_are_read_and_its_reset_is_the_wait() {
    // The headers of twitterdev/twitter-python-ads-sdk tests/test_rate_limit.py.
    let headers = [
        ("x-account-rate-limit-limit", "10000"),
        ("x-account-rate-limit-remaining", "0"),
        ("x-account-rate-limit-reset", "1546300800"),
        ("x-rate-limit-remaining", "250"),
        ("x-rate-limit-reset", "1546300000"),
    ];
    let error = x_ads::parse(429, &headers, b"");
    let rate_limit = error.rate_limit();
    assert_eq!(rate_limit.account_limit(), Some(10000));
    assert_eq!(rate_limit.account_remaining(), Some(0));
    assert_eq!(
        rate_limit.account_reset(),
        Some(UNIX_EPOCH + Duration::from_secs(1_546_300_800))
    );
    let now = UNIX_EPOCH + Duration::from_secs(1_546_300_500);
    assert_eq!(
        rate_limit.exhausted_reset_after(now),
        Some(Duration::from_secs(300))
    );
    // An account window with requests left asks for no wait.
    let open = x_ads::parse(
        429,
        &[
            ("x-account-rate-limit-remaining", "9999"),
            ("x-account-rate-limit-reset", "1546300800"),
        ],
        b"",
    );
    assert_eq!(open.rate_limit().exhausted_reset_after(now), None);
    // Hostile values are ignored, not trusted.
    let hostile = x_ads::parse(
        429,
        &[
            ("x-account-rate-limit-remaining", "-1"),
            ("x-account-rate-limit-reset", "99999999999999999999"),
        ],
        b"",
    );
    assert!(hostile.rate_limit().is_empty());
}

#[test]
fn lwa_invalid_grant_is_unauthenticated_not_retryable_with_its_description() {
    let error = login_with_amazon::parse(400, &(), LWA_INVALID_GRANT);
    assert_eq!(error.variant(), Some(LwaErrorCode::InvalidGrant));
    assert_eq!(error.kind(), ErrorKind::Unauthenticated);
    assert!(!error.is_retryable());
    assert_eq!(
        error.to_string(),
        "HTTP 400 invalid_grant: The request has an invalid grant parameter : refresh_token"
    );
}

#[test]
fn lwa_malformed_request_is_invalid_request_and_every_code_says_do_not_retry() {
    let error = login_with_amazon::parse(400, &(), LWA_INVALID_REQUEST);
    assert_eq!(error.variant(), Some(LwaErrorCode::InvalidRequest));
    assert_eq!(error.message(), Some("Malformed request"));
    for code in LwaErrorCode::ALL {
        assert!(!code.is_retryable(), "{code:?}");
        assert!(
            !code.description().is_empty(),
            "{code:?} says how to recover"
        );
    }
    assert_eq!(LwaErrorCode::ALL.len(), 6, "RFC 6749 section 5.2");
}

#[test]
fn every_body_fixture_names_its_source() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/bodies");
    let listed: BTreeSet<String> = include_str!("../fixtures/bodies/SOURCES.tsv")
        .lines()
        .filter(|line| !line.starts_with('#') && !line.trim().is_empty())
        .map(|line| {
            let (file, source) = line.split_once('\t').unwrap_or((line, ""));
            assert!(!source.trim().is_empty(), "{file} names no source");
            file.to_owned()
        })
        .collect();
    let mut found = BTreeSet::new();
    for api in std::fs::read_dir(&dir).expect("fixtures/bodies") {
        let api = api.expect("entry").path();
        if !api.is_dir() {
            continue;
        }
        for file in std::fs::read_dir(&api).expect("api dir") {
            let file = file.expect("entry").path();
            let relative = file.strip_prefix(&dir).expect("under bodies");
            found.insert(relative.to_string_lossy().replace('\\', "/"));
        }
    }
    assert_eq!(listed, found);
}
