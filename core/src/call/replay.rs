//! A success's body read to judge it and handed back whole: the bytes read
//! first, then the rest (for catalogs whose successes can state errors).

use std::future::poll_fn;
use std::pin::Pin;
use std::task::{Context, Poll};

use bytes::{Buf, Bytes};
use http_body::{Body, Frame, SizeHint};

use super::capped::CappedBody;
use super::http_body::push_buf;
use crate::{ApiError, ApiErrorCode};

/// What is left of a body once [`read_capped`] stopped.
pub(super) enum Rest<B: Body + ?Sized> {
    /// Nothing: the body ended within the read.
    Ended,
    /// The rest of the stream: the read stopped at the cap or the chunk
    /// limit.
    Unread(Pin<Box<B>>),
    /// The error the body failed with: a success cut short must still fail
    /// to read where it failed, not end cleanly after the bytes read.
    Failed(B::Error),
}

/// A success's body read for its flag (see [`read_capped`]) and judged as
/// [`ApiError::for_response`] judges it: the bytes read, what is left of
/// the body, and the error the body states, if it states one.
pub(super) async fn read_for_flag<E, B>(
    parts: &http::response::Parts,
    body: B,
) -> (Bytes, Rest<B>, Option<ApiError<E>>)
where
    E: ApiErrorCode,
    B: Body,
{
    let (kept, rest) = read_capped(Box::pin(body)).await;
    let kept = kept.into_bytes();
    let error = ApiError::for_response(parts.status, &parts.headers, &kept);
    (kept, rest, error)
}

/// A frame whose data is any [`Buf`], as a frame of [`Bytes`]: moved when
/// the data already is `Bytes` (hyper's, reqwest's), copied otherwise.
pub(super) fn into_bytes_frame<D: Buf>(frame: Frame<D>) -> Frame<Bytes> {
    frame.map_data(|mut data| data.copy_to_bytes(data.remaining()))
}

/// Reads a body up to the cap (the chunk that crosses it kept whole): the
/// bytes read, and what is left of the body. For a success of a catalog
/// with a success flag, handed back whole afterwards ([`Replay`]).
async fn read_capped<B>(mut body: Pin<Box<B>>) -> (CappedBody, Rest<B>)
where
    B: Body + ?Sized,
{
    let mut kept = CappedBody::keeping_whole_chunks(body.size_hint().exact());
    loop {
        match poll_fn(|cx| body.as_mut().poll_frame(cx)).await {
            None => return (kept, Rest::Ended),
            Some(Ok(frame)) => {
                let more = match frame.into_data() {
                    Ok(mut data) => push_buf(&mut kept, &mut data),
                    Err(_trailers) => kept.push(&[]),
                };
                if !more {
                    return (kept, Rest::Unread(body));
                }
            }
            Some(Err(error)) => return (kept, Rest::Failed(error)),
        }
    }
}

/// A body that gives `prefix` first, then what was left of the body it was
/// read from: a success whose first bytes were read to judge it, handed
/// back whole.
pub(super) struct Replay<B: Body + ?Sized> {
    prefix: Option<Bytes>,
    rest: Rest<B>,
}

impl<B: Body + ?Sized> Replay<B> {
    pub(super) fn new(prefix: Bytes, rest: Rest<B>) -> Replay<B> {
        Replay {
            prefix: Some(prefix).filter(|prefix| !prefix.is_empty()),
            rest,
        }
    }
}

// Nothing in a replay is pinned in place: the body is boxed, and an error
// kept for later is only moved out.
impl<B: Body + ?Sized> Unpin for Replay<B> {}

impl<B: Body + ?Sized> Body for Replay<B> {
    type Data = Bytes;
    type Error = B::Error;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, B::Error>>> {
        if let Some(prefix) = self.prefix.take() {
            return Poll::Ready(Some(Ok(Frame::data(prefix))));
        }
        match std::mem::replace(&mut self.rest, Rest::Ended) {
            Rest::Ended => Poll::Ready(None),
            // Given once, where the body failed; the stream ends after it.
            Rest::Failed(error) => Poll::Ready(Some(Err(error))),
            Rest::Unread(mut inner) => {
                let frame = inner.as_mut().poll_frame(cx);
                self.rest = Rest::Unread(inner);
                frame.map_ok(into_bytes_frame)
            }
        }
    }

    fn is_end_stream(&self) -> bool {
        self.prefix.is_none()
            && match &self.rest {
                Rest::Ended => true,
                Rest::Unread(inner) => inner.is_end_stream(),
                Rest::Failed(_) => false,
            }
    }

    /// The prefix and what the inner body says is left: a body's hint is
    /// of what remains (hyper's counts down as it is read), so a success
    /// whose length was announced keeps an exact length.
    fn size_hint(&self) -> SizeHint {
        let prefix = self.prefix.as_ref().map_or(0, |prefix| prefix.len() as u64);
        let rest = match &self.rest {
            Rest::Ended => SizeHint::with_exact(0),
            Rest::Unread(inner) => inner.size_hint(),
            // Only the error is left to come: no length is promised.
            Rest::Failed(_) => SizeHint::new(),
        };
        let mut hint = SizeHint::new();
        hint.set_lower(rest.lower().saturating_add(prefix));
        if let Some(upper) = rest.upper().and_then(|upper| upper.checked_add(prefix)) {
            hint.set_upper(upper);
        }
        hint
    }
}
