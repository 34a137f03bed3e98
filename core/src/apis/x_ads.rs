//! The X Ads API's error codes, with the status of each.
//!
//! # What an error looks like
//!
//! A failed X Ads request carries a status outside the 2xx range and, most
//! of the time, a JSON object with two members:
//!
//! - `errors`: a list of error items. Each item has a `code`, one of the
//!   upper-case constants listed in
//!   [`XAdsErrorCode`], and a `message` in
//!   English meant for people. An item may add detail: the `parameter` at
//!   fault, the `value` it was given, and free-form `details`.
//! - `request`: the API's reading of the request, with its `params` echoed
//!   back (the same node a successful response carries).
//!
//! ```json
//! {
//!   "errors": [
//!     {
//!       "code": "MISSING_PARAMETER",
//!       "message": "entity_ids is required",
//!       "parameter": "entity_ids"
//!     }
//!   ],
//!   "request": { "params": { "account_id": "18ce54d4x5t" } }
//! }
//! ```
//!
//! Not every error has such a body: the API sometimes answers with HTML or
//! another format (a 404 with an HTML page, for instance). Then the HTTP
//! status alone tells what happened, which is why every code here keeps its
//! documented status and why an unknown or missing code falls back on it.
//!
//! # Statuses that say less than the code
//!
//! X Ads answers a few "does not exist" cases with 403 (`ACCOUNT_NOT_FOUND`,
//! `USER_NOT_FOUND`), a few malformed values with 404
//! (`INVALID_ID_ILLEGAL_CHARACTERS`, `INVALID_APP_STORE`,
//! `INVALID_IAB_CATEGORY`) and a lack of credit with 403
//! (`FUNDING_INSTRUMENT_EXCEEDS_AVAILABLE_CREDIT_LIMIT`). Those variants set
//! their [`ErrorKind`](crate::ErrorKind) from the meaning of the code; every
//! other variant takes it from its status.
//! The API documents no retry advice per code, so retrying follows the status
//! ([`RetryAdvice::from_status`](crate::RetryAdvice::from_status)).
//!
//! ```
//! use api_error_codes::x_ads::XAdsErrorCode;
//! use api_error_codes::{ApiErrorCode, ErrorKind};
//!
//! let code = XAdsErrorCode::from_code("ACCOUNT_NOT_FOUND").unwrap();
//! assert_eq!(code.status(), 403);
//! assert_eq!(code.kind(), ErrorKind::NotFound);
//! assert!(!code.is_retryable());
//! assert!(XAdsErrorCode::TooManyRequests.retry().honors_retry_after());
//! ```

use crate::response::IntoStatus;
use crate::{ApiError, ApiErrorCode, HeaderSource};

/// An error code of the X Ads API, with the HTTP status its documentation
/// gives.
///
/// The list follows the API's current error page. It is `#[non_exhaustive]`
/// because the API adds codes over time; a response with a code this version
/// does not know is still parsed, keeping the raw string.
#[non_exhaustive]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, ApiErrorCode)]
pub enum XAdsErrorCode {
    /// The ads account is locked and refuses requests. Someone with access to
    /// the account has to resolve it; retrying will not help.
    #[code(403, "ACCOUNT_LOCKED_OUT")]
    AccountLockedOut,
    /// No media item with the given id exists in the account's media library.
    /// Check the id, or list the account's media first.
    #[code(404, "ACCOUNT_MEDIA_NOT_FOUND")]
    AccountMediaNotFound,
    /// The ads account id names no account the caller can see, even though the
    /// status is 403. Check the id and that the user has access to it.
    #[code(403, "ACCOUNT_NOT_FOUND", kind = NotFound)]
    AccountNotFound,
    /// The caller may not perform this operation on the resource. Check the
    /// user's role on the account before trying again.
    #[code(403, "ACTION_NOT_ALLOWED")]
    ActionNotAllowed,
    /// The app event provider configuration that was referenced does not
    /// exist. Check its id or create the configuration first.
    #[code(404, "APP_EVENT_PROVIDER_CONFIGURATION_NOT_FOUND")]
    AppEventProviderConfigurationNotFound,
    /// The app event tag that was referenced does not exist in the account.
    /// Check the tag id.
    #[code(404, "APP_EVENT_TAG_NOT_FOUND")]
    AppEventTagNotFound,
    /// The behavior (or expanded behavior) targeting value is unknown. Pick a
    /// value from the current list of behaviors.
    #[code(404, "BEHAVIOR_OR_BEHAVIOR_EXPANDED_NOT_FOUND")]
    BehaviorOrBehaviorExpandedNotFound,
    /// The campaign id names no campaign in the account; it may be wrong or
    /// the campaign may have been deleted.
    #[code(404, "CAMPAIGN_NOT_FOUND")]
    CampaignNotFound,
    /// The server gave up on the request before completing it. It may succeed
    /// if sent again after a pause.
    #[code(408, "CANCELLED_REQUEST")]
    CancelledRequest,
    /// The card id names no card in the account. Check the id.
    #[code(404, "CARD_NOT_FOUND")]
    CardNotFound,
    /// The authenticated user has been suspended and cannot use the API until
    /// the suspension is lifted.
    #[code(403, "CURRENT_USER_SUSPENDED")]
    CurrentUserSuspended,
    /// The post would repeat one that already exists, which is refused. Change
    /// its text or reuse the existing post.
    #[code(400, "DUPLICATE_TWEET")]
    DuplicateTweet,
    /// Parameters that may not be combined were sent together. Keep only one of
    /// them.
    #[code(400, "EXCLUSIVE_PARAMETERS")]
    ExclusiveParameters,
    /// The requested feature is not enabled for this account or request. It is
    /// the one code the current error page lists and the older one does not.
    #[code(400, "FEATURE_NOT_AVAILABLE")]
    FeatureNotAvailable,
    /// The caller may not use this funding instrument. Use one that belongs to
    /// the account, or ask for access.
    #[code(403, "FUNDING_INSTRUMENT_ACCESS_NOT_ALLOWED")]
    FundingInstrumentAccessNotAllowed,
    /// The spend asked for goes beyond the credit still available on the
    /// funding instrument. Lower the amount or add credit; a money matter
    /// rather than a permission, whatever the 403 suggests.
    #[code(403, "FUNDING_INSTRUMENT_EXCEEDS_AVAILABLE_CREDIT_LIMIT", kind = PaymentRequired)]
    FundingInstrumentExceedsAvailableCreditLimit,
    /// The funding instrument id names no instrument in the account. Check the
    /// id.
    #[code(404, "FUNDING_INSTRUMENT_NOT_FOUND")]
    FundingInstrumentNotFound,
    /// The post was refused for a reason the code does not spell out. Read the
    /// message for the detail.
    #[code(403, "GENERIC_TWEET_ERROR")]
    GenericTweetError,
    /// A value contains characters the API does not accept. Remove or replace
    /// them.
    #[code(400, "ILLEGAL_CHARACTERS")]
    IllegalCharacters,
    /// A parameter was sent without another one it must come with. Send both.
    #[code(400, "INCLUSIVE_PARAMETERS")]
    InclusiveParameters,
    /// Something failed inside the API. The same request may work on a later
    /// attempt.
    #[code(500, "INTERNAL_ERROR")]
    InternalError,
    /// The app id does not name an app in the given app store. Check the id
    /// and the store.
    #[code(404, "INVALID_APP_ID")]
    InvalidAppId,
    /// The app store value is not one the API knows: a bad value in the
    /// request rather than a missing resource, despite the 404.
    #[code(404, "INVALID_APP_STORE", kind = InvalidRequest)]
    InvalidAppStore,
    /// The currency or unit of an amount is not accepted. Use the currency of
    /// the funding instrument.
    #[code(400, "INVALID_DENOMINATION")]
    InvalidDenomination,
    /// The funding instrument cannot be used for this request, for instance
    /// because it is expired or of the wrong type. Pick another one.
    #[code(400, "INVALID_FUNDING_INSTRUMENT")]
    InvalidFundingInstrument,
    /// The IAB content category is not a known category: a bad value in the
    /// request rather than a missing resource, despite the 404.
    #[code(404, "INVALID_IAB_CATEGORY", kind = InvalidRequest)]
    InvalidIabCategory,
    /// An id in the path or parameters holds characters no id can have. The
    /// request is malformed; fix the id rather than looking for the resource.
    #[code(404, "INVALID_ID_ILLEGAL_CHARACTERS", kind = InvalidRequest)]
    InvalidIdIllegalCharacters,
    /// The image could not be accepted: its format, size or dimensions are not
    /// supported. Upload a conforming image.
    #[code(400, "INVALID_IMAGE")]
    InvalidImage,
    /// The media could not be accepted for this use. Check its type and
    /// specifications.
    #[code(400, "INVALID_MEDIA")]
    InvalidMedia,
    /// The media id is malformed or does not refer to usable media. Upload the
    /// media again and use the new id.
    #[code(400, "INVALID_MEDIA_ID")]
    InvalidMediaId,
    /// A parameter has a value the API rejects; the error item names the
    /// parameter and often the value. Correct it before sending again.
    #[code(400, "INVALID_PARAMETER")]
    InvalidParameter,
    /// The placement type is not valid here. Choose a placement the objective
    /// and product type allow.
    #[code(400, "INVALID_PLACEMENT_TYPE")]
    InvalidPlacementType,
    /// The tailored audience is of a type that cannot be used in this way.
    /// Pick an audience of a suitable type.
    #[code(400, "INVALID_TAILORED_AUDIENCE_TYPE")]
    InvalidTailoredAudienceType,
    /// The targeting type is unknown or not allowed for this line item. Use a
    /// supported targeting type.
    #[code(400, "INVALID_TARGETING_TYPE")]
    InvalidTargetingType,
    /// The start and end times do not form a window the API accepts. Adjust
    /// the dates.
    #[code(400, "INVALID_TIME_WINDOW")]
    InvalidTimeWindow,
    /// The TV show targeting refers to locations that are not valid for it.
    /// Check the markets the show is offered in.
    #[code(400, "INVALID_TV_SHOW_LOCATIONS")]
    InvalidTvShowLocations,
    /// The post cannot be used for this request, for instance because it
    /// cannot be promoted. Choose another post.
    #[code(400, "INVALID_TWEET")]
    InvalidTweet,
    /// The user cannot be used for this request. Check which user the request
    /// names.
    #[code(400, "INVALID_USER")]
    InvalidUser,
    /// The user id is malformed or not acceptable here. Send a valid numeric
    /// user id.
    #[code(400, "INVALID_USER_ID")]
    InvalidUserId,
    /// The API could not lock the resource in time, usually because another
    /// request was changing it at the same moment. Avoid concurrent changes to
    /// the same entity.
    #[code(423, "LOCK_ACQUISITION_TIMEOUT")]
    LockAcquisitionTimeout,
    /// The app attached to the line item could not be found. Check the app
    /// and the line item ids.
    #[code(404, "LINE_ITEM_APP_NOT_FOUND")]
    LineItemAppNotFound,
    /// The line item id names no line item in the account; it may be wrong or
    /// deleted.
    #[code(404, "LINE_ITEM_NOT_FOUND")]
    LineItemNotFound,
    /// The mobile app referenced for app tracking could not be found. Check
    /// the app's registration.
    #[code(404, "MACT_APP_NOT_FOUND")]
    MactAppNotFound,
    /// Content in the request, such as a link, is flagged as malicious, so it
    /// is refused. Remove or replace it.
    #[code(403, "MALWARE_STATUS")]
    MalwareStatus,
    /// The media creative id names nothing in the account. Check the id.
    #[code(404, "MEDIA_CREATIVE_NOT_FOUND")]
    MediaCreativeNotFound,
    /// The media that was referenced does not exist. Check the id or upload the
    /// media again.
    #[code(404, "MEDIA_NOT_FOUND")]
    MediaNotFound,
    /// The endpoint does not accept this HTTP method. Use the method the
    /// endpoint is documented with.
    #[code(405, "METHOD_NOT_ALLOWED")]
    MethodNotAllowed,
    /// A required parameter is absent; the error item usually names it. Add
    /// it and send again.
    #[code(400, "MISSING_PARAMETER")]
    MissingParameter,
    /// No app event provider is set up for the client application making the
    /// request. Configure one before calling this endpoint.
    #[code(404, "NO_PROVIDER_AVAILABLE_FOR_THIS_CLIENT_APPLICATION")]
    NoProviderAvailableForThisClientApplication,
    /// The requested resource does not exist, or is not visible to the
    /// caller.
    #[code(404, "NOT_FOUND")]
    NotFound,
    /// The user cannot be found among those the account may promote. Check the
    /// user id.
    #[code(404, "PROMOTABLE_USER_NOT_FOUND")]
    PromotableUserNotFound,
    /// The promoted account id names nothing in the account; it may be wrong
    /// or deleted.
    #[code(404, "PROMOTED_ACCOUNT_NOT_FOUND")]
    PromotedAccountNotFound,
    /// The promoted post id names nothing in the account; it may be wrong or
    /// deleted.
    #[code(404, "PROMOTED_TWEET_NOT_FOUND")]
    PromotedTweetNotFound,
    /// The client application only has read access, so it may not change
    /// anything. Grant it write access and authorize again.
    #[code(403, "READONLY_CLIENT_APPLICATION")]
    ReadonlyClientApplication,
    /// The request asks for too much at once. Split it into smaller requests
    /// or narrow it.
    #[code(400, "REQUEST_TOO_COMPLEX")]
    RequestTooComplex,
    /// No endpoint exists at this path. Check the URL and the API version in
    /// it.
    #[code(404, "ROUTE_NOT_FOUND")]
    RouteNotFound,
    /// The API is temporarily out of service. Try again later with backoff.
    #[code(503, "SERVICE_UNAVAILABLE")]
    ServiceUnavailable,
    /// The API has more load than it can take right now. Try again later with
    /// backoff.
    #[code(503, "OVER_CAPACITY")]
    OverCapacity,
    /// The amount to spend is larger than the budget allows. Lower the amount
    /// or raise the budget.
    #[code(400, "SPEND_EXCEEDS_BUDGET")]
    SpendExceedsBudget,
    /// The change file of the tailored audience could not be found. Check its
    /// id.
    #[code(404, "TAILORED_AUDIENCE_CHANGE_FILE_NOT_FOUND")]
    TailoredAudienceChangeFileNotFound,
    /// The tailored audience id names no audience in the account; it may be
    /// wrong or deleted.
    #[code(404, "TAILORED_AUDIENCE_NOT_FOUND")]
    TailoredAudienceNotFound,
    /// The tailored audience used for targeting, or its expanded form, does
    /// not exist. Check the audience id.
    #[code(404, "TAILORED_AUDIENCE_OR_TAILORED_AUDIENCE_EXPANDED_NOT_FOUND")]
    TailoredAudienceOrTailoredAudienceExpandedNotFound,
    /// The targeting criterion id names nothing in the account; it may be
    /// wrong or deleted.
    #[code(404, "TARGETING_CRITERION_NOT_FOUND")]
    TargetingCriterionNotFound,
    /// The account has reached its limit of campaigns. Delete or archive some
    /// before creating more.
    #[code(400, "TOO_MANY_CAMPAIGNS")]
    TooManyCampaigns,
    /// The campaign has reached its limit of line items. Remove some before
    /// adding more.
    #[code(400, "TOO_MANY_LINE_ITEMS")]
    TooManyLineItems,
    /// The caller has sent more requests than its rate limit allows. Wait for
    /// the window to reset before sending more.
    #[code(429, "TOO_MANY_REQUESTS")]
    TooManyRequests,
    /// The TV show is not offered in the market the request targets. Choose a
    /// show from that market.
    #[code(400, "TV_SHOW_OUTSIDE_MARKET")]
    TvShowOutsideMarket,
    /// The post has no text where some is required. Provide the text.
    #[code(400, "TWEET_CANNOT_BE_BLANK")]
    TweetCannotBeBlank,
    /// The post was judged to be spam and refused. Change its content rather
    /// than retrying.
    #[code(403, "TWEET_IS_SPAM")]
    TweetIsSpam,
    /// The post id names no post the caller can see; it may be wrong or
    /// deleted.
    #[code(404, "TWEET_NOT_FOUND")]
    TweetNotFound,
    /// The user has created posts faster than allowed. Wait before creating
    /// more.
    #[code(429, "TWEET_RATE_LIMIT_EXCEEDED")]
    TweetRateLimitExceeded,
    /// The request is not authenticated, or its credentials are not valid.
    /// Check the OAuth tokens and signature.
    #[code(401, "UNAUTHORIZED_ACCESS")]
    UnauthorizedAccess,
    /// The client application is not approved for the Ads API. It must be
    /// granted access before it can make this call.
    #[code(403, "UNAUTHORIZED_CLIENT_APPLICATION")]
    UnauthorizedClientApplication,
    /// The card type is not one the API knows. Use a supported card type.
    #[code(400, "UNKNOWN_CARD_TYPE")]
    UnknownCardType,
    /// The targeting criteria type is not one the API knows. Use a supported
    /// criteria type.
    #[code(400, "UNKNOWN_CRITERIA_TYPE")]
    UnknownCriteriaType,
    /// The user named in the request does not exist, even though the status is
    /// 403. Check the user id or handle.
    #[code(403, "USER_NOT_FOUND", kind = NotFound)]
    UserNotFound,
    /// The website event tag id names no tag in the account. Check the id.
    #[code(404, "WEB_EVENT_TAG_NOT_FOUND")]
    WebEventTagNotFound,
}

/// Parses an X Ads error response. Never fails.
///
/// Every item of `errors` is kept in order, with its `parameter`, `value`
/// and `details`; `request.params` is available as
/// [`ApiError::request_params`]; `x-rate-limit-limit`, `-remaining` and
/// `-reset` as [`ApiError::rate_limit`]. A body that is not X Ads JSON (an
/// HTML 404 page, say) gives an error judged by its status.
///
/// ```
/// use api_error_codes::x_ads::{self, XAdsErrorCode};
///
/// let body = br#"{"errors":[{"parameter":"start_time","details":"invalid date",
///     "code":"INVALID_PARAMETER","value":"","message":"Expected time, got \"\" for start_time"}],
///     "request":{"params":{"account_id":"hkk5"}}}"#;
/// let error = x_ads::parse(400, &[("x-rate-limit-reset", "1700000000")], body);
/// assert_eq!(error.variant(), Some(XAdsErrorCode::InvalidParameter));
/// assert_eq!(error.errors()[0].parameter(), Some("start_time"));
/// assert_eq!(error.errors()[0].value(), Some(""));
/// ```
pub fn parse<H: HeaderSource + ?Sized>(
    status: impl IntoStatus,
    headers: &H,
    body: &[u8],
) -> ApiError<XAdsErrorCode> {
    ApiError::parse(status, headers, body)
}

/// Parses an `http::Response` whose body is in memory; see [`parse`].
#[cfg(feature = "http")]
#[cfg_attr(docsrs, doc(cfg(feature = "http")))]
pub fn parse_response<B: AsRef<[u8]>>(response: &http::Response<B>) -> ApiError<XAdsErrorCode> {
    parse(
        response.status().as_u16(),
        response.headers(),
        response.body().as_ref(),
    )
}
