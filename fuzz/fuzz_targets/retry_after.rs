//! `RetryAfter::parse` and `delay_from` on arbitrary strings and clocks:
//! never panics, never answers more than a day.
#![no_main]

use std::time::{Duration, UNIX_EPOCH};

use api_error_codes::retry::{RetryAfter, MAX_RETRY_AFTER};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|input: (u32, &str)| {
    let (now_secs, value) = input;
    let now = UNIX_EPOCH + Duration::from_secs(u64::from(now_secs));
    if let Some(retry_after) = RetryAfter::parse(value) {
        assert!(retry_after.delay_from(now) <= MAX_RETRY_AFTER);
    }
});
