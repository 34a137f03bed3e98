//! Each API's `parse` on arbitrary status, headers and body, and catalogs
//! with `body(...)` paths and a success flag (`parse` and `for_response`).
//!
//! Invariants: no panic (libFuzzer reports it); the status is preserved;
//! the kind follows the known code or else the status; a known code is
//! found again from its own string; every excerpt is bounded and sanitized.
#![no_main]

use api_error_codes::sanitize::{is_unsafe_char, EXCERPT_LIMIT};
use api_error_codes::{amazon_ads, amazon_scraper, login_with_amazon, sp_api, x_ads};
use api_error_codes::{ApiError, ApiErrorCode, Code, ErrorKind};
use libfuzzer_sys::fuzz_target;

/// The input, in a byte layout simple enough to write seeds by hand
/// (`fuzz/seeds.py`): API selector, status (big-endian), header count, each
/// header as length-prefixed name and value, then the body.
struct Input<'a> {
    api: u8,
    status: u16,
    headers: Vec<(&'a str, &'a str)>,
    body: &'a [u8],
}

impl<'a> Input<'a> {
    fn decode(data: &'a [u8]) -> Option<Input<'a>> {
        let (&[api, hi, lo, count], mut rest) = data.split_first_chunk::<4>()? else {
            return None;
        };
        let mut headers = Vec::new();
        for _ in 0..count.min(16) {
            let name = take_str(&mut rest)?;
            let value = take_str(&mut rest)?;
            headers.push((name, value));
        }
        Some(Input {
            api,
            status: u16::from_be_bytes([hi, lo]),
            headers,
            body: rest,
        })
    }
}

fn take_str<'a>(rest: &mut &'a [u8]) -> Option<&'a str> {
    let (&len, tail) = rest.split_first()?;
    let len = usize::from(len);
    if tail.len() < len {
        return None;
    }
    let (text, tail) = tail.split_at(len);
    *rest = tail;
    std::str::from_utf8(text).ok()
}

fn check<E>(status: u16, error: &ApiError<E>)
where
    E: ApiErrorCode + PartialEq + std::fmt::Debug + serde::Serialize,
{
    assert_eq!(error.status(), status);
    match error.variant() {
        Some(variant) => assert_eq!(error.kind(), variant.kind()),
        None => assert_eq!(error.kind(), ErrorKind::from_status(status)),
    }
    if let Some(Code::Known(known)) = error.code() {
        assert!(E::all_with_code(known.code()).contains(known));
    }
    if let Some(excerpt) = error.excerpt() {
        assert!(excerpt.chars().count() <= EXCERPT_LIMIT + 3);
        assert!(!excerpt.chars().any(is_unsafe_char));
    }
    let shown = error.to_string();
    assert!(!shown.chars().any(is_unsafe_char), "Display must be sanitized: {shown:?}");
    let _ = format!("{error:?}");
    serde_json::to_string(error).expect("an ApiError always serializes");
}

/// A catalog that reads its bodies through `body(...)` paths, one of them
/// through every element of an array.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ApiErrorCode)]
#[api_error(body(
    code = "errors[].extensions.code",
    message = "errors[].message",
    request_id = "meta.request_id"
))]
enum Pathed {
    #[code(400, "BAD_USER_INPUT")]
    BadUserInput,
    #[code(401, "UNAUTHENTICATED")]
    Unauthenticated,
}

/// A catalog whose failures may come with 200 (Slack's `ok: false`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, ApiErrorCode)]
#[api_error(body(code = "error.type", message = "error.message", success_flag = "ok"))]
enum Flagged {
    #[code(200, "invalid_auth", kind = Unauthenticated)]
    InvalidAuth,
    #[code(429, "rate_limited")]
    RateLimited,
}

/// `for_response` agrees with `parse`: a failure is an error status, or a
/// 2xx whose success flag the body sets to `false`.
fn check_judged<E>(status: u16, headers: &[(&str, &str)], body: &[u8])
where
    E: ApiErrorCode + PartialEq + std::fmt::Debug + serde::Serialize,
{
    let parsed = ApiError::<E>::parse(status, headers, body);
    check(status, &parsed);
    match ApiError::<E>::for_response(status, headers, body) {
        Some(judged) => {
            assert!((200..=599).contains(&status) && !(300..400).contains(&status));
            assert_eq!(judged, parsed);
        }
        None => assert!(!(400..=599).contains(&status)),
    }
}

fuzz_target!(|data: &[u8]| {
    let Some(input) = Input::decode(data) else {
        return;
    };
    let status = input.status;
    let (headers, body) = (input.headers.as_slice(), input.body);
    match input.api % 7 {
        5 => check_judged::<Pathed>(status, headers, body),
        6 => check_judged::<Flagged>(status, headers, body),
        0 => {
            let error = x_ads::parse(status, headers, body);
            check(status, &error);
            // Both X windows are read from the same bounded headers; the
            // wait they ask for is measured without overflow.
            let _ = error.rate_limit().exhausted_reset_after(std::time::SystemTime::now());
        }
        1 => check(status, &amazon_scraper::parse(status, headers, body)),
        2 => check(status, &amazon_ads::parse(status, headers, body)),
        3 => check(status, &login_with_amazon::parse(status, headers, body)),
        _ => {
            check(status, &sp_api::parse(status, headers, body));
            for failure in amazon_ads::MultiStatus::parse(body).failures() {
                let _ = (failure.kind(), failure.retry_advice(), failure.value());
            }
        }
    }
});
