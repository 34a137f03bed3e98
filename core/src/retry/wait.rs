//! [`RequiredWait`]: the wait a failed response requires, whatever the
//! policy: the largest of what the server's headers and the code's
//! documentation ask for.

use std::time::{Duration, SystemTime};

use super::{DelaySource, RetryAfter};
use crate::{ApiError, ApiErrorCode, RateLimit, RetryAdvice};

/// The least a client must wait before sending a failed request again, and
/// who asks for it: the largest of
///
/// - `Retry-After` (delay-seconds or an HTTP-date, measured from `now`);
/// - X's `x-rate-limit-reset`, when `x-rate-limit-remaining` is `0` (and
///   the account window's `x-account-rate-limit-reset` when that one is
///   used up: the later of the two);
/// - the spacing `1/r` of the SP-API's `x-amzn-RateLimit-Limit: r`;
/// - the code's documented minimum delay ([`RetryAdvice::min_delay`]).
///
/// On a tie, the one listed first names the source: the server's word
/// before the documents'. It is what a retry layer of your own (backon,
/// reqwest-retry, a loop) should wait at least; [`RetryPolicy::decide`]
/// weighs it with the backoff, the attempt limit and the caps.
///
/// ```
/// use api_error_codes::retry::DelaySource;
/// use api_error_codes::sp_api;
/// use std::time::{Duration, SystemTime};
///
/// let quota = sp_api::parse(429, &[("x-amzn-RateLimit-Limit", "0.5")],
///     br#"{"errors":[{"code":"QuotaExceeded","message":"You exceeded your quota."}]}"#);
/// let wait = quota.required_wait(SystemTime::now()).unwrap();
/// assert_eq!(wait.duration(), Duration::from_secs(2)); // 1 / 0.5 requests per second
/// assert_eq!(wait.source(), DelaySource::RateLimitSpacing);
/// assert!(!wait.is_exact()); // a floor under the backoff, not a time the server named
/// ```
///
/// [`RetryPolicy::decide`]: super::RetryPolicy::decide
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct RequiredWait {
    duration: Duration,
    source: DelaySource,
    exact: bool,
}

impl RequiredWait {
    /// How long to wait at least.
    #[must_use]
    pub const fn duration(&self) -> Duration {
        self.duration
    }

    /// Who asks for the longest wait.
    #[must_use]
    pub const fn source(&self) -> DelaySource {
        self.source
    }

    /// Whether the server named a time (`Retry-After`, or the reset of an
    /// exhausted X window). A code that honours `Retry-After`
    /// ([`RetryAdvice::honors_retry_after`]) then waits exactly
    /// [`duration`](Self::duration): the server knows when its quota frees
    /// up. Otherwise the wait is a floor under the backoff.
    #[must_use]
    pub const fn is_exact(&self) -> bool {
        self.exact
    }

    /// The wait `advice`, `Retry-After` and the rate-limit headers require
    /// at `now`; `None` when nothing asks for one.
    pub(crate) fn of(
        advice: RetryAdvice,
        retry_after: Option<RetryAfter>,
        rate_limit: &RateLimit,
        now: SystemTime,
    ) -> Option<RequiredWait> {
        let retry_after = retry_after.map(|value| value.delay_from(now));
        // X's user and account windows: the later reset of the exhausted ones.
        let window_reset = rate_limit.exhausted_reset_after(now);
        let spacing = rate_limit
            .requests_per_second()
            // Zero requests per second would mean "never"; no server means
            // that, so the header is read as absent.
            .filter(|rate| *rate > 0.0)
            .map(|rate| Duration::try_from_secs_f64(1.0 / rate).unwrap_or(Duration::MAX));
        let min_delay = Some(advice.min_delay()).filter(|delay| !delay.is_zero());

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
        wait.map(|(duration, source)| RequiredWait {
            duration,
            source,
            exact: retry_after.is_some() || window_reset.is_some(),
        })
    }
}

impl<E: ApiErrorCode> ApiError<E> {
    /// The least wait before sending the request again, and who asks for
    /// it, measured at `now`: see [`RequiredWait`]. `None` when neither the
    /// server nor the documents ask for one.
    ///
    /// This is what a retry layer of your own should honour;
    /// [`retry_after`](Self::retry_after) is the one header alone.
    #[must_use]
    pub fn required_wait(&self, now: SystemTime) -> Option<RequiredWait> {
        RequiredWait::of(
            self.retry_advice(),
            self.retry_after(),
            self.rate_limit(),
            now,
        )
    }
}
