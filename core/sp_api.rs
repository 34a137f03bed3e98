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
//! Two headers matter when handling one: [`REQUEST_ID_HEADER`](crate::sp_api::REQUEST_ID_HEADER) identifies the
//! request when asking Amazon for help, and [`RATE_LIMIT_HEADER`](crate::sp_api::RATE_LIMIT_HEADER) states the
//! rate (requests per second) applied to the operation. Amazon sends the
//! latter on a best-effort basis only, so code must work without it.
//!
//! # What is here
//!
//! - [`SpApiErrorCode`](crate::sp_api::SpApiErrorCode): the `errors[].code` strings shared by the APIs, with
//!   the status they come with.
//! - [`SpApiOAuthErrorCode`](crate::sp_api::SpApiOAuthErrorCode): the codes the authorization (consent) workflow
//!   shows. They are not API responses and carry no HTTP status, so they are
//!   a small hand-written enum rather than a derived catalog.
//! - [`COMMON_CAUSES`](crate::sp_api::COMMON_CAUSES) and [`common_causes`](crate::sp_api::common_causes): for 400, 403, 404 and 429, the
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
//! answers a missing item with `NOT_FOUND`, for instance). For all of these,
//! [`ApiErrorCode::classify`] returns `None` and the status decides.
//!
//! That is also Amazon's advice for enum values in general: a client built
//! from an older model meets values that did not exist when it was built,
//! which its generated code reads as null. Regenerating the client fixes
//! that; never failing on an unknown code is how this crate copes meanwhile.

use core::fmt;
use core::str::FromStr;

use crate::code::{find_ignore_ascii_case, phrase_scan_window};
use crate::{ApiError, ApiErrorCode, HeaderSource, UnknownCode};

/// The response header stating the rate limit, in requests per second,
/// applied to the operation that was called. Sent on a best-effort basis.
pub const RATE_LIMIT_HEADER: &str = "x-amzn-RateLimit-Limit";

/// The response header carrying the request's identifier; quote it when
/// opening a case with Amazon.
pub const REQUEST_ID_HEADER: &str = "x-amzn-RequestId";

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

    /// The AWS Signature Version 4 signature did not match the one the
    /// server computed for the request. Only clients that still sign their
    /// requests can meet it.
    #[code(403, "InvalidSignature", kind = Unauthenticated)]
    InvalidSignature,

    /// The resource asked for does not exist, or not in that marketplace.
    // Weakest evidence of the set: seen in client libraries' tests and
    // reports, not in Amazon's own pages. Some APIs use their own spelling
    // (`NOT_FOUND`, `ResourceNotFound`) instead.
    #[code(404, "NotFound")]
    NotFound,

    /// The operation's usage plan is used up for now. Back off and retry;
    /// Amazon suggests waiting a few minutes.
    #[code(429, "QuotaExceeded", retry(honor_retry_after))]
    QuotaExceeded,

    /// Amazon's side failed while handling the request. Retry later.
    #[code(500, "InternalFailure", retry)]
    InternalFailure,
}

/// A code the SP-API authorization (OAuth consent) workflow shows.
///
/// These codes are not API responses: they appear on the Seller Central or
/// Vendor Central page of the person authorizing an application, with no HTTP
/// status of their own. Almost all point at the application's configuration,
/// which its developer has to fix.
///
/// ```
/// use api_error_codes::sp_api::SpApiOAuthErrorCode;
///
/// let code: SpApiOAuthErrorCode = "MD5101".parse().unwrap();
/// assert_eq!(code, SpApiOAuthErrorCode::RedirectUriMismatch);
/// assert_eq!(code.to_string(), "MD5101");
/// assert!(SpApiOAuthErrorCode::from_code("md5101").is_none()); // exact match only
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum SpApiOAuthErrorCode {
    /// `MD1000`: a Draft application was sent through the production consent
    /// flow.
    DraftAppWithoutBetaVersion,
    /// `MD5101`: the redirect URI in the authorization request is not one of
    /// those registered for the application.
    RedirectUriMismatch,
    /// `MD5110`: the redirect URI contains a fragment (a `#` part), which
    /// OAuth 2.0 forbids.
    RedirectUriHasFragment,
    /// `MD9010`: an MWS or hybrid application is being authorized in a region
    /// where no MWS developer ID is associated with it.
    NoDeveloperIdForRegion,
    /// `MD9100`: the application has no login URI and no redirect URI set up.
    MissingLoginAndRedirectUri,
    /// `SPDC8143`: the person authorizing is not the account's primary user.
    NotPrimaryUser,
    /// `SPSA0404`: the application does not support the kind of business
    /// entity trying to authorize it.
    UnsupportedBusinessEntity,
    /// `CONSENT_LIMIT_REACHED`: the application has as many authorizations as
    /// it is allowed.
    ConsentLimitReached,
}

impl SpApiOAuthErrorCode {
    /// Every code, in declaration order.
    pub const ALL: &'static [SpApiOAuthErrorCode] = &[
        SpApiOAuthErrorCode::DraftAppWithoutBetaVersion,
        SpApiOAuthErrorCode::RedirectUriMismatch,
        SpApiOAuthErrorCode::RedirectUriHasFragment,
        SpApiOAuthErrorCode::NoDeveloperIdForRegion,
        SpApiOAuthErrorCode::MissingLoginAndRedirectUri,
        SpApiOAuthErrorCode::NotPrimaryUser,
        SpApiOAuthErrorCode::UnsupportedBusinessEntity,
        SpApiOAuthErrorCode::ConsentLimitReached,
    ];

    /// The code exactly as Amazon shows it.
    #[must_use]
    pub const fn code(self) -> &'static str {
        match self {
            SpApiOAuthErrorCode::DraftAppWithoutBetaVersion => "MD1000",
            SpApiOAuthErrorCode::RedirectUriMismatch => "MD5101",
            SpApiOAuthErrorCode::RedirectUriHasFragment => "MD5110",
            SpApiOAuthErrorCode::NoDeveloperIdForRegion => "MD9010",
            SpApiOAuthErrorCode::MissingLoginAndRedirectUri => "MD9100",
            SpApiOAuthErrorCode::NotPrimaryUser => "SPDC8143",
            SpApiOAuthErrorCode::UnsupportedBusinessEntity => "SPSA0404",
            SpApiOAuthErrorCode::ConsentLimitReached => "CONSENT_LIMIT_REACHED",
        }
    }

    /// The code whose string is exactly `code` (case-sensitive), if any.
    #[must_use]
    pub fn from_code(code: &str) -> Option<SpApiOAuthErrorCode> {
        SpApiOAuthErrorCode::ALL
            .iter()
            .copied()
            .find(|known| known.code() == code)
    }

    /// What went wrong and how to fix it, in a sentence or two.
    #[must_use]
    pub const fn description(self) -> &'static str {
        match self {
            SpApiOAuthErrorCode::DraftAppWithoutBetaVersion => {
                "The application is still a Draft but went through the production consent flow. \
                 Add `version=beta` to the authorization URI until the application is published."
            }
            SpApiOAuthErrorCode::RedirectUriMismatch => {
                "The redirect URI sent with the authorization request is not registered for the \
                 application. Register it in the app's settings (and publish the change for a \
                 published app)."
            }
            SpApiOAuthErrorCode::RedirectUriHasFragment => {
                "The redirect URI has a fragment (a `#...` part), which OAuth 2.0 does not allow. \
                 Remove it from the URI registered for the application."
            }
            SpApiOAuthErrorCode::NoDeveloperIdForRegion => {
                "The MWS or hybrid application has no MWS developer ID in the region where it is \
                 being authorized. Associate a developer ID for that region with the application."
            }
            SpApiOAuthErrorCode::MissingLoginAndRedirectUri => {
                "The application has no login URI and no redirect URI configured. Set both in \
                 the app's settings."
            }
            SpApiOAuthErrorCode::NotPrimaryUser => {
                "The account was accessed by a secondary user. Authorize as the account's \
                 primary user."
            }
            SpApiOAuthErrorCode::UnsupportedBusinessEntity => {
                "The application does not list the kind of business entity that is trying to \
                 authorize it. Add it to the application's supported business entities."
            }
            SpApiOAuthErrorCode::ConsentLimitReached => {
                "The application has used up the number of authorizations it is allowed. \
                 See Amazon's app authorization limits."
            }
        }
    }
}

impl fmt::Display for SpApiOAuthErrorCode {
    /// Writes the code exactly as Amazon shows it.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

impl FromStr for SpApiOAuthErrorCode {
    type Err = UnknownCode;

    fn from_str(code: &str) -> Result<Self, Self::Err> {
        SpApiOAuthErrorCode::from_code(code)
            .ok_or_else(|| UnknownCode::new("SpApiOAuthErrorCode", code))
    }
}

/// A common reason for an SP-API error status: the message that comes with
/// it, what it means, and how to fix it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct SpApiCommonCause {
    /// The HTTP status this cause comes with.
    pub status: u16,
    /// The message as Amazon documents it. `XXXX-XXXX-XXXX` stands for an ID
    /// that varies from response to response.
    pub message: &'static str,
    /// What the message means.
    pub meaning: &'static str,
    /// What to do about it.
    pub fix: &'static str,
}

impl SpApiCommonCause {
    /// The placeholder Amazon writes in place of an ID inside a message.
    pub const PLACEHOLDER: &'static str = "XXXX-XXXX-XXXX";

    /// Whether `message` (from a response) is this cause's message: each
    /// part of it around a [`PLACEHOLDER`](Self::PLACEHOLDER) occurs in
    /// `message`, in order, ignoring ASCII case.
    ///
    /// ```
    /// use api_error_codes::sp_api::common_causes;
    ///
    /// let sent = "Developer ID 1234-5678-9012 is not associated with the application id amzn1.sp.solution.x";
    /// let first = common_causes(400, Some(sent)).next().unwrap();
    /// assert!(first.matches(sent));
    /// assert!(first.message.starts_with("Developer ID"));
    /// ```
    #[must_use]
    pub fn matches(&self, message: &str) -> bool {
        let mut rest = message;
        for part in self.message.split(Self::PLACEHOLDER) {
            match find_ignore_ascii_case(rest, part) {
                Some(start) => rest = &rest[start + part.len()..],
                None => return false,
            }
        }
        true
    }
}

/// The common causes of SP-API error statuses, by status, in the order Amazon
/// lists them. The `message` strings are Amazon's; `meaning` and `fix` are
/// ours.
pub const COMMON_CAUSES: &[SpApiCommonCause] = &[
    // 400 Bad Request
    SpApiCommonCause {
        status: 400,
        message: "Missing header or required fields",
        meaning: "A header or a body field the operation requires is absent.",
        fix: "Check the request against the operation's Swagger model and add what is missing.",
    },
    SpApiCommonCause {
        status: 400,
        message: "Invalid date and time format",
        meaning: "A date or time is not written the way the API expects.",
        fix: "Write every date and time in ISO 8601.",
    },
    SpApiCommonCause {
        status: 400,
        message: "Body or Content-Length included in a GET request",
        meaning: "A GET request carries a body or a Content-Length header.",
        fix: "Send GET requests with neither a body nor Content-Length.",
    },
    SpApiCommonCause {
        status: 400,
        message: "Incorrect headers and Content-Type",
        meaning: "The Host header is repeated or malformed, or the Content-Type is wrong.",
        fix: "Send exactly one well-formed Host header and the Content-Type the operation takes.",
    },
    SpApiCommonCause {
        status: 400,
        message: "Invalid nextToken handling",
        meaning: "The nextToken sent back was altered (changed, re-encoded or encrypted).",
        fix: "Send the nextToken back exactly as received; URL-encode it where the URL needs it.",
    },
    SpApiCommonCause {
        status: 400,
        message: "Incorrect URL encoding",
        meaning: "The path or query is not URL-encoded correctly.",
        fix: "Encode path segments and query values (SKUs and nextToken too) once, never twice.",
    },
    SpApiCommonCause {
        status: 400,
        message: "API request did not have a required child object",
        meaning: "A nested object the operation requires is missing from the body.",
        fix: "Add the nested objects the operation's reference marks as required.",
    },
    SpApiCommonCause {
        status: 400,
        message: "Incorrect identifiers",
        meaning: "An identifier in the request (order, shipment, invoice, SKU, ASIN or \
                  marketplace) is wrong.",
        fix: "Check each identifier's format and that it belongs to the marketplace addressed.",
    },
    SpApiCommonCause {
        status: 400,
        message: "Developer ID XXXX-XXXX-XXXX is not associated with the application id",
        meaning: "The developer ID sent is not linked to the application.",
        fix: "Use the developer ID registered for the region called, and submit the application \
              for review.",
    },
    SpApiCommonCause {
        status: 400,
        message: "Application is missing OAuth setup",
        meaning: "The application's OAuth configuration is incomplete.",
        fix: "Give the application a redirect URI and finish its OAuth configuration.",
    },
    // 403 Forbidden
    SpApiCommonCause {
        status: 403,
        message: "Expired or revoked API tokens",
        meaning: "A token or secret has expired or was revoked: access tokens last an hour, \
                  refresh tokens a year, client secrets 180 days.",
        fix: "Get a fresh access token from the refresh token for each session, rotate the \
              client secret before it expires, and have sellers authorize again each year.",
    },
    SpApiCommonCause {
        status: 403,
        message: "Missing required SP-API roles or permissions",
        meaning: "The application does not hold the role the operation requires.",
        fix: "Request the role for the developer profile, add it to the application, then have \
              the selling partner authorize the application again.",
    },
    SpApiCommonCause {
        status: 403,
        message: "Incorrect account credentials",
        meaning: "Vendor credentials were used for a seller operation, or the other way round.",
        fix: "Call seller operations with seller credentials and vendor operations with vendor \
              credentials.",
    },
    SpApiCommonCause {
        status: 403,
        message: "Region mismatch",
        meaning: "The request went to an endpoint of another region than the selling partner's \
                  account.",
        fix: "Call the regional endpoint of the selling partner's marketplace.",
    },
    SpApiCommonCause {
        status: 403,
        message: "Incorrect resource path or version",
        meaning: "The path lacks the API version or date, or uses an outdated one.",
        fix: "Put the current version or date in the path, as the API reference shows it.",
    },
    SpApiCommonCause {
        status: 403,
        message: "Deprecated endpoint",
        meaning: "The operation called has been deprecated.",
        fix: "Move to its replacement before the cutoff date on the deprecation schedule.",
    },
    SpApiCommonCause {
        status: 403,
        message: "Unsupported API marketplace",
        meaning: "The API is not offered in the marketplace addressed.",
        fix: "Call the API only in marketplaces its reference lists.",
    },
    SpApiCommonCause {
        status: 403,
        message: "Seller account deactivation or suspension",
        meaning: "The selling partner's account is deactivated or suspended.",
        fix: "The seller must restore the account; watch account health through its \
              notification or performance report.",
    },
    // 404 Not Found
    SpApiCommonCause {
        status: 404,
        message: "Invalid or mistyped resource identifier",
        meaning: "The identifier in the request is malformed or misspelled.",
        fix: "Look the identifier up with a search or list operation and check its spelling and \
              case.",
    },
    SpApiCommonCause {
        status: 404,
        message: "Unavailable resource identifier",
        meaning: "No resource has that identifier, at least not in that marketplace.",
        fix: "Check that the resource was not deleted and that the marketplace is the one it \
              belongs to.",
    },
    SpApiCommonCause {
        status: 404,
        message: "Premature polling for an asynchronous creation",
        meaning: "The resource is created asynchronously (a report, a feed result, a new \
                  listing) and is not ready yet.",
        fix: "Wait before polling, or use a status operation or notification to learn when it \
              is ready.",
    },
    // 429 Too Many Requests. Not a row of Amazon's tables: the message is the
    // one observed in QuotaExceeded responses.
    SpApiCommonCause {
        status: 429,
        message: "You exceeded your quota for the requested resource.",
        meaning: "The operation's rate limit or burst for this selling partner and application \
                  is used up.",
        fix: "Retry with exponential backoff, spread requests out, and stay under the rate in \
              the x-amzn-RateLimit-Limit header when it is sent.",
    },
];

// `common_causes` keeps its matches in a u64 bit set so that it allocates
// nothing and borrows nothing from the caller.
const _: () = assert!(COMMON_CAUSES.len() <= 64);

/// The common causes for `status`: those whose message matches `message`
/// ([`SpApiCommonCause::matches`]) first, then the others, each group in
/// table order. Empty for a status without common causes.
///
/// ```
/// use api_error_codes::sp_api::common_causes;
///
/// let sent = Some("Region mismatch: the seller is not registered in this region");
/// let causes: Vec<_> = common_causes(403, sent).collect();
/// assert_eq!(causes[0].message, "Region mismatch");
/// assert_eq!(causes.len(), 8);
/// assert_eq!(common_causes(418, None).count(), 0);
/// ```
pub fn common_causes(
    status: u16,
    message: Option<&str>,
) -> impl Iterator<Item = &'static SpApiCommonCause> {
    let mut matched = 0_u64;
    // Only the head of a message is compared, as in `classify`.
    let message = message.map(phrase_scan_window);
    if let Some(message) = message {
        for (index, cause) in COMMON_CAUSES.iter().enumerate() {
            if cause.status == status && cause.matches(message) {
                matched |= 1 << index;
            }
        }
    }
    let of_status = move |want_match: bool| {
        COMMON_CAUSES
            .iter()
            .enumerate()
            .filter(move |(index, cause)| {
                cause.status == status && (matched & (1 << index) != 0) == want_match
            })
            .map(|(_, cause)| cause)
    };
    of_status(true).chain(of_status(false))
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
    status: u16,
    headers: &H,
    body: &[u8],
) -> ApiError<SpApiErrorCode> {
    ApiError::parse(status, headers, body)
}

/// Parses an `http::Response` whose body is in memory; see [`parse`].
#[cfg(feature = "http")]
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
    pub fn common_causes(&self) -> impl Iterator<Item = &'static SpApiCommonCause> {
        common_causes(self.status(), self.message())
    }
}
