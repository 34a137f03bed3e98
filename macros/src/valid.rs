//! Checks across the whole enum, each producing a spanned error. Checks of
//! a single attribute's values live with its grammar in `attr`.

use std::collections::HashMap;

use syn::Fields;

use crate::ast::{Input, Variant};
use crate::ctxt::Ctxt;

pub fn check(cx: &mut Ctxt, input: &Input) {
    let generics = &input.original.generics;
    if !generics.params.is_empty() {
        cx.error_spanned_by(
            generics,
            "ApiErrorCode cannot be derived for a generic enum: a catalog of documented codes \
             is one concrete type; remove the parameters",
        );
    } else if let Some(where_clause) = &generics.where_clause {
        cx.error_spanned_by(
            where_clause,
            "ApiErrorCode cannot be derived for an enum with a where clause: a catalog of \
             documented codes is one concrete type; remove the where clause",
        );
    }

    if input.variants.is_empty() {
        cx.error_spanned_by(
            input.ident,
            "an error code enum needs at least one variant with #[code(STATUS, \"CODE\")]",
        );
    }

    // (status, code, phrase in ASCII lowercase) -> the variant that declared
    // it first. Phrases match ASCII case-insensitively, so two phrases that
    // differ only in case could never tell their variants apart.
    let mut seen: HashMap<(u16, String, Option<String>), &Variant> = HashMap::new();
    // (status, code) -> the phrases declared so far, lowercased, and by whom.
    let mut phrases: HashMap<(u16, String), Vec<(String, &Variant)>> = HashMap::new();
    for variant in &input.variants {
        if !matches!(variant.original.fields, Fields::Unit) {
            cx.error_spanned_by(
                &variant.original.fields,
                "error code variants cannot have fields; an error code is a fact, not a carrier \
                 of data: remove the fields",
            );
        }
        match variant.code_attrs.as_slice() {
            [] => cx.error_spanned_by(
                variant.ident,
                format_args!(
                    "variant `{}` needs a #[code(STATUS, \"CODE\")] attribute",
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
            code.message
                .as_ref()
                .map(|phrase| phrase.value().to_ascii_lowercase()),
        );
        let Some(first) = seen.get(&key) else {
            if let (Some(phrase), Some(lowercase)) = (&code.message, &key.2) {
                let earlier = phrases.entry((key.0, key.1.clone())).or_default();
                check_shadowed_phrase(cx, variant, phrase, lowercase, earlier);
                earlier.push((lowercase.clone(), variant));
            }
            seen.insert(key, variant);
            continue;
        };
        // Point at what makes them equal: the phrase if any, else the code.
        let culprit =
            |code: &crate::attr::CodeAttr| code.message.as_ref().unwrap_or(&code.code).span();
        let first_span = first
            .code
            .as_ref()
            .map_or_else(|| first.ident.span(), culprit);
        let first_phrase = first.code.as_ref().and_then(|c| c.message.as_ref());
        let what = match (&code.message, first_phrase) {
            (Some(phrase), Some(first_phrase)) if phrase.value() != first_phrase.value() => {
                format!(
                    "status {}, code {:?} and message {:?} (phrases match ignoring ASCII case)",
                    key.0,
                    key.1,
                    phrase.value()
                )
            }
            (Some(phrase), _) => format!(
                "status {}, code {:?} and message {:?}",
                key.0,
                key.1,
                phrase.value()
            ),
            (None, _) => format!("status {} and code {:?} without a message", key.0, key.1),
        };
        let mut error = syn::Error::new(
            culprit(code),
            format_args!(
                "duplicate error code: {what} are already declared by `{}`; tell them apart \
                 with `message = \"...\"` or remove one",
                first.ident
            ),
        );
        error.combine(syn::Error::new(
            first_span,
            format_args!("`{}` declares them first here", first.ident),
        ));
        cx.push(error);
    }
}

/// `classify` tries phrases in declaration order and takes the first that
/// occurs in the message. A phrase containing an earlier one of the same
/// status and code can therefore never be picked: whenever it occurs, the
/// earlier one occurs too.
fn check_shadowed_phrase(
    cx: &mut Ctxt,
    variant: &Variant,
    phrase: &syn::LitStr,
    lowercase: &str,
    earlier: &[(String, &Variant)],
) {
    let Some((_, first)) = earlier
        .iter()
        .find(|(shorter, _)| lowercase.contains(shorter.as_str()))
    else {
        return;
    };
    let Some(first_phrase) = first.code.as_ref().and_then(|c| c.message.as_ref()) else {
        return;
    };
    let mut error = syn::Error::new(
        phrase.span(),
        format_args!(
            "classify can never pick `{}`: its message phrase {:?} contains the phrase {:?} \
             of `{}`, which has the same status and code and is tried first; declare `{}` \
             before `{}`",
            variant.ident,
            phrase.value(),
            first_phrase.value(),
            first.ident,
            variant.ident,
            first.ident,
        ),
    );
    error.combine(syn::Error::new(
        first_phrase.span(),
        format_args!("`{}` declares the shorter phrase here", first.ident),
    ));
    cx.push(error);
}
