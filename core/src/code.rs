//! The [`ApiErrorCode`] trait and the error its `FromStr` reports.

use core::fmt;

use crate::text::contains_phrase;
use crate::{ErrorKind, RetryAdvice};

/// A closed catalog of an API's documented error codes.
///
/// Implement it with `#[derive(ApiErrorCode)]`: each unit variant carries
/// `#[code(STATUS, "CODE", ...)]`, and the derive checks the table at compile
/// time (see the crate documentation for the grammar). Every fact is a
/// constant: lookups allocate nothing and [`ALL`](Self::ALL) is a `const`
/// slice.
///
/// ```
/// use api_error_codes::{ApiErrorCode, ErrorKind};
///
/// /// Errors of the payments API.
/// #[derive(Debug, Clone, Copy, PartialEq, Eq, ApiErrorCode)]
/// #[api_error(docs_url = "https://payments.example/errors#{code}")]
/// pub enum PaymentsError {
///     /// The account is locked; a person has to act.
///     #[code(403, "ACCOUNT_LOCKED_OUT")]
///     AccountLockedOut,
///     /// Too many requests; wait as long as the server asks.
///     #[code(429, "rate_limited", retry(honor_retry_after))]
///     RateLimited,
/// }
///
/// let locked = PaymentsError::from_code("ACCOUNT_LOCKED_OUT").unwrap();
/// assert_eq!(locked, PaymentsError::AccountLockedOut);
/// assert_eq!(locked.status(), 403);
/// assert_eq!(locked.kind(), ErrorKind::PermissionDenied);
/// assert!(!locked.is_retryable());
/// assert_eq!(locked.description(), "The account is locked; a person has to act.");
/// assert_eq!(locked.docs_url(), Some("https://payments.example/errors#ACCOUNT_LOCKED_OUT"));
/// assert_eq!(PaymentsError::ALL.len(), 2);
/// assert_eq!(PaymentsError::from_code("account_locked_out"), None); // exact match only
/// ```
pub trait ApiErrorCode: Copy + Send + Sync + 'static {
    /// Every variant, in declaration order.
    const ALL: &'static [Self];

    /// The catalog's name (the enum's identifier), used in messages.
    const NAME: &'static str;

    /// Whether every variant has a code of its own (no two share one, as the
    /// Amazon Ads 401 cases do). The derive sets it; it lets
    /// [`classify`](Self::classify) answer with a single lookup when a code
    /// is given.
    const CODES_ARE_UNIQUE: bool = false;

    /// Where this API keeps its code, message, request id and success flag
    /// in bodies the known shapes do not cover (`#[api_error(body(...))]`
    /// in the derive); `None`, the default, reads the known shapes alone.
    /// See [`BodyShape`](crate::response::BodyShape).
    const BODY_SHAPE: Option<crate::response::BodyShape> = None;

    /// The HTTP status the API documents for this code.
    fn status(&self) -> u16;

    /// The code string exactly as the API sends it.
    fn code(&self) -> &'static str;

    /// The phrase that tells this variant apart from others sharing its
    /// status and code (`message = "..."` in the derive), if any.
    fn message_phrase(&self) -> Option<&'static str>;

    /// The variant's identifier, as written in the enum.
    fn variant_name(&self) -> &'static str;

    /// Other spellings of the code that the API has been seen sending
    /// (`alias = "..."` in the derive), which [`from_code`](Self::from_code),
    /// [`classify`](Self::classify), `FromStr` and serde accept as the code
    /// itself; [`code`](Self::code) never gives them. Empty by default.
    fn aliases(&self) -> &'static [&'static str] {
        &[]
    }

    /// The category of the error: from `kind = ...`, else from the status.
    fn kind(&self) -> ErrorKind;

    /// The documented retry advice: from `retry...`, else from the status.
    fn retry(&self) -> RetryAdvice;

    /// Whether retrying the same request can succeed.
    fn is_retryable(&self) -> bool {
        self.retry().is_retryable()
    }

    /// The first paragraph of the variant's doc comment; `""` without one.
    ///
    /// The derive also implements `std::error::Error`, whose deprecated
    /// `description` method has the same name: where that trait is imported
    /// too, call this one as `ApiErrorCode::description(&code)`.
    fn description(&self) -> &'static str;

    /// A link to the code's documentation, from the enum's `docs_url`
    /// template (or the variant's own `docs_url`).
    fn docs_url(&self) -> Option<&'static str>;

    /// Every variant whose code is exactly `code`, or whose code `code` is
    /// an alias of, in declaration order; empty when none is.
    /// Case-sensitive, allocates nothing.
    fn all_with_code(code: &str) -> &'static [Self];

    /// The variant whose code is exactly `code` (case-sensitive); where
    /// several share it, the first declared. Allocates nothing.
    fn from_code(code: &str) -> Option<Self> {
        Self::all_with_code(code).first().copied()
    }

    /// Every variant documented with `status`, in declaration order.
    fn all_with_status(status: u16) -> impl Iterator<Item = Self> {
        Self::ALL
            .iter()
            .copied()
            .filter(move |variant| variant.status() == status)
    }

    /// The most specific variant for what a response carried.
    ///
    /// - With a code that is the status as a number (`"401"` with 401): as
    ///   without a code, else as with any other code.
    /// - With a code: among the variants with that code, those documented
    ///   with `status` come first (a code is more specific than a status, so
    ///   a code seen with another status still matches). Among them, the one
    ///   whose phrase occurs in `message` (ASCII case-insensitive, within its
    ///   first [`PHRASE_SCAN_LIMIT`](crate::PHRASE_SCAN_LIMIT) bytes) wins, else
    ///   the one without a phrase, else the first. An unknown code gives
    ///   `None`: the caller keeps the raw string and judges by the status.
    /// - Without a code: among the variants documented with `status`, the one
    ///   whose phrase occurs in `message`, else the single code without a
    ///   phrase. When several codes share the status and nothing tells them
    ///   apart, the answer is `None` rather than a guess.
    ///
    /// ```
    /// use api_error_codes::ApiErrorCode;
    ///
    /// #[derive(Debug, Clone, Copy, PartialEq, Eq, ApiErrorCode)]
    /// enum AdsError {
    ///     #[code(401, "UNAUTHORIZED")]
    ///     Unauthorized,
    ///     #[code(401, "UNAUTHORIZED", message = "scope header is missing")]
    ///     ScopeHeaderMissing,
    ///     #[code(429, "THROTTLED")]
    ///     Throttled,
    /// }
    ///
    /// let msg = Some("Amazon-Advertising-API-Scope header is missing");
    /// assert_eq!(AdsError::classify(401, Some("UNAUTHORIZED"), msg), Some(AdsError::ScopeHeaderMissing));
    /// assert_eq!(AdsError::classify(401, Some("UNAUTHORIZED"), None), Some(AdsError::Unauthorized));
    /// assert_eq!(AdsError::classify(429, None, None), Some(AdsError::Throttled));
    /// assert_eq!(AdsError::classify(429, Some("SOMETHING_NEW"), None), None);
    /// ```
    fn classify(status: u16, code: Option<&str>, message: Option<&str>) -> Option<Self> {
        match code {
            // A code that only repeats the status (Amazon Ads' `"401"`)
            // weighs no more than the status: the message decides among the
            // variants of that status, as it does without a code. (The
            // length test first keeps every other code off this path.)
            Some(code) if code.len() == 3 && crate::response::repeats_status(code, status) => {
                pick_unambiguous(Self::all_with_status(status), message).or_else(|| {
                    let group = Self::all_with_code(code);
                    pick(group.iter().copied(), message).or_else(|| group.first().copied())
                })
            }
            // With unique codes, the code alone decides: the rules below
            // would pick the one variant it names whatever the status.
            Some(code) if Self::CODES_ARE_UNIQUE => Self::from_code(code),
            Some(code) => {
                let group = Self::all_with_code(code);
                let same_status = || group.iter().copied().filter(|v| v.status() == status);
                pick(same_status(), message)
                    .or_else(|| same_status().next())
                    .or_else(|| pick(group.iter().copied(), message))
                    .or_else(|| group.first().copied())
            }
            None => pick_unambiguous(Self::all_with_status(status), message),
        }
    }
}

/// The candidate whose phrase occurs in `message`, else the first without a
/// phrase.
fn pick<E: ApiErrorCode>(candidates: impl Iterator<Item = E>, message: Option<&str>) -> Option<E> {
    pick_by_phrase(candidates, message).map(|Picked { variant, .. }| variant)
}

/// Like [`pick`], but gives up when the phrase-less candidates carry
/// different codes: the status alone does not say which one it was.
fn pick_unambiguous<E: ApiErrorCode>(
    candidates: impl Iterator<Item = E>,
    message: Option<&str>,
) -> Option<E> {
    pick_by_phrase(candidates, message)
        .filter(|picked| !picked.ambiguous)
        .map(|picked| picked.variant)
}

/// What [`pick_by_phrase`] found.
struct Picked<E> {
    variant: E,
    /// Chosen for want of a phrase, among phrase-less candidates with
    /// different codes.
    ambiguous: bool,
}

/// The candidate whose phrase occurs in `message`; else the first without a
/// phrase, noting whether others without one had another code.
fn pick_by_phrase<E: ApiErrorCode>(
    candidates: impl Iterator<Item = E>,
    message: Option<&str>,
) -> Option<Picked<E>> {
    let mut without_phrase: Option<Picked<E>> = None;
    for candidate in candidates {
        match (candidate.message_phrase(), &mut without_phrase) {
            (Some(phrase), _) => {
                if message.is_some_and(|message| contains_phrase(message, phrase)) {
                    return Some(Picked {
                        variant: candidate,
                        ambiguous: false,
                    });
                }
            }
            (None, None) => {
                without_phrase = Some(Picked {
                    variant: candidate,
                    ambiguous: false,
                });
            }
            (None, Some(first)) => first.ambiguous |= first.variant.code() != candidate.code(),
        }
    }
    without_phrase
}

/// The error of a derived `FromStr`: the string is not a code of the catalog.
///
/// ```
/// use api_error_codes::ApiErrorCode;
///
/// #[derive(Debug, Clone, Copy, PartialEq, Eq, ApiErrorCode)]
/// enum Shop {
///     #[code(404, "NOT_FOUND")]
///     NotFound,
/// }
///
/// let err = "GONE".parse::<Shop>().unwrap_err();
/// assert_eq!(err.code(), "GONE");
/// assert_eq!(err.to_string(), r#"unknown Shop code "GONE""#);
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownCode {
    catalog: &'static str,
    code: String,
}

impl UnknownCode {
    /// Longest excerpt of the code that `Display` shows.
    const DISPLAY_LIMIT: usize = 64;

    /// An unknown `code` for the catalog named `catalog`.
    #[must_use]
    pub fn new(catalog: &'static str, code: &str) -> UnknownCode {
        UnknownCode {
            catalog,
            code: code.to_owned(),
        }
    }

    /// The code that was not found, exactly as given.
    #[must_use]
    pub fn code(&self) -> &str {
        &self.code
    }

    /// The name of the catalog that was searched.
    #[must_use]
    pub fn catalog(&self) -> &'static str {
        self.catalog
    }
}

impl fmt::Display for UnknownCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The code comes from outside; escape it and cap its length so a
        // hostile value cannot forge log lines or flood them.
        write!(f, "unknown {} code \"", self.catalog)?;
        let mut chars = self.code.chars();
        for c in chars.by_ref().take(Self::DISPLAY_LIMIT) {
            write!(f, "{}", c.escape_debug())?;
        }
        if chars.next().is_some() {
            f.write_str("...")?;
        }
        f.write_str("\"")
    }
}

impl std::error::Error for UnknownCode {}
