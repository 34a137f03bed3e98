//! Support for the code that `#[derive(ApiErrorCode)]` generates. Not part of
//! the public API: its contents may change in any release.

pub use core;
pub use serde;

pub use crate::response::{BodyShape, PathStep};

use core::fmt;
use core::marker::PhantomData;

use crate::{ApiErrorCode, UnknownCode};

/// `FromStr` for a derived catalog.
pub fn from_str<E: ApiErrorCode>(code: &str) -> Result<E, UnknownCode> {
    E::from_code(code).ok_or_else(|| UnknownCode::new(E::NAME, code))
}

/// `Deserialize` for a derived catalog: the code string, borrowed or owned.
pub fn deserialize<'de, E, D>(deserializer: D) -> Result<E, D::Error>
where
    E: ApiErrorCode,
    D: serde::Deserializer<'de>,
{
    deserializer.deserialize_str(CatalogCodeVisitor(PhantomData))
}

/// Reads a code string of the catalog `E`, failing on any other (unlike
/// `Code<E>`'s lenient reading, which keeps unknown codes).
struct CatalogCodeVisitor<E>(PhantomData<E>);

impl<E: ApiErrorCode> serde::de::Visitor<'_> for CatalogCodeVisitor<E> {
    type Value = E;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "a {} code string", E::NAME)
    }

    fn visit_str<Err: serde::de::Error>(self, code: &str) -> Result<E, Err> {
        // A plain message, not `unknown_variant`: listing every code costs
        // thousands of instructions per miss and floods logs.
        E::from_code(code).ok_or_else(|| Err::custom(UnknownCode::new(E::NAME, code)))
    }
}
