//! Typed error responses: [`ApiError`], its items, and the headers it reads.
//!
//! Parsing is total: whatever the status, headers and body, the result is an
//! [`ApiError`]. A body in the API's shape gives typed items; any other body
//! (HTML, plain text, empty, truncated, JSON of another shape, larger than
//! [`MAX_BODY_BYTES`]) gives an error whose kind comes from the HTTP status,
//! with a short sanitized excerpt of what was there. A leading UTF-8 byte
//! order mark, and a lone surrogate escape (`"\ud83d"`, read as U+FFFD), do
//! not keep a body from being read.
//!
//! # Hostile input
//!
//! Nothing a server sends can make parsing panic, loop without bound or
//! allocate without bound. What each kind of odd input gives (every row is
//! a named test in `tests/parse_hostile.rs`, and the fuzz target `parse`
//! checks the invariants on arbitrary input):
//!
//! | input | behaviour |
//! | --- | --- |
//! | body over [`MAX_BODY_BYTES`] | not parsed; status, kind and a bounded excerpt |
//! | JSON nested deeper than 128 levels | not parsed (serde_json's recursion limit; no stack overflow) |
//! | invalid UTF-8, HTML, plain text | not parsed; excerpt with U+FFFD for bad bytes, an HTML page's `<title>` |
//! | truncated JSON, trailing garbage | not parsed; excerpt |
//! | leading byte order mark | skipped |
//! | lone surrogate escape `"\ud800"` | replaced by U+FFFD, the body is read |
//! | integer past `u64` in a field that is read | read as the nearest `f64`, kept as its text |
//! | number past `f64` in a field that is read | the body is not parsed (serde_json refuses it); excerpt |
//! | number past `f64` in a field that is not read | skipped |
//! | `null`, object or array where a string belongs | no text for that field; the rest is kept |
//! | number or boolean where a string belongs | kept as its text (`{"code": 404}` is the code `"404"`) |
//! | more than [`MAX_ITEMS`] error items | the first [`MAX_ITEMS`] kept, the rest counted ([`ApiError::errors_dropped`]) |
//! | duplicate keys | the last one wins |
//! | namespaced code `ns#QuotaExceeded:http://...` | read by its bare name when that is a known code; the string as sent in [`ErrorItem::raw_code`] |
//! | unknown code | kept as [`Code::Unknown`]; kind and retry advice from the status |
//! | status outside 100..=599 | kept as is; kind [`ErrorKind::Other`] unless a known code says more |
//! | header value over [`MAX_HEADER_VALUE_BYTES`] | ignored |
//! | repeated or contradictory headers | the first valid value wins; `x-amzn-RequestId` outranks generic request-id headers |
//! | `Retry-After` negative, fractional, garbage | ignored |
//! | `Retry-After` huge, or a date far in the future | clamped to [`MAX_RETRY_AFTER`](crate::retry::MAX_RETRY_AFTER) (a retry policy stops rather than wait past its own maximum) |
//! | `Retry-After` date in the past | zero: retry now |
//! | `x-rate-limit-reset` past year 9999, `x-amzn-RateLimit-Limit` negative, infinite or NaN | ignored |
//! | control characters, ANSI escapes, CR/LF, bidi overrides in server text | kept raw in accessors ([`ErrorItem::message`], ...); neutralized, and length-capped on a character boundary, wherever the crate displays them ([`Sanitized`]) |
//! | credentials in headers (`Authorization`, cookies, tokens) | never stored: only the headers named above are read |

use core::fmt;
use std::borrow::Cow;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use serde::ser::SerializeStruct;

use crate::body::{self, RawBody, RawItem};
use crate::retry::RetryAfter;
use crate::sanitize::{self, Sanitized};
use crate::{ApiErrorCode, ErrorKind, RetryAdvice};

/// The largest body read as JSON, in bytes (256 KiB). A larger body is not
/// parsed: the error keeps its status and an excerpt. Error bodies of the
/// supported APIs are a few hundred bytes; the cap bounds the work and the
/// memory a hostile or broken server can cause.
pub const MAX_BODY_BYTES: usize = 256 * 1024;

/// The largest header value read, in bytes; longer values are ignored.
pub const MAX_HEADER_VALUE_BYTES: usize = 1024;

/// An error code as a response carried it: one the catalog knows, or a
/// string it does not (a code added to the API after this catalog was
/// written). Serializes as the code string; deserializing never fails on a
/// string or number.
///
/// ```
/// use api_error_codes::{x_ads::XAdsErrorCode, Code};
///
/// let known: Code<XAdsErrorCode> = Code::from_raw("ACCOUNT_LOCKED_OUT");
/// assert_eq!(known.known(), Some(XAdsErrorCode::AccountLockedOut));
///
/// let unknown: Code<XAdsErrorCode> = serde_json::from_str(r#""BRAND_NEW_CODE""#).unwrap();
/// assert_eq!(unknown, Code::Unknown("BRAND_NEW_CODE".into()));
/// assert_eq!(serde_json::to_string(&unknown).unwrap(), r#""BRAND_NEW_CODE""#);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Code<E> {
    /// A code of the catalog.
    Known(E),
    /// A code the catalog does not list, exactly as received.
    Unknown(RawCode),
}

impl<E: ApiErrorCode> Code<E> {
    /// Looks `code` up in the catalog (exactly, as
    /// [`ApiErrorCode::from_code`]), keeping it as a string when absent.
    #[must_use]
    pub fn from_raw(code: &str) -> Code<E> {
        match E::from_code(code) {
            Some(known) => Code::Known(known),
            None => Code::Unknown(RawCode::from(code)),
        }
    }

    /// The catalog variant, if the code is known.
    #[must_use]
    pub fn known(&self) -> Option<E> {
        match self {
            Code::Known(known) => Some(*known),
            Code::Unknown(_) => None,
        }
    }

    /// Whether the catalog lists the code.
    #[must_use]
    pub fn is_known(&self) -> bool {
        matches!(self, Code::Known(_))
    }

    /// The code string, as the API sent it.
    #[must_use]
    pub fn as_str(&self) -> &str {
        match self {
            Code::Known(known) => known.code(),
            Code::Unknown(raw) => raw.as_str(),
        }
    }
}

impl<E: ApiErrorCode> fmt::Display for Code<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Code::Known(known) => f.write_str(known.code()),
            Code::Unknown(raw) => fmt::Display::fmt(raw, f),
        }
    }
}

impl<E: ApiErrorCode> serde::Serialize for Code<E> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de, E: ApiErrorCode> serde::Deserialize<'de> for Code<E> {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(CodeVisitor(core::marker::PhantomData))
    }
}

struct CodeVisitor<E>(core::marker::PhantomData<E>);

impl<E: ApiErrorCode> serde::de::Visitor<'_> for CodeVisitor<E> {
    type Value = Code<E>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an error code string")
    }

    fn visit_str<Err: serde::de::Error>(self, code: &str) -> Result<Code<E>, Err> {
        Ok(Code::from_raw(code))
    }

    fn visit_string<Err: serde::de::Error>(self, code: String) -> Result<Code<E>, Err> {
        // Reuse the allocation for unknown codes.
        Ok(match E::from_code(&code) {
            Some(known) => Code::Known(known),
            None => Code::Unknown(RawCode::from(code)),
        })
    }

    fn visit_u64<Err: serde::de::Error>(self, code: u64) -> Result<Code<E>, Err> {
        Ok(Code::from_raw(&code.to_string()))
    }

    fn visit_i64<Err: serde::de::Error>(self, code: i64) -> Result<Code<E>, Err> {
        Ok(Code::from_raw(&code.to_string()))
    }
}

/// The bytes a [`RawCode`] holds without allocating: every code of the
/// prebuilt catalogs fits, and so do near misses of them.
const RAW_CODE_INLINE: usize = 62;

/// A code string as received, for codes no catalog lists.
///
/// Codes up to 62 bytes are stored inline, so reading an unknown code
/// allocates nothing and costs about what reading a known one does; longer
/// ones go to the heap. Derefs to `str`; compares, hashes and orders as its
/// text. `Display` shows it sanitized (it came from a server); [`as_str`]
/// gives it raw.
///
/// [`as_str`]: RawCode::as_str
///
/// ```
/// use api_error_codes::response::RawCode;
///
/// let code = RawCode::from("BRAND_NEW_CODE");
/// assert_eq!(code, "BRAND_NEW_CODE");
/// assert_eq!(code.len(), 14);
/// assert_eq!(RawCode::from("a\nb").to_string(), "a b");
/// ```
#[derive(Clone)]
pub struct RawCode(RawRepr);

#[derive(Clone)]
enum RawRepr {
    Inline {
        len: u8,
        bytes: [u8; RAW_CODE_INLINE],
    },
    Heap(Box<str>),
}

impl RawCode {
    /// The code, raw.
    #[must_use]
    pub fn as_str(&self) -> &str {
        match &self.0 {
            // Built from a `str` cut at its own length, so always UTF-8.
            RawRepr::Inline { len, bytes } => {
                core::str::from_utf8(&bytes[..usize::from(*len)]).unwrap_or_default()
            }
            RawRepr::Heap(text) => text,
        }
    }
}

impl From<&str> for RawCode {
    fn from(text: &str) -> RawCode {
        match u8::try_from(text.len()) {
            Ok(len) if text.len() <= RAW_CODE_INLINE => {
                let mut bytes = [0; RAW_CODE_INLINE];
                bytes[..text.len()].copy_from_slice(text.as_bytes());
                RawCode(RawRepr::Inline { len, bytes })
            }
            _ => RawCode(RawRepr::Heap(text.into())),
        }
    }
}

impl From<String> for RawCode {
    fn from(text: String) -> RawCode {
        if text.len() <= RAW_CODE_INLINE {
            RawCode::from(text.as_str())
        } else {
            RawCode(RawRepr::Heap(text.into_boxed_str()))
        }
    }
}

impl core::ops::Deref for RawCode {
    type Target = str;
    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl AsRef<str> for RawCode {
    fn as_ref(&self) -> &str {
        self.as_str()
    }
}

impl core::borrow::Borrow<str> for RawCode {
    fn borrow(&self) -> &str {
        self.as_str()
    }
}

impl PartialEq for RawCode {
    fn eq(&self, other: &RawCode) -> bool {
        self.as_str() == other.as_str()
    }
}

impl Eq for RawCode {}

impl PartialEq<str> for RawCode {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<&str> for RawCode {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl core::hash::Hash for RawCode {
    fn hash<H: core::hash::Hasher>(&self, state: &mut H) {
        self.as_str().hash(state);
    }
}

impl PartialOrd for RawCode {
    fn partial_cmp(&self, other: &RawCode) -> Option<core::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for RawCode {
    fn cmp(&self, other: &RawCode) -> core::cmp::Ordering {
        self.as_str().cmp(other.as_str())
    }
}

impl fmt::Debug for RawCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.as_str(), f)
    }
}

impl fmt::Display for RawCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        sanitize::write_sanitized(f, self.as_str(), sanitize::DISPLAY_LIMIT)
    }
}

impl serde::Serialize for RawCode {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

/// One error a response reported. X Ads and the SP-API send lists of them;
/// the other APIs send one.
#[derive(Debug, Clone, PartialEq)]
pub struct ErrorItem<E> {
    code: Option<Code<E>>,
    // Set only when `code` is the bare form of a qualified code.
    raw_code: Option<String>,
    variant: Option<E>,
    message: Option<String>,
    details: Option<String>,
    parameter: Option<String>,
    value: Option<String>,
}

impl<E: ApiErrorCode> ErrorItem<E> {
    pub(crate) fn from_raw(status: u16, raw: RawItem<'_>) -> ErrorItem<E> {
        let message = raw.message.or(raw.description);
        // Amazon Ads puts its human text in `details`; phrases that tell its
        // 401 cases apart are looked for there when there is no `message`.
        let text = message.as_deref().or(raw.details.as_deref());
        // The code is the string as sent, looked up as `Code::from_raw` (and
        // serde) would: where variants share it (the Amazon Ads 401 cases),
        // which one the message singled out is `variant`'s to say. Putting
        // that variant in the code would make a parsed code unequal to the
        // same code after a serde round trip.
        let sent = raw.code.as_deref();
        let mut code = sent.map(Code::from_raw);
        let mut raw_code = None;
        // AWS-style services may qualify a code with a namespace and a type
        // URI (`ns#QuotaExceeded:http://...`). When the whole string is not
        // a code of the catalog but its bare middle is, the bare code
        // decides; the string as sent stays in `raw_code`.
        if let (Some(Code::Unknown(unknown)), Some(bare)) = (&code, sent.and_then(bare_code)) {
            if let Some(known) = E::from_code(bare) {
                raw_code = Some(unknown.as_str().to_owned());
                code = Some(Code::Known(known));
            }
        }
        let variant = match &code {
            Some(Code::Known(known)) => E::classify(status, Some(known.code()), text),
            // `classify` would say the same; no second lookup needed.
            Some(Code::Unknown(_)) => None,
            None => E::classify(status, None, text),
        };
        ErrorItem {
            code,
            raw_code,
            variant,
            message: message.map(Cow::into_owned),
            details: raw.details.map(Cow::into_owned),
            parameter: raw.parameter.map(Cow::into_owned),
            value: raw.value.map(Cow::into_owned),
        }
    }

    /// The code exactly as the server sent it. The same as
    /// [`code`](Self::code) unless that one had a namespace or type URI
    /// stripped (`ns#QuotaExceeded:http://...` is read as `QuotaExceeded`).
    #[must_use]
    pub fn raw_code(&self) -> Option<&str> {
        self.raw_code
            .as_deref()
            .or_else(|| self.code.as_ref().map(Code::as_str))
    }

    /// The item's code, known or not; `None` when it carried none. Where
    /// several variants share the code string, this is the first declared
    /// (as [`Code::from_raw`] gives); [`variant`](Self::variant) is the one
    /// the message singles out.
    #[must_use]
    pub fn code(&self) -> Option<&Code<E>> {
        self.code.as_ref()
    }

    /// The catalog variant that best fits the item: its code, the status and
    /// the message (see [`ApiErrorCode::classify`]).
    #[must_use]
    pub fn variant(&self) -> Option<E> {
        self.variant
    }

    /// The human-readable message, raw (see [`Sanitized`] before showing
    /// it): `message`, else `description`, else `details` (Amazon Ads sends
    /// its text only there).
    #[must_use]
    pub fn message(&self) -> Option<&str> {
        self.message.as_deref().or(self.details.as_deref())
    }

    /// Further detail (X Ads, SP-API; the message itself for Amazon Ads).
    #[must_use]
    pub fn details(&self) -> Option<&str> {
        self.details.as_deref()
    }

    /// The request parameter the error is about (X Ads).
    #[must_use]
    pub fn parameter(&self) -> Option<&str> {
        self.parameter.as_deref()
    }

    /// The offending value (X Ads); non-string JSON values as JSON text.
    #[must_use]
    pub fn value(&self) -> Option<&str> {
        self.value.as_deref()
    }
}

impl<E: ApiErrorCode + serde::Serialize> serde::Serialize for ErrorItem<E> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut s = serializer.serialize_struct("ErrorItem", 7)?;
        s.serialize_field("code", &self.code)?;
        s.serialize_field("raw_code", &self.raw_code)?;
        s.serialize_field("variant", &self.variant.map(|v| v.variant_name()))?;
        s.serialize_field("message", &self.message)?;
        s.serialize_field("details", &self.details)?;
        s.serialize_field("parameter", &self.parameter)?;
        s.serialize_field("value", &self.value)?;
        s.end()
    }
}

/// The bare code inside a qualified one: after the last `#`, before the
/// first `:` (`ns#QuotaExceeded:http://x` -> `QuotaExceeded`); `None` when
/// nothing is stripped or nothing is left.
fn bare_code(code: &str) -> Option<&str> {
    let after_namespace = code.rsplit_once('#').map_or(code, |(_, rest)| rest);
    let bare = after_namespace
        .split_once(':')
        .map_or(after_namespace, |(head, _)| head);
    (!bare.is_empty() && bare.len() < code.len()).then_some(bare)
}

/// Rate-limit information from response headers.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct RateLimit {
    limit: Option<u64>,
    remaining: Option<u64>,
    reset: Option<SystemTime>,
    requests_per_second: Option<f64>,
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

/// Response headers, as whatever a client gives: a slice or `Vec` of
/// `(name, value)` pairs, an array of them, or (with the `http` feature)
/// an `http::HeaderMap`. Names are matched ASCII case-insensitively. For no
/// headers at all, pass `&()` (an empty `&[]` leaves the pair type unknown).
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

/// The headers an error response is read for. The first valid value of
/// each wins; later repeats are ignored.
#[derive(Default)]
struct HeaderFacts {
    retry_after: Option<RetryAfter>,
    request_id: Option<String>,
    rate_limit: RateLimit,
}

/// Request-id headers, most specific first.
const REQUEST_ID_HEADERS: &[&str] = &[
    "x-amzn-requestid",
    "x-amzn-request-id",
    "x-amz-request-id",
    "x-request-id",
    "x-transaction-id",
];

impl HeaderFacts {
    fn read(headers: &(impl HeaderSource + ?Sized)) -> HeaderFacts {
        let mut facts = HeaderFacts::default();
        let mut request_id_rank = usize::MAX;
        headers.visit_headers(&mut |name, value| {
            if value.len() > MAX_HEADER_VALUE_BYTES {
                return;
            }
            let value = value.trim();
            let is = |expected: &str| name.eq_ignore_ascii_case(expected);
            if is("retry-after") {
                if facts.retry_after.is_none() {
                    facts.retry_after = RetryAfter::parse(value);
                }
            } else if is("x-rate-limit-limit") {
                facts.rate_limit.limit = facts.rate_limit.limit.or(value.parse().ok());
            } else if is("x-rate-limit-remaining") {
                facts.rate_limit.remaining = facts.rate_limit.remaining.or(value.parse().ok());
            } else if is("x-rate-limit-reset") {
                facts.rate_limit.reset = facts.rate_limit.reset.or(epoch_seconds(value));
            } else if is("x-amzn-ratelimit-limit") {
                facts.rate_limit.requests_per_second =
                    facts.rate_limit.requests_per_second.or(value
                        .parse::<f64>()
                        .ok()
                        .filter(|r| r.is_finite() && *r >= 0.0));
            } else if let Some(rank) = REQUEST_ID_HEADERS.iter().position(|h| is(h)) {
                if rank < request_id_rank && !value.is_empty() {
                    request_id_rank = rank;
                    facts.request_id = Some(value.to_owned());
                }
            }
        });
        facts
    }
}

/// Epoch seconds as a time; `None` for anything else, or beyond year 9999.
fn epoch_seconds(value: &str) -> Option<SystemTime> {
    const MAX_EPOCH_SECONDS: u64 = 253_402_300_799; // 9999-12-31T23:59:59Z
    let seconds: u64 = value.parse().ok()?;
    (seconds <= MAX_EPOCH_SECONDS).then(|| UNIX_EPOCH + Duration::from_secs(seconds))
}

/// An HTTP error response of one API, parsed into typed values.
///
/// Built by each API module's `parse` (such as
/// [`x_ads::parse`](crate::x_ads::parse)), or by [`ApiError::parse`] for a
/// catalog of your own.
///
/// ```
/// use api_error_codes::{x_ads, ErrorKind, Code};
/// use api_error_codes::x_ads::XAdsErrorCode;
///
/// let body = br#"{"errors":[{"code":"ACCOUNT_LOCKED_OUT","message":"Account is locked"}],
///                 "request":{"params":{"account_id":"hkk5"}}}"#;
/// let error = x_ads::parse(403, &[("x-rate-limit-remaining", "0")], body);
/// assert_eq!(error.status(), 403);
/// assert_eq!(error.code(), Some(&Code::Known(XAdsErrorCode::AccountLockedOut)));
/// assert_eq!(error.kind(), ErrorKind::PermissionDenied);
/// assert_eq!(error.message(), Some("Account is locked"));
/// assert_eq!(error.request_params(), [("account_id".to_owned(), "hkk5".to_owned())]);
/// assert_eq!(error.rate_limit().remaining(), Some(0));
///
/// // Whatever the body, parsing succeeds; the status decides.
/// let page = x_ads::parse(404, &[("content-type", "text/html")], b"<html><title>Not Found</title></html>");
/// assert_eq!(page.kind(), ErrorKind::NotFound);
/// assert_eq!(page.code(), None);
/// assert_eq!(page.excerpt(), Some("Not Found"));
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct ApiError<E> {
    status: u16,
    variant: Option<E>,
    items: Vec<ErrorItem<E>>,
    // Boxed so that `Result<T, ApiError<E>>` stays small (clippy's
    // `result_large_err` flags anything over 128 bytes in users' code).
    context: Box<Context>,
}

/// What a response says around its error items.
#[derive(Debug, Clone, PartialEq, Default)]
struct Context {
    items_dropped: usize,
    request_id: Option<String>,
    retry_after: Option<RetryAfter>,
    rate_limit: RateLimit,
    docs_url: Option<String>,
    request_params: Vec<(String, String)>,
    billed: Option<bool>,
    excerpt: Option<String>,
}

impl<E: ApiErrorCode> ApiError<E> {
    /// Parses an error response for the catalog `E`. Never fails: see the
    /// [module documentation](self) for what each kind of body gives.
    pub fn parse<H: HeaderSource + ?Sized>(status: u16, headers: &H, body: &[u8]) -> ApiError<E> {
        let facts = HeaderFacts::read(headers);
        // Declared before `raw`, which may borrow the repaired copy.
        let mut scratch = None;
        let mut raw = RawBody::default();
        let is_json = body.len() <= MAX_BODY_BYTES
            && body::read_repaired(body, &mut scratch, |bytes| {
                body::read(bytes, &mut raw).then_some(())
            })
            .is_some();
        let mut error = ApiError {
            status,
            variant: None,
            items: Vec::new(),
            context: Box::new(Context {
                request_id: facts.request_id,
                retry_after: facts.retry_after,
                rate_limit: facts.rate_limit,
                ..Context::default()
            }),
        };
        if is_json {
            error.absorb(raw);
        }
        // A body that is not JSON, or JSON without an error in it, is shown
        // as an excerpt instead.
        if error.items.is_empty() {
            error.context.excerpt = sanitize::body_excerpt(body);
        }
        error.variant = match error.items.first() {
            Some(item) => item.variant,
            // No error object at all (an HTML page, an empty body): the
            // status alone may still single out one variant.
            None => E::classify(status, None, None),
        };
        error
    }

    fn absorb(&mut self, raw: RawBody<'_>) {
        let RawBody {
            items,
            items_dropped,
            top,
            error_object,
            request_id,
            docs_url,
            params,
        } = raw;
        let mut items: Vec<RawItem<'_>> = items;
        if items.is_empty() {
            // Single-error shapes: `{error: {...}}`, then top-level fields.
            if let Some(object) = error_object.filter(|o| !o.is_empty()) {
                items.push(object);
            } else if !top.is_empty() {
                items.push(top);
            }
        }
        // Not `collect`: it would convert in place and then shrink the
        // buffer (a `realloc`), the raw items being larger.
        self.items = Vec::with_capacity(items.len());
        let status = self.status;
        self.items.extend(
            items
                .into_iter()
                .map(|item| ErrorItem::from_raw(status, item)),
        );
        self.context.items_dropped = items_dropped;
        // The body's request id is the one support asks for; prefer it.
        if let Some(id) = request_id.filter(|id| !id.is_empty()) {
            self.context.request_id = Some(id.into_owned());
        }
        self.context.docs_url = docs_url.map(Cow::into_owned);
        self.context.request_params = params
            .into_iter()
            .map(|(k, v)| (k.into_owned(), v.into_owned()))
            .collect();
    }

    /// The HTTP status.
    #[must_use]
    pub fn status(&self) -> u16 {
        self.status
    }

    /// The category: the known code's, else the status's.
    #[must_use]
    pub fn kind(&self) -> ErrorKind {
        self.variant
            .map_or_else(|| ErrorKind::from_status(self.status), |v| v.kind())
    }

    /// The catalog variant that best fits the response (its first error's
    /// code, the status and the message); `None` for an unknown code, or
    /// when nothing in the response singles one out.
    #[must_use]
    pub fn variant(&self) -> Option<E> {
        self.variant
    }

    /// The retry advice: the known code's, else the status's.
    #[must_use]
    pub fn retry_advice(&self) -> RetryAdvice {
        self.variant
            .map_or_else(|| RetryAdvice::from_status(self.status), |v| v.retry())
    }

    /// Whether retrying the same request can succeed, by
    /// [`retry_advice`](Self::retry_advice).
    #[must_use]
    pub fn is_retryable(&self) -> bool {
        self.retry_advice().is_retryable()
    }

    /// Every error item the body had, in order (at most
    /// [`MAX_ITEMS`]).
    #[must_use]
    pub fn errors(&self) -> &[ErrorItem<E>] {
        &self.items
    }

    /// How many error items beyond [`MAX_ITEMS`] the body had and were not
    /// kept.
    #[must_use]
    pub fn errors_dropped(&self) -> usize {
        self.context.items_dropped
    }

    /// The first error item.
    #[must_use]
    pub fn primary(&self) -> Option<&ErrorItem<E>> {
        self.items.first()
    }

    /// The first error's code, known or not (see [`ErrorItem::code`]).
    #[must_use]
    pub fn code(&self) -> Option<&Code<E>> {
        self.primary().and_then(ErrorItem::code)
    }

    /// The first error's message, raw.
    #[must_use]
    pub fn message(&self) -> Option<&str> {
        self.primary().and_then(ErrorItem::message)
    }

    /// The request id (from the body, else from `x-amzn-RequestId` and
    /// similar headers), raw.
    #[must_use]
    pub fn request_id(&self) -> Option<&str> {
        self.context.request_id.as_deref()
    }

    /// How long the server asked to wait (`Retry-After`), measured from now.
    #[must_use]
    pub fn retry_after(&self) -> Option<Duration> {
        self.retry_after_at(SystemTime::now())
    }

    /// How long the server asked to wait, measured from `now`.
    #[must_use]
    pub fn retry_after_at(&self, now: SystemTime) -> Option<Duration> {
        self.context.retry_after.map(|value| value.delay_from(now))
    }

    /// The `Retry-After` header as sent: a delay or a date.
    #[must_use]
    pub fn retry_after_header(&self) -> Option<RetryAfter> {
        self.context.retry_after
    }

    /// Rate-limit headers (X's `x-rate-limit-*`, the SP-API's
    /// `x-amzn-RateLimit-Limit`).
    #[must_use]
    pub fn rate_limit(&self) -> &RateLimit {
        &self.context.rate_limit
    }

    /// A documentation link: the body's `docs_url` (Amazon Scraper), else the
    /// known code's.
    #[must_use]
    pub fn docs_url(&self) -> Option<&str> {
        self.context
            .docs_url
            .as_deref()
            .or_else(|| self.variant.and_then(|v| v.docs_url()))
    }

    /// The request parameters the server echoed (X Ads `request.params`),
    /// non-string values as JSON text.
    #[must_use]
    pub fn request_params(&self) -> &[(String, String)] {
        &self.context.request_params
    }

    /// Whether the call was billed, where the API says: `Some(false)` for
    /// every Amazon Scraper error (non-2xx responses are free).
    #[must_use]
    pub fn billed(&self) -> Option<bool> {
        self.context.billed
    }

    /// A short, sanitized excerpt of a body that held no error in a shape
    /// this crate reads (an HTML page's title, plain text, ...): at most 160
    /// characters, then `...` when cut, taken from the body's first few KiB.
    #[must_use]
    pub fn excerpt(&self) -> Option<&str> {
        self.context.excerpt.as_deref()
    }

    pub(crate) fn set_billed(&mut self, billed: bool) {
        self.context.billed = Some(billed);
    }
}

impl<E: ApiErrorCode> fmt::Display for ApiError<E> {
    /// `HTTP 403 ACCOUNT_LOCKED_OUT: Account is locked (request id abc)`;
    /// server text is sanitized and capped. The text shown is the first
    /// error's message, else its details (the SP-API sends `"message": ""`
    /// with text in `details`), else the excerpt; blank text is left out.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // What sanitizing would turn into spaces at either end only pads
        // the line; text that is nothing else would show as a bare ": ".
        fn visible(text: &str) -> Option<&str> {
            let text =
                text.trim_matches(|c: char| c.is_whitespace() || sanitize::is_unsafe_char(c));
            (!text.is_empty()).then_some(text)
        }
        write!(f, "HTTP {}", self.status)?;
        match self.code() {
            Some(code) => write!(f, " {code}")?,
            None => write!(f, " ({})", self.kind())?,
        }
        let text = self
            .primary()
            .and_then(|item| {
                item.message()
                    .and_then(visible)
                    .or_else(|| item.details().and_then(visible))
            })
            .or(self.context.excerpt.as_deref());
        if let Some(text) = text {
            write!(f, ": {}", Sanitized(text))?;
        }
        if self.items.len() > 1 {
            write!(
                f,
                " (and {} more)",
                self.items.len() - 1 + self.context.items_dropped
            )?;
        }
        if let Some(id) = &self.context.request_id {
            write!(f, " (request id {})", Sanitized(id))?;
        }
        Ok(())
    }
}

impl<E: ApiErrorCode + fmt::Debug> std::error::Error for ApiError<E> {}

impl<E: ApiErrorCode + serde::Serialize> serde::Serialize for ApiError<E> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut s = serializer.serialize_struct("ApiError", 11)?;
        s.serialize_field("status", &self.status)?;
        s.serialize_field("kind", &self.kind())?;
        s.serialize_field("code", &self.code())?;
        s.serialize_field("message", &self.message())?;
        s.serialize_field("errors", &self.items)?;
        s.serialize_field("request_id", &self.context.request_id)?;
        let retry_after_ms = self
            .retry_after()
            .map(|d| u64::try_from(d.as_millis()).unwrap_or(u64::MAX));
        s.serialize_field("retry_after_ms", &retry_after_ms)?;
        s.serialize_field("docs_url", &self.docs_url())?;
        s.serialize_field("request_params", &self.context.request_params)?;
        s.serialize_field("billed", &self.context.billed)?;
        s.serialize_field("excerpt", &self.context.excerpt)?;
        s.end()
    }
}

pub use crate::body::MAX_ITEMS;
