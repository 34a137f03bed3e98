//! `api_error_codes::catalog`: the lookups behind `examples/explain.rs` and
//! the Markdown behind `examples/catalog.rs`.

use api_error_codes::catalog::{self, Catalog, CodeInfo};
use api_error_codes::x_ads::XAdsErrorCode;
use api_error_codes::{ApiErrorCode, ErrorKind, RetryAdvice};

fn x_ads() -> &'static Catalog {
    catalog::find("x-ads").expect("x-ads is a prebuilt catalog")
}

/// A catalog with what the prebuilt ones lack: a code shared by variants
/// told apart by their message, and one docs link for every code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ApiErrorCode)]
#[api_error(docs_url = "https://ads.example/errors")]
enum AdsError {
    /// Credentials are missing | wrong.
    #[code(401, "UNAUTHORIZED")]
    Unauthorized,
    /// The scope header is missing.
    #[code(401, "UNAUTHORIZED", message = "scope header is missing")]
    ScopeHeaderMissing,
    /// Slow down.
    #[code(429, "THROTTLED", retry(honor_retry_after))]
    Throttled,
    /// The same code, seen with a server error.
    #[code(500, "UNAUTHORIZED")]
    UnauthorizedUpstream,
}

const ADS: Catalog = Catalog::of::<AdsError>("ads", "Ads API");

/// A hand-written catalog without statuses, as `Catalog::new` takes one.
const CONSENT: Catalog = Catalog::new("consent", "Consent flow", "ConsentCode", || {
    vec![
        CodeInfo::new("MD5101", "The redirect URI is not registered."),
        CodeInfo::new("a|b`c", "One line\nand | another."),
    ]
});

#[test]
fn find_ignores_case_and_rejects_unknown_names() {
    assert_eq!(catalog::find("X-Ads").map(|c| c.name), Some("x-ads"));
    assert_eq!(
        catalog::find("amazon-scraper").map(|c| c.enum_name),
        Some("AmazonScraperErrorCode")
    );
    assert!(catalog::find("x_ads").is_none());
    assert!(catalog::find("").is_none());
}

#[test]
fn prebuilt_names_are_unique_kebab_case() {
    // The names are command-line arguments and file names under docs/.
    for (i, catalog) in catalog::PREBUILT.iter().enumerate() {
        assert!(
            !catalog.name.is_empty()
                && catalog
                    .name
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-'),
            "{:?} is not kebab-case",
            catalog.name
        );
        assert!(
            catalog::PREBUILT[..i]
                .iter()
                .all(|c| c.name != catalog.name),
            "{:?} names two catalogs",
            catalog.name
        );
        assert!(!catalog.codes().is_empty(), "{} has no codes", catalog.name);
    }
}

#[test]
fn codes_carry_every_fact_of_the_variant() {
    let codes = x_ads().codes();
    assert_eq!(codes.len(), XAdsErrorCode::ALL.len());
    let info = codes[0];
    let variant = XAdsErrorCode::ALL[0];
    assert_eq!(info, CodeInfo::of(variant));
    assert_eq!(info.code, variant.code());
    assert_eq!(info.variant, Some(variant.variant_name()));
    assert_eq!(info.status, Some(variant.status()));
    assert_eq!(info.kind, Some(variant.kind()));
    assert_eq!(info.retry, Some(variant.retry()));
    assert_eq!(info.description, variant.description());
    assert_eq!(info.docs_url, variant.docs_url());
}

#[test]
fn known_code_is_explained_with_its_facts() {
    let explanation = x_ads().explain("ACCOUNT_LOCKED_OUT", None);
    assert!(explanation.is_documented());
    assert_eq!(explanation.api, "x-ads");
    assert_eq!(explanation.catalog, "XAdsErrorCode");
    let locked = XAdsErrorCode::AccountLockedOut;
    assert_eq!(explanation.matches, [CodeInfo::of(locked)]);
    assert_eq!(explanation.kind(), Some(locked.kind()));
    assert_eq!(explanation.retry(), Some(locked.retry()));
    assert_eq!(explanation.did_you_mean, None);
}

#[test]
fn known_code_keeps_its_kind_under_another_status() {
    // A code says more than a status, as `ApiErrorCode::classify` has it.
    let explanation = x_ads().explain("ACCOUNT_NOT_FOUND", Some(500));
    assert!(explanation.is_documented());
    assert_eq!(explanation.seen_status, Some(500));
    let not_found = XAdsErrorCode::AccountNotFound;
    assert_eq!(explanation.kind(), Some(not_found.kind()));
    assert_eq!(explanation.retry(), Some(not_found.retry()));
    assert_ne!(explanation.kind(), Some(ErrorKind::from_status(500)));
    assert_ne!(explanation.retry(), Some(RetryAdvice::from_status(500)));
}

#[test]
fn lookup_is_exact_and_suggests_a_match_ignoring_case() {
    let explanation = x_ads().explain("account_locked_out", None);
    assert!(!explanation.is_documented());
    assert_eq!(
        explanation.did_you_mean.map(|c| c.code),
        Some("ACCOUNT_LOCKED_OUT")
    );
}

#[test]
fn suggestion_ignores_punctuation_and_knows_variant_names() {
    for query in [
        "account-locked-out",
        "Account Locked Out",
        "AccountLockedOut",
    ] {
        let explanation = x_ads().explain(query, None);
        assert_eq!(
            explanation.did_you_mean.map(|c| c.code),
            Some("ACCOUNT_LOCKED_OUT"),
            "for {query:?}"
        );
    }
}

#[test]
fn unrelated_code_gets_no_suggestion() {
    for query in ["SOMETHING_NEW", "___", ""] {
        let explanation = x_ads().explain(query, None);
        assert!(!explanation.is_documented(), "for {query:?}");
        assert_eq!(explanation.did_you_mean, None, "for {query:?}");
    }
}

#[test]
fn unknown_code_is_judged_by_the_seen_status() {
    let judged = x_ads().explain("SOMETHING_NEW", Some(503));
    assert_eq!(judged.kind(), Some(ErrorKind::Unavailable));
    assert_eq!(judged.retry(), Some(RetryAdvice::from_status(503)));

    let unjudged = x_ads().explain("SOMETHING_NEW", None);
    assert_eq!(unjudged.kind(), None);
    assert_eq!(unjudged.retry(), None);
}

#[test]
fn shared_code_lists_the_seen_status_then_the_variant_without_phrase_first() {
    let variants = |seen| -> Vec<&str> {
        ADS.explain("UNAUTHORIZED", seen)
            .matches
            .iter()
            .filter_map(|c| c.variant)
            .collect()
    };
    assert_eq!(
        variants(None),
        ["Unauthorized", "UnauthorizedUpstream", "ScopeHeaderMissing"]
    );
    assert_eq!(
        variants(Some(401)),
        ["Unauthorized", "ScopeHeaderMissing", "UnauthorizedUpstream"]
    );
    assert_eq!(
        variants(Some(500)),
        ["UnauthorizedUpstream", "Unauthorized", "ScopeHeaderMissing"]
    );
}

#[test]
fn status_query_lists_codes_in_declaration_order() {
    let codes: Vec<&str> = x_ads().with_status(503).iter().map(|c| c.code).collect();
    assert_eq!(codes, ["SERVICE_UNAVAILABLE", "OVER_CAPACITY"]);
    assert!(x_ads().with_status(418).is_empty());
    assert!(CONSENT.with_status(400).is_empty());
}

#[test]
fn explanation_json_has_the_same_fields_documented_or_not() {
    let documented = serde_json::to_value(ADS.explain("UNAUTHORIZED", None)).unwrap();
    let unknown = serde_json::to_value(x_ads().explain("account_locked_out", Some(429))).unwrap();
    let keys = |value: &serde_json::Value| -> Vec<String> {
        value.as_object().unwrap().keys().cloned().collect()
    };
    assert_eq!(keys(&documented), keys(&unknown));

    assert_eq!(documented["documented"], true);
    assert_eq!(documented["variant"], "Unauthorized");
    assert_eq!(documented["status"], 401);
    assert_eq!(documented["kind"], "unauthenticated");
    assert_eq!(documented["retry_advice"], "do not retry");
    assert_eq!(documented["docs_url"], "https://ads.example/errors");
    assert_eq!(
        documented["same_code"][1]["message_phrase"],
        "scope header is missing"
    );

    assert_eq!(unknown["documented"], false);
    assert_eq!(unknown["code"], "account_locked_out");
    assert_eq!(unknown["status"], serde_json::Value::Null);
    assert_eq!(unknown["seen_status"], 429);
    assert_eq!(unknown["kind"], "rate_limited");
    assert_eq!(unknown["retry"]["honor_retry_after"], true);
    assert_eq!(unknown["did_you_mean"], "ACCOUNT_LOCKED_OUT");
}

#[test]
fn code_info_json_gives_the_advice_in_words_and_as_data() {
    let json = serde_json::to_value(CodeInfo::of(AdsError::Throttled)).unwrap();
    assert_eq!(json["code"], "THROTTLED");
    assert_eq!(json["retry_advice"], "retry, after Retry-After");
    assert_eq!(json["retry"]["retryable"], true);
    assert_eq!(json["message_phrase"], serde_json::Value::Null);

    let bare = serde_json::to_value(CodeInfo::new("MD5101", "Not registered.")).unwrap();
    assert_eq!(bare["status"], serde_json::Value::Null);
    assert_eq!(bare["retry_advice"], serde_json::Value::Null);
}

/// The table rows of a rendered page: its lines that start with `|`, past
/// the header and the alignment row.
fn rows(markdown: &str) -> Vec<&str> {
    markdown
        .lines()
        .filter(|line| line.starts_with('|'))
        .skip(2)
        .collect()
}

#[test]
fn markdown_has_a_heading_an_intro_and_a_row_per_code() {
    let page = x_ads().to_markdown();
    let mut lines = page.lines();
    assert_eq!(lines.next(), Some("# X Ads API error codes"));
    assert_eq!(lines.next(), Some(""));
    assert!(lines.next().unwrap().contains("`XAdsErrorCode` lists (77)"));
    assert!(page.contains("\n| status | code | kind | retry advice | description |\n| --- | --- | --- | --- | --- |\n"));
    assert_eq!(rows(&page).len(), XAdsErrorCode::ALL.len());
    assert!(page.contains(
        "\n| 403 | `ACCOUNT_LOCKED_OUT` | permission_denied | do not retry | The ads account is locked"
    ));
}

#[test]
fn markdown_sorts_by_status_keeping_declaration_order_within_one() {
    let page = x_ads().to_markdown();
    let statuses: Vec<u16> = rows(&page)
        .iter()
        .map(|row| row[2..5].parse().unwrap())
        .collect();
    assert!(statuses.windows(2).all(|pair| pair[0] <= pair[1]));
    let service = page.find("`SERVICE_UNAVAILABLE`").unwrap();
    let capacity = page.find("`OVER_CAPACITY`").unwrap();
    assert!(service < capacity);
}

#[test]
fn markdown_gives_own_links_a_column_and_a_shared_link_one_line() {
    let scraper = catalog::find("amazon-scraper").unwrap().to_markdown();
    assert!(scraper.contains("| description | docs |"));
    assert!(scraper
        .contains("| [docs](https://amazonscraperapi.com/docs/guides/errors#upstream_timeout) |"));

    let ads = ADS.to_markdown();
    assert!(!ads.contains("| docs |"));
    assert!(ads.contains("\nThe API documents them at <https://ads.example/errors>.\n"));
}

#[test]
fn markdown_adds_a_phrase_column_only_when_a_code_has_a_phrase() {
    let ads = ADS.to_markdown();
    assert!(ads.contains("| retry advice | message contains | description |"));
    assert!(ads.contains("| `scope header is missing` | The scope header is missing. |"));
    assert!(!x_ads().to_markdown().contains("message contains"));
}

#[test]
fn markdown_escapes_pipes_and_line_breaks_in_cells() {
    let ads = ADS.to_markdown();
    assert!(ads.contains("| Credentials are missing \\| wrong. |"));

    let consent = CONSENT.to_markdown();
    assert!(consent.contains("\n| ``a\\|b`c`` | One line and \\| another. |\n"));
    assert_eq!(rows(&consent).len(), 2);
}

#[test]
fn markdown_of_a_catalog_without_statuses_drops_their_columns() {
    let consent = CONSENT.to_markdown();
    assert!(consent.contains("\n| code | description |\n| --- | --- |\n"));
    assert!(consent.contains("| `MD5101` | The redirect URI is not registered. |"));
    assert!(!consent.contains("HTTP status"));
}

#[test]
fn misspelt_codes_get_the_nearest_documented_ones() {
    let find = |api: &str, query: &str| {
        api_error_codes::catalog::find(api)
            .expect("catalog")
            .explain(query, None)
            .did_you_mean
            .map(|c| c.code)
    };
    assert_eq!(find("sp-api", "QuotaExceded"), Some("QuotaExceeded"));
    assert_eq!(find("x-ads", "ACCOUNT_LOCKED"), Some("ACCOUNT_LOCKED_OUT"));
    assert_eq!(find("amazon-scraper", "rate_limit"), Some("rate_limited"));
    assert_eq!(
        find("login-with-amazon", "invalid_grnt"),
        Some("invalid_grant")
    );
}

#[test]
fn explain_finds_a_code_by_its_alias() {
    let sp_api = api_error_codes::catalog::find("sp-api").expect("catalog");
    let explanation = sp_api.explain("NOT_FOUND", Some(404));
    assert!(explanation.is_documented());
    assert_eq!(explanation.matches[0].code, "NotFound");
    assert_eq!(explanation.matches[0].aliases, ["NOT_FOUND"]);
    assert!(sp_api
        .to_markdown()
        .contains("| `NotFound` | `NOT_FOUND` |"));
}
