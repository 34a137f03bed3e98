//! [`SuccessBody`]: the body of a success that [`Classify`](super::Classify)
//! hands back, untouched or read to judge its success flag and replayed.

use core::fmt;
use std::pin::Pin;
use std::task::{Context, Poll};

use bytes::Bytes;
use http_body::{Body, Frame, SizeHint};
use pin_project_lite::pin_project;

use crate::call::replay::{into_bytes_frame, read_for_flag, Replay};
use crate::{ApiError, ApiErrorCode};

pin_project! {
    /// The body of a success handed back by [`Classify`](super::Classify)
    /// (and so by [`ApiRetryLayer`](super::ApiRetryLayer)): the bytes the
    /// server sent, as they came.
    ///
    /// For a catalog without a success flag, and for a status that is not
    /// a 2xx, it is the inner service's own body, untouched: never polled
    /// before the caller polls it, no allocation, its
    /// [`size_hint`](Body::size_hint) and
    /// [`is_end_stream`](Body::is_end_stream) those of the inner body.
    /// For a 2xx of a catalog with a success flag, the first bytes were
    /// read to judge the flag (see
    /// [successes that are errors](crate::call#successes-that-are-errors)):
    /// the body gives those bytes, then the rest of the inner body's
    /// stream, so a success longer than the cap comes back uncut (and a
    /// body that failed while it was read gives its error after them, as
    /// it would have).
    ///
    /// A body of an arbitrary type cannot be rebuilt around bytes already
    /// read, hence one body type of its own, as tower-http's layers have.
    /// Its data is [`Bytes`]: a chunk of an inner body whose data is
    /// `Bytes` (hyper's, reqwest's) is passed on as is; a chunk of another
    /// [`Buf`] is copied into one.
    pub struct SuccessBody<B: Body> {
        #[pin]
        state: State<B>,
    }
}

pin_project! {
    #[project = StateProjection]
    enum State<B: Body> {
        /// Handed on as the inner service gave it.
        Untouched {
            #[pin]
            body: B,
        },
        /// Read to judge its flag: the bytes read, then what was left.
        Replayed { body: Replay<B> },
    }
}

impl<B: Body> SuccessBody<B> {
    /// The inner service's body, handed on unread.
    pub(super) fn untouched(body: B) -> SuccessBody<B> {
        SuccessBody {
            state: State::Untouched { body },
        }
    }
}

impl<B: Body> Body for SuccessBody<B> {
    type Data = Bytes;
    type Error = B::Error;

    fn poll_frame(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, B::Error>>> {
        match self.project().state.project() {
            StateProjection::Untouched { body } => body.poll_frame(cx).map_ok(into_bytes_frame),
            StateProjection::Replayed { body } => Pin::new(body).poll_frame(cx),
        }
    }

    fn is_end_stream(&self) -> bool {
        match &self.state {
            State::Untouched { body } => body.is_end_stream(),
            State::Replayed { body } => body.is_end_stream(),
        }
    }

    fn size_hint(&self) -> SizeHint {
        match &self.state {
            State::Untouched { body } => body.size_hint(),
            State::Replayed { body } => body.size_hint(),
        }
    }
}

impl<B: Body> fmt::Debug for SuccessBody<B> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let state = match &self.state {
            State::Untouched { .. } => "untouched",
            State::Replayed { .. } => "replayed",
        };
        f.debug_struct("SuccessBody")
            .field("state", &state)
            .finish_non_exhaustive()
    }
}

/// A 2xx of a catalog with a success flag: its body read up to the cap and
/// judged as [`ApiError::for_response`] judges it (as every other adapter
/// does). A `false` flag is the error the body states; anything else is a
/// success, handed back with its status, version, headers and extensions,
/// and a body that gives the bytes read and then whatever was left unread
/// (or the error the body failed with).
pub(super) async fn judge_success<E, B>(
    response: http::Response<B>,
) -> Result<http::Response<SuccessBody<B>>, ApiError<E>>
where
    E: ApiErrorCode,
    B: Body,
{
    let (parts, body) = response.into_parts();
    let (kept, rest, error) = read_for_flag::<E, B>(&parts, body).await;
    if let Some(error) = error {
        return Err(error);
    }
    let state = State::Replayed {
        body: Replay::new(kept, rest),
    };
    Ok(http::Response::from_parts(parts, SuccessBody { state }))
}
