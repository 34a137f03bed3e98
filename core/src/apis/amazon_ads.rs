//! The Amazon Ads API's error catalog, and its 207 batch responses.
//!
//! # What an error looks like
//!
//! A failed call answers with an HTTP status and a small JSON object of two
//! strings: `code`, meant for programs, and `details`, meant for people.
//!
//! ```text
//! HTTP/1.1 404 Not Found
//! {"code": "NOT_FOUND", "details": "Could not find resource for full path: https://advertising-api-test.amazon.com/foobar"}
//! ```
//!
//! # The status table
//!
//! | status | variant | when |
//! | --- | --- | --- |
//! | 400 | [`BadRequest`](AmazonAdsErrorCode::BadRequest) | a request error no other row covers |
//! | 401 | [`Unauthorized`](AmazonAdsErrorCode::Unauthorized) | the caller is not authenticated |
//! | 401 | [`NoMatchingAdvertiser`](AmazonAdsErrorCode::NoMatchingAdvertiser) | the profile in the scope header matches no advertiser |
//! | 401 | [`ScopeHeaderMissing`](AmazonAdsErrorCode::ScopeHeaderMissing) | no `Amazon-Advertising-API-Scope` header was sent |
//! | 401 | [`NotAuthorizedForScope`](AmazonAdsErrorCode::NotAuthorizedForScope) | the caller may not manage that profile |
//! | 403 | [`Forbidden`](AmazonAdsErrorCode::Forbidden) | no access to the resource named |
//! | 404 | [`NotFound`](AmazonAdsErrorCode::NotFound) | the resource is absent or hidden from the caller |
//! | 406 | [`NotAcceptable`](AmazonAdsErrorCode::NotAcceptable) | the `Accept` header asks for a type the endpoint cannot give |
//! | 415 | [`UnsupportedMediaType`](AmazonAdsErrorCode::UnsupportedMediaType) | the `Accept` or `Content-Type` header is not supported |
//! | 422 | [`UnprocessableEntity`](AmazonAdsErrorCode::UnprocessableEntity) | the request parsed, but a parameter is wrong |
//! | 429 | [`TooManyRequests`](AmazonAdsErrorCode::TooManyRequests) | rate-limited; wait, then retry |
//! | 500 | [`InternalError`](AmazonAdsErrorCode::InternalError) | server failure; retry later |
//! | 502 | [`BadGateway`](AmazonAdsErrorCode::BadGateway) | server failure; retry later |
//! | 504 | [`GatewayTimeout`](AmazonAdsErrorCode::GatewayTimeout) | server failure; retry later |
//!
//! Batch items (see [`MultiStatus`]) carry codes of their own, without a
//! status; two of them are rows here, at the status they stand for:
//! [`InvalidArgument`](AmazonAdsErrorCode::InvalidArgument) (400) and
//! [`ServerIsBusy`](AmazonAdsErrorCode::ServerIsBusy) (503, retry). Items
//! also use `NOT_FOUND` and `UNAUTHORIZED`.
//!
//! Only error rows are variants. The document's table also lists `200 OK`,
//! `202 Accepted` (an asynchronous job was started), `207 Multi-Status` and
//! `307 Temporary Redirect` (typically a report download pointing at a
//! signed URL); none of them is an error, so none of them is here.
//!
//! `207` deserves a word: batch operations answer it with one result per
//! item of the batch, and items may fail while others succeed. The overall
//! status is then not an error at all; look inside each item instead.
//!
//! # The four kinds of 401
//!
//! Four rows share status 401 and, in the bodies seen in the wild, the code
//! `UNAUTHORIZED`; only the message tells them apart. The three specific ones
//! carry a `message` phrase, so [`ApiErrorCode::classify`] picks them by the
//! text of `details`, and picks the generic [`Unauthorized`] when no phrase
//! matches or no message was sent:
//!
//! ```
//! use api_error_codes::amazon_ads::AmazonAdsErrorCode;
//! use api_error_codes::ApiErrorCode;
//!
//! let details = Some("Amazon-Advertising-API-Scope header is missing");
//! assert_eq!(
//!     AmazonAdsErrorCode::classify(401, Some("UNAUTHORIZED"), details),
//!     Some(AmazonAdsErrorCode::ScopeHeaderMissing),
//! );
//! assert_eq!(
//!     AmazonAdsErrorCode::classify(401, Some("UNAUTHORIZED"), None),
//!     Some(AmazonAdsErrorCode::Unauthorized),
//! );
//! ```
//!
//! # Where the code strings come from
//!
//! The document names statuses but not the `code` strings. The ones used
//! here are those seen in recorded responses and matched on by client
//! libraries written against the live API: `UNAUTHORIZED` for 401,
//! `NOT_FOUND` for 404, and, for the other statuses, the status number
//! itself as a string (`"400"`, `"403"`, `"422"`, `"429"`, ...). Older API
//! versions also answered 401 with `"401"`, an alias of `UNAUTHORIZED`; a
//! code that only repeats the status weighs no more than the status, so the
//! message still tells the four 401 cases apart. Variants whose code string was not seen in any
//! public source are marked in the source.
//!
//! [`Unauthorized`]: crate::amazon_ads::AmazonAdsErrorCode::Unauthorized

mod multi_status;

pub use self::multi_status::{BatchFailure, BatchSuccess, MultiStatus};

use crate::response::IntoStatus;
use crate::{ApiError, ApiErrorCode, HeaderSource};

/// An error code of the Amazon Ads API: one row of its status table.
///
/// See the [module documentation](self) for the body shape and the table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, ApiErrorCode)]
#[api_error(docs_url = "https://advertising.amazon.com/API/docs/en-us/reference/concepts/errors")]
#[non_exhaustive]
pub enum AmazonAdsErrorCode {
    /// The request is wrong in a way that none of the more specific rows
    /// describes; fix it before sending it again.
    #[code(400, "400")]
    BadRequest,

    /// The caller could not be authenticated: the access token is missing,
    /// malformed or expired. Refresh the token, then retry.
    // Older versions sent the status as the code: `{"code": "401", "details":
    // "Authentication failed"}` (amzn/amazon-advertising-api-php-sdk#10).
    #[code(401, "UNAUTHORIZED", alias = "401")]
    Unauthorized,

    /// The profile ID sent as the scope belongs to no advertiser the API
    /// knows; check the ID and the region it was taken from.
    #[code(
        401,
        "UNAUTHORIZED",
        message = "no matching advertiser found for scope"
    )]
    NoMatchingAdvertiser,

    /// The request carried no `Amazon-Advertising-API-Scope` header, which
    /// names the advertiser profile to act on; add it.
    #[code(401, "UNAUTHORIZED", message = "scope header is missing")]
    ScopeHeaderMissing,

    /// The authenticated user has no right to manage the profile in the
    /// scope header: the advertiser has not granted it, or has withdrawn it.
    #[code(401, "UNAUTHORIZED", message = "not authorized to access scope")]
    NotAuthorizedForScope,

    /// The caller is authenticated but may not touch the resource it named.
    #[code(403, "403")]
    Forbidden,

    /// A batch item's value was refused (a date in the past, a value out
    /// of range, a field the item may not set); the `description` says
    /// which. Fix the item before sending it again.
    // A batch item's code, not a response's: items carry no status, and
    // 400 is the status the code stands for. Seen in Sponsored Display and
    // Sponsored Brands batch answers (amzn/ads-advanced-tools-docs#24,
    // ScaleLeap/amazon-advertising-api-sdk#985).
    #[code(400, "INVALID_ARGUMENT")]
    InvalidArgument,

    /// No such resource, or none the caller is allowed to see.
    #[code(404, "NOT_FOUND")]
    NotFound,

    /// The endpoint cannot answer in the media type the `Accept` header asks
    /// for; send one of the versioned types the endpoint documents.
    #[code(406, "406")]
    NotAcceptable,

    /// The `Accept` or `Content-Type` header names a media type the endpoint
    /// does not take.
    // The code string is not published and was not seen in any public
    // response; "415" follows the status-number pattern of the observed
    // 400/403/406/422/429 codes.
    #[code(415, "415")]
    UnsupportedMediaType,

    /// The request was well formed, but one of its values is not acceptable
    /// (an unknown ID, a value out of range, an impossible combination).
    #[code(422, "422")]
    UnprocessableEntity,

    /// The caller is being rate-limited. Wait, as long as `Retry-After`
    /// says when it is present, and send the request again.
    #[code(429, "429", retry(honor_retry_after))]
    TooManyRequests,

    /// The API failed while handling the request. Retry later; report it if
    /// it does not go away.
    // Code string not seen in any public response; "500" follows the
    // status-number pattern of the observed codes.
    #[code(500, "500", retry)]
    InternalError,

    /// The API was too busy to handle this batch item; the other items may
    /// have gone through. Send the failed item again after a pause.
    // A batch item's code (ScaleLeap/amazon-advertising-api-sdk#985, a
    // Sponsored Brands keywords batch); 503 is the status it stands for.
    #[code(503, "SERVER_IS_BUSY", retry)]
    ServerIsBusy,

    /// A server behind the API failed while handling the request. Retry
    /// later; report it if it does not go away.
    // Code string not seen in any public response; "502" follows the
    // status-number pattern of the observed codes.
    #[code(502, "502", retry)]
    BadGateway,

    /// A server behind the API did not answer in time. Retry later; report
    /// it if it does not go away.
    // Code string not seen in any public response; "504" follows the
    // status-number pattern of the observed codes.
    #[code(504, "504", retry)]
    GatewayTimeout,
}

/// Parses an Amazon Ads error response. Never fails.
///
/// Reads `code` and `details` (also `message` or `detail`, for the newer
/// endpoints that send one), the request id from `x-amzn-RequestId` (else
/// `x-amz-rid`), and `Retry-After`.
/// The four 401 cases are told apart by the text of `details`.
///
/// ```
/// use api_error_codes::amazon_ads::{self, AmazonAdsErrorCode};
///
/// let body = br#"{"code":"UNAUTHORIZED","details":"Not authorized to access scope 1234"}"#;
/// let error = amazon_ads::parse(401, &[("x-amzn-RequestId", "0f8e-11aa")], body);
/// assert_eq!(error.variant(), Some(AmazonAdsErrorCode::NotAuthorizedForScope));
/// assert_eq!(error.message(), Some("Not authorized to access scope 1234"));
/// assert_eq!(error.request_id(), Some("0f8e-11aa"));
/// ```
pub fn parse<H: HeaderSource + ?Sized>(
    status: impl IntoStatus,
    headers: &H,
    body: &[u8],
) -> ApiError<AmazonAdsErrorCode> {
    ApiError::parse(status, headers, body)
}

/// Parses an `http::Response` whose body is in memory; see [`parse`].
#[cfg(feature = "http")]
#[cfg_attr(docsrs, doc(cfg(feature = "http")))]
pub fn parse_response<B: AsRef<[u8]>>(
    response: &http::Response<B>,
) -> ApiError<AmazonAdsErrorCode> {
    parse(
        response.status().as_u16(),
        response.headers(),
        response.body().as_ref(),
    )
}
