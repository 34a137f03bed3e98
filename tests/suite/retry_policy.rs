//! `RetryPolicy::decide`: each guarantee of the retry module, one test each,
//! with an injected clock and no sleeping.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use api_error_codes::amazon_scraper::{self, AmazonScraperErrorCode};
use api_error_codes::retry::{
    Attempt, DelaySource, Idempotency, Jitter, RetryAfter, RetryDecision, RetryPolicy, StopReason,
    MAX_RETRY_AFTER,
};
use api_error_codes::x_ads::{self, XAdsErrorCode};
use api_error_codes::{sp_api, ApiError, ApiErrorCode};

const SECOND: Duration = Duration::from_secs(1);

/// Sun, 06 Nov 1994 08:49:37 GMT, the date of RFC 9110's examples.
fn now() -> SystemTime {
    UNIX_EPOCH + Duration::from_secs(784_111_777)
}

fn secs(n: u64) -> Duration {
    Duration::from_secs(n)
}

/// A policy whose backoff is exactly `base × 2^(n−1)`, for exact assertions.
fn exact() -> RetryPolicy {
    RetryPolicy::builder().jitter(Jitter::None).build()
}

fn scraper(status: u16, code: &str, headers: &[(&str, &str)]) -> ApiError<AmazonScraperErrorCode> {
    let body = format!(r#"{{"error":"{code}","message":"m","request_id":"req_1"}}"#);
    amazon_scraper::parse(status, headers, body.as_bytes())
}

fn x(status: u16, code: &str, headers: &[(&str, &str)]) -> ApiError<XAdsErrorCode> {
    let body = format!(r#"{{"errors":[{{"code":"{code}","message":"m"}}]}}"#);
    x_ads::parse(status, headers, body.as_bytes())
}

fn retry(delay: Duration, source: DelaySource) -> RetryDecision {
    RetryDecision::Retry { delay, source }
}

fn stop(reason: StopReason) -> RetryDecision {
    RetryDecision::Stop(reason)
}

// --- RetryAfter ------------------------------------------------------------

/// The delay a `Retry-After` value asks for at [`now`].
fn parse_retry_after(value: &str, now: SystemTime) -> Option<Duration> {
    RetryAfter::parse(value).map(|retry_after| retry_after.delay_from(now))
}

#[test]
fn parse_retry_after_reads_seconds_and_all_three_date_forms() {
    assert_eq!(parse_retry_after("0", now()), Some(Duration::ZERO));
    assert_eq!(parse_retry_after(" 120 ", now()), Some(secs(120)));
    for date in [
        "Sun, 06 Nov 1994 08:50:07 GMT",  // IMF-fixdate
        "Sunday, 06-Nov-94 08:50:07 GMT", // RFC 850
        "Sun Nov  6 08:50:07 1994",       // asctime
    ] {
        assert_eq!(parse_retry_after(date, now()), Some(secs(30)), "{date}");
    }
}

#[test]
fn parse_retry_after_past_date_means_now() {
    assert_eq!(
        parse_retry_after("Thu, 01 Jan 1970 00:00:00 GMT", now()),
        Some(Duration::ZERO)
    );
    assert_eq!(
        parse_retry_after("Sun, 06 Nov 1994 08:49:36 GMT", now()),
        Some(Duration::ZERO)
    );
}

#[test]
fn parse_retry_after_clamps_huge_values() {
    assert_eq!(parse_retry_after("86401", now()), Some(MAX_RETRY_AFTER));
    let digits = "9".repeat(40);
    assert_eq!(parse_retry_after(&digits, now()), Some(MAX_RETRY_AFTER));
    assert_eq!(
        parse_retry_after("Fri, 31 Dec 9999 23:59:59 GMT", now()),
        Some(MAX_RETRY_AFTER)
    );
}

#[test]
fn parse_retry_after_ignores_anything_else() {
    let long = "1".repeat(100) + "x";
    for value in [
        "",
        "   ",
        "-1",
        "+5",
        "1.5",
        "1e3",
        "0x10",
        "120 seconds",
        "soon",
        "Sun, 32 Nov 1994 08:49:37 GMT",
        "Sun, 06 Nov 1994 25:49:37 GMT",
        "2024-01-01T00:00:00Z",
        "١٢٠", // Arabic-Indic digits are not HTTP digits
        "\u{0}\u{7f}",
        long.as_str(),
    ] {
        assert_eq!(parse_retry_after(value, now()), None, "{value:?}");
    }
}

// --- hard guarantees ---------------------------------------------------------

#[test]
fn no_delay_exceeds_the_maximum_whatever_the_server_says() {
    let max = secs(5);
    let far_date = "Fri, 31 Dec 9999 23:59:59 GMT";
    let digits = "9".repeat(30);
    let retry_afters = [
        "0",
        "1",
        "5",
        "6",
        "86400",
        far_date,
        digits.as_str(),
        "junk",
    ];
    let rates = ["0.0000001", "1e-300", "0.2", "0.19", "1000", "0"];
    let resets = ["0", "784111780", "784111790", "253402300799"];
    for jitter in [Jitter::Full, Jitter::Equal, Jitter::None] {
        let policy = RetryPolicy::builder()
            .max_attempts(40)
            .base_delay(secs(3))
            .max_delay(max)
            .jitter(jitter)
            .jitter_seed(7)
            .build();
        for retry_after in retry_afters {
            for rate in rates {
                for reset in resets {
                    let headers = [
                        ("Retry-After", retry_after),
                        ("x-amzn-RateLimit-Limit", rate),
                        ("x-rate-limit-remaining", "0"),
                        ("x-rate-limit-reset", reset),
                    ];
                    let errors = [
                        x(429, "TOO_MANY_REQUESTS", &headers),
                        x(503, "OVER_CAPACITY", &headers),
                        x(503, "SOMETHING_NEW", &headers),
                    ];
                    for error in &errors {
                        for attempt in [1, 2, 3, 10, 39, 40, u32::MAX] {
                            let decision = policy.decide_at(error, Attempt::new(attempt), now());
                            if let Some(delay) = decision.delay() {
                                assert!(delay <= max, "{delay:?} for {headers:?} at {attempt}");
                            }
                        }
                    }
                }
            }
        }
    }
}

#[test]
fn retry_after_beyond_the_maximum_stops_with_the_wait_asked() {
    let policy = exact();
    let limited = scraper(429, "rate_limited", &[("Retry-After", "120")]);
    assert_eq!(
        policy.decide_at(&limited, Attempt::new(1), now()),
        stop(StopReason::WaitTooLong {
            wanted: secs(120),
            max: secs(60),
            source: DelaySource::RetryAfter,
        })
    );
    // The same wait within a larger maximum is honoured.
    let patient = policy.to_builder().max_delay(secs(120)).build();
    assert_eq!(
        patient.decide_at(&limited, Attempt::new(1), now()),
        retry(secs(120), DelaySource::RetryAfter)
    );
}

#[test]
fn attempt_numbers_up_to_u32_max_neither_overflow_nor_panic() {
    let error = x(503, "OVER_CAPACITY", &[]);
    let huge = [Duration::MAX, secs(u64::MAX / 2), secs(60)];
    for base in huge {
        for max in huge {
            for jitter in [Jitter::Full, Jitter::Equal, Jitter::None] {
                let policy = RetryPolicy::builder()
                    .max_attempts(u32::MAX)
                    .base_delay(base)
                    .max_delay(max)
                    .jitter(jitter)
                    .max_elapsed(Duration::MAX)
                    .build();
                for attempt in [0, 1, 2, 31, 32, 33, 63, 64, 65, 1 << 20, u32::MAX - 1] {
                    let at = Attempt::new(attempt).with_elapsed(Duration::MAX);
                    let decision = policy.decide_at(&error, at, now());
                    assert!(decision.delay().map_or(true, |d| d <= max), "{decision:?}");
                    let _ = policy.decide_at(&error, Attempt::new(attempt), now());
                }
                assert_eq!(
                    policy.decide_at(&error, Attempt::new(u32::MAX), now()),
                    stop(StopReason::AttemptsExhausted { limit: u32::MAX })
                );
            }
        }
    }
}

#[test]
fn backoff_doubles_then_saturates_at_the_maximum() {
    let policy = RetryPolicy::builder()
        .max_attempts(u32::MAX)
        .jitter(Jitter::None)
        .build();
    let error = x(503, "OVER_CAPACITY", &[]);
    let delays: Vec<_> = [1, 2, 3, 4, 5, 6, 7, 8, 40, u32::MAX - 1]
        .into_iter()
        .map(|n| policy.decide_at(&error, Attempt::new(n), now()).delay())
        .collect();
    let expected = [1, 2, 4, 8, 16, 32, 60, 60, 60, 60].map(|s| Some(secs(s)));
    assert_eq!(delays, expected);
}

#[test]
fn permanent_error_is_never_retried_even_with_retry_after() {
    let policy = RetryPolicy::default();
    let headers = [("Retry-After", "1"), ("x-amzn-RateLimit-Limit", "10")];
    let sp = sp_api::parse(
        403,
        &headers,
        br#"{"errors":[{"code":"Unauthorized","message":"Access to requested resource is denied."}]}"#,
    );
    assert_eq!(policy.decide(&sp, 1), stop(StopReason::Permanent));
    for attempt in [0, 1, 2, 3] {
        for error in [
            scraper(403, "forbidden_region", &headers),
            scraper(402, "insufficient_credits", &headers),
            // 502 alone would retry; the code says the product is gone.
            scraper(502, "generic_gallery_page", &headers),
        ] {
            assert_eq!(policy.decide(&error, attempt), stop(StopReason::Permanent));
        }
        let locked = x(403, "ACCOUNT_LOCKED_OUT", &headers);
        assert_eq!(policy.decide(&locked, attempt), stop(StopReason::Permanent));
    }
}

#[test]
fn unknown_code_is_judged_by_its_status() {
    let policy = exact();
    let new_503 = x(503, "BRAND_NEW_OUTAGE_CODE", &[]);
    assert_eq!(new_503.code().map(|c| c.is_known()), Some(false));
    assert_eq!(
        policy.decide(&new_503, 1),
        retry(SECOND, DelaySource::Backoff)
    );

    let new_400 = x(400, "BRAND_NEW_VALIDATION_CODE", &[("Retry-After", "1")]);
    assert_eq!(policy.decide(&new_400, 1), stop(StopReason::Permanent));

    // 429 by status honours Retry-After, as a known 429 code does.
    let new_429 = x(429, "BRAND_NEW_LIMIT", &[("Retry-After", "7")]);
    assert_eq!(
        policy.decide(&new_429, 3),
        retry(secs(7), DelaySource::RetryAfter)
    );
}

#[test]
fn html_body_is_judged_by_its_status() {
    let policy = exact();
    let page = b"<html><head><title>502 Bad Gateway</title></head></html>";
    let bad_gateway = amazon_scraper::parse(502, &[("content-type", "text/html")], page);
    assert_eq!(bad_gateway.variant(), None);
    assert_eq!(
        policy.decide(&bad_gateway, 2),
        retry(secs(2), DelaySource::Backoff)
    );
    let not_found = x_ads::parse(
        404,
        &[("content-type", "text/html")],
        b"<html>Not Found</html>",
    );
    assert_eq!(policy.decide(&not_found, 1), stop(StopReason::Permanent));
}

#[test]
fn non_idempotent_requests_are_not_retried_unless_declared_safe() {
    let busy = x(503, "OVER_CAPACITY", &[("Retry-After", "1")]);
    let policy = exact();
    for method in ["POST", "PATCH", "CONNECT", "get", "PURGE"] {
        assert_eq!(
            policy.for_method(method).decide(&busy, 1),
            stop(StopReason::NotIdempotent),
            "{method}"
        );
    }
    for method in ["GET", "HEAD", "OPTIONS", "TRACE", "PUT", "DELETE"] {
        assert!(
            policy.for_method(method).decide(&busy, 1).is_retry(),
            "{method}"
        );
    }
    let declared = RetryPolicy::builder()
        .jitter(Jitter::None)
        .idempotency(Idempotency::NotIdempotent)
        .build();
    assert_eq!(declared.decide(&busy, 1), stop(StopReason::NotIdempotent));
    // A POST with an idempotency key: the caller says it is safe.
    let keyed = declared.with_idempotency(Idempotency::Idempotent);
    assert_eq!(
        keyed.decide(&busy, 1),
        retry(SECOND, DelaySource::RetryAfter)
    );
}

#[test]
fn idempotency_from_method_follows_rfc_9110() {
    let idempotent = ["GET", "HEAD", "OPTIONS", "TRACE", "PUT", "DELETE"];
    let not = [
        "POST", "PATCH", "CONNECT", "", "get", "Put", " GET", "QUERY",
    ];
    for method in idempotent {
        assert_eq!(
            Idempotency::from_method(method),
            Idempotency::Idempotent,
            "{method}"
        );
    }
    for method in not {
        assert_eq!(
            Idempotency::from_method(method),
            Idempotency::NotIdempotent,
            "{method:?}"
        );
    }
}

#[test]
fn jitter_is_reproducible_from_a_seed() {
    let error = x(503, "OVER_CAPACITY", &[]);
    let delays = |seed: u64, jitter: Jitter| -> Vec<Duration> {
        let policy = RetryPolicy::builder()
            .max_attempts(20)
            .jitter(jitter)
            .jitter_seed(seed)
            .build();
        (1..20)
            .map(|n| {
                policy
                    .decide_at(&error, Attempt::new(n), now())
                    .delay()
                    .unwrap()
            })
            .collect()
    };
    for jitter in [Jitter::Full, Jitter::Equal] {
        assert_eq!(delays(42, jitter), delays(42, jitter));
        assert_ne!(delays(42, jitter), delays(43, jitter));
    }
    // The same attempt gets the same draw whatever was asked before.
    let policy = RetryPolicy::builder().jitter_seed(9).build();
    let third = policy.decide_at(&error, Attempt::new(3), now());
    let _ = policy.decide_at(&error, Attempt::new(1), now());
    assert_eq!(policy.decide_at(&error, Attempt::new(3), now()), third);
}

#[test]
fn jitter_stays_between_its_bounds() {
    let error = x(503, "OVER_CAPACITY", &[]);
    let ceiling = secs(4); // attempt 3 with a 1 s base
    for seed in 0..200 {
        let full = RetryPolicy::builder().jitter_seed(seed).build();
        let d = full
            .decide_at(&error, Attempt::new(3), now())
            .delay()
            .unwrap();
        assert!(d <= ceiling, "full jitter {d:?}");
        let equal = full.to_builder().jitter(Jitter::Equal).build();
        let d = equal
            .decide_at(&error, Attempt::new(3), now())
            .delay()
            .unwrap();
        assert!(d >= ceiling / 2 && d <= ceiling, "equal jitter {d:?}");
    }
    // Unseeded draws come from fastrand's thread-local generator: bounded,
    // and not all the same.
    let policy = RetryPolicy::default();
    let draws: Vec<_> = (0..50)
        .map(|_| policy.decide(&error, 3).delay().unwrap())
        .collect();
    assert!(draws.iter().all(|d| *d <= ceiling));
    assert!(draws.iter().any(|d| *d != draws[0]));
}

// --- the code's advice -------------------------------------------------------

#[test]
fn code_attempt_limit_lowers_the_policy_limit_never_raises_it() {
    let timeout = scraper(408, "upstream_timeout", &[]);
    assert_eq!(timeout.retry_advice().max_attempts(), Some(4));
    let generous = RetryPolicy::builder().max_attempts(10).build();
    assert!(generous.decide(&timeout, 3).is_retry());
    assert_eq!(
        generous.decide(&timeout, 4),
        stop(StopReason::AttemptsExhausted { limit: 4 })
    );
    let strict = RetryPolicy::builder().max_attempts(2).build();
    assert_eq!(
        strict.decide(&timeout, 2),
        stop(StopReason::AttemptsExhausted { limit: 2 })
    );
}

#[test]
fn code_minimum_delay_is_a_floor_under_backoff() {
    let policy = RetryPolicy::builder()
        .max_attempts(10)
        .jitter(Jitter::None)
        .build();
    let internal = scraper(500, "internal_error", &[]); // "retry after ~5s"
    assert_eq!(
        policy.decide(&internal, 1),
        retry(secs(5), DelaySource::MinDelay)
    );
    assert_eq!(
        policy.decide(&internal, 3),
        retry(secs(5), DelaySource::MinDelay)
    );
    assert_eq!(
        policy.decide(&internal, 4),
        retry(secs(8), DelaySource::Backoff)
    );

    // 422 alone would not retry; the code says "yes, with a 60s+ delay".
    let blocked = scraper(422, "blocked_by_amazon", &[]);
    assert_eq!(
        policy.decide(&blocked, 1),
        retry(secs(60), DelaySource::MinDelay)
    );
}

#[test]
fn code_minimum_delay_beyond_the_maximum_stops() {
    let policy = RetryPolicy::builder().max_delay(secs(30)).build();
    let unreachable = scraper(502, "target_unreachable", &[]);
    assert_eq!(
        policy.decide(&unreachable, 1),
        stop(StopReason::WaitTooLong {
            wanted: secs(60),
            max: secs(30),
            source: DelaySource::MinDelay,
        })
    );
}

#[test]
fn honoured_retry_after_is_a_floor_under_the_backoff() {
    let policy = RetryPolicy::builder()
        .base_delay(secs(4))
        .jitter(Jitter::None)
        .build();
    let limited = scraper(429, "rate_limited", &[("Retry-After", "3")]);
    assert!(limited.retry_advice().honors_retry_after());
    // Backoff is 16 s at attempt 3; the server's 3 s is a minimum, so the
    // longer backoff wins (AWS retry behaviour 2.1, botocore, urllib3).
    assert_eq!(
        policy.decide(&limited, 3),
        retry(secs(16), DelaySource::Backoff)
    );
    // Longer than the backoff: the server's wait (no spread without jitter).
    let later = scraper(429, "rate_limited", &[("Retry-After", "9")]);
    assert_eq!(
        policy.decide(&later, 1),
        retry(secs(9), DelaySource::RetryAfter)
    );
    // Retry-After: 0 never means a zero-delay retry: the backoff.
    let now_please = scraper(429, "rate_limited", &[("Retry-After", "0")]);
    assert_eq!(
        policy.decide(&now_please, 1),
        retry(secs(4), DelaySource::Backoff)
    );
    // Without Retry-After, backoff.
    let silent = scraper(429, "rate_limited", &[]);
    assert_eq!(
        policy.decide(&silent, 1),
        retry(secs(4), DelaySource::Backoff)
    );
}

#[test]
fn retry_after_is_a_floor_when_the_code_does_not_ask_to_honour_it() {
    let policy = exact();
    let busy = x(503, "OVER_CAPACITY", &[("Retry-After", "3")]);
    assert!(!busy.retry_advice().honors_retry_after());
    assert_eq!(
        policy.decide(&busy, 1),
        retry(secs(3), DelaySource::RetryAfter)
    );
    assert_eq!(
        policy.decide(&busy, 3),
        retry(secs(4), DelaySource::Backoff)
    );
}

#[test]
fn retry_after_date_is_measured_from_the_injected_clock() {
    let policy = exact();
    let limited = scraper(
        429,
        "rate_limited",
        &[("Retry-After", "Sun, 06 Nov 1994 08:49:44 GMT")],
    );
    assert_eq!(
        policy.decide_at(&limited, Attempt::new(1), now()),
        retry(secs(7), DelaySource::RetryAfter)
    );
    let later = now() + secs(5);
    assert_eq!(
        policy.decide_at(&limited, Attempt::new(1), later),
        retry(secs(2), DelaySource::RetryAfter)
    );
}

#[test]
fn x_rate_limit_reset_is_waited_out_when_the_window_is_used_up() {
    let policy = exact();
    let reset = "784111797"; // now + 20 s
    let used_up = x(
        429,
        "TOO_MANY_REQUESTS",
        &[
            ("x-rate-limit-remaining", "0"),
            ("x-rate-limit-reset", reset),
        ],
    );
    assert_eq!(
        policy.decide_at(&used_up, Attempt::new(1), now()),
        retry(secs(20), DelaySource::RateLimitReset)
    );
    // Requests left: the reset says nothing about this failure.
    let left = x(
        429,
        "TOO_MANY_REQUESTS",
        &[
            ("x-rate-limit-remaining", "5"),
            ("x-rate-limit-reset", reset),
        ],
    );
    assert_eq!(
        policy.decide_at(&left, Attempt::new(1), now()),
        retry(SECOND, DelaySource::Backoff)
    );
    // A fifteen-minute window is longer than the policy allows.
    let window = x(
        429,
        "TOO_MANY_REQUESTS",
        &[
            ("x-rate-limit-remaining", "0"),
            ("x-rate-limit-reset", "784112677"),
        ],
    );
    assert_eq!(
        policy.decide_at(&window, Attempt::new(1), now()),
        stop(StopReason::WaitTooLong {
            wanted: secs(900),
            max: secs(60),
            source: DelaySource::RateLimitReset,
        })
    );
}

#[test]
fn sp_api_rate_limit_spaces_retries() {
    let policy = exact();
    let quota = |rate: &str| {
        sp_api::parse(
            429,
            &[("x-amzn-RateLimit-Limit", rate)],
            br#"{"errors":[{"code":"QuotaExceeded","message":"You exceeded your quota for the requested resource."}]}"#,
        )
    };
    assert_eq!(
        policy.decide(&quota("0.5"), 1),
        retry(secs(2), DelaySource::RateLimitSpacing)
    );
    // 10 per second spaces by 100 ms; the backoff is longer.
    assert_eq!(
        policy.decide(&quota("10"), 1),
        retry(SECOND, DelaySource::Backoff)
    );
    // 0 would mean "never": read as absent.
    assert_eq!(
        policy.decide(&quota("0"), 1),
        retry(SECOND, DelaySource::Backoff)
    );
    let glacial = policy.decide(&quota("1e-300"), 1);
    assert!(
        matches!(
            glacial,
            RetryDecision::Stop(StopReason::WaitTooLong {
                source: DelaySource::RateLimitSpacing,
                ..
            })
        ),
        "{glacial:?}"
    );
    // With Retry-After as well, the longer of the two.
    let both = sp_api::parse(
        429,
        &[("x-amzn-RateLimit-Limit", "0.5"), ("Retry-After", "5")],
        br#"{"errors":[{"code":"QuotaExceeded"}]}"#,
    );
    assert_eq!(
        policy.decide(&both, 1),
        retry(secs(5), DelaySource::RetryAfter)
    );
}

// --- policy bounds -----------------------------------------------------------

#[test]
fn max_elapsed_stops_a_retry_that_would_end_past_it() {
    let policy = RetryPolicy::builder()
        .jitter(Jitter::None)
        .max_elapsed(secs(10))
        .build();
    let busy = x(503, "OVER_CAPACITY", &[]);
    let attempt = |n, elapsed| Attempt::new(n).with_elapsed(secs(elapsed));
    assert_eq!(
        policy.decide_at(&busy, attempt(2, 8), now()),
        retry(secs(2), DelaySource::Backoff)
    );
    assert_eq!(
        policy.decide_at(&busy, attempt(2, 9), now()),
        stop(StopReason::ElapsedLimit {
            max_elapsed: secs(10)
        })
    );
    assert_eq!(
        policy.decide_at(&busy, attempt(1, 11), now()),
        stop(StopReason::ElapsedLimit {
            max_elapsed: secs(10)
        })
    );
    let unbounded = policy.to_builder().no_max_elapsed().build();
    assert!(unbounded
        .decide_at(&busy, attempt(2, 1_000), now())
        .is_retry());
}

#[test]
fn zero_attempts_mean_one() {
    let busy = x(503, "OVER_CAPACITY", &[]);
    let once = RetryPolicy::builder().max_attempts(0).build();
    assert_eq!(once.max_attempts(), 1);
    assert_eq!(
        once.decide(&busy, 1),
        stop(StopReason::AttemptsExhausted { limit: 1 })
    );
    // Attempt 0 is read as the first.
    assert_eq!(exact().decide(&busy, 0), exact().decide(&busy, 1));
    assert_eq!(Attempt::new(0).number(), 1);
}

#[test]
fn decisions_explain_themselves() {
    let policy = exact();
    let limited = scraper(429, "rate_limited", &[("Retry-After", "3")]);
    assert_eq!(
        policy.decide(&limited, 1).to_string(),
        "retry in 3s (Retry-After)"
    );
    let locked = x(403, "ACCOUNT_LOCKED_OUT", &[]);
    assert_eq!(
        policy.decide(&locked, 1).to_string(),
        "stop: the error is permanent; retrying cannot help"
    );
    let too_long = StopReason::WaitTooLong {
        wanted: secs(900),
        max: secs(60),
        source: DelaySource::RateLimitReset,
    };
    assert_eq!(
        too_long.to_string(),
        "x-rate-limit-reset asks to wait 15m, longer than the 1m allowed"
    );
    // One way to show a duration: a decision writes its delay as retry
    // advice writes its minimum, in the derive's `delay = "..."` grammar.
    let blocked = scraper(422, "blocked_by_amazon", &[]);
    assert_eq!(
        blocked.retry_advice().to_string(),
        "retry, at least 1m apart"
    );
    assert_eq!(
        policy.decide(&blocked, 1).to_string(),
        "retry in 1m (documented minimum delay)"
    );
    let jittered = RetryDecision::Retry {
        delay: Duration::from_micros(1_734_120),
        source: DelaySource::Backoff,
    };
    assert_eq!(jittered.to_string(), "retry in 1734ms (backoff)");
    assert_eq!(
        StopReason::AttemptsExhausted { limit: 4 }.to_string(),
        "all 4 allowed attempts were made"
    );
    assert_eq!(
        RetryDecision::Stop(StopReason::ElapsedLimit {
            max_elapsed: secs(10)
        })
        .stop_reason(),
        Some(StopReason::ElapsedLimit {
            max_elapsed: secs(10)
        })
    );
}

#[test]
fn every_catalog_code_gets_a_bounded_decision() {
    // Each documented code, with hostile headers, at every attempt the
    // default policy allows: a decision, never above the maximum.
    let headers = [
        ("Retry-After", "999999999999"),
        ("x-amzn-RateLimit-Limit", "NaN"),
    ];
    let policy = RetryPolicy::default();
    for code in XAdsErrorCode::ALL {
        let error = x(code.status(), code.code(), &headers);
        for attempt in 1..=5 {
            let decision = policy.decide(&error, attempt);
            assert!(decision.delay().map_or(true, |d| d <= policy.max_delay()));
            if !code.is_retryable() {
                assert_eq!(decision, stop(StopReason::Permanent), "{code:?}");
            }
        }
    }
    for code in AmazonScraperErrorCode::ALL {
        let error = scraper(code.status(), code.code(), &[]);
        let decision = exact().decide(&error, 1);
        assert_eq!(decision.is_retry(), code.is_retryable(), "{code:?}");
    }
}
