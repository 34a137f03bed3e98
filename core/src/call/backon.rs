//! [backon](https://docs.rs/backon): what makes its `.when(...)` and
//! `.adjust(...)` honour what this crate knows. No dependency on backon:
//! these are plain closures over a [`RetryPolicy`].
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
//!   they require it, and backon's own backoff when nothing does. `None`
//!   coming in stays `None`: backon passes `None` once its own limit is
//!   spent, and anything else would retry past it.
//! - [`Call`] does what `adjust` does for one call that shares a
//!   [`RetryBudget`](crate::retry::RetryBudget) and a
//!   [`Pacer`](crate::retry::Pacer) with the other calls of its process,
//!   as [`Retrier`] does for the runners.
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
//!
//! With a budget and a pacer, through a [`Call`]: each attempt goes
//! through [`Call::attempt`], which waits for the pacer first and gives the
//! budget its refund on success:
//!
//! ```text
//! let call = backon::Call::new(Retrier::new(policy).budget(&budget).pacer(&pacer, "GET /orders/v0/orders"));
//! let body = (|| call.attempt(tokio::time::sleep, orders(&client)))
//!     .retry(ExponentialBuilder::default())
//!     .adjust(call.adjust())
//!     .await?;
//! ```

use core::fmt;
use std::future::Future;
use std::sync::{Mutex, MutexGuard, PoisonError};
use std::time::{Duration, Instant};

use super::Failure;
use crate::retry::{AttemptCounter, Retrier, RetryPolicy};

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
    let mut count = Counted::new(Retrier::new(policy));
    move |failure, proposed| count.adjust(failure, proposed)
}

/// One call retried by backon with what it shares with the other calls of
/// its process: a [`RetryBudget`](crate::retry::RetryBudget) its retries
/// draw on, a [`Pacer`](crate::retry::Pacer) its attempts wait for, an
/// `on_retry` hook: whatever the [`Retrier`] it is made from carries.
///
/// - [`adjust`](Self::adjust) decides as the free [`adjust`] does, and
///   then takes the retry's cost from the budget (an empty budget stops
///   the call, reported as
///   [`StopReason::RetryBudgetEmpty`](crate::retry::StopReason::RetryBudgetEmpty)),
///   and lets the pacer learn from the failure's rate-limit headers. It
///   decides every failure, the permanent ones included, so no
///   `.when(...)` is needed, and every stop is reported.
/// - [`attempt`](Self::attempt) wraps each attempt: it waits for the
///   pacer's word first (the first attempt and the retries alike, at most
///   the policy's maximum delay each), and on success gives the budget its
///   refund. A successful response's rate-limit headers are the
///   operation's to report, with [`Pacer::observe`](crate::retry::Pacer::observe):
///   the call cannot see inside the success.
///
/// Make one per call, like a [`Retrier`]; it borrows the budget and the
/// pacer, and is `Sync`, so the retry future stays `Send`.
///
/// ```
/// use api_error_codes::call::backon::Call;
/// use api_error_codes::retry::{Retrier, RetryBudget, RetryPolicy, StopReason};
/// use api_error_codes::x_ads;
/// use std::time::Duration;
///
/// // A budget with room for one retry (a retry costs 5).
/// let budget = RetryBudget::with_capacity(5);
/// let busy = x_ads::parse(503, &(), br#"{"errors":[{"code":"OVER_CAPACITY"}]}"#);
///
/// let call = Call::new(Retrier::new(RetryPolicy::default()).budget(&budget));
/// let mut adjust = call.adjust();
/// // backon proposes 100 ms: the first retry is paid for...
/// assert_eq!(adjust(&busy, Some(Duration::from_millis(100))), Some(Duration::from_millis(100)));
/// assert_eq!(budget.available(), 0);
/// // ...and the budget has nothing left for a second one.
/// assert_eq!(adjust(&busy, Some(Duration::from_millis(200))), None);
/// ```
pub struct Call<'a> {
    count: Mutex<Counted<'a>>,
}

impl fmt::Debug for Call<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let count = self.count();
        f.debug_struct("Call")
            .field("retrier", count.counter.retrier())
            .field("attempt", &count.counter.number())
            .finish_non_exhaustive()
    }
}

impl<'a> Call<'a> {
    /// A call retried with `retrier`'s policy, budget, pacer and hook. Its
    /// clock starts now.
    #[must_use]
    pub fn new(retrier: Retrier<'a>) -> Call<'a> {
        Call {
            count: Mutex::new(Counted::new(retrier)),
        }
    }

    /// For backon's `.adjust(...)`: the delay before the next attempt, or
    /// `None` to stop (see the [type's documentation](Self)).
    pub fn adjust<F: Failure + ?Sized>(
        &'a self,
    ) -> impl FnMut(&F, Option<Duration>) -> Option<Duration> + 'a {
        move |failure, proposed| self.count().adjust(failure, proposed)
    }

    /// Runs one attempt, `attempt`: first the pacer's waits, slept with
    /// `sleep` (`tokio::time::sleep`, or your runtime's), then the attempt;
    /// a success gives the budget its refund. Without a pacer and a budget
    /// it is the attempt alone.
    ///
    /// # Errors
    ///
    /// The attempt's own error, untouched: backon's `.adjust(...)` judges
    /// it.
    pub async fn attempt<T, X, Fut, S, SleepFut>(&self, mut sleep: S, attempt: Fut) -> Result<T, X>
    where
        Fut: Future<Output = Result<T, X>>,
        S: FnMut(Duration) -> SleepFut,
        SleepFut: Future<Output = ()>,
    {
        // Bounded: the counter's pacing ends within the policy's maximum
        // delay. The lock is not held across the sleep.
        loop {
            let wait = self.count().counter.pace();
            match wait {
                Some(wait) => sleep(wait).await,
                None => break,
            }
        }
        let result = attempt.await;
        if result.is_ok() {
            self.count().counter.succeeded();
        }
        result
    }

    /// The count, whatever a panicking hook left behind: the counter's
    /// fields stay consistent between its steps.
    fn count(&self) -> MutexGuard<'_, Counted<'a>> {
        self.count.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// The attempts and time of one call as backon retries it: the runners'
/// counter, and the clock started with the call.
struct Counted<'a> {
    counter: AttemptCounter<'a>,
    started: Instant,
}

impl<'a> Counted<'a> {
    fn new(retrier: Retrier<'a>) -> Self {
        Counted {
            counter: AttemptCounter::new(retrier),
            started: Instant::now(),
        }
    }

    fn adjust<F: Failure + ?Sized>(
        &mut self,
        failure: &F,
        proposed: Option<Duration>,
    ) -> Option<Duration> {
        let proposed = proposed?;
        // The time since the call began, or the time counted if more: a
        // sleeper that does not sleep (a test's, a paused clock) still
        // counts against `max_elapsed` what it was asked to wait.
        let took = self
            .started
            .elapsed()
            .saturating_sub(self.counter.elapsed());
        self.counter.decide(took, failure, Some(proposed)).delay()
    }
}
