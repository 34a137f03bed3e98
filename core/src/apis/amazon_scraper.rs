//! The Amazon Scraper API's error codes, with the retry advice of each.
//!
//! # What an error looks like
//!
//! Every failed request gets a JSON object of the same four string members:
//!
//! - `error`: the machine code, one of the lower-case names listed in
//!   [`AmazonScraperErrorCode`];
//! - `message`: an explanation for people;
//! - `docs_url`: a link to the code's entry in the API's error table (the
//!   same link [`ApiErrorCode::docs_url`](crate::ApiErrorCode::docs_url) gives);
//! - `request_id`: the id support asks for when you report a failure; worth
//!   keeping in your logs.
//!
//! ```json
//! {
//!   "error": "upstream_timeout",
//!   "message": "Amazon did not answer in time",
//!   "docs_url": "https://amazonscraperapi.com/docs/guides/errors#upstream_timeout",
//!   "request_id": "req_0a1b2c3d4e5f"
//! }
//! ```
//!
//! # Billing and retrying
//!
//! Only 2xx responses are billed: a failed request, and so a retried one,
//! costs nothing. The API documents its retry advice code by code, and each
//! variant carries it in [`ApiErrorCode::retry`](crate::ApiErrorCode::retry):
//! how many attempts, how long to wait at least, whether to wait out
//! `Retry-After`. Its recommended loop
//! backs off exponentially with jitter, stops after four attempts, and never
//! retries 400, 401, 402, 403, 404 or 501.
//!
//! A few statuses say less than the code: a block by Amazon arrives as 422
//! or 502 (an unavailable upstream, not a bad request or a crash), the API
//! shedding load arrives as 503 (rate limiting), and two 502 codes report a
//! product that is gone (retrying cannot help). Those variants set their
//! [`ErrorKind`](crate::ErrorKind) and retry advice from the code.
//!
//! ```
//! use api_error_codes::amazon_scraper::AmazonScraperErrorCode;
//! use api_error_codes::{ApiErrorCode, ErrorKind};
//! use std::time::Duration;
//!
//! let timeout = AmazonScraperErrorCode::from_code("upstream_timeout").unwrap();
//! assert_eq!(timeout.retry().max_attempts(), Some(4));
//! assert_eq!(timeout.retry().min_delay(), Duration::from_secs(2));
//!
//! let delisted = AmazonScraperErrorCode::GenericGalleryPage;
//! assert_eq!(delisted.status(), 502);
//! assert!(!delisted.is_retryable());
//! assert_eq!(AmazonScraperErrorCode::Capacity.kind(), ErrorKind::RateLimited);
//! ```

use crate::response::IntoStatus;
use crate::{ApiError, ApiErrorCode, HeaderSource};

/// An error code of the Amazon Scraper API, with its HTTP status and the
/// retry advice the API's documentation gives for it.
///
/// `#[non_exhaustive]` because the API may add codes; a response with a code
/// this version does not know is still parsed, keeping the raw string.
#[non_exhaustive]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, ApiErrorCode)]
#[api_error(docs_url = "https://amazonscraperapi.com/docs/guides/errors#{code}")]
pub enum AmazonScraperErrorCode {
    /// A parameter is malformed or out of range, for instance an ASIN that is
    /// not ten letters and digits, or a required parameter is absent. Fix the
    /// request; sending it again unchanged fails the same way.
    #[code(400, "invalid_params")]
    InvalidParams,
    /// The API key is missing, malformed or unknown. Send a valid key in the
    /// `Authorization` header.
    #[code(401, "unauthorized")]
    Unauthorized,
    /// The API key has been replaced by a newer one. Switch to the key that is
    /// currently active.
    #[code(401, "revoked")]
    Revoked,
    /// The account has no credits left and no automatic top-up. Someone has to
    /// add credit before requests can succeed, so this is not retried
    /// automatically.
    #[code(402, "insufficient_credits", retry = false)]
    InsufficientCredits,
    /// The plan does not include scraping from the requested country. Upgrade
    /// the plan or leave out the country parameter.
    #[code(403, "forbidden_region")]
    ForbiddenRegion,
    /// The path does not match any endpoint. Check the URL.
    #[code(404, "not_found")]
    NotFound,
    /// Amazon took too long to answer the scrape. Retry, with at most four
    /// attempts in all, at least two seconds apart.
    #[code(408, "upstream_timeout", retry(attempts = 4, delay = "2s"))]
    UpstreamTimeout,
    /// Amazon answered with a challenge page or its own outage page, even after
    /// the API's internal retries. Retry, waiting at least a minute.
    #[code(422, "blocked_by_amazon", kind = Unavailable, retry(delay = "60s"))]
    BlockedByAmazon,
    /// The key went over its allowed requests per second or concurrent
    /// requests. Retry once the `Retry-After` time has passed.
    #[code(429, "rate_limited", retry(honor_retry_after))]
    RateLimited,
    /// The API failed unexpectedly on its side; the failure is logged there.
    /// Retry after waiting at least five seconds.
    #[code(500, "internal_error", retry(delay = "5s"))]
    InternalError,
    /// The request used a parameter that is announced but not built yet. Drop
    /// it; retrying will not help until the feature ships.
    #[code(501, "not_implemented")]
    NotImplemented,
    /// Amazon blocked every attempt the API made internally. Retry, waiting at
    /// least a minute.
    #[code(502, "target_unreachable", kind = Unavailable, retry(delay = "60s"))]
    TargetUnreachable,
    /// Amazon sent a page the extractor could not read, often a new page
    /// layout. Retrying with backoff usually works.
    #[code(502, "extraction_failed", retry)]
    ExtractionFailed,
    /// Amazon redirected the requested ASIN to another one, typically a newer
    /// edition of the product. The ASIN asked for is outdated; replace it
    /// instead of retrying.
    #[code(502, "asin_mismatch", kind = NotFound, retry = false)]
    AsinMismatch,
    /// Amazon showed a generic placeholder page because the product is no
    /// longer listed. Drop the ASIN; retrying will not bring it back.
    #[code(502, "generic_gallery_page", kind = NotFound, retry = false)]
    GenericGalleryPage,
    /// The API is throttling this caller to protect capacity shared by all
    /// users, which is rare. Retry once the `Retry-After` time has passed.
    #[code(503, "capacity", kind = RateLimited, retry(honor_retry_after))]
    Capacity,
}

/// Parses an Amazon Scraper API error response. Never fails.
///
/// Reads `error` as the code, `message`, `docs_url` and `request_id`, and
/// `Retry-After`: the same value [`ApiError::parse`] gives. Whether the call
/// was billed follows from its status ([`ApiError::is_billed`]).
///
/// ```
/// use api_error_codes::amazon_scraper::{self, AmazonScraperErrorCode};
/// use api_error_codes::retry::RetryAfter;
/// use std::time::Duration;
///
/// let body = br#"{"error":"rate_limited","message":"slow down",
///     "docs_url":"https://amazonscraperapi.com/docs/guides/errors#rate_limited",
///     "request_id":"req_9f2c8a1b3e4d"}"#;
/// let error = amazon_scraper::parse(429, &[("Retry-After", "3")], body);
/// assert_eq!(error.variant(), Some(AmazonScraperErrorCode::RateLimited));
/// assert_eq!(error.request_id(), Some("req_9f2c8a1b3e4d"));
/// assert_eq!(error.retry_after(), Some(RetryAfter::Delay(Duration::from_secs(3))));
/// assert!(!error.is_billed());
/// ```
pub fn parse<H: HeaderSource + ?Sized>(
    status: impl IntoStatus,
    headers: &H,
    body: &[u8],
) -> ApiError<AmazonScraperErrorCode> {
    ApiError::parse(status, headers, body)
}

/// Parses an `http::Response` whose body is in memory; see [`parse`].
#[cfg(feature = "http")]
#[cfg_attr(docsrs, doc(cfg(feature = "http")))]
pub fn parse_response<B: AsRef<[u8]>>(
    response: &http::Response<B>,
) -> ApiError<AmazonScraperErrorCode> {
    parse(
        response.status().as_u16(),
        response.headers(),
        response.body().as_ref(),
    )
}

impl ApiError<AmazonScraperErrorCode> {
    /// Whether the call was billed. The API bills 2xx responses only, so an
    /// error response (and the retry of one) costs nothing: `false` for
    /// every status outside 200..=299.
    ///
    /// ```
    /// use api_error_codes::amazon_scraper;
    ///
    /// let error = amazon_scraper::parse(502, &(), br#"{"error":"target_unreachable"}"#);
    /// assert!(!error.is_billed());
    /// ```
    #[must_use]
    pub fn is_billed(&self) -> bool {
        (200..300).contains(&self.status())
    }
}
