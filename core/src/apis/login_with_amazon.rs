//! The Login with Amazon (LWA) token endpoint's errors: what
//! `POST https://api.amazon.com/auth/o2/token` answers when an access token
//! cannot be issued or refreshed.
//!
//! Both Amazon APIs here (the Amazon Ads API and the SP-API) take their
//! access tokens from LWA, and a client refreshes one about every hour, so
//! these are the errors a long-running client meets first. They are OAuth
//! 2.0 token errors (RFC 6749, section 5.2): a status, and a JSON object
//! with `error` (the code) and `error_description` (text for people):
//!
//! ```text
//! HTTP/1.1 400 Bad Request
//! {"error_description":"The request has an invalid grant parameter : refresh_token","error":"invalid_grant"}
//! ```
//!
//! # No code here is worth retrying
//!
//! Each says that the request, the client's credentials or the grant is
//! wrong; sending the same request again gets the same answer. Every
//! variant's advice is "do not retry", and its description says how to
//! recover. A 5xx or an HTML page from the endpoint has no code and is
//! judged by its status, as everywhere in this crate.
//!
//! This catalog complements [`SpApiOAuthErrorCode`]: those are the codes
//! the SP-API's consent pages show a person, before any token exists; these
//! are the token endpoint's answers to a program.
//!
//! [`SpApiOAuthErrorCode`]: crate::sp_api::SpApiOAuthErrorCode

use crate::{ApiError, ApiErrorCode, HeaderSource};

/// An error code of the Login with Amazon token endpoint (OAuth 2.0, RFC
/// 6749 section 5.2).
///
/// ```
/// use api_error_codes::login_with_amazon::{self, LwaErrorCode};
/// use api_error_codes::ErrorKind;
///
/// let body = br#"{"error_description":"The request has an invalid grant parameter : refresh_token","error":"invalid_grant"}"#;
/// let error = login_with_amazon::parse(400, &(), body);
/// assert_eq!(error.variant(), Some(LwaErrorCode::InvalidGrant));
/// assert_eq!(error.kind(), ErrorKind::Unauthenticated);
/// assert!(!error.is_retryable());
/// assert_eq!(error.message(), Some("The request has an invalid grant parameter : refresh_token"));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, ApiErrorCode)]
#[api_error(docs_url = "https://www.rfc-editor.org/rfc/rfc6749#section-5.2")]
#[non_exhaustive]
pub enum LwaErrorCode {
    /// The token request is malformed: a required parameter is missing or
    /// repeated, or one is not supported (LWA answers "Malformed request").
    /// Check `grant_type`, the token or code, `client_id` and
    /// `client_secret` against the grant being used.
    #[code(400, "invalid_request", retry = false)]
    InvalidRequest,

    /// The client could not be authenticated: unknown `client_id`, wrong or
    /// rotated `client_secret`. Copy the current credentials from the
    /// application's settings (LWA client secrets expire and must be
    /// rotated).
    #[code(401, "invalid_client", kind = Unauthenticated, retry = false)]
    InvalidClient,

    /// The grant is no good: the refresh token was revoked (the seller or
    /// advertiser withdrew the authorization) or belongs to another client,
    /// or the authorization code expired (codes live five minutes) or was
    /// used already. A person has to authorize the application again to
    /// get a new refresh token.
    #[code(400, "invalid_grant", kind = Unauthenticated, retry = false)]
    InvalidGrant,

    /// The client may not use this grant type. Enable it for the
    /// application, or request the token another way.
    #[code(400, "unauthorized_client", kind = PermissionDenied, retry = false)]
    UnauthorizedClient,

    /// The endpoint does not know the `grant_type` sent. Send
    /// `refresh_token`, `authorization_code` or `client_credentials`,
    /// spelled exactly.
    #[code(400, "unsupported_grant_type", retry = false)]
    UnsupportedGrantType,

    /// A scope asked for is unknown, malformed or beyond what the client
    /// was granted (a grantless SP-API scope, an Ads scope the application
    /// was not approved for). Ask only for scopes the application holds.
    #[code(400, "invalid_scope", kind = PermissionDenied, retry = false)]
    InvalidScope,
}

/// Parses an error response of the LWA token endpoint. Never fails.
///
/// Reads `error` as the code and `error_description` as the message; any
/// other body falls back on the status.
pub fn parse<H: HeaderSource + ?Sized>(
    status: u16,
    headers: &H,
    body: &[u8],
) -> ApiError<LwaErrorCode> {
    ApiError::parse(status, headers, body)
}

/// Parses an `http::Response` whose body is in memory; see [`parse`].
#[cfg(feature = "http")]
#[cfg_attr(docsrs, doc(cfg(feature = "http")))]
pub fn parse_response<B: AsRef<[u8]>>(response: &http::Response<B>) -> ApiError<LwaErrorCode> {
    parse(
        response.status().as_u16(),
        response.headers(),
        response.body().as_ref(),
    )
}
