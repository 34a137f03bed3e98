//! The grammar of `#[code(...)]` on variants and `#[api_error(...)]` on the
//! enum.
//!
//! Syntax errors stop the attribute they occur in (syn cannot resume inside
//! a token stream it does not understand); mistakes in well-formed items
//! (a status out of range, a bad duration, a repeated key) are recorded and
//! reading goes on, so one build shows all of them.

use syn::parse::{Parse, ParseStream};
use syn::spanned::Spanned;
use syn::{Attribute, Ident, LitBool, LitInt, LitStr, Token};

use crate::ctxt::Ctxt;

mod kw {
    syn::custom_keyword!(kind);
    syn::custom_keyword!(retry);
    syn::custom_keyword!(message);
    syn::custom_keyword!(docs_url);
    syn::custom_keyword!(attempts);
    syn::custom_keyword!(delay);
    syn::custom_keyword!(honor_retry_after);
}

/// Lowest and highest status a `#[code]` accepts: the ones HTTP defines.
const STATUS_RANGE: std::ops::RangeInclusive<u16> = 100..=599;

/// A checked `#[code(STATUS, "CODE", items...)]`.
pub struct CodeAttr {
    /// The status; 0 when it was rejected (the error is recorded).
    pub status: u16,
    pub code: LitStr,
    pub kind: Option<Ident>,
    pub retry: Option<Retry>,
    pub message: Option<LitStr>,
    pub docs_url: Option<LitStr>,
}

/// The `retry` item of a `#[code]`.
pub enum Retry {
    /// `retry = false`.
    Never,
    /// `retry`, `retry = true` or `retry(...)`.
    Backoff {
        attempts: Option<u32>,
        delay_millis: Option<u64>,
        honor_retry_after: bool,
    },
}

/// Reads one `#[code(...)]`; `None` when it is too broken to use (the error
/// is in `cx`).
pub fn parse_code_attr(cx: &mut Ctxt, attr: &Attribute) -> Option<CodeAttr> {
    let raw = cx.ok(attr.parse_args_with(|input: ParseStream| RawCode::parse(input)))?;
    let mut code_attr = CodeAttr {
        status: 0,
        code: raw.code.clone(),
        kind: None,
        retry: None,
        message: None,
        docs_url: None,
    };
    match raw.status.base10_parse::<u16>() {
        Ok(status) if STATUS_RANGE.contains(&status) => code_attr.status = status,
        _ => cx.error_spanned_by(&raw.status, "HTTP status must be an integer in 100..=599"),
    }
    check_code_string(cx, &raw.code);

    for item in raw.items {
        match item {
            Item::Kind(key, value) => set_once(cx, &mut code_attr.kind, &key, value),
            Item::Message(key, value) => {
                if value.value().trim().is_empty() {
                    cx.error_spanned_by(&value, "`message` phrase must not be empty");
                }
                set_once(cx, &mut code_attr.message, &key, value);
            }
            Item::DocsUrl(key, value) => {
                if value.value().trim().is_empty() {
                    cx.error_spanned_by(&value, "`docs_url` must not be empty");
                }
                set_once(cx, &mut code_attr.docs_url, &key, value);
            }
            Item::Retry(key, value) => {
                let retry = check_retry(cx, value);
                set_once(cx, &mut code_attr.retry, &key, retry);
            }
        }
    }
    Some(code_attr)
}

/// Records "duplicate key" at the second occurrence instead of overwriting.
fn set_once<T>(cx: &mut Ctxt, slot: &mut Option<T>, key: &Ident, value: T) {
    if slot.is_some() {
        cx.error_spanned_by(key, format_args!("duplicate `{key}` in #[code]"));
    } else {
        *slot = Some(value);
    }
}

fn check_code_string(cx: &mut Ctxt, code: &LitStr) {
    let value = code.value();
    if value.is_empty() {
        cx.error_spanned_by(code, "error code must not be empty");
    } else if value.chars().any(char::is_whitespace) {
        cx.error_spanned_by(code, "error code must not contain whitespace");
    } else if value.chars().any(char::is_control) {
        cx.error_spanned_by(code, "error code must not contain control characters");
    }
}

fn check_retry(cx: &mut Ctxt, raw: RawRetry) -> Retry {
    match raw {
        RawRetry::Bool(lit) if !lit.value => Retry::Never,
        RawRetry::Bare | RawRetry::Bool(_) => Retry::Backoff {
            attempts: None,
            delay_millis: None,
            honor_retry_after: false,
        },
        RawRetry::List(items) => {
            let mut attempts = None;
            let mut delay_millis = None;
            let mut honor_retry_after = None;
            for item in items {
                match item {
                    RetryItem::Attempts(key, lit) => {
                        let value = match lit.base10_parse::<u32>() {
                            Ok(0) => {
                                cx.error_spanned_by(
                                    &lit,
                                    "`attempts = 0` would never send the request; \
                                     write `retry = false` for a code that must not be retried",
                                );
                                continue;
                            }
                            Ok(n) => n,
                            Err(_) => {
                                cx.error_spanned_by(
                                    &lit,
                                    "`attempts` must be an integer in 1..=4294967295",
                                );
                                continue;
                            }
                        };
                        set_once(cx, &mut attempts, &key, value);
                    }
                    RetryItem::Delay(key, lit) => {
                        let Some(millis) = cx.ok(parse_duration_millis(&lit)) else {
                            continue;
                        };
                        set_once(cx, &mut delay_millis, &key, millis);
                    }
                    RetryItem::HonorRetryAfter(key) => {
                        set_once(cx, &mut honor_retry_after, &key, ());
                    }
                }
            }
            Retry::Backoff {
                attempts,
                delay_millis,
                honor_retry_after: honor_retry_after.is_some(),
            }
        }
    }
}

/// Reads `"500ms"`, `"2s"`, `"1m"` or `"1h"`: whole digits, then a unit.
pub fn parse_duration_millis(lit: &LitStr) -> syn::Result<u64> {
    let text = lit.value();
    let digits_end = text
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(text.len());
    let (digits, unit) = text.split_at(digits_end);
    let factor = match unit {
        "ms" => 1,
        "s" => 1_000,
        "m" => 60_000,
        "h" => 3_600_000,
        _ => 0,
    };
    let malformed = || {
        syn::Error::new(
            lit.span(),
            format_args!(
                "malformed duration {text:?}: expected whole digits and a unit, \
                 like \"500ms\", \"2s\", \"1m\" or \"1h\""
            ),
        )
    };
    if digits.is_empty() || factor == 0 {
        return Err(malformed());
    }
    digits
        .parse::<u64>()
        .ok()
        .and_then(|n| n.checked_mul(factor))
        .ok_or_else(|| syn::Error::new(lit.span(), format_args!("duration {text:?} is too long")))
}

/// `#[code(...)]` as written, before its values are checked.
struct RawCode {
    status: LitInt,
    code: LitStr,
    items: Vec<Item>,
}

enum Item {
    Kind(Ident, Ident),
    Retry(Ident, RawRetry),
    Message(Ident, LitStr),
    DocsUrl(Ident, LitStr),
}

enum RawRetry {
    Bare,
    Bool(LitBool),
    List(Vec<RetryItem>),
}

enum RetryItem {
    Attempts(Ident, LitInt),
    Delay(Ident, LitStr),
    HonorRetryAfter(Ident),
}

impl Parse for RawCode {
    fn parse(input: ParseStream) -> syn::Result<Self> {
        let status = if input.peek(LitInt) {
            input.parse::<LitInt>()?
        } else {
            return Err(input.error(
                "expected the HTTP status as an integer literal, like #[code(404, \"NOT_FOUND\")]",
            ));
        };
        input.parse::<Token![,]>()?;
        let code = if input.peek(LitStr) {
            input.parse::<LitStr>()?
        } else {
            return Err(input.error(
                "expected the error code as a string literal, like #[code(404, \"NOT_FOUND\")]",
            ));
        };
        let mut items = Vec::new();
        while !input.is_empty() {
            input.parse::<Token![,]>()?;
            if input.is_empty() {
                break;
            }
            items.push(input.parse()?);
        }
        Ok(RawCode {
            status,
            code,
            items,
        })
    }
}

impl Parse for Item {
    fn parse(input: ParseStream) -> syn::Result<Self> {
        let lookahead = input.lookahead1();
        if !(lookahead.peek(kw::kind)
            || lookahead.peek(kw::message)
            || lookahead.peek(kw::docs_url)
            || lookahead.peek(kw::retry))
        {
            return Err(lookahead.error());
        }
        // Every key is an identifier; keeping it lets errors point at it.
        let key: Ident = input.parse()?;
        if key == "retry" {
            let retry = if input.peek(Token![=]) {
                input.parse::<Token![=]>()?;
                if !input.peek(LitBool) {
                    return Err(input.error("expected `true` or `false` after `retry =`"));
                }
                RawRetry::Bool(input.parse()?)
            } else if input.peek(syn::token::Paren) {
                let content;
                syn::parenthesized!(content in input);
                let items = content.parse_terminated(RetryItem::parse, Token![,])?;
                RawRetry::List(items.into_iter().collect())
            } else {
                RawRetry::Bare
            };
            return Ok(Item::Retry(key, retry));
        }
        input.parse::<Token![=]>()?;
        if key == "kind" {
            Ok(Item::Kind(key, input.parse()?))
        } else if key == "message" {
            Ok(Item::Message(key, input.parse()?))
        } else {
            Ok(Item::DocsUrl(key, input.parse()?))
        }
    }
}

impl Parse for RetryItem {
    fn parse(input: ParseStream) -> syn::Result<Self> {
        let lookahead = input.lookahead1();
        if !(lookahead.peek(kw::attempts)
            || lookahead.peek(kw::delay)
            || lookahead.peek(kw::honor_retry_after))
        {
            return Err(lookahead.error());
        }
        let key: Ident = input.parse()?;
        if key == "honor_retry_after" {
            return Ok(RetryItem::HonorRetryAfter(key));
        }
        input.parse::<Token![=]>()?;
        if key == "attempts" {
            Ok(RetryItem::Attempts(key, input.parse()?))
        } else {
            Ok(RetryItem::Delay(key, input.parse()?))
        }
    }
}

/// A checked `#[api_error(...)]` (all of them on the enum, merged).
#[derive(Default)]
pub struct EnumAttrs {
    pub docs_url: Option<LitStr>,
    pub skip: Skip,
}

/// The generated impls an enum opts out of.
#[derive(Default)]
pub struct Skip {
    pub display: bool,
    pub from_str: bool,
    pub error: bool,
    pub serialize: bool,
    pub deserialize: bool,
}

/// The placeholders a `docs_url` template may use.
pub const PLACEHOLDERS: &[&str] = &["{code}", "{status}", "{variant}"];

pub fn parse_enum_attrs(cx: &mut Ctxt, attrs: &[Attribute]) -> EnumAttrs {
    let mut out = EnumAttrs::default();
    let mut skip_seen: Option<Ident> = None;
    for attr in attrs.iter().filter(|a| a.path().is_ident("api_error")) {
        let result = attr.parse_nested_meta(|meta| {
            if meta.path.is_ident("docs_url") {
                let lit: LitStr = meta.value()?.parse()?;
                check_template(cx, &lit);
                let key = meta.path.get_ident().cloned().unwrap_or_else(|| {
                    Ident::new("docs_url", meta.path.span())
                });
                set_once_enum(cx, &mut out.docs_url, &key, lit);
                Ok(())
            } else if meta.path.is_ident("skip") {
                if skip_seen.is_some() {
                    cx.error_spanned_by(&meta.path, "duplicate `skip` in #[api_error]");
                }
                skip_seen = meta.path.get_ident().cloned();
                meta.parse_nested_meta(|inner| {
                    let flag = match inner.path.get_ident().map(ToString::to_string).as_deref() {
                        Some("Display") => &mut out.skip.display,
                        Some("FromStr") => &mut out.skip.from_str,
                        Some("Error") => &mut out.skip.error,
                        Some("Serialize") => &mut out.skip.serialize,
                        Some("Deserialize") => &mut out.skip.deserialize,
                        _ => {
                            return Err(inner.error(
                                "unknown impl to skip; expected Display, FromStr, Error, Serialize or Deserialize",
                            ))
                        }
                    };
                    if *flag {
                        cx.error_spanned_by(&inner.path, "impl listed twice in `skip(...)`");
                    }
                    *flag = true;
                    Ok(())
                })
            } else {
                Err(meta.error("unknown #[api_error] key; expected `docs_url = \"...\"` or `skip(...)`"))
            }
        });
        cx.ok(result);
    }
    out
}

fn set_once_enum<T>(cx: &mut Ctxt, slot: &mut Option<T>, key: &Ident, value: T) {
    if slot.is_some() {
        cx.error_spanned_by(key, format_args!("duplicate `{key}` in #[api_error]"));
    } else {
        *slot = Some(value);
    }
}

/// Every `{...}` in a template must be a known placeholder.
fn check_template(cx: &mut Ctxt, lit: &LitStr) {
    let template = lit.value();
    let stripped = PLACEHOLDERS
        .iter()
        .fold(template.clone(), |text, placeholder| {
            text.replace(placeholder, "")
        });
    if template.trim().is_empty() {
        cx.error_spanned_by(lit, "`docs_url` must not be empty");
    } else if stripped.contains(['{', '}']) {
        cx.error_spanned_by(
            lit,
            "unknown placeholder in `docs_url`; expected {code}, {status} or {variant}",
        );
    }
}
