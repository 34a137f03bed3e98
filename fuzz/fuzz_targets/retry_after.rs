//! `RetryAfter::parse_at` and `delay_from` on arbitrary strings and clocks
//! (up to year 9999 and past it): never panics, never answers more than a
//! day; any run of digits is a delay, clamped; an RFC 850 date is never
//! read as more than 50 years after `now`.
#![no_main]

use std::time::{Duration, UNIX_EPOCH};

use api_error_codes::retry::{RetryAfter, MAX_RETRY_AFTER};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|input: (u64, &str)| {
    let (now_secs, value) = input;
    // Up to about year 20000: past 9999, where HTTP dates end.
    let Some(now) = UNIX_EPOCH.checked_add(Duration::from_secs(now_secs % 570_000_000_000)) else {
        return;
    };
    let parsed = RetryAfter::parse_at(value, now);
    let trimmed = value.trim();
    if !trimmed.is_empty() && trimmed.bytes().all(|b| b.is_ascii_digit()) {
        assert!(matches!(parsed, Some(RetryAfter::Delay(_))), "digits not read as a delay: {value:?}");
    }
    if let Some(retry_after) = parsed {
        assert!(retry_after.delay_from(now) <= MAX_RETRY_AFTER);
        if let RetryAfter::At(at) = retry_after {
            if trimmed.contains('-') {
                let fifty_one_years = Duration::from_secs(51 * 366 * 86_400);
                assert!(at.duration_since(now).map_or(true, |ahead| ahead < fifty_one_years), "{value:?}");
            }
        }
    }
});
