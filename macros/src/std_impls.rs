//! The std and serde impls derived next to `ApiErrorCode`, one function
//! each: the ones `attr::SKIPPABLE_IMPLS` lists. Both the full expansion
//! (`expand`) and the stub next to errors (`fallback`) emit them.

use proc_macro2::TokenStream;
use quote::quote;
use syn::{Generics, Ident};

use crate::ast::Input;
use crate::attr::{SkippableImpl, SKIPPABLE_IMPLS};

/// The impls of `SKIPPABLE_IMPLS`, less the skipped ones. They only call the
/// trait, so the fallback emits them too: every use of a broken enum then
/// type-checks against its stub.
///
/// Argument and type parameter names start with `__` so that a user's
/// `const code` or `struct f;` cannot turn them into patterns.
pub fn expand(input: &Input, generics: &Generics) -> TokenStream {
    let ty = input.ident;
    SKIPPABLE_IMPLS
        .iter()
        .filter(|(skippable, _)| !input.attrs.skipped.contains(skippable))
        .map(|&(skippable, _)| match skippable {
            SkippableImpl::Display => display(ty, generics),
            SkippableImpl::FromStr => from_str(ty, generics),
            SkippableImpl::Error => error(ty, generics),
            SkippableImpl::Serialize => serialize(ty, generics),
            SkippableImpl::Deserialize => deserialize(ty, generics),
        })
        .collect()
}

fn display(ty: &Ident, generics: &Generics) -> TokenStream {
    let (impl_generics, ty_generics, where_clause) = generics.split_for_impl();
    quote! {
        #[automatically_derived]
        impl #impl_generics ::core::fmt::Display for #ty #ty_generics #where_clause {
            fn fmt(&self, __formatter: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                __formatter.pad(::api_error_codes::ApiErrorCode::code(self))
            }
        }
    }
}

/// `UnknownCode` by name, not `Self::Err`: a variant called `Err` would make
/// that path ambiguous (the `ambiguous_associated_items` lint).
fn from_str(ty: &Ident, generics: &Generics) -> TokenStream {
    let (impl_generics, ty_generics, where_clause) = generics.split_for_impl();
    quote! {
        #[automatically_derived]
        impl #impl_generics ::core::str::FromStr for #ty #ty_generics #where_clause {
            type Err = ::api_error_codes::UnknownCode;
            fn from_str(
                __code: &::core::primitive::str,
            ) -> ::core::result::Result<Self, ::api_error_codes::UnknownCode> {
                ::api_error_codes::__private::from_str::<Self>(__code)
            }
        }
    }
}

fn error(ty: &Ident, generics: &Generics) -> TokenStream {
    let (impl_generics, ty_generics, where_clause) = generics.split_for_impl();
    quote! {
        #[automatically_derived]
        impl #impl_generics ::std::error::Error for #ty #ty_generics #where_clause {}
    }
}

fn serialize(ty: &Ident, generics: &Generics) -> TokenStream {
    let (impl_generics, ty_generics, where_clause) = generics.split_for_impl();
    quote! {
        #[automatically_derived]
        impl #impl_generics ::api_error_codes::__private::serde::Serialize
            for #ty #ty_generics #where_clause
        {
            fn serialize<__S>(&self, __serializer: __S) -> ::core::result::Result<__S::Ok, __S::Error>
            where
                __S: ::api_error_codes::__private::serde::Serializer,
            {
                __serializer.serialize_str(::api_error_codes::ApiErrorCode::code(self))
            }
        }
    }
}

/// `'__de` joins the enum's own parameters, which only the fallback for a
/// (rejected) generic enum has.
fn deserialize(ty: &Ident, generics: &Generics) -> TokenStream {
    let (_, ty_generics, where_clause) = generics.split_for_impl();
    let mut de_generics = generics.clone();
    de_generics.params.insert(0, syn::parse_quote!('__de));
    let (de_impl_generics, _, _) = de_generics.split_for_impl();
    quote! {
        #[automatically_derived]
        impl #de_impl_generics ::api_error_codes::__private::serde::Deserialize<'__de>
            for #ty #ty_generics #where_clause
        {
            fn deserialize<__D>(__deserializer: __D) -> ::core::result::Result<Self, __D::Error>
            where
                __D: ::api_error_codes::__private::serde::Deserializer<'__de>,
            {
                ::api_error_codes::__private::deserialize(__deserializer)
            }
        }
    }
}
