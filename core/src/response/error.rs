//! [`ApiError`]: an HTTP error response of one API, parsed.

use core::fmt;
use std::borrow::Cow;
use std::time::SystemTime;

use serde::ser::SerializeStruct;

use super::body::{self, RawBody, RawItem, MAX_BODY_BYTES, MAX_ITEMS};
use super::excerpt::body_excerpt;
use super::headers::{RateLimit, ResponseHeaders, RetryAfter};
use super::item::ErrorItem;
use super::shape::{self, BodyShape, PathHits};
use super::{Code, HeaderSource, IntoStatus};
use crate::sanitize::{self, Sanitized};
use crate::{ApiErrorCode, ErrorKind, RetryAdvice};

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
    envelope: Box<Envelope>,
}

/// What a response says around its error items: the envelope they came in.
#[derive(Debug, Clone, PartialEq, Default)]
struct Envelope {
    items_dropped: usize,
    request_id: Option<String>,
    retry_after: Option<RetryAfter>,
    rate_limit: RateLimit,
    docs_url: Option<String>,
    request_params: Vec<(String, String)>,
    excerpt: Option<String>,
    stated_status: Option<u16>,
}

impl<E: ApiErrorCode> ApiError<E> {
    /// Parses an error response for the catalog `E`. Never fails: see the
    /// [module documentation](crate::response) for what each kind of body gives.
    ///
    /// The status is a `u16` or, with the `http` feature, an
    /// `http::StatusCode` (reqwest's `StatusCode` is the same type).
    pub fn parse<H: HeaderSource + ?Sized>(
        status: impl IntoStatus,
        headers: &H,
        body: &[u8],
    ) -> ApiError<E> {
        let status = status.into_status();
        let headers = ResponseHeaders::read(headers);
        // Declared before `raw`, which may borrow the repaired copy.
        let mut scratch = None;
        let mut raw = RawBody::default();
        // The bytes read as JSON: the body, or its repaired copy.
        let read = (body.len() <= MAX_BODY_BYTES)
            .then(|| {
                body::read_repaired(body, &mut scratch, |bytes| {
                    body::read(bytes, &mut raw).then_some(bytes)
                })
            })
            .flatten();
        let is_json = read.is_some();
        // Only a catalog with `#[api_error(body(...))]` pays for the second
        // pass: for the others `BODY_SHAPE` is a constant `None`, this is
        // compiled out, and `hits` is a constant `None` too, nothing to
        // fill, move or drop. (Filled inside the closure above, it was not:
        // the closure held it, and every parse moved it into `absorb`, 112
        // bytes, and dropped it.)
        let mut hits: Option<PathHits<'_>> = None;
        if let (Some(bytes), Some(shape)) = (read, E::BODY_SHAPE.as_ref()) {
            shape::read(bytes, shape, false, hits.insert(PathHits::default()));
        }
        let mut error = ApiError {
            status,
            variant: None,
            items: Vec::new(),
            envelope: Box::new(Envelope {
                request_id: headers.request_id,
                retry_after: headers.retry_after,
                rate_limit: headers.rate_limit,
                ..Envelope::default()
            }),
        };
        if is_json {
            error.absorb(raw, hits);
        }
        // A body that is not JSON, or JSON without an error in it, is shown
        // as an excerpt instead.
        if error.items.is_empty() {
            error.envelope.excerpt = body_excerpt(body);
        }
        error.variant = match error.items.first() {
            Some(item) => item.variant(),
            // No error object at all (an HTML page, an empty body): the
            // status alone may still single out one variant.
            None => E::classify(status, None, None),
        };
        error
    }

    /// Judges a whole response: the parsed error when it is a failure,
    /// `None` when it is a success. This is what every
    /// `api_error_for_status` of [`call`](crate::call) decides by.
    ///
    /// A 4xx or 5xx status is a failure, whatever the body. A 2xx is a
    /// success unless the catalog declares a success flag
    /// (`#[api_error(body(success_flag = "ok"))]`, see
    /// [`BodyShape::success_flag`]) and the
    /// body holds `false` there; anything else in its place (`true`, no
    /// flag, a body that is not JSON or is over
    /// [`MAX_BODY_BYTES`]) leaves the success a success. Other statuses
    /// (1xx, 3xx) are not failures.
    ///
    /// ```
    /// use api_error_codes::{ApiError, ApiErrorCode, Code};
    ///
    /// #[derive(Debug, Clone, Copy, PartialEq, Eq, ApiErrorCode)]
    /// #[api_error(body(code = "error", success_flag = "ok"))]
    /// enum Slack {
    ///     /// The token is invalid.
    ///     #[code(200, "invalid_auth", kind = Unauthenticated)]
    ///     InvalidAuth,
    /// }
    ///
    /// let failed = ApiError::<Slack>::for_response(200, &(), br#"{"ok":false,"error":"invalid_auth"}"#);
    /// assert_eq!(failed.unwrap().code(), Some(&Code::Known(Slack::InvalidAuth)));
    /// assert!(ApiError::<Slack>::for_response(200, &(), br#"{"ok":true}"#).is_none());
    /// assert!(ApiError::<Slack>::for_response(503, &(), b"").is_some());
    /// ```
    pub fn for_response<H: HeaderSource + ?Sized>(
        status: impl IntoStatus,
        headers: &H,
        body: &[u8],
    ) -> Option<ApiError<E>> {
        let status = status.into_status();
        if is_error_status(status) {
            return Some(ApiError::parse(status, headers, body));
        }
        success_is_failure::<E>(status, body).then(|| ApiError::parse(status, headers, body))
    }

    fn absorb(&mut self, raw: RawBody<'_>, hits: Option<PathHits<'_>>) {
        let RawBody {
            items,
            mut items_dropped,
            top,
            error_object,
            mut request_id,
            docs_url,
            params,
        } = raw;
        // A problem's `status` member, a number: RFC 9457 §3.1.3.
        self.envelope.stated_status = top
            .stated_status
            .filter(|stated| (100..=599).contains(stated));
        let mut items: Vec<RawItem<'_>> = items;
        if items.is_empty() {
            // Single-error shapes: `{error: {...}}`, then top-level fields.
            // Each item is changed in the list, after the move: changed
            // before it, it would be copied once more on its way there.
            if let Some(object) = error_object.filter(|o| !o.is_empty()) {
                items.push(object);
                items[0].promote_status_code();
            } else if !top.is_empty() {
                items.push(top);
                if items[0].alt_source == body::AltCode::StatusWord {
                    items[0].clear_alt_code();
                }
            }
        }
        // A constant `None` for a catalog without paths: compiled out.
        if let Some(shape) = E::BODY_SHAPE {
            if let Some(hits) = hits {
                apply_paths(
                    &shape,
                    &mut items,
                    &mut items_dropped,
                    &mut request_id,
                    hits,
                );
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
        self.envelope.items_dropped = items_dropped;
        // The body's request id is the one support asks for; prefer it.
        if let Some(id) = request_id.filter(|id| !id.is_empty()) {
            self.envelope.request_id = Some(id.into_owned());
        }
        self.envelope.docs_url = docs_url.map(Cow::into_owned);
        self.envelope.request_params = params
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
    ///
    /// One exception to the status's advice: a `413 Content Too Large` with
    /// `Retry-After` and no known code retries after it. RFC 9110
    /// (section 15.5.14) lets a server say so when the condition is
    /// temporary, and urllib3 retries it; a known code's advice still wins.
    ///
    /// ```
    /// use api_error_codes::x_ads;
    ///
    /// let temporary = x_ads::parse(413, &[("Retry-After", "2")], b"");
    /// assert!(temporary.is_retryable() && temporary.retry_advice().honors_retry_after());
    /// assert!(!x_ads::parse(413, &(), b"").is_retryable());
    /// ```
    #[must_use]
    pub fn retry_advice(&self) -> RetryAdvice {
        match self.variant {
            Some(variant) => variant.retry(),
            None if self.status == 413 && self.envelope.retry_after.is_some() => {
                RetryAdvice::BACKOFF.honoring_retry_after()
            }
            None => RetryAdvice::from_status(self.status),
        }
    }

    /// Whether retrying the same request can succeed, by
    /// [`retry_advice`](Self::retry_advice).
    #[must_use]
    pub fn is_retryable(&self) -> bool {
        self.retry_advice().is_retryable()
    }

    /// Every error item the body had, in order (at most
    /// [`MAX_ITEMS`](super::MAX_ITEMS)).
    #[must_use]
    pub fn errors(&self) -> &[ErrorItem<E>] {
        &self.items
    }

    /// How many error items beyond [`MAX_ITEMS`](super::MAX_ITEMS) the body had and were not
    /// kept.
    #[must_use]
    pub fn errors_dropped(&self) -> usize {
        self.envelope.items_dropped
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
        self.envelope.request_id.as_deref()
    }

    /// The `Retry-After` header as sent: a delay or a date. Measure it with
    /// [`RetryAfter::delay_from`].
    ///
    /// It is one of several waits a response can ask for: to know how long
    /// to wait before a retry, use
    /// [`required_wait`](Self::required_wait), which also weighs the
    /// rate-limit headers and the code's documented minimum delay.
    ///
    /// ```
    /// use api_error_codes::retry::RetryAfter;
    /// use api_error_codes::x_ads;
    /// use std::time::{Duration, SystemTime};
    ///
    /// let busy = x_ads::parse(503, &[("Retry-After", "30")], b"");
    /// assert_eq!(busy.retry_after(), Some(RetryAfter::Delay(Duration::from_secs(30))));
    ///
    /// let later = x_ads::parse(503, &[("Retry-After", "Fri, 31 Dec 9999 23:59:59 GMT")], b"");
    /// let wait = later.retry_after().map(|value| value.delay_from(SystemTime::now()));
    /// assert_eq!(wait, Some(api_error_codes::retry::MAX_RETRY_AFTER)); // clamped to a day
    /// ```
    #[must_use]
    pub fn retry_after(&self) -> Option<RetryAfter> {
        self.envelope.retry_after
    }

    /// Rate-limit headers (X's `x-rate-limit-*`, the SP-API's
    /// `x-amzn-RateLimit-Limit`).
    #[must_use]
    pub fn rate_limit(&self) -> &RateLimit {
        &self.envelope.rate_limit
    }

    /// A documentation link: the body's `docs_url` (Amazon Scraper), else the
    /// known code's.
    #[must_use]
    pub fn docs_url(&self) -> Option<&str> {
        self.envelope
            .docs_url
            .as_deref()
            .or_else(|| self.variant.and_then(|v| v.docs_url()))
    }

    /// The request parameters the server echoed (X Ads `request.params`),
    /// non-string values as JSON text.
    #[must_use]
    pub fn request_params(&self) -> &[(String, String)] {
        &self.envelope.request_params
    }

    /// The status the body itself states (an RFC 9457 problem's `status`
    /// member), when it is one in 100..=599.
    ///
    /// The HTTP [`status`](Self::status) stays the one that decides the
    /// kind and the retry advice; a stated status that differs from it
    /// usually means that an intermediary (a proxy, a cache, a gateway)
    /// changed the status on the way (RFC 9457 §3.1.3), which is worth a log
    /// line.
    ///
    /// ```
    /// use api_error_codes::{ApiError, x_ads::XAdsErrorCode};
    ///
    /// let body = br#"{"type":"about:blank","title":"Service Unavailable","status":503}"#;
    /// let error = ApiError::<XAdsErrorCode>::parse(500, &(), body);
    /// assert_eq!((error.status(), error.stated_status()), (500, Some(503)));
    /// ```
    #[must_use]
    pub fn stated_status(&self) -> Option<u16> {
        self.envelope.stated_status
    }

    /// A short, sanitized excerpt of a body that held no error in a shape
    /// this crate reads (an HTML page's title, plain text, ...): at most 160
    /// characters, then `...` when cut, taken from the body's first few KiB.
    #[must_use]
    pub fn excerpt(&self) -> Option<&str> {
        self.envelope.excerpt.as_deref()
    }
}

/// Whether `status` makes a response an error whatever its body, as
/// reqwest's `error_for_status` judges it: 4xx and 5xx.
pub(crate) const fn is_error_status(status: u16) -> bool {
    matches!(status, 400..=599)
}

/// Whether the catalog `E` declares a success flag and `status` is a 2xx:
/// then, and only then, a success's body has to be read to judge it.
#[must_use]
pub(crate) fn reads_success_body<E: ApiErrorCode>(status: u16) -> bool {
    matches!(status, 200..=299) && E::BODY_SHAPE.is_some_and(|shape| shape.success_flag().is_some())
}

/// Whether a 2xx body says the call failed: its success flag is `false`.
fn success_is_failure<E: ApiErrorCode>(status: u16, body: &[u8]) -> bool {
    let Some(shape) = E::BODY_SHAPE.filter(|_| reads_success_body::<E>(status)) else {
        return false;
    };
    if body.len() > MAX_BODY_BYTES {
        return false;
    }
    let mut scratch = None;
    body::read_repaired(body, &mut scratch, |bytes| {
        let mut hits = PathHits::default();
        shape::read(bytes, &shape, true, &mut hits).then_some(hits.success_flag)
    })
    .flatten()
        == Some(false)
}

/// What a catalog's `body(...)` paths found, put over what the reader of
/// the known shapes found (see [`BodyShape`]).
fn apply_paths<'a>(
    shape: &BodyShape,
    items: &mut Vec<RawItem<'a>>,
    items_dropped: &mut usize,
    request_id: &mut Option<Cow<'a, str>>,
    hits: PathHits<'a>,
) {
    let PathHits {
        code,
        message,
        request_id: path_request_id,
        success_flag: _,
        elements,
        elements_dropped,
    } = hits;
    if path_request_id.is_some() {
        *request_id = path_request_id;
    }
    if let Some(elements) = elements {
        // `errors[].code`: one item per element, in order. The body-level
        // message (a message path without `[]`, else the known shapes'
        // first message) stands for elements without their own.
        let fallback = message.or_else(|| items.first_mut().and_then(RawItem::take_message));
        items.clear();
        items.extend(
            elements
                .into_iter()
                .filter(|element| element.code.is_some() || element.message.is_some())
                .map(|element| RawItem {
                    message: element.message.or_else(|| fallback.clone()),
                    code: element.code,
                    ..RawItem::default()
                }),
        );
        items.truncate(MAX_ITEMS);
        *items_dropped = elements_dropped;
        return;
    }
    if code.is_none() && message.is_none() && items.is_empty() {
        return;
    }
    if items.is_empty() {
        items.push(RawItem::default());
    }
    let first = &mut items[0];
    if let Some(message) = message {
        first.message = Some(message);
    }
    // A declared code path decides the code, found or not: a field of
    // another meaning (Stripe's `error.code` beside `error.type`) is not
    // taken for it.
    if shape.code().is_some() {
        first.code = code;
        first.clear_alt_code();
    }
    if first.is_empty() {
        items.remove(0);
    }
}

impl<E: ApiErrorCode> fmt::Display for ApiError<E> {
    /// `HTTP 403 ACCOUNT_LOCKED_OUT: Account is locked (request id abc)`;
    /// server text is sanitized and capped. The text shown is the first
    /// error's message, else its details (the SP-API sends `"message": ""`
    /// with text in `details`), else the excerpt; blank text is left out.
    /// Details that differ from the message follow it in parentheses: the
    /// SP-API keeps a generic message and puts the reason there.
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
            // A code sent as one of its aliases is shown as sent: the log
            // line should say what the server said.
            Some(code) => match self.primary().and_then(ErrorItem::raw_code) {
                Some(raw) if raw != code.as_str() && E::from_code(raw).is_some() => {
                    write!(f, " {}", Sanitized(raw))?;
                }
                _ => write!(f, " {code}")?,
            },
            None => write!(f, " ({})", self.kind())?,
        }
        let text = self
            .primary()
            .and_then(|item| {
                item.message()
                    .and_then(visible)
                    .or_else(|| item.details().and_then(visible))
            })
            .or(self.envelope.excerpt.as_deref());
        if let Some(text) = text {
            write!(f, ": {}", Sanitized(text))?;
        }
        // A generic message ("Access to requested resource is denied.")
        // whose reason is in `details` (the SP-API's 403s): show both.
        let reason = self.primary().and_then(|item| {
            let details = item.details().and_then(visible)?;
            (text != Some(details)).then_some(details)
        });
        if let Some(reason) = reason {
            write!(f, " ({})", Sanitized(reason))?;
        }
        if self.items.len() > 1 {
            write!(
                f,
                " (and {} more)",
                self.items.len() - 1 + self.envelope.items_dropped
            )?;
        }
        if let Some(id) = &self.envelope.request_id {
            write!(f, " (request id {})", Sanitized(id))?;
        }
        Ok(())
    }
}

impl<E: ApiErrorCode + fmt::Debug> std::error::Error for ApiError<E> {}

impl<E: ApiErrorCode + serde::Serialize> serde::Serialize for ApiError<E> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut s = serializer.serialize_struct("ApiError", 10)?;
        s.serialize_field("status", &self.status)?;
        s.serialize_field("kind", &self.kind())?;
        s.serialize_field("code", &self.code())?;
        s.serialize_field("message", &self.message())?;
        s.serialize_field("errors", &self.items)?;
        s.serialize_field("request_id", &self.envelope.request_id)?;
        let retry_after_ms = self.envelope.retry_after.map(|retry_after| {
            let delay = retry_after.delay_from(SystemTime::now());
            u64::try_from(delay.as_millis()).unwrap_or(u64::MAX)
        });
        s.serialize_field("retry_after_ms", &retry_after_ms)?;
        s.serialize_field("docs_url", &self.docs_url())?;
        s.serialize_field("request_params", &self.envelope.request_params)?;
        s.serialize_field("excerpt", &self.envelope.excerpt)?;
        s.end()
    }
}
