//! [`RetryAdvice`]: what an API's documentation says about retrying a code.

use core::fmt;
use core::time::Duration;

use crate::text::DisplayDuration;

/// The documented advice for retrying one error code.
///
/// Advice is a fact about a code, not a decision: the retry policy combines
/// it with the attempt number, the response's `Retry-After` and its own
/// bounds. Advice says
///
/// - whether retrying can help at all ([`is_retryable`](Self::is_retryable)),
/// - how many attempts the API recommends at most, counting the first
///   ([`max_attempts`](Self::max_attempts)),
/// - the least delay between attempts ([`min_delay`](Self::min_delay)),
/// - whether the server's `Retry-After` must be waited out
///   ([`honors_retry_after`](Self::honors_retry_after)).
///
/// In a derive, `#[code(408, "upstream_timeout", retry(attempts = 3, delay = "2s"))]`
/// builds `RetryAdvice::BACKOFF.with_max_attempts(3).with_min_delay(2s)`.
///
/// ```
/// use api_error_codes::RetryAdvice;
/// use std::time::Duration;
///
/// let advice = RetryAdvice::BACKOFF
///     .with_max_attempts(3)
///     .with_min_delay(Duration::from_secs(2));
/// assert!(advice.is_retryable());
/// assert_eq!(advice.max_attempts(), Some(3));
/// assert_eq!(advice.to_string(), "retry, at most 3 attempts, at least 2s apart");
///
/// assert!(!RetryAdvice::from_status(403).is_retryable());
/// assert!(RetryAdvice::from_status(429).honors_retry_after());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct RetryAdvice {
    retryable: bool,
    // 0 means "no limit of its own": the policy's bound applies.
    max_attempts: u32,
    min_delay: Duration,
    honor_retry_after: bool,
}

impl RetryAdvice {
    /// Retrying cannot help: the request, the credentials or the account
    /// must change first.
    pub const NEVER: RetryAdvice = RetryAdvice {
        retryable: false,
        max_attempts: 0,
        min_delay: Duration::ZERO,
        honor_retry_after: false,
    };

    /// Retrying may help; the policy's backoff and bounds decide when and
    /// how often.
    pub const BACKOFF: RetryAdvice = RetryAdvice {
        retryable: true,
        max_attempts: 0,
        min_delay: Duration::ZERO,
        honor_retry_after: false,
    };

    /// The advice an HTTP status carries on its own: 408, 429, 500, 502, 503
    /// and 504 retry with backoff, 429 also waits out `Retry-After`;
    /// everything else does not retry.
    #[must_use]
    pub const fn from_status(status: u16) -> RetryAdvice {
        match status {
            429 => RetryAdvice::BACKOFF.honoring_retry_after(),
            408 | 500 | 502 | 503 | 504 => RetryAdvice::BACKOFF,
            _ => RetryAdvice::NEVER,
        }
    }

    /// The same advice, limited to `attempts` attempts in all (the first
    /// included). Zero removes the limit. Has no effect on [`NEVER`](Self::NEVER).
    #[must_use]
    pub const fn with_max_attempts(mut self, attempts: u32) -> RetryAdvice {
        if self.retryable {
            self.max_attempts = attempts;
        }
        self
    }

    /// The same advice, waiting at least `delay` before each retry. Has no
    /// effect on [`NEVER`](Self::NEVER).
    #[must_use]
    pub const fn with_min_delay(mut self, delay: Duration) -> RetryAdvice {
        if self.retryable {
            self.min_delay = delay;
        }
        self
    }

    /// The same advice, requiring the server's `Retry-After` to be waited
    /// out. Has no effect on [`NEVER`](Self::NEVER).
    #[must_use]
    pub const fn honoring_retry_after(mut self) -> RetryAdvice {
        if self.retryable {
            self.honor_retry_after = true;
        }
        self
    }

    /// Whether retrying the same request can succeed.
    #[must_use]
    pub const fn is_retryable(&self) -> bool {
        self.retryable
    }

    /// The most attempts the API recommends, counting the first; `None`
    /// when it names no limit (or the code is not retryable).
    #[must_use]
    pub const fn max_attempts(&self) -> Option<u32> {
        if self.max_attempts == 0 {
            None
        } else {
            Some(self.max_attempts)
        }
    }

    /// The least delay before a retry; zero when the API names none.
    #[must_use]
    pub const fn min_delay(&self) -> Duration {
        self.min_delay
    }

    /// Whether a `Retry-After` sent with this code must be waited out.
    #[must_use]
    pub const fn honors_retry_after(&self) -> bool {
        self.honor_retry_after
    }
}

impl Default for RetryAdvice {
    /// [`RetryAdvice::NEVER`]: retrying is opt-in.
    fn default() -> Self {
        RetryAdvice::NEVER
    }
}

impl fmt::Display for RetryAdvice {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if !self.retryable {
            return f.write_str("do not retry");
        }
        f.write_str("retry")?;
        if let Some(attempts) = self.max_attempts() {
            write!(f, ", at most {attempts} attempts")?;
        }
        if !self.min_delay.is_zero() {
            write!(f, ", at least {} apart", DisplayDuration(self.min_delay))?;
        }
        if self.honor_retry_after {
            f.write_str(", after Retry-After")?;
        }
        Ok(())
    }
}

impl serde::Serialize for RetryAdvice {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut s = serializer.serialize_struct("RetryAdvice", 4)?;
        s.serialize_field("retryable", &self.retryable)?;
        s.serialize_field("max_attempts", &self.max_attempts())?;
        let min_delay_ms = u64::try_from(self.min_delay.as_millis()).unwrap_or(u64::MAX);
        s.serialize_field("min_delay_ms", &min_delay_ms)?;
        s.serialize_field("honor_retry_after", &self.honor_retry_after)?;
        s.end()
    }
}
