//! The derive behind [`api-error-codes`](https://docs.rs/api-error-codes).
//! Use it through that crate, which re-exports it as `ApiErrorCode`.
#![deny(missing_docs)]
#![forbid(unsafe_code)]

/// Derives `api_error_codes::ApiErrorCode`.
#[proc_macro_derive(ApiErrorCode, attributes(code, api_error))]
pub fn derive_api_error_code(input: proc_macro::TokenStream) -> proc_macro::TokenStream {
    let _ = input;
    proc_macro::TokenStream::new()
}
