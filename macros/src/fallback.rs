//! What the derive emits next to its errors: a stub impl, so the user sees
//! only the real mistake and not a cascade of "trait not implemented"
//! errors from every use of the enum (as thiserror's `fallback.rs` does).

use proc_macro2::TokenStream;
use quote::quote;

use crate::ast::Input;
use crate::expand::display_impl;

pub fn expand(input: &Input) -> TokenStream {
    let ty = input.ident;
    let display = (!input.attrs.skip.display).then(|| display_impl(ty));
    quote! {
        #[automatically_derived]
        impl ::api_error_codes::ApiErrorCode for #ty {
            const ALL: &'static [Self] = &[];
            const NAME: &'static ::core::primitive::str = "";
            fn status(&self) -> ::core::primitive::u16 { ::core::unreachable!() }
            fn code(&self) -> &'static ::core::primitive::str { ::core::unreachable!() }
            fn message_phrase(&self) -> ::core::option::Option<&'static ::core::primitive::str> { ::core::unreachable!() }
            fn variant_name(&self) -> &'static ::core::primitive::str { ::core::unreachable!() }
            fn kind(&self) -> ::api_error_codes::ErrorKind { ::core::unreachable!() }
            fn retry(&self) -> ::api_error_codes::RetryAdvice { ::core::unreachable!() }
            fn description(&self) -> &'static ::core::primitive::str { ::core::unreachable!() }
            fn docs_url(&self) -> ::core::option::Option<&'static ::core::primitive::str> { ::core::unreachable!() }
            fn all_with_code(_: &::core::primitive::str) -> &'static [Self] { &[] }
        }
        #display
    }
}
