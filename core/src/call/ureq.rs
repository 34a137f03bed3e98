//! ureq: its errors classified, and [`BlockingResponseExt`] for its
//! responses.

use std::io::Read;

use super::capped::{CappedBody, MAX_CHUNKS};
use super::{TransportFailure, TransportKind};
use crate::response::{is_error_status, reads_success_body};
use crate::{ApiError, ApiErrorCode};

impl TransportFailure for ureq::Error {
    /// A failed connect, an unknown host, or a resolve or connect timeout
    /// is [`Connect`](TransportKind::Connect); any other timeout
    /// [`Timeout`](TransportKind::Timeout); an I/O error its kind
    /// ([`TransportKind::of_io`]); a broken HTTP exchange
    /// [`Closed`](TransportKind::Closed); a stalled or oversized body
    /// [`Body`](TransportKind::Body); the rest
    /// [`Other`](TransportKind::Other).
    fn transport_kind(&self) -> TransportKind {
        match self {
            ureq::Error::ConnectionFailed
            | ureq::Error::HostNotFound
            | ureq::Error::ConnectProxyFailed(_)
            | ureq::Error::Timeout(ureq::Timeout::Resolve | ureq::Timeout::Connect) => {
                TransportKind::Connect
            }
            ureq::Error::Timeout(_) => TransportKind::Timeout,
            ureq::Error::Io(error) => TransportKind::of_io(error),
            ureq::Error::Protocol(_) => TransportKind::Closed,
            ureq::Error::BodyStalled | ureq::Error::BodyExceedsLimit(_) => TransportKind::Body,
            _ => TransportKind::Other,
        }
    }

    /// The status ureq reports as an error when `http_status_as_error` is
    /// on (its default). Turn it off to keep the headers and the body:
    /// `Agent::config_builder().http_status_as_error(false)`.
    fn http_status(&self) -> Option<u16> {
        match self {
            ureq::Error::StatusCode(status) => Some(*status),
            _ => None,
        }
    }
}

/// [`ResponseExt`](super::ResponseExt) for a blocking client: ureq's
/// `http::Response<ureq::Body>`.
///
/// ureq reports an error status as `ureq::Error::StatusCode` by default,
/// which drops the headers and the body; build the agent with
/// `http_status_as_error(false)` so that this check sees them.
///
/// ```no_run
/// use api_error_codes::call::{BlockingResponseExt, CallError};
/// use api_error_codes::sp_api::SpApiErrorCode;
///
/// fn orders(agent: &ureq::Agent) -> Result<String, CallError<SpApiErrorCode, ureq::Error>> {
///     let response = agent
///         .get("http://127.0.0.1:8080/orders/v0/orders")
///         .call()?
///         .api_error_for_status()?;
///     Ok(response.into_body().read_to_string()?)
/// }
///
/// let agent: ureq::Agent = ureq::Agent::config_builder().http_status_as_error(false).build().into();
/// let _ = orders(&agent);
/// ```
pub trait BlockingResponseExt: Sized {
    /// `Ok(self)` untouched for a status below 400; otherwise the API's
    /// error, its body read up to
    /// [`MAX_BODY_BYTES`](crate::response::MAX_BODY_BYTES) and no further.
    /// For a catalog with a success flag, a 2xx is judged by its body too,
    /// as [`ApiError::for_response`] does: a success then comes back with a
    /// body that gives the same bytes.
    ///
    /// # Errors
    ///
    /// The parsed [`ApiError`] for a 4xx or 5xx status, or for a 2xx whose
    /// success flag is `false`.
    fn api_error_for_status<E: ApiErrorCode>(self) -> Result<Self, ApiError<E>>;
}

/// The size of each read from a failing body.
const READ_SIZE: usize = 8 * 1024;

impl BlockingResponseExt for http::Response<ureq::Body> {
    fn api_error_for_status<E: ApiErrorCode>(mut self) -> Result<Self, ApiError<E>> {
        let status = self.status().as_u16();
        if !is_error_status(status) {
            if reads_success_body::<E>(status) {
                return check_success_body(self);
            }
            return Ok(self);
        }
        let length_hint = self.body().content_length();
        let kept = read_capped(
            self.body_mut().as_reader(),
            CappedBody::with_length_hint(length_hint),
        );
        Err(ApiError::parse(status, self.headers(), kept.as_bytes()))
    }
}

/// A 2xx of a catalog with a success flag: its body read (up to the cap)
/// and judged; a success is handed back with a body that gives the bytes
/// read, then whatever was left unread, with the same MIME type and charset.
fn check_success_body<E: ApiErrorCode>(
    response: http::Response<ureq::Body>,
) -> Result<http::Response<ureq::Body>, ApiError<E>> {
    let (parts, body) = response.into_parts();
    let mut builder = ureq::Body::builder();
    if let Some(mime_type) = body.mime_type() {
        builder = builder.mime_type(mime_type);
    }
    if let Some(charset) = body.charset() {
        builder = builder.charset(charset);
    }
    let length_hint = body.content_length();
    let mut reader = body.into_reader();
    let kept = read_capped(&mut reader, CappedBody::keeping_whole_chunks(length_hint));
    if let Some(error) = ApiError::for_response(parts.status, &parts.headers, kept.as_bytes()) {
        return Err(error);
    }
    let replayed = std::io::Cursor::new(kept.into_vec()).chain(reader);
    Ok(http::Response::from_parts(parts, builder.reader(replayed)))
}

/// Reads up to the cap from `reader`.
fn read_capped(mut reader: impl Read, mut kept: CappedBody) -> CappedBody {
    {
        let mut buffer = [0u8; READ_SIZE];
        // Bounded by the cap and by the chunk limit (an endless run of
        // interrupted reads ends too); an error keeps what arrived.
        for _ in 0..MAX_CHUNKS {
            match reader.read(&mut buffer) {
                Ok(0) => break,
                Ok(read) => {
                    if !kept.push(&buffer[..read]) {
                        break;
                    }
                }
                Err(error) if error.kind() == std::io::ErrorKind::Interrupted => {
                    if !kept.push(&[]) {
                        break;
                    }
                }
                Err(_) => break,
            }
        }
    }
    kept
}
