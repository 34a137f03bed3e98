//! What `#[derive(ApiErrorCode)]` generates, item by item, checked against
//! what the attributes say.

use std::fmt;
use std::str::FromStr;
use std::time::Duration;

use api_error_codes::{ApiErrorCode, ErrorKind, RetryAdvice, UnknownCode};
use api_error_codes_tests::assert_found_again_from_own_facts;

/// Errors of a made-up shop API: one enum that uses most of the grammar.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ApiErrorCode)]
#[api_error(docs_url = "https://shop.example/errors/{status}/{code}#{variant}")]
enum Shop {
    /// The request body is not valid JSON.
    #[code(400, "BAD_REQUEST")]
    BadRequest,
    /// The credentials are missing or wrong.
    ///
    /// This second paragraph is not part of the description.
    #[code(401, "UNAUTHORIZED")]
    Unauthorized,
    /// The scope header is missing, so the
    /// request cannot be routed.
    #[code(401, "UNAUTHORIZED", message = "Scope Header Is Missing")]
    ScopeHeaderMissing,
    /** The account is locked. */
    #[code(
        403,
        "LOCKED",
        kind = Conflict,
        docs_url = "https://help.shop.example/locked"
    )]
    Locked,
    /**
     * The item does not exist,
     * or is not visible to you.
     *
     * Not part of the description.
     */
    #[code(404, "NOT_FOUND")]
    NotFound,
    #[code(429, "THROTTLED")]
    Throttled,
    #[code(503, "UNAVAILABLE")]
    Unavailable,
}

// ---- ALL, NAME, and the facts of each variant --------------------------

#[test]
fn all_lists_every_variant_in_declaration_order() {
    assert_eq!(
        Shop::ALL,
        [
            Shop::BadRequest,
            Shop::Unauthorized,
            Shop::ScopeHeaderMissing,
            Shop::Locked,
            Shop::NotFound,
            Shop::Throttled,
            Shop::Unavailable,
        ]
    );
}

#[test]
fn all_is_a_const_slice() {
    const COUNT: usize = Shop::ALL.len();
    assert_eq!(COUNT, 7);
}

#[test]
fn name_is_the_enum_identifier() {
    assert_eq!(Shop::NAME, "Shop");
}

#[test]
fn status_and_code_come_from_the_attribute() {
    assert_eq!(Shop::Locked.status(), 403);
    assert_eq!(Shop::Locked.code(), "LOCKED");
    assert_eq!(Shop::ScopeHeaderMissing.status(), 401);
    assert_eq!(Shop::ScopeHeaderMissing.code(), "UNAUTHORIZED");
}

#[test]
fn message_phrase_is_the_message_item_or_none() {
    assert_eq!(
        Shop::ScopeHeaderMissing.message_phrase(),
        Some("Scope Header Is Missing")
    );
    assert_eq!(Shop::Unauthorized.message_phrase(), None);
}

#[test]
fn variant_name_is_the_identifier_as_written() {
    let names: Vec<&str> = Shop::ALL.iter().map(ApiErrorCode::variant_name).collect();
    assert_eq!(
        names,
        [
            "BadRequest",
            "Unauthorized",
            "ScopeHeaderMissing",
            "Locked",
            "NotFound",
            "Throttled",
            "Unavailable"
        ]
    );
}

/// Raw identifiers lose their `r#` in every name the derive writes out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ApiErrorCode)]
#[api_error(docs_url = "https://raw.example/{variant}")]
#[allow(non_camel_case_types)]
enum r#Raw {
    #[code(400, "TYPE")]
    r#type,
}

#[test]
fn raw_identifiers_are_named_without_their_prefix() {
    assert_eq!(Raw::NAME, "Raw");
    assert_eq!(Raw::r#type.variant_name(), "type");
    assert_eq!(Raw::r#type.docs_url(), Some("https://raw.example/type"));
}

// ---- kind ----------------------------------------------------------------

#[test]
fn kind_defaults_to_the_kind_of_the_status() {
    for variant in Shop::ALL.iter().filter(|v| **v != Shop::Locked) {
        assert_eq!(
            variant.kind(),
            ErrorKind::from_status(variant.status()),
            "{variant:?}"
        );
    }
    assert_eq!(Shop::Throttled.kind(), ErrorKind::RateLimited);
}

#[test]
fn kind_item_overrides_the_status() {
    assert_eq!(ErrorKind::from_status(403), ErrorKind::PermissionDenied);
    assert_eq!(Shop::Locked.kind(), ErrorKind::Conflict);
}

/// One variant per kind, in the order of `ErrorKind::ALL`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ApiErrorCode)]
enum EveryKind {
    #[code(500, "A", kind = InvalidRequest)]
    A,
    #[code(500, "B", kind = Unauthenticated)]
    B,
    #[code(500, "C", kind = PermissionDenied)]
    C,
    #[code(500, "D", kind = NotFound)]
    D,
    #[code(500, "E", kind = Conflict)]
    E,
    #[code(500, "F", kind = PaymentRequired)]
    F,
    #[code(500, "G", kind = RateLimited)]
    G,
    #[code(500, "H", kind = Timeout)]
    H,
    #[code(500, "I", kind = ServerError)]
    I,
    #[code(500, "J", kind = Unavailable)]
    J,
    #[code(500, "K", kind = NotImplemented)]
    K,
    #[code(400, "L", kind = Other)]
    L,
}

/// The derive checks `kind = ...` against its own copy of the variant
/// names; this fails when `ErrorKind` gains a kind the copy lacks.
#[test]
fn every_error_kind_is_accepted_by_kind() {
    let kinds: Vec<ErrorKind> = EveryKind::ALL.iter().map(ApiErrorCode::kind).collect();
    assert_eq!(kinds, ErrorKind::ALL);
}

// ---- retry ---------------------------------------------------------------

/// One variant per status, no `retry` item: the advice follows the status.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ApiErrorCode)]
enum ByStatus {
    #[code(400, "S400")]
    S400,
    #[code(401, "S401")]
    S401,
    #[code(403, "S403")]
    S403,
    #[code(404, "S404")]
    S404,
    #[code(408, "S408")]
    S408,
    #[code(409, "S409")]
    S409,
    #[code(422, "S422")]
    S422,
    #[code(429, "S429")]
    S429,
    #[code(500, "S500")]
    S500,
    #[code(501, "S501")]
    S501,
    #[code(502, "S502")]
    S502,
    #[code(503, "S503")]
    S503,
    #[code(504, "S504")]
    S504,
}

#[test]
fn retry_defaults_to_backoff_for_408_429_500_502_503_504_only() {
    for variant in ByStatus::ALL {
        let expected = matches!(variant.status(), 408 | 429 | 500 | 502 | 503 | 504);
        assert_eq!(variant.is_retryable(), expected, "{variant:?}");
        assert_eq!(variant.retry().is_retryable(), expected, "{variant:?}");
        assert_eq!(variant.retry(), RetryAdvice::from_status(variant.status()));
        assert_eq!(variant.retry().max_attempts(), None, "{variant:?}");
        assert_eq!(variant.retry().min_delay(), Duration::ZERO, "{variant:?}");
    }
}

#[test]
fn retry_default_honors_retry_after_for_429_only() {
    for variant in ByStatus::ALL {
        assert_eq!(
            variant.retry().honors_retry_after(),
            variant.status() == 429,
            "{variant:?}"
        );
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ApiErrorCode)]
enum Retries {
    #[code(400, "BARE", retry)]
    Bare,
    #[code(400, "TRUE", retry = true)]
    True,
    #[code(503, "FALSE", retry = false)]
    False,
    #[code(429, "FALSE_429", retry = false)]
    False429,
    #[code(408, "FULL", retry(attempts = 3, delay = "2s", honor_retry_after))]
    Full,
    #[code(429, "ATTEMPTS_ONLY", retry(attempts = 5))]
    AttemptsOnly,
    #[code(503, "EMPTY_LIST", retry())]
    EmptyList,
    #[code(503, "MILLIS", retry(delay = "250ms"))]
    Millis,
    #[code(503, "SECONDS", retry(delay = "30s"))]
    Seconds,
    #[code(503, "MINUTES", retry(delay = "2m"))]
    Minutes,
    #[code(503, "HOURS", retry(delay = "1h"))]
    Hours,
    #[code(503, "ZERO", retry(delay = "0s"))]
    Zero,
    #[code(400, "HONOR_ONLY", retry(honor_retry_after))]
    HonorOnly,
}

#[test]
fn bare_retry_backs_off_even_on_a_status_that_would_not() {
    assert_eq!(Retries::Bare.retry(), RetryAdvice::BACKOFF);
    assert!(Retries::Bare.is_retryable());
}

#[test]
fn retry_true_is_the_same_as_bare_retry() {
    assert_eq!(Retries::True.retry(), RetryAdvice::BACKOFF);
}

#[test]
fn retry_false_never_retries_even_a_transient_status() {
    assert_eq!(Retries::False.retry(), RetryAdvice::NEVER);
    assert_eq!(Retries::False429.retry(), RetryAdvice::NEVER);
    assert!(!Retries::False429.is_retryable());
}

#[test]
fn retry_list_sets_attempts_delay_and_retry_after() {
    let advice = Retries::Full.retry();
    assert!(advice.is_retryable());
    assert_eq!(advice.max_attempts(), Some(3));
    assert_eq!(advice.min_delay(), Duration::from_secs(2));
    assert!(advice.honors_retry_after());
}

#[test]
fn retry_list_replaces_the_default_of_the_status() {
    // 429 alone would honor Retry-After; a list states the advice in full.
    let advice = Retries::AttemptsOnly.retry();
    assert_eq!(advice, RetryAdvice::BACKOFF.with_max_attempts(5));
    assert!(!advice.honors_retry_after());
    assert_eq!(advice.min_delay(), Duration::ZERO);
}

#[test]
fn retry_list_items_are_each_optional() {
    assert_eq!(Retries::EmptyList.retry(), RetryAdvice::BACKOFF);
    assert_eq!(
        Retries::HonorOnly.retry(),
        RetryAdvice::BACKOFF.honoring_retry_after()
    );
}

#[test]
fn retry_delay_reads_ms_s_m_and_h() {
    assert_eq!(
        Retries::Millis.retry().min_delay(),
        Duration::from_millis(250)
    );
    assert_eq!(
        Retries::Seconds.retry().min_delay(),
        Duration::from_secs(30)
    );
    assert_eq!(
        Retries::Minutes.retry().min_delay(),
        Duration::from_secs(120)
    );
    assert_eq!(
        Retries::Hours.retry().min_delay(),
        Duration::from_secs(3600)
    );
    assert_eq!(Retries::Zero.retry().min_delay(), Duration::ZERO);
}

// ---- description -----------------------------------------------------------

#[test]
fn description_is_the_first_paragraph_of_the_doc_comment() {
    assert_eq!(
        Shop::Unauthorized.description(),
        "The credentials are missing or wrong."
    );
}

#[test]
fn description_joins_the_lines_of_the_paragraph_with_a_space() {
    assert_eq!(
        Shop::ScopeHeaderMissing.description(),
        "The scope header is missing, so the request cannot be routed."
    );
}

#[test]
fn description_reads_one_line_block_doc_comments() {
    assert_eq!(Shop::Locked.description(), "The account is locked.");
}

#[test]
fn description_drops_the_star_gutter_of_block_doc_comments() {
    assert_eq!(
        Shop::NotFound.description(),
        "The item does not exist, or is not visible to you."
    );
}

#[test]
fn description_is_empty_without_a_doc_comment() {
    assert_eq!(Shop::Throttled.description(), "");
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ApiErrorCode)]
enum DocForms {
    #[doc = "Written as an attribute."]
    #[code(400, "ATTRIBUTE")]
    Attribute,
    #[doc(hidden)]
    /// Hidden, but documented.
    #[code(401, "HIDDEN")]
    Hidden,
    ///
    ///   Leading blank lines and indentation do not count.
    #[code(402, "INDENTED")]
    Indented,
    /** A block
    without a gutter. */
    #[code(403, "NO_GUTTER")]
    NoGutter,
}

#[test]
fn description_reads_every_literal_doc_form() {
    assert_eq!(
        DocForms::Attribute.description(),
        "Written as an attribute."
    );
    assert_eq!(DocForms::Hidden.description(), "Hidden, but documented.");
    assert_eq!(
        DocForms::Indented.description(),
        "Leading blank lines and indentation do not count."
    );
    assert_eq!(
        DocForms::NoGutter.description(),
        "A block without a gutter."
    );
}

// ---- docs_url --------------------------------------------------------------

#[test]
fn docs_url_fills_code_status_and_variant_into_the_enum_template() {
    assert_eq!(
        Shop::NotFound.docs_url(),
        Some("https://shop.example/errors/404/NOT_FOUND#NotFound")
    );
    assert_eq!(
        Shop::ScopeHeaderMissing.docs_url(),
        Some("https://shop.example/errors/401/UNAUTHORIZED#ScopeHeaderMissing")
    );
}

#[test]
fn variant_docs_url_overrides_the_enum_template() {
    assert_eq!(
        Shop::Locked.docs_url(),
        Some("https://help.shop.example/locked")
    );
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ApiErrorCode)]
enum NoTemplate {
    #[code(404, "NOT_FOUND")]
    NotFound,
    #[code(410, "GONE", docs_url = "https://gone.example/{status}-{code}")]
    Gone,
    #[code(
        400,
        "ODD{status}{variant}",
        docs_url = "https://odd.example/{code}?s={status}"
    )]
    Odd,
}

#[test]
fn docs_url_is_none_without_a_template() {
    assert_eq!(NoTemplate::NotFound.docs_url(), None);
}

#[test]
fn variant_docs_url_stands_without_an_enum_template_and_fills_placeholders() {
    assert_eq!(
        NoTemplate::Gone.docs_url(),
        Some("https://gone.example/410-GONE")
    );
}

#[test]
fn docs_url_placeholders_inside_a_filled_in_code_are_left_alone() {
    assert_eq!(
        NoTemplate::Odd.docs_url(),
        Some("https://odd.example/ODD{status}{variant}?s=400")
    );
}

// ---- all_with_code, from_code, all_with_status -------------------------------

/// Codes shared across statuses and phrases, as real APIs have them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ApiErrorCode)]
enum Ads {
    #[code(401, "UNAUTHORIZED")]
    Unauthorized,
    #[code(400, "INVALID_ARGUMENT")]
    InvalidArgument,
    #[code(401, "UNAUTHORIZED", message = "scope header is missing")]
    ScopeHeaderMissing,
    #[code(403, "UNAUTHORIZED")]
    Forbidden,
    #[code(400, "INVALID_ARGUMENT", message = "profile id")]
    BadProfileId,
    #[code(400, "INVALID_ARGUMENT", message = "date range")]
    BadDateRange,
    #[code(404, "NOT_FOUND")]
    NotFound,
    #[code(429, "THROTTLED")]
    Throttled,
    #[code(429, "QUOTA_EXCEEDED")]
    QuotaExceeded,
    #[code(500, "INTERNAL_ERROR")]
    InternalError,
    #[code(502, "INTERNAL_ERROR", message = "upstream")]
    UpstreamError,
}

#[test]
fn all_with_code_lists_variants_sharing_a_code_in_declaration_order() {
    assert_eq!(
        Ads::all_with_code("UNAUTHORIZED"),
        [Ads::Unauthorized, Ads::ScopeHeaderMissing, Ads::Forbidden]
    );
    assert_eq!(
        Ads::all_with_code("INVALID_ARGUMENT"),
        [Ads::InvalidArgument, Ads::BadProfileId, Ads::BadDateRange]
    );
    assert_eq!(Ads::all_with_code("NOT_FOUND"), [Ads::NotFound]);
}

#[test]
fn all_with_code_is_empty_for_an_unknown_or_differently_cased_code() {
    assert!(Ads::all_with_code("GONE").is_empty());
    assert!(Ads::all_with_code("not_found").is_empty());
    assert!(Ads::all_with_code("").is_empty());
    assert!(Ads::all_with_code(" NOT_FOUND").is_empty());
}

#[test]
fn from_code_finds_the_variant_with_exactly_that_code() {
    assert_eq!(Ads::from_code("NOT_FOUND"), Some(Ads::NotFound));
    assert_eq!(Ads::from_code("QUOTA_EXCEEDED"), Some(Ads::QuotaExceeded));
}

#[test]
fn from_code_is_case_sensitive() {
    assert_eq!(Ads::from_code("not_found"), None);
    assert_eq!(Ads::from_code("Not_Found"), None);
}

#[test]
fn from_code_takes_the_first_declared_of_a_shared_code() {
    assert_eq!(Ads::from_code("UNAUTHORIZED"), Some(Ads::Unauthorized));
    assert_eq!(
        Ads::from_code("INVALID_ARGUMENT"),
        Some(Ads::InvalidArgument)
    );
    assert_eq!(Ads::from_code("INTERNAL_ERROR"), Some(Ads::InternalError));
}

#[test]
fn from_code_is_none_for_an_unknown_code() {
    assert_eq!(Ads::from_code("SOMETHING_NEW"), None);
    assert_eq!(Ads::from_code(""), None);
}

#[test]
fn all_with_status_lists_every_code_of_the_status_in_declaration_order() {
    let at_429: Vec<Ads> = Ads::all_with_status(429).collect();
    assert_eq!(at_429, [Ads::Throttled, Ads::QuotaExceeded]);
    assert_eq!(Ads::all_with_status(418).count(), 0);
}

// ---- classify --------------------------------------------------------------

#[test]
fn classify_picks_the_variant_whose_phrase_occurs_in_the_message() {
    let message = Some("Request rejected: Amazon-Advertising-API-Scope header is missing.");
    assert_eq!(
        Ads::classify(401, Some("UNAUTHORIZED"), message),
        Some(Ads::ScopeHeaderMissing)
    );
    assert_eq!(
        Ads::classify(
            400,
            Some("INVALID_ARGUMENT"),
            Some("the date range is too long")
        ),
        Some(Ads::BadDateRange)
    );
}

#[test]
fn classify_matches_phrases_ignoring_ascii_case() {
    assert_eq!(
        Ads::classify(401, Some("UNAUTHORIZED"), Some("SCOPE HEADER IS MISSING")),
        Some(Ads::ScopeHeaderMissing)
    );
    assert_eq!(
        Shop::classify(
            401,
            Some("UNAUTHORIZED"),
            Some("the scope header is missing")
        ),
        Some(Shop::ScopeHeaderMissing)
    );
}

#[test]
fn classify_falls_back_on_the_variant_without_a_phrase() {
    assert_eq!(
        Ads::classify(401, Some("UNAUTHORIZED"), Some("token expired")),
        Some(Ads::Unauthorized)
    );
    assert_eq!(
        Ads::classify(401, Some("UNAUTHORIZED"), None),
        Some(Ads::Unauthorized)
    );
}

#[test]
fn classify_prefers_the_variant_documented_with_the_status() {
    assert_eq!(
        Ads::classify(403, Some("UNAUTHORIZED"), None),
        Some(Ads::Forbidden)
    );
    assert_eq!(
        Ads::classify(502, Some("INTERNAL_ERROR"), None),
        Some(Ads::UpstreamError)
    );
}

#[test]
fn classify_keeps_a_known_code_seen_with_another_status() {
    // A code is more specific than a status: 503 is not documented for it.
    assert_eq!(
        Ads::classify(503, Some("NOT_FOUND"), None),
        Some(Ads::NotFound)
    );
    assert_eq!(
        Ads::classify(500, Some("INVALID_ARGUMENT"), Some("bad profile ID")),
        Some(Ads::BadProfileId)
    );
    assert_eq!(
        Ads::classify(418, Some("UNAUTHORIZED"), None),
        Some(Ads::Unauthorized)
    );
}

#[test]
fn classify_gives_none_for_an_unknown_code() {
    assert_eq!(Ads::classify(404, Some("SOMETHING_NEW"), None), None);
    assert_eq!(Ads::classify(404, Some("not_found"), None), None);
}

#[test]
fn classify_without_a_code_gives_none_when_the_status_is_ambiguous() {
    // 429 is documented for THROTTLED and QUOTA_EXCEEDED.
    assert_eq!(Ads::classify(429, None, None), None);
    assert_eq!(Ads::classify(429, None, Some("slow down")), None);
}

#[test]
fn classify_without_a_code_takes_the_single_code_of_the_status() {
    assert_eq!(Ads::classify(404, None, None), Some(Ads::NotFound));
    assert_eq!(
        Ads::classify(500, None, Some("oops")),
        Some(Ads::InternalError)
    );
}

#[test]
fn classify_without_a_code_still_matches_a_phrase() {
    assert_eq!(
        Ads::classify(401, None, Some("scope header is missing")),
        Some(Ads::ScopeHeaderMissing)
    );
    // The other variants of 400 carry phrases, so `InvalidArgument` is the
    // one code of 400 without a phrase.
    assert_eq!(
        Ads::classify(400, None, Some("nothing to match")),
        Some(Ads::InvalidArgument)
    );
}

#[test]
fn classify_without_a_code_gives_none_for_an_undocumented_status() {
    assert_eq!(Ads::classify(418, None, None), None);
}

// ---- Display, FromStr, Error -------------------------------------------------

#[test]
fn display_writes_the_code() {
    assert_eq!(Shop::NotFound.to_string(), "NOT_FOUND");
    assert_eq!(
        Shop::ScopeHeaderMissing.to_string(),
        "UNAUTHORIZED",
        "the code, not the variant"
    );
}

#[test]
fn display_honours_width_fill_alignment_and_precision() {
    assert_eq!(format!("{:>12}", Shop::Locked), "      LOCKED");
    assert_eq!(format!("{:<8}|", Shop::Locked), "LOCKED  |");
    assert_eq!(format!("{:*^10}", Shop::Locked), "**LOCKED**");
    assert_eq!(format!("{:.3}", Shop::Locked), "LOC");
    assert_eq!(format!("{:3}", Shop::Locked), "LOCKED");
}

#[test]
fn from_str_parses_an_exact_code() {
    assert_eq!("NOT_FOUND".parse::<Shop>(), Ok(Shop::NotFound));
    assert_eq!(Shop::from_str("UNAUTHORIZED"), Ok(Shop::Unauthorized));
}

#[test]
fn from_str_fails_with_unknown_code_naming_the_code_and_the_catalog() {
    let err: UnknownCode = "not_found".parse::<Shop>().unwrap_err();
    assert_eq!(err.code(), "not_found");
    assert_eq!(err.catalog(), "Shop");
    assert_eq!(err.to_string(), r#"unknown Shop code "not_found""#);
}

#[test]
fn unknown_code_display_escapes_control_characters() {
    let err = "EVIL\n2024-01-01 INFO forged\u{1b}[2J"
        .parse::<Shop>()
        .unwrap_err();
    assert_eq!(err.code(), "EVIL\n2024-01-01 INFO forged\u{1b}[2J");
    let shown = err.to_string();
    assert!(!shown.chars().any(char::is_control), "{shown:?}");
    assert_eq!(
        shown,
        r#"unknown Shop code "EVIL\n2024-01-01 INFO forged\u{1b}[2J""#
    );
}

#[test]
fn unknown_code_display_caps_the_length_of_the_code() {
    let long = "X".repeat(10_000);
    let err = long.parse::<Shop>().unwrap_err();
    assert_eq!(err.code(), long, "the code itself is kept whole");
    let shown = err.to_string();
    assert_eq!(
        shown,
        format!(r#"unknown Shop code "{}...""#, "X".repeat(64))
    );
}

#[test]
fn the_enum_is_a_std_error_without_a_source() {
    fn as_error(error: &(dyn std::error::Error + 'static)) -> String {
        error.to_string()
    }
    assert_eq!(as_error(&Shop::Throttled), "THROTTLED");
    assert!(std::error::Error::source(&Shop::Throttled).is_none());

    fn fails() -> Result<(), Box<dyn std::error::Error + Send + Sync>> {
        Err(Shop::Locked)?
    }
    let boxed = fails().unwrap_err();
    assert_eq!(boxed.downcast_ref::<Shop>(), Some(&Shop::Locked));
}

// ---- serde -------------------------------------------------------------------

#[test]
fn serializes_as_the_code_string() {
    assert_eq!(
        serde_json::to_string(&Shop::NotFound).unwrap(),
        r#""NOT_FOUND""#
    );
    assert_eq!(
        serde_json::to_value([Shop::ScopeHeaderMissing, Shop::Locked]).unwrap(),
        serde_json::json!(["UNAUTHORIZED", "LOCKED"])
    );
}

#[test]
fn deserializes_from_a_borrowed_code_string() {
    let shop: Shop = serde_json::from_str(r#""NOT_FOUND""#).unwrap();
    assert_eq!(shop, Shop::NotFound);
}

#[test]
fn deserializes_from_an_escaped_or_owned_code_string() {
    // An escape makes serde_json hand over a transient, unescaped copy.
    let shop: Shop = serde_json::from_str(r#""NOT\u005fFOUND""#).unwrap();
    assert_eq!(shop, Shop::NotFound);
    // A `Value` hands over an owned `String`.
    let value = serde_json::Value::String("LOCKED".to_owned());
    assert_eq!(serde_json::from_value::<Shop>(value).unwrap(), Shop::Locked);
    // A reader cannot lend out of its buffer.
    let shop: Shop = serde_json::from_reader(&br#""THROTTLED""#[..]).unwrap();
    assert_eq!(shop, Shop::Throttled);
}

#[test]
fn deserializing_takes_the_first_declared_of_a_shared_code() {
    let ads: Ads = serde_json::from_str(r#""UNAUTHORIZED""#).unwrap();
    assert_eq!(ads, Ads::Unauthorized);
}

#[test]
fn deserializing_an_unknown_code_is_an_error_naming_it() {
    let err = serde_json::from_str::<Shop>(r#""GONE""#).unwrap_err();
    assert!(
        err.to_string().starts_with(r#"unknown Shop code "GONE""#),
        "{err}"
    );
    let err = serde_json::from_value::<Shop>(serde_json::json!("not_found")).unwrap_err();
    assert!(err.to_string().contains(r#""not_found""#), "{err}");
}

#[test]
fn deserializing_a_non_string_is_an_error_saying_what_was_expected() {
    let err = serde_json::from_str::<Shop>("404").unwrap_err();
    assert!(err.to_string().contains("a Shop code string"), "{err}");
}

#[test]
fn round_trips_every_variant_through_json() {
    for variant in Ads::ALL
        .iter()
        .filter(|v| Ads::from_code(v.code()) == Some(**v))
    {
        let json = serde_json::to_string(variant).unwrap();
        assert_eq!(serde_json::from_str::<Ads>(&json).unwrap(), *variant);
    }
}

// ---- skip(...) -----------------------------------------------------------------
//
// Each enum below writes the impl it skips. Without the `skip`, the derive's
// impl and this one would conflict (E0119) and the test would not compile.

#[derive(Debug, Clone, Copy, PartialEq, Eq, ApiErrorCode)]
#[api_error(skip(Display))]
enum OwnDisplay {
    #[code(404, "NOT_FOUND")]
    NotFound,
}

impl fmt::Display for OwnDisplay {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.status(), self.code())
    }
}

#[test]
fn skip_display_leaves_display_to_the_user() {
    assert_eq!(OwnDisplay::NotFound.to_string(), "404 NOT_FOUND");
    // The other impls still use the code.
    assert_eq!(
        serde_json::to_string(&OwnDisplay::NotFound).unwrap(),
        r#""NOT_FOUND""#
    );
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ApiErrorCode)]
#[api_error(skip(FromStr))]
enum OwnFromStr {
    #[code(404, "NOT_FOUND")]
    NotFound,
}

impl FromStr for OwnFromStr {
    type Err = ();
    fn from_str(code: &str) -> Result<Self, ()> {
        Self::ALL
            .iter()
            .copied()
            .find(|v| v.code().eq_ignore_ascii_case(code))
            .ok_or(())
    }
}

#[test]
fn skip_from_str_leaves_from_str_to_the_user() {
    assert_eq!("not_found".parse(), Ok(OwnFromStr::NotFound));
    assert_eq!(OwnFromStr::from_code("not_found"), None);
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ApiErrorCode)]
#[api_error(skip(Error))]
enum OwnError {
    #[code(500, "INTERNAL")]
    Internal,
}

impl std::error::Error for OwnError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&fmt::Error)
    }
}

#[test]
fn skip_error_leaves_std_error_to_the_user() {
    let source =
        std::error::Error::source(&OwnError::Internal).expect("the user's impl gives a source");
    assert!(source.is::<fmt::Error>());
    assert_eq!(OwnError::Internal.to_string(), "INTERNAL");
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ApiErrorCode)]
#[api_error(skip(Serialize))]
enum OwnSerialize {
    #[code(404, "NOT_FOUND")]
    NotFound,
}

impl serde::Serialize for OwnSerialize {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_u16(self.status())
    }
}

#[test]
fn skip_serialize_leaves_serialize_to_the_user() {
    assert_eq!(
        serde_json::to_string(&OwnSerialize::NotFound).unwrap(),
        "404"
    );
    let back: OwnSerialize = serde_json::from_str(r#""NOT_FOUND""#).unwrap();
    assert_eq!(back, OwnSerialize::NotFound);
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ApiErrorCode)]
#[api_error(skip(Deserialize))]
enum OwnDeserialize {
    #[code(404, "NOT_FOUND")]
    NotFound,
}

impl<'de> serde::Deserialize<'de> for OwnDeserialize {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let status = u16::deserialize(deserializer)?;
        Self::all_with_status(status)
            .next()
            .ok_or_else(|| serde::de::Error::custom("no such status"))
    }
}

#[test]
fn skip_deserialize_leaves_deserialize_to_the_user() {
    let own: OwnDeserialize = serde_json::from_str("404").unwrap();
    assert_eq!(own, OwnDeserialize::NotFound);
    assert_eq!(
        serde_json::to_string(&OwnDeserialize::NotFound).unwrap(),
        r#""NOT_FOUND""#
    );
}

/// Skipping everything leaves the trait alone; this enum is not even `Debug`.
#[derive(Clone, Copy, PartialEq, Eq, ApiErrorCode)]
#[api_error(skip(Display, FromStr, Error, Serialize, Deserialize))]
enum TraitOnly {
    #[code(404, "NOT_FOUND")]
    NotFound,
}

#[test]
fn skipping_every_impl_still_implements_the_trait() {
    assert!(TraitOnly::from_code("NOT_FOUND") == Some(TraitOnly::NotFound));
    assert_eq!(TraitOnly::NotFound.status(), 404);
}

// ---- discriminants and repr --------------------------------------------------

#[derive(Debug, Clone, Copy, PartialEq, Eq, ApiErrorCode)]
#[repr(u16)]
enum WithDiscriminants {
    #[code(404, "NOT_FOUND")]
    NotFound = 404,
    #[code(429, "THROTTLED")]
    Throttled = 4290,
    #[code(500, "INTERNAL")]
    Internal,
}

#[test]
fn explicit_discriminants_are_allowed_and_kept() {
    assert_eq!(WithDiscriminants::NotFound as u16, 404);
    assert_eq!(WithDiscriminants::Throttled as u16, 4290);
    assert_eq!(WithDiscriminants::Internal as u16, 4291);
    assert_eq!(WithDiscriminants::Throttled.status(), 429);
    assert_eq!(
        WithDiscriminants::from_code("INTERNAL"),
        Some(WithDiscriminants::Internal)
    );
}

// ---- a property over a sizeable catalog -----------------------------------------

/// A catalog shaped like a real one (Amazon Ads, X Ads, SP-API styles):
/// codes shared across statuses, statuses shared across codes, phrases.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ApiErrorCode)]
enum Big {
    #[code(400, "INVALID_ARGUMENT")]
    InvalidArgument,
    #[code(400, "INVALID_ARGUMENT", message = "profile id")]
    InvalidProfileId,
    #[code(400, "INVALID_ARGUMENT", message = "start date")]
    InvalidStartDate,
    #[code(400, "INVALID_ARGUMENT", message = "end date must be after")]
    EndBeforeStart,
    #[code(400, "INVALID_ARGUMENT", message = "too many ids")]
    TooManyIds,
    #[code(400, "MALFORMED_JSON")]
    MalformedJson,
    #[code(400, "UNSUPPORTED_MEDIA_TYPE")]
    UnsupportedMediaTypeAt400,
    #[code(415, "UNSUPPORTED_MEDIA_TYPE")]
    UnsupportedMediaType,
    #[code(400, "MISSING_PARAMETER", message = "account_id")]
    MissingAccountId,
    #[code(400, "MISSING_PARAMETER", message = "campaign_id")]
    MissingCampaignId,
    #[code(400, "MISSING_PARAMETER")]
    MissingParameter,
    #[code(401, "UNAUTHORIZED")]
    Unauthorized,
    #[code(401, "UNAUTHORIZED", message = "scope header is missing")]
    ScopeMissing,
    #[code(401, "UNAUTHORIZED", message = "token has expired")]
    TokenExpired,
    #[code(401, "INVALID_CREDENTIALS")]
    InvalidCredentials,
    #[code(
        401,
        "Unauthorized",
        message = "access to requested resource is denied"
    )]
    AccessDenied,
    #[code(403, "Unauthorized")]
    UnauthorizedAt403,
    #[code(403, "FORBIDDEN")]
    Forbidden,
    #[code(403, "ACCOUNT_LOCKED_OUT")]
    AccountLockedOut,
    #[code(403, "NOT_FOUND", kind = NotFound)]
    HiddenNotFound,
    #[code(404, "NOT_FOUND")]
    NotFound,
    #[code(404, "NOT_FOUND", message = "campaign")]
    CampaignNotFound,
    #[code(404, "NOT_FOUND", message = "ad group")]
    AdGroupNotFound,
    #[code(404, "ROUTE_NOT_FOUND")]
    RouteNotFound,
    #[code(405, "METHOD_NOT_ALLOWED")]
    MethodNotAllowed,
    #[code(406, "NOT_ACCEPTABLE")]
    NotAcceptable,
    #[code(408, "REQUEST_TIMEOUT")]
    RequestTimeout,
    #[code(409, "CONFLICT")]
    Conflict,
    #[code(409, "DUPLICATE_VALUE", message = "name")]
    DuplicateName,
    #[code(409, "DUPLICATE_VALUE")]
    DuplicateValue,
    #[code(410, "GONE")]
    Gone,
    #[code(413, "PAYLOAD_TOO_LARGE")]
    PayloadTooLarge,
    #[code(422, "UNPROCESSABLE")]
    Unprocessable,
    #[code(422, "UNPROCESSABLE", message = "budget")]
    BudgetRejected,
    #[code(422, "UPSTREAM_BLOCKED", kind = Unavailable, retry(attempts = 3, delay = "5s"))]
    UpstreamBlocked,
    #[code(423, "LOCKED")]
    Locked,
    #[code(425, "TOO_EARLY")]
    TooEarly,
    #[code(429, "THROTTLED")]
    Throttled,
    #[code(429, "QuotaExceeded", retry(honor_retry_after, delay = "1m"))]
    QuotaExceeded,
    #[code(429, "TOO_MANY_REQUESTS", message = "per account")]
    AccountRateLimit,
    #[code(429, "TOO_MANY_REQUESTS", message = "per app")]
    AppRateLimit,
    #[code(500, "INTERNAL_ERROR")]
    InternalError,
    #[code(500, "INTERNAL_ERROR", message = "try again")]
    InternalTryAgain,
    #[code(501, "NOT_IMPLEMENTED")]
    NotImplemented,
    #[code(502, "BAD_GATEWAY")]
    BadGateway,
    #[code(502, "INTERNAL_ERROR")]
    InternalAt502,
    #[code(503, "SERVICE_UNAVAILABLE")]
    ServiceUnavailable,
    #[code(503, "SERVICE_UNAVAILABLE", message = "maintenance")]
    Maintenance,
    #[code(504, "GATEWAY_TIMEOUT")]
    GatewayTimeout,
    #[code(504, "REQUEST_TIMEOUT")]
    RequestTimeoutAt504,
}

#[test]
fn every_variant_of_a_sizeable_catalog_is_found_again_from_its_own_facts() {
    assert_eq!(Big::ALL.len(), 50);
    assert_found_again_from_own_facts::<Big>();
}

#[test]
fn a_phrase_matches_inside_any_message_that_contains_it() {
    for &variant in Big::ALL {
        let Some(phrase) = variant.message_phrase() else {
            continue;
        };
        let message = format!("Error: {} (request 42)", phrase.to_ascii_uppercase());
        assert_eq!(
            Big::classify(variant.status(), Some(variant.code()), Some(&message)),
            Some(variant),
            "{message:?}"
        );
    }
}

#[test]
fn every_code_of_a_sizeable_catalog_is_well_formed() {
    for &variant in Big::ALL {
        assert!((100..=599).contains(&variant.status()));
        assert!(!variant.code().is_empty());
        assert!(!variant.code().contains(char::is_whitespace));
        assert_eq!(variant.to_string(), variant.code());
        assert_eq!(
            Big::all_with_code(variant.code()).first().copied(),
            Big::from_code(variant.code())
        );
    }
}

#[test]
fn codes_are_unique_tells_whether_any_code_is_shared() {
    use api_error_codes::amazon_ads::AmazonAdsErrorCode;
    use api_error_codes::x_ads::XAdsErrorCode;
    let unique = [
        XAdsErrorCode::CODES_ARE_UNIQUE,
        AmazonAdsErrorCode::CODES_ARE_UNIQUE,
    ];
    // X Ads gives every variant its own code; Amazon Ads shares UNAUTHORIZED.
    assert_eq!(unique, [true, false]);
}
