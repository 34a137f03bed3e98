//! The wait a failed response requires, whatever the policy: the largest of
//! what the server's headers and the code's documentation ask for.

use std::time::{Duration, SystemTime};

use super::DelaySource;
use crate::{ApiError, ApiErrorCode, RetryAdvice};

/// The waits that do not depend on the policy, and whether the server named
/// a point in time.
pub(super) struct RequiredWait {
    /// The longest wait asked for, and who asked.
    pub(super) wait: Option<(Duration, DelaySource)>,
    /// Whether `Retry-After` or an exhausted X window named a time.
    pub(super) server_named_time: bool,
}

impl RequiredWait {
    pub(super) fn of<E: ApiErrorCode>(
        error: &ApiError<E>,
        advice: RetryAdvice,
        now: SystemTime,
    ) -> RequiredWait {
        let rate_limit = error.rate_limit();
        let retry_after = error.retry_after().map(|value| value.delay_from(now));
        // X's user and account windows: the later reset of the exhausted ones.
        let window_reset = rate_limit.exhausted_reset_after(now);
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
        RequiredWait {
            wait,
            server_named_time: retry_after.is_some() || window_reset.is_some(),
        }
    }
}
