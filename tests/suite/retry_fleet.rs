//! Fleet safety: the shared retry budget's arithmetic (AWS standard mode),
//! the spread of exact server waits, the pacer's learning from each header,
//! and the Retry-After cases of issue 14. Injected clocks; no sleeping, no
//! timing assertions.

use std::sync::Arc;
use std::thread;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use api_error_codes::amazon_scraper::{self, AmazonScraperErrorCode};
use api_error_codes::call::{CallError, TransportError, TransportKind};
use api_error_codes::retry::{
    DelaySource, Jitter, Pacer, Retrier, RetryAfter, RetryBudget, RetryKind, RetryPolicy,
    StopReason, MAX_RETRY_AFTER,
};
use api_error_codes::{sp_api, x_ads, ApiError};

fn at(secs: u64) -> SystemTime {
    UNIX_EPOCH + Duration::from_secs(secs)
}

fn ms(n: u64) -> Duration {
    Duration::from_millis(n)
}

fn busy() -> ApiError<x_ads::XAdsErrorCode> {
    x_ads::parse(503, &(), br#"{"errors":[{"code":"OVER_CAPACITY"}]}"#)
}

// ------------------------------------------------------------ the budget

#[test]
fn budget_starts_with_the_aws_standard_capacity_and_costs() {
    let budget = RetryBudget::new();
    assert_eq!(budget.capacity(), 500);
    assert_eq!(budget.available(), 500);
    assert_eq!(budget.cost(RetryKind::Error), 5);
    assert_eq!(budget.cost(RetryKind::Transport), 10);
}

#[test]
fn budget_allows_a_hundred_error_retries_then_refuses_without_taking() {
    // AWS standard mode: 500 / 5 = 100 retries on an empty success record.
    let budget = RetryBudget::new();
    for _ in 0..100 {
        assert_eq!(
            budget.try_acquire_retry(RetryKind::Error).map(|t| t.cost()),
            Some(5)
        );
    }
    assert_eq!(budget.available(), 0);
    assert_eq!(budget.try_acquire_retry(RetryKind::Error), None);
    assert_eq!(budget.available(), 0);
}

#[test]
fn budget_charges_timeouts_double_and_refuses_what_it_cannot_pay() {
    let budget = RetryBudget::with_capacity(15);
    assert!(budget.try_acquire_retry(RetryKind::Transport).is_some()); // 15 -> 5
    assert_eq!(budget.try_acquire_retry(RetryKind::Transport), None); // 10 > 5
    assert_eq!(budget.available(), 5);
    assert!(budget.try_acquire_retry(RetryKind::Error).is_some()); // 5 -> 0
}

#[test]
fn budget_refunds_one_for_a_first_try_success_and_the_last_cost_after_retries() {
    let budget = RetryBudget::new();
    let first = budget.try_acquire_retry(RetryKind::Error);
    let second = budget.try_acquire_retry(RetryKind::Transport);
    assert_eq!(budget.available(), 485);
    // A success after retries gives back its last retry's cost.
    let _ = first;
    budget.record_success(second);
    assert_eq!(budget.available(), 495);
    // A success at the first attempt gives back 1.
    budget.record_success(None);
    assert_eq!(budget.available(), 496);
}

#[test]
fn budget_never_fills_past_its_capacity() {
    let budget = RetryBudget::new();
    for _ in 0..10 {
        budget.record_success(None);
    }
    assert_eq!(budget.available(), 500);
}

#[test]
fn budget_clones_share_one_bucket_across_threads() {
    let budget = RetryBudget::new();
    let granted: usize = (0..16)
        .map(|_| {
            let budget = budget.clone();
            thread::spawn(move || {
                (0..50)
                    .filter(|_| budget.try_acquire_retry(RetryKind::Error).is_some())
                    .count()
            })
        })
        .collect::<Vec<_>>()
        .into_iter()
        .map(|worker| worker.join().unwrap())
        .sum();
    // 800 asked for, exactly 100 granted: no token handed out twice.
    assert_eq!(granted, 100);
    assert_eq!(budget.available(), 0);
}

#[test]
fn retry_kind_follows_the_failure() {
    let timeout = TransportError::new(TransportKind::Timeout, "deadline");
    assert_eq!(RetryKind::of(&busy()), RetryKind::Error);
    assert_eq!(RetryKind::of(&timeout), RetryKind::Transport);
    let call: CallError<x_ads::XAdsErrorCode, ()> = CallError::Api(busy());
    assert_eq!(RetryKind::of(&call), RetryKind::Error);
}

#[test]
fn runner_stops_with_its_own_reason_when_the_budget_is_empty() {
    let budget = RetryBudget::with_capacity(12);
    let policy = RetryPolicy::builder().jitter(Jitter::None).build();
    let mut sleeps = Vec::new();
    let result: Result<(), _> = Retrier::new(policy)
        .budget(&budget)
        .run_with(|delay| sleeps.push(delay), |_| Err(busy()));
    let failure = result.unwrap_err();
    // 12 tokens pay for two retries of 5; the third is refused.
    assert_eq!(failure.attempts(), 3);
    assert_eq!(failure.reason(), StopReason::RetryBudgetEmpty);
    assert_eq!(sleeps.len(), 2);
    assert_eq!(budget.available(), 2);
}

#[test]
fn runner_refunds_the_budget_on_success() {
    let budget = RetryBudget::new();
    let policy = RetryPolicy::builder().jitter(Jitter::None).build();
    let result = Retrier::new(policy).budget(&budget).run_with(
        |_| {},
        |attempt| {
            if attempt < 2 {
                Err(busy())
            } else {
                Ok(attempt)
            }
        },
    );
    assert_eq!(result.unwrap(), 2);
    assert_eq!(budget.available(), 500);
}

// ------------------------------------------------------------ the spread

#[test]
fn exact_server_waits_get_a_positive_spread_of_at_most_a_tenth() {
    let limited =
        amazon_scraper::parse(429, &[("Retry-After", "2")], br#"{"error":"rate_limited"}"#);
    for seed in 0..500 {
        let policy = RetryPolicy::builder()
            .base_delay(ms(1))
            .jitter_seed(seed)
            .build();
        let delay = policy.decide(&limited, 1).delay().unwrap();
        assert!(delay > Duration::from_secs(2), "seed {seed}: {delay:?}");
        assert!(
            delay <= Duration::from_secs(2) + ms(200),
            "seed {seed}: {delay:?}"
        );
    }
}

#[test]
fn spread_bound_is_at_least_100_ms_and_at_most_1_s() {
    let short = amazon_scraper::parse(429, &[("Retry-After", "1")], br#"{"error":"rate_limited"}"#);
    let long = amazon_scraper::parse(
        429,
        &[("Retry-After", "50")],
        br#"{"error":"rate_limited"}"#,
    );
    let (mut short_max, mut long_max) = (Duration::ZERO, Duration::ZERO);
    for seed in 0..2_000 {
        let policy = RetryPolicy::builder()
            .base_delay(ms(1))
            .jitter_seed(seed)
            .build();
        short_max =
            short_max.max(policy.decide(&short, 1).delay().unwrap() - Duration::from_secs(1));
        long_max = long_max.max(policy.decide(&long, 1).delay().unwrap() - Duration::from_secs(50));
    }
    assert!(short_max <= ms(100) && short_max > ms(80), "{short_max:?}");
    assert!(long_max <= ms(1_000) && long_max > ms(900), "{long_max:?}");
}

#[test]
fn clients_told_the_same_retry_after_do_not_return_together() {
    let limited =
        amazon_scraper::parse(429, &[("Retry-After", "1")], br#"{"error":"rate_limited"}"#);
    let policy = RetryPolicy::builder().base_delay(ms(1)).build();
    let mut delays: Vec<_> = (0..200)
        .map(|_| policy.decide(&limited, 1).delay().unwrap())
        .collect();
    delays.sort();
    delays.dedup();
    assert!(delays.len() > 150, "only {} distinct delays", delays.len());
}

#[test]
fn retry_after_zero_never_retries_at_zero_delay() {
    let now_please =
        amazon_scraper::parse(429, &[("Retry-After", "0")], br#"{"error":"rate_limited"}"#);
    for seed in 0..500 {
        let policy = RetryPolicy::builder()
            .jitter_seed(seed)
            .base_delay(Duration::ZERO)
            .build();
        let delay = policy.decide(&now_please, 1).delay().unwrap();
        assert!(delay >= ms(1), "seed {seed}: {delay:?}");
    }
}

#[test]
fn spread_never_lifts_a_delay_above_max_delay() {
    let limited = amazon_scraper::parse(
        429,
        &[("Retry-After", "10")],
        br#"{"error":"rate_limited"}"#,
    );
    let policy = RetryPolicy::builder()
        .max_delay(Duration::from_secs(10))
        .build();
    for _ in 0..200 {
        assert!(policy.decide(&limited, 1).delay().unwrap() <= Duration::from_secs(10));
    }
}

#[test]
fn a_server_wait_shorter_than_the_backoff_gives_the_backoff() {
    let policy = RetryPolicy::builder()
        .base_delay(Duration::from_secs(8))
        .jitter(Jitter::None)
        .build();
    let limited =
        amazon_scraper::parse(429, &[("Retry-After", "1")], br#"{"error":"rate_limited"}"#);
    let decision = policy.decide(&limited, 1);
    assert_eq!(decision.delay(), Some(Duration::from_secs(8)));
    assert!(matches!(
        decision,
        api_error_codes::retry::RetryDecision::Retry {
            source: DelaySource::Backoff,
            ..
        }
    ));
}

// ------------------------------------------------------------ Retry-After

#[test]
fn retry_after_digits_of_any_length_are_clamped() {
    let digits = "9".repeat(5_000);
    assert_eq!(
        RetryAfter::parse(&digits),
        Some(RetryAfter::Delay(MAX_RETRY_AFTER))
    );
    // Through a whole response, past the header-length limit: a stop, not a
    // retry after about a second.
    let error = amazon_scraper::parse(
        429,
        &[("Retry-After", digits.as_str())],
        br#"{"error":"rate_limited"}"#,
    );
    assert!(matches!(
        RetryPolicy::default().decide(&error, 1).stop_reason(),
        Some(StopReason::WaitTooLong {
            source: DelaySource::RetryAfter,
            ..
        })
    ));
}

#[test]
fn a_413_with_retry_after_and_an_unknown_code_is_retried_after_it() {
    let policy = RetryPolicy::builder()
        .jitter(Jitter::None)
        .base_delay(ms(10))
        .build();
    let too_large = x_ads::parse(
        413,
        &[("Retry-After", "3")],
        b"<html>Payload Too Large</html>",
    );
    assert_eq!(too_large.variant(), None);
    assert_eq!(
        policy.decide(&too_large, 1).delay(),
        Some(Duration::from_secs(3))
    );
    let without = x_ads::parse(413, &(), b"<html>Payload Too Large</html>");
    assert_eq!(
        policy.decide(&without, 1).stop_reason(),
        Some(StopReason::Permanent)
    );
}

#[test]
fn rfc_850_two_digit_years_are_read_within_fifty_years_of_now() {
    let date = "Sunday, 06-Nov-94 08:49:37 GMT";
    // In 2024, "94" is 1994 (2094 would be 70 years ahead).
    let in_2024 = at(1_704_067_200);
    assert_eq!(
        RetryAfter::parse_at(date, in_2024),
        Some(RetryAfter::At(at(784_111_777)))
    );
    // In 2060, "94" is 2094 (34 years ahead); httpdate would say 1994.
    let in_2060 = at(2_840_140_800);
    assert_eq!(
        RetryAfter::parse_at(date, in_2060),
        Some(RetryAfter::At(at(784_111_777 + 3_155_760_000)))
    );
    // In 2100, "40" is 2140, not 2040 (httpdate) nor 1940.
    let in_2100 = at(4_102_444_800);
    assert_eq!(
        RetryAfter::parse_at("Sunday, 01-Jan-40 00:00:00 GMT", in_2100),
        Some(RetryAfter::At(at(5_364_662_400)))
    );
    // Not a date.
    assert_eq!(
        RetryAfter::parse_at("Sunday, 31-Feb-94 08:49:37 GMT", in_2024),
        None
    );
    assert_eq!(
        RetryAfter::parse_at("Funday, 06-Nov-94 08:49:37 GMT", in_2024),
        None
    );
    assert_eq!(
        RetryAfter::parse_at("Sunday, 06-Nov-94 08:49:37 GM\u{e9}", in_2024),
        None
    );
}

#[test]
fn a_max_delay_below_a_documented_minimum_stops_that_code_at_once() {
    let impatient = RetryPolicy::builder()
        .max_delay(Duration::from_secs(30))
        .build();
    let blocked = amazon_scraper::parse(422, &(), br#"{"error":"blocked_by_amazon"}"#);
    assert!(matches!(
        impatient.decide(&blocked, 1).stop_reason(),
        Some(StopReason::WaitTooLong {
            source: DelaySource::MinDelay,
            ..
        })
    ));
    let never: Vec<_> = impatient
        .never_retried::<AmazonScraperErrorCode>()
        .collect();
    assert!(never.contains(&AmazonScraperErrorCode::BlockedByAmazon));
    assert!(!RetryPolicy::default()
        .never_retried::<AmazonScraperErrorCode>()
        .any(|code| code == AmazonScraperErrorCode::BlockedByAmazon));
    // Every code is never retried by a policy of one attempt.
    let once = RetryPolicy::builder().max_attempts(1).build();
    assert_eq!(
        once.never_retried::<AmazonScraperErrorCode>().count(),
        <AmazonScraperErrorCode as api_error_codes::ApiErrorCode>::ALL.len()
    );
}

// ------------------------------------------------------------ the pacer

const OP: &str = "GET /orders/v0/orders";

#[test]
fn pacer_without_headers_changes_nothing() {
    let pacer = Pacer::new();
    let now = at(1_700_000_000);
    pacer.observe(OP, 200, &[("content-type", "application/json")], now);
    pacer.observe(OP, 429, &(), now);
    for _ in 0..10 {
        assert_eq!(pacer.wait_before(OP, now), Duration::ZERO);
    }
}

#[test]
fn pacer_spaces_callers_by_the_sp_api_rate_learned_from_a_success() {
    let pacer = Pacer::new();
    let now = at(1_700_000_000);
    pacer.observe(OP, 200, &[("x-amzn-RateLimit-Limit", "10")], now);
    let waits: Vec<_> = (0..4).map(|_| pacer.wait_before(OP, now)).collect();
    assert_eq!(waits, [ms(100), ms(200), ms(300), ms(400)]);
    // Later, the reservation has passed: no wait.
    assert_eq!(
        pacer.wait_before(OP, now + Duration::from_secs(5)),
        Duration::ZERO
    );
}

#[test]
fn pacer_learns_from_a_429_and_retries_share_the_reservation() {
    let pacer = Pacer::new();
    let now = at(1_700_000_000);
    let quota = sp_api::parse(
        429,
        &[("x-amzn-RateLimit-Limit", "2")],
        br#"{"errors":[{"code":"QuotaExceeded"}]}"#,
    );
    pacer.observe_failure(OP, &quota, now);
    assert_eq!(pacer.wait_before(OP, now), ms(500));
    assert_eq!(pacer.wait_before(OP, now), ms(1_000));
}

#[test]
fn pacer_ignores_rates_that_are_not_positive_finite_numbers() {
    let now = at(1_700_000_000);
    for bad in ["-1", "NaN", "inf", "-inf", "0", "1e309", "abc", ""] {
        let pacer = Pacer::new();
        pacer.observe(OP, 200, &[("x-amzn-RateLimit-Limit", bad)], now);
        assert_eq!(pacer.wait_before(OP, now), Duration::ZERO, "{bad}");
        assert_eq!(pacer.wait_before(OP, now), Duration::ZERO, "{bad}");
    }
    // A tiny rate asks for a long wait, never more than a day.
    let pacer = Pacer::new();
    pacer.observe(OP, 200, &[("x-amzn-RateLimit-Limit", "1e-300")], now);
    assert_eq!(pacer.wait_before(OP, now), Duration::from_secs(86_400));
}

#[test]
fn pacer_counts_x_remaining_down_across_callers_until_the_reset() {
    let pacer = Pacer::new();
    let now = at(1_700_000_000);
    let headers = [
        ("x-rate-limit-limit", "100"),
        ("x-rate-limit-remaining", "2"),
        ("x-rate-limit-reset", "1700000030"),
    ];
    pacer.observe(OP, 200, &headers, now);
    let clones: Vec<_> = (0..3).map(|_| pacer.clone()).collect();
    assert_eq!(clones[0].wait_before(OP, now), Duration::ZERO);
    assert_eq!(clones[1].wait_before(OP, now), Duration::ZERO);
    // The window is spent: wait for the reset.
    assert_eq!(clones[2].wait_before(OP, now), Duration::from_secs(30));
}

#[test]
fn pacer_books_callers_past_the_limit_into_later_windows_once_it_knows_their_length() {
    let pacer = Pacer::new();
    let now = at(1_700_000_000);
    let window = |remaining: &str, reset: &str| {
        [
            ("x-rate-limit-limit", "2".to_owned()),
            ("x-rate-limit-remaining", remaining.to_owned()),
            ("x-rate-limit-reset", reset.to_owned()),
        ]
    };
    pacer.observe(OP, 200, &window("1", "1700000010"), now);
    // The next window's reset, 10 s later: windows last 10 s.
    pacer.observe(
        OP,
        200,
        &window("0", "1700000020"),
        now + Duration::from_secs(10),
    );
    let later = now + Duration::from_secs(10);
    let waits: Vec<_> = (0..5).map(|_| pacer.wait_before(OP, later)).collect();
    let s = Duration::from_secs;
    assert_eq!(waits, [s(10), s(10), s(20), s(20), s(30)]);
}

#[test]
fn pacer_lets_the_account_window_take_precedence_when_exhausted() {
    let pacer = Pacer::new();
    let now = at(1_700_000_000);
    pacer.observe(
        OP,
        200,
        &[
            ("x-rate-limit-remaining", "50"),
            ("x-rate-limit-reset", "1700000060"),
            ("x-account-rate-limit-remaining", "0"),
            ("x-account-rate-limit-reset", "1700000120"),
        ],
        now,
    );
    assert_eq!(pacer.wait_before(OP, now), Duration::from_secs(120));
    // Every operation of the account waits, not only the one observed.
    assert_eq!(
        pacer.wait_before("GET /campaigns", now),
        Duration::from_secs(120)
    );
}

#[test]
fn pacer_learns_the_account_window_from_a_failed_attempt_too() {
    let pacer = Pacer::new();
    let now = at(1_700_000_000);
    let limited = x_ads::parse(
        429,
        &[
            ("x-account-rate-limit-limit", "2000"),
            ("x-account-rate-limit-remaining", "0"),
            ("x-account-rate-limit-reset", "1700000090"),
        ],
        br#"{"errors":[{"code":"TOO_MANY_REQUESTS","message":"Rate limit exceeded"}]}"#,
    );
    pacer.observe_failure(OP, &limited, now);
    assert_eq!(pacer.wait_before(OP, now), Duration::from_secs(90));
    assert_eq!(
        pacer.wait_before("GET /line_items", now),
        Duration::from_secs(90),
        "the account's window holds every operation"
    );
}

#[test]
fn pacer_ignores_resets_in_the_past_or_past_9999_and_believes_the_smaller_of_contradictions() {
    let now = at(1_700_000_000);
    let pacer = Pacer::new();
    pacer.observe(
        OP,
        429,
        &[
            ("x-rate-limit-remaining", "0"),
            ("x-rate-limit-reset", "1600000000"),
        ],
        now,
    );
    assert_eq!(pacer.wait_before(OP, now), Duration::ZERO);
    pacer.observe(
        OP,
        429,
        &[
            ("x-rate-limit-remaining", "0"),
            ("x-rate-limit-reset", "253402300800"),
        ],
        now,
    );
    assert_eq!(pacer.wait_before(OP, now), Duration::ZERO);
    // Remaining above the limit: the limit; repeated headers: the first.
    let pacer = Pacer::new();
    pacer.observe(
        OP,
        200,
        &[
            ("x-rate-limit-limit", "1"),
            ("x-rate-limit-remaining", "500"),
            ("x-rate-limit-remaining", "0"),
            ("x-rate-limit-reset", "1700000005"),
        ],
        now,
    );
    assert_eq!(pacer.wait_before(OP, now), Duration::ZERO);
    assert_eq!(pacer.wait_before(OP, now), Duration::from_secs(5));
}

#[test]
fn pacer_memory_is_bounded_by_its_capacity_for_millions_of_operations() {
    let pacer = Pacer::with_capacity(64);
    assert_eq!(pacer.capacity(), 64);
    let now = at(1_700_000_000);
    for i in 0..1_000_000u32 {
        let name = format!("op-{i}");
        pacer.observe(&name, 200, &[("x-amzn-RateLimit-Limit", "1")], now);
    }
    // The most recent operation is remembered; older ones were forgotten.
    assert_eq!(pacer.wait_before("op-999999", now), Duration::from_secs(1));
    assert_eq!(pacer.wait_before("op-0", now), Duration::ZERO);
}

#[test]
fn pacer_shared_by_threads_hands_out_each_slot_once() {
    let pacer = Pacer::new();
    let now = at(1_700_000_000);
    pacer.expect_rate(OP, 1_000.0, now);
    let pacer = Arc::new(pacer);
    let mut waits: Vec<Duration> = (0..8)
        .map(|_| {
            let pacer = pacer.clone();
            thread::spawn(move || {
                (0..100)
                    .map(|_| pacer.wait_before(OP, now))
                    .collect::<Vec<_>>()
            })
        })
        .collect::<Vec<_>>()
        .into_iter()
        .flat_map(|worker| worker.join().unwrap())
        .collect();
    waits.sort();
    let expected: Vec<_> = (0..800).map(ms).collect();
    assert_eq!(waits, expected);
}

#[test]
fn runner_paces_attempts_and_caps_the_pacer_at_max_delay() {
    let pacer = Pacer::new();
    pacer.expect_rate(OP, 0.001, SystemTime::now()); // 1000 s apart
    let policy = RetryPolicy::builder()
        .max_delay(Duration::from_secs(5))
        .jitter(Jitter::None)
        .base_delay(ms(10))
        .build();
    let mut sleeps = Vec::new();
    let result = Retrier::new(policy).pacer(&pacer, OP).run_with(
        |delay| sleeps.push(delay),
        |attempt| if attempt < 2 { Err(busy()) } else { Ok(()) },
    );
    assert!(result.is_ok());
    // First attempt: free slot; then the backoff; then the pacer, capped.
    assert_eq!(sleeps.len(), 2);
    assert_eq!(sleeps[0], ms(10));
    assert_eq!(sleeps[1], Duration::from_secs(5));
}

// ------------------------------------------- the pacer: in flight, probes

/// X's window headers: limit, remaining, reset (epoch seconds).
fn x_window(limit: u64, remaining: u64, reset: u64) -> [(&'static str, String); 3] {
    [
        ("x-rate-limit-limit", limit.to_string()),
        ("x-rate-limit-remaining", remaining.to_string()),
        ("x-rate-limit-reset", reset.to_string()),
    ]
}

#[test]
fn pacer_subtracts_requests_in_flight_from_a_new_windows_remaining() {
    let pacer = Pacer::new();
    let t = 1_700_000_000;
    pacer.observe(OP, 200, &x_window(10, 5, t + 10), at(t));
    // Three let through, their answers not back yet.
    for _ in 0..3 {
        assert_eq!(pacer.wait_before(OP, at(t)), Duration::ZERO);
    }
    // Within a window, the smaller of the local countdown (2) and the
    // server's figure (4, not counting the three on their way).
    pacer.observe(OP, 200, &x_window(10, 4, t + 10), at(t));
    // A response opens the next window: 8 left by the server's count. Of
    // the three let through, the two responses observed answered two; the
    // one still in flight will take one of the 8.
    pacer.observe(OP, 200, &x_window(10, 8, t + 20), at(t + 10));
    let waits: Vec<_> = (0..8).map(|_| pacer.wait_before(OP, at(t + 10))).collect();
    let mut expected = vec![Duration::ZERO; 7];
    // The eighth is booked into the following window (10 s long).
    expected.push(Duration::from_secs(10));
    assert_eq!(waits, expected);
}

#[test]
fn pacer_counts_requests_let_through_while_remaining_is_unknown() {
    let pacer = Pacer::new();
    let t = 1_700_000_000;
    pacer.observe(OP, 200, &x_window(10, 10, t + 1), at(t));
    // Past the reset, the next window unknown: requests go, and are counted.
    for _ in 0..4 {
        assert_eq!(pacer.wait_before(OP, at(t + 2)), Duration::ZERO);
    }
    // The first answer of the new window says 9: the three others still in
    // flight leave 6.
    pacer.observe(OP, 200, &x_window(10, 9, t + 3), at(t + 2));
    let waits: Vec<_> = (0..7).map(|_| pacer.wait_before(OP, at(t + 2))).collect();
    let mut expected = vec![Duration::ZERO; 6];
    expected.push(Duration::from_secs(1)); // booked into the window after
    assert_eq!(waits, expected);
}

#[test]
fn pacer_bounds_grants_whose_answer_is_never_observed() {
    let t = 1_700_000_000;
    // Fifty let through, never answered: counted at most up to the limit.
    let pacer = Pacer::new();
    pacer.observe(OP, 200, &x_window(5, 5, t + 10), at(t));
    for _ in 0..50 {
        let _ = pacer.wait_before(OP, at(t));
    }
    // The next window's answer takes one off the five: 5 - 4 leaves one.
    pacer.observe(OP, 200, &x_window(5, 5, t + 20), at(t + 10));
    assert_eq!(pacer.wait_before(OP, at(t + 10)), Duration::ZERO);
    assert_eq!(
        pacer.wait_before(OP, at(t + 10)),
        Duration::from_secs(10),
        "booked into the window after"
    );

    // And the count starts again from zero when the window rolls over.
    let pacer = Pacer::new();
    pacer.observe(OP, 200, &x_window(5, 5, t + 10), at(t));
    for _ in 0..5 {
        assert_eq!(pacer.wait_before(OP, at(t)), Duration::ZERO);
    }
    assert_eq!(pacer.wait_before(OP, at(t + 15)), Duration::ZERO);
    // One in flight, answered by this response: all four count.
    pacer.observe(OP, 200, &x_window(5, 4, t + 20), at(t + 15));
    let waits: Vec<_> = (0..5).map(|_| pacer.wait_before(OP, at(t + 15))).collect();
    let mut expected = vec![Duration::ZERO; 4];
    expected.push(Duration::from_secs(5));
    assert_eq!(waits, expected);
}

#[test]
fn pacer_probing_sends_one_request_of_an_unknown_operation_then_spaces_the_rest() {
    let pacer = Pacer::new().probe_unknown_operations();
    let now = at(1_700_000_000);
    // The probe goes; the others are told to ask again shortly, with
    // nothing reserved.
    assert_eq!(pacer.wait_before(OP, now), Duration::ZERO);
    for _ in 0..3 {
        assert_eq!(pacer.wait_before(OP, now), ms(10));
    }
    // The probe's answer: 10 per second. The waiting callers now get
    // reservations, spaced from the probe.
    pacer.observe(OP, 200, &[("x-amzn-RateLimit-Limit", "10")], now);
    let waits: Vec<_> = (0..3).map(|_| pacer.wait_before(OP, now)).collect();
    assert_eq!(waits, [ms(100), ms(200), ms(300)]);
}

#[test]
fn pacer_probes_unknown_operations_once_it_knows_the_api_paces() {
    let pacer = Pacer::new();
    let now = at(1_700_000_000);
    pacer.observe(OP, 200, &[("x-amzn-RateLimit-Limit", "10")], now);
    let other = "GET /orders/v0/orders/{orderId}";
    assert_eq!(pacer.wait_before(other, now), Duration::ZERO);
    assert_eq!(pacer.wait_before(other, now), ms(10));
    // An answer without headers: nothing to pace by, everyone goes.
    pacer.observe(other, 200, &(), now);
    for _ in 0..3 {
        assert_eq!(pacer.wait_before(other, now), Duration::ZERO);
    }
}

#[test]
fn pacer_lets_the_next_caller_probe_after_a_transport_failure_or_a_timeout() {
    let pacer = Pacer::new().probe_unknown_operations();
    let t = 1_700_000_000;
    assert_eq!(pacer.wait_before(OP, at(t)), Duration::ZERO);
    assert_eq!(pacer.wait_before(OP, at(t)), ms(10));
    let reset = TransportError::new(TransportKind::Closed, "connection reset");
    pacer.observe_failure(OP, &reset, at(t));
    // The next caller probes, the one after waits for it.
    assert_eq!(pacer.wait_before(OP, at(t)), Duration::ZERO);
    assert_eq!(pacer.wait_before(OP, at(t)), ms(10));
    // An answer not seen in 2 s: the next caller probes.
    assert_eq!(pacer.wait_before(OP, at(t + 3)), Duration::ZERO);
    assert_eq!(pacer.wait_before(OP, at(t + 3)), ms(10));
    // A clock gone back by more than that does not hold callers for long.
    assert_eq!(pacer.wait_before(OP, at(t - 60)), Duration::ZERO);
}

/// Runs `scenario` (which sends a probe at the time it is given) until one
/// run ends within the pacer's 2 s probe timeout of real time, at most 5
/// times, and gives that run's result. The runners read the wall clock
/// themselves, so a machine stalled for 2 s between the probe and the run
/// would see the probe timed out, by design; such a run proves nothing
/// and is run again rather than failed.
fn within_probe_timeout<T>(mut scenario: impl FnMut(SystemTime) -> T) -> T {
    for _ in 0..5 {
        let sent = SystemTime::now();
        let result = scenario(sent);
        let took = SystemTime::now().duration_since(sent).unwrap_or_default();
        if took < Duration::from_secs(2) {
            return result;
        }
    }
    panic!("five runs in a row took over 2 s of real time");
}

#[test]
fn runner_asks_the_pacer_again_while_the_probe_is_out_within_max_delay() {
    let policy = RetryPolicy::builder()
        .max_delay(ms(30))
        .jitter(Jitter::None)
        .build();
    // The probe was sent by someone else and is never answered: the
    // attempt asks again every 10 ms, then goes once the waits reach the
    // policy's maximum delay.
    let sleeps = within_probe_timeout(|sent| {
        let pacer = Pacer::new().probe_unknown_operations();
        let _probe = pacer.wait_before(OP, sent);
        let mut sleeps = Vec::new();
        let result = Retrier::new(policy).pacer(&pacer, OP).run_with(
            |delay| sleeps.push(delay),
            |_| Ok::<_, ApiError<x_ads::XAdsErrorCode>>(()),
        );
        assert!(result.is_ok());
        sleeps
    });
    assert!(!sleeps.is_empty());
    assert!(sleeps.iter().all(|&wait| wait == ms(10)), "{sleeps:?}");
    assert!(sleeps.iter().sum::<Duration>() <= ms(30));

    // The probe's answer arrives during the first wait (1000 s apart): the
    // next ask is a reservation, capped at what is left of the maximum.
    let policy = RetryPolicy::builder()
        .max_delay(Duration::from_secs(5))
        .jitter(Jitter::None)
        .build();
    let sleeps = within_probe_timeout(|sent| {
        let pacer = Pacer::new().probe_unknown_operations();
        let _probe = pacer.wait_before(OP, sent);
        let mut sleeps = Vec::new();
        let result = Retrier::new(policy).pacer(&pacer, OP).run_with(
            |delay| {
                if sleeps.is_empty() {
                    pacer.observe(OP, 200, &[("x-amzn-RateLimit-Limit", "0.001")], sent);
                }
                sleeps.push(delay);
            },
            |_| Ok::<_, ApiError<x_ads::XAdsErrorCode>>(()),
        );
        assert!(result.is_ok());
        sleeps
    });
    assert_eq!(sleeps, [ms(10), Duration::from_secs(5) - ms(10)]);
}
