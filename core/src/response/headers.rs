//! Response headers: where they come from ([`HeaderSource`]), the ones an
//! error response is read for, and how each value is parsed
//! ([`RetryAfter`], [`RateLimit`]).
//!
//! Every header name the crate reads is a constant here, defined once; the
//! API modules and the retry decision refer to these constants.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// `Retry-After` (RFC 9110, section 10.2.3), as HTTP spells it.
pub(crate) const RETRY_AFTER: &str = "Retry-After";
/// X's rate-limit window: requests allowed in it.
pub(crate) const X_RATE_LIMIT_LIMIT: &str = "x-rate-limit-limit";
/// X's rate-limit window: requests left in it.
pub(crate) const X_RATE_LIMIT_REMAINING: &str = "x-rate-limit-remaining";
/// X's rate-limit window: when it resets, in epoch seconds.
pub(crate) const X_RATE_LIMIT_RESET: &str = "x-rate-limit-reset";
/// X's account-level window (Ads API): requests allowed in it.
pub(crate) const X_ACCOUNT_RATE_LIMIT_LIMIT: &str = "x-account-rate-limit-limit";
/// X's account-level window: requests left in it.
pub(crate) const X_ACCOUNT_RATE_LIMIT_REMAINING: &str = "x-account-rate-limit-remaining";
/// X's account-level window: when it resets, in epoch seconds.
pub(crate) const X_ACCOUNT_RATE_LIMIT_RESET: &str = "x-account-rate-limit-reset";
/// Amazon's sustained rate for the operation, in requests per second (the
/// SP-API sends it, on a best-effort basis).
pub(crate) const AMZN_RATE_LIMIT_LIMIT: &str = "x-amzn-RateLimit-Limit";
/// Amazon's request id, the one its support asks for.
pub(crate) const AMZN_REQUEST_ID: &str = "x-amzn-RequestId";

/// Request-id headers, most specific first: Amazon's own, then the spellings
/// other services and proxies use.
const REQUEST_ID_HEADERS: &[&str] = &[
    AMZN_REQUEST_ID,
    "x-amzn-request-id",
    "x-amz-request-id",
    // Amazon Ads sends its request id here too.
    "x-amz-rid",
    "x-request-id",
    "x-transaction-id",
];

/// The largest header value read, in bytes; longer values are ignored.
pub const MAX_HEADER_VALUE_BYTES: usize = 1024;

/// The longest delay a `Retry-After` value is read as: anything beyond is
/// clamped here (a policy clamps further to its own maximum). A day is far
/// past any sane retry delay, and it keeps `SystemTime` arithmetic
/// overflow-free.
pub const MAX_RETRY_AFTER: Duration = Duration::from_secs(24 * 60 * 60);

/// An HTTP status, as a client gives it: a `u16`, or (with the `http`
/// feature) an `http::StatusCode`, which is also reqwest's.
///
/// ```
/// use api_error_codes::x_ads;
///
/// assert_eq!(x_ads::parse(503, &(), b"").status(), 503);
/// ```
pub trait IntoStatus {
    /// The status as a number.
    fn into_status(self) -> u16;
}

impl IntoStatus for u16 {
    fn into_status(self) -> u16 {
        self
    }
}

#[cfg(feature = "http")]
#[cfg_attr(docsrs, doc(cfg(feature = "http")))]
impl IntoStatus for http::StatusCode {
    fn into_status(self) -> u16 {
        self.as_u16()
    }
}

/// Response headers, as whatever a client gives: a slice or `Vec` of
/// `(name, value)` pairs, an array of them, or (with the `http` feature)
/// an `http::HeaderMap`. Names are matched ASCII case-insensitively. For no
/// headers at all, pass `&()` (an empty `&[]` leaves the pair type unknown).
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not a source of response headers",
    label = "headers of this type cannot be read",
    note = "pass `&()` for no headers, or a slice of `(name, value)` string pairs",
    note = "for `http::HeaderMap` (and reqwest's `HeaderMap`, the same type), enable the `http` feature of api-error-codes"
)]
pub trait HeaderSource {
    /// Calls `visit` with each header's name and value, in order.
    fn visit_headers(&self, visit: &mut dyn FnMut(&str, &str));
}

impl<K: AsRef<str>, V: AsRef<str>> HeaderSource for [(K, V)] {
    fn visit_headers(&self, visit: &mut dyn FnMut(&str, &str)) {
        for (name, value) in self {
            visit(name.as_ref(), value.as_ref());
        }
    }
}

impl<K: AsRef<str>, V: AsRef<str>, const N: usize> HeaderSource for [(K, V); N] {
    fn visit_headers(&self, visit: &mut dyn FnMut(&str, &str)) {
        self.as_slice().visit_headers(visit);
    }
}

impl<K: AsRef<str>, V: AsRef<str>> HeaderSource for Vec<(K, V)> {
    fn visit_headers(&self, visit: &mut dyn FnMut(&str, &str)) {
        self.as_slice().visit_headers(visit);
    }
}

impl<H: HeaderSource + ?Sized> HeaderSource for &H {
    fn visit_headers(&self, visit: &mut dyn FnMut(&str, &str)) {
        (**self).visit_headers(visit);
    }
}

/// No headers.
impl HeaderSource for () {
    fn visit_headers(&self, _: &mut dyn FnMut(&str, &str)) {}
}

#[cfg(feature = "http")]
#[cfg_attr(docsrs, doc(cfg(feature = "http")))]
impl HeaderSource for http::HeaderMap {
    fn visit_headers(&self, visit: &mut dyn FnMut(&str, &str)) {
        for (name, value) in self {
            // Values that are not visible ASCII cannot be any header we read.
            if let Ok(value) = value.to_str() {
                visit(name.as_str(), value);
            }
        }
    }
}

/// A `Retry-After` value as sent: a delay, or a point in time.
///
/// Kept unresolved in a parsed response so that the delay is measured from
/// the moment it is asked for, not from when the response was parsed.
///
/// ```
/// use api_error_codes::retry::RetryAfter;
/// use std::time::{Duration, SystemTime, UNIX_EPOCH};
///
/// let now = UNIX_EPOCH + Duration::from_secs(784_111_777); // Sun, 06 Nov 1994 08:49:37 GMT
/// let delay = |value| RetryAfter::parse(value).map(|retry_after| retry_after.delay_from(now));
/// assert_eq!(delay("120"), Some(Duration::from_secs(120)));
/// assert_eq!(delay("Sun, 06 Nov 1994 08:50:37 GMT"), Some(Duration::from_secs(60)));
/// assert_eq!(delay("Sun, 06 Nov 1994 08:00:00 GMT"), Some(Duration::ZERO));
/// assert_eq!(delay("-5"), None);
/// assert_eq!(delay("soon"), None);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RetryAfter {
    /// Delay-seconds, clamped to [`MAX_RETRY_AFTER`].
    Delay(Duration),
    /// An HTTP-date.
    At(SystemTime),
}

impl RetryAfter {
    /// Reads a header value (RFC 9110, section 10.2.3).
    ///
    /// Accepts delay-seconds (`"120"`) and an HTTP-date in any of the three
    /// forms HTTP allows (IMF-fixdate `"Sun, 06 Nov 1994 08:49:37 GMT"`,
    /// RFC 850 `"Sunday, 06-Nov-94 08:49:37 GMT"`, asctime
    /// `"Sun Nov  6 08:49:37 1994"`), read with the `httpdate` crate. Delays
    /// beyond [`MAX_RETRY_AFTER`] are clamped to it. Anything else —
    /// negative or fractional seconds, garbage, an empty value — is `None`:
    /// the header is ignored, never an error.
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

/// Rate-limit information from response headers.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct RateLimit {
    limit: Option<u64>,
    remaining: Option<u64>,
    reset: Option<SystemTime>,
    account: Window,
    requests_per_second: Option<f64>,
}

/// One rate-limit window: allowed, left, reset.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
struct Window {
    limit: Option<u64>,
    remaining: Option<u64>,
    reset: Option<SystemTime>,
}

impl RateLimit {
    /// Requests allowed in the current window (X's `x-rate-limit-limit`).
    #[must_use]
    pub fn limit(&self) -> Option<u64> {
        self.limit
    }

    /// Requests left in the current window (X's `x-rate-limit-remaining`).
    #[must_use]
    pub fn remaining(&self) -> Option<u64> {
        self.remaining
    }

    /// When the window resets (X's `x-rate-limit-reset`, epoch seconds).
    #[must_use]
    pub fn reset(&self) -> Option<SystemTime> {
        self.reset
    }

    /// The time until the window resets, from `now`; zero if it has.
    #[must_use]
    pub fn reset_after(&self, now: SystemTime) -> Option<Duration> {
        self.reset
            .map(|reset| reset.duration_since(now).unwrap_or(Duration::ZERO))
    }

    /// Requests allowed in the account's window (X Ads'
    /// `x-account-rate-limit-limit`, sent beside the user window's).
    #[must_use]
    pub fn account_limit(&self) -> Option<u64> {
        self.account.limit
    }

    /// Requests left in the account's window (`x-account-rate-limit-remaining`).
    #[must_use]
    pub fn account_remaining(&self) -> Option<u64> {
        self.account.remaining
    }

    /// When the account's window resets (`x-account-rate-limit-reset`,
    /// epoch seconds).
    #[must_use]
    pub fn account_reset(&self) -> Option<SystemTime> {
        self.account.reset
    }

    /// The wait, from `now`, until every exhausted window has reset: the
    /// later reset among the windows with nothing left (the user window,
    /// the account window); `None` when no window is known exhausted.
    /// X's own SDK waits for the account window first; when both are
    /// exhausted, a request sent before the later reset fails again.
    ///
    /// ```
    /// use api_error_codes::x_ads;
    /// use std::time::{Duration, UNIX_EPOCH};
    ///
    /// let headers = [
    ///     ("x-rate-limit-remaining", "12"),
    ///     ("x-account-rate-limit-remaining", "0"),
    ///     ("x-account-rate-limit-reset", "1546300800"),
    /// ];
    /// let error = x_ads::parse(429, &headers, b"");
    /// let now = UNIX_EPOCH + Duration::from_secs(1_546_300_740);
    /// assert_eq!(error.rate_limit().exhausted_reset_after(now), Some(Duration::from_secs(60)));
    /// ```
    #[must_use]
    pub fn exhausted_reset_after(&self, now: SystemTime) -> Option<Duration> {
        let after = |remaining: Option<u64>, reset: Option<SystemTime>| {
            reset
                .filter(|_| remaining == Some(0))
                .map(|reset| reset.duration_since(now).unwrap_or(Duration::ZERO))
        };
        let user = after(self.remaining, self.reset);
        let account = after(self.account.remaining, self.account.reset);
        user.max(account)
    }

    /// The sustained rate allowed, in requests per second (the SP-API's
    /// `x-amzn-RateLimit-Limit`).
    #[must_use]
    pub fn requests_per_second(&self) -> Option<f64> {
        self.requests_per_second
    }

    /// Whether any rate-limit header was present.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        *self == RateLimit::default()
    }
}

/// The headers an error response is read for. The first valid value of
/// each wins; later repeats are ignored.
#[derive(Default)]
pub(crate) struct ResponseHeaders {
    pub(crate) retry_after: Option<RetryAfter>,
    pub(crate) request_id: Option<String>,
    pub(crate) rate_limit: RateLimit,
}

impl ResponseHeaders {
    /// Reads the headers of [`ResponseHeaders`] out of `headers`, nothing
    /// else: credentials and cookies are never looked at, let alone kept.
    pub(crate) fn read(headers: &(impl HeaderSource + ?Sized)) -> ResponseHeaders {
        let mut read = ResponseHeaders::default();
        let mut request_id_rank = usize::MAX;
        headers.visit_headers(&mut |name, value| {
            if value.len() > MAX_HEADER_VALUE_BYTES {
                return;
            }
            let value = value.trim();
            let is = |expected: &str| name.eq_ignore_ascii_case(expected);
            let rate_limit = &mut read.rate_limit;
            if is(RETRY_AFTER) {
                if read.retry_after.is_none() {
                    read.retry_after = RetryAfter::parse(value);
                }
            } else if is(X_RATE_LIMIT_LIMIT) {
                rate_limit.limit = rate_limit.limit.or(value.parse().ok());
            } else if is(X_RATE_LIMIT_REMAINING) {
                rate_limit.remaining = rate_limit.remaining.or(value.parse().ok());
            } else if is(X_RATE_LIMIT_RESET) {
                rate_limit.reset = rate_limit.reset.or(epoch_seconds(value));
            } else if is(X_ACCOUNT_RATE_LIMIT_LIMIT) {
                let account = &mut rate_limit.account;
                account.limit = account.limit.or(value.parse().ok());
            } else if is(X_ACCOUNT_RATE_LIMIT_REMAINING) {
                let account = &mut rate_limit.account;
                account.remaining = account.remaining.or(value.parse().ok());
            } else if is(X_ACCOUNT_RATE_LIMIT_RESET) {
                let account = &mut rate_limit.account;
                account.reset = account.reset.or(epoch_seconds(value));
            } else if is(AMZN_RATE_LIMIT_LIMIT) {
                rate_limit.requests_per_second = rate_limit.requests_per_second.or(value
                    .parse::<f64>()
                    .ok()
                    .filter(|r| r.is_finite() && *r >= 0.0));
            } else if let Some(rank) = REQUEST_ID_HEADERS.iter().position(|h| is(h)) {
                if rank < request_id_rank && !value.is_empty() {
                    request_id_rank = rank;
                    read.request_id = Some(value.to_owned());
                }
            }
        });
        read
    }
}

/// Epoch seconds as a time; `None` for anything else, or beyond year 9999.
fn epoch_seconds(value: &str) -> Option<SystemTime> {
    const MAX_EPOCH_SECONDS: u64 = 253_402_300_799; // 9999-12-31T23:59:59Z
    let seconds: u64 = value.parse().ok()?;
    (seconds <= MAX_EPOCH_SECONDS).then(|| UNIX_EPOCH + Duration::from_secs(seconds))
}
