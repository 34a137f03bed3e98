//! [`Idempotency`]: whether a request may be sent twice.

/// Whether a request may be sent again after a failure.
///
/// Only the caller knows: the same failure (a 503, say) may come after the
/// server acted on the request, and a repeated `POST` may act twice. A
/// policy for [`NotIdempotent`](Idempotency::NotIdempotent) requests never
/// retries.
///
/// ```
/// use api_error_codes::retry::Idempotency;
///
/// assert_eq!(Idempotency::from_method("DELETE"), Idempotency::Idempotent);
/// assert_eq!(Idempotency::from_method("PUT"), Idempotency::Idempotent);
/// assert_eq!(Idempotency::from_method("POST"), Idempotency::NotIdempotent);
/// assert_eq!(Idempotency::from_method("PATCH"), Idempotency::NotIdempotent);
/// assert_eq!(Idempotency::from_method("get"), Idempotency::NotIdempotent);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Idempotency {
    /// Sending the request twice has the effect of sending it once: the
    /// idempotent methods of RFC 9110, or any request the server
    /// deduplicates (an idempotency key, a client token). The default.
    #[default]
    Idempotent,
    /// Sending the request twice may act twice. Never retried.
    NotIdempotent,
}

impl Idempotency {
    /// The idempotency RFC 9110 (section 9.2.2) gives `method`: `GET`,
    /// `HEAD`, `OPTIONS`, `TRACE`, `PUT` and `DELETE` are idempotent.
    ///
    /// Method names are case-sensitive in HTTP, so `"get"` is not `GET`; it
    /// and every other method (`POST`, `PATCH`, `CONNECT`, extensions) are
    /// [`NotIdempotent`](Idempotency::NotIdempotent), the safe side.
    #[must_use]
    pub fn from_method(method: &str) -> Idempotency {
        match method {
            "GET" | "HEAD" | "OPTIONS" | "TRACE" | "PUT" | "DELETE" => Idempotency::Idempotent,
            _ => Idempotency::NotIdempotent,
        }
    }
}
