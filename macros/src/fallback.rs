//! What the derive emits next to its errors: a stub impl of the trait and
//! of the other impls it would have generated, so the user sees only the
//! real mistake and not a cascade of "trait not implemented" errors from
//! every use of the enum (as thiserror's `fallback.rs` does).

use proc_macro2::TokenStream;
use quote::quote;

use crate::ast::Input;
use crate::std_impls;

pub fn expand(input: &Input) -> TokenStream {
    let ty = input.ident;
    // A generic enum is one of the mistakes. The trait wants `Copy + Send +
    // Sync + 'static` and `Error` wants `Debug`, which the derived impls of a
    // generic enum only give for some parameters; asking for them in the
    // stub's where clause keeps that from turning into more errors.
    let mut generics = input.original.generics.clone();
    if !generics.params.is_empty() {
        generics
            .make_where_clause()
            .predicates
            .push(syn::parse_quote! {
                Self: ::core::marker::Copy
                    + ::core::marker::Send
                    + ::core::marker::Sync
                    + ::core::fmt::Debug
                    + 'static
            });
    }
    let (impl_generics, ty_generics, where_clause) = generics.split_for_impl();
    let std_impls = std_impls::expand(input, &generics);
    quote! {
        #[automatically_derived]
        impl #impl_generics ::api_error_codes::ApiErrorCode for #ty #ty_generics #where_clause {
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
        #std_impls
    }
}
