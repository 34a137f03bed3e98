//! The runners: [`run`], [`run_with`] and [`run_async`], a few lines each
//! around [`RetryPolicy::decide_at`]; [`Retrier`], the same runners with a
//! shared [`RetryBudget`] and [`Pacer`] attached; and the [`RetryError`]
//! they give up with.

use core::fmt;
use std::future::Future;
use std::time::{Duration, Instant, SystemTime};

use super::{
    Attempt, AttemptPacing, DelaySource, Pacer, RetryBudget, RetryDecision, RetryPolicy,
    RetryToken, StopReason,
};
use crate::call::attempt::report_to;
use crate::call::{FailedAttempt, Failure};

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
    Retrier::new(*policy).run(operation)
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
    sleep: S,
    operation: F,
) -> Result<T, RetryError<X>>
where
    X: Failure,
    F: FnMut(u32) -> Result<T, X>,
    S: FnMut(Duration),
{
    Retrier::new(*policy).run_with(sleep, operation)
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
    sleep: S,
    operation: F,
) -> Result<T, RetryError<X>>
where
    X: Failure,
    F: FnMut(u32) -> Fut,
    Fut: Future<Output = Result<T, X>>,
    S: FnMut(Duration) -> SleepFut,
    SleepFut: Future<Output = ()>,
{
    Retrier::new(*policy).run_async(sleep, operation).await
}

/// The runners with what a fleet of calls shares attached: a
/// [`RetryBudget`] that every retry draws on, and a [`Pacer`] consulted
/// before every attempt, the first and the retries alike.
///
/// The policy stays a small `Copy` value that [`decide`](RetryPolicy::decide)
/// reads alone; what calls share lives in the budget and the pacer (each an
/// `Arc` inside), and a `Retrier` borrows them for one call. Build one per
/// call — it costs nothing — since the pacer's operation is the call's.
///
/// - **Budget**: after the policy decides to retry, the retry takes its
///   cost from the budget; an empty budget stops the call with
///   [`StopReason::RetryBudgetEmpty`]. A success gives back what the
///   budget's rules say.
/// - **Pacer**: before each attempt, the runner waits what
///   [`Pacer::wait_before`] says, asking again while the operation's probe
///   is out (all of it at most the policy's maximum delay per attempt, and
///   counted against its `max_elapsed`); after each failed attempt it
///   observes the error's rate-limit headers. A *successful* response's
///   headers are the operation's to report — the runner cannot see inside
///   `T` — with [`Pacer::observe`], as below.
///
/// ```
/// use api_error_codes::retry::{Pacer, Retrier, RetryBudget, RetryPolicy};
/// use api_error_codes::sp_api;
/// use std::time::{Duration, SystemTime};
///
/// // Shared by every call of the process (clones share one state).
/// let budget = RetryBudget::new();
/// let pacer = Pacer::new();
/// let policy = RetryPolicy::default();
///
/// let op = "GET /orders/v0/orders";
/// let mut waits = Vec::new();
/// let orders = Retrier::new(policy)
///     .budget(&budget)
///     .pacer(&pacer, op)
///     .run_with(|delay| waits.push(delay), |attempt| {
///         // Send the request here; this one succeeds with the SP-API's rate header.
///         let (status, headers) = (200, [("x-amzn-RateLimit-Limit", "0.0167")]);
///         pacer.observe(op, status, &headers, SystemTime::now());
///         Ok::<_, api_error_codes::ApiError<sp_api::SpApiErrorCode>>(attempt)
///     });
/// assert_eq!(orders.unwrap(), 1);
/// assert!(waits.is_empty()); // nothing was known before the first answer
/// // The next call of this operation waits about a minute: 0.0167 requests per second.
/// assert!(pacer.wait_before(op, SystemTime::now()) > Duration::from_secs(59));
/// ```
#[derive(Clone, Copy)]
#[must_use]
pub struct Retrier<'a> {
    policy: RetryPolicy,
    budget: Option<&'a RetryBudget>,
    pacer: Option<(&'a Pacer, &'a str)>,
    on_retry: Option<&'a dyn Fn(&FailedAttempt<'_>)>,
}

impl fmt::Debug for Retrier<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Retrier")
            .field("policy", &self.policy)
            .field("budget", &self.budget)
            .field("pacer", &self.pacer)
            .field("on_retry", &self.on_retry.map(|_| "Fn(&FailedAttempt)"))
            .finish()
    }
}

impl<'a> Retrier<'a> {
    /// The runners of `policy`, with nothing shared attached: the same as
    /// [`run`], [`run_with`] and [`run_async`].
    pub const fn new(policy: RetryPolicy) -> Retrier<'a> {
        Retrier {
            policy,
            budget: None,
            pacer: None,
            on_retry: None,
        }
    }

    /// Calls `hook` after every failed attempt with the failure and the
    /// decision taken on it (retry after a delay, or the stop and why):
    /// for logs, metrics or tests. With the `tracing` feature the runners
    /// also emit the events of [`call::tracing`](crate::call), hook or not.
    ///
    /// ```
    /// use api_error_codes::retry::{Jitter, Retrier, RetryPolicy};
    /// use api_error_codes::x_ads;
    /// use std::cell::RefCell;
    ///
    /// let seen = RefCell::new(Vec::new());
    /// let log = |attempt: &api_error_codes::call::FailedAttempt<'_>| {
    ///     seen.borrow_mut().push(format!("{} of {}: {}", attempt.number(), attempt.limit(), attempt.decision()));
    /// };
    /// let policy = RetryPolicy::builder().jitter(Jitter::None).max_attempts(2).build();
    /// let result: Result<(), _> = Retrier::new(policy).on_retry(&log).run_with(|_| {}, |_| {
    ///     Err(x_ads::parse(503, &(), br#"{"errors":[{"code":"OVER_CAPACITY"}]}"#))
    /// });
    /// assert!(result.is_err());
    /// assert_eq!(*seen.borrow(), ["1 of 2: retry in 1s (backoff)", "2 of 2: stop: all 2 allowed attempts were made"]);
    /// ```
    pub const fn on_retry(mut self, hook: &'a dyn Fn(&FailedAttempt<'_>)) -> Retrier<'a> {
        self.on_retry = Some(hook);
        self
    }

    /// Every retry takes its cost from `budget`; see [`RetryBudget`].
    pub const fn budget(mut self, budget: &'a RetryBudget) -> Retrier<'a> {
        self.budget = Some(budget);
        self
    }

    /// Every attempt waits for `pacer`'s word on `operation` first; see
    /// [`Pacer`].
    pub const fn pacer(mut self, pacer: &'a Pacer, operation: &'a str) -> Retrier<'a> {
        self.pacer = Some((pacer, operation));
        self
    }

    /// The policy.
    #[must_use]
    pub const fn policy(&self) -> &RetryPolicy {
        &self.policy
    }

    /// Runs `operation` as [`run`] does, sleeping the thread.
    ///
    /// # Errors
    ///
    /// The last failure, when a retry was not made (see [`RetryError`]).
    pub fn run<T, X, F>(&self, operation: F) -> Result<T, RetryError<X>>
    where
        X: Failure,
        F: FnMut(u32) -> Result<T, X>,
    {
        self.run_with(std::thread::sleep, operation)
    }

    /// Runs `operation` as [`run_with`] does, calling `sleep` with each
    /// delay, the pacer's included.
    ///
    /// # Errors
    ///
    /// The last failure, when a retry was not made (see [`RetryError`]).
    pub fn run_with<T, X, F, S>(&self, mut sleep: S, mut operation: F) -> Result<T, RetryError<X>>
    where
        X: Failure,
        F: FnMut(u32) -> Result<T, X>,
        S: FnMut(Duration),
    {
        let mut attempts = AttemptCounter::new(*self);
        // Bounded: `decide` stops once the attempt number reaches the
        // policy's `max_attempts`, a `u32`.
        loop {
            while let Some(wait) = attempts.pace() {
                sleep(wait);
            }
            let started = Instant::now();
            match operation(attempts.number()) {
                Ok(value) => {
                    attempts.succeeded();
                    return Ok(value);
                }
                Err(error) => sleep(attempts.after_failure(started.elapsed(), error)?),
            }
        }
    }

    /// Runs the future `operation` returns as [`run_async`] does, awaiting
    /// `sleep(delay)` for each delay, the pacer's included.
    ///
    /// # Errors
    ///
    /// The last failure, when a retry was not made (see [`RetryError`]).
    pub async fn run_async<T, X, F, Fut, S, SleepFut>(
        &self,
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
        let mut attempts = AttemptCounter::new(*self);
        // Bounded as in `run_with`.
        loop {
            while let Some(wait) = attempts.pace() {
                sleep(wait).await;
            }
            let started = Instant::now();
            match operation(attempts.number()).await {
                Ok(value) => {
                    attempts.succeeded();
                    return Ok(value);
                }
                Err(error) => sleep(attempts.after_failure(started.elapsed(), error)?).await,
            }
        }
    }
}

/// The bookkeeping every runner shares (these, and backon's
/// [`Call`](crate::call::backon::Call)): the attempt number, the time spent
/// so far, the budget's last token, and the decision after each failure —
/// the one place a runner decides.
pub(crate) struct AttemptCounter<'a> {
    retrier: Retrier<'a>,
    number: u32,
    elapsed: Duration,
    last_token: Option<RetryToken>,
    /// The pacer's waits before the current attempt.
    pacing: AttemptPacing,
}

impl<'a> AttemptCounter<'a> {
    pub(crate) fn new(retrier: Retrier<'a>) -> Self {
        AttemptCounter {
            retrier,
            number: 1,
            elapsed: Duration::ZERO,
            last_token: None,
            pacing: AttemptPacing::default(),
        }
    }

    /// The current attempt's number, from 1.
    pub(crate) fn number(&self) -> u32 {
        self.number
    }

    /// The time the call has taken so far, as counted: the attempts, the
    /// delays and the pacer's waits.
    pub(crate) fn elapsed(&self) -> Duration {
        self.elapsed
    }

    /// The retrier this counter counts for.
    pub(crate) fn retrier(&self) -> &Retrier<'a> {
        &self.retrier
    }

    /// Before the current attempt, called until it says `None`: the next
    /// wait the pacer asks for, if one is attached (see [`AttemptPacing`]),
    /// counted in the call's time.
    pub(crate) fn pace(&mut self) -> Option<Duration> {
        let (pacer, operation) = self.retrier.pacer?;
        let wait = self
            .pacing
            .next_wait(pacer, operation, self.retrier.policy.max_delay())?;
        self.elapsed = self.elapsed.saturating_add(wait);
        Some(wait)
    }

    /// After the current attempt succeeded: the budget gets its refund.
    pub(crate) fn succeeded(&mut self) {
        if let Some(budget) = self.retrier.budget {
            budget.record_success(self.last_token.take());
        }
    }

    /// After the current attempt failed with `error`, having taken `took`:
    /// the decision, with the budget charged for a retry (an empty one
    /// stops the call), the pacer told of the failure's headers, and the
    /// hook and the `tracing` events told of the decision. A retry moves
    /// the count to the next attempt.
    ///
    /// `own_backoff` replaces the policy's backoff where only the backoff
    /// speaks (backon's, whose backoff the user chose), capped at the
    /// policy's maximum delay.
    pub(crate) fn decide<X: Failure + ?Sized>(
        &mut self,
        took: Duration,
        error: &X,
        own_backoff: Option<Duration>,
    ) -> RetryDecision {
        let policy = self.retrier.policy;
        self.elapsed = self.elapsed.saturating_add(took);
        let attempt = Attempt::new(self.number).with_elapsed(self.elapsed);
        let now = SystemTime::now();
        if let Some((pacer, operation)) = self.retrier.pacer {
            pacer.observe_failure(operation, error, now);
        }
        let mut decision = match (policy.decide_at(error, attempt, now), own_backoff) {
            (
                RetryDecision::Retry {
                    source: DelaySource::Backoff,
                    ..
                },
                Some(own),
            ) => RetryDecision::Retry {
                delay: own.min(policy.max_delay()),
                source: DelaySource::Backoff,
            },
            (decided, _) => decided,
        };
        if let Some(budget) = self.retrier.budget {
            decision = budget.charge(error, decision, &mut self.last_token);
        }
        report_to(
            self.retrier.on_retry,
            &FailedAttempt::new(self.number, policy.attempt_limit(error), error, decision),
        );
        if let RetryDecision::Retry { delay, .. } = decision {
            self.elapsed = self.elapsed.saturating_add(delay);
            self.number = self.number.saturating_add(1);
            self.pacing = AttemptPacing::default();
        }
        decision
    }

    /// After the current attempt failed with `error`, having taken `took`:
    /// the delay before the next one, or the error to give up with.
    fn after_failure<X: Failure>(
        &mut self,
        took: Duration,
        error: X,
    ) -> Result<Duration, RetryError<X>> {
        let attempts = self.number;
        match self.decide(took, &error, None) {
            RetryDecision::Retry { delay, .. } => Ok(delay),
            RetryDecision::Stop(reason) => Err(RetryError {
                error,
                attempts,
                reason,
            }),
        }
    }
}
