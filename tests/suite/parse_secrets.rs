//! Credentials handed to `parse` along with the other headers never come
//! back out: not in `Display`, `Debug`, pretty `Debug`, or serde output.

use api_error_codes::{amazon_ads, amazon_scraper, sp_api, x_ads};

const CANARY: &str = "CANARY-7f3a9c-SECRET";

fn headers_with_canaries() -> Vec<(String, String)> {
    vec![
        ("Authorization".into(), format!("Bearer {CANARY}")),
        ("x-amz-access-token".into(), format!("Atza|{CANARY}")),
        ("Cookie".into(), format!("session={CANARY}")),
        ("Set-Cookie".into(), format!("session={CANARY}; HttpOnly")),
        ("Proxy-Authorization".into(), format!("Basic {CANARY}")),
        ("x-api-key".into(), CANARY.into()),
        ("Retry-After".into(), "3".into()),
        ("x-amzn-RequestId".into(), "req-1".into()),
        ("x-rate-limit-remaining".into(), "0".into()),
    ]
}

fn assert_no_canary(what: &str, text: &str) {
    assert!(
        !text.contains("CANARY"),
        "{what} leaked a credential header: {text}"
    );
}

fn check_all_outputs<E>(api: &str, error: &api_error_codes::ApiError<E>)
where
    E: api_error_codes::ApiErrorCode + std::fmt::Debug + serde::Serialize,
{
    assert_no_canary(&format!("{api} Display"), &error.to_string());
    assert_no_canary(&format!("{api} Debug"), &format!("{error:?}"));
    assert_no_canary(&format!("{api} pretty Debug"), &format!("{error:#?}"));
    let json = serde_json::to_string(error).expect("an ApiError serializes");
    assert_no_canary(&format!("{api} JSON"), &json);
    for item in error.errors() {
        assert_no_canary(&format!("{api} item Debug"), &format!("{item:#?}"));
    }
    // The headers the crate does need were still read.
    assert!(error.retry_after().is_some(), "{api}: Retry-After read");
}

#[test]
fn credential_headers_never_reach_any_output() {
    let headers = headers_with_canaries();
    let body = br#"{"errors":[{"code":"QuotaExceeded","message":"quota"}],"code":"429","error":"rate_limited"}"#;
    check_all_outputs("x_ads", &x_ads::parse(429, &headers, body));
    check_all_outputs("amazon_ads", &amazon_ads::parse(429, &headers, body));
    check_all_outputs(
        "amazon_scraper",
        &amazon_scraper::parse(429, &headers, body),
    );
    check_all_outputs("sp_api", &sp_api::parse(429, &headers, body));
}

#[test]
fn credential_headers_never_reach_output_of_an_unparsed_body() {
    let headers = headers_with_canaries();
    let page = b"<html><title>Bad Gateway</title></html>";
    check_all_outputs("x_ads", &x_ads::parse(502, &headers, page));
    check_all_outputs("sp_api", &sp_api::parse(502, &headers, page));
}
