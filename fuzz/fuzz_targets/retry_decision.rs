//! The retry decision on arbitrary responses, attempts, elapsed times,
//! clocks and policy bounds.
//!
//! Invariants: no panic; no delay above the policy's maximum; a
//! non-retryable error is never retried; a retry never comes after the
//! attempts allowed; the time limit is never overrun by the chosen delay;
//! no retry leaves with zero delay. Attempt numbers reach `u32::MAX`.
#![no_main]

use std::time::{Duration, UNIX_EPOCH};

use api_error_codes::retry::{Attempt, RetryDecision, RetryPolicy};
use api_error_codes::{amazon_scraper, sp_api, x_ads, ApiError, ApiErrorCode};
use libfuzzer_sys::fuzz_target;

fn check<E: ApiErrorCode>(policy: &RetryPolicy, error: &ApiError<E>, attempt: Attempt, now_secs: u32) {
    let now = UNIX_EPOCH + Duration::from_secs(u64::from(now_secs));
    let decision = policy.decide_at(error, attempt, now);
    if let RetryDecision::Retry { delay, .. } = decision {
        assert!(delay <= policy.max_delay(), "{delay:?} above {:?}", policy.max_delay());
        assert!(delay >= Duration::from_millis(1), "a zero-delay retry");
        assert!(error.is_retryable(), "a permanent error was retried");
        assert!(attempt.number().max(1) < policy.max_attempts().max(1), "retried past the limit");
        if let Some(limit) = policy.max_elapsed() {
            assert!(attempt.elapsed().saturating_add(delay) <= limit, "max_elapsed overrun");
        }
    }
}

fuzz_target!(|data: &[u8]| {
    let Some((head, rest)) = data.split_first_chunk::<24>() else {
        return;
    };
    let word = |i: usize| u32::from_le_bytes([head[i], head[i + 1], head[i + 2], head[i + 3]]);
    let (attempt, elapsed_ms, now, max_delay_ms, base_ms) = (word(0), word(4), word(8), word(12), word(16));
    let (api, max_attempts, budget_on, status_lo) = (head[20], head[21], head[22], head[23]);
    let mut builder = RetryPolicy::builder()
        .max_attempts(u32::from(max_attempts))
        .max_delay(Duration::from_millis(u64::from(max_delay_ms)))
        .base_delay(Duration::from_millis(u64::from(base_ms)))
        .jitter_seed(u64::from(now));
    if budget_on & 1 == 1 {
        builder = builder.max_elapsed(Duration::from_millis(u64::from(elapsed_ms) * 2));
    }
    let policy = builder.build();
    let attempt = Attempt::new(attempt).with_elapsed(Duration::from_millis(u64::from(elapsed_ms)));
    // Statuses cluster on the interesting ones; the rest of the input is
    // split into a header value and a body.
    let status = [400, 401, 403, 404, 408, 413, 422, 429, 500, 502, 503, 504, 0][usize::from(status_lo) % 13];
    let Some((&header_len, rest)) = rest.split_first() else {
        return;
    };
    let (header_value, body) = rest.split_at(usize::from(header_len).min(rest.len()));
    let header_value = String::from_utf8_lossy(header_value);
    let headers = [
        ("Retry-After", header_value.as_ref()),
        ("x-rate-limit-remaining", "0"),
        ("x-rate-limit-reset", header_value.as_ref()),
        ("x-amzn-RateLimit-Limit", header_value.as_ref()),
    ];
    match api % 3 {
        0 => check(&policy, &x_ads::parse(status, &headers, body), attempt, now),
        1 => check(&policy, &amazon_scraper::parse(status, &headers, body), attempt, now),
        _ => check(&policy, &sp_api::parse(status, &headers, body), attempt, now),
    }
});
