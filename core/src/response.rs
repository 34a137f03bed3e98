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
//! # Which shapes are read
//!
//! Without configuration, the reader knows the shapes of the supported APIs
//! and the common standards. Where a body matches more than one, the first
//! of these that holds an error wins:
//!
//! 1. an `errors` array, or a body that is an array: one item per element
//!    (X Ads, SP-API, GraphQL). An element's code is its `code`, else
//!    GraphQL's `extensions.code`, else its RFC 9457 problem `type`;
//! 2. an `error` object (`{"error": {"code", "message"}}`); in Google's
//!    shape `{"error": {"code": 400, "status": "INVALID_ARGUMENT"}}` a word
//!    in `status` is the code, the number in `code` only repeating the
//!    HTTP status;
//! 3. top-level fields: `code`, or `error` as text (Amazon Scraper,
//!    OAuth), else an RFC 9457 problem's `type` (`about:blank`, the
//!    default type, is no code).
//!
//! An item's message is its `message`, `errorMessage`, `description`
//! (OAuth's `error_description`), `detail`, then `title`: a problem's
//! `detail` explains this occurrence, its `title` only the type. A
//! problem's `status` member is kept as [`ApiError::stated_status`]; the
//! HTTP status stays the one that decides. A catalog's
//! `#[api_error(body(...))]` paths ([`BodyShape`]) come before all of
//! these for the fields they name and find.
//!
//! # Hostile input
//!
//! Nothing a server sends can make parsing panic, loop without bound or
//! allocate without bound. What each kind of odd input gives (every row is
//! a named test in `tests/suite/parse_hostile.rs`, and the fuzz target
//! `parse` checks the invariants on arbitrary input):
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
//! | a `body(...)` path that leads to an object, an array, `null` or nowhere | no value for that field (no code, for a code path); a number or boolean there is kept as its text |
//! | a `body(...)` path through a huge array | at most [`MAX_ITEMS`] elements read as items, the rest counted and skipped |
//! | namespaced code `ns#QuotaExceeded:http://...` | read by its bare name when that is a known code; the string as sent in [`ErrorItem::raw_code`] |
//! | unknown code | kept as [`Code::Unknown`]; kind and retry advice from the status |
//! | status outside 100..=599 | kept as is; kind [`ErrorKind::Other`] unless a known code says more |
//! | header value over [`MAX_HEADER_VALUE_BYTES`] | ignored |
//! | repeated or contradictory headers | the first valid value wins; `x-amzn-RequestId` outranks generic request-id headers |
//! | `Retry-After` negative, fractional, garbage | ignored |
//! | `Retry-After` huge, or a date far in the future | clamped to [`MAX_RETRY_AFTER`](crate::retry::MAX_RETRY_AFTER) (a retry policy stops rather than wait past its own maximum) |
//! | `Retry-After` date in the past | zero: retry now |
//! | `x-rate-limit-reset` or `x-account-rate-limit-reset` past year 9999, `x-amzn-RateLimit-Limit` negative, infinite or NaN | ignored |
//! | control characters, ANSI escapes, CR/LF, bidi overrides in server text | kept raw in accessors ([`ErrorItem::message`], ...); neutralized, and length-capped on a character boundary, wherever the crate displays them ([`Sanitized`]) |
//! | credentials in headers (`Authorization`, cookies, tokens) | never stored: only the headers named above are read |
//!
//! [`ErrorKind::Other`]: crate::ErrorKind::Other
//! [`Sanitized`]: crate::Sanitized

mod body;
mod code;
mod error;
mod excerpt;
pub(crate) mod headers;
mod item;
mod shape;

pub use self::body::{MAX_BODY_BYTES, MAX_ITEMS};
pub use self::code::{Code, RawCode};
#[cfg(feature = "http")]
pub(crate) use self::error::is_error_status;
#[cfg(any(feature = "reqwest", feature = "ureq", feature = "tower"))]
pub(crate) use self::error::reads_success_body;
pub use self::error::ApiError;
pub use self::headers::{HeaderSource, IntoStatus, RateLimit, MAX_HEADER_VALUE_BYTES};
pub use self::item::ErrorItem;
pub use self::shape::{BodyShape, PathStep};

pub(crate) use self::body::{read_repaired, RawItem};
pub(crate) use self::item::repeats_status;
