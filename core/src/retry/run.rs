//! The runners: [`run`], [`run_with`] and [`run_async`], a few lines each
//! around [`RetryPolicy::decide_at`], and the [`RetryError`] they give up
//! with.

use core::fmt;
use std::future::Future;
use std::time::{Duration, Instant, SystemTime};

use super::{Attempt, RetryDecision, RetryPolicy, StopReason};
use crate::call::Failure;

/// The last failure of a request that was given up on, with how many
/// attempts were made and why no more were.
///
/// `F` is what the operation failed with: an [`ApiError`](crate::ApiError),
/// or a [`CallError`](crate::call::CallError) when transport failures are
/// in play.
#[derive(Debug, Clone, PartialEq)]
pub struct RetryError<F> {
    error: F,
    attempts: u32,
    reason: StopReason,
}

impl<F> RetryError<F> {
    /// The last attempt's failure.
    #[must_use]
    pub fn error(&self) -> &F {
        &self.error
    }

    /// The last attempt's failure, owned.
    #[must_use]
    pub fn into_error(self) -> F {
        self.error
    }

    /// How many attempts were made, the first included.
    #[must_use]
    pub fn attempts(&self) -> u32 {
        self.attempts
    }

    /// Why no further attempt was made.
    #[must_use]
    pub fn reason(&self) -> StopReason {
        self.reason
    }
}

impl<F: fmt::Display> fmt::Display for RetryError<F> {
    /// `gave up after 4 attempts (all 4 allowed attempts were made): HTTP 503 ...`
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let plural = if self.attempts == 1 { "" } else { "s" };
        write!(
            f,
            "gave up after {} attempt{plural} ({}): {}",
            self.attempts, self.reason, self.error
        )
    }
}

impl<F: std::error::Error + 'static> std::error::Error for RetryError<F> {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&self.error)
    }
}

/// Runs `operation` until it succeeds or [`RetryPolicy::decide`] stops,
/// sleeping the thread between attempts.
///
/// `operation` gets the attempt number (from 1). On failure the result is
/// the last error, the number of attempts and the reason for stopping.
/// See [`run_with`] to choose how to wait (or to record the waits in tests).
///
/// ```
/// use api_error_codes::amazon_scraper::{self, AmazonScraperErrorCode};
/// use api_error_codes::retry::{self, RetryPolicy, StopReason};
///
/// let policy = RetryPolicy::default();
/// let result: Result<&str, _> = retry::run(&policy, |attempt| {
///     // A real client sends the request here; this server always refuses.
///     assert_eq!(attempt, 1);
///     Err(amazon_scraper::parse(401, &[("Retry-After", "1")], br#"{"error":"revoked"}"#))
/// });
/// let failure = result.unwrap_err();
/// assert_eq!(failure.attempts(), 1); // permanent: tried once, no sleep
/// assert_eq!(failure.reason(), StopReason::Permanent);
/// assert_eq!(failure.error().variant(), Some(AmazonScraperErrorCode::Revoked));
/// ```
pub fn run<T, X, F>(policy: &RetryPolicy, operation: F) -> Result<T, RetryError<X>>
where
    X: Failure,
    F: FnMut(u32) -> Result<T, X>,
{
    run_with(policy, std::thread::sleep, operation)
}

/// Runs `operation` as [`run`] does, calling `sleep` with each delay.
///
/// The elapsed time counted against the policy's `max_elapsed` is the time spent
/// in `operation` (measured) plus the delays handed to `sleep`, so a sleep
/// that only records its argument sees the same decisions as a real one.
///
/// ```
/// use api_error_codes::x_ads;
/// use api_error_codes::retry::{self, Jitter, RetryPolicy};
/// use std::time::Duration;
///
/// let policy = RetryPolicy::builder().jitter(Jitter::None).build();
/// let mut waits = Vec::new();
/// let result = retry::run_with(&policy, |delay| waits.push(delay), |attempt| {
///     if attempt < 3 {
///         Err(x_ads::parse(503, &(), br#"{"errors":[{"code":"OVER_CAPACITY"}]}"#))
///     } else {
///         Ok("campaigns")
///     }
/// });
/// assert_eq!(result.unwrap(), "campaigns");
/// assert_eq!(waits, [Duration::from_secs(1), Duration::from_secs(2)]);
/// ```
pub fn run_with<T, X, F, S>(
    policy: &RetryPolicy,
    mut sleep: S,
    mut operation: F,
) -> Result<T, RetryError<X>>
where
    X: Failure,
    F: FnMut(u32) -> Result<T, X>,
    S: FnMut(Duration),
{
    let mut attempts = AttemptCounter::new(policy);
    // Bounded: `decide` stops once the attempt number reaches the policy's
    // `max_attempts`, a `u32`.
    loop {
        let started = Instant::now();
        match operation(attempts.number()) {
            Ok(value) => return Ok(value),
            Err(error) => sleep(attempts.after_failure(started.elapsed(), error)?),
        }
    }
}

/// Runs the future `operation` returns until it succeeds or
/// [`RetryPolicy::decide`] stops, awaiting `sleep(delay)` between attempts.
///
/// Tied to no runtime: pass the runtime's sleep (`tokio::time::sleep`,
/// `async_std::task::sleep`, a timer of your own). Elapsed time is counted
/// as in [`run_with`].
///
/// ```
/// use api_error_codes::sp_api;
/// use api_error_codes::retry::{self, Jitter, RetryPolicy};
/// use std::cell::RefCell;
/// use std::time::Duration;
/// # use std::{future::Future, pin::pin, sync::Arc, task::{Context, Poll, Wake, Waker}};
/// # struct Noop;
/// # impl Wake for Noop { fn wake(self: Arc<Self>) {} }
/// # fn block_on<F: Future>(future: F) -> F::Output {
/// #     let waker = Waker::from(Arc::new(Noop));
/// #     let mut future = pin!(future);
/// #     loop {
/// #         if let Poll::Ready(output) = future.as_mut().poll(&mut Context::from_waker(&waker)) {
/// #             return output;
/// #         }
/// #     }
/// # }
///
/// let policy = RetryPolicy::builder().jitter(Jitter::None).build();
/// let waits = RefCell::new(Vec::new());
/// // With tokio: `retry::run_async(&policy, tokio::time::sleep, |attempt| ...).await`
/// let sleep = |delay| {
///     waits.borrow_mut().push(delay);
///     std::future::ready(())
/// };
/// let result = block_on(retry::run_async(&policy, sleep, |attempt| async move {
///     if attempt == 1 {
///         Err(sp_api::parse(429, &[("x-amzn-RateLimit-Limit", "0.5")],
///             br#"{"errors":[{"code":"QuotaExceeded"}]}"#))
///     } else {
///         Ok(attempt)
///     }
/// }));
/// assert_eq!(result.unwrap(), 2);
/// assert_eq!(*waits.borrow(), [Duration::from_secs(2)]); // 1 / 0.5 requests per second
/// ```
pub async fn run_async<T, X, F, Fut, S, SleepFut>(
    policy: &RetryPolicy,
    mut sleep: S,
    mut operation: F,
) -> Result<T, RetryError<X>>
where
    X: Failure,
    F: FnMut(u32) -> Fut,
    Fut: Future<Output = Result<T, X>>,
    S: FnMut(Duration) -> SleepFut,
    SleepFut: Future<Output = ()>,
{
    let mut attempts = AttemptCounter::new(policy);
    // Bounded as in `run_with`.
    loop {
        let started = Instant::now();
        match operation(attempts.number()).await {
            Ok(value) => return Ok(value),
            Err(error) => sleep(attempts.after_failure(started.elapsed(), error)?).await,
        }
    }
}

/// The bookkeeping both runners share: the attempt number, the time spent
/// so far, and the decision after each failure.
struct AttemptCounter<'p> {
    policy: &'p RetryPolicy,
    number: u32,
    elapsed: Duration,
}

impl<'p> AttemptCounter<'p> {
    fn new(policy: &'p RetryPolicy) -> Self {
        AttemptCounter {
            policy,
            number: 1,
            elapsed: Duration::ZERO,
        }
    }

    fn number(&self) -> u32 {
        self.number
    }

    /// After the current attempt failed with `error`, having taken `took`:
    /// the delay before the next one, or the error to give up with.
    fn after_failure<X: Failure>(
        &mut self,
        took: Duration,
        error: X,
    ) -> Result<Duration, RetryError<X>> {
        self.elapsed = self.elapsed.saturating_add(took);
        let attempt = Attempt::new(self.number).with_elapsed(self.elapsed);
        match self.policy.decide_at(&error, attempt, SystemTime::now()) {
            RetryDecision::Retry { delay, .. } => {
                self.elapsed = self.elapsed.saturating_add(delay);
                self.number = self.number.saturating_add(1);
                Ok(delay)
            }
            RetryDecision::Stop(reason) => Err(RetryError {
                error,
                attempts: self.number,
                reason,
            }),
        }
    }
}
