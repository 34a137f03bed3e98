//! reqwest: its errors classified, and [`ResponseExt`] for its responses.

use super::capped::CappedBody;
use super::replay::{read_for_flag, Replay, Rest};
use super::{ResponseExt, TransportFailure, TransportKind};
use crate::response::is_error_status;
use crate::response::reads_success_body;
use crate::{ApiError, ApiErrorCode};

impl TransportFailure for reqwest::Error {
    /// A failed connect (a connect timeout included) is
    /// [`Connect`](TransportKind::Connect); another timeout
    /// [`Timeout`](TransportKind::Timeout); a body that failed to read or
    /// decode [`Body`](TransportKind::Body); a failure while the request was
    /// in flight (the connection reset or closed before the response) the
    /// kind of the I/O error beneath it, else
    /// [`Closed`](TransportKind::Closed); a builder, redirect or other
    /// error [`Other`](TransportKind::Other).
    fn transport_kind(&self) -> TransportKind {
        if self.is_connect() {
            TransportKind::Connect
        } else if self.is_timeout() {
            TransportKind::Timeout
        } else if self.is_body() || self.is_decode() {
            TransportKind::Body
        } else if self.is_request() {
            match TransportKind::of_source_chain(self) {
                Some(kind) if kind != TransportKind::Other => kind,
                _ => TransportKind::Closed,
            }
        } else {
            TransportKind::Other
        }
    }

    /// The status of an error made by reqwest's own `error_for_status`.
    fn http_status(&self) -> Option<u16> {
        self.status().map(|status| status.as_u16())
    }
}

impl ResponseExt for reqwest::Response {
    async fn api_error_for_status<E: ApiErrorCode>(mut self) -> Result<Self, ApiError<E>> {
        let status = self.status().as_u16();
        if !is_error_status(status) {
            if reads_success_body::<E>(status) {
                return match check_success_body(self).await {
                    (_, Some(error)) => Err(error),
                    (response, None) => Ok(response),
                };
            }
            return Ok(self);
        }
        let body = read_error_body(&mut self).await;
        Err(ApiError::parse(status, self.headers(), body.as_bytes()))
    }
}

/// A failing response's body, up to the cap. A read that fails half-way
/// keeps what arrived: the status and headers are whole, and the parser
/// judges a cut body by them.
pub(crate) async fn read_error_body(response: &mut reqwest::Response) -> CappedBody {
    let mut body = CappedBody::with_length_hint(response.content_length());
    while let Ok(Some(chunk)) = response.chunk().await {
        if !body.push(&chunk) {
            break;
        }
    }
    body
}

/// A 2xx of a catalog with a success flag: its body read (up to the cap)
/// and judged. The response is handed back rebuilt, as it came: the
/// status, version, headers, extensions and URL, and a body that gives the
/// bytes read and then whatever was left unread; with it, the error its
/// body states, if it states one.
pub(crate) async fn check_success_body<E: ApiErrorCode>(
    response: reqwest::Response,
) -> (reqwest::Response, Option<ApiError<E>>) {
    let url = response.url().clone();
    let (mut parts, body) = http::Response::<reqwest::Body>::from(response).into_parts();
    let (kept, rest, error) = read_for_flag::<E, _>(&parts, body).await;
    let body = match rest {
        Rest::Ended => reqwest::Body::from(kept),
        rest => reqwest::Body::wrap(Replay::new(kept, rest)),
    };
    // `From<http::Response>` reads the URL from an extension only
    // reqwest's `ResponseBuilderExt` can set.
    if let Ok(with_url) = reqwest::ResponseBuilderExt::url(http::Response::builder(), url).body(())
    {
        parts.extensions.extend(with_url.into_parts().0.extensions);
    }
    let response = reqwest::Response::from(http::Response::from_parts(parts, body));
    (response, error)
}
