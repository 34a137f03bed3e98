//! Catalogs as rows: [`CodeInfo`] for one code, [`Catalog`] for a whole
//! enum behind a name, and [`Explanation`], what a catalog says about a code
//! string.

use serde::ser::{Serialize, SerializeStruct, Serializer};

use crate::{ApiErrorCode, ErrorKind, RetryAdvice};

/// Every fact a catalog holds about one code, as plain data.
///
/// Built from a derived catalog's variant with [`CodeInfo::of`], where every
/// field but the phrase and the link is known; or with [`CodeInfo::new`] for
/// a hand-written list of codes that carry no status, kind or retry advice.
///
/// It serializes to a JSON object with the fields below, plus
/// `retry_advice`: the advice in words (`"do not retry"`), next to `retry`,
/// the same advice as data.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct CodeInfo {
    /// The code string exactly as the API sends it.
    pub code: &'static str,
    /// The variant's identifier in its enum, when there is one.
    pub variant: Option<&'static str>,
    /// The documented HTTP status.
    pub status: Option<u16>,
    /// The category of the error.
    pub kind: Option<ErrorKind>,
    /// The documented retry advice.
    pub retry: Option<RetryAdvice>,
    /// The phrase of the message that tells this variant apart from others
    /// with the same code.
    pub message_phrase: Option<&'static str>,
    /// What the code means and what to do about it; `""` when undocumented.
    pub description: &'static str,
    /// A link to the code's documentation.
    pub docs_url: Option<&'static str>,
    /// Other spellings of the code that the API has sent and lookups
    /// accept (see [`ApiErrorCode::aliases`]).
    pub aliases: &'static [&'static str],
}

impl CodeInfo {
    /// Every fact `variant` carries.
    ///
    /// ```
    /// use api_error_codes::catalog::CodeInfo;
    /// use api_error_codes::x_ads::XAdsErrorCode;
    /// use api_error_codes::ErrorKind;
    ///
    /// let info = CodeInfo::of(XAdsErrorCode::AccountNotFound);
    /// assert_eq!(info.code, "ACCOUNT_NOT_FOUND");
    /// assert_eq!(info.status, Some(403));
    /// assert_eq!(info.kind, Some(ErrorKind::NotFound));
    /// ```
    #[must_use]
    pub fn of<E: ApiErrorCode>(variant: E) -> CodeInfo {
        CodeInfo {
            code: variant.code(),
            variant: Some(variant.variant_name()),
            status: Some(variant.status()),
            kind: Some(variant.kind()),
            retry: Some(variant.retry()),
            message_phrase: variant.message_phrase(),
            description: variant.description(),
            docs_url: variant.docs_url(),
            aliases: variant.aliases(),
        }
    }

    /// A code known only by its string and description, for catalogs not
    /// written with the derive (codes shown to people rather than sent in
    /// HTTP responses, say). Every other field is `None`.
    #[must_use]
    pub const fn new(code: &'static str, description: &'static str) -> CodeInfo {
        CodeInfo {
            code,
            variant: None,
            status: None,
            kind: None,
            retry: None,
            message_phrase: None,
            description,
            docs_url: None,
            aliases: &[],
        }
    }
}

impl Serialize for CodeInfo {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut s = serializer.serialize_struct("CodeInfo", 10)?;
        s.serialize_field("code", self.code)?;
        s.serialize_field("variant", &self.variant)?;
        s.serialize_field("status", &self.status)?;
        s.serialize_field("kind", &self.kind)?;
        s.serialize_field("retry", &self.retry)?;
        s.serialize_field("retry_advice", &self.retry.map(|r| r.to_string()))?;
        s.serialize_field("message_phrase", &self.message_phrase)?;
        s.serialize_field("description", self.description)?;
        s.serialize_field("docs_url", &self.docs_url)?;
        s.serialize_field("aliases", self.aliases)?;
        s.end()
    }
}

/// One catalog behind a short name: its codes as [`CodeInfo`] rows, lookups
/// for people, and a Markdown table.
///
/// ```
/// use api_error_codes::catalog::Catalog;
/// use api_error_codes::ApiErrorCode;
///
/// /// Errors of the payments API.
/// #[derive(Debug, Clone, Copy, PartialEq, Eq, ApiErrorCode)]
/// pub enum PaymentsError {
///     /// The account is locked; a person has to act.
///     #[code(403, "ACCOUNT_LOCKED_OUT")]
///     AccountLockedOut,
///     /// Too many requests: wait | then retry.
///     #[code(429, "rate_limited", retry(honor_retry_after))]
///     RateLimited,
/// }
///
/// let payments = Catalog::of::<PaymentsError>("payments", "Payments API");
/// assert_eq!(payments.with_status(429)[0].code, "rate_limited");
///
/// let table = payments.to_markdown();
/// assert!(table.starts_with("# Payments API error codes\n"));
/// assert!(table.contains(
///     "| 429 | `rate_limited` | rate_limited | retry, after Retry-After | Too many requests: wait \\| then retry. |"
/// ));
/// ```
#[derive(Debug, Clone, Copy)]
pub struct Catalog {
    /// A short kebab-case name for command lines and file names: `x-ads`.
    pub name: &'static str,
    /// The API's name for people: `X Ads API`.
    pub title: &'static str,
    /// The name of the enum the rows come from: `XAdsErrorCode`.
    pub enum_name: &'static str,
    // A function rather than a slice: the rows are built from trait
    // methods, which cannot run in a constant.
    codes: fn() -> Vec<CodeInfo>,
}

impl Catalog {
    /// The catalog of a derived enum, called `name` on command lines and
    /// `title` for people.
    #[must_use]
    pub const fn of<E: ApiErrorCode>(name: &'static str, title: &'static str) -> Catalog {
        Catalog {
            name,
            title,
            enum_name: E::NAME,
            codes: codes_of::<E>,
        }
    }

    /// A catalog whose rows `codes` lists, for enums written without the
    /// derive (see [`CodeInfo::new`]).
    #[must_use]
    pub const fn new(
        name: &'static str,
        title: &'static str,
        enum_name: &'static str,
        codes: fn() -> Vec<CodeInfo>,
    ) -> Catalog {
        Catalog {
            name,
            title,
            enum_name,
            codes,
        }
    }

    /// Every code, in declaration order.
    #[must_use]
    pub fn codes(&self) -> Vec<CodeInfo> {
        (self.codes)()
    }

    /// Every code documented with `status`, in declaration order.
    #[must_use]
    pub fn with_status(&self, status: u16) -> Vec<CodeInfo> {
        let mut codes = self.codes();
        codes.retain(|info| info.status == Some(status));
        codes
    }

    /// What the catalog says about `code`, seen (if `seen_status` is given)
    /// in a response with that status.
    ///
    /// The match is exact, as the APIs compare codes, against each code and
    /// its aliases. When nothing matches, the explanation suggests the
    /// nearest documented codes: first one that differs only in case or
    /// punctuation (`account-locked-out` for `ACCOUNT_LOCKED_OUT`) or whose
    /// variant is spelled so (`AccountLockedOut`); then, as cargo does for a
    /// mistyped command, those within a small edit distance (`QuotaExceded`)
    /// and those the query begins (`ACCOUNT_LOCKED` for
    /// `ACCOUNT_LOCKED_OUT`, `rate_limit` for `rate_limited`).
    ///
    /// ```
    /// use api_error_codes::catalog;
    ///
    /// let sp_api = catalog::find("sp-api").unwrap();
    /// assert_eq!(sp_api.explain("QuotaExceded", None).did_you_mean.unwrap().code, "QuotaExceeded");
    /// let x_ads = catalog::find("x-ads").unwrap();
    /// assert_eq!(x_ads.explain("ACCOUNT_LOCKED", None).did_you_mean.unwrap().code, "ACCOUNT_LOCKED_OUT");
    /// ```
    ///
    /// ```
    /// use api_error_codes::catalog;
    /// use api_error_codes::ErrorKind;
    ///
    /// let x_ads = catalog::find("x-ads").unwrap();
    /// let new_code = x_ads.explain("SOMETHING_NEW", Some(503));
    /// assert!(!new_code.is_documented());
    /// assert_eq!(new_code.kind(), Some(ErrorKind::Unavailable)); // judged by its status
    /// assert!(new_code.retry().unwrap().is_retryable());
    /// ```
    #[must_use]
    pub fn explain(&self, code: &str, seen_status: Option<u16>) -> Explanation {
        let codes = self.codes();
        let mut matches: Vec<CodeInfo> = codes
            .iter()
            .copied()
            .filter(|c| c.code == code || c.aliases.contains(&code))
            .collect();
        // The order `ApiErrorCode::classify` prefers without a message: the
        // seen status first (the sort is stable, declaration order breaks
        // ties), then the variant that needs no phrase.
        matches.sort_by_key(|c| {
            let other_status = seen_status.is_some_and(|seen| c.status != Some(seen));
            (other_status, c.message_phrase.is_some())
        });
        let suggestions = if matches.is_empty() {
            suggest(&codes, code)
        } else {
            Vec::new()
        };
        Explanation {
            api: self.name,
            catalog: self.enum_name,
            code: code.to_owned(),
            seen_status,
            matches,
            did_you_mean: suggestions.first().copied(),
            suggestions,
        }
    }
}

/// What a catalog says about a code string; see [`Catalog::explain`].
///
/// It serializes to one JSON object with the same fields whether or not the
/// code is documented: `api`, `catalog`, `code` (as asked), `documented`,
/// `seen_status`, then the facts of the best match (`variant`, `status`,
/// `kind`, `retry`, `retry_advice`, `message_phrase`, `description`,
/// `docs_url`; `null` when undocumented, except that `kind` and `retry`
/// then follow `seen_status`), `same_code` (the other variants with this
/// code, told apart by their message phrase) and `did_you_mean` (a code
/// string or `null`).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Explanation {
    /// The catalog's short name: `x-ads`.
    pub api: &'static str,
    /// The enum's name: `XAdsErrorCode`.
    pub catalog: &'static str,
    /// The code as asked about.
    pub code: String,
    /// The status the code was seen with, if given.
    pub seen_status: Option<u16>,
    /// Every variant with exactly this code, the best fit first; empty when
    /// the code is undocumented. Several variants share a code when the
    /// message tells them apart.
    pub matches: Vec<CodeInfo>,
    /// For an undocumented code, the documented one it was most probably
    /// meant to be: the first of [`suggestions`](Self::suggestions).
    pub did_you_mean: Option<CodeInfo>,
    /// For an undocumented code, the nearest documented ones, best first
    /// (at most five).
    pub suggestions: Vec<CodeInfo>,
}

impl Explanation {
    /// Whether the catalog lists the code.
    #[must_use]
    pub fn is_documented(&self) -> bool {
        !self.matches.is_empty()
    }

    /// The category: the code's own, else (for an undocumented code) the one
    /// the seen status gives, as a client would judge the response.
    #[must_use]
    pub fn kind(&self) -> Option<ErrorKind> {
        match self.matches.first() {
            Some(best) => best.kind,
            None => self.seen_status.map(ErrorKind::from_status),
        }
    }

    /// The retry advice: the code's own, else the one the seen status gives.
    #[must_use]
    pub fn retry(&self) -> Option<RetryAdvice> {
        match self.matches.first() {
            Some(best) => best.retry,
            None => self.seen_status.map(RetryAdvice::from_status),
        }
    }
}

impl Serialize for Explanation {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let best = self.matches.first();
        let retry = self.retry();
        let mut s = serializer.serialize_struct("Explanation", 17)?;
        s.serialize_field("api", self.api)?;
        s.serialize_field("catalog", self.catalog)?;
        s.serialize_field("code", &self.code)?;
        s.serialize_field("documented", &self.is_documented())?;
        s.serialize_field("seen_status", &self.seen_status)?;
        s.serialize_field("variant", &best.and_then(|b| b.variant))?;
        s.serialize_field("status", &best.and_then(|b| b.status))?;
        s.serialize_field("kind", &self.kind())?;
        s.serialize_field("retry", &retry)?;
        s.serialize_field("retry_advice", &retry.map(|r| r.to_string()))?;
        s.serialize_field("message_phrase", &best.and_then(|b| b.message_phrase))?;
        s.serialize_field("description", &best.map(|b| b.description))?;
        s.serialize_field("docs_url", &best.and_then(|b| b.docs_url))?;
        s.serialize_field("same_code", self.matches.get(1..).unwrap_or_default())?;
        s.serialize_field("did_you_mean", &self.did_you_mean.map(|c| c.code))?;
        let suggested: Vec<&str> = self.suggestions.iter().map(|c| c.code).collect();
        s.serialize_field("suggestions", &suggested)?;
        s.end()
    }
}

fn codes_of<E: ApiErrorCode>() -> Vec<CodeInfo> {
    E::ALL.iter().copied().map(CodeInfo::of).collect()
}

/// The most suggestions [`Catalog::explain`] gives.
const MAX_SUGGESTIONS: usize = 5;

/// The codes `query` was probably meant to be, best first: one equal to
/// it, or to its variant's name, once case and punctuation are ignored;
/// then codes within a small edit distance of it (as cargo suggests
/// commands: at most a third of the query's length, at least one), then
/// codes that it begins or that begin it, all compared in the same loose
/// form.
fn suggest(codes: &[CodeInfo], query: &str) -> Vec<CodeInfo> {
    let query = loose(query);
    // A query of punctuation only would match any code made of it.
    if query.is_empty() {
        return Vec::new();
    }
    let max_distance = (query.chars().count() / 3).max(1);
    let mut ranked: Vec<(usize, usize, CodeInfo)> = Vec::new();
    for (position, info) in codes.iter().enumerate() {
        let spellings = std::iter::once(info.code).chain(info.aliases.iter().copied());
        let mut best: Option<usize> = None;
        for spelling in spellings {
            let code = loose(spelling);
            let rank = if code == query || info.variant.is_some_and(|v| loose(v) == query) {
                Some(0)
            } else if let Some(distance) = edit_distance(&query, &code, max_distance) {
                Some(1 + distance)
            } else if query.chars().count() >= 3
                && (code.starts_with(&query) || query.starts_with(&code))
            {
                Some(2 + max_distance)
            } else {
                None
            };
            best = match (best, rank) {
                (Some(b), Some(r)) => Some(b.min(r)),
                (b, r) => b.or(r),
            };
        }
        if let Some(rank) = best {
            ranked.push((rank, position, *info));
        }
    }
    ranked.sort_by_key(|&(rank, position, _)| (rank, position));
    // One code per string: variants sharing a code (told apart by their
    // message) would otherwise each be suggested.
    let mut out: Vec<CodeInfo> = Vec::new();
    for (_, _, info) in ranked {
        if out.len() == MAX_SUGGESTIONS {
            break;
        }
        if !out.iter().any(|seen| seen.code == info.code) {
            out.push(info);
        }
    }
    out
}

/// The Levenshtein distance between `a` and `b`, if it is at most `limit`
/// (the inputs are short codes; the cost is bounded by their lengths).
fn edit_distance(a: &str, b: &str, limit: usize) -> Option<usize> {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    if a.len().abs_diff(b.len()) > limit {
        return None;
    }
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut current = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            let substitution = previous[j] + usize::from(ca != cb);
            current[j + 1] = substitution.min(previous[j + 1] + 1).min(current[j] + 1);
        }
        previous = current;
    }
    previous
        .last()
        .copied()
        .filter(|&distance| distance <= limit)
}

/// `s` with only its letters and digits, lower-cased: `Account-Locked_Out`
/// -> `accountlockedout`.
fn loose(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}
