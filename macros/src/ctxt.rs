//! Collects errors so that one build reports every mistake, as
//! serde_derive's `internals/ctxt.rs` does.

use std::fmt::Display;

use proc_macro2::TokenStream;
use quote::ToTokens;

/// The errors found so far while reading and checking one derive input.
#[derive(Default)]
pub struct Ctxt {
    errors: Option<syn::Error>,
}

impl Ctxt {
    /// Records an error pointing at `tokens`.
    pub fn error_spanned_by<T: ToTokens, M: Display>(&mut self, tokens: T, message: M) {
        self.push(syn::Error::new_spanned(tokens, message));
    }

    /// Records an error (syn's own, or one built by the caller).
    pub fn push(&mut self, error: syn::Error) {
        match &mut self.errors {
            Some(errors) => errors.combine(error),
            None => self.errors = Some(error),
        }
    }

    /// Records `result`'s error, if any, and passes its value on.
    pub fn ok<T>(&mut self, result: syn::Result<T>) -> Option<T> {
        result.map_err(|error| self.push(error)).ok()
    }

    /// Whether nothing went wrong so far.
    pub fn is_clean(&self) -> bool {
        self.errors.is_none()
    }

    /// The collected errors as `compile_error!` invocations; empty when clean.
    pub fn into_compile_errors(self) -> TokenStream {
        self.errors
            .map(|errors| errors.to_compile_error())
            .unwrap_or_default()
    }
}
