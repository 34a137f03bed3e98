//! Reading an error body without trusting it: at most one byte past
//! [`MAX_BODY_BYTES`], in a bounded number of steps.

use crate::response::MAX_BODY_BYTES;

/// The bytes kept of a failing response's body: enough to parse any body
/// the parser reads, plus one byte to know a longer body for what it is
/// (the parser then judges it by its status, as it does the whole body).
const KEEP: usize = MAX_BODY_BYTES + 1;

/// The most chunks or frames read from one body, empty ones included, so
/// that a body of endless empty frames ends the read too.
pub(crate) const MAX_CHUNKS: usize = 65_536;

/// A body's first [`KEEP`] bytes.
#[derive(Debug, Default)]
pub(crate) struct CappedBody {
    bytes: Vec<u8>,
    chunks: usize,
    /// Keep the whole chunk that crosses the cap: a success read to judge
    /// it is handed back, and must lose no byte.
    whole_chunks: bool,
}

impl CappedBody {
    /// Room for `length_hint` bytes (a `Content-Length`, untrusted), at most
    /// [`KEEP`].
    pub(crate) fn with_length_hint(length_hint: Option<u64>) -> CappedBody {
        let capacity = length_hint
            .and_then(|length| usize::try_from(length).ok())
            .map_or(0, |length| length.min(KEEP));
        CappedBody {
            bytes: Vec::with_capacity(capacity),
            chunks: 0,
            whole_chunks: false,
        }
    }

    /// As [`with_length_hint`](Self::with_length_hint), but the chunk that
    /// crosses the cap is kept whole: the reading stops after it, with at
    /// most one chunk more than the cap in memory.
    #[cfg(any(feature = "reqwest", feature = "ureq", feature = "tower"))]
    pub(crate) fn keeping_whole_chunks(length_hint: Option<u64>) -> CappedBody {
        CappedBody {
            whole_chunks: true,
            ..CappedBody::with_length_hint(length_hint)
        }
    }

    /// Appends what fits of `chunk`; `false` once no more should be read.
    pub(crate) fn push(&mut self, chunk: &[u8]) -> bool {
        let room = KEEP.saturating_sub(self.bytes.len());
        let taken = if self.whole_chunks {
            chunk
        } else {
            &chunk[..chunk.len().min(room)]
        };
        self.bytes.extend_from_slice(taken);
        self.chunks += 1;
        self.bytes.len() < KEEP && self.chunks < MAX_CHUNKS
    }

    /// The bytes read.
    pub(crate) fn as_bytes(&self) -> &[u8] {
        &self.bytes
    }

    /// The bytes read, owned.
    #[cfg(any(feature = "reqwest", feature = "tower"))]
    pub(crate) fn into_bytes(self) -> bytes::Bytes {
        bytes::Bytes::from(self.bytes)
    }

    /// The bytes read, as a `Vec`.
    #[cfg(any(feature = "ureq", feature = "reqwest-middleware"))]
    pub(crate) fn into_vec(self) -> Vec<u8> {
        self.bytes
    }
}
