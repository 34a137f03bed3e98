//! What a decision says: the attempt it was asked about, retry after a
//! delay (and what set it), or stop (and why).

use core::fmt;
use std::time::Duration;

use crate::response::headers;
use crate::text::DisplayDuration;

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
                write!(f, "retry in {} ({source})", DisplayDuration(*delay))
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
            DelaySource::RetryAfter => headers::RETRY_AFTER,
            DelaySource::RateLimitReset => headers::X_RATE_LIMIT_RESET,
            DelaySource::RateLimitSpacing => headers::AMZN_RATE_LIMIT_LIMIT,
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
    /// The request may not be repeated ([`Idempotency::NotIdempotent`](crate::retry::Idempotency::NotIdempotent)).
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
    /// The next delay would end past the policy's
    /// [`max_elapsed`](crate::retry::RetryPolicyBuilder::max_elapsed).
    ElapsedLimit {
        /// The policy's limit on the time retries take.
        max_elapsed: Duration,
    },
    /// The [`RetryBudget`](crate::retry::RetryBudget) the calls share is
    /// empty: too many retries, too few successes lately.
    RetryBudgetEmpty,
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
                "{source} asks to wait {}, longer than the {} allowed",
                DisplayDuration(*wanted),
                DisplayDuration(*max)
            ),
            StopReason::ElapsedLimit { max_elapsed } => {
                write!(
                    f,
                    "the next wait would end past the {} allowed in all",
                    DisplayDuration(*max_elapsed)
                )
            }
            StopReason::RetryBudgetEmpty => {
                f.write_str("the shared retry budget is empty; retries resume after successes")
            }
        }
    }
}
