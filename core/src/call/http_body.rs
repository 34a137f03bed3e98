//! [`ResponseExt`] for `http::Response<B>` with an `http_body::Body`: the
//! responses of hyper, axum and tower clients.

use std::future::poll_fn;
use std::pin::{pin, Pin};

use bytes::{Buf, Bytes};
use http_body::{Body, Frame};

use super::capped::CappedBody;
use super::ResponseExt;
use crate::response::is_error_status;
use crate::{ApiError, ApiErrorCode};

impl<B> ResponseExt for http::Response<B>
where
    B: Body + Send,
    B::Data: Send,
{
    async fn api_error_for_status<E: ApiErrorCode>(self) -> Result<Self, ApiError<E>> {
        let status = self.status().as_u16();
        if !is_error_status(status) {
            return Ok(self);
        }
        let (parts, body) = self.into_parts();
        let length_hint = body.size_hint().exact();
        let mut body = pin!(body);
        let mut kept = CappedBody::with_length_hint(length_hint);
        // Stops at the end, at an error (what arrived is kept), or once
        // the cap or the chunk limit is reached: every frame counts,
        // trailers and empty ones included.
        while let Some(Ok(frame)) = poll_fn(|cx| body.as_mut().poll_frame(cx)).await {
            let more = match frame.into_data() {
                Ok(mut data) => push_buf(&mut kept, &mut data),
                Err(_trailers) => kept.push(&[]),
            };
            if !more {
                break;
            }
        }
        Err(ApiError::parse(status, &parts.headers, kept.as_bytes()))
    }
}

/// Appends `data`, chunk by chunk; `false` once no more should be read.
pub(super) fn push_buf(kept: &mut CappedBody, data: &mut impl Buf) -> bool {
    loop {
        let chunk = data.chunk();
        let len = chunk.len();
        let more = kept.push(chunk);
        data.advance(len);
        if !more || !data.has_remaining() {
            return more;
        }
    }
}

/// Reads a body up to the cap (the chunk that crosses it kept whole); the bytes read, and the body itself when it
/// did not end (it was cut at the cap or the chunk limit, or failed).
pub(super) async fn read_capped<B>(mut body: Pin<Box<B>>) -> (CappedBody, Option<Pin<Box<B>>>)
where
    B: Body + ?Sized,
{
    let mut kept = CappedBody::keeping_whole_chunks(body.size_hint().exact());
    loop {
        match poll_fn(|cx| body.as_mut().poll_frame(cx)).await {
            None => return (kept, None),
            Some(Ok(frame)) => {
                let more = match frame.into_data() {
                    Ok(mut data) => push_buf(&mut kept, &mut data),
                    Err(_trailers) => kept.push(&[]),
                };
                if !more {
                    return (kept, Some(body));
                }
            }
            Some(Err(_)) => return (kept, Some(body)),
        }
    }
}

/// A body that gives `prefix` first, then the rest of `inner`: a success
/// whose first bytes were read to judge it, handed back whole.
pub(super) struct Replay<B: ?Sized> {
    prefix: Option<Bytes>,
    inner: Pin<Box<B>>,
}

impl<B: ?Sized> Replay<B> {
    pub(super) fn new(prefix: Bytes, inner: Pin<Box<B>>) -> Replay<B> {
        Replay {
            prefix: Some(prefix).filter(|prefix| !prefix.is_empty()),
            inner,
        }
    }
}

impl<B: Body + ?Sized> Body for Replay<B> {
    type Data = Bytes;
    type Error = B::Error;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Option<Result<Frame<Bytes>, B::Error>>> {
        if let Some(prefix) = self.prefix.take() {
            return std::task::Poll::Ready(Some(Ok(Frame::data(prefix))));
        }
        self.inner.as_mut().poll_frame(cx).map(|frame| {
            frame.map(|frame| {
                frame.map(|frame| frame.map_data(|mut data| data.copy_to_bytes(data.remaining())))
            })
        })
    }

    fn is_end_stream(&self) -> bool {
        self.prefix.is_none() && self.inner.is_end_stream()
    }
}
