//! [`RetryPolicy`] and its decision, [`RetryPolicy::decide`]: the order is
//! the one the [module documentation](crate::retry) gives.

use std::time::{Duration, SystemTime};

use super::backoff::{Backoff, MIN_RETRY_DELAY};
use super::{Attempt, DelaySource, Idempotency, Jitter, RequiredWait, RetryDecision, StopReason};
use crate::call::failure::FailureFacts;
use crate::call::{Failure, TransportKind};
use crate::ApiErrorCode;

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
///     .max_elapsed(Duration::from_secs(45))
///     .build();
/// assert_eq!(policy.max_attempts(), 5);
///
/// let defaults = RetryPolicy::default();
/// assert_eq!(defaults.max_attempts(), 4);
/// assert_eq!(defaults.base_delay(), Duration::from_secs(1));
/// assert_eq!(defaults.max_delay(), Duration::from_secs(60));
/// assert_eq!(defaults.jitter(), Jitter::Full);
/// assert_eq!(defaults.max_elapsed(), None);
///
/// // A POST is not retried unless the caller says it may be.
/// assert_eq!(defaults.for_method("POST").idempotency(), Idempotency::NotIdempotent);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct RetryPolicy {
    pub(super) max_attempts: u32,
    /// The backoff settings, the maximum delay among them.
    pub(super) backoff: Backoff,
    pub(super) max_elapsed: Option<Duration>,
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
            max_elapsed: None,
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
    ///
    /// A code whose documented minimum delay ([`RetryAdvice::min_delay`])
    /// exceeds it is never retried: [`decide`](Self::decide) stops at once
    /// with [`StopReason::WaitTooLong`]. [`never_retried`](Self::never_retried)
    /// lists the codes of a catalog that a policy can never retry.
    ///
    /// [`RetryAdvice::min_delay`]: crate::RetryAdvice::min_delay
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
    pub const fn max_elapsed(&self) -> Option<Duration> {
        self.max_elapsed
    }

    /// Whether the request may be repeated.
    #[must_use]
    pub const fn idempotency(&self) -> Idempotency {
        self.idempotency
    }

    /// Decides whether to retry after attempt number `attempt` failed with
    /// `failure` (an [`ApiError`](crate::ApiError), a transport failure, or
    /// a [`CallError`](crate::call::CallError) holding either), measuring `Retry-After` dates and rate-limit resets from the
    /// system clock. See [`decide_at`](Self::decide_at) to choose the clock
    /// and count elapsed time against
    /// [`max_elapsed`](Self::max_elapsed).
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
    pub fn decide<F: Failure + ?Sized>(&self, failure: &F, attempt: u32) -> RetryDecision {
        self.decide_at(failure, Attempt::new(attempt), SystemTime::now())
    }

    /// Decides as [`decide`](Self::decide) does, with `now` as the current
    /// time and `attempt`'s elapsed time counted against
    /// [`max_elapsed`](Self::max_elapsed).
    ///
    /// ```
    /// use api_error_codes::sp_api;
    /// use api_error_codes::retry::{Attempt, DelaySource, Jitter, RetryDecision, RetryPolicy, StopReason};
    /// use std::time::{Duration, UNIX_EPOCH};
    ///
    /// let now = UNIX_EPOCH + Duration::from_secs(1_700_000_000);
    /// let policy = RetryPolicy::builder()
    ///     .jitter(Jitter::None)
    ///     .max_elapsed(Duration::from_secs(10))
    ///     .build();
    /// // 0.5 requests per second: at least 2 s between requests.
    /// let quota = sp_api::parse(429, &[("x-amzn-RateLimit-Limit", "0.5")],
    ///     br#"{"errors":[{"code":"QuotaExceeded","message":"You exceeded your quota."}]}"#);
    ///
    /// assert_eq!(
    ///     policy.decide_at(&quota, Attempt::new(1), now),
    ///     RetryDecision::Retry { delay: Duration::from_secs(2), source: DelaySource::RateLimitSpacing },
    /// );
    /// // 9 s already spent: a 2 s wait would end past the 10 s allowed.
    /// let late = Attempt::new(2).with_elapsed(Duration::from_secs(9));
    /// assert_eq!(
    ///     policy.decide_at(&quota, late, now),
    ///     RetryDecision::Stop(StopReason::ElapsedLimit { max_elapsed: Duration::from_secs(10) }),
    /// );
    /// ```
    pub fn decide_at<F: Failure + ?Sized>(
        &self,
        failure: &F,
        attempt: Attempt,
        now: SystemTime,
    ) -> RetryDecision {
        let number = attempt.number();
        let facts = failure.facts();
        // 1 and 2. Advice and idempotency (or the transport rules).
        if let Some(reason) = self.refusal(&facts) {
            return RetryDecision::Stop(reason);
        }
        let (advised_attempts, required, honors_retry_after) = match facts {
            FailureFacts::Api {
                advice,
                retry_after,
                rate_limit,
                ..
            } => (
                advice.max_attempts(),
                RequiredWait::of(advice, retry_after, rate_limit, now),
                advice.honors_retry_after(),
            ),
            // No server spoke: the backoff alone.
            FailureFacts::Transport(_) => (None, None, false),
        };
        // 3. Attempts.
        let limit = self.limit_with(advised_attempts);
        if number >= limit {
            return RetryDecision::Stop(StopReason::AttemptsExhausted { limit });
        }
        // 4. What the server and the documents require.
        if let Some(required) = required {
            if required.duration() > self.backoff.max_delay {
                return RetryDecision::Stop(StopReason::WaitTooLong {
                    wanted: required.duration(),
                    max: self.backoff.max_delay,
                    source: required.source(),
                });
            }
        }
        // 5. The delay: the longer of the jittered backoff and the required
        // wait, an exact server wait spread a little.
        let backoff = self.backoff(number);
        let (delay, source) = match required {
            Some(wait) => {
                let floor = if honors_retry_after && wait.is_exact() {
                    wait.duration()
                        .saturating_add(self.backoff.spread(number, wait.duration()))
                } else {
                    wait.duration()
                };
                if floor >= backoff {
                    (floor, wait.source())
                } else {
                    (backoff, DelaySource::Backoff)
                }
            }
            None => (backoff, DelaySource::Backoff),
        };
        // Never zero, never above `max_delay`: the one place both hold.
        // (The builder keeps `max_delay` at 1 ms or more.)
        let delay = delay.max(MIN_RETRY_DELAY).min(self.backoff.max_delay);
        // 6. The time allowed in all.
        if let Some(max_elapsed) = self.max_elapsed {
            if attempt.elapsed().saturating_add(delay) > max_elapsed {
                return RetryDecision::Stop(StopReason::ElapsedLimit { max_elapsed });
            }
        }
        RetryDecision::Retry { delay, source }
    }

    /// Whether `failure` may be retried at all under this policy: its
    /// advice allows it and the request may be repeated. Attempts, waits
    /// and the time limit are not weighed; [`decide`](Self::decide) weighs
    /// everything.
    ///
    /// This is the check a retry layer of your own (backon's `when`, a
    /// loop) should make: unlike [`ApiError::is_retryable`], it knows that a
    /// `POST` must not be replayed, and which transport failures are safe.
    ///
    /// ```
    /// use api_error_codes::call::{TransportError, TransportKind};
    /// use api_error_codes::retry::RetryPolicy;
    /// use api_error_codes::x_ads;
    ///
    /// let busy = x_ads::parse(503, &(), br#"{"errors":[{"code":"OVER_CAPACITY"}]}"#);
    /// let get = RetryPolicy::default();
    /// let post = get.for_method("POST");
    /// assert!(busy.is_retryable() && get.may_retry(&busy));
    /// assert!(!post.may_retry(&busy)); // the server may have acted on it
    ///
    /// let timed_out = TransportError::new(TransportKind::Timeout, "deadline");
    /// let refused = TransportError::new(TransportKind::Connect, "refused");
    /// assert!(get.may_retry(&timed_out) && !post.may_retry(&timed_out));
    /// assert!(post.may_retry(&refused)); // never reached the server
    /// ```
    ///
    /// [`ApiError::is_retryable`]: crate::ApiError::is_retryable
    #[must_use]
    pub fn may_retry<F: Failure + ?Sized>(&self, failure: &F) -> bool {
        self.refusal(&failure.facts()).is_none()
    }

    /// The jittered exponential backoff after attempt number `attempt`
    /// failed: `base_delay × 2^(attempt−1)`, at most the maximum delay,
    /// randomized by the policy's [`Jitter`]. The delay [`decide`](Self::decide)
    /// gives when nothing requires a longer one.
    ///
    /// ```
    /// use api_error_codes::retry::{Jitter, RetryPolicy};
    /// use std::time::Duration;
    ///
    /// let exact = RetryPolicy::builder().jitter(Jitter::None).build();
    /// assert_eq!(exact.backoff(1), Duration::from_secs(1));
    /// assert_eq!(exact.backoff(3), Duration::from_secs(4));
    /// assert_eq!(exact.backoff(u32::MAX), exact.max_delay());
    /// assert!(RetryPolicy::default().backoff(2) <= Duration::from_secs(2));
    /// ```
    #[must_use]
    pub fn backoff(&self, attempt: u32) -> Duration {
        self.backoff.jittered(attempt.max(1))
    }

    /// The codes of catalog `E` that this policy can never retry, in
    /// catalog order: their advice says never; their documented minimum
    /// delay is above [`max_delay`](Self::max_delay); the code's or the
    /// policy's attempt limit allows only one attempt; or the request may
    /// not be repeated. A check to run once, when a policy is chosen.
    ///
    /// ```
    /// use api_error_codes::amazon_scraper::AmazonScraperErrorCode;
    /// use api_error_codes::retry::RetryPolicy;
    /// use std::time::Duration;
    ///
    /// // The scraper asks for 60 s before retrying `blocked_by_amazon`.
    /// let impatient = RetryPolicy::builder().max_delay(Duration::from_secs(10)).build();
    /// assert!(impatient.never_retried::<AmazonScraperErrorCode>().any(|code| code == AmazonScraperErrorCode::BlockedByAmazon));
    /// assert!(!RetryPolicy::default().never_retried::<AmazonScraperErrorCode>().any(|code| code == AmazonScraperErrorCode::BlockedByAmazon));
    /// ```
    pub fn never_retried<E: ApiErrorCode>(&self) -> impl Iterator<Item = E> + '_ {
        E::ALL.iter().copied().filter(move |code| {
            let advice = code.retry();
            let attempts = self.limit_with(advice.max_attempts());
            !advice.is_retryable()
                || self.idempotency != Idempotency::Idempotent
                || attempts <= 1
                || advice.min_delay() > self.backoff.max_delay
        })
    }

    /// The attempts allowed for `failure`, the first included: the policy's
    /// [`max_attempts`](Self::max_attempts), or the code's own limit when
    /// lower. What [`decide`](Self::decide) stops at with
    /// [`StopReason::AttemptsExhausted`].
    ///
    /// ```
    /// use api_error_codes::amazon_scraper;
    /// use api_error_codes::retry::RetryPolicy;
    ///
    /// // The scraper documents 3 retries (4 attempts) for `upstream_timeout`.
    /// let timeout = amazon_scraper::parse(408, &(), br#"{"error":"upstream_timeout"}"#);
    /// assert_eq!(RetryPolicy::builder().max_attempts(6).build().attempt_limit(&timeout), 4);
    /// assert_eq!(RetryPolicy::builder().max_attempts(2).build().attempt_limit(&timeout), 2);
    /// ```
    #[must_use]
    pub fn attempt_limit<F: Failure + ?Sized>(&self, failure: &F) -> u32 {
        match failure.facts() {
            FailureFacts::Api { advice, .. } => self.limit_with(advice.max_attempts()),
            FailureFacts::Transport(_) => self.max_attempts,
        }
    }

    /// The policy's attempt limit, lowered to `advised` when there is one.
    fn limit_with(&self, advised: Option<u32>) -> u32 {
        advised.map_or(self.max_attempts, |advised| advised.min(self.max_attempts))
    }

    /// Steps 1 and 2 of the decision: why `facts` may not be retried at
    /// all, if they may not.
    fn refusal(&self, facts: &FailureFacts<'_>) -> Option<StopReason> {
        let repeatable = self.idempotency == Idempotency::Idempotent;
        match facts {
            FailureFacts::Api { advice, .. } if !advice.is_retryable() => {
                Some(StopReason::Permanent)
            }
            FailureFacts::Transport(TransportKind::Other) => Some(StopReason::Permanent),
            // The server never saw it: safe for any request.
            FailureFacts::Transport(TransportKind::Connect) => None,
            _ if !repeatable => Some(StopReason::NotIdempotent),
            _ => None,
        }
    }
}
