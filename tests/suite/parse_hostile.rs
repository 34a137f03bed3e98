//! Hostile and broken responses, each run through all four parsers.
//!
//! Whatever the body and headers, parsing yields an `ApiError` that keeps
//! the status, judges by the status when there is no known code, holds a
//! bounded, sanitized excerpt of what it could not read, and never panics.
//! `parse_all` checks those invariants on every call; each test then states
//! what its case must give.

use std::fmt::Debug;
use std::time::{Duration, SystemTime};

use api_error_codes::response::{MAX_BODY_BYTES, MAX_HEADER_VALUE_BYTES, MAX_ITEMS};
use api_error_codes::Code;
use api_error_codes::{
    amazon_ads, amazon_scraper, sp_api, x_ads, ApiError, ApiErrorCode, ErrorKind, RateLimit,
};
use serde::Serialize;

/// The longest excerpt, in characters: the crate keeps 160 characters of an
/// unread body, then `...`.
const MAX_EXCERPT_CHARS: usize = 160 + 3;

/// The longest server text `Display` shows, in characters, then `...`.
const DISPLAY_LIMIT: usize = 256;

/// A generous bound on a whole `Display` line: status, code, message,
/// "(and N more)" and request id, each capped.
const MAX_DISPLAY_CHARS: usize = 3 * (DISPLAY_LIMIT + 3) + 64;

const APIS: [&str; 4] = ["x_ads", "amazon_scraper", "amazon_ads", "sp_api"];

type Headers<'a> = &'a [(&'a str, &'a str)];
const NO_HEADERS: Headers<'static> = &[];

/// What one parser made of a response, in the terms all four share.
#[derive(Debug)]
struct Seen {
    api: &'static str,
    kind: ErrorKind,
    variant: Option<&'static str>,
    code: Option<String>,
    code_is_known: bool,
    message: Option<String>,
    excerpt: Option<String>,
    errors: usize,
    dropped: usize,
    display: String,
    request_id: Option<String>,
    retry_after: Option<Duration>,
    rate_limit: RateLimit,
}

/// Whether `c` could forge a log line or reorder what a reader sees.
fn is_unsafe(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{200B}'..='\u{200F}'
                | '\u{2028}'
                | '\u{2029}'
                | '\u{202A}'..='\u{202E}'
                | '\u{2066}'..='\u{2069}'
                | '\u{FEFF}'
        )
}

fn seen<E>(api: &'static str, status: u16, error: &ApiError<E>) -> Seen
where
    E: ApiErrorCode + Debug + Serialize,
{
    let display = error.to_string();
    // The invariants every response keeps, whatever it held.
    assert_eq!(error.status(), status, "{api}: status kept as is");
    assert!(
        !display.chars().any(is_unsafe),
        "{api}: Display is sanitized: {display:?}"
    );
    assert!(
        display.chars().count() <= MAX_DISPLAY_CHARS,
        "{api}: Display is bounded ({} chars)",
        display.chars().count()
    );
    assert!(
        display.starts_with(&format!("HTTP {status}")),
        "{api}: {display:?}"
    );
    if let Some(excerpt) = error.excerpt() {
        assert!(
            excerpt.chars().count() <= MAX_EXCERPT_CHARS,
            "{api}: excerpt is bounded ({} chars)",
            excerpt.chars().count()
        );
        assert!(
            !excerpt.chars().any(is_unsafe),
            "{api}: excerpt is sanitized: {excerpt:?}"
        );
        assert!(!excerpt.is_empty(), "{api}: no empty excerpt");
    }
    if error.variant().is_none() {
        assert_eq!(
            error.kind(),
            ErrorKind::from_status(status),
            "{api}: without a known code, the status decides"
        );
    }
    assert!(error.errors().len() <= MAX_ITEMS, "{api}: items are capped");
    serde_json::to_string(error).expect("an ApiError always serializes");
    Seen {
        api,
        kind: error.kind(),
        variant: error.variant().map(|v| v.variant_name()),
        // As sent: the SP-API reads `NOT_FOUND` as an alias of `NotFound`.
        code: error
            .primary()
            .and_then(|p| p.raw_code())
            .map(str::to_owned),
        code_is_known: error.code().is_some_and(|c| c.is_known()),
        message: error.message().map(str::to_owned),
        excerpt: error.excerpt().map(str::to_owned),
        errors: error.errors().len(),
        dropped: error.errors_dropped(),
        display,
        request_id: error.request_id().map(str::to_owned),
        retry_after: error.retry_after().map(|r| r.delay_from(SystemTime::now())),
        rate_limit: *error.rate_limit(),
    }
}

/// Parses one response with each of the four parsers.
fn parse_all(status: u16, headers: Headers<'_>, body: &[u8]) -> [Seen; 4] {
    let seen = [
        seen(APIS[0], status, &x_ads::parse(status, headers, body)),
        seen(
            APIS[1],
            status,
            &amazon_scraper::parse(status, headers, body),
        ),
        seen(APIS[2], status, &amazon_ads::parse(status, headers, body)),
        seen(APIS[3], status, &sp_api::parse(status, headers, body)),
    ];
    for (one, api) in seen.iter().zip(APIS) {
        assert_eq!(one.api, api);
    }
    seen
}

/// Asserts that no parser read an error item and all fell back on the
/// status with `excerpt`.
fn assert_unread(all: &[Seen; 4], kind: ErrorKind, excerpt: Option<&str>) {
    for one in all {
        assert_eq!(one.errors, 0, "{}: no item read", one.api);
        assert_eq!(one.code, None, "{}", one.api);
        assert_eq!(one.message, None, "{}", one.api);
        assert_eq!(one.kind, kind, "{}", one.api);
        assert_eq!(one.excerpt.as_deref(), excerpt, "{}", one.api);
    }
}

fn variants(all: &[Seen; 4]) -> [Option<&'static str>; 4] {
    [
        all[0].variant,
        all[1].variant,
        all[2].variant,
        all[3].variant,
    ]
}

// ---------------------------------------------------------------------------
// Bodies that are not JSON

#[test]
fn html_page_title_becomes_the_excerpt_and_the_status_decides() {
    let page = b"<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n\
                 <center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n\
                 </body>\r\n</html>\r\n";
    let all = parse_all(502, &[("content-type", "text/html")], page);
    assert_unread(&all, ErrorKind::ServerError, Some("502 Bad Gateway"));
    // Only Amazon Ads documents a single code for 502; the scraper has four.
    assert_eq!(variants(&all), [None, None, Some("BadGateway"), None]);
    assert_eq!(all[0].display, "HTTP 502 (server_error): 502 Bad Gateway");
}

#[test]
fn html_page_without_a_title_excerpts_its_first_characters() {
    let page = b"<html><body><h1>Service Unavailable</h1></body></html>";
    let all = parse_all(504, NO_HEADERS, page);
    assert_unread(
        &all,
        ErrorKind::Timeout,
        Some("<html><body><h1>Service Unavailable</h1></body></html>"),
    );
}

#[test]
fn html_title_with_line_breaks_and_escapes_is_sanitized_and_capped() {
    let title = format!("Error\r\n\u{1b}[2J{}", "Ω".repeat(1000));
    let page = format!("<html><head><title>{title}</title></head></html>");
    let all = parse_all(500, NO_HEADERS, page.as_bytes());
    for one in &all {
        let excerpt = one.excerpt.as_deref().expect("an excerpt");
        assert!(excerpt.starts_with("Error [2JΩΩ"), "{excerpt:?}");
        assert!(excerpt.ends_with("Ω..."), "{excerpt:?}");
        assert_eq!(excerpt.chars().count(), MAX_EXCERPT_CHARS);
    }
}

#[test]
fn plain_text_body_is_the_excerpt() {
    let all = parse_all(504, NO_HEADERS, b"upstream request timeout");
    assert_unread(&all, ErrorKind::Timeout, Some("upstream request timeout"));
    assert_eq!(
        variants(&all),
        [None, None, Some("GatewayTimeout"), None],
        "only Amazon Ads documents a code for 504"
    );
    assert_eq!(
        all[3].display,
        "HTTP 504 (timeout): upstream request timeout"
    );
}

#[test]
fn empty_body_gives_no_excerpt_and_the_status_kind() {
    let all = parse_all(404, NO_HEADERS, b"");
    assert_unread(&all, ErrorKind::NotFound, None);
    // Every API but X Ads documents exactly one 404 code.
    assert_eq!(
        variants(&all),
        [None, Some("NotFound"), Some("NotFound"), Some("NotFound")]
    );
    for one in &all {
        assert_eq!(one.display, "HTTP 404 (not_found)", "{}", one.api);
    }
}

#[test]
fn whitespace_body_gives_no_excerpt() {
    let all = parse_all(500, NO_HEADERS, b" \r\n\t \n");
    assert_unread(&all, ErrorKind::ServerError, None);
    assert_eq!(all[0].display, "HTTP 500 (server_error)");
}

// ---------------------------------------------------------------------------
// Broken JSON

#[test]
fn truncated_json_falls_back_on_status_with_an_excerpt() {
    let body = br#"{"errors":[{"code":"INVALID_PARAMETER","message":"Expected ti"#;
    let all = parse_all(400, NO_HEADERS, body);
    assert_unread(
        &all,
        ErrorKind::InvalidRequest,
        Some(r#"{"errors":[{"code":"INVALID_PARAMETER","message":"Expected ti"#),
    );
}

#[test]
fn invalid_json_falls_back_on_status_with_an_excerpt() {
    let body = b"{code: 'NOT_FOUND', details: 'gone'}";
    let all = parse_all(404, NO_HEADERS, body);
    assert_unread(
        &all,
        ErrorKind::NotFound,
        Some("{code: 'NOT_FOUND', details: 'gone'}"),
    );
}

#[test]
fn json_followed_by_garbage_is_not_read_and_falls_back_on_status() {
    // Two documents glued together, or a debug trailer: the body as a whole
    // is not JSON, and guessing which part is the error would be a guess.
    let body = br#"{"code":"NOT_FOUND","details":"gone"} <!-- proxy 7f3a -->"#;
    let all = parse_all(404, NO_HEADERS, body);
    assert_unread(
        &all,
        ErrorKind::NotFound,
        Some(r#"{"code":"NOT_FOUND","details":"gone"} <!-- proxy 7f3a -->"#),
    );
}

#[test]
fn json_followed_by_whitespace_only_is_read() {
    let body = b"{\"code\":\"NOT_FOUND\",\"details\":\"gone\"}\r\n\r\n  ";
    for one in parse_all(404, NO_HEADERS, body) {
        assert_eq!(one.code.as_deref(), Some("NOT_FOUND"), "{}", one.api);
        assert_eq!(one.message.as_deref(), Some("gone"), "{}", one.api);
        assert_eq!(one.excerpt, None, "{}", one.api);
    }
}

#[test]
fn json_with_a_utf8_byte_order_mark_is_still_read() {
    // RFC 8259 lets readers ignore a BOM; some servers send one.
    let body = b"\xEF\xBB\xBF{\"errors\":[{\"code\":\"NOT_FOUND\",\"message\":\"gone\"}]}";
    for one in parse_all(404, NO_HEADERS, body) {
        assert_eq!(one.code.as_deref(), Some("NOT_FOUND"), "{}", one.api);
        assert_eq!(one.message.as_deref(), Some("gone"), "{}", one.api);
    }
}

// ---------------------------------------------------------------------------
// JSON in the wrong shape

#[test]
fn json_of_another_shape_falls_back_on_status_with_the_body_as_excerpt() {
    for body in [
        r#"{"foo": 1}"#,
        "[1,2]",
        r#""str""#,
        "null",
        "42",
        "true",
        "{}",
        "[]",
        r#"{"errors": []}"#,
        r#"{"errors": "something failed badly"}"#,
        r#"{"errors": 17, "error": null}"#,
    ] {
        let all = parse_all(400, NO_HEADERS, body.as_bytes());
        assert_unread(&all, ErrorKind::InvalidRequest, Some(body));
    }
}

#[test]
fn numeric_top_level_code_is_kept_as_its_decimal_string() {
    let all = parse_all(404, NO_HEADERS, br#"{"code": 404}"#);
    for one in &all {
        assert_eq!(one.code.as_deref(), Some("404"), "{}", one.api);
        assert!(
            !one.code_is_known,
            "{}: no API here uses 404 as a code",
            one.api
        );
        // A code that only repeats the status weighs as the status: the
        // catalogs with one 404 row name it, the others name none.
        assert_eq!(one.kind, ErrorKind::NotFound, "{}", one.api);
        assert_eq!(one.excerpt, None, "{}", one.api);
        assert_eq!(one.display, "HTTP 404 404", "{}", one.api);
    }
}

#[test]
fn numeric_code_in_an_errors_list_is_unknown_and_the_status_decides() {
    let body = br#"{"errors":[{"code":131,"message":"Internal error"},{"code":-1.5}]}"#;
    let all = parse_all(403, NO_HEADERS, body);
    for one in &all {
        assert_eq!(one.code.as_deref(), Some("131"), "{}", one.api);
        assert!(!one.code_is_known, "{}", one.api);
        assert_eq!(one.kind, ErrorKind::PermissionDenied, "{}", one.api);
        assert_eq!(one.errors, 2, "{}", one.api);
        assert_eq!(one.message.as_deref(), Some("Internal error"));
    }
    let second = x_ads::parse(403, NO_HEADERS, body);
    assert_eq!(second.errors()[1].code().map(|c| c.as_str()), Some("-1.5"));
}

#[test]
fn unknown_code_is_kept_raw_and_the_status_decides() {
    let body = br#"{"errors":[{"code":"BRAND_NEW_CODE","message":"added after this release"}],
                    "error":"brand_new_code","code":"BRAND_NEW_CODE"}"#;
    for (status, kind) in [
        (409, ErrorKind::Conflict),
        (401, ErrorKind::Unauthenticated),
        (503, ErrorKind::Unavailable),
    ] {
        let all = parse_all(status, NO_HEADERS, body);
        for one in &all {
            assert_eq!(one.code.as_deref(), Some("BRAND_NEW_CODE"), "{}", one.api);
            assert!(!one.code_is_known, "{}", one.api);
            // An unknown code names no variant, even where the status alone
            // would (the scraper's 503 is `capacity`).
            assert_eq!(one.variant, None, "{}", one.api);
            assert_eq!(one.kind, kind, "{} {status}", one.api);
            assert_eq!(
                one.message.as_deref(),
                Some("added after this release"),
                "{}",
                one.api
            );
        }
    }
}

#[test]
fn known_code_of_another_status_still_names_its_variant() {
    // A code is more specific than a status: X Ads documents
    // TOO_MANY_REQUESTS with 429, but a proxy may relay it as 503.
    let error = x_ads::parse(
        503,
        NO_HEADERS,
        br#"{"errors":[{"code":"TOO_MANY_REQUESTS"}]}"#,
    );
    assert_eq!(error.variant(), Some(x_ads::XAdsErrorCode::TooManyRequests));
    assert_eq!(error.kind(), ErrorKind::RateLimited);
    assert_eq!(error.status(), 503);
}

#[test]
fn null_object_or_array_where_a_string_belongs_is_no_text() {
    let body = br#"{"errors":[{"code":"NOT_FOUND","message":null,"details":{"why":"gone"},
                                "parameter":["id"],"value":{"id":7}}]}"#;
    let all = parse_all(404, NO_HEADERS, body);
    for one in &all {
        assert_eq!(one.code.as_deref(), Some("NOT_FOUND"), "{}", one.api);
        assert_eq!(one.message, None, "{}", one.api);
        assert_eq!(one.errors, 1, "{}", one.api);
    }
    // Known where the catalog spells it so, unknown elsewhere.
    let known: Vec<bool> = all.iter().map(|one| one.code_is_known).collect();
    // The SP-API reads `NOT_FOUND` as an alias of `NotFound`.
    assert_eq!(known, [true, false, true, true]);

    let error = x_ads::parse(404, NO_HEADERS, body);
    let item = &error.errors()[0];
    assert_eq!(item.details(), None);
    assert_eq!(item.parameter(), None);
    // `value` keeps whatever JSON it held, as JSON text.
    assert_eq!(item.value(), Some(r#"{"id":7}"#));
}

#[test]
fn item_with_nothing_but_non_strings_is_no_item() {
    let body = br#"{"errors":[{"code":null,"message":{"text":"x"},"details":[1]}, 7, null, []]}"#;
    let all = parse_all(400, NO_HEADERS, body);
    assert_unread(
        &all,
        ErrorKind::InvalidRequest,
        Some(r#"{"errors":[{"code":null,"message":{"text":"x"},"details":[1]}, 7, null, []]}"#),
    );
}

#[test]
fn one_error_object_where_a_list_belongs_is_read_as_one_item() {
    let body = br#"{"errors":{"code":"QuotaExceeded","message":"slow down"}}"#;
    let error = sp_api::parse(429, NO_HEADERS, body);
    assert_eq!(error.variant(), Some(sp_api::SpApiErrorCode::QuotaExceeded));
    assert_eq!(error.message(), Some("slow down"));
}

#[test]
fn bare_strings_in_an_errors_list_are_messages() {
    let body = br#"{"errors":["first thing failed","second thing failed"]}"#;
    for one in parse_all(500, NO_HEADERS, body) {
        assert_eq!(one.errors, 2, "{}", one.api);
        assert_eq!(one.code, None, "{}", one.api);
        assert_eq!(
            one.message.as_deref(),
            Some("first thing failed"),
            "{}",
            one.api
        );
        assert_eq!(one.kind, ErrorKind::ServerError, "{}", one.api);
    }
}

#[test]
fn duplicate_keys_the_last_one_wins() {
    let body = br#"{"code":"first","details":"one","code":"second","details":"two"}"#;
    for one in parse_all(400, NO_HEADERS, body) {
        assert_eq!(one.code.as_deref(), Some("second"), "{}", one.api);
        assert_eq!(one.message.as_deref(), Some("two"), "{}", one.api);
    }
    let body = br#"{"errors":[{"code":"A"}],"errors":[{"code":"B"},{"code":"C"}]}"#;
    for one in parse_all(400, NO_HEADERS, body) {
        assert_eq!(one.code.as_deref(), Some("B"), "{}", one.api);
        assert_eq!(one.errors, 2, "{}", one.api);
    }
}

// ---------------------------------------------------------------------------
// Size and depth

/// A valid error body of exactly `len` bytes.
fn padded_body(len: usize) -> Vec<u8> {
    let head = br#"{"errors":[{"code":"NOT_FOUND","message":""#;
    let tail = br#""}]}"#;
    let mut body = head.to_vec();
    body.resize(len - tail.len(), b'x');
    body.extend_from_slice(tail);
    assert_eq!(body.len(), len);
    body
}

#[test]
fn body_of_exactly_max_body_bytes_is_read() {
    let body = padded_body(MAX_BODY_BYTES);
    for one in parse_all(404, NO_HEADERS, &body) {
        assert_eq!(one.code.as_deref(), Some("NOT_FOUND"), "{}", one.api);
        assert_eq!(one.excerpt, None, "{}", one.api);
    }
}

#[test]
fn body_one_byte_over_max_body_bytes_is_not_read_and_its_excerpt_is_bounded() {
    let body = padded_body(MAX_BODY_BYTES + 1);
    for one in parse_all(404, NO_HEADERS, &body) {
        assert_eq!(one.errors, 0, "{}", one.api);
        assert_eq!(one.code, None, "{}", one.api);
        assert_eq!(one.kind, ErrorKind::NotFound, "{}", one.api);
        let excerpt = one.excerpt.expect("an excerpt");
        assert!(
            excerpt.starts_with(r#"{"errors":[{"code":"NOT_FOUND","message":"xxx"#),
            "{excerpt}"
        );
        assert!(excerpt.ends_with("x..."), "{excerpt}");
        assert_eq!(excerpt.chars().count(), MAX_EXCERPT_CHARS);
    }
}

#[test]
fn ten_megabyte_body_is_not_read_and_its_excerpt_is_bounded() {
    let mut body = b"<html><head><title>Gateway Timeout</title></head><body>".to_vec();
    body.resize(10 * 1024 * 1024, b'A');
    let all = parse_all(504, NO_HEADERS, &body);
    assert_unread(&all, ErrorKind::Timeout, Some("Gateway Timeout"));

    let json = padded_body(10 * 1024 * 1024);
    for one in parse_all(404, NO_HEADERS, &json) {
        assert_eq!(one.errors, 0, "{}", one.api);
        assert_eq!(
            one.excerpt.map(|e| e.chars().count()),
            Some(MAX_EXCERPT_CHARS)
        );
    }
}

#[test]
fn array_nesting_100k_deep_does_not_overflow_the_stack() {
    let open = "[".repeat(100_000);
    let closed = format!("{open}{}", "]".repeat(100_000));
    for body in [open, closed] {
        let all = parse_all(400, NO_HEADERS, body.as_bytes());
        let excerpt = format!("{}...", "[".repeat(160));
        assert_unread(&all, ErrorKind::InvalidRequest, Some(&excerpt));
    }
}

#[test]
fn object_nesting_100k_deep_does_not_overflow_the_stack() {
    let depth = 100_000;
    let body = format!("{}1{}", r#"{"a":"#.repeat(depth), "}".repeat(depth));
    let all = parse_all(500, NO_HEADERS, body.as_bytes());
    for one in &all {
        assert_eq!(one.errors, 0, "{}", one.api);
        assert!(
            one.excerpt
                .as_deref()
                .is_some_and(|e| e.starts_with(r#"{"a":{"a":"#)),
            "{}",
            one.api
        );
    }
}

#[test]
fn deep_nesting_inside_an_error_item_does_not_overflow_the_stack() {
    let depth = 100_000;
    let body = format!(
        r#"{{"errors":[{{"code":"NOT_FOUND","value":{}1{}}}]}}"#,
        "[".repeat(depth),
        "]".repeat(depth)
    );
    let all = parse_all(404, NO_HEADERS, body.as_bytes());
    for one in &all {
        // Too deep to be JSON this crate reads; the status decides.
        assert_eq!(one.errors, 0, "{}", one.api);
        assert_eq!(one.kind, ErrorKind::NotFound, "{}", one.api);
    }
}

#[test]
fn thousands_of_error_items_are_capped_at_max_items_and_the_rest_counted() {
    let count = 5_000;
    let items: Vec<String> = (0..count)
        .map(|i| format!(r#"{{"code":"E{i}","message":"m{i}"}}"#))
        .collect();
    let body = format!(r#"{{"errors":[{}]}}"#, items.join(","));
    assert!(body.len() <= MAX_BODY_BYTES);
    for one in parse_all(400, NO_HEADERS, body.as_bytes()) {
        assert_eq!(one.errors, MAX_ITEMS, "{}", one.api);
        assert_eq!(one.dropped, count - MAX_ITEMS, "{}", one.api);
        assert_eq!(one.code.as_deref(), Some("E0"), "{}", one.api);
        assert_eq!(
            one.display,
            format!("HTTP 400 E0: m0 (and {} more)", count - 1),
            "{}",
            one.api
        );
    }
    let error = x_ads::parse(400, NO_HEADERS, body.as_bytes());
    let last = error.errors().last().and_then(|item| item.message());
    assert_eq!(last, Some(format!("m{}", MAX_ITEMS - 1).as_str()));
}

#[test]
fn request_echo_with_thousands_of_params_keeps_the_first_64() {
    let params: Vec<String> = (0..5_000).map(|i| format!(r#""p{i}":{i}"#)).collect();
    let body = format!(
        r#"{{"errors":[{{"code":"INVALID_PARAMETER"}}],"request":{{"params":{{{}}}}}}}"#,
        params.join(",")
    );
    let error = x_ads::parse(400, NO_HEADERS, body.as_bytes());
    assert_eq!(error.request_params().len(), 64);
    assert_eq!(
        error.request_params().last(),
        Some(&("p63".to_owned(), "63".to_owned()))
    );
    assert_eq!(
        error.variant(),
        Some(x_ads::XAdsErrorCode::InvalidParameter)
    );
}

// ---------------------------------------------------------------------------
// Bytes and characters

#[test]
fn invalid_utf8_bytes_fall_back_on_status_with_replacement_characters() {
    let body = b"{\"errors\":[{\"code\":\"NOT_FOUND\",\"message\":\"caf\xe9\"}]}";
    let all = parse_all(404, NO_HEADERS, body);
    assert_unread(
        &all,
        ErrorKind::NotFound,
        Some("{\"errors\":[{\"code\":\"NOT_FOUND\",\"message\":\"caf\u{FFFD}\"}]}"),
    );

    let binary = b"\xff\xfe\x00\x01\x89PNG\r\n\x1a\n";
    let all = parse_all(500, NO_HEADERS, binary);
    assert_unread(
        &all,
        ErrorKind::ServerError,
        Some("\u{FFFD}\u{FFFD} \u{FFFD}PNG"),
    );
}

#[test]
fn lone_surrogate_escape_becomes_a_replacement_character_and_the_body_is_read() {
    // A server that cut a string between the halves of a surrogate pair
    // (an emoji, say) sends a lone `\ud83d`. Losing every item for one bad
    // character would throw away the code.
    let body = br#"{"errors":[{"code":"NOT_FOUND","message":"gone \ud83d",
                    "details":"\udc00\ud83d\ude00","parameter":"\ud800\ud83d\ude00\udfff"}]}"#;
    for one in parse_all(404, NO_HEADERS, body) {
        assert_eq!(one.code.as_deref(), Some("NOT_FOUND"), "{}", one.api);
        assert_eq!(one.message.as_deref(), Some("gone \u{FFFD}"), "{}", one.api);
        assert_eq!(one.excerpt, None, "{}", one.api);
    }
    // A valid pair next to a lone half is kept as the emoji it is.
    let error = x_ads::parse(404, NO_HEADERS, body);
    assert_eq!(error.errors()[0].details(), Some("\u{FFFD}😀"));
    assert_eq!(error.errors()[0].parameter(), Some("\u{FFFD}😀\u{FFFD}"));
}

#[test]
fn escaped_backslash_before_u_is_not_taken_for_a_surrogate_escape() {
    // `\\ud800` is a backslash, then the text "ud800": valid JSON, kept.
    let body = br#"{"errors":[{"code":"NOT_FOUND","message":"C:\\ud800"}]}"#;
    let error = x_ads::parse(404, NO_HEADERS, body);
    assert_eq!(error.message(), Some(r"C:\ud800"));
}

#[test]
fn control_characters_ansi_crlf_and_bidi_in_a_message_are_sanitized_for_display_only() {
    let message = "line one\r\n2024-01-01 INFO forged log line\u{1b}[31m red\u{7}\u{202e}txt.exe\u{2066}\u{0}end";
    let body =
        serde_json::json!({"errors": [{"code": "NOT_FOUND", "message": message}]}).to_string();
    let headers = [("x-request-id", "id\r\nX-Injected: 1")];
    for one in parse_all(404, &headers, body.as_bytes()) {
        // The accessors give the server's text as it was; only Display cleans.
        assert_eq!(one.message.as_deref(), Some(message), "{}", one.api);
        assert_eq!(
            one.request_id.as_deref(),
            Some("id\r\nX-Injected: 1"),
            "{}",
            one.api
        );
        assert_eq!(
            one.display,
            "HTTP 404 NOT_FOUND: line one 2024-01-01 INFO forged log line [31m red txt.exe end \
             (request id id X-Injected: 1)",
            "{}",
            one.api
        );
    }
}

#[test]
fn unknown_code_with_control_characters_is_sanitized_for_display() {
    let body = br#"{"errors":[{"code":"EVIL\r\n\u001b[0mCODE\u202e","message":"m"}]}"#;
    for one in parse_all(400, NO_HEADERS, body) {
        assert_eq!(
            one.code.as_deref(),
            Some("EVIL\r\n\u{1b}[0mCODE\u{202e}"),
            "{}",
            one.api
        );
        assert_eq!(one.display, "HTTP 400 EVIL [0mCODE : m", "{}", one.api);
    }
}

#[test]
fn blank_message_is_left_out_of_display_and_padding_around_it_is_trimmed() {
    let headers = [("x-request-id", "r1")];
    for (body, raw_message, display) in [
        (
            r#"{"errors":[{"code":"E","message":"","details":""}]}"#,
            "",
            "HTTP 400 E (request id r1)",
        ),
        (
            r#"{"errors":[{"code":"E","message":"\r\n\u001b \u202e"}]}"#,
            "\r\n\u{1b} \u{202e}",
            "HTTP 400 E (request id r1)",
        ),
        (
            r#"{"errors":[{"code":"E","message":"\n  Invalid input \n"}]}"#,
            "\n  Invalid input \n",
            "HTTP 400 E: Invalid input (request id r1)",
        ),
        // A blank message with text in `details`, as the SP-API sends.
        (
            r#"{"errors":[{"code":"E","message":" ","details":"CreatedAfter is invalid"}]}"#,
            " ",
            "HTTP 400 E: CreatedAfter is invalid (request id r1)",
        ),
    ] {
        for one in parse_all(400, &headers, body.as_bytes()) {
            assert_eq!(one.message.as_deref(), Some(raw_message), "{}", one.api);
            assert_eq!(one.display, display, "{} {body}", one.api);
        }
    }
}

#[test]
fn very_long_message_is_kept_whole_and_cut_on_a_char_boundary_for_display() {
    // Two-, three- and four-byte characters, so that a cut at a byte count
    // would split one.
    let message = "é日🎉".repeat(10_000);
    let body = format!(r#"{{"errors":[{{"code":"X","message":"{message}"}}]}}"#);
    for one in parse_all(400, NO_HEADERS, body.as_bytes()) {
        assert_eq!(
            one.message.as_deref(),
            Some(message.as_str()),
            "{}",
            one.api
        );
        let shown = one
            .display
            .strip_prefix("HTTP 400 X: ")
            .expect("status and code first");
        let expected: String = message.chars().take(DISPLAY_LIMIT).collect();
        assert_eq!(shown, format!("{expected}..."), "{}", one.api);
    }
}

#[test]
fn very_long_unknown_code_is_capped_for_display() {
    let code = "C".repeat(100_000);
    let body = format!(r#"{{"code":"{code}"}}"#);
    for one in parse_all(400, NO_HEADERS, body.as_bytes()) {
        assert_eq!(one.code.as_deref(), Some(code.as_str()), "{}", one.api);
        assert_eq!(
            one.display,
            format!("HTTP 400 {}...", "C".repeat(DISPLAY_LIMIT)),
            "{}",
            one.api
        );
    }
}

// ---------------------------------------------------------------------------
// Statuses

#[test]
fn statuses_0_99_600_and_65535_are_kept_as_is_with_kind_other() {
    for status in [0, 99, 600, 65535] {
        let all = parse_all(status, NO_HEADERS, b"");
        assert_unread(&all, ErrorKind::Other, None);
        assert_eq!(variants(&all), [None; 4]);
        assert_eq!(all[0].display, format!("HTTP {status} (other)"));
        // Not a 2xx, so not billed.
        assert!(!amazon_scraper::parse(status, NO_HEADERS, b"").is_billed());
    }
}

#[test]
fn out_of_range_status_with_a_known_code_is_judged_by_the_code() {
    let body = br#"{"errors":[{"code":"TOO_MANY_REQUESTS","message":"slow"}]}"#;
    for status in [0, 99, 600, 65535] {
        let error = x_ads::parse(status, NO_HEADERS, body);
        assert_eq!(error.status(), status);
        assert_eq!(error.variant(), Some(x_ads::XAdsErrorCode::TooManyRequests));
        assert_eq!(error.kind(), ErrorKind::RateLimited);
    }
}

// ---------------------------------------------------------------------------
// Headers

#[test]
fn header_values_over_max_header_value_bytes_are_ignored_but_retry_after() {
    // Padding is whitespace, which is trimmed: the length limit applies to
    // the value as received.
    let at_limit = format!("{}5", " ".repeat(MAX_HEADER_VALUE_BYTES - 1));
    let over_limit = format!("{}5", " ".repeat(MAX_HEADER_VALUE_BYTES));
    let long_id = "a".repeat(MAX_HEADER_VALUE_BYTES + 1);

    let headers = [("retry-after", at_limit.as_str())];
    for one in parse_all(503, &headers, b"") {
        assert_eq!(one.retry_after, Some(Duration::from_secs(5)), "{}", one.api);
    }

    let headers = [
        ("retry-after", over_limit.as_str()),
        ("x-amzn-RequestId", long_id.as_str()),
        ("x-request-id", "short-id"),
        ("x-rate-limit-remaining", over_limit.as_str()),
    ];
    for one in parse_all(503, &headers, b"") {
        // Retry-After is read at any length: its parser's work is bounded.
        assert_eq!(one.retry_after, Some(Duration::from_secs(5)), "{}", one.api);
        assert_eq!(one.request_id.as_deref(), Some("short-id"), "{}", one.api);
        assert_eq!(one.rate_limit.remaining(), None, "{}", one.api);
    }
}

#[test]
fn repeated_headers_the_first_valid_value_wins() {
    let headers = [
        ("Retry-After", "soon"),
        ("retry-after", "7"),
        ("RETRY-AFTER", "9"),
        ("x-rate-limit-remaining", "lots"),
        ("x-rate-limit-remaining", "5"),
        ("x-rate-limit-remaining", "6"),
        ("x-amzn-RateLimit-Limit", "-2"),
        ("x-amzn-RateLimit-Limit", "0.5"),
        ("x-amzn-RateLimit-Limit", "10"),
        ("x-amzn-RequestId", ""),
        ("x-amzn-RequestId", "first"),
        ("x-amzn-RequestId", "second"),
    ];
    for one in parse_all(429, &headers, b"") {
        assert_eq!(one.retry_after, Some(Duration::from_secs(7)), "{}", one.api);
        assert_eq!(one.rate_limit.remaining(), Some(5), "{}", one.api);
        assert_eq!(
            one.rate_limit.requests_per_second(),
            Some(0.5),
            "{}",
            one.api
        );
        assert_eq!(one.request_id.as_deref(), Some("first"), "{}", one.api);
    }
}

#[test]
fn amazon_request_id_header_outranks_a_generic_one_whatever_the_order() {
    let headers = [("x-request-id", "generic"), ("x-amzn-RequestId", "amazon")];
    for one in parse_all(500, &headers, b"") {
        assert_eq!(one.request_id.as_deref(), Some("amazon"), "{}", one.api);
    }
}

#[test]
fn absurd_retry_after_and_rate_limit_values_are_clamped_or_ignored() {
    let headers = [
        ("retry-after", "99999999999999999999999999"),
        ("x-rate-limit-reset", "99999999999999999"),
        ("x-rate-limit-limit", "-1"),
    ];
    for one in parse_all(429, &headers, b"") {
        // Clamped to a day rather than overflowing or ignored.
        assert_eq!(
            one.retry_after,
            Some(Duration::from_secs(24 * 60 * 60)),
            "{}",
            one.api
        );
        assert_eq!(one.rate_limit.reset(), None, "{}", one.api);
        assert_eq!(one.rate_limit.limit(), None, "{}", one.api);
    }
}

#[test]
fn header_names_that_merely_start_like_known_ones_are_ignored() {
    let headers = [("retry-after-ms", "5"), ("x-request-id-alt", "nope")];
    for one in parse_all(503, &headers, b"") {
        assert_eq!(one.retry_after, None, "{}", one.api);
        assert_eq!(one.request_id, None, "{}", one.api);
    }
}

#[cfg(feature = "http")]
#[test]
fn repeated_headers_in_an_http_header_map_the_first_valid_value_wins() {
    let mut response = http::Response::new(b"<html><title>Too Many</title></html>".to_vec());
    *response.status_mut() = http::StatusCode::TOO_MANY_REQUESTS;
    let headers = response.headers_mut();
    for value in ["later", "4", "8"] {
        headers.append("retry-after", http::HeaderValue::from_static(value));
    }
    for value in ["first-id", "second-id"] {
        headers.append("x-amzn-requestid", http::HeaderValue::from_static(value));
    }
    let errors = [
        x_ads::parse_response(&response).retry_after(),
        amazon_scraper::parse_response(&response).retry_after(),
        amazon_ads::parse_response(&response).retry_after(),
        sp_api::parse_response(&response).retry_after(),
    ];
    assert_eq!(
        errors,
        [Some(api_error_codes::retry::RetryAfter::Delay(
            Duration::from_secs(4)
        )); 4]
    );
    let error = sp_api::parse_response(&response);
    assert_eq!(error.request_id(), Some("first-id"));
    assert_eq!(error.excerpt(), Some("Too Many"));
    assert_eq!(error.kind(), ErrorKind::RateLimited);
}

#[test]
fn api_error_is_small_enough_to_return_in_a_result() {
    // clippy's `result_large_err` flags error types over 128 bytes in every
    // function that returns them; users return `Result<T, ApiError<E>>`.
    assert!(
        std::mem::size_of::<api_error_codes::ApiError<api_error_codes::x_ads::XAdsErrorCode>>()
            <= 64
    );
    assert!(
        std::mem::size_of::<
            api_error_codes::retry::RetryError<
                api_error_codes::ApiError<api_error_codes::x_ads::XAdsErrorCode>,
            >,
        >() <= 128
    );
}

#[test]
fn namespaced_code_is_read_by_its_bare_name_and_kept_raw() {
    let body = br#"{"errors":[{"code":"com.amazon.coral.service#QuotaExceeded:http://internal.amazon.com/coral/","message":"slow down"}]}"#;
    let error = api_error_codes::sp_api::parse(429, &(), body);
    let item = &error.errors()[0];
    assert_eq!(
        item.code(),
        Some(&Code::Known(
            api_error_codes::sp_api::SpApiErrorCode::QuotaExceeded
        ))
    );
    assert_eq!(
        item.raw_code(),
        Some("com.amazon.coral.service#QuotaExceeded:http://internal.amazon.com/coral/")
    );
    assert_eq!(
        error.variant(),
        Some(api_error_codes::sp_api::SpApiErrorCode::QuotaExceeded)
    );
}

#[test]
fn namespaced_unknown_code_stays_unknown_and_whole() {
    let body = br#"{"errors":[{"code":"ns#SomethingNew:http://x"}]}"#;
    let error = api_error_codes::sp_api::parse(400, &(), body);
    assert_eq!(
        error.code(),
        Some(&Code::Unknown("ns#SomethingNew:http://x".into()))
    );
    assert_eq!(
        error.errors()[0].raw_code(),
        Some("ns#SomethingNew:http://x")
    );
    assert_eq!(error.kind(), ErrorKind::InvalidRequest);
}

#[test]
fn integer_past_u64_in_a_read_field_is_kept_as_its_float_text() {
    // serde_json reads integers past u64 as the nearest f64.
    let body = br#"{"errors":[{"code":"INVALID_PARAMETER","value":18446744073709551616}]}"#;
    let error = api_error_codes::x_ads::parse(400, &(), body);
    assert_eq!(error.errors()[0].value(), Some("1.8446744073709552e+19"));
    assert!(error.code().is_some_and(Code::is_known));
}

#[test]
fn number_past_f64_in_an_ignored_field_does_not_stop_the_read() {
    let body = br#"{"errors":[{"code":"INVALID_PARAMETER","huge":1e400}],"other":-1e999}"#;
    let error = api_error_codes::x_ads::parse(400, &(), body);
    assert!(error.code().is_some_and(Code::is_known));
    assert_eq!(error.excerpt(), None);
}

#[test]
fn number_past_f64_in_a_read_field_makes_the_body_unread_and_the_status_decide() {
    // serde_json refuses to build such a number; the body is then treated
    // like any other unreadable body: status, kind and an excerpt.
    let body = br#"{"errors":[{"code":"INVALID_PARAMETER","value":1e400}]}"#;
    let error = api_error_codes::x_ads::parse(400, &(), body);
    assert_eq!(error.code(), None);
    assert_eq!(error.kind(), ErrorKind::InvalidRequest);
    assert!(error
        .excerpt()
        .is_some_and(|e| e.starts_with("{\"errors\"")));
}
