//! Transport failures: the request never got a whole answer. What kind of
//! failure it was decides whether sending it again is safe.

use core::fmt;
use std::io;

/// How a request failed without a whole answer from the server.
///
/// The kind says how far the request got, which is what decides a retry:
///
/// | kind | reached the server? | retried |
/// | --- | --- | --- |
/// | [`Connect`](Self::Connect) | no: no connection was made | for any method |
/// | [`Timeout`](Self::Timeout) | maybe | only when idempotent |
/// | [`Closed`](Self::Closed) | maybe | only when idempotent |
/// | [`Body`](Self::Body) | yes: an answer had begun | only when idempotent |
/// | [`Other`](Self::Other) | unknown | never |
///
/// ```
/// use api_error_codes::call::TransportKind;
///
/// assert!(!TransportKind::Connect.may_have_reached_server());
/// assert!(TransportKind::Timeout.may_have_reached_server());
/// assert_eq!(TransportKind::Closed.to_string(), "connection closed");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum TransportKind {
    /// No connection was made: refused, unreachable, the name did not
    /// resolve, the connect timed out. The server never saw the request.
    Connect,
    /// The request was sent, or being sent, when the time ran out. The
    /// server may have acted on it.
    Timeout,
    /// The connection was reset or closed before the response was complete.
    /// The server may have acted on the request.
    Closed,
    /// The response began but its body could not be read: cut short, badly
    /// encoded, or failed to decode.
    Body,
    /// Anything else: a bad URL, a redirect loop, a TLS failure, an error
    /// this crate cannot place. Retrying the same request cannot be assumed
    /// to help.
    Other,
}

impl TransportKind {
    /// Whether the request may have reached the server, and so may have
    /// been acted on. Only a failed connect is known not to have.
    #[must_use]
    pub const fn may_have_reached_server(self) -> bool {
        !matches!(self, TransportKind::Connect)
    }

    /// A short name, stable across releases: `connect`, `timeout`,
    /// `closed`, `body`, `other`.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            TransportKind::Connect => "connect",
            TransportKind::Timeout => "timeout",
            TransportKind::Closed => "closed",
            TransportKind::Body => "body",
            TransportKind::Other => "other",
        }
    }

    /// The kind of an I/O error, by its [`io::ErrorKind`].
    ///
    /// `WouldBlock` counts as a timeout: it is what a socket read or write
    /// timeout reports on Unix.
    #[must_use]
    pub fn of_io(error: &io::Error) -> TransportKind {
        match error.kind() {
            io::ErrorKind::ConnectionRefused
            | io::ErrorKind::AddrNotAvailable
            | io::ErrorKind::AddrInUse => TransportKind::Connect,
            io::ErrorKind::TimedOut | io::ErrorKind::WouldBlock => TransportKind::Timeout,
            io::ErrorKind::ConnectionReset
            | io::ErrorKind::ConnectionAborted
            | io::ErrorKind::BrokenPipe
            | io::ErrorKind::NotConnected
            | io::ErrorKind::UnexpectedEof
            | io::ErrorKind::WriteZero => TransportKind::Closed,
            io::ErrorKind::InvalidData => TransportKind::Body,
            _ => TransportKind::Other,
        }
    }
}

/// The most errors followed down a `source()` chain: chains are short, and
/// a cycle must not loop.
const MAX_SOURCE_DEPTH: usize = 16;

impl TransportKind {
    /// The kind of the first [`io::Error`] in `error`'s chain of sources,
    /// `error` itself included; `None` when there is none. Clients that
    /// wrap I/O errors (hyper, most others) can be classified with it.
    ///
    /// ```
    /// use api_error_codes::call::TransportKind;
    /// use std::{error::Error, fmt, io};
    ///
    /// #[derive(Debug)]
    /// struct Wrapped(io::Error);
    /// impl fmt::Display for Wrapped {
    ///     fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result { f.write_str("send failed") }
    /// }
    /// impl Error for Wrapped {
    ///     fn source(&self) -> Option<&(dyn Error + 'static)> { Some(&self.0) }
    /// }
    ///
    /// let reset = Wrapped(io::Error::from(io::ErrorKind::ConnectionReset));
    /// assert_eq!(TransportKind::of_source_chain(&reset), Some(TransportKind::Closed));
    /// ```
    #[must_use]
    pub fn of_source_chain(error: &(dyn std::error::Error + 'static)) -> Option<TransportKind> {
        let mut current = Some(error);
        for _ in 0..MAX_SOURCE_DEPTH {
            let error = current?;
            if let Some(io) = error.downcast_ref::<io::Error>() {
                return Some(TransportKind::of_io(io));
            }
            current = error.source();
        }
        None
    }
}

impl fmt::Display for TransportKind {
    /// `connect failed`, `timed out`, `connection closed`, `body unreadable`,
    /// `transport failure`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(match self {
            TransportKind::Connect => "connect failed",
            TransportKind::Timeout => "timed out",
            TransportKind::Closed => "connection closed",
            TransportKind::Body => "body unreadable",
            TransportKind::Other => "transport failure",
        })
    }
}

/// An HTTP client's error, classified: what [`CallError`](super::CallError)
/// needs to judge it.
///
/// Built in for [`std::io::Error`], `reqwest::Error` (feature `reqwest`)
/// and `ureq::Error` (feature `ureq`). For another client, a few lines:
///
/// ```
/// use api_error_codes::call::{CallError, TransportFailure, TransportKind};
/// use api_error_codes::x_ads::XAdsErrorCode;
///
/// /// The error of an in-house client.
/// #[derive(Debug)]
/// enum ClientError {
///     Dns(String),
///     Deadline,
///     Rejected(u16),
/// }
///
/// impl TransportFailure for ClientError {
///     fn transport_kind(&self) -> TransportKind {
///         match self {
///             ClientError::Dns(_) => TransportKind::Connect,
///             ClientError::Deadline => TransportKind::Timeout,
///             ClientError::Rejected(_) => TransportKind::Other,
///         }
///     }
///
///     // A client that turns error statuses into errors of its own: the
///     // status is kept, and judged as the API's error would be.
///     fn http_status(&self) -> Option<u16> {
///         match self {
///             ClientError::Rejected(status) => Some(*status),
///             _ => None,
///         }
///     }
/// }
///
/// let dns: CallError<XAdsErrorCode, ClientError> = ClientError::Dns("api.x.com".into()).into();
/// assert_eq!(dns.transport().map(|failure| failure.kind()), Some(TransportKind::Connect));
///
/// let busy: CallError<XAdsErrorCode, ClientError> = ClientError::Rejected(503).into();
/// assert_eq!(busy.status(), Some(503));
/// ```
pub trait TransportFailure {
    /// How far the request got.
    fn transport_kind(&self) -> TransportKind;

    /// The HTTP status, when the client reports an error status as an error
    /// of its own (reqwest's `error_for_status`, ureq's default): the call
    /// then becomes the API's error for that status, without a body.
    fn http_status(&self) -> Option<u16> {
        None
    }
}

impl TransportFailure for io::Error {
    fn transport_kind(&self) -> TransportKind {
        TransportKind::of_io(self)
    }
}

/// The boxed error of tower stacks (`tower::BoxError`) and of many clients:
/// a reqwest error inside (feature `reqwest`) is classified as reqwest's,
/// anything else by the first I/O error in its chain of sources, else as
/// [`Other`](TransportKind::Other).
impl TransportFailure for Box<dyn std::error::Error + Send + Sync> {
    fn transport_kind(&self) -> TransportKind {
        #[cfg(feature = "reqwest")]
        if let Some(error) = self.downcast_ref::<reqwest::Error>() {
            return error.transport_kind();
        }
        TransportKind::of_source_chain(&**self).unwrap_or(TransportKind::Other)
    }

    fn http_status(&self) -> Option<u16> {
        #[cfg(feature = "reqwest")]
        if let Some(error) = self.downcast_ref::<reqwest::Error>() {
            return error.http_status();
        }
        None
    }
}

/// A client's error with its [`TransportKind`].
///
/// ```
/// use api_error_codes::call::{TransportError, TransportKind};
/// use std::io;
///
/// let refused = TransportError::from(io::Error::from(io::ErrorKind::ConnectionRefused));
/// assert_eq!(refused.kind(), TransportKind::Connect);
/// assert!(refused.to_string().starts_with("connect failed: "));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TransportError<C> {
    kind: TransportKind,
    error: C,
}

impl<C> TransportError<C> {
    /// `error`, classified as `kind` (to override a classification, or for
    /// a client without [`TransportFailure`]).
    pub const fn new(kind: TransportKind, error: C) -> TransportError<C> {
        TransportError { kind, error }
    }

    /// How far the request got.
    #[must_use]
    pub const fn kind(&self) -> TransportKind {
        self.kind
    }

    /// The client's error.
    #[must_use]
    pub const fn error(&self) -> &C {
        &self.error
    }

    /// The client's error, owned.
    #[must_use]
    pub fn into_inner(self) -> C {
        self.error
    }
}

impl<C: TransportFailure> From<C> for TransportError<C> {
    fn from(error: C) -> TransportError<C> {
        TransportError::new(error.transport_kind(), error)
    }
}

impl<C: fmt::Display> fmt::Display for TransportError<C> {
    /// `timed out: operation timed out`. The client's text is its own, not
    /// the server's, and is shown as is.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.kind, self.error)
    }
}

impl<C: std::error::Error + 'static> std::error::Error for TransportError<C> {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&self.error)
    }
}
