//! The typed model of a derive input: the enum, its variants and their
//! attributes. It borrows from the `syn` tree and keeps the original nodes
//! only to point errors at them.

use syn::{Attribute, Data, DeriveInput, Expr, ExprLit, Ident, Lit, Meta};

use crate::attr::{self, CodeAttr, EnumAttrs};
use crate::ctxt::Ctxt;

pub struct Input<'a> {
    pub original: &'a DeriveInput,
    pub ident: &'a Ident,
    pub attrs: EnumAttrs,
    pub variants: Vec<Variant<'a>>,
}

pub struct Variant<'a> {
    pub original: &'a syn::Variant,
    pub ident: &'a Ident,
    /// Every `#[code]` on the variant; more than one is an error.
    pub code_attrs: Vec<&'a Attribute>,
    /// The first `#[code]`, read and checked; `None` if missing or broken.
    pub code: Option<CodeAttr>,
    /// The first paragraph of the doc comment.
    pub description: String,
}

const MESSAGE_NOT_ENUM: &str = "ApiErrorCode can only be derived for an enum: declare the codes \
                                as unit variants, each with #[code(STATUS, \"CODE\")]";

impl<'a> Input<'a> {
    /// Reads an enum; `None` (with the error in `cx`) for any other item.
    pub fn from_syn(cx: &mut Ctxt, input: &'a DeriveInput) -> Option<Input<'a>> {
        let data = match &input.data {
            Data::Enum(data) => data,
            Data::Struct(data) => {
                cx.error_spanned_by(data.struct_token, MESSAGE_NOT_ENUM);
                return None;
            }
            Data::Union(data) => {
                cx.error_spanned_by(data.union_token, MESSAGE_NOT_ENUM);
                return None;
            }
        };
        let attrs = attr::parse_enum_attrs(cx, &input.attrs);
        let variants = data
            .variants
            .iter()
            .map(|variant| Variant::from_syn(cx, variant))
            .collect();
        Some(Input {
            original: input,
            ident: &input.ident,
            attrs,
            variants,
        })
    }
}

impl<'a> Variant<'a> {
    fn from_syn(cx: &mut Ctxt, variant: &'a syn::Variant) -> Variant<'a> {
        for attr in &variant.attrs {
            if attr.path().is_ident("api_error") {
                cx.error_spanned_by(
                    attr,
                    "#[api_error(...)] goes on the enum; a variant takes its items in #[code(...)]",
                );
            }
        }
        let code_attrs: Vec<&Attribute> = variant
            .attrs
            .iter()
            .filter(|attr| attr.path().is_ident("code"))
            .collect();
        let code = code_attrs
            .first()
            .and_then(|attr| attr::parse_code_attr(cx, attr));
        Variant {
            original: variant,
            ident: &variant.ident,
            code_attrs,
            code,
            description: first_doc_paragraph(&variant.attrs),
        }
    }
}

/// The first paragraph of `///` or `/** */` docs, its lines joined by one
/// space. `#[doc = include_str!(...)]` and other non-literal docs are
/// skipped: their text is not known to the macro.
fn first_doc_paragraph(attrs: &[Attribute]) -> String {
    let mut paragraph = String::new();
    let chunks = attrs
        .iter()
        .filter(|attr| attr.path().is_ident("doc"))
        .filter_map(|attr| match &attr.meta {
            Meta::NameValue(nv) => match &nv.value {
                Expr::Lit(ExprLit {
                    lit: Lit::Str(s), ..
                }) => Some(s.value()),
                _ => None,
            },
            _ => None,
        });
    for chunk in chunks {
        let starred = is_starred_block(&chunk);
        // Not `lines()`: a blank `///` line arrives as `#[doc = ""]`, in
        // which `lines()` finds no line at all, and the paragraph would run on.
        for line in chunk.split('\n') {
            let mut line = line.trim();
            if starred {
                line = line.strip_prefix('*').unwrap_or(line).trim();
            }
            if line.is_empty() {
                if !paragraph.is_empty() {
                    return paragraph;
                }
                continue;
            }
            if !paragraph.is_empty() {
                paragraph.push(' ');
            }
            paragraph.push_str(line);
        }
    }
    paragraph
}

/// Whether a `/** */` comment has a ` * ` gutter on every line after the
/// first, which rustdoc strips (rustc's `beautify_doc_string`). The macro
/// sees the comment raw, so it strips the gutter too.
fn is_starred_block(chunk: &str) -> bool {
    let mut rest = chunk
        .lines()
        .skip(1)
        .filter(|line| !line.trim().is_empty())
        .peekable();
    rest.peek().is_some() && rest.all(|line| line.trim_start().starts_with('*'))
}
