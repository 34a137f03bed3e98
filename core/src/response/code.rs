//! The code a response carried: [`Code`], known to the catalog or not, and
//! [`RawCode`], the string of one it does not know.

use core::fmt;
use core::marker::PhantomData;

use crate::sanitize;
use crate::ApiErrorCode;

/// An error code as a response carried it: one the catalog knows, or a
/// string it does not (a code added to the API after this catalog was
/// written). Serializes as the code string; deserializing never fails on a
/// string or number.
///
/// ```
/// use api_error_codes::{x_ads::XAdsErrorCode, Code};
///
/// let known: Code<XAdsErrorCode> = Code::from_raw("ACCOUNT_LOCKED_OUT");
/// assert_eq!(known.known(), Some(XAdsErrorCode::AccountLockedOut));
///
/// let unknown: Code<XAdsErrorCode> = serde_json::from_str(r#""BRAND_NEW_CODE""#).unwrap();
/// assert_eq!(unknown, Code::Unknown("BRAND_NEW_CODE".into()));
/// assert_eq!(serde_json::to_string(&unknown).unwrap(), r#""BRAND_NEW_CODE""#);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Code<E> {
    /// A code of the catalog.
    Known(E),
    /// A code the catalog does not list, exactly as received.
    Unknown(RawCode),
}

impl<E: ApiErrorCode> Code<E> {
    /// Looks `code` up in the catalog (exactly, as
    /// [`ApiErrorCode::from_code`]), keeping it as a string when absent.
    #[must_use]
    pub fn from_raw(code: &str) -> Code<E> {
        match E::from_code(code) {
            Some(known) => Code::Known(known),
            None => Code::Unknown(RawCode::from(code)),
        }
    }

    /// The catalog variant, if the code is known.
    #[must_use]
    pub fn known(&self) -> Option<E> {
        match self {
            Code::Known(known) => Some(*known),
            Code::Unknown(_) => None,
        }
    }

    /// Whether the catalog lists the code.
    #[must_use]
    pub fn is_known(&self) -> bool {
        matches!(self, Code::Known(_))
    }

    /// The code string, as the API sent it.
    #[must_use]
    pub fn as_str(&self) -> &str {
        match self {
            Code::Known(known) => known.code(),
            Code::Unknown(raw) => raw.as_str(),
        }
    }
}

impl<E: ApiErrorCode> fmt::Display for Code<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Code::Known(known) => f.write_str(known.code()),
            Code::Unknown(raw) => fmt::Display::fmt(raw, f),
        }
    }
}

impl<E: ApiErrorCode> serde::Serialize for Code<E> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de, E: ApiErrorCode> serde::Deserialize<'de> for Code<E> {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(LenientCodeVisitor(PhantomData))
    }
}

/// Reads any string or integer as a code, known or not: never fails on
/// one (unlike the derived `Deserialize` of a catalog, which rejects codes
/// it does not list).
struct LenientCodeVisitor<E>(PhantomData<E>);

impl<E: ApiErrorCode> serde::de::Visitor<'_> for LenientCodeVisitor<E> {
    type Value = Code<E>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an error code string")
    }

    fn visit_str<Err: serde::de::Error>(self, code: &str) -> Result<Code<E>, Err> {
        Ok(Code::from_raw(code))
    }

    fn visit_string<Err: serde::de::Error>(self, code: String) -> Result<Code<E>, Err> {
        // Reuse the allocation for unknown codes.
        Ok(match E::from_code(&code) {
            Some(known) => Code::Known(known),
            None => Code::Unknown(RawCode::from(code)),
        })
    }

    fn visit_u64<Err: serde::de::Error>(self, code: u64) -> Result<Code<E>, Err> {
        Ok(Code::from_raw(&code.to_string()))
    }

    fn visit_i64<Err: serde::de::Error>(self, code: i64) -> Result<Code<E>, Err> {
        Ok(Code::from_raw(&code.to_string()))
    }
}

/// The bytes a [`RawCode`] holds without allocating: every code of the
/// prebuilt catalogs fits, and so do near misses of them.
const RAW_CODE_INLINE: usize = 62;

/// A code string as received, for codes no catalog lists.
///
/// Codes up to 62 bytes are stored inline, so reading an unknown code
/// allocates nothing and costs about what reading a known one does; longer
/// ones go to the heap. Derefs to `str`; compares, hashes and orders as its
/// text. `Display` shows it sanitized (it came from a server); [`as_str`]
/// gives it raw.
///
/// [`as_str`]: RawCode::as_str
///
/// ```
/// use api_error_codes::response::RawCode;
///
/// let code = RawCode::from("BRAND_NEW_CODE");
/// assert_eq!(code, "BRAND_NEW_CODE");
/// assert_eq!(code.len(), 14);
/// assert_eq!(RawCode::from("a\nb").to_string(), "a b");
/// ```
#[derive(Clone)]
pub struct RawCode(RawRepr);

#[derive(Clone)]
enum RawRepr {
    Inline {
        len: u8,
        bytes: [u8; RAW_CODE_INLINE],
    },
    Heap(Box<str>),
}

impl RawCode {
    /// The code, raw.
    #[must_use]
    pub fn as_str(&self) -> &str {
        match &self.0 {
            // Built from a `str` cut at its own length, so always UTF-8.
            RawRepr::Inline { len, bytes } => {
                core::str::from_utf8(&bytes[..usize::from(*len)]).unwrap_or_default()
            }
            RawRepr::Heap(text) => text,
        }
    }
}

impl From<&str> for RawCode {
    fn from(text: &str) -> RawCode {
        match u8::try_from(text.len()) {
            Ok(len) if text.len() <= RAW_CODE_INLINE => {
                let mut bytes = [0; RAW_CODE_INLINE];
                bytes[..text.len()].copy_from_slice(text.as_bytes());
                RawCode(RawRepr::Inline { len, bytes })
            }
            _ => RawCode(RawRepr::Heap(text.into())),
        }
    }
}

impl From<String> for RawCode {
    fn from(text: String) -> RawCode {
        if text.len() <= RAW_CODE_INLINE {
            RawCode::from(text.as_str())
        } else {
            RawCode(RawRepr::Heap(text.into_boxed_str()))
        }
    }
}

impl core::ops::Deref for RawCode {
    type Target = str;
    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl AsRef<str> for RawCode {
    fn as_ref(&self) -> &str {
        self.as_str()
    }
}

impl core::borrow::Borrow<str> for RawCode {
    fn borrow(&self) -> &str {
        self.as_str()
    }
}

impl PartialEq for RawCode {
    fn eq(&self, other: &RawCode) -> bool {
        self.as_str() == other.as_str()
    }
}

impl Eq for RawCode {}

impl PartialEq<str> for RawCode {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<&str> for RawCode {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl core::hash::Hash for RawCode {
    fn hash<H: core::hash::Hasher>(&self, state: &mut H) {
        self.as_str().hash(state);
    }
}

impl PartialOrd for RawCode {
    fn partial_cmp(&self, other: &RawCode) -> Option<core::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for RawCode {
    fn cmp(&self, other: &RawCode) -> core::cmp::Ordering {
        self.as_str().cmp(other.as_str())
    }
}

impl fmt::Debug for RawCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.as_str(), f)
    }
}

impl fmt::Display for RawCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        sanitize::write_sanitized(f, self.as_str(), sanitize::DISPLAY_LIMIT)
    }
}

impl serde::Serialize for RawCode {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}
