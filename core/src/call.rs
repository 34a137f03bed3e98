//! Whole calls: an HTTP call fails because the server answered with an
//! error, or because the request never got a whole answer. [`CallError`]
//! holds either, classified, and the retry policy judges both.
//!
//! # Transport failures, and when they are retried
//!
//! A client's error is classified by how far the request got
//! ([`TransportKind`]), because that decides whether sending it again is
//! safe:
//!
//! - **A failed connect** (refused, unreachable, unresolved, connect
//!   timeout) never reached the server. It is retried for any method, a
//!   `POST` included: nothing happened yet.
//! - **A timeout, a reset or early close, an unreadable body** may come
//!   after the server acted on the request. They are retried only when the
//!   request is idempotent ([`Idempotency`](crate::retry::Idempotency)):
//!   a `GET` again is harmless, a `POST` again may charge twice.
//! - **Anything else** (a bad URL, a redirect loop, a TLS failure) stops:
//!   the same request would fail the same way.
//!
//! Retries of transport failures wait the policy's jittered backoff, within
//! its attempt limit and time limit, as any other retry.
//!
//! Classification is built in for [`std::io::Error`], `reqwest::Error`
//! (feature `reqwest`) and `ureq::Error` (feature `ureq`); another client's
//! error takes a few lines ([`TransportFailure`]).
//!
//! # From a response to a typed error
//!
//! [`ResponseExt::api_error_for_status`] is `error_for_status` for an API
//! of this crate: a success is handed back untouched (no body read, no
//! allocation); a 4xx or 5xx becomes [the API's error][error], its
//! headers kept and its body read up to
//! [`MAX_BODY_BYTES`](crate::response::MAX_BODY_BYTES), never further: a
//! larger body is cut, and judged by its status as the parser judges any
//! body over the cap. The value is the one the API module's `parse` gives
//! for the same response. A body that fails half-way keeps what arrived.
//! The read is bounded in bytes and in chunks; bound it in time with the
//! client's own timeout.
//!
//! ## Successes that are errors
//!
//! Some APIs answer a failed call with a 2xx and say so in the body
//! (Slack: `200 {"ok": false, "error": "invalid_auth"}`). A catalog
//! declares it with `#[api_error(body(success_flag = "ok"))]`, and the
//! check follows [`ApiError::for_response`]: a 4xx or 5xx is a failure
//! whatever the body; a 2xx is read (at most
//! [`MAX_BODY_BYTES`](crate::response::MAX_BODY_BYTES) of it) and is a
//! failure only when the flag is `false` (the error then keeps the status,
//! 200); `true`, no flag, a body that is not JSON or is longer than the cap
//! leave it a success. 1xx and 3xx are never read. A success is handed
//! back as it came, rebuilt around the bytes read: a `reqwest::Response`
//! keeps its status, version, headers, extensions and URL, and its body
//! gives the bytes read and then the rest of the stream (a long success is
//! not cut); ureq's body keeps its MIME type and charset; the tower layer
//! ([`Classify`](self::tower::Classify)) keeps the response's parts and
//! gives a [`SuccessBody`](self::tower::SuccessBody) that replays the
//! bytes read, then the rest. For catalogs without a flag nothing changes:
//! a success is never read.
//!
//! The retry adapters (the tower layer, the reqwest middleware) judge the
//! same way: a `false` flag is a failure their policy decides on as on any
//! other, by its code's advice.
//!
//! [`ResponseExt`] on `http::Response<B>` is the exception: it hands back
//! the response's own type, and a body of an arbitrary type `B` cannot be
//! rebuilt once read, so it judges the status alone, for every catalog.
//! With such a client and a flag-declaring catalog, wrap the service in
//! [`Classify`](self::tower::Classify) (feature `tower`), or collect the
//! body and call [`ApiError::for_response`] on the bytes.
//!
//! It is implemented for `reqwest::Response` (feature `reqwest`) and for
//! `http::Response<B>` with an `http_body::Body` (feature `http`: hyper,
//! axum and tower clients); [`BlockingResponseExt`] does the same for ureq
//! (feature `ureq`).
//!
//! [error]: crate::ApiError

pub(crate) mod attempt;
pub mod backon;
#[cfg(feature = "http")]
mod capped;
mod error;
pub(crate) mod failure;
#[cfg(any(feature = "tower", feature = "reqwest-middleware"))]
mod fleet;
#[cfg(feature = "http")]
mod http_body;
#[cfg(feature = "reqwest-middleware")]
#[cfg_attr(docsrs, doc(cfg(feature = "reqwest-middleware")))]
pub mod middleware;
#[cfg(any(feature = "reqwest", feature = "tower"))]
mod replay;
#[cfg(feature = "reqwest")]
mod reqwest;
mod serialize;
#[cfg(feature = "tower")]
#[cfg_attr(docsrs, doc(cfg(feature = "tower")))]
pub mod tower;
#[cfg(feature = "tracing")]
#[cfg_attr(docsrs, doc(cfg(feature = "tracing")))]
pub mod tracing;
mod transport;
#[cfg(feature = "ureq")]
mod ureq;

pub use self::attempt::FailedAttempt;
pub use self::error::CallError;
pub use self::failure::Failure;
#[cfg(any(feature = "tower", feature = "reqwest-middleware"))]
#[cfg_attr(
    docsrs,
    doc(cfg(any(feature = "tower", feature = "reqwest-middleware")))
)]
pub use self::fleet::Operation;
pub use self::transport::{TransportError, TransportFailure, TransportKind};
#[cfg(feature = "ureq")]
#[cfg_attr(docsrs, doc(cfg(feature = "ureq")))]
pub use self::ureq::BlockingResponseExt;

#[cfg(feature = "http")]
use crate::{ApiError, ApiErrorCode};

/// `error_for_status` for an API of this crate, on an async client's
/// response: see the [module documentation](self#from-a-response-to-a-typed-error).
///
/// ```no_run
/// # #[cfg(feature = "reqwest")]
/// # async fn orders(client: &reqwest::Client) -> Result<String, api_error_codes::call::CallError<api_error_codes::sp_api::SpApiErrorCode, reqwest::Error>> {
/// use api_error_codes::call::ResponseExt;
///
/// let response = client
///     .get("http://127.0.0.1:8080/orders/v0/orders")
///     .send()
///     .await?
///     .api_error_for_status()
///     .await?;
/// Ok(response.text().await?)
/// # }
/// ```
#[cfg(feature = "http")]
#[cfg_attr(docsrs, doc(cfg(feature = "http")))]
pub trait ResponseExt: Sized + Send {
    /// `Ok(self)` untouched for a status below 400; otherwise the API's
    /// error, its body read up to
    /// [`MAX_BODY_BYTES`](crate::response::MAX_BODY_BYTES) and no further.
    /// For a catalog with a success flag, a `reqwest::Response` with a 2xx
    /// is judged by its body too, as [`ApiError::for_response`] does (see
    /// [successes that are errors](self#successes-that-are-errors)); an
    /// `http::Response<B>` is judged by its status alone.
    ///
    /// # Errors
    ///
    /// The parsed [`ApiError`] for a 4xx or 5xx status, or (reqwest) for a
    /// 2xx whose success flag is `false`.
    fn api_error_for_status<E: ApiErrorCode>(
        self,
    ) -> impl std::future::Future<Output = Result<Self, ApiError<E>>> + Send;
}
