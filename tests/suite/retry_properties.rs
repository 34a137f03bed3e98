//! Properties of the retry side that must hold for any input, checked on
//! generated cases: `Retry-After` values, and the decisions of any policy on
//! any response (the fuzz targets `retry_after` and `retry_decision` check
//! the same ones on a far larger scale).

use std::time::{Duration, UNIX_EPOCH};

use api_error_codes::retry::{Attempt, RetryAfter, RetryDecision, RetryPolicy, MAX_RETRY_AFTER};
use api_error_codes::x_ads;
use proptest::prelude::*;

proptest! {
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
        max_elapsed_ms in proptest::option::of(any::<u32>()),
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
        if let Some(limit) = max_elapsed_ms {
            builder = builder.max_elapsed(Duration::from_millis(u64::from(limit)));
        }
        let policy = builder.build();
        let attempt = Attempt::new(attempt).with_elapsed(Duration::from_millis(u64::from(elapsed_ms)));
        let clock = UNIX_EPOCH + Duration::from_secs(u64::from(now));
        if let RetryDecision::Retry { delay, .. } = policy.decide_at(&error, attempt, clock) {
            prop_assert!(delay <= policy.max_delay());
            prop_assert!(error.is_retryable());
            if let Some(limit) = policy.max_elapsed() {
                prop_assert!(attempt.elapsed().saturating_add(delay) <= limit);
            }
        }
    }
}
