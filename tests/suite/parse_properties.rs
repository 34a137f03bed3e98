//! Properties that must hold for any input, checked on generated cases
//! (the fuzz targets in `fuzz/` check the same ones on a far larger scale).

use std::time::{Duration, UNIX_EPOCH};

use api_error_codes::retry::{RetryAfter, MAX_RETRY_AFTER};
use api_error_codes::sanitize::{is_unsafe_char, EXCERPT_LIMIT};
use api_error_codes::x_ads::XAdsErrorCode;
use api_error_codes::{amazon_ads, amazon_scraper, sp_api, x_ads};
use api_error_codes::{ApiError, ApiErrorCode, Code, ErrorKind};
use proptest::prelude::*;

fn check_parsed<E>(status: u16, error: &ApiError<E>) -> Result<(), TestCaseError>
where
    E: ApiErrorCode + PartialEq + std::fmt::Debug + serde::Serialize,
{
    prop_assert_eq!(error.status(), status);
    match error.variant() {
        Some(variant) => prop_assert_eq!(error.kind(), variant.kind()),
        None => prop_assert_eq!(error.kind(), ErrorKind::from_status(status)),
    }
    if let Some(Code::Known(known)) = error.code() {
        prop_assert!(E::all_with_code(known.code()).contains(known));
    }
    if let Some(excerpt) = error.excerpt() {
        prop_assert!(excerpt.chars().count() <= EXCERPT_LIMIT + 3);
        prop_assert!(!excerpt.chars().any(is_unsafe_char));
    }
    let shown = error.to_string();
    prop_assert!(
        !shown.chars().any(is_unsafe_char),
        "unsanitized: {:?}",
        shown
    );
    prop_assert!(serde_json::to_string(error).is_ok());
    Ok(())
}

/// Bodies that look like the APIs' JSON often enough to reach deep code.
fn body() -> impl Strategy<Value = Vec<u8>> {
    let text = "[ -~\\r\\n\\x1b\u{202e}é]{0,12}";
    let json = (text, text, 0u8..6).prop_map(|(code, message, shape)| {
        let code = serde_json::to_string(&code).unwrap();
        let message = serde_json::to_string(&message).unwrap();
        match shape {
            0 => format!(r#"{{"errors":[{{"code":{code},"message":{message}}}]}}"#),
            1 => format!(r#"{{"error":{code},"message":{message},"request_id":{message}}}"#),
            2 => format!(r#"{{"code":{code},"details":{message}}}"#),
            3 => format!(r#"{{"errors":[{{"code":"INVALID_PARAMETER","value":{message}}},{{"code":{code}}}]}}"#),
            4 => format!(r#"{{"errors":{code}}}"#),
            _ => format!("<html><title>{message}</title></html>"),
        }
        .into_bytes()
    });
    prop_oneof![json, proptest::collection::vec(any::<u8>(), 0..256)]
}

fn headers() -> impl Strategy<Value = Vec<(String, String)>> {
    let name = prop_oneof![
        Just("Retry-After".to_owned()),
        Just("x-rate-limit-reset".to_owned()),
        Just("x-rate-limit-remaining".to_owned()),
        Just("x-amzn-RateLimit-Limit".to_owned()),
        Just("x-amzn-RequestId".to_owned()),
        "[a-zA-Z-]{1,12}",
    ];
    proptest::collection::vec((name, "[ -~]{0,40}"), 0..6)
}

proptest! {
    #[test]
    fn every_parser_keeps_status_and_never_panics(status in any::<u16>(), headers in headers(), body in body()) {
        check_parsed(status, &x_ads::parse(status, &headers, &body))?;
        check_parsed(status, &amazon_scraper::parse(status, &headers, &body))?;
        check_parsed(status, &amazon_ads::parse(status, &headers, &body))?;
        check_parsed(status, &sp_api::parse(status, &headers, &body))?;
        let _ = amazon_ads::MultiStatus::parse(&body);
    }

    #[test]
    fn retry_after_is_never_above_the_clamp(value in "[ -~]{0,40}", now in any::<u32>()) {
        let now = UNIX_EPOCH + Duration::from_secs(u64::from(now));
        if let Some(delay) = RetryAfter::parse(&value).map(|r| r.delay_from(now)) {
            prop_assert!(delay <= MAX_RETRY_AFTER);
        }
    }

    #[test]
    fn delay_seconds_read_exactly(seconds in 0u64..=86_400) {
        prop_assert_eq!(RetryAfter::parse(&seconds.to_string()), Some(RetryAfter::Delay(Duration::from_secs(seconds))));
    }

    #[test]
    fn lookups_only_ever_return_their_own_code(code in "[A-Z_a-z0-9#:]{0,40}", status in any::<u16>()) {
        match XAdsErrorCode::from_code(&code) {
            Some(found) => prop_assert_eq!(found.code(), code.as_str()),
            None => {
                prop_assert!(XAdsErrorCode::all_with_code(&code).is_empty());
                prop_assert_eq!(XAdsErrorCode::classify(status, Some(&code), None), None);
            }
        }
        if let Some(found) = XAdsErrorCode::classify(status, None, Some(&code)) {
            prop_assert_eq!(found.status(), status);
        }
    }

    #[test]
    fn a_known_code_is_found_again_whatever_the_status(index in 0usize..77, status in any::<u16>()) {
        let variant = XAdsErrorCode::ALL[index % XAdsErrorCode::ALL.len()];
        let body = format!(r#"{{"errors":[{{"code":"{}"}}]}}"#, variant.code());
        let error = x_ads::parse(status, &(), body.as_bytes());
        prop_assert_eq!(error.code(), Some(&Code::Known(variant)));
    }
}

mod retry_decisions {
    use super::*;
    use api_error_codes::retry::{Attempt, RetryDecision, RetryPolicy};

    proptest! {
        #[test]
        fn no_delay_above_the_maximum_and_no_retry_of_a_permanent_error(
            status in prop_oneof![Just(403u16), Just(408), Just(429), Just(500), Just(502), Just(503), any::<u16>()],
            retry_after in "[0-9]{0,25}|[ -~]{0,30}",
            reset in "[0-9]{0,20}",
            rate in "[0-9.eE+-]{0,12}",
            attempt in any::<u32>(),
            elapsed_ms in any::<u32>(),
            max_delay_ms in any::<u32>(),
            base_ms in any::<u32>(),
            max_attempts in any::<u32>(),
            budget_ms in proptest::option::of(any::<u32>()),
            now in any::<u32>(),
            code in prop_oneof![Just("OVER_CAPACITY"), Just("ACCOUNT_LOCKED_OUT"), Just("TOO_MANY_REQUESTS"), Just("SOMETHING_NEW")],
        ) {
            let headers = [
                ("Retry-After", retry_after.as_str()),
                ("x-rate-limit-remaining", "0"),
                ("x-rate-limit-reset", reset.as_str()),
                ("x-amzn-RateLimit-Limit", rate.as_str()),
            ];
            let body = format!(r#"{{"errors":[{{"code":"{code}"}}]}}"#);
            let error = x_ads::parse(status, &headers, body.as_bytes());
            let mut builder = RetryPolicy::builder()
                .max_attempts(max_attempts)
                .max_delay(Duration::from_millis(u64::from(max_delay_ms)))
                .base_delay(Duration::from_millis(u64::from(base_ms)))
                .jitter_seed(u64::from(now));
            if let Some(budget) = budget_ms {
                builder = builder.budget(Duration::from_millis(u64::from(budget)));
            }
            let policy = builder.build();
            let attempt = Attempt::new(attempt).with_elapsed(Duration::from_millis(u64::from(elapsed_ms)));
            let clock = UNIX_EPOCH + Duration::from_secs(u64::from(now));
            if let RetryDecision::Retry { delay, .. } = policy.decide_at(&error, attempt, clock) {
                prop_assert!(delay <= policy.max_delay());
                prop_assert!(error.is_retryable());
                if let Some(budget) = policy.budget() {
                    prop_assert!(attempt.elapsed().saturating_add(delay) <= budget);
                }
            }
        }
    }
}

/// Every variant of every prebuilt catalog is found again from its own
/// facts: by `classify` with its status, code and phrase, and by
/// `from_code` wherever its code is unique.
#[test]
fn every_prebuilt_variant_is_found_again_from_its_own_facts() {
    fn check<E: ApiErrorCode + PartialEq + std::fmt::Debug>() {
        for variant in E::ALL {
            let again = E::classify(
                variant.status(),
                Some(variant.code()),
                variant.message_phrase(),
            );
            assert_eq!(
                again,
                Some(*variant),
                "{}::{}",
                E::NAME,
                variant.variant_name()
            );
            if E::all_with_code(variant.code()).len() == 1 {
                assert_eq!(E::from_code(variant.code()), Some(*variant));
            }
        }
    }
    check::<XAdsErrorCode>();
    check::<api_error_codes::amazon_scraper::AmazonScraperErrorCode>();
    check::<api_error_codes::amazon_ads::AmazonAdsErrorCode>();
    check::<api_error_codes::sp_api::SpApiErrorCode>();
}
