//! Code generation. Everything the output names goes through an absolute
//! path (`::core::...`, `::api_error_codes::...`), so it compiles whatever
//! the user's crate shadows.

use std::collections::BTreeMap;

use proc_macro2::{Span, TokenStream};
use quote::quote;
use syn::ext::IdentExt;
use syn::{DeriveInput, LitStr};

use crate::ast::{Input, Variant};
use crate::attr::{BodyAttr, BodyPath, CodeAttr, PathStep, Retry, PLACEHOLDERS};
use crate::ctxt::Ctxt;
use crate::{fallback, lookup, std_impls, valid};

/// The whole derive: read, check, then generate or fall back.
pub fn derive(derive_input: &DeriveInput) -> TokenStream {
    let mut cx = Ctxt::default();
    let input = Input::from_syn(&mut cx, derive_input);
    if let Some(input) = &input {
        valid::check(&mut cx, input);
    }
    match input {
        Some(input) if cx.is_clean() => expand_checked(&input),
        input => {
            let errors = cx.into_compile_errors();
            let stub = input.map(|input| fallback::expand(&input));
            quote! { #errors #stub }
        }
    }
}

/// A variant whose `#[code]` passed every check.
struct CheckedVariant<'a> {
    variant: &'a Variant<'a>,
    code: &'a CodeAttr,
}

/// The output for an enum that passed every check: `ApiErrorCode` and the
/// std impls.
fn expand_checked(input: &Input) -> TokenStream {
    // `valid::check` guarantees every variant has a checked `#[code]`.
    let variants: Vec<CheckedVariant> = input
        .variants
        .iter()
        .filter_map(|variant| {
            let code = variant.code.as_ref()?;
            Some(CheckedVariant { variant, code })
        })
        .collect();
    let trait_impl = impl_api_error_code(input, &variants);
    let std_impls = std_impls::expand(input, &input.original.generics);
    quote! {
        #trait_impl
        #std_impls
    }
}

/// `impl ApiErrorCode`: one `match` arm per variant for each per-variant
/// method, and the lookups by code.
fn impl_api_error_code(input: &Input, variants: &[CheckedVariant]) -> TokenStream {
    let ty = input.ident;
    let name = ty.unraw().to_string();

    let all = variants.iter().map(|checked| {
        let ident = checked.variant.ident;
        quote!(Self::#ident)
    });
    let status_arms = arms(variants, |checked| {
        let status = checked.code.status;
        quote!(#status)
    });
    let code_arms = arms(variants, |checked| {
        let code = &checked.code.code;
        quote!(#code)
    });
    let phrase_arms = arms(variants, |checked| match &checked.code.message {
        Some(phrase) => quote!(::core::option::Option::Some(#phrase)),
        None => quote!(::core::option::Option::None),
    });
    let variant_name_arms = arms(variants, |checked| {
        let name = checked.variant.ident.unraw().to_string();
        quote!(#name)
    });
    let kind_arms = arms(variants, |checked| match &checked.code.kind {
        Some(kind) => quote!(::api_error_codes::ErrorKind::#kind),
        None => {
            let status = checked.code.status;
            quote!(::api_error_codes::ErrorKind::from_status(#status))
        }
    });
    let retry_arms = arms(variants, |checked| retry_advice(checked.code));
    let alias_arms = arms(variants, |checked| {
        let aliases = &checked.code.aliases;
        quote!(&[#(#aliases),*])
    });
    let description_arms = arms(variants, |checked| {
        let description = &checked.variant.description;
        quote!(#description)
    });
    let docs_arms = arms(variants, |checked| {
        match filled_docs_url(input.attrs.docs_url.as_ref(), checked) {
            Some(url) => quote!(::core::option::Option::Some(#url)),
            None => quote!(::core::option::Option::None),
        }
    });

    // Group variants by code, in declaration order, for `all_with_code`.
    let mut by_code: BTreeMap<String, Vec<&syn::Ident>> = BTreeMap::new();
    for checked in variants {
        by_code
            .entry(checked.code.code.value())
            .or_default()
            .push(checked.variant.ident);
    }
    // An alias answers as the code it spells: the whole group of its
    // variant's code, so that a message phrase still tells them apart.
    // `valid` checked that aliases differ from every code and each other.
    let alias_groups: Vec<(String, &Vec<&syn::Ident>)> = variants
        .iter()
        .filter_map(|checked| Some((checked, by_code.get(&checked.code.code.value())?)))
        .flat_map(|(checked, group)| {
            checked
                .code
                .aliases
                .iter()
                .map(move |alias| (alias.value(), group))
        })
        .collect();
    let lookup_entries = |hit: &dyn Fn(&[&syn::Ident]) -> TokenStream| -> Vec<lookup::Entry> {
        by_code
            .iter()
            .chain(alias_groups.iter().map(|(alias, group)| (alias, *group)))
            .map(|(code, same_code)| lookup::Entry {
                code: code.clone(),
                hit: hit(same_code),
            })
            .collect()
    };
    let with_code_lookup = lookup::expand(
        &quote!(__code),
        &lookup_entries(&|same_code| quote!(&[#(Self::#same_code),*])),
        &quote!(&[]),
    );
    let from_code_lookup = lookup::expand(
        &quote!(__code),
        &lookup_entries(&|same_code| {
            let first = same_code.iter().take(1);
            quote!(::core::option::Option::Some(#(Self::#first)*))
        }),
        &quote!(::core::option::Option::None),
    );

    let codes_are_unique = by_code.len() == variants.len();
    let body_shape = input.attrs.body.as_ref().map(body_shape);

    quote! {
        #[automatically_derived]
        impl ::api_error_codes::ApiErrorCode for #ty {
            const ALL: &'static [Self] = &[#(#all),*];
            const NAME: &'static ::core::primitive::str = #name;
            const CODES_ARE_UNIQUE: ::core::primitive::bool = #codes_are_unique;
            #body_shape

            #[inline]
            fn status(&self) -> ::core::primitive::u16 {
                match self { #status_arms }
            }
            #[inline]
            fn code(&self) -> &'static ::core::primitive::str {
                match self { #code_arms }
            }
            #[inline]
            fn message_phrase(&self) -> ::core::option::Option<&'static ::core::primitive::str> {
                match self { #phrase_arms }
            }
            #[inline]
            fn variant_name(&self) -> &'static ::core::primitive::str {
                match self { #variant_name_arms }
            }
            #[inline]
            fn kind(&self) -> ::api_error_codes::ErrorKind {
                match self { #kind_arms }
            }
            #[inline]
            fn retry(&self) -> ::api_error_codes::RetryAdvice {
                match self { #retry_arms }
            }
            #[inline]
            fn aliases(&self) -> &'static [&'static ::core::primitive::str] {
                match self { #alias_arms }
            }
            #[inline]
            fn description(&self) -> &'static ::core::primitive::str {
                match self { #description_arms }
            }
            #[inline]
            fn docs_url(&self) -> ::core::option::Option<&'static ::core::primitive::str> {
                match self { #docs_arms }
            }
            #[inline]
            fn all_with_code(__code: &::core::primitive::str) -> &'static [Self] {
                #with_code_lookup
            }
            #[inline]
            fn from_code(__code: &::core::primitive::str) -> ::core::option::Option<Self> {
                #from_code_lookup
            }
        }
    }
}

/// `const BODY_SHAPE`, for an enum with `body(...)`: each path as a
/// `const` slice of steps, so reading one allocates nothing.
fn body_shape(body: &BodyAttr) -> TokenStream {
    let shape = quote!(::api_error_codes::__private::BodyShape);
    let step = quote!(::api_error_codes::__private::PathStep);
    let with = |method: &str, path: Option<&BodyPath>| {
        let path = path?;
        let method = syn::Ident::new(method, Span::call_site());
        let steps = path.steps.iter().map(|s| match s {
            PathStep::Key(key) => quote!(#step::Key(#key)),
            PathStep::Each => quote!(#step::Each),
        });
        Some(quote!(.#method(&[#(#steps),*])))
    };
    let calls = [
        with("with_code", body.code.as_ref()),
        with("with_message", body.message.as_ref()),
        with("with_request_id", body.request_id.as_ref()),
        with("with_success_flag", body.success_flag.as_ref()),
    ];
    let calls = calls.iter().flatten();
    quote! {
        const BODY_SHAPE: ::core::option::Option<#shape> =
            ::core::option::Option::Some(#shape::new() #(#calls)*);
    }
}

/// `Self::Variant => value,` for every variant.
fn arms(
    variants: &[CheckedVariant],
    value: impl Fn(&CheckedVariant) -> TokenStream,
) -> TokenStream {
    variants
        .iter()
        .map(|checked| {
            let ident = checked.variant.ident;
            let value = value(checked);
            quote!(Self::#ident => #value,)
        })
        .collect()
}

/// The `RetryAdvice` expression for a `#[code]`: its `retry` item, else
/// the status's default.
fn retry_advice(code: &CodeAttr) -> TokenStream {
    let status = code.status;
    match &code.retry {
        None => quote!(::api_error_codes::RetryAdvice::from_status(#status)),
        Some(Retry::Never) => quote!(::api_error_codes::RetryAdvice::NEVER),
        Some(Retry::Backoff {
            attempts,
            delay_millis,
            honor_retry_after,
        }) => {
            let mut advice = quote!(::api_error_codes::RetryAdvice::BACKOFF);
            if let Some(attempts) = attempts {
                advice = quote!(#advice.with_max_attempts(#attempts));
            }
            if let Some(millis) = delay_millis {
                advice =
                    quote!(#advice.with_min_delay(::core::time::Duration::from_millis(#millis)));
            }
            if *honor_retry_after {
                advice = quote!(#advice.honoring_retry_after());
            }
            advice
        }
    }
}

/// The variant's own link, else the enum's; either is a template, filled in.
fn filled_docs_url(enum_template: Option<&LitStr>, checked: &CheckedVariant) -> Option<LitStr> {
    let template = checked.code.docs_url.as_ref().or(enum_template)?.value();
    let values: Vec<(&str, String)> = PLACEHOLDERS
        .iter()
        .map(|placeholder| {
            let value = (placeholder.value)(checked.code, checked.variant.ident);
            (placeholder.text, value)
        })
        .collect();
    // One pass, so that a code which itself reads `{status}` stays as is.
    let mut url = String::with_capacity(template.len());
    let mut rest = template.as_str();
    while let Some(start) = rest.find('{') {
        url.push_str(&rest[..start]);
        rest = &rest[start..];
        match values.iter().find(|(key, _)| rest.starts_with(key)) {
            Some((key, value)) => {
                url.push_str(value);
                rest = &rest[key.len()..];
            }
            // `attr` rejected other braces; keep the text if one slipped by.
            None => {
                url.push('{');
                rest = &rest[1..];
            }
        }
    }
    url.push_str(rest);
    Some(LitStr::new(&url, Span::call_site()))
}
