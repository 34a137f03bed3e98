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

/// The largest header value read, in bytes; longer values are ignored,
/// except `Retry-After` (a long run of digits is clamped to
/// [`MAX_RETRY_AFTER`]).
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
    /// Reads a header value (RFC 9110, section 10.2.3), with the system
    /// clock as the present for RFC 850 dates: see
    /// [`parse_at`](Self::parse_at).
    #[must_use]
    pub fn parse(value: &str) -> Option<RetryAfter> {
        RetryAfter::parse_at(value, SystemTime::now())
    }

    /// Reads a header value (RFC 9110, section 10.2.3), `now` being the
    /// present.
    ///
    /// Accepts delay-seconds (`"120"`, any number of digits) and an
    /// HTTP-date in any of the three forms HTTP allows (IMF-fixdate
    /// `"Sun, 06 Nov 1994 08:49:37 GMT"`, RFC 850
    /// `"Sunday, 06-Nov-94 08:49:37 GMT"`, asctime
    /// `"Sun Nov  6 08:49:37 1994"`). Delays beyond [`MAX_RETRY_AFTER`],
    /// however many digits they have, are clamped to it. Anything else —
    /// negative or fractional seconds, garbage, an empty value — is `None`:
    /// the header is ignored, never an error.
    ///
    /// An RFC 850 date has a two-digit year. RFC 9110 (section 5.6.7) says a
    /// recipient MUST read one that appears more than 50 years in the
    /// future as the most recent past year with the same last two digits;
    /// that is what `now` is for. (The `httpdate` crate, which reads the
    /// other two forms, pins them to 1970–2069 instead.) The weekday is not
    /// checked against the date.
    ///
    /// ```
    /// use api_error_codes::retry::RetryAfter;
    /// use std::time::{Duration, UNIX_EPOCH};
    ///
    /// let now = UNIX_EPOCH + Duration::from_secs(4_102_444_800); // 2100-01-01
    /// let at = |secs| RetryAfter::At(UNIX_EPOCH + Duration::from_secs(secs));
    /// // In 2100, "40" is 2140 (40 years ahead) and "70" is 2070 (2170
    /// // would be more than 50 years ahead); httpdate would read 2040 and 1970.
    /// assert_eq!(RetryAfter::parse_at("Sunday, 01-Jan-40 00:00:00 GMT", now), Some(at(5_364_662_400)));
    /// assert_eq!(RetryAfter::parse_at("Wednesday, 01-Jan-70 00:00:00 GMT", now), Some(at(3_155_760_000)));
    /// assert_eq!(
    ///     RetryAfter::parse_at("99999999999999999999999999999999999999999999999999999999999999999999", now),
    ///     Some(RetryAfter::Delay(api_error_codes::retry::MAX_RETRY_AFTER)),
    /// );
    /// ```
    #[must_use]
    pub fn parse_at(value: &str, now: SystemTime) -> Option<RetryAfter> {
        let value = value.trim();
        if value.is_empty() {
            return None;
        }
        if value.bytes().all(|b| b.is_ascii_digit()) {
            // All digits but too many for u64 is still "a very long time".
            let seconds = value.parse::<u64>().unwrap_or(u64::MAX);
            let delay = Duration::from_secs(seconds.min(MAX_RETRY_AFTER.as_secs()));
            return Some(RetryAfter::Delay(delay));
        }
        // The longest HTTP-date, RFC 850 with "Wednesday", is 37 bytes.
        if value.len() > 64 {
            return None;
        }
        // A full weekday name before the comma is RFC 850's form alone; it
        // must not fall through to httpdate's 1970–2069 reading.
        if let Some(form) = rfc850_date(value, now) {
            return form.map(RetryAfter::At);
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
            // Retry-After is read at any length: its parser does bounded
            // work, and a long run of digits is a long delay, not noise.
            if value.len() > MAX_HEADER_VALUE_BYTES && !name.eq_ignore_ascii_case(RETRY_AFTER) {
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
pub(crate) fn epoch_seconds(value: &str) -> Option<SystemTime> {
    const MAX_EPOCH_SECONDS: u64 = 253_402_300_799; // 9999-12-31T23:59:59Z
    let seconds: u64 = value.parse().ok()?;
    (seconds <= MAX_EPOCH_SECONDS).then(|| UNIX_EPOCH + Duration::from_secs(seconds))
}

/// An RFC 850 date (`Sunday, 06-Nov-94 08:49:37 GMT`), its two-digit year
/// read against `now` as RFC 9110, section 5.6.7, requires: `None` for
/// another form, `Some(None)` for this form with an invalid date.
fn rfc850_date(value: &str, now: SystemTime) -> Option<Option<SystemTime>> {
    const WEEKDAYS: [&str; 7] = [
        "Monday",
        "Tuesday",
        "Wednesday",
        "Thursday",
        "Friday",
        "Saturday",
        "Sunday",
    ];
    let (weekday, rest) = value.split_once(", ")?;
    if !WEEKDAYS.contains(&weekday) {
        return None;
    }
    Some(rfc850_rest(rest, now))
}

/// The part of an RFC 850 date after the weekday: `06-Nov-94 08:49:37 GMT`.
fn rfc850_rest(rest: &str, now: SystemTime) -> Option<SystemTime> {
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    // "06-Nov-94 08:49:37 GMT"
    let bytes = rest.as_bytes();
    if !rest.is_ascii()
        || bytes.len() != 22
        || &rest[18..] != " GMT"
        || bytes[2] != b'-'
        || bytes[6] != b'-'
    {
        return None;
    }
    let number = |range: core::ops::Range<usize>| -> Option<u64> {
        let digits = rest.get(range)?;
        digits
            .bytes()
            .all(|b| b.is_ascii_digit())
            .then(|| digits.parse().ok())?
    };
    let day = number(0..2)?;
    let month = MONTHS.iter().position(|m| rest.get(3..6) == Some(*m))? as u64 + 1;
    let two_digit_year = number(7..9)?;
    if bytes[9] != b' ' || bytes[12] != b':' || bytes[15] != b':' {
        return None;
    }
    let (hour, minute, second) = (number(10..12)?, number(13..15)?, number(16..18)?);
    if day == 0 || day > days_in_month(month, 2000) || hour > 23 || minute > 59 || second > 60 {
        return None;
    }
    // The year in `now`'s century, or the one before or after: whichever is
    // at most 50 years ahead of now and the latest such.
    let now_year = civil_year(now);
    let century = now_year - now_year % 100;
    let mut year = century + two_digit_year;
    if year > now_year + 50 {
        year -= 100;
    } else if year + 100 <= now_year + 50 {
        year += 100;
    }
    if day > days_in_month(month, year) {
        return None;
    }
    if year < 1970 {
        // Long past: retry without waiting for the date.
        return Some(UNIX_EPOCH);
    }
    let days = days_from_civil(year, month, day);
    let seconds = days * 86_400 + hour * 3_600 + minute * 60 + second;
    UNIX_EPOCH.checked_add(Duration::from_secs(seconds))
}

fn is_leap(year: u64) -> bool {
    year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
}

fn days_in_month(month: u64, year: u64) -> u64 {
    match month {
        2 if is_leap(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days from 1970-01-01 to `year-month-day` (a year from 1970), after
/// Howard Hinnant's `days_from_civil`.
fn days_from_civil(year: u64, month: u64, day: u64) -> u64 {
    let year = if month <= 2 { year - 1 } else { year };
    let era = year / 400;
    let year_of_era = year - era * 400;
    let month_from_march = (month + 9) % 12;
    let day_of_year = (153 * month_from_march + 2) / 5 + day - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

/// The calendar year `time` falls in (1970 for any time before).
fn civil_year(time: SystemTime) -> u64 {
    let days = time
        .duration_since(UNIX_EPOCH)
        .map_or(0, |since| since.as_secs() / 86_400);
    // Hinnant's `civil_from_days`, year only.
    let shifted = days + 719_468;
    let era = shifted / 146_097;
    let day_of_era = shifted - era * 146_097;
    let year_of_era =
        (day_of_era - day_of_era / 1_460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let month_from_march = (5 * day_of_year + 2) / 153;
    let year = year_of_era + era * 400;
    if month_from_march >= 10 {
        year + 1
    } else {
        year
    }
}
