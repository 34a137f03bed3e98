//! Whole calls: a failing response's body read through
//! `ResponseExt::api_error_for_status`, split into arbitrary frames with
//! errors and trailers among them, and the retry decision on arbitrary
//! transport failures.
//!
//! Invariants: no panic; the read ends (the cap and the frame limit bound
//! it); the value is the one `ApiError::parse` gives for the bytes that
//! arrived before the first error, cut one byte past `MAX_BODY_BYTES`; a
//! success is handed back with none of its frames taken; a transport
//! failure other than a failed connect is never retried for a
//! non-idempotent request, an unclassified one never at all, and no delay
//! exceeds the policy's maximum.
//!
//! The same frames through the tower layer's `Classify` with a catalog
//! that declares a success flag: a 2xx is read capped and judged, and a
//! success comes back with every data byte that arrived, in order, then
//! the body's error if it had one; a failure is the status's own.
#![no_main]

use std::collections::VecDeque;
use std::future::Future;
use std::pin::{pin, Pin};
use std::task::{Context, Poll, Waker};
use std::time::Duration;

use api_error_codes::call::tower::Classify;
use api_error_codes::call::{CallError, ResponseExt, TransportError, TransportKind};
use api_error_codes::response::MAX_BODY_BYTES;
use api_error_codes::retry::{Idempotency, RetryDecision, RetryPolicy};
use api_error_codes::x_ads::XAdsErrorCode;
use api_error_codes::{ApiError, ApiErrorCode};
use bytes::Bytes;
use http_body::{Body, Frame};
use libfuzzer_sys::fuzz_target;
use tower::Service;

/// A catalog whose failures may come with 200 (Slack's `ok: false`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, ApiErrorCode)]
#[api_error(body(code = "error", success_flag = "ok"))]
enum Flagged {
    #[code(200, "invalid_auth", kind = Unauthenticated)]
    InvalidAuth,
    #[code(429, "ratelimited")]
    RateLimited,
}

/// A service answering one scripted response, once.
struct Answer(Option<http::Response<Frames>>);

impl Service<http::Request<()>> for Answer {
    type Response = http::Response<Frames>;
    type Error = std::io::Error;
    type Future = std::future::Ready<Result<http::Response<Frames>, std::io::Error>>;

    fn poll_ready(&mut self, _: &mut Context<'_>) -> Poll<Result<(), std::io::Error>> {
        Poll::Ready(Ok(()))
    }

    fn call(&mut self, _: http::Request<()>) -> Self::Future {
        std::future::ready(self.0.take().ok_or_else(|| std::io::Error::other("asked twice")))
    }
}

/// Frames from the input, then the end.
struct Frames(VecDeque<Result<Frame<Bytes>, ()>>);

impl Body for Frames {
    type Data = Bytes;
    type Error = ();

    fn poll_frame(mut self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<Option<Result<Frame<Bytes>, ()>>> {
        Poll::Ready(self.0.pop_front())
    }
}

fn ready<F: Future>(future: F) -> F::Output {
    let mut future = pin!(future);
    for _ in 0..1_000_000 {
        if let Poll::Ready(output) = future.as_mut().poll(&mut Context::from_waker(Waker::noop())) {
            return output;
        }
    }
    panic!("the read never ended");
}

const KINDS: [TransportKind; 5] = [
    TransportKind::Connect,
    TransportKind::Timeout,
    TransportKind::Closed,
    TransportKind::Body,
    TransportKind::Other,
];

fuzz_target!(|data: &[u8]| {
    let Some((&[status_lo, kind, flags, attempt], rest)) = data.split_first_chunk::<4>() else {
        return;
    };

    // The transport decision.
    let failure = TransportError::new(KINDS[usize::from(kind) % KINDS.len()], ());
    let idempotency = if flags & 1 == 1 { Idempotency::Idempotent } else { Idempotency::NotIdempotent };
    let policy = RetryPolicy::builder()
        .max_delay(Duration::from_millis(u64::from(attempt) * 37))
        .jitter_seed(u64::from(flags))
        .build()
        .with_idempotency(idempotency);
    if let RetryDecision::Retry { delay, .. } = policy.decide(&failure, u32::from(attempt)) {
        assert!(delay <= policy.max_delay());
        assert_ne!(failure.kind(), TransportKind::Other, "an unclassified failure was retried");
        assert!(
            failure.kind() == TransportKind::Connect || idempotency == Idempotency::Idempotent,
            "{:?} retried for a request that may not be repeated",
            failure.kind()
        );
    }

    // The body, split into frames: each byte of a prefix says how long a
    // frame is (0 an empty frame, 255 an error, 254 trailers).
    let status = [200, 204, 301, 400, 404, 429, 500, 503, 599, 100][usize::from(status_lo) % 10];
    let frame_count = usize::from(flags >> 1).min(rest.len());
    let (lengths, mut payload) = rest.split_at(frame_count);
    let mut frames = VecDeque::new();
    let mut arrived = Vec::new();
    let mut errored = false;
    for &length in lengths {
        match length {
            255 => {
                frames.push_back(Err(()));
                errored = true;
            }
            254 => frames.push_back(Ok(Frame::trailers(http::HeaderMap::new()))),
            _ => {
                let (chunk, tail) = payload.split_at(usize::from(length).min(payload.len()));
                payload = tail;
                frames.push_back(Ok(Frame::data(Bytes::copy_from_slice(chunk))));
                if !errored {
                    arrived.extend_from_slice(chunk);
                }
            }
        }
    }
    if !errored {
        frames.push_back(Ok(Frame::data(Bytes::copy_from_slice(payload))));
        arrived.extend_from_slice(payload);
    }
    arrived.truncate(MAX_BODY_BYTES + 1);
    let frames_sent = frames.len();
    let flagged = http::Response::builder()
        .status(status)
        .body(Frames(frames.iter().map(copy_frame).collect()))
        .expect("a valid status");
    let response = http::Response::builder()
        .status(status)
        .header("x-rate-limit-remaining", "0")
        .body(Frames(frames))
        .expect("a valid status");
    match ready(response.api_error_for_status::<XAdsErrorCode>()) {
        Ok(success) => {
            assert!(status < 400);
            assert_eq!(success.body().0.len(), frames_sent, "a success's body was read");
        }
        Err(error) => {
            assert!(status >= 400);
            let expected: ApiError<XAdsErrorCode> =
                ApiError::parse(status, &[("x-rate-limit-remaining", "0")], &arrived);
            assert_eq!(error, expected);
        }
    }

    // The tower layer, with a catalog that reads successes for its flag.
    let mut classify = Classify::<_, Flagged>::new(Answer(Some(flagged)));
    match ready(classify.call(http::Request::new(()))) {
        Ok(success) => {
            assert!(status < 400);
            let mut body = pin!(success.into_body());
            let (mut data, mut failed) = (Vec::new(), false);
            // Bounded: every frame, the replayed bytes and the rest once.
            while let Some(frame) = ready(std::future::poll_fn(|cx| body.as_mut().poll_frame(cx))) {
                match frame {
                    Ok(frame) => data.extend_from_slice(frame.data_ref().map_or(&[][..], |d| &d[..])),
                    Err(()) => {
                        failed = true;
                        break;
                    }
                }
            }
            assert_eq!(failed, errored, "the body's error was lost or made up");
            let sent_before_error = sent_data(lengths, rest, frame_count);
            assert_eq!(data, sent_before_error, "a success came back with other bytes");
        }
        Err(CallError::Api(error)) => assert_eq!(error.status(), status),
        Err(CallError::Transport(_)) => panic!("the scripted answer is not a transport failure"),
    }
});

/// The data bytes the frames of the input carry before the first error.
fn sent_data(lengths: &[u8], rest: &[u8], frame_count: usize) -> Vec<u8> {
    let mut payload = &rest[frame_count..];
    let mut sent = Vec::new();
    for &length in lengths {
        match length {
            255 => return sent,
            254 => {}
            _ => {
                let (chunk, tail) = payload.split_at(usize::from(length).min(payload.len()));
                payload = tail;
                sent.extend_from_slice(chunk);
            }
        }
    }
    sent.extend_from_slice(payload);
    sent
}

/// A copy of a frame (`Frame` is not `Clone`).
fn copy_frame(frame: &Result<Frame<Bytes>, ()>) -> Result<Frame<Bytes>, ()> {
    match frame {
        Ok(frame) => Ok(match frame.data_ref() {
            Some(data) => Frame::data(data.clone()),
            None => Frame::trailers(http::HeaderMap::new()),
        }),
        Err(()) => Err(()),
    }
}
