//! The derive behind [`api-error-codes`](https://docs.rs/api-error-codes).
//!
//! Use it through that crate, which re-exports it as `ApiErrorCode` and
//! documents the attribute grammar. The pipeline is parse (`ast`, `attr`)
//! -> check (`valid`) -> generate (`expand`, or `fallback` next to the
//! errors; both add the `std_impls`); every mistake found along the way is
//! collected (`ctxt`) and reported in one build. Plain names, not links:
//! the modules are private, and rustdoc rejects links to them.
#![deny(missing_docs)]
#![forbid(unsafe_code)]

mod ast;
mod attr;
mod ctxt;
mod expand;
mod fallback;
mod lookup;
mod std_impls;
mod valid;

use syn::{parse_macro_input, DeriveInput};

/// Derives `api_error_codes::ApiErrorCode`, plus `Display`, `FromStr`,
/// `std::error::Error` and serde's `Serialize`/`Deserialize` unless skipped
/// with `#[api_error(skip(...))]`.
#[proc_macro_derive(ApiErrorCode, attributes(code, api_error))]
pub fn derive_api_error_code(input: proc_macro::TokenStream) -> proc_macro::TokenStream {
    let input = parse_macro_input!(input as DeriveInput);
    expand::derive(&input).into()
}
