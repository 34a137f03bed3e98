//! [`ResponseExt`] for `http::Response<B>` with an `http_body::Body`: the
//! responses of hyper, axum and tower clients.
//!
//! It judges the status alone, for a catalog with a success flag too: it
//! hands back `Self`, and a body of an arbitrary type `B` cannot be
//! rebuilt around bytes already read. The tower layer's `Classify`, which
//! answers with a body type of its own, checks the flag.

use std::future::poll_fn;
use std::pin::pin;

use bytes::Buf;
use http_body::Body;

use super::capped::CappedBody;
use super::ResponseExt;
use crate::response::is_error_status;
use crate::{ApiError, ApiErrorCode};

impl<B> ResponseExt for http::Response<B>
where
    B: Body + Send,
    B::Data: Send,
{
    /// Judged by the status alone, whatever the catalog: a 2xx is handed
    /// back unread even when the catalog declares a success flag. To judge
    /// the flag, wrap the service in `call::tower::Classify` (feature
    /// `tower`), or collect the body and call [`ApiError::for_response`].
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
