//! [`RetryPolicy`] and its decision, [`RetryPolicy::decide`]: the order is
//! the one the [module documentation](crate::retry) gives.

use std::time::{Duration, SystemTime};

use super::backoff::Backoff;
use super::wait::RequiredWait;
use super::{Attempt, DelaySource, Idempotency, Jitter, RetryDecision, StopReason};
use crate::{ApiError, ApiErrorCode};

/// The caller's bounds on retrying, and the idempotency of the request they
/// apply to. Small and `Copy`: derive a per-request policy from a shared one
/// with [`for_method`](Self::for_method).
///
/// See the [module documentation](crate::retry) for the defaults and the order in
/// which [`decide`](Self::decide) weighs everything.
///
/// ```
/// use api_error_codes::retry::{Idempotency, Jitter, RetryPolicy};
/// use std::time::Duration;
///
/// let policy = RetryPolicy::builder()
///     .max_attempts(5)
///     .base_delay(Duration::from_millis(500))
///     .max_delay(Duration::from_secs(20))
///     .jitter(Jitter::Equal)
///     .budget(Duration::from_secs(45))
///     .build();
/// assert_eq!(policy.max_attempts(), 5);
///
/// let defaults = RetryPolicy::default();
/// assert_eq!(defaults.max_attempts(), 4);
/// assert_eq!(defaults.base_delay(), Duration::from_secs(1));
/// assert_eq!(defaults.max_delay(), Duration::from_secs(60));
/// assert_eq!(defaults.jitter(), Jitter::Full);
/// assert_eq!(defaults.budget(), None);
///
/// // A POST is not retried unless the caller says it may be.
/// assert_eq!(defaults.for_method("POST").idempotency(), Idempotency::NotIdempotent);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct RetryPolicy {
    pub(super) max_attempts: u32,
    /// The backoff settings, the maximum delay among them.
    pub(super) backoff: Backoff,
    pub(super) budget: Option<Duration>,
    pub(super) idempotency: Idempotency,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy::new()
    }
}

impl RetryPolicy {
    /// The default number of attempts, the first included.
    pub const DEFAULT_MAX_ATTEMPTS: u32 = 4;
    /// The default first backoff.
    pub const DEFAULT_BASE_DELAY: Duration = Duration::from_secs(1);
    /// The default longest delay.
    pub const DEFAULT_MAX_DELAY: Duration = Duration::from_secs(60);

    /// The default policy (see the [module documentation](crate::retry)).
    #[must_use]
    pub const fn new() -> RetryPolicy {
        RetryPolicy {
            max_attempts: Self::DEFAULT_MAX_ATTEMPTS,
            backoff: Backoff {
                base_delay: Self::DEFAULT_BASE_DELAY,
                max_delay: Self::DEFAULT_MAX_DELAY,
                jitter: Jitter::Full,
                seed: None,
            },
            budget: None,
            idempotency: Idempotency::Idempotent,
        }
    }

    /// The same policy, for a request sent with `method`: `POST`, `PATCH` and
    /// unknown methods are not retried (see [`Idempotency::from_method`]).
    #[must_use]
    pub fn for_method(self, method: &str) -> RetryPolicy {
        self.with_idempotency(Idempotency::from_method(method))
    }

    /// The same policy, for a request of the given idempotency. Use it to
    /// declare a `POST` safe to repeat when the server deduplicates it.
    #[must_use]
    pub const fn with_idempotency(mut self, idempotency: Idempotency) -> RetryPolicy {
        self.idempotency = idempotency;
        self
    }

    /// The most attempts made, the first included (at least 1).
    #[must_use]
    pub const fn max_attempts(&self) -> u32 {
        self.max_attempts
    }

    /// The backoff ceiling after the first failure.
    #[must_use]
    pub const fn base_delay(&self) -> Duration {
        self.backoff.base_delay
    }

    /// The longest delay ever returned.
    #[must_use]
    pub const fn max_delay(&self) -> Duration {
        self.backoff.max_delay
    }

    /// How backoff is randomized.
    #[must_use]
    pub const fn jitter(&self) -> Jitter {
        self.backoff.jitter
    }

    /// The time the retries may take in all, counting from the first
    /// attempt; `None` when unbounded (attempts and delays still are).
    #[must_use]
    pub const fn budget(&self) -> Option<Duration> {
        self.budget
    }

    /// Whether the request may be repeated.
    #[must_use]
    pub const fn idempotency(&self) -> Idempotency {
        self.idempotency
    }

    /// Decides whether to retry after attempt number `attempt` failed with
    /// `error`, measuring `Retry-After` dates and rate-limit resets from the
    /// system clock. See [`decide_at`](Self::decide_at) to choose the clock
    /// and count elapsed time against the budget.
    ///
    /// ```
    /// use api_error_codes::x_ads;
    /// use api_error_codes::retry::{Jitter, RetryDecision, RetryPolicy, StopReason};
    /// use std::time::Duration;
    ///
    /// let policy = RetryPolicy::builder().jitter(Jitter::None).build();
    /// let busy = x_ads::parse(503, &(), br#"{"errors":[{"code":"OVER_CAPACITY"}]}"#);
    ///
    /// // Exponential backoff: 1 s, 2 s, 4 s, then the fourth attempt was the last.
    /// assert_eq!(policy.decide(&busy, 1).delay(), Some(Duration::from_secs(1)));
    /// assert_eq!(policy.decide(&busy, 2).delay(), Some(Duration::from_secs(2)));
    /// assert_eq!(policy.decide(&busy, 3).delay(), Some(Duration::from_secs(4)));
    /// assert_eq!(policy.decide(&busy, 4), RetryDecision::Stop(StopReason::AttemptsExhausted { limit: 4 }));
    ///
    /// // The same error after a POST is not retried.
    /// assert_eq!(
    ///     policy.for_method("POST").decide(&busy, 1),
    ///     RetryDecision::Stop(StopReason::NotIdempotent),
    /// );
    /// ```
    pub fn decide<E: ApiErrorCode>(&self, error: &ApiError<E>, attempt: u32) -> RetryDecision {
        self.decide_at(error, Attempt::new(attempt), SystemTime::now())
    }

    /// Decides as [`decide`](Self::decide) does, with `now` as the current
    /// time and `attempt`'s elapsed time counted against the budget.
    ///
    /// ```
    /// use api_error_codes::sp_api;
    /// use api_error_codes::retry::{Attempt, DelaySource, Jitter, RetryDecision, RetryPolicy, StopReason};
    /// use std::time::{Duration, UNIX_EPOCH};
    ///
    /// let now = UNIX_EPOCH + Duration::from_secs(1_700_000_000);
    /// let policy = RetryPolicy::builder()
    ///     .jitter(Jitter::None)
    ///     .budget(Duration::from_secs(10))
    ///     .build();
    /// // 0.5 requests per second: at least 2 s between requests.
    /// let quota = sp_api::parse(429, &[("x-amzn-RateLimit-Limit", "0.5")],
    ///     br#"{"errors":[{"code":"QuotaExceeded","message":"You exceeded your quota."}]}"#);
    ///
    /// assert_eq!(
    ///     policy.decide_at(&quota, Attempt::new(1), now),
    ///     RetryDecision::Retry { delay: Duration::from_secs(2), source: DelaySource::RateLimitSpacing },
    /// );
    /// // 9 s already spent: a 2 s wait would end past the 10 s budget.
    /// let late = Attempt::new(2).with_elapsed(Duration::from_secs(9));
    /// assert_eq!(
    ///     policy.decide_at(&quota, late, now),
    ///     RetryDecision::Stop(StopReason::BudgetSpent { budget: Duration::from_secs(10) }),
    /// );
    /// ```
    pub fn decide_at<E: ApiErrorCode>(
        &self,
        error: &ApiError<E>,
        attempt: Attempt,
        now: SystemTime,
    ) -> RetryDecision {
        let number = attempt.number();
        // 1. The code's advice, else the status's: `retry_advice` falls back
        //    on `RetryAdvice::from_status` for an unknown or missing code.
        let advice = error.retry_advice();
        if !advice.is_retryable() {
            return RetryDecision::Stop(StopReason::Permanent);
        }
        // 2. Idempotency.
        if self.idempotency == Idempotency::NotIdempotent {
            return RetryDecision::Stop(StopReason::NotIdempotent);
        }
        // 3. Attempts.
        let limit = advice
            .max_attempts()
            .map_or(self.max_attempts, |advised| advised.min(self.max_attempts));
        if number >= limit {
            return RetryDecision::Stop(StopReason::AttemptsExhausted { limit });
        }
        // 4. What the server and the documents require.
        let required = RequiredWait::of(error, advice, now);
        if let Some((wanted, source)) = required.wait {
            if wanted > self.backoff.max_delay {
                return RetryDecision::Stop(StopReason::WaitTooLong {
                    wanted,
                    max: self.backoff.max_delay,
                    source,
                });
            }
        }
        // 5. The delay.
        let (delay, source) = match required.wait {
            Some(wait) if advice.honors_retry_after() && required.server_named_time => wait,
            _ => {
                let backoff = self.backoff.jittered(number);
                match required.wait {
                    Some((wait, source)) if wait >= backoff => (wait, source),
                    _ => (backoff, DelaySource::Backoff),
                }
            }
        };
        // Both parts are already at most `max_delay`; this keeps the
        // guarantee local to one line.
        let delay = delay.min(self.backoff.max_delay);
        // 6. The budget.
        if let Some(budget) = self.budget {
            if attempt.elapsed().saturating_add(delay) > budget {
                return RetryDecision::Stop(StopReason::BudgetSpent { budget });
            }
        }
        RetryDecision::Retry { delay, source }
    }
}
