//! A success's body read to judge it and handed back whole: the bytes read
//! first, then the rest (for catalogs whose successes can state errors).

use std::future::poll_fn;
use std::pin::Pin;
use std::task::{Context, Poll};

use bytes::{Buf, Bytes};
use http_body::{Body, Frame, SizeHint};

use super::capped::CappedBody;
use super::http_body::push_buf;

/// Reads a body up to the cap (the chunk that crosses it kept whole): the
/// bytes read, and the body itself when it did not end (it was cut at the
/// cap or the chunk limit, or failed). For a success of a catalog with a
/// success flag, handed back whole afterwards ([`Replay`]).
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
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, B::Error>>> {
        if let Some(prefix) = self.prefix.take() {
            return Poll::Ready(Some(Ok(Frame::data(prefix))));
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

    /// The prefix and what the inner body says is left: a body's hint is
    /// of what remains (hyper's counts down as it is read), so a success
    /// whose length was announced keeps an exact length.
    fn size_hint(&self) -> SizeHint {
        let prefix = self.prefix.as_ref().map_or(0, |prefix| prefix.len() as u64);
        let rest = self.inner.size_hint();
        let mut hint = SizeHint::new();
        hint.set_lower(rest.lower().saturating_add(prefix));
        if let Some(upper) = rest.upper().and_then(|upper| upper.checked_add(prefix)) {
            hint.set_upper(upper);
        }
        hint
    }
}
