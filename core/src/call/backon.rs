//! [backon](https://docs.rs/backon): the two functions that make its
//! `.when(...)` and `.adjust(...)` honour what this crate knows. No
//! dependency on backon: they are plain closures over a [`RetryPolicy`].
//!
//! - [`when`] retries only what [`RetryPolicy::may_retry`] allows: a
//!   retryable code or status, a transport failure that is safe for the
//!   request's [`Idempotency`](crate::retry::Idempotency) (derive the
//!   policy with [`RetryPolicy::for_method`]).
//! - [`adjust`] asks the policy about each failure, counting attempts and
//!   time from its creation. It stops (`None`) when the policy stops: the
//!   attempt limit (the code's own, if lower), a wait longer than the
//!   policy's maximum delay, the time limit (`max_elapsed`). Otherwise it
//!   waits what the server or the documents require (`Retry-After`, X's
//!   window reset, the SP-API's rate spacing, a documented minimum) when
//!   they require it, and backon's own backoff when nothing does. `None` coming in stays `None`:
//!   backon passes `None` once its own limit is spent, and anything else
//!   would retry past it.
//!
//! With the `tracing` feature, `adjust` records each failed attempt as
//! the other adapters do (see [`call::tracing`](crate::call)).
//!
//! The glue is the two method calls (backon is not a dependency of this
//! crate, so the lines are shown, not compiled, here; the same code is
//! compiled and run in `tests/suite/call_backon.rs`):
//!
//! ```text
//! let policy = RetryPolicy::default().for_method("GET");
//! let body = (|| orders(&client))
//!     .retry(ExponentialBuilder::default())
//!     .when(backon::when(policy))
//!     .adjust(backon::adjust(policy))
//!     .await?;
//! ```

use std::time::{Duration, Instant, SystemTime};

use super::attempt::{report, FailedAttempt};
use super::Failure;
use crate::retry::{Attempt, DelaySource, RetryDecision, RetryPolicy};

/// For backon's `.when(...)`: whether `policy` may retry the failure at
/// all ([`RetryPolicy::may_retry`]).
///
/// ```
/// use api_error_codes::call::backon;
/// use api_error_codes::retry::RetryPolicy;
/// use api_error_codes::x_ads;
///
/// let busy = x_ads::parse(503, &(), br#"{"errors":[{"code":"OVER_CAPACITY"}]}"#);
/// assert!(backon::when(RetryPolicy::default().for_method("GET"))(&busy));
/// assert!(!backon::when(RetryPolicy::default().for_method("POST"))(&busy));
/// ```
pub fn when<F: Failure + ?Sized>(policy: RetryPolicy) -> impl Fn(&F) -> bool {
    move |failure| policy.may_retry(failure)
}

/// For backon's `.adjust(...)`: the delay before the next attempt, or
/// `None` to stop, as the [module documentation](self) describes.
///
/// Make one per call: it counts the attempts and the time of one call.
///
/// ```
/// use api_error_codes::call::backon;
/// use api_error_codes::retry::RetryPolicy;
/// use api_error_codes::sp_api;
/// use std::time::Duration;
///
/// let quota = sp_api::parse(429, &[("x-amzn-RateLimit-Limit", "0.5")],
///     br#"{"errors":[{"code":"QuotaExceeded"}]}"#);
/// let mut adjust = backon::adjust(RetryPolicy::default());
/// // backon proposes 10 ms; the SP-API's rate requires 2 s.
/// assert_eq!(adjust(&quota, Some(Duration::from_millis(10))), Some(Duration::from_secs(2)));
/// // backon's own limit is spent: still stop.
/// assert_eq!(adjust(&quota, None), None);
/// ```
pub fn adjust<F: Failure + ?Sized>(
    policy: RetryPolicy,
) -> impl FnMut(&F, Option<Duration>) -> Option<Duration> {
    let started = Instant::now();
    let mut number = 0u32;
    let mut delays = Duration::ZERO;
    move |failure, proposed| {
        let proposed = proposed?;
        number = number.saturating_add(1);
        // The time since the call began, or the delays given if more: a
        // sleeper that does not sleep (a test's, a paused clock) still
        // counts against the budget what it was asked to wait.
        let elapsed = started.elapsed().max(delays);
        let attempt = Attempt::new(number).with_elapsed(elapsed);
        // Where only the backoff speaks, backon's own backoff is the one.
        let decision = match policy.decide_at(failure, attempt, SystemTime::now()) {
            RetryDecision::Retry {
                source: DelaySource::Backoff,
                ..
            } => RetryDecision::Retry {
                delay: proposed.min(policy.max_delay()),
                source: DelaySource::Backoff,
            },
            decided => decided,
        };
        let limit = policy.attempt_limit(failure);
        report(None, &FailedAttempt::new(number, limit, failure, decision));
        let delay = decision.delay();
        if let Some(delay) = delay {
            delays = delays.saturating_add(delay);
        }
        delay
    }
}
