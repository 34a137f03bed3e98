//! Checks across the whole enum, one function per rule, each producing a
//! spanned error; the line above each says why the rule exists. Checks of a
//! single attribute's values live with its grammar in `attr`.

use std::collections::HashMap;

use syn::Fields;

use crate::ast::{Input, Variant};
use crate::attr::{BodyAttr, BodyPath, CodeAttr, PathStep};
use crate::ctxt::Ctxt;

/// Runs every rule. The per-variant rules run variant by variant, so the
/// errors come out in declaration order.
pub fn check(cx: &mut Ctxt, input: &Input) {
    check_not_generic(cx, input);
    check_has_variants(cx, input);
    let mut first_by_key = HashMap::new();
    let mut phrases_by_code = HashMap::new();
    for variant in &input.variants {
        check_unit_variant(cx, variant);
        check_one_code_attr(cx, variant);
        let Some(code) = comparable_code(variant) else {
            continue;
        };
        // A duplicate is reported once, as a duplicate: its phrase would
        // also "contain" the equal phrase it repeats.
        if check_no_duplicate(cx, &mut first_by_key, variant, code) {
            check_phrase_not_shadowed(cx, &mut phrases_by_code, variant, code);
        }
    }
    check_aliases_unique(cx, input);
    if let Some(body) = &input.attrs.body {
        check_body_arrays(cx, body);
        check_body_same_array(cx, body);
        check_body_paths_apart(cx, body);
    }
}

/// An error item is one element of one array: a path may walk one `[]`
/// (nested arrays would make items of items), and the request id and the
/// success flag belong to the whole body, not to one item.
fn check_body_arrays(cx: &mut Ctxt, body: &BodyAttr) {
    for (name, path) in body.paths() {
        let arrays = path.steps.iter().filter(|s| **s == PathStep::Each).count();
        let allowed = usize::from(matches!(name, "code" | "message"));
        if arrays > allowed {
            let message = if allowed == 0 {
                format!("`{name}` belongs to the whole body: its path cannot walk an array (`[]`)")
            } else {
                format!(
                    "`{name}` path walks {arrays} arrays; an error item is one element of one \
                     array, so a path may have one `[]`"
                )
            };
            cx.error_spanned_by(&path.lit, message);
        }
    }
}

/// `code` and `message` with `[]` are read from the same element: they
/// must walk the same array, or a message would be paired with the code of
/// another item.
fn check_body_same_array(cx: &mut Ctxt, body: &BodyAttr) {
    let (Some(code), Some(message)) = (&body.code, &body.message) else {
        return;
    };
    if let (Some(code_array), Some(message_array)) = (code.array_prefix(), message.array_prefix()) {
        if code_array != message_array {
            let mut error = syn::Error::new(
                message.lit.span(),
                "`message` walks another array than `code`; both are read from the same \
                 element, so their paths must agree up to the `[]`",
            );
            error.combine(syn::Error::new(code.lit.span(), "`code` walks this array"));
            cx.push(error);
        }
    }
}

/// Each path ends at a value of its own: a path equal to another, or that
/// goes on inside another's value, would read one value as two fields.
fn check_body_paths_apart(cx: &mut Ctxt, body: &BodyAttr) {
    let paths: Vec<(&str, &BodyPath)> = body.paths().collect();
    for (later, (name, path)) in paths.iter().enumerate() {
        for (other_name, other) in &paths[..later] {
            let (shorter, longer) = if path.steps.len() <= other.steps.len() {
                (&path.steps, &other.steps)
            } else {
                (&other.steps, &path.steps)
            };
            if longer.starts_with(shorter) {
                let mut error = syn::Error::new(
                    path.lit.span(),
                    format_args!(
                        "`{name}` and `{other_name}` lead to the same value, or one inside \
                         the other; each field needs a path of its own"
                    ),
                );
                error.combine(syn::Error::new(
                    other.lit.span(),
                    format_args!("`{other_name}` is set here"),
                ));
                cx.push(error);
            }
        }
    }
}

/// A lookup by string must give one answer: an alias equal to a code (any
/// variant's, its own included) would never be reached, and an alias given
/// twice would name two variants, or one variant twice. Every alias is
/// compared with every code of the enum and every alias declared before it.
fn check_aliases_unique(cx: &mut Ctxt, input: &Input) {
    let mut codes: HashMap<String, &Variant> = HashMap::new();
    for variant in &input.variants {
        if let Some(code) = &variant.code {
            codes.entry(code.code.value()).or_insert(variant);
        }
    }
    let mut aliases: HashMap<String, (&Variant, &syn::LitStr)> = HashMap::new();
    for variant in &input.variants {
        let Some(code) = &variant.code else {
            continue;
        };
        for alias in &code.aliases {
            let value = alias.value();
            if let Some(owner) = codes.get(&value) {
                let mut error = syn::Error::new(
                    alias.span(),
                    format_args!(
                        "alias {value:?} of `{}` is already the code of `{}`; an alias is \
                         another spelling of a code, so it must differ from every code of \
                         the enum: remove it",
                        variant.ident, owner.ident
                    ),
                );
                if let Some(owner_code) = &owner.code {
                    error.combine(syn::Error::new(
                        owner_code.code.span(),
                        format_args!("`{}` declares the code {value:?} here", owner.ident),
                    ));
                }
                cx.push(error);
            } else if let Some((first, first_alias)) = aliases.get(&value) {
                let mut error = syn::Error::new(
                    alias.span(),
                    format_args!(
                        "duplicate alias {value:?}: `{}` already declares it; a string may \
                         name one variant only, so keep one",
                        first.ident
                    ),
                );
                error.combine(syn::Error::new(
                    first_alias.span(),
                    format_args!("`{}` declares the alias {value:?} first here", first.ident),
                ));
                cx.push(error);
            } else {
                aliases.insert(value, (variant, alias));
            }
        }
    }
}

/// A catalog of documented codes is one concrete type: its statuses and
/// codes are constants, so a type parameter would have nothing to vary, and
/// `ALL` is one list of one type's values.
fn check_not_generic(cx: &mut Ctxt, input: &Input) {
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
}

/// An enum without variants has no values: a catalog of no codes would
/// classify nothing, which is a mistake rather than a design.
fn check_has_variants(cx: &mut Ctxt, input: &Input) {
    if input.variants.is_empty() {
        cx.error_spanned_by(
            input.ident,
            "an error code enum needs at least one variant with #[code(STATUS, \"CODE\")]",
        );
    }
}

/// `ALL`, `from_code` and `classify` hand out variants by value, which they
/// can only build when a variant is a bare name: an error code is a fact,
/// with no data to fill in.
fn check_unit_variant(cx: &mut Ctxt, variant: &Variant) {
    if !matches!(variant.original.fields, Fields::Unit) {
        cx.error_spanned_by(
            &variant.original.fields,
            "error code variants cannot have fields; an error code is a fact, not a carrier \
             of data: remove the fields",
        );
    }
}

/// A variant's status and code come from its `#[code]`. Without one it has
/// nothing to answer; a second one would be ignored, and its items with it.
fn check_one_code_attr(cx: &mut Ctxt, variant: &Variant) {
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
}

/// The variant's `#[code]`, if the rules comparing variants can use it.
fn comparable_code<'v>(variant: &'v Variant) -> Option<&'v CodeAttr> {
    // A status of 0 was rejected already; comparing it would only add noise.
    variant.code.as_ref().filter(|code| code.status != 0)
}

/// What `classify` tells variants apart by: status, code, and message
/// phrase in ASCII lowercase. Phrases match ASCII case-insensitively, so
/// two phrases that differ only in case could never tell their variants
/// apart.
type ClassifyKey = (u16, String, Option<String>);

/// Two variants with the same status, code and phrase answer the same
/// responses: `classify` always picks the first, and the second is never
/// seen. `first_by_key` maps each key to the variant that declared it
/// first; the answer is whether `variant` is that first one.
fn check_no_duplicate<'v>(
    cx: &mut Ctxt,
    first_by_key: &mut HashMap<ClassifyKey, &'v Variant<'v>>,
    variant: &'v Variant<'v>,
    code: &CodeAttr,
) -> bool {
    let key = (
        code.status,
        code.code.value(),
        code.message
            .as_ref()
            .map(|phrase| phrase.value().to_ascii_lowercase()),
    );
    let Some(first) = first_by_key.get(&key).copied() else {
        first_by_key.insert(key, variant);
        return true;
    };
    // Point at what makes them equal: the phrase if any, else the code.
    let culprit = |code: &CodeAttr| code.message.as_ref().unwrap_or(&code.code).span();
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
    false
}

/// `classify` tries phrases in declaration order and takes the first that
/// occurs in the message. A phrase containing an earlier one of the same
/// status and code can therefore never be picked: whenever it occurs, the
/// earlier one occurs too. `phrases_by_code` holds, by status and code,
/// the phrases declared so far (lowercased) and by whom.
fn check_phrase_not_shadowed<'v>(
    cx: &mut Ctxt,
    phrases_by_code: &mut HashMap<(u16, String), Vec<(String, &'v Variant<'v>)>>,
    variant: &'v Variant<'v>,
    code: &CodeAttr,
) {
    let Some(phrase) = &code.message else {
        return;
    };
    let lowercase = phrase.value().to_ascii_lowercase();
    let earlier = phrases_by_code
        .entry((code.status, code.code.value()))
        .or_default();
    let shadowing = earlier
        .iter()
        .find(|(shorter, _)| lowercase.contains(shorter.as_str()))
        .and_then(|&(_, first)| Some((first, first.code.as_ref()?.message.as_ref()?)));
    if let Some((first, first_phrase)) = shadowing {
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
    earlier.push((lowercase, variant));
}
