//! `parse_retry_after` on arbitrary strings and clocks: never panics, never
//! answers more than a day.
#![no_main]

use std::time::{Duration, UNIX_EPOCH};

use api_error_codes::retry::{parse_retry_after, MAX_RETRY_AFTER};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|input: (u32, &str)| {
    let (now_secs, value) = input;
    let now = UNIX_EPOCH + Duration::from_secs(u64::from(now_secs));
    if let Some(delay) = parse_retry_after(value, now) {
        assert!(delay <= MAX_RETRY_AFTER);
    }
});
