//! [`CallError`]: every way one HTTP call can fail, in one type.

use core::fmt;

use super::{TransportError, TransportFailure, TransportKind};
use crate::{ApiError, ApiErrorCode, ErrorKind};

/// A failed call: the server answered with an error, or the request never
/// got a whole answer.
///
/// `E` is the API's catalog, `C` the HTTP client's error type. `?` turns
/// either into a `CallError`: an [`ApiError`], or a client error that
/// implements [`TransportFailure`] (`std::io::Error`, and `reqwest::Error`
/// or `ureq::Error` with their features).
///
/// ```
/// use api_error_codes::call::{CallError, TransportKind};
/// use api_error_codes::retry::{Idempotency, RetryPolicy};
/// use api_error_codes::x_ads::{self, XAdsErrorCode};
/// use std::io;
///
/// fn fetch(fail_connect: bool) -> Result<&'static str, CallError<XAdsErrorCode, io::Error>> {
///     if fail_connect {
///         Err(io::Error::from(io::ErrorKind::ConnectionRefused))?;
///     }
///     Err(x_ads::parse(503, &(), br#"{"errors":[{"code":"OVER_CAPACITY"}]}"#))?
/// }
///
/// let refused = fetch(true).unwrap_err();
/// assert_eq!(refused.transport().map(|t| t.kind()), Some(TransportKind::Connect));
/// // A refused connect never reached the server: safe to retry even a POST.
/// assert!(RetryPolicy::default().for_method("POST").may_retry(&refused));
///
/// let busy = fetch(false).unwrap_err();
/// assert_eq!(busy.api_error().and_then(|e| e.variant()), Some(XAdsErrorCode::OverCapacity));
/// assert!(!RetryPolicy::default().for_method("POST").may_retry(&busy));
/// ```
#[derive(Debug, Clone, PartialEq)]
pub enum CallError<E, C> {
    /// The server answered with an error status.
    Api(ApiError<E>),
    /// The request never got a whole answer.
    Transport(TransportError<C>),
}

impl<E: ApiErrorCode, C> CallError<E, C> {
    /// A transport failure of `kind`.
    pub const fn transport_failure(kind: TransportKind, error: C) -> CallError<E, C> {
        CallError::Transport(TransportError::new(kind, error))
    }

    /// The server's error, when it answered.
    #[must_use]
    pub const fn api_error(&self) -> Option<&ApiError<E>> {
        match self {
            CallError::Api(error) => Some(error),
            CallError::Transport(_) => None,
        }
    }

    /// The transport failure, when the server did not answer.
    #[must_use]
    pub const fn transport(&self) -> Option<&TransportError<C>> {
        match self {
            CallError::Api(_) => None,
            CallError::Transport(failure) => Some(failure),
        }
    }

    /// The server's error, owned; `Err(self)` for a transport failure.
    ///
    /// # Errors
    ///
    /// `self`, when it is a transport failure.
    pub fn into_api_error(self) -> Result<ApiError<E>, Self> {
        match self {
            CallError::Api(error) => Ok(error),
            transport @ CallError::Transport(_) => Err(transport),
        }
    }

    /// The HTTP status, when the server answered.
    #[must_use]
    pub fn status(&self) -> Option<u16> {
        self.api_error().map(ApiError::status)
    }

    /// The catalog variant, when the server answered with a known code.
    #[must_use]
    pub fn variant(&self) -> Option<E> {
        self.api_error().and_then(ApiError::variant)
    }

    /// The category: the API error's, else [`ErrorKind::Timeout`] for a
    /// timeout, [`ErrorKind::Unavailable`] for a failed connect, a closed
    /// connection or an unreadable body, [`ErrorKind::Other`] otherwise.
    #[must_use]
    pub fn kind(&self) -> ErrorKind {
        match self {
            CallError::Api(error) => error.kind(),
            CallError::Transport(failure) => match failure.kind() {
                TransportKind::Timeout => ErrorKind::Timeout,
                TransportKind::Connect | TransportKind::Closed | TransportKind::Body => {
                    ErrorKind::Unavailable
                }
                TransportKind::Other => ErrorKind::Other,
            },
        }
    }

    /// The request id the server gave, when it answered.
    #[must_use]
    pub fn request_id(&self) -> Option<&str> {
        self.api_error().and_then(ApiError::request_id)
    }
}

impl<E, C> From<ApiError<E>> for CallError<E, C> {
    fn from(error: ApiError<E>) -> CallError<E, C> {
        CallError::Api(error)
    }
}

impl<E, C> From<TransportError<C>> for CallError<E, C> {
    fn from(failure: TransportError<C>) -> CallError<E, C> {
        CallError::Transport(failure)
    }
}

impl<E: ApiErrorCode, C: TransportFailure> From<C> for CallError<E, C> {
    /// Classifies a client error. One that only reports an error status
    /// ([`TransportFailure::http_status`]) becomes the API's error for that
    /// status, judged as a response without a body would be.
    fn from(error: C) -> CallError<E, C> {
        match error.http_status() {
            Some(status) => CallError::Api(ApiError::parse(status, &(), b"")),
            None => CallError::Transport(TransportError::from(error)),
        }
    }
}

impl<E: ApiErrorCode, C: fmt::Display> fmt::Display for CallError<E, C> {
    /// The API error's display, or `connect failed: <the client's error>`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CallError::Api(error) => error.fmt(f),
            CallError::Transport(failure) => failure.fmt(f),
        }
    }
}

impl<E, C> std::error::Error for CallError<E, C>
where
    E: ApiErrorCode + fmt::Debug,
    C: std::error::Error + 'static,
{
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            CallError::Api(error) => Some(error),
            CallError::Transport(failure) => Some(failure.error()),
        }
    }
}
