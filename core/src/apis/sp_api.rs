//! The Amazon Selling Partner API's error catalogs and common causes.
//!
//! # What an error looks like
//!
//! A failed call answers with an HTTP status and a JSON object holding a list
//! of errors; each has a `code` for programs, a `message` for people and an
//! optional `details` string:
//!
//! ```text
//! HTTP/1.1 403 Forbidden
//! x-amzn-RequestId: 6875f61f-6aa1-11e8-98c6-9bExample
//! {"errors": [{"code": "Unauthorized", "message": "Access to requested resource is denied.", "details": ""}]}
//! ```
//!
//! Two headers matter when handling one: [`REQUEST_ID_HEADER`] identifies the
//! request when asking Amazon for help, and [`RATE_LIMIT_HEADER`] states the
//! rate (requests per second) applied to the operation. Amazon sends the
//! latter on a best-effort basis only, so code must work without it.
//!
//! # What is here
//!
//! - [`SpApiErrorCode`]: the `errors[].code` strings shared by the APIs, with
//!   the status they come with.
//! - [`SpApiOAuthErrorCode`]: the codes the authorization (consent) workflow
//!   shows. They are not API responses and carry no HTTP status, so they are
//!   a small hand-written enum rather than a derived catalog.
//! - [`COMMON_CAUSES`] and [`common_causes`]: for 400, 403, 404 and 429, the
//!   messages that commonly come with the status, what each means and how to
//!   fix it.
//!
//! # Statuses without a code here
//!
//! The API models also document `413` (request too large), `415` (media type
//! not supported) and `503` (overloaded or in maintenance). No public source
//! shows the `code` strings that come with them, so they have no variant;
//! `503` in particular has been seen answered with an HTML page and no JSON
//! at all. Individual APIs also send their own codes (the Catalog Items API
//! answers a missing item with `NOT_FOUND`, read as an alias of `NotFound`;
//! others have their own). For all of these,
//! [`ApiErrorCode::classify`] returns `None` and the status decides.
//!
//! That is also Amazon's advice for enum values in general: a client built
//! from an older model meets values that did not exist when it was built,
//! which its generated code reads as null. Regenerating the client fixes
//! that; never failing on an unknown code is how this crate copes meanwhile.

mod common_causes;
mod oauth;

pub use self::common_causes::{common_causes, SpApiCommonCause, COMMON_CAUSES};
pub use self::oauth::SpApiOAuthErrorCode;

use crate::response::{headers, IntoStatus};
use crate::{ApiError, ApiErrorCode, HeaderSource};

/// The response header stating the rate limit, in requests per second,
/// applied to the operation that was called. Sent on a best-effort basis.
pub const RATE_LIMIT_HEADER: &str = headers::AMZN_RATE_LIMIT_LIMIT;

/// The response header carrying the request's identifier; quote it when
/// opening a case with Amazon.
pub const REQUEST_ID_HEADER: &str = headers::AMZN_REQUEST_ID;

/// A code the SP-API sends in `errors[].code`.
///
/// See the [module documentation](self) for the body shape and for statuses
/// that have no code here.
///
/// ```
/// use api_error_codes::sp_api::SpApiErrorCode;
/// use api_error_codes::ApiErrorCode;
///
/// let code = SpApiErrorCode::from_code("QuotaExceeded").unwrap();
/// assert_eq!(code.status(), 429);
/// assert!(code.is_retryable());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, ApiErrorCode)]
#[api_error(docs_url = "https://developer-docs.amazon.com/sp-api/docs/troubleshoot-sp-api-errors")]
#[non_exhaustive]
pub enum SpApiErrorCode {
    /// The request's parameters are missing, invalid or malformed; the message
    /// usually says which. [`common_causes`] lists the usual culprits. An
    /// inactive seller account has also been known to produce it.
    #[code(400, "InvalidInput")]
    InvalidInput,

    /// Access was refused: the token is missing, expired or revoked, the
    /// application lacks the role the operation needs, or the call went to
    /// the wrong region. [`common_causes`] lists the usual culprits.
    #[code(403, "Unauthorized")]
    Unauthorized,

    /// The access token was refused: revoked, malformed, expired or
    /// missing. Servers keep the generic message and say so in `details`
    /// ("The access token you provided is revoked, malformed or invalid.");
    /// get a fresh access token from the refresh token, and if that fails,
    /// have the selling partner authorize the application again.
    #[code(403, "Unauthorized", kind = Unauthenticated, message = "access token")]
    AccessTokenRejected,

    /// The AWS security token sent with the request (`x-amz-security-token`)
    /// is invalid or has expired. Servers send it as a 403 with the code
    /// `InvalidInput`; it is a credential failure, not a bad request: get
    /// new temporary credentials (assume the role again), then retry.
    #[code(403, "InvalidInput", kind = Unauthenticated, message = "security token")]
    SecurityTokenRejected,

    /// The AWS Signature Version 4 signature did not match the one the
    /// server computed for the request. Only clients that still sign their
    /// requests can meet it.
    #[code(403, "InvalidSignature", kind = Unauthenticated)]
    InvalidSignature,

    /// The resource asked for does not exist, or not in that marketplace.
    // Weakest evidence of the set: seen in client libraries' tests and
    // reports, not in Amazon's own pages. Some APIs use their own spelling
    // (`NOT_FOUND`, `ResourceNotFound`) instead.
    // The Catalog Items API spells it `NOT_FOUND`.
    #[code(404, "NotFound", alias = "NOT_FOUND")]
    NotFound,

    /// The operation's usage plan is used up for now. Back off and retry;
    /// Amazon suggests waiting a few minutes.
    #[code(429, "QuotaExceeded", retry(honor_retry_after))]
    QuotaExceeded,

    /// Amazon's side failed while handling the request. Retry later.
    #[code(500, "InternalFailure", retry)]
    InternalFailure,
}

/// Parses an SP-API error response. Never fails.
///
/// Every item of `errors` is kept with its `code`, `message` and `details`;
/// the request id comes from `x-amzn-RequestId`, the rate limit from
/// `x-amzn-RateLimit-Limit` ([`RateLimit::requests_per_second`]). The
/// documented common causes of the status are
/// [`ApiError::common_causes`](crate::ApiError::common_causes), those matching
/// the message first.
///
/// [`RateLimit::requests_per_second`]: crate::RateLimit::requests_per_second
///
/// ```
/// use api_error_codes::sp_api::{self, SpApiErrorCode};
///
/// let body = br#"{"errors":[{"code":"QuotaExceeded","message":"You exceeded your quota for the requested resource."}]}"#;
/// let headers = [("x-amzn-RequestId", "a1b2"), ("x-amzn-RateLimit-Limit", "0.5")];
/// let error = sp_api::parse(429, &headers, body);
/// assert_eq!(error.variant(), Some(SpApiErrorCode::QuotaExceeded));
/// assert_eq!(error.request_id(), Some("a1b2"));
/// assert_eq!(error.rate_limit().requests_per_second(), Some(0.5));
/// assert!(error.common_causes().next().is_some());
/// ```
pub fn parse<H: HeaderSource + ?Sized>(
    status: impl IntoStatus,
    headers: &H,
    body: &[u8],
) -> ApiError<SpApiErrorCode> {
    ApiError::parse(status, headers, body)
}

/// Parses an `http::Response` whose body is in memory; see [`parse`].
#[cfg(feature = "http")]
#[cfg_attr(docsrs, doc(cfg(feature = "http")))]
pub fn parse_response<B: AsRef<[u8]>>(response: &http::Response<B>) -> ApiError<SpApiErrorCode> {
    parse(
        response.status().as_u16(),
        response.headers(),
        response.body().as_ref(),
    )
}

impl ApiError<SpApiErrorCode> {
    /// The documented common causes of this error's status, those whose
    /// message occurs in the response's message first (see
    /// [`common_causes`]).
    ///
    /// Both the message and the first error's `details` are compared:
    /// servers often keep a generic message and give the reason in
    /// `details`.
    pub fn common_causes(&self) -> impl Iterator<Item = &'static SpApiCommonCause> {
        let details = self.primary().and_then(crate::ErrorItem::details);
        common_causes::matching_any(self.status(), [self.message(), details])
    }
}
