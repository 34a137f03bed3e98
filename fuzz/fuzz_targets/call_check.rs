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
#![no_main]

use std::collections::VecDeque;
use std::future::Future;
use std::pin::{pin, Pin};
use std::task::{Context, Poll, Waker};
use std::time::Duration;

use api_error_codes::call::{ResponseExt, TransportError, TransportKind};
use api_error_codes::response::MAX_BODY_BYTES;
use api_error_codes::retry::{Idempotency, RetryDecision, RetryPolicy};
use api_error_codes::x_ads::XAdsErrorCode;
use api_error_codes::ApiError;
use bytes::Bytes;
use http_body::{Body, Frame};
use libfuzzer_sys::fuzz_target;

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
});
