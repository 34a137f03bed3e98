//! The runners `run`, `run_with` and `run_async`: thin loops over `decide`,
//! tested with recorded sleeps (no waiting) and a minimal executor (no
//! runtime).

use std::cell::RefCell;
use std::future::Future;
use std::task::{Context, Poll};
use std::time::Duration;

use api_error_codes::amazon_scraper::{self, AmazonScraperErrorCode};
use api_error_codes::retry::{self, Jitter, RetryPolicy, StopReason};
use api_error_codes::x_ads::{self, XAdsErrorCode};
use api_error_codes::ApiError;
use api_error_codes_tests::block_on;

fn secs(n: u64) -> Duration {
    Duration::from_secs(n)
}

fn over_capacity() -> ApiError<XAdsErrorCode> {
    x_ads::parse(
        503,
        &[("x-transaction-id", "t1")],
        br#"{"errors":[{"code":"OVER_CAPACITY","message":"Over capacity"}]}"#,
    )
}

fn exact() -> RetryPolicy {
    RetryPolicy::builder().jitter(Jitter::None).build()
}

#[test]
fn run_with_returns_the_last_typed_error_with_the_attempt_count() {
    let mut sleeps = Vec::new();
    let mut calls = Vec::new();
    let result: Result<(), _> = retry::run_with(
        &exact(),
        |delay| sleeps.push(delay),
        |attempt| {
            calls.push(attempt);
            Err(over_capacity())
        },
    );
    let failure = result.unwrap_err();
    assert_eq!(calls, [1, 2, 3, 4]);
    assert_eq!(sleeps, [secs(1), secs(2), secs(4)]);
    assert_eq!(failure.attempts(), 4);
    assert_eq!(failure.reason(), StopReason::AttemptsExhausted { limit: 4 });
    assert_eq!(failure.error().variant(), Some(XAdsErrorCode::OverCapacity));
    assert_eq!(failure.error().request_id(), Some("t1"));
    assert_eq!(
        failure.to_string(),
        "gave up after 4 attempts (all 4 allowed attempts were made): \
         HTTP 503 OVER_CAPACITY: Over capacity (request id t1)"
    );
    let source = std::error::Error::source(&failure).map(ToString::to_string);
    assert_eq!(source, Some(failure.error().to_string()));
    assert_eq!(failure.into_error().status(), 503);
}

#[test]
fn run_with_stops_at_once_on_a_permanent_error() {
    let mut sleeps = Vec::new();
    let mut calls = 0;
    let result: Result<(), _> = retry::run_with(
        &RetryPolicy::default(),
        |delay| sleeps.push(delay),
        |_| {
            calls += 1;
            Err(amazon_scraper::parse(
                403,
                &[("Retry-After", "1")],
                br#"{"error":"forbidden_region","message":"no"}"#,
            ))
        },
    );
    let failure = result.unwrap_err();
    assert_eq!((calls, failure.attempts()), (1, 1));
    assert!(sleeps.is_empty());
    assert_eq!(failure.reason(), StopReason::Permanent);
    assert_eq!(
        failure.error().variant(),
        Some(AmazonScraperErrorCode::ForbiddenRegion)
    );
    assert!(failure.to_string().starts_with("gave up after 1 attempt ("));
}

#[test]
fn run_with_returns_the_value_once_an_attempt_succeeds() {
    let mut sleeps = Vec::new();
    let result = retry::run_with(
        &exact(),
        |delay| sleeps.push(delay),
        |attempt| {
            if attempt < 3 {
                Err(over_capacity())
            } else {
                Ok(attempt * 10)
            }
        },
    );
    assert_eq!(result.unwrap(), 30);
    assert_eq!(sleeps, [secs(1), secs(2)]);
}

#[test]
fn run_with_counts_recorded_sleeps_against_max_elapsed() {
    let policy = exact()
        .to_builder()
        .max_elapsed(Duration::from_millis(2_500))
        .build();
    let mut sleeps = Vec::new();
    let result: Result<(), _> = retry::run_with(
        &policy,
        |delay| sleeps.push(delay),
        |_| Err(over_capacity()),
    );
    let failure = result.unwrap_err();
    // 1 s slept; the next 2 s would end at 3 s, past 2.5 s.
    assert_eq!(sleeps, [secs(1)]);
    assert_eq!(failure.attempts(), 2);
    assert_eq!(
        failure.reason(),
        StopReason::ElapsedLimit {
            max_elapsed: Duration::from_millis(2_500)
        }
    );
}

#[test]
fn run_with_does_not_replay_a_post() {
    let mut calls = 0;
    let result: Result<(), _> = retry::run_with(
        &exact().for_method("POST"),
        |_| panic!("a POST must not be retried"),
        |_| {
            calls += 1;
            Err(over_capacity())
        },
    );
    assert_eq!(calls, 1);
    assert_eq!(result.unwrap_err().reason(), StopReason::NotIdempotent);
}

#[test]
fn run_sleeps_the_thread_between_attempts() {
    // Millisecond delays: the real sleep runs, and the test stays fast.
    let policy = RetryPolicy::builder()
        .base_delay(Duration::from_millis(1))
        .max_delay(Duration::from_millis(5))
        .build();
    let mut calls = 0;
    let result = retry::run(&policy, |attempt| {
        calls += 1;
        if attempt == 1 {
            Err(over_capacity())
        } else {
            Ok("done")
        }
    });
    assert_eq!(result.unwrap(), "done");
    assert_eq!(calls, 2);
}

#[test]
fn run_async_needs_no_runtime_and_records_its_sleeps() {
    let sleeps = RefCell::new(Vec::new());
    let sleep = |delay| {
        sleeps.borrow_mut().push(delay);
        std::future::ready(())
    };
    let result: Result<(), _> = block_on(retry::run_async(&exact(), sleep, |_| async {
        Err(over_capacity())
    }));
    let failure = result.unwrap_err();
    assert_eq!(failure.attempts(), 4);
    assert_eq!(failure.reason(), StopReason::AttemptsExhausted { limit: 4 });
    assert_eq!(*sleeps.borrow(), [secs(1), secs(2), secs(4)]);
}

#[test]
fn run_async_awaits_a_sleep_that_is_pending_at_first() {
    // A sleep future that needs a second poll, as a runtime's timer would.
    struct YieldOnce(bool);
    impl Future for YieldOnce {
        type Output = ();
        fn poll(mut self: std::pin::Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
            if self.0 {
                Poll::Ready(())
            } else {
                self.0 = true;
                cx.waker().wake_by_ref();
                Poll::Pending
            }
        }
    }
    let slept = RefCell::new(Vec::new());
    let result = block_on(retry::run_async(
        &exact(),
        |delay| {
            slept.borrow_mut().push(delay);
            YieldOnce(false)
        },
        |attempt| async move {
            if attempt == 1 {
                Err(amazon_scraper::parse(
                    429,
                    &[("Retry-After", "2")],
                    br#"{"error":"rate_limited"}"#,
                ))
            } else {
                Ok(attempt)
            }
        },
    ));
    assert_eq!(result.unwrap(), 2);
    assert_eq!(*slept.borrow(), [secs(2)]);
}
