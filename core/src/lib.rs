//! Typed, compile-time checked error codes for web APIs.
//!
//! Every web API has its own error vocabulary: an HTTP status, a code string,
//! advice on when to retry. This crate turns such a table into a Rust enum
//! with `#[derive(ApiErrorCode)]`, checked when you build.
//!
//! ```
//! use api_error_codes::{ApiErrorCode, ErrorKind};
//! use std::time::Duration;
//!
//! /// Errors of the payments API.
//! #[derive(Debug, Clone, Copy, PartialEq, Eq, ApiErrorCode)]
//! pub enum PaymentsError {
//!     /// The account is locked; a person has to act.
//!     #[code(403, "ACCOUNT_LOCKED_OUT")]
//!     AccountLockedOut,
//!     /// Too many requests.
//!     #[code(429, "rate_limited", retry(honor_retry_after))]
//!     RateLimited,
//!     /// An upstream service did not answer in time.
//!     #[code(408, "upstream_timeout", retry(attempts = 3, delay = "2s"))]
//!     UpstreamTimeout,
//! }
//!
//! assert_eq!(PaymentsError::AccountLockedOut.status(), 403);
//! assert_eq!(PaymentsError::from_code("rate_limited"), Some(PaymentsError::RateLimited));
//! assert_eq!(PaymentsError::UpstreamTimeout.kind(), ErrorKind::Timeout);
//! assert_eq!(PaymentsError::UpstreamTimeout.retry().min_delay(), Duration::from_secs(2));
//! assert_eq!(PaymentsError::RateLimited.to_string(), "rate_limited");
//! ```
//!
//! Then, for a catalog of your own or a prebuilt one ([`x_ads`],
//! [`amazon_scraper`], [`amazon_ads`], [`sp_api`]): [`response`] parses any
//! error response into an [`ApiError`]; [`call`] turns a whole failed call,
//! the server's error or a transport failure, into a [`call::CallError`],
//! from reqwest, ureq, hyper or your own client; [`retry`] decides whether
//! and when to send it again, and runs the retries.
//!
//! # The attribute grammar
//!
//! On each variant, exactly one `#[code(STATUS, "CODE", items...)]`:
//!
//! | item | meaning |
//! | --- | --- |
//! | `STATUS` | the documented HTTP status, an integer literal in `100..=599` |
//! | `"CODE"` | the code string as the API sends it: not empty, no whitespace or control characters |
//! | `kind = RateLimited` | the [`ErrorKind`]; default [`ErrorKind::from_status`] |
//! | `retry` | retry with the policy's backoff |
//! | `retry = false` / `retry = true` | never retry / retry with backoff |
//! | `retry(attempts = 3, delay = "2s", honor_retry_after)` | retry, at most 3 attempts in all, at least 2 s apart, waiting out `Retry-After`; every item optional. Durations are whole `ms`, `s`, `m` or `h` |
//! | `message = "phrase"` | tells apart variants that share a status and code, by a phrase of the error message, matched ignoring ASCII case (see [`ApiErrorCode::classify`]) |
//! | `docs_url = "https://..."` | this variant's documentation link, overriding the enum's template; the same placeholders apply |
//!
//! Without `retry`, the advice is [`RetryAdvice::from_status`]. The
//! description is the first paragraph of the variant's `///` comment.
//!
//! On the enum, optionally, `#[api_error(...)]` with:
//!
//! | item | meaning |
//! | --- | --- |
//! | `docs_url = "https://api.example/errors#{code}"` | a link template; `{code}`, `{status}` and `{variant}` are filled in at compile time |
//! | `skip(Display, FromStr, Error, Serialize, Deserialize)` | do not generate these impls (any subset), for enums that implement them elsewhere |
//! | `body(code = "error.type", message = "error.message", request_id = "meta.request_id", success_flag = "ok")` | where the API keeps its fields in a JSON shape of its own (any subset, at least one); see below |
//!
//! A `body(...)` path is object keys joined by `.`, each optionally followed
//! by `[]`, "every element of this array" (one error item per element):
//! `error`, `error.type`, `errors[].extensions.code`, `[].code` for a body
//! that is an array. Keys hold no `.`, `[`, `]`, whitespace or control
//! characters. `code` and `message` may walk one array, the same one;
//! `request_id` and `success_flag` none; no path may lead to or into
//! another's value. A path that is found wins over the shapes read without
//! configuration (see [`response`]); a `code` path that
//! leads nowhere gives no code. `success_flag` names a boolean that is
//! `false` when the call failed whatever its status: see
//! [`ApiError::for_response`] and [`call`](crate::call#successes-that-are-errors).
//! The paths become [`ApiErrorCode::BODY_SHAPE`].
//!
//! Besides [`ApiErrorCode`], the derive implements `Display` (the code),
//! `FromStr` (failing with [`UnknownCode`]), `std::error::Error`, and serde's
//! `Serialize` and `Deserialize` as the code string. The enum must be
//! `Copy` (the trait requires it, with `Send + Sync + 'static`, which a
//! field-less enum always is) and `Debug` (for `std::error::Error`).
//!
//! Mistakes are compile errors pointing at the offending token, all of them
//! in one build: a duplicate status, code and message (phrases compared
//! ignoring case), a phrase that an earlier variant's phrase already
//! matches (so `classify` could never pick it), a status out of range, an
//! empty code or one with whitespace or control characters, a bad duration,
//! `attempts = 0`, an unknown `kind`, unknown or repeated keys, a variant
//! with fields or without `#[code]`, an empty or malformed `body(...)`
//! path, and `#[code]` or `#[api_error]` in the wrong place. Generic enums are rejected: a catalog of documented codes is
//! one concrete type.

#![deny(missing_docs)]
#![forbid(unsafe_code)]
#![cfg_attr(docsrs, feature(doc_cfg))]

// Lets this crate's own catalogs use the derive, whose output names
// `::api_error_codes::...`.
extern crate self as api_error_codes;

mod advice;
mod apis;
mod code;
mod kind;
mod text;

pub mod call;
pub mod catalog;
pub mod response;
pub mod retry;
pub mod sanitize;

#[doc(hidden)]
#[path = "private.rs"]
pub mod __private;

pub use crate::apis::login_with_amazon;
pub use crate::apis::{amazon_ads, amazon_scraper, sp_api, x_ads};

pub use crate::advice::RetryAdvice;
pub use crate::code::{ApiErrorCode, UnknownCode};
pub use crate::kind::ErrorKind;
pub use crate::response::{ApiError, Code, ErrorItem, HeaderSource, RateLimit, RawCode};
pub use crate::sanitize::Sanitized;
pub use crate::text::PHRASE_SCAN_LIMIT;

// The README's examples are compiled and run as doc tests.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;

/// Derives [`ApiErrorCode`] (and `Display`, `FromStr`, `Error`, serde) for an
/// enum of error codes. See the [crate documentation](crate) for the grammar.
pub use api_error_codes_macros::ApiErrorCode;
