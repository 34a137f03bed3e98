//! `ResponseExt` on `http::Response<B>` with an `http_body::Body` (what
//! hyper, axum and tower clients return): bodies that end early, fail
//! half-way, never end, or send nothing but empty frames.

use std::collections::VecDeque;
use std::convert::Infallible;
use std::pin::Pin;
use std::task::{Context, Poll};

use api_error_codes::call::ResponseExt;
use api_error_codes::response::MAX_BODY_BYTES;
use api_error_codes::sp_api::{self, SpApiErrorCode};
use api_error_codes::x_ads::{self, XAdsErrorCode};
use api_error_codes::ErrorKind;
use api_error_codes_tests::block_on;
use bytes::Bytes;
use http_body::{Body, Frame};

const QUOTA: &str = r#"{"errors":[{"code":"QuotaExceeded","message":"You exceeded your quota for the requested resource."}]}"#;

/// A body that yields its frames, then ends.
#[derive(Debug)]
struct Frames(VecDeque<Result<Frame<Bytes>, std::io::Error>>);

impl Body for Frames {
    type Data = Bytes;
    type Error = std::io::Error;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        _: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, std::io::Error>>> {
        Poll::Ready(self.0.pop_front())
    }
}

/// A body that never ends: `chunk` forever.
#[derive(Debug)]
struct Endless {
    chunk: Bytes,
}

impl Body for Endless {
    type Data = Bytes;
    type Error = Infallible;

    fn poll_frame(
        self: Pin<&mut Self>,
        _: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, Infallible>>> {
        Poll::Ready(Some(Ok(Frame::data(self.chunk.clone()))))
    }
}

fn response<B>(status: u16, body: B) -> http::Response<B> {
    http::Response::builder()
        .status(status)
        .header("x-amzn-RateLimit-Limit", "0.5")
        .header("x-amzn-RequestId", "6b1ffcc6-8a4f-4ad7-b6d0-0c57ab2a6f0e")
        .body(body)
        .expect("a response")
}

#[test]
fn a_string_body_gives_the_value_parse_gives() {
    let error = block_on(response(429, QUOTA.to_owned()).api_error_for_status::<SpApiErrorCode>())
        .expect_err("429");
    let headers = [
        ("x-amzn-RateLimit-Limit", "0.5"),
        ("x-amzn-RequestId", "6b1ffcc6-8a4f-4ad7-b6d0-0c57ab2a6f0e"),
    ];
    assert_eq!(error, sp_api::parse(429, &headers, QUOTA.as_bytes()));
    assert_eq!(error.variant(), Some(SpApiErrorCode::QuotaExceeded));
    assert_eq!(error.rate_limit().requests_per_second(), Some(0.5));
}

#[test]
fn a_success_is_handed_back_with_its_body_unread() {
    let body = Frames(VecDeque::from([Ok(Frame::data(Bytes::from_static(
        b"payload",
    )))]));
    let response = block_on(response(200, body).api_error_for_status::<SpApiErrorCode>())
        .unwrap_or_else(|_| panic!("200 is a success"));
    assert_eq!(response.body().0.len(), 1, "no frame was taken");
}

#[test]
fn frames_are_joined_and_trailers_skipped() {
    let mut trailers = http::HeaderMap::new();
    trailers.insert("grpc-status", http::HeaderValue::from_static("0"));
    let (head, tail) = QUOTA.split_at(20);
    let body = Frames(VecDeque::from([
        Ok(Frame::data(Bytes::from_static(head.as_bytes()))),
        Ok(Frame::data(Bytes::new())),
        Ok(Frame::data(Bytes::from_static(tail.as_bytes()))),
        Ok(Frame::trailers(trailers)),
    ]));
    let error =
        block_on(response(429, body).api_error_for_status::<SpApiErrorCode>()).expect_err("429");
    assert_eq!(error.variant(), Some(SpApiErrorCode::QuotaExceeded));
}

#[test]
fn a_body_that_fails_half_way_keeps_what_arrived() {
    let body = Frames(VecDeque::from([
        Ok(Frame::data(Bytes::from_static(
            br#"{"errors":[{"code":"Quota"#,
        ))),
        Err(std::io::Error::from(std::io::ErrorKind::ConnectionReset)),
        Ok(Frame::data(Bytes::from_static(b"never read"))),
    ]));
    let error =
        block_on(response(429, body).api_error_for_status::<SpApiErrorCode>()).expect_err("429");
    assert_eq!(error.status(), 429);
    assert_eq!(error.kind(), ErrorKind::RateLimited);
    assert_eq!(error.code(), None, "half a body is not JSON");
    assert_eq!(error.excerpt(), Some(r#"{"errors":[{"code":"Quota"#));
    assert_eq!(
        error.request_id(),
        Some("6b1ffcc6-8a4f-4ad7-b6d0-0c57ab2a6f0e")
    );
}

#[test]
fn a_body_that_never_ends_is_read_to_the_cap_and_no_further() {
    let body = Endless {
        chunk: Bytes::from(vec![b'x'; 1000]),
    };
    let error =
        block_on(response(503, body).api_error_for_status::<XAdsErrorCode>()).expect_err("503");
    let over_cap = x_ads::parse(
        503,
        &[("x-amzn-RequestId", "6b1ffcc6-8a4f-4ad7-b6d0-0c57ab2a6f0e")],
        &vec![b'x'; MAX_BODY_BYTES + 1],
    );
    assert_eq!(error.excerpt(), over_cap.excerpt());
    assert_eq!(error.code(), None);
}

#[test]
fn a_body_of_endless_empty_frames_ends_too() {
    let body = Endless {
        chunk: Bytes::new(),
    };
    let error =
        block_on(response(503, body).api_error_for_status::<XAdsErrorCode>()).expect_err("503");
    assert_eq!(error.status(), 503);
    assert_eq!(error.excerpt(), None, "nothing arrived");
}

#[test]
fn parse_takes_an_http_status_code_and_header_map_as_clients_give_them() {
    let response = response(429, QUOTA);
    let error = sp_api::parse(
        response.status(),
        response.headers(),
        response.body().as_bytes(),
    );
    assert_eq!(
        error,
        sp_api::parse(
            429,
            &[
                ("x-amzn-RateLimit-Limit", "0.5"),
                ("x-amzn-RequestId", "6b1ffcc6-8a4f-4ad7-b6d0-0c57ab2a6f0e"),
            ],
            QUOTA.as_bytes()
        )
    );
}

#[test]
fn headers_that_are_not_utf8_are_skipped_and_the_rest_is_read() {
    let response = http::Response::builder()
        .status(503)
        .header(
            "Retry-After",
            http::HeaderValue::from_bytes(b"\xff\xfe3").expect("bytes"),
        )
        .header(
            "x-amzn-RequestId",
            http::HeaderValue::from_bytes(b"req-\xc0\xaf").expect("bytes"),
        )
        .header("x-amzn-RateLimit-Limit", "2")
        .body(String::new())
        .expect("a response");
    let error = block_on(response.api_error_for_status::<SpApiErrorCode>()).expect_err("503");
    assert_eq!(error.retry_after(), None);
    assert_eq!(error.request_id(), None);
    assert_eq!(error.rate_limit().requests_per_second(), Some(2.0));
}
