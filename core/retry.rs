//! Retry decisions: whether to send a failed request again, and when.
//!
//! A retry is a decision, not a loop hidden in a corner. [`RetryPolicy`]
//! holds the caller's bounds; [`RetryPolicy::decide`] takes a typed
//! [`ApiError`] and the number of the attempt that just failed, and answers
//! [`RetryDecision::Retry`] with a delay, or [`RetryDecision::Stop`] with a
//! [`StopReason`]. The runners [`run`], [`run_with`] and [`run_async`] are a
//! few lines around it.
//!
//! ```
//! use api_error_codes::amazon_scraper;
//! use api_error_codes::retry::{DelaySource, RetryDecision, RetryPolicy, StopReason};
//! use std::time::Duration;
//!
//! let policy = RetryPolicy::default();
//!
//! // 429 rate_limited: the Amazon Scraper API says to respect Retry-After.
//! let limited = amazon_scraper::parse(429, &[("Retry-After", "3")], br#"{"error":"rate_limited"}"#);
//! assert_eq!(
//!     policy.decide(&limited, 1),
//!     RetryDecision::Retry { delay: Duration::from_secs(3), source: DelaySource::RetryAfter },
//! );
//!
//! // 403 forbidden_region: permanent, whatever the headers say.
//! let forbidden = amazon_scraper::parse(403, &[("Retry-After", "1")], br#"{"error":"forbidden_region"}"#);
//! assert_eq!(policy.decide(&forbidden, 1), RetryDecision::Stop(StopReason::Permanent));
//! ```
//!
//! # Counting attempts
//!
//! Attempts are numbered from 1, the first request included, and
//! [`decide`](RetryPolicy::decide) is asked with the number of the attempt
//! that *just failed*: after the first request fails, ask with `1`. With a
//! limit of 4 attempts, `decide(error, 3)` may still retry and
//! `decide(error, 4)` stops. `0` is read as `1`. Any `u32` is accepted;
//! nothing overflows or panics, up to `u32::MAX`.
//!
//! # The decision, in order
//!
//! 1. **Permanent errors stop.** The advice is the known code's
//!    ([`ApiErrorCode::retry`]), else, for an unknown code or a body without
//!    one (an HTML page), the status's ([`RetryAdvice::from_status`]): 408,
//!    429, 500, 502, 503 and 504 retry, nothing else does. Advice that says "never" ends it here, whatever
//!    `Retry-After` says: the server's timing cannot make a bad request good.
//! 2. **Requests that may not be repeated stop**, unless the caller said they
//!    can be ([`Idempotency`]). Replaying a `POST` can charge a card twice.
//! 3. **Attempts are counted.** The limit is the smaller of the policy's
//!    [`max_attempts`](RetryPolicyBuilder::max_attempts) and the code's own
//!    ([`RetryAdvice::max_attempts`]); once it is used up, stop.
//! 4. **What the server and the documents require** is gathered, the largest
//!    of:
//!    - `Retry-After` (delay-seconds or an HTTP-date, measured from `now`);
//!    - X's `x-rate-limit-reset`, when `x-rate-limit-remaining` is `0`: the
//!      next request would fail until the window resets;
//!    - the SP-API's `x-amzn-RateLimit-Limit` of `r` requests per second,
//!      which spaces requests at least `1/r` seconds apart;
//!    - the code's documented minimum delay ([`RetryAdvice::min_delay`]).
//!
//!    If that exceeds the policy's maximum delay, **stop** with
//!    [`StopReason::WaitTooLong`]: waiting less than the server asks only
//!    earns another refusal, and waiting longer than the caller allows is not
//!    ours to choose. The caller can still read the wait from the reason and
//!    schedule the work for later.
//! 5. **The delay.** When the code's advice says to honour `Retry-After`
//!    ([`RetryAdvice::honors_retry_after`]) and the server named a time
//!    (`Retry-After`, or an exhausted X window), the delay is exactly the
//!    required wait: the server knows when its quota frees up, and waiting
//!    longer wastes it. Otherwise the delay is the jittered exponential
//!    backoff ([`Jitter`]), `base_delay × 2^(attempt−1)` capped at the maximum
//!    delay, raised to the required wait if that is longer.
//! 6. **The time budget**, if one is set: a retry whose delay would end after
//!    the budget (counting from the first attempt) stops with
//!    [`StopReason::BudgetSpent`].
//!
//! No delay returned ever exceeds the policy's
//! [`max_delay`](RetryPolicyBuilder::max_delay).
//!
//! # Defaults, and why
//!
//! | setting | default | why |
//! | --- | --- | --- |
//! | [`max_attempts`](RetryPolicyBuilder::max_attempts) | 4 | the Amazon Scraper API's documented loop makes 4 attempts; AWS SDKs' standard mode makes 3. A code's own advice can lower it. |
//! | [`base_delay`](RetryPolicyBuilder::base_delay) | 1 s | the first backoff of AWS SDKs' standard mode and of gRPC's connection backoff; the scraper's loop waits 2 s, then 4 s, 8 s: the same order |
//! | [`max_delay`](RetryPolicyBuilder::max_delay) | 60 s | the Amazon Scraper API asks for "60 s+" before retrying `blocked_by_amazon` and `target_unreachable`; a lower cap would turn those documented retries into stops. Exponential backoff alone never gets near it within 4 attempts. |
//! | [`jitter`](RetryPolicyBuilder::jitter) | [`Jitter::Full`] | full jitter (a uniform draw between zero and the backoff) spreads clients best and does the least total work, per AWS's study of backoff and jitter; it is what their SDKs use |
//! | [`budget`](RetryPolicyBuilder::budget) | none | attempts and the delay cap already bound the total wait (at most 3 × 60 s with the defaults); set one when a caller has a deadline |
//! | [`idempotency`](RetryPolicyBuilder::idempotency) | [`Idempotency::Idempotent`] | this crate does not see the request; the default suits reads. For `POST` or `PATCH`, say so: [`RetryPolicy::for_method`] |
//!
//! # HTTP dates and randomness
//!
//! `Retry-After` dates are read with the `httpdate` crate (all three forms
//! HTTP allows); jitter is drawn with `fastrand`, from its thread-local
//! generator, or from a generator seeded with
//! [`jitter_seed`](RetryPolicyBuilder::jitter_seed) so that tests and
//! simulations see the same delays every run.

use core::fmt;
use std::future::Future;
use std::time::{Duration, Instant, SystemTime};

use crate::{ApiError, ApiErrorCode, RetryAdvice};

/// The longest delay a `Retry-After` value is read as: anything beyond is
/// clamped here (a policy clamps further to its own maximum). A day is far
/// past any sane retry delay, and it keeps `SystemTime` arithmetic
/// overflow-free.
pub const MAX_RETRY_AFTER: Duration = Duration::from_secs(24 * 60 * 60);

/// Reads a `Retry-After` header value (RFC 9110, section 10.2.3) as the delay
/// from `now`.
///
/// Accepts delay-seconds (`"120"`) and an HTTP-date in any of the three
/// forms HTTP allows (IMF-fixdate `"Sun, 06 Nov 1994 08:49:37 GMT"`, RFC 850
/// `"Sunday, 06-Nov-94 08:49:37 GMT"`, asctime `"Sun Nov  6 08:49:37 1994"`).
/// A date in the past means "now" (`Duration::ZERO`). Delays beyond
/// [`MAX_RETRY_AFTER`] are clamped to it. Anything else — negative or
/// fractional seconds, garbage, an empty value — is `None`: the header is
/// ignored, never an error.
///
/// ```
/// use api_error_codes::retry::parse_retry_after;
/// use std::time::{Duration, SystemTime, UNIX_EPOCH};
///
/// let now = UNIX_EPOCH + Duration::from_secs(784_111_777); // Sun, 06 Nov 1994 08:49:37 GMT
/// assert_eq!(parse_retry_after("120", now), Some(Duration::from_secs(120)));
/// assert_eq!(parse_retry_after("Sun, 06 Nov 1994 08:50:37 GMT", now), Some(Duration::from_secs(60)));
/// assert_eq!(parse_retry_after("Sun, 06 Nov 1994 08:00:00 GMT", now), Some(Duration::ZERO));
/// assert_eq!(parse_retry_after("-5", now), None);
/// assert_eq!(parse_retry_after("soon", now), None);
/// ```
#[must_use]
pub fn parse_retry_after(value: &str, now: SystemTime) -> Option<Duration> {
    RetryAfter::parse(value).map(|retry_after| retry_after.delay_from(now))
}

/// A `Retry-After` value as sent: a delay, or a point in time.
///
/// Kept unresolved in a parsed response so that the delay is measured from
/// the moment it is asked for, not from when the response was parsed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RetryAfter {
    /// Delay-seconds, clamped to [`MAX_RETRY_AFTER`].
    Delay(Duration),
    /// An HTTP-date.
    At(SystemTime),
}

impl RetryAfter {
    /// Reads a header value; `None` for anything that is not delay-seconds
    /// or an HTTP-date.
    #[must_use]
    pub fn parse(value: &str) -> Option<RetryAfter> {
        let value = value.trim();
        if value.is_empty() || value.len() > 64 {
            return None;
        }
        if value.bytes().all(|b| b.is_ascii_digit()) {
            // All digits but too many for u64 is still "a very long time".
            let seconds = value.parse::<u64>().unwrap_or(u64::MAX);
            let delay = Duration::from_secs(seconds.min(MAX_RETRY_AFTER.as_secs()));
            return Some(RetryAfter::Delay(delay));
        }
        httpdate::parse_http_date(value).ok().map(RetryAfter::At)
    }

    /// The delay this value asks for, measured from `now`; zero for a past
    /// date, at most [`MAX_RETRY_AFTER`].
    #[must_use]
    pub fn delay_from(&self, now: SystemTime) -> Duration {
        match *self {
            RetryAfter::Delay(delay) => delay,
            RetryAfter::At(at) => at
                .duration_since(now)
                .unwrap_or(Duration::ZERO)
                .min(MAX_RETRY_AFTER),
        }
    }
}

/// Whether `method` is idempotent by RFC 9110 (section 9.2.2): `GET`,
/// `HEAD`, `OPTIONS`, `TRACE`, `PUT` and `DELETE`.
///
/// Method names are case-sensitive in HTTP, so `"get"` is not `GET`; it and
/// every other method (`POST`, `PATCH`, `CONNECT`, extensions) answer
/// `false`, the safe side.
///
/// ```
/// use api_error_codes::retry::is_idempotent_method;
///
/// assert!(is_idempotent_method("PUT"));
/// assert!(!is_idempotent_method("POST"));
/// assert!(!is_idempotent_method("PATCH"));
/// ```
#[must_use]
pub fn is_idempotent_method(method: &str) -> bool {
    matches!(
        method,
        "GET" | "HEAD" | "OPTIONS" | "TRACE" | "PUT" | "DELETE"
    )
}

/// Whether a request may be sent again after a failure.
///
/// Only the caller knows: the same failure (a 503, say) may come after the
/// server acted on the request, and a repeated `POST` may act twice. A
/// policy for [`NotIdempotent`](Idempotency::NotIdempotent) requests never
/// retries.
///
/// ```
/// use api_error_codes::retry::Idempotency;
///
/// assert_eq!(Idempotency::from_method("DELETE"), Idempotency::Idempotent);
/// assert_eq!(Idempotency::from_method("POST"), Idempotency::NotIdempotent);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Idempotency {
    /// Sending the request twice has the effect of sending it once: the
    /// idempotent methods of [`is_idempotent_method`], or any request the
    /// server deduplicates (an idempotency key, a client token). The default.
    #[default]
    Idempotent,
    /// Sending the request twice may act twice. Never retried.
    NotIdempotent,
}

impl Idempotency {
    /// The idempotency RFC 9110 gives `method` (see [`is_idempotent_method`]).
    #[must_use]
    pub fn from_method(method: &str) -> Idempotency {
        if is_idempotent_method(method) {
            Idempotency::Idempotent
        } else {
            Idempotency::NotIdempotent
        }
    }
}

/// How the exponential backoff is randomized, so that clients that failed
/// together do not all come back together.
///
/// With a backoff ceiling `c` (`base_delay × 2^(attempt−1)`, at most the
/// maximum delay):
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[non_exhaustive]
pub enum Jitter {
    /// A uniform draw in `[0, c]`. The default.
    #[default]
    Full,
    /// `c/2` plus a uniform draw in `[0, c/2]`: never much shorter than the
    /// backoff, at the cost of less spread.
    Equal,
    /// Exactly `c`: only for tests, or a single client that cannot herd.
    None,
}

/// The caller's bounds on retrying, and the idempotency of the request they
/// apply to. Small and `Copy`: derive a per-request policy from a shared one
/// with [`for_method`](Self::for_method).
///
/// See the [module documentation](self) for the defaults and the order in
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
    max_attempts: u32,
    base_delay: Duration,
    max_delay: Duration,
    jitter: Jitter,
    budget: Option<Duration>,
    idempotency: Idempotency,
    jitter_seed: Option<u64>,
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

    /// The default policy (see the [module documentation](self)).
    #[must_use]
    pub const fn new() -> RetryPolicy {
        RetryPolicy {
            max_attempts: Self::DEFAULT_MAX_ATTEMPTS,
            base_delay: Self::DEFAULT_BASE_DELAY,
            max_delay: Self::DEFAULT_MAX_DELAY,
            jitter: Jitter::Full,
            budget: None,
            idempotency: Idempotency::Idempotent,
            jitter_seed: None,
        }
    }

    /// A builder starting from the defaults.
    pub const fn builder() -> RetryPolicyBuilder {
        RetryPolicyBuilder {
            policy: RetryPolicy::new(),
        }
    }

    /// A builder starting from this policy.
    pub const fn to_builder(&self) -> RetryPolicyBuilder {
        RetryPolicyBuilder { policy: *self }
    }

    /// The same policy, for a request sent with `method`: `POST`, `PATCH` and
    /// unknown methods are not retried (see [`is_idempotent_method`]).
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
        self.base_delay
    }

    /// The longest delay ever returned.
    #[must_use]
    pub const fn max_delay(&self) -> Duration {
        self.max_delay
    }

    /// How backoff is randomized.
    #[must_use]
    pub const fn jitter(&self) -> Jitter {
        self.jitter
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
        let required = Required::of(error, advice, now);
        if let Some((wanted, source)) = required.wait {
            if wanted > self.max_delay {
                return RetryDecision::Stop(StopReason::WaitTooLong {
                    wanted,
                    max: self.max_delay,
                    source,
                });
            }
        }
        // 5. The delay.
        let (delay, source) = match required.wait {
            Some(wait) if advice.honors_retry_after() && required.server_named_time => wait,
            _ => {
                let backoff = self.jittered_backoff(number);
                match required.wait {
                    Some((wait, source)) if wait >= backoff => (wait, source),
                    _ => (backoff, DelaySource::Backoff),
                }
            }
        };
        // Both parts are already at most `max_delay`; this keeps the
        // guarantee local to one line.
        let delay = delay.min(self.max_delay);
        // 6. The budget.
        if let Some(budget) = self.budget {
            if attempt.elapsed().saturating_add(delay) > budget {
                return RetryDecision::Stop(StopReason::BudgetSpent { budget });
            }
        }
        RetryDecision::Retry { delay, source }
    }

    /// `base_delay × 2^(number−1)`, at most `max_delay`; saturates instead of
    /// overflowing for any `number`.
    fn backoff_ceiling(&self, number: u32) -> Duration {
        let doublings = number.saturating_sub(1);
        1u32.checked_shl(doublings)
            .and_then(|factor| self.base_delay.checked_mul(factor))
            .map_or(self.max_delay, |backoff| backoff.min(self.max_delay))
    }

    fn jittered_backoff(&self, number: u32) -> Duration {
        let ceiling = self.backoff_ceiling(number);
        // Nanoseconds in a u64 reach 584 years; a ceiling beyond that (only
        // from an absurd `max_delay`) is drawn within 584 years, still below
        // the ceiling.
        let nanos = u64::try_from(ceiling.as_nanos()).unwrap_or(u64::MAX);
        match self.jitter {
            Jitter::None => ceiling,
            Jitter::Full => Duration::from_nanos(self.draw(number, nanos)),
            Jitter::Equal => {
                let half = nanos / 2;
                Duration::from_nanos(half + self.draw(number, nanos - half))
            }
        }
    }

    /// A uniform draw in `0..=max`: from a generator seeded by the policy's
    /// seed and the attempt number (the same seed gives the same delay for
    /// the same attempt, whatever was asked before), else from fastrand's
    /// thread-local generator.
    fn draw(&self, number: u32, max: u64) -> u64 {
        match self.jitter_seed {
            Some(seed) => {
                // The golden-ratio constant spreads consecutive attempt
                // numbers over the seed space.
                let mixed = seed ^ u64::from(number).wrapping_mul(0x9E37_79B9_7F4A_7C15);
                fastrand::Rng::with_seed(mixed).u64(0..=max)
            }
            None => fastrand::u64(0..=max),
        }
    }
}

/// The waits that do not depend on the policy, and whether the server named
/// a point in time.
struct Required {
    wait: Option<(Duration, DelaySource)>,
    server_named_time: bool,
}

impl Required {
    fn of<E: ApiErrorCode>(error: &ApiError<E>, advice: RetryAdvice, now: SystemTime) -> Required {
        let rate_limit = error.rate_limit();
        let retry_after = error.retry_after_at(now);
        let window_reset = if rate_limit.remaining() == Some(0) {
            rate_limit.reset_after(now)
        } else {
            None
        };
        let spacing = rate_limit
            .requests_per_second()
            // Zero requests per second would mean "never"; no server means
            // that, so the header is read as absent.
            .filter(|rate| *rate > 0.0)
            .map(|rate| Duration::try_from_secs_f64(1.0 / rate).unwrap_or(Duration::MAX));
        let min_delay = Some(advice.min_delay()).filter(|delay| !delay.is_zero());

        // On a tie the first listed names the source: the server's word
        // before the documents'.
        let mut wait: Option<(Duration, DelaySource)> = None;
        for (candidate, source) in [
            (retry_after, DelaySource::RetryAfter),
            (window_reset, DelaySource::RateLimitReset),
            (spacing, DelaySource::RateLimitSpacing),
            (min_delay, DelaySource::MinDelay),
        ] {
            if let Some(candidate) = candidate {
                if wait.map_or(true, |(longest, _)| candidate > longest) {
                    wait = Some((candidate, source));
                }
            }
        }
        Required {
            wait,
            server_named_time: retry_after.is_some() || window_reset.is_some(),
        }
    }
}

/// Builds a [`RetryPolicy`], starting from the defaults. Every setting is
/// optional; [`build`](Self::build) cannot fail.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[must_use]
pub struct RetryPolicyBuilder {
    policy: RetryPolicy,
}

impl RetryPolicyBuilder {
    /// The most attempts, the first included; `1` never retries. `0` is read
    /// as `1`. A code's advice may lower it, never raise it.
    pub const fn max_attempts(mut self, attempts: u32) -> Self {
        self.policy.max_attempts = if attempts == 0 { 1 } else { attempts };
        self
    }

    /// The backoff ceiling after the first failure; it doubles with each
    /// further failure, up to the maximum delay.
    pub const fn base_delay(mut self, delay: Duration) -> Self {
        self.policy.base_delay = delay;
        self
    }

    /// The longest delay [`decide`](RetryPolicy::decide) ever returns. A
    /// server or document asking for a longer wait stops the retries
    /// ([`StopReason::WaitTooLong`]).
    pub const fn max_delay(mut self, delay: Duration) -> Self {
        self.policy.max_delay = delay;
        self
    }

    /// How backoff is randomized.
    pub const fn jitter(mut self, jitter: Jitter) -> Self {
        self.policy.jitter = jitter;
        self
    }

    /// Draws jitter from a generator seeded with `seed` and the attempt
    /// number, so that the same policy gives the same delays on every run.
    /// For tests and simulations: clients sharing a seed jitter in lockstep,
    /// which defeats the purpose.
    pub const fn jitter_seed(mut self, seed: u64) -> Self {
        self.policy.jitter_seed = Some(seed);
        self
    }

    /// The time the retries may take in all, counting from the start of the
    /// first attempt: a retry whose delay would end later is not made.
    pub const fn budget(mut self, budget: Duration) -> Self {
        self.policy.budget = Some(budget);
        self
    }

    /// No time budget (the default).
    pub const fn no_budget(mut self) -> Self {
        self.policy.budget = None;
        self
    }

    /// Whether the request may be repeated.
    pub const fn idempotency(mut self, idempotency: Idempotency) -> Self {
        self.policy.idempotency = idempotency;
        self
    }

    /// The policy.
    #[must_use]
    pub const fn build(self) -> RetryPolicy {
        self.policy
    }
}

/// The attempt that just failed: its number (from 1) and the time spent
/// since the first attempt started, delays included.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Attempt {
    number: u32,
    elapsed: Duration,
}

impl Attempt {
    /// Attempt `number` (from 1; `0` is read as `1`), with no time spent.
    #[must_use]
    pub const fn new(number: u32) -> Attempt {
        Attempt {
            number: if number == 0 { 1 } else { number },
            elapsed: Duration::ZERO,
        }
    }

    /// The same attempt, `elapsed` after the first attempt started.
    #[must_use]
    pub const fn with_elapsed(mut self, elapsed: Duration) -> Attempt {
        self.elapsed = elapsed;
        self
    }

    /// The attempt's number, from 1.
    #[must_use]
    pub const fn number(&self) -> u32 {
        self.number
    }

    /// The time since the first attempt started.
    #[must_use]
    pub const fn elapsed(&self) -> Duration {
        self.elapsed
    }
}

/// What to do after a failed attempt.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[must_use]
pub enum RetryDecision {
    /// Send the request again after `delay`.
    Retry {
        /// How long to wait first; never more than the policy's maximum.
        delay: Duration,
        /// What set the delay.
        source: DelaySource,
    },
    /// Give up; the last error is the answer.
    Stop(StopReason),
}

impl RetryDecision {
    /// The delay, when retrying.
    #[must_use]
    pub const fn delay(&self) -> Option<Duration> {
        match self {
            RetryDecision::Retry { delay, .. } => Some(*delay),
            RetryDecision::Stop(_) => None,
        }
    }

    /// Why not to retry, when stopping.
    #[must_use]
    pub const fn stop_reason(&self) -> Option<StopReason> {
        match self {
            RetryDecision::Retry { .. } => None,
            RetryDecision::Stop(reason) => Some(*reason),
        }
    }

    /// Whether to retry.
    #[must_use]
    pub const fn is_retry(&self) -> bool {
        matches!(self, RetryDecision::Retry { .. })
    }
}

impl fmt::Display for RetryDecision {
    /// `retry in 3s (Retry-After)`, `stop: the error is permanent`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RetryDecision::Retry { delay, source } => {
                write!(f, "retry in {:?} ({source})", to_millis(*delay))
            }
            RetryDecision::Stop(reason) => write!(f, "stop: {reason}"),
        }
    }
}

/// What set a retry's delay: the largest of these won.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum DelaySource {
    /// The policy's jittered exponential backoff.
    Backoff,
    /// The response's `Retry-After` header.
    RetryAfter,
    /// X's `x-rate-limit-reset`, with `x-rate-limit-remaining: 0`.
    RateLimitReset,
    /// The spacing the SP-API's `x-amzn-RateLimit-Limit` implies.
    RateLimitSpacing,
    /// The code's documented minimum delay.
    MinDelay,
}

impl DelaySource {
    /// A short name, stable across releases.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            DelaySource::Backoff => "backoff",
            DelaySource::RetryAfter => "Retry-After",
            DelaySource::RateLimitReset => "x-rate-limit-reset",
            DelaySource::RateLimitSpacing => "x-amzn-RateLimit-Limit",
            DelaySource::MinDelay => "documented minimum delay",
        }
    }
}

impl fmt::Display for DelaySource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(self.as_str())
    }
}

/// Why retrying stopped.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum StopReason {
    /// The error's advice (its code's, else its status's) says retrying
    /// cannot help.
    Permanent,
    /// The request may not be repeated ([`Idempotency::NotIdempotent`]).
    NotIdempotent,
    /// Every allowed attempt was made.
    AttemptsExhausted {
        /// The attempts allowed: the policy's, or the code's if fewer.
        limit: u32,
    },
    /// The server or the documents ask to wait longer than the policy's
    /// maximum delay.
    WaitTooLong {
        /// The wait asked for.
        wanted: Duration,
        /// The policy's maximum delay.
        max: Duration,
        /// Who asked.
        source: DelaySource,
    },
    /// The next delay would end past the policy's time budget.
    BudgetSpent {
        /// The policy's budget.
        budget: Duration,
    },
}

impl fmt::Display for StopReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StopReason::Permanent => f.write_str("the error is permanent; retrying cannot help"),
            StopReason::NotIdempotent => {
                f.write_str("the request is not idempotent and may not be sent twice")
            }
            StopReason::AttemptsExhausted { limit } => {
                write!(f, "all {limit} allowed attempts were made")
            }
            StopReason::WaitTooLong {
                wanted,
                max,
                source,
            } => write!(
                f,
                "{source} asks to wait {:?}, longer than the {:?} allowed",
                to_millis(*wanted),
                to_millis(*max)
            ),
            StopReason::BudgetSpent { budget } => {
                write!(
                    f,
                    "the next wait would end past the {:?} budget",
                    to_millis(*budget)
                )
            }
        }
    }
}

/// `d` truncated to whole milliseconds for display (`734ms`, not
/// `734.120931ms`); shorter delays are shown as they are.
fn to_millis(d: Duration) -> Duration {
    if d < Duration::from_millis(1) {
        d
    } else {
        Duration::from_millis(u64::try_from(d.as_millis()).unwrap_or(u64::MAX))
    }
}

/// The last error of a request that was given up on, with how many attempts
/// were made and why no more were.
#[derive(Debug, Clone, PartialEq)]
pub struct RetryError<E> {
    error: ApiError<E>,
    attempts: u32,
    reason: StopReason,
}

impl<E: ApiErrorCode> RetryError<E> {
    /// The last attempt's error.
    #[must_use]
    pub fn error(&self) -> &ApiError<E> {
        &self.error
    }

    /// The last attempt's error, owned.
    #[must_use]
    pub fn into_error(self) -> ApiError<E> {
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

impl<E: ApiErrorCode> fmt::Display for RetryError<E> {
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

impl<E: ApiErrorCode + fmt::Debug> std::error::Error for RetryError<E> {
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
pub fn run<T, E, F>(policy: &RetryPolicy, operation: F) -> Result<T, RetryError<E>>
where
    E: ApiErrorCode,
    F: FnMut(u32) -> Result<T, ApiError<E>>,
{
    run_with(policy, std::thread::sleep, operation)
}

/// Runs `operation` as [`run`] does, calling `sleep` with each delay.
///
/// The elapsed time counted against the policy's budget is the time spent
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
pub fn run_with<T, E, F, S>(
    policy: &RetryPolicy,
    mut sleep: S,
    mut operation: F,
) -> Result<T, RetryError<E>>
where
    E: ApiErrorCode,
    F: FnMut(u32) -> Result<T, ApiError<E>>,
    S: FnMut(Duration),
{
    let mut attempts = Attempts::new(policy);
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
pub async fn run_async<T, E, F, Fut, S, SleepFut>(
    policy: &RetryPolicy,
    mut sleep: S,
    mut operation: F,
) -> Result<T, RetryError<E>>
where
    E: ApiErrorCode,
    F: FnMut(u32) -> Fut,
    Fut: Future<Output = Result<T, ApiError<E>>>,
    S: FnMut(Duration) -> SleepFut,
    SleepFut: Future<Output = ()>,
{
    let mut attempts = Attempts::new(policy);
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
struct Attempts<'p> {
    policy: &'p RetryPolicy,
    number: u32,
    elapsed: Duration,
}

impl<'p> Attempts<'p> {
    fn new(policy: &'p RetryPolicy) -> Self {
        Attempts {
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
    fn after_failure<E: ApiErrorCode>(
        &mut self,
        took: Duration,
        error: ApiError<E>,
    ) -> Result<Duration, RetryError<E>> {
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
