//! Retry decisions.

use std::time::{Duration, SystemTime};

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
