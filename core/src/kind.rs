//! [`ErrorKind`]: the category every API's codes share.

use core::fmt;

/// What went wrong, in terms every API shares.
///
/// Each code of each catalog belongs to one kind. By default the kind follows
/// from the documented HTTP status ([`ErrorKind::from_status`]); a variant can
/// override it with `#[code(STATUS, "CODE", kind = RateLimited)]` when the API
/// uses a status loosely (X Ads answers some "not found" cases with 403, the
/// Amazon Scraper API reports a blocked upstream as 422).
///
/// ```
/// use api_error_codes::ErrorKind;
///
/// assert_eq!(ErrorKind::from_status(429), ErrorKind::RateLimited);
/// assert_eq!(ErrorKind::from_status(504), ErrorKind::Timeout);
/// assert!(ErrorKind::Unavailable.is_transient());
/// assert!(!ErrorKind::PermissionDenied.is_transient());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum ErrorKind {
    /// The request itself is wrong: a bad parameter, body, header or media
    /// type. Sending it again unchanged gives the same answer.
    InvalidRequest,
    /// The caller is not authenticated: credentials missing, malformed,
    /// expired or revoked.
    Unauthenticated,
    /// The caller is known but not allowed to do this.
    PermissionDenied,
    /// The resource or route does not exist, or is not visible to the caller.
    NotFound,
    /// The resource is in a state that forbids the request: a conflict, a
    /// lock, a duplicate.
    Conflict,
    /// The account has run out of credit or funds.
    PaymentRequired,
    /// The caller sent too many requests; slow down and try again.
    RateLimited,
    /// The request or an upstream call took too long.
    Timeout,
    /// The server failed while handling the request.
    ServerError,
    /// The server or one of its dependencies is temporarily unable to serve.
    Unavailable,
    /// The feature or parameter is not implemented by the server.
    NotImplemented,
    /// Not an error status at all (1xx, 2xx, 3xx), or a status without an
    /// agreed meaning.
    Other,
}

impl ErrorKind {
    /// Every kind, in declaration order.
    pub const ALL: &'static [ErrorKind] = &[
        ErrorKind::InvalidRequest,
        ErrorKind::Unauthenticated,
        ErrorKind::PermissionDenied,
        ErrorKind::NotFound,
        ErrorKind::Conflict,
        ErrorKind::PaymentRequired,
        ErrorKind::RateLimited,
        ErrorKind::Timeout,
        ErrorKind::ServerError,
        ErrorKind::Unavailable,
        ErrorKind::NotImplemented,
        ErrorKind::Other,
    ];

    /// The kind an HTTP status means on its own, when nothing more specific
    /// is known (no code in the body, or a code no catalog lists).
    #[must_use]
    pub const fn from_status(status: u16) -> ErrorKind {
        match status {
            401 | 407 => ErrorKind::Unauthenticated,
            402 => ErrorKind::PaymentRequired,
            403 | 451 => ErrorKind::PermissionDenied,
            404 | 410 => ErrorKind::NotFound,
            409 | 412 | 423 | 428 => ErrorKind::Conflict,
            408 | 504 => ErrorKind::Timeout,
            429 => ErrorKind::RateLimited,
            501 => ErrorKind::NotImplemented,
            503 => ErrorKind::Unavailable,
            400..=499 => ErrorKind::InvalidRequest,
            500..=599 => ErrorKind::ServerError,
            _ => ErrorKind::Other,
        }
    }

    /// Whether errors of this kind usually go away on their own, so that the
    /// same request may succeed later: rate limits, timeouts, server errors
    /// and unavailability.
    #[must_use]
    pub const fn is_transient(self) -> bool {
        matches!(
            self,
            ErrorKind::RateLimited
                | ErrorKind::Timeout
                | ErrorKind::ServerError
                | ErrorKind::Unavailable
        )
    }

    /// A short lowercase name, stable across releases: `"rate_limited"`.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            ErrorKind::InvalidRequest => "invalid_request",
            ErrorKind::Unauthenticated => "unauthenticated",
            ErrorKind::PermissionDenied => "permission_denied",
            ErrorKind::NotFound => "not_found",
            ErrorKind::Conflict => "conflict",
            ErrorKind::PaymentRequired => "payment_required",
            ErrorKind::RateLimited => "rate_limited",
            ErrorKind::Timeout => "timeout",
            ErrorKind::ServerError => "server_error",
            ErrorKind::Unavailable => "unavailable",
            ErrorKind::NotImplemented => "not_implemented",
            ErrorKind::Other => "other",
        }
    }
}

impl fmt::Display for ErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(self.as_str())
    }
}

impl serde::Serialize for ErrorKind {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}
