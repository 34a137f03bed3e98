//! What `benches/compare.rs` (criterion, wall time) and
//! `benches/instructions.rs` (callgrind, instruction counts) both measure:
//! the contenders, their inputs, and a check that they all agree.

pub mod bodies;
mod codes;

use std::collections::{BTreeMap, HashMap};

use api_error_codes::x_ads::XAdsErrorCode;
use api_error_codes::{amazon_ads, amazon_scraper, sp_api, x_ads, ApiErrorCode, Code};
use serde::Deserialize;

/// The alternatives, all from the same list of codes: strum's `EnumString`
/// and serde's `Deserialize` derives on a twin of `XAdsErrorCode`, a
/// hand-written `match` (what strum generates), a `phf` map and a std
/// `HashMap`.
macro_rules! alternatives {
    ($(($variant:ident, $code:tt)),* $(,)?) => {
        /// `XAdsErrorCode`'s twin, with the derives of the alternatives.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, strum::EnumString, Deserialize)]
        pub enum Twin {
            $(
                #[strum(serialize = $code)]
                #[serde(rename = $code)]
                $variant,
            )*
        }

        impl Twin {
            pub fn ours(self) -> XAdsErrorCode {
                match self {
                    $(Twin::$variant => XAdsErrorCode::$variant,)*
                }
            }
        }

        /// The lookup a user writes by hand.
        pub fn by_match(code: &str) -> Option<Twin> {
            match code {
                $($code => Some(Twin::$variant),)*
                _ => None,
            }
        }

        pub static PHF: phf::Map<&'static str, Twin> = phf::phf_map! {
            $($code => Twin::$variant,)*
        };

        pub fn hash_map() -> HashMap<&'static str, Twin> {
            [$(($code, Twin::$variant)),*].into_iter().collect()
        }
    };
}
codes::with_x_ads_codes!(alternatives);

/// What serde's derive offers for "a known code, else the string": an
/// untagged enum, which buffers the value and tries each variant in turn.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
pub enum UntaggedCode {
    Known(Twin),
    Unknown(String),
}

/// strum's `EnumString` (`FromStr`).
#[inline]
pub fn by_strum(code: &str) -> Option<Twin> {
    code.parse().ok()
}

/// serde's derived `Deserialize`, fed the string directly (no JSON).
#[inline]
pub fn by_serde(code: &str) -> Option<Twin> {
    use serde::de::value::{BorrowedStrDeserializer, Error};
    Twin::deserialize(BorrowedStrDeserializer::<Error>::new(code)).ok()
}

/// Codes a client may meet that the catalog does not list: near misses of
/// listed codes (same length, one byte off, so they walk our lookup as far
/// as a hit does), other case, codes of other APIs, and odd lengths.
pub const UNKNOWN: &[&str] = &[
    "INVALID_PARAMETEX",
    "ACCOUNT_LOCKED_OUR",
    "NOT_FOUNE",
    "TWEET_NOT_FOUNF",
    "MEDIA_NOT_FOUNx",
    "INTERNAL_ERRORS",
    "TOO_MANY_REQUESTZ",
    "UNAUTHORIZED_ACCESZ",
    "invalid_parameter",
    "Invalid_Parameter",
    "SERVICE_UNAVAILABLF",
    "LINE_ITEM_NOT_FOUNE",
    "CAMPAIGN_NOT_FOUNE",
    "QuotaExceeded",
    "rate_limited",
    "UNAUTHORIZED",
    "ACCOUNT_SUSPENDED",
    "INVALID_BID_AMOUNT",
    "BUDGET_TOO_LOW_FOR_FREQUENCY_CAP",
    "",
];

/// A deterministic xorshift64 stream: the benches need no `rand`.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: usize) -> usize {
        // n is small; the modulo bias is irrelevant for a shuffle.
        usize::try_from(self.next() % n as u64).unwrap_or(0)
    }
}

fn shuffle<T>(items: &mut [T], seed: u64) {
    let mut rng = Rng(seed);
    for i in (1..items.len()).rev() {
        items.swap(i, rng.below(i + 1));
    }
}

/// `n` codes drawn evenly from the catalog, in a shuffled order long enough
/// that the branch predictor cannot learn it.
pub fn known_stream(n: usize) -> Vec<&'static str> {
    let mut stream: Vec<&str> = XAdsErrorCode::ALL
        .iter()
        .map(ApiErrorCode::code)
        .cycle()
        .take(n)
        .collect();
    shuffle(&mut stream, 0x9E37_79B9_7F4A_7C15);
    stream
}

/// `n` codes, one in five of them unknown, shuffled.
pub fn mixed_stream(n: usize) -> Vec<&'static str> {
    let mut known = XAdsErrorCode::ALL.iter().map(ApiErrorCode::code).cycle();
    let mut unknown = UNKNOWN.iter().copied().cycle();
    let mut stream: Vec<&str> = (0..n)
        .map(|i| {
            if i % 5 == 0 {
                unknown.next()
            } else {
                known.next()
            }
            .unwrap_or_default()
        })
        .collect();
    shuffle(&mut stream, 0xD1B5_4A32_D192_ED03);
    stream
}

/// `n` unknown codes, shuffled.
#[allow(dead_code)] // Only `instructions` has an unknown-only column.
pub fn unknown_stream(n: usize) -> Vec<&'static str> {
    let mut stream: Vec<&str> = UNKNOWN.iter().copied().cycle().take(n).collect();
    shuffle(&mut stream, 0x2545_F491_4F6C_DD1D);
    stream
}

/// Each code as a JSON string literal.
pub fn as_json(codes: &[&str]) -> Vec<String> {
    codes
        .iter()
        .map(|code| serde_json::to_string(code).unwrap_or_default())
        .collect()
}

// The plain typed structs a user would write for each body: owned strings,
// derived `Deserialize`, only the fields the API documents. Their fields
// are written by serde and never read: filling them is what is measured.

#[allow(dead_code)]
#[derive(Deserialize)]
pub struct XAdsTyped {
    pub errors: Vec<XAdsTypedItem>,
    pub request: Option<XAdsTypedRequest>,
}

#[allow(dead_code)]
#[derive(Deserialize)]
pub struct XAdsTypedItem {
    pub code: String,
    pub message: String,
    pub parameter: Option<String>,
    pub details: Option<String>,
    pub value: Option<String>,
}

#[allow(dead_code)]
#[derive(Deserialize)]
pub struct XAdsTypedRequest {
    pub params: BTreeMap<String, String>,
}

#[allow(dead_code)]
#[derive(Deserialize)]
pub struct AmazonAdsTyped {
    pub code: String,
    pub details: String,
}

#[allow(dead_code)]
#[derive(Deserialize)]
pub struct ScraperTyped {
    pub error: String,
    pub message: String,
    pub docs_url: String,
    pub request_id: String,
}

#[allow(dead_code)]
#[derive(Deserialize)]
pub struct SpApiTyped {
    pub errors: Vec<SpApiTypedItem>,
}

#[allow(dead_code)]
#[derive(Deserialize)]
pub struct SpApiTypedItem {
    pub code: String,
    pub message: String,
    pub details: Option<String>,
}

/// Our `parse` of `body`, by its API; returns how many items it found so
/// the work cannot be optimized away.
#[inline]
pub fn parse_ours(body: &bodies::Body) -> usize {
    let (status, bytes) = (body.status, body.bytes);
    match body.api {
        "x_ads" => x_ads::parse(status, &(), bytes).errors().len(),
        "amazon_ads" => amazon_ads::parse(status, &(), bytes).errors().len(),
        "amazon_scraper" => amazon_scraper::parse(status, &(), bytes).errors().len(),
        _ => sp_api::parse(status, &(), bytes).errors().len(),
    }
}

/// The plain typed struct's parse of `body`; `usize::MAX` if it fails.
#[inline]
pub fn parse_typed(body: &bodies::Body) -> usize {
    let bytes = body.bytes;
    let parsed = match body.api {
        "x_ads" => serde_json::from_slice::<XAdsTyped>(bytes).map(|b| b.errors.len()),
        "amazon_ads" => serde_json::from_slice::<AmazonAdsTyped>(bytes).map(|b| b.code.len()),
        "amazon_scraper" => serde_json::from_slice::<ScraperTyped>(bytes).map(|b| b.error.len()),
        _ => serde_json::from_slice::<SpApiTyped>(bytes).map(|b| b.errors.len()),
    };
    parsed.unwrap_or(usize::MAX)
}

/// The typed struct's parse after checking UTF-8 once, as our `parse`
/// does: `from_str` then skips serde_json's check of each string.
#[inline]
pub fn parse_typed_str(body: &bodies::Body) -> usize {
    let Ok(text) = std::str::from_utf8(body.bytes) else {
        return usize::MAX;
    };
    let parsed = match body.api {
        "x_ads" => serde_json::from_str::<XAdsTyped>(text).map(|b| b.errors.len()),
        "amazon_ads" => serde_json::from_str::<AmazonAdsTyped>(text).map(|b| b.code.len()),
        "amazon_scraper" => serde_json::from_str::<ScraperTyped>(text).map(|b| b.error.len()),
        _ => serde_json::from_str::<SpApiTyped>(text).map(|b| b.errors.len()),
    };
    parsed.unwrap_or(usize::MAX)
}

/// `serde_json::Value`'s parse of `body`; `usize::MAX` if it fails.
#[inline]
pub fn parse_value(body: &bodies::Body) -> usize {
    serde_json::from_slice::<serde_json::Value>(body.bytes).map_or(usize::MAX, |v| {
        v.as_object().map_or(0, serde_json::Map::len)
    })
}

/// Panics unless every contender gives the same answer on every input, and
/// every parser reads every body: a benchmark of wrong code proves nothing.
pub fn check_agreement() {
    let ours: Vec<XAdsErrorCode> = XAdsErrorCode::ALL.to_vec();
    let listed: Vec<XAdsErrorCode> = XAdsErrorCode::ALL
        .iter()
        .filter_map(|v| by_match(v.code()).map(Twin::ours))
        .collect();
    assert_eq!(ours, listed, "the benches' list is not XAdsErrorCode's");
    let map = hash_map();
    for code in mixed_stream(1000)
        .into_iter()
        .chain(UNKNOWN.iter().copied())
    {
        let expected = XAdsErrorCode::from_code(code);
        assert_eq!(
            by_match(code).map(Twin::ours),
            expected,
            "match on {code:?}"
        );
        assert_eq!(
            by_strum(code).map(Twin::ours),
            expected,
            "strum on {code:?}"
        );
        assert_eq!(
            by_serde(code).map(Twin::ours),
            expected,
            "serde on {code:?}"
        );
        assert_eq!(PHF.get(code).map(|t| t.ours()), expected, "phf on {code:?}");
        assert_eq!(
            map.get(code).map(|t| t.ours()),
            expected,
            "HashMap on {code:?}"
        );
        let json = serde_json::to_string(code).unwrap_or_default();
        let parsed: Code<XAdsErrorCode> = serde_json::from_str(&json).expect("a code");
        assert_eq!(parsed.known(), expected, "Code<E> on {code:?}");
        let untagged: UntaggedCode = serde_json::from_str(&json).expect("a code");
        match untagged {
            UntaggedCode::Known(twin) => assert_eq!(Some(twin.ours()), expected),
            UntaggedCode::Unknown(raw) => assert_eq!((raw.as_str(), expected), (code, None)),
        }
    }
    for code in UNKNOWN {
        assert_eq!(XAdsErrorCode::from_code(code), None, "{code:?} is listed");
    }
    for body in bodies::ALL {
        assert_eq!(parse_ours(body), 1, "our parse of {}", body.api);
        assert_ne!(parse_typed(body), usize::MAX, "typed parse of {}", body.api);
        assert_ne!(
            parse_typed_str(body),
            usize::MAX,
            "typed parse of {}",
            body.api
        );
        assert_ne!(parse_value(body), usize::MAX, "Value parse of {}", body.api);
    }
}

/// Catalogs that read each API's shape through `#[api_error(body(...))]`
/// paths instead of the known shapes alone: what a path-configured parse
/// costs on the same body.
#[allow(dead_code)]
mod pathed {
    use api_error_codes::ApiErrorCode;

    #[derive(Debug, Clone, Copy, PartialEq, Eq, ApiErrorCode)]
    #[api_error(body(code = "errors[].code", message = "errors[].message"))]
    pub enum Items {
        /// Over quota.
        #[code(429, "QuotaExceeded")]
        QuotaExceeded,
    }

    #[derive(Debug, Clone, Copy, PartialEq, Eq, ApiErrorCode)]
    #[api_error(body(code = "code", message = "details"))]
    pub enum CodeDetails {
        /// Not authorized.
        #[code(401, "UNAUTHORIZED")]
        Unauthorized,
    }

    #[derive(Debug, Clone, Copy, PartialEq, Eq, ApiErrorCode)]
    #[api_error(body(code = "error", message = "message", request_id = "request_id"))]
    pub enum ErrorMessage {
        /// Bad key.
        #[code(401, "invalid_api_key")]
        InvalidApiKey,
    }
}

/// `ApiError::parse` with a catalog that declares paths for the body's
/// shape. (The instructions bench measures it; the wall-time one does not.)
#[allow(dead_code)]
pub fn parse_pathed(body: &bodies::Body) -> usize {
    use api_error_codes::ApiError;
    let (status, bytes) = (body.status, body.bytes);
    match body.api {
        "amazon_ads" => ApiError::<pathed::CodeDetails>::parse(status, &(), bytes)
            .errors()
            .len(),
        "amazon_scraper" => ApiError::<pathed::ErrorMessage>::parse(status, &(), bytes)
            .errors()
            .len(),
        _ => ApiError::<pathed::Items>::parse(status, &(), bytes)
            .errors()
            .len(),
    }
}
