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
//! | 400 | [`BadRequest`](crate::amazon_ads::AmazonAdsErrorCode::BadRequest) | a request error no other row covers |
//! | 401 | [`Unauthorized`](crate::amazon_ads::AmazonAdsErrorCode::Unauthorized) | the caller is not authenticated |
//! | 401 | [`NoMatchingAdvertiser`](crate::amazon_ads::AmazonAdsErrorCode::NoMatchingAdvertiser) | the profile in the scope header matches no advertiser |
//! | 401 | [`ScopeHeaderMissing`](crate::amazon_ads::AmazonAdsErrorCode::ScopeHeaderMissing) | no `Amazon-Advertising-API-Scope` header was sent |
//! | 401 | [`NotAuthorizedForScope`](crate::amazon_ads::AmazonAdsErrorCode::NotAuthorizedForScope) | the caller may not manage that profile |
//! | 403 | [`Forbidden`](crate::amazon_ads::AmazonAdsErrorCode::Forbidden) | no access to the resource named |
//! | 404 | [`NotFound`](crate::amazon_ads::AmazonAdsErrorCode::NotFound) | the resource is absent or hidden from the caller |
//! | 406 | [`NotAcceptable`](crate::amazon_ads::AmazonAdsErrorCode::NotAcceptable) | the `Accept` header asks for a type the endpoint cannot give |
//! | 415 | [`UnsupportedMediaType`](crate::amazon_ads::AmazonAdsErrorCode::UnsupportedMediaType) | the `Accept` or `Content-Type` header is not supported |
//! | 422 | [`UnprocessableEntity`](crate::amazon_ads::AmazonAdsErrorCode::UnprocessableEntity) | the request parsed, but a parameter is wrong |
//! | 429 | [`TooManyRequests`](crate::amazon_ads::AmazonAdsErrorCode::TooManyRequests) | rate-limited; wait, then retry |
//! | 500 | [`InternalError`](crate::amazon_ads::AmazonAdsErrorCode::InternalError) | server failure; retry later |
//! | 502 | [`BadGateway`](crate::amazon_ads::AmazonAdsErrorCode::BadGateway) | server failure; retry later |
//! | 504 | [`GatewayTimeout`](crate::amazon_ads::AmazonAdsErrorCode::GatewayTimeout) | server failure; retry later |
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
//! versions also answered 401 with `"401"`; such a code is not in this
//! catalog, so [`ApiErrorCode::classify`] returns `None` for it and the caller
//! falls back on the status. Variants whose code string was not seen in any
//! public source are marked in the source.
//!
//! [`Unauthorized`]: crate::amazon_ads::AmazonAdsErrorCode::Unauthorized

use serde_json::Value;

use std::borrow::Cow;

use crate::body::RawItem;
use crate::response::MAX_BODY_BYTES;
use crate::{ApiError, ApiErrorCode, ErrorItem, HeaderSource};

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
    #[code(401, "UNAUTHORIZED")]
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
/// Reads `code` and `details` (also `message`, for the newer endpoints that
/// send one), the request id from `x-amzn-RequestId`, and `Retry-After`.
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
    status: u16,
    headers: &H,
    body: &[u8],
) -> ApiError<AmazonAdsErrorCode> {
    ApiError::parse(status, headers, body)
}

/// Parses an `http::Response` whose body is in memory; see [`parse`].
#[cfg(feature = "http")]
pub fn parse_response<B: AsRef<[u8]>>(
    response: &http::Response<B>,
) -> ApiError<AmazonAdsErrorCode> {
    parse(
        response.status().as_u16(),
        response.headers(),
        response.body().as_ref(),
    )
}

/// A `207 Multi-Status` batch response, split into the items that succeeded
/// and the items that failed, each failure typed.
///
/// Two shapes are read:
///
/// - a list with one object per batch item, in batch order, where a `code`
///   of `"SUCCESS"` marks success (the older Sponsored Products endpoints);
/// - an object keyed by entity type (`"campaigns"`, `"adGroups"`, ...), each
///   holding `success` and `error` lists whose entries name their `index` in
///   the batch (the version 3 endpoints).
///
/// Anything else (not JSON, another shape, larger than
/// [`MAX_BODY_BYTES`]) gives an empty result with
/// [`is_recognized`](Self::is_recognized) false.
///
/// ```
/// use api_error_codes::amazon_ads::{AmazonAdsErrorCode, MultiStatus};
///
/// let body = br#"[
///     {"code": "SUCCESS", "campaignId": 31299234922913},
///     {"code": "UNAUTHORIZED", "details": "Not authorized to access scope 42"}
/// ]"#;
/// let batch = MultiStatus::parse(body);
/// assert_eq!(batch.successes().len(), 1);
/// assert_eq!(batch.successes()[0].index(), 0);
/// assert_eq!(batch.failures()[0].index(), 1);
/// assert_eq!(batch.failures()[0].errors()[0].variant(), Some(AmazonAdsErrorCode::NotAuthorizedForScope));
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct MultiStatus {
    successes: Vec<BatchSuccess>,
    failures: Vec<BatchFailure>,
    recognized: bool,
}

/// One batch item that succeeded.
#[derive(Debug, Clone, PartialEq)]
pub struct BatchSuccess {
    index: usize,
    entity: Option<String>,
    value: Value,
}

/// One batch item that failed, with its typed errors.
#[derive(Debug, Clone, PartialEq)]
pub struct BatchFailure {
    index: usize,
    entity: Option<String>,
    errors: Vec<ErrorItem<AmazonAdsErrorCode>>,
}

/// The status whose catalog rows a batch item's error is classified
/// against: items carry no status of their own.
const BATCH_ITEM_STATUS: u16 = 207;

/// Most batch items read from one response.
const MAX_BATCH_ITEMS: usize = 10_000;

impl MultiStatus {
    /// Splits a 207 body. Never fails.
    #[must_use]
    pub fn parse(body: &[u8]) -> MultiStatus {
        let mut out = MultiStatus {
            successes: Vec::new(),
            failures: Vec::new(),
            recognized: false,
        };
        if body.len() > MAX_BODY_BYTES {
            return out;
        }
        // The same repairs as `ApiError::parse` (a byte order mark, lone
        // surrogate escapes).
        let mut scratch = None;
        let value = crate::body::read_repaired(body, &mut scratch, |bytes| {
            serde_json::from_slice::<Value>(bytes).ok()
        });
        match value {
            Some(Value::Array(items)) => {
                out.recognized = true;
                for (index, item) in items.into_iter().take(MAX_BATCH_ITEMS).enumerate() {
                    out.push_listed(index, item);
                }
            }
            Some(Value::Object(entities)) => {
                for (entity, lists) in entities {
                    let Value::Object(mut lists) = lists else {
                        continue;
                    };
                    if let Some(Value::Array(successes)) = lists.remove("success") {
                        out.recognized = true;
                        for (position, item) in
                            successes.into_iter().take(MAX_BATCH_ITEMS).enumerate()
                        {
                            out.successes.push(BatchSuccess {
                                index: index_of(&item).unwrap_or(position),
                                entity: Some(entity.clone()),
                                value: item,
                            });
                        }
                    }
                    if let Some(Value::Array(failures)) = lists.remove("error") {
                        out.recognized = true;
                        for (position, item) in
                            failures.into_iter().take(MAX_BATCH_ITEMS).enumerate()
                        {
                            out.failures.push(BatchFailure {
                                index: index_of(&item).unwrap_or(position),
                                entity: Some(entity.clone()),
                                errors: item_errors(&item),
                            });
                        }
                    }
                }
            }
            _ => {}
        }
        out.successes.sort_by_key(|s| s.index);
        out.failures.sort_by_key(|f| f.index);
        out
    }

    fn push_listed(&mut self, index: usize, item: Value) {
        let is_success = item
            .get("code")
            .and_then(Value::as_str)
            .is_some_and(|code| code.eq_ignore_ascii_case("SUCCESS"));
        if is_success {
            self.successes.push(BatchSuccess {
                index,
                entity: None,
                value: item,
            });
        } else {
            self.failures.push(BatchFailure {
                index,
                entity: None,
                errors: item_errors(&item),
            });
        }
    }

    /// The items that succeeded, by batch index.
    #[must_use]
    pub fn successes(&self) -> &[BatchSuccess] {
        &self.successes
    }

    /// The items that failed, by batch index.
    #[must_use]
    pub fn failures(&self) -> &[BatchFailure] {
        &self.failures
    }

    /// Whether the body was in one of the batch shapes.
    #[must_use]
    pub fn is_recognized(&self) -> bool {
        self.recognized
    }
}

impl BatchSuccess {
    /// The item's position in the batch request.
    #[must_use]
    pub fn index(&self) -> usize {
        self.index
    }

    /// The entity list it came from (`"campaigns"`, ...), for version 3
    /// bodies.
    #[must_use]
    pub fn entity(&self) -> Option<&str> {
        self.entity.as_deref()
    }

    /// The item as the API returned it.
    #[must_use]
    pub fn value(&self) -> &Value {
        &self.value
    }
}

impl BatchFailure {
    /// The item's position in the batch request.
    #[must_use]
    pub fn index(&self) -> usize {
        self.index
    }

    /// The entity list it came from, for version 3 bodies.
    #[must_use]
    pub fn entity(&self) -> Option<&str> {
        self.entity.as_deref()
    }

    /// The item's errors, typed; never empty (an item with no readable error
    /// gets one without a code).
    #[must_use]
    pub fn errors(&self) -> &[ErrorItem<AmazonAdsErrorCode>] {
        &self.errors
    }
}

fn index_of(item: &Value) -> Option<usize> {
    item.get("index")
        .and_then(Value::as_u64)
        .and_then(|i| usize::try_from(i).ok())
}

/// The typed errors of one failed batch item: its `errors` list (version 3,
/// where a code may sit in `errorValue.<type>.reason`), else the item
/// itself (`{code, details}`). Never empty: an item with no readable error
/// gets one without a code.
fn item_errors(item: &Value) -> Vec<ErrorItem<AmazonAdsErrorCode>> {
    let typed = |error: &Value| ErrorItem::from_raw(BATCH_ITEM_STATUS, batch_error_fields(error));
    let errors: Vec<_> = match item.get("errors").and_then(Value::as_array) {
        Some(list) => list
            .iter()
            .take(crate::response::MAX_ITEMS)
            .map(typed)
            .collect(),
        None => vec![typed(item)],
    };
    if errors.is_empty() {
        vec![ErrorItem::from_raw(BATCH_ITEM_STATUS, RawItem::default())]
    } else {
        errors
    }
}

/// The fields of one batch error, in either version's shape.
fn batch_error_fields(error: &Value) -> RawItem<'_> {
    fn text(value: Option<&Value>) -> Option<Cow<'_, str>> {
        value.and_then(Value::as_str).map(Cow::Borrowed)
    }
    // Version 3: {"errorType": "...", "errorValue": {"<type>": {"reason": ..., "message": ...}}}
    let inner = error
        .get("errorValue")
        .and_then(Value::as_object)
        .and_then(|values| values.values().next());
    RawItem {
        code: text(error.get("code"))
            .or_else(|| text(inner.and_then(|v| v.get("reason"))))
            .or_else(|| text(error.get("errorType"))),
        message: text(error.get("message"))
            .or_else(|| text(inner.and_then(|v| v.get("message"))))
            .or_else(|| text(error.get("description"))),
        details: text(error.get("details")),
        ..RawItem::default()
    }
}
