//! Checks across the whole enum, each producing a spanned error. Checks of
//! a single attribute's values live with its grammar in `attr`.

use std::collections::HashMap;

use syn::spanned::Spanned;
use syn::Fields;

use crate::ast::Input;
use crate::ctxt::Ctxt;

pub fn check(cx: &mut Ctxt, input: &Input) {
    let generics = &input.original.generics;
    if !generics.params.is_empty() || generics.where_clause.is_some() {
        cx.error_spanned_by(
            generics,
            "ApiErrorCode cannot be derived for a generic enum: a catalog of documented codes is one concrete type",
        );
    }

    if input.variants.is_empty() {
        cx.error_spanned_by(
            input.ident,
            "an error code enum needs at least one variant with #[code(STATUS, \"CODE\")]",
        );
    }

    // (status, code, message phrase) -> the variant that declared it first.
    let mut seen: HashMap<(u16, String, Option<String>), &syn::Ident> = HashMap::new();
    for variant in &input.variants {
        if !matches!(variant.original.fields, Fields::Unit) {
            cx.error_spanned_by(
                &variant.original.fields,
                "error code variants cannot have fields; an error code is a fact, not a carrier of data",
            );
        }
        match variant.code_attrs.as_slice() {
            [] => cx.error_spanned_by(
                variant.ident,
                format_args!(
                    "variant `{}` has no #[code(STATUS, \"CODE\")] attribute",
                    variant.ident
                ),
            ),
            [_] => {}
            [_, extra @ ..] => {
                for attr in extra {
                    cx.error_spanned_by(
                        attr,
                        "a variant takes exactly one #[code(...)]; put every item in the first",
                    );
                }
            }
        }

        let Some(code) = &variant.code else { continue };
        if code.status == 0 {
            // Its status was rejected already; comparing it would only add noise.
            continue;
        }
        let key = (
            code.status,
            code.code.value(),
            code.message.as_ref().map(syn::LitStr::value),
        );
        if let Some(first) = seen.get(&key) {
            let mut error = syn::Error::new(
                code.code.span(),
                format_args!(
                    "duplicate error code: status {} with code {:?}{} is already declared by `{}`",
                    key.0,
                    key.1,
                    match &key.2 {
                        Some(phrase) => format!(" and message {phrase:?}"),
                        None => String::new(),
                    },
                    first
                ),
            );
            let first_code = input
                .variants
                .iter()
                .find(|v| v.ident == *first)
                .and_then(|v| v.code.as_ref())
                .map_or_else(|| first.span(), |c| c.code.span());
            error.combine(syn::Error::new(
                first_code,
                format_args!(
                    "note: `{first}` declares it first; tell them apart with `message = \"...\"` or remove one"
                ),
            ));
            cx.push(error);
        } else {
            seen.insert(key, variant.ident);
        }
    }
}
