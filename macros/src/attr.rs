//! The grammar of `#[code(...)]` on variants and `#[api_error(...)]` on the
//! enum.
//!
//! Syntax errors stop the attribute they occur in (syn cannot resume inside
//! a token stream it does not understand); mistakes in well-formed items
//! (a status out of range, a bad duration, a repeated key) are recorded and
//! reading goes on, so one build shows all of them.

use syn::ext::IdentExt;
use syn::parse::{Parse, ParseStream};
use syn::{Attribute, Ident, LitBool, LitInt, LitStr, Token};

use crate::ctxt::Ctxt;

mod kw {
    syn::custom_keyword!(kind);
    syn::custom_keyword!(retry);
    syn::custom_keyword!(message);
    syn::custom_keyword!(docs_url);
    syn::custom_keyword!(alias);
    syn::custom_keyword!(attempts);
    syn::custom_keyword!(delay);
    syn::custom_keyword!(honor_retry_after);
}

/// Lowest and highest status a `#[code]` accepts: the ones HTTP defines.
const STATUS_RANGE: std::ops::RangeInclusive<u16> = 100..=599;

/// The variants of `api_error_codes::ErrorKind`, in its order. Checked here
/// because rustc's own error for `ErrorKind::Foo` does not list the valid
/// names, and `kind = from_status` would otherwise fail as a type mismatch.
/// `tests/suite/derive_impls.rs` (`every_error_kind_is_accepted_by_kind`)
/// fails when this list and the enum disagree.
const ERROR_KINDS: &[&str] = &[
    "InvalidRequest",
    "Unauthenticated",
    "PermissionDenied",
    "NotFound",
    "Conflict",
    "PaymentRequired",
    "RateLimited",
    "Timeout",
    "ServerError",
    "Unavailable",
    "NotImplemented",
    "Other",
];

/// A checked `#[code(STATUS, "CODE", items...)]`.
pub struct CodeAttr {
    /// The status; 0 when it was rejected (the error is recorded).
    pub status: u16,
    pub code: LitStr,
    pub kind: Option<Ident>,
    pub retry: Option<Retry>,
    pub message: Option<LitStr>,
    pub docs_url: Option<LitStr>,
    /// Every `alias = "..."`, in order: other spellings of the code that
    /// lookups accept; `code()` never gives them.
    pub aliases: Vec<LitStr>,
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
    let args = cx.ok(attr.parse_args_with(|input: ParseStream| CodeArgs::parse(input)))?;
    let status = match args.status.base10_parse::<u16>() {
        Ok(status) if args.minus.is_none() && STATUS_RANGE.contains(&status) => status,
        _ => {
            let (minus, status) = (&args.minus, &args.status);
            cx.error_spanned_by(
                quote::quote!(#minus #status),
                "HTTP status must be an integer in 100..=599, as the API documents it",
            );
            0
        }
    };
    check_code_string(cx, &args.code);

    let (mut kind, mut retry, mut message, mut docs_url) = (None, None, None, None);
    let mut aliases = Vec::new();
    for item in args.items {
        match item {
            // Repeatable: an API may have spelled one code several ways.
            // Duplicates across the enum are `valid`'s to report.
            CodeItem::Alias(value) => {
                check_code_string(cx, &value);
                aliases.push(value);
            }
            CodeItem::Kind(key, value) => {
                let known = ERROR_KINDS.contains(&value.unraw().to_string().as_str());
                if !known {
                    cx.error_spanned_by(
                        &value,
                        format_args!(
                            "unknown ErrorKind `{value}`; expected one of {}",
                            ERROR_KINDS.join(", ")
                        ),
                    );
                }
                set_once(cx, "#[code]", &mut kind, key, value);
            }
            CodeItem::Message(key, value) => {
                if value.value().trim().is_empty() {
                    cx.error_spanned_by(
                        &value,
                        "`message` phrase must not be empty; write a phrase of the error \
                         message that tells this variant apart, or remove `message`",
                    );
                }
                set_once(cx, "#[code]", &mut message, key, value);
            }
            CodeItem::DocsUrl(key, value) => {
                // A template like the enum's: a `{code}` left in a link
                // would otherwise go unnoticed.
                check_docs_url_template(cx, &value);
                set_once(cx, "#[code]", &mut docs_url, key, value);
            }
            CodeItem::Retry(key, value) => {
                let value = check_retry(cx, value);
                set_once(cx, "#[code]", &mut retry, key, value);
            }
        }
    }
    Some(CodeAttr {
        status,
        code: args.code,
        kind: kind.map(|(_, value)| value),
        retry: retry.map(|(_, value)| value),
        message: message.map(|(_, value)| value),
        docs_url: docs_url.map(|(_, value)| value),
        aliases,
    })
}

/// Keeps the first value of a key. A repeat is an error at the second
/// occurrence with a note at the first, instead of a silent overwrite.
fn set_once<T>(cx: &mut Ctxt, place: &str, slot: &mut Option<(Ident, T)>, key: Ident, value: T) {
    match slot {
        Some((first, _)) => {
            let mut error = syn::Error::new(
                key.span(),
                format_args!("duplicate `{key}` in {place}; keep only one"),
            );
            error.combine(syn::Error::new(
                first.span(),
                format_args!("`{first}` is first set here"),
            ));
            cx.push(error);
        }
        None => *slot = Some((key, value)),
    }
}

fn check_code_string(cx: &mut Ctxt, code: &LitStr) {
    let value = code.value();
    // Control characters first: most of them (`\n`, `\t`) are whitespace
    // too, and "control characters" is the more telling name for them.
    if value.is_empty() {
        cx.error_spanned_by(
            code,
            "error code must not be empty; write the code exactly as the API sends it",
        );
    } else if value.chars().any(char::is_control) {
        cx.error_spanned_by(
            code,
            "error code must not contain control characters; write the code exactly as the API sends it",
        );
    } else if value.chars().any(char::is_whitespace) {
        cx.error_spanned_by(
            code,
            "error code must not contain whitespace; an API's code is one token, like \"NOT_FOUND\"",
        );
    }
}

fn check_retry(cx: &mut Ctxt, retry: RetryValue) -> Retry {
    match retry {
        RetryValue::Bool(lit) if !lit.value => Retry::Never,
        RetryValue::Bare | RetryValue::Bool(_) => Retry::Backoff {
            attempts: None,
            delay_millis: None,
            honor_retry_after: false,
        },
        RetryValue::List(items) => {
            let (mut attempts, mut delay_millis, mut honor_retry_after) = (None, None, None);
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
                                    "`attempts` must be an integer in 1..=4294967295, \
                                     counting the first attempt",
                                );
                                continue;
                            }
                        };
                        set_once(cx, "retry(...)", &mut attempts, key, value);
                    }
                    RetryItem::Delay(key, lit) => {
                        let Some(millis) = cx.ok(parse_duration_millis(&lit)) else {
                            continue;
                        };
                        set_once(cx, "retry(...)", &mut delay_millis, key, millis);
                    }
                    RetryItem::HonorRetryAfter(key) => {
                        set_once(cx, "retry(...)", &mut honor_retry_after, key, ());
                    }
                }
            }
            Retry::Backoff {
                attempts: attempts.map(|(_, n)| n),
                delay_millis: delay_millis.map(|(_, millis)| millis),
                honor_retry_after: honor_retry_after.is_some(),
            }
        }
    }
}

/// Reads `"500ms"`, `"2s"`, `"1m"` or `"1h"`: whole digits, then a unit.
pub fn parse_duration_millis(lit: &LitStr) -> syn::Result<u64> {
    let text = lit.value();
    duration_millis(&text).map_err(|problem| {
        let message = match problem {
            DurationProblem::Malformed => format!(
                "malformed duration {text:?}: expected whole digits and a unit, \
                 like \"500ms\", \"2s\", \"1m\" or \"1h\""
            ),
            DurationProblem::TooLong => format!(
                "duration {text:?} does not fit in 2^64 milliseconds; \
                 write the delay the API documents, like \"30s\""
            ),
        };
        syn::Error::new(lit.span(), message)
    })
}

#[derive(Debug, PartialEq)]
enum DurationProblem {
    Malformed,
    TooLong,
}

/// The grammar of a duration, apart from spans so it can be unit-tested.
fn duration_millis(text: &str) -> Result<u64, DurationProblem> {
    let digits_end = text
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(text.len());
    let (digits, unit) = text.split_at(digits_end);
    let factor: u64 = match unit {
        "ms" => 1,
        "s" => 1_000,
        "m" => 60_000,
        "h" => 3_600_000,
        _ => return Err(DurationProblem::Malformed),
    };
    if digits.is_empty() {
        return Err(DurationProblem::Malformed);
    }
    // Only ASCII digits are left, so the parse fails on overflow alone.
    digits
        .parse::<u64>()
        .ok()
        .and_then(|n| n.checked_mul(factor))
        .ok_or(DurationProblem::TooLong)
}

/// The arguments of `#[code(...)]` as written, before their values are
/// checked.
struct CodeArgs {
    /// syn would read `-500` as one literal spanning only the `-`; keeping
    /// the sign apart lets the error underline all of it.
    minus: Option<Token![-]>,
    status: LitInt,
    code: LitStr,
    items: Vec<CodeItem>,
}

/// A `key = value` (or bare `retry`) item after the status and code.
enum CodeItem {
    Kind(Ident, Ident),
    Retry(Ident, RetryValue),
    Message(Ident, LitStr),
    DocsUrl(Ident, LitStr),
    /// No key kept: `alias` repeats, so no error points at a repeat.
    Alias(LitStr),
}

/// What follows `retry`: nothing, `= true`/`= false`, or `(...)`.
enum RetryValue {
    Bare,
    Bool(LitBool),
    List(Vec<RetryItem>),
}

/// An item of `retry(...)`.
enum RetryItem {
    Attempts(Ident, LitInt),
    Delay(Ident, LitStr),
    HonorRetryAfter(Ident),
}

impl Parse for CodeArgs {
    fn parse(input: ParseStream) -> syn::Result<Self> {
        let minus: Option<Token![-]> = input.parse()?;
        if !input.peek(LitInt) {
            return Err(input.error(
                "expected the HTTP status as an integer literal, like #[code(404, \"NOT_FOUND\")]",
            ));
        }
        let status = input.parse::<LitInt>()?;
        let expected_code = "expected the error code as a string literal after the status, \
                             like #[code(404, \"NOT_FOUND\")]";
        if input.is_empty() {
            return Err(input.error(expected_code));
        }
        input.parse::<Token![,]>()?;
        if !input.peek(LitStr) {
            return Err(input.error(expected_code));
        }
        let code = input.parse::<LitStr>()?;
        let mut items = Vec::new();
        while !input.is_empty() {
            input.parse::<Token![,]>()?;
            if input.is_empty() {
                break;
            }
            items.push(input.parse()?);
        }
        Ok(CodeArgs {
            minus,
            status,
            code,
            items,
        })
    }
}

impl Parse for CodeItem {
    fn parse(input: ParseStream) -> syn::Result<Self> {
        let known = input.peek(kw::kind)
            || input.peek(kw::message)
            || input.peek(kw::docs_url)
            || input.peek(kw::alias)
            || input.peek(kw::retry);
        if !known {
            return Err(unknown_key(
                input,
                "#[code]",
                "`kind = ...`, `retry`, `message = \"...\"`, `docs_url = \"...\"` or \
                 `alias = \"...\"`",
            ));
        }
        // Every key is an identifier; keeping it lets errors point at it.
        let key: Ident = input.parse()?;
        if key == "retry" {
            let retry = if input.peek(Token![=]) {
                input.parse::<Token![=]>()?;
                if !input.peek(LitBool) {
                    return Err(input.error(
                        "expected `true` or `false` after `retry =`; \
                         or write `retry` alone, or `retry(...)` with its items",
                    ));
                }
                RetryValue::Bool(input.parse()?)
            } else if input.peek(syn::token::Paren) {
                let content;
                syn::parenthesized!(content in input);
                let items = content.parse_terminated(RetryItem::parse, Token![,])?;
                RetryValue::List(items.into_iter().collect())
            } else {
                RetryValue::Bare
            };
            return Ok(CodeItem::Retry(key, retry));
        }
        input.parse::<Token![=]>()?;
        if key == "kind" {
            return Ok(CodeItem::Kind(key, parse_kind(input)?));
        }
        if !input.peek(LitStr) {
            return Err(input.error(format_args!("expected a string literal after `{key} =`")));
        }
        if key == "message" {
            Ok(CodeItem::Message(key, input.parse()?))
        } else if key == "alias" {
            Ok(CodeItem::Alias(input.parse()?))
        } else {
            Ok(CodeItem::DocsUrl(key, input.parse()?))
        }
    }
}

/// The value of `kind = ...`: a bare variant name of `ErrorKind`.
fn parse_kind(input: ParseStream) -> syn::Result<Ident> {
    if !input.peek(Ident::peek_any) {
        return Err(input.error("expected an ErrorKind variant name, like `kind = RateLimited`"));
    }
    let path: syn::Path = input.parse()?;
    match path.get_ident() {
        Some(ident) => Ok(ident.clone()),
        None => Err(syn::Error::new_spanned(
            &path,
            "write the ErrorKind variant name alone, like `kind = RateLimited`",
        )),
    }
}

/// "unknown key" at the offending token, naming it when it is a word.
fn unknown_key(input: ParseStream, place: &str, expected: &str) -> syn::Error {
    let fork = input.fork();
    match fork.call(Ident::parse_any) {
        Ok(ident) => syn::Error::new(
            ident.span(),
            format_args!("unknown key `{ident}` in {place}; expected {expected}"),
        ),
        Err(_) => input.error(format_args!("expected {expected}")),
    }
}

impl Parse for RetryItem {
    fn parse(input: ParseStream) -> syn::Result<Self> {
        let known =
            input.peek(kw::attempts) || input.peek(kw::delay) || input.peek(kw::honor_retry_after);
        if !known {
            return Err(unknown_key(
                input,
                "retry(...)",
                "`attempts = N`, `delay = \"2s\"` or `honor_retry_after`",
            ));
        }
        let key: Ident = input.parse()?;
        if key == "honor_retry_after" {
            if input.peek(Token![=]) {
                return Err(input.error(
                    "`honor_retry_after` takes no value: write `retry(honor_retry_after)`, \
                     or leave it out",
                ));
            }
            return Ok(RetryItem::HonorRetryAfter(key));
        }
        input.parse::<Token![=]>()?;
        if key == "attempts" {
            if !input.peek(LitInt) {
                return Err(input
                    .error("expected the number of attempts as an integer, like `attempts = 3`"));
            }
            Ok(RetryItem::Attempts(key, input.parse()?))
        } else {
            if !input.peek(LitStr) {
                return Err(input
                    .error("expected the delay as a string with a unit, like `delay = \"2s\"`"));
            }
            Ok(RetryItem::Delay(key, input.parse()?))
        }
    }
}

/// A checked `#[api_error(...)]` (all of them on the enum, merged).
#[derive(Default)]
pub struct EnumAttrs {
    pub docs_url: Option<LitStr>,
    /// `body(...)`: where the API keeps its fields in its own JSON shape.
    pub body: Option<BodyAttr>,
    /// The impls `skip(...)` names, each once, in table order.
    pub skipped: Vec<SkippableImpl>,
}

/// An impl the derive emits next to `ApiErrorCode` unless `skip(...)`
/// names it.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum SkippableImpl {
    Display,
    FromStr,
    Error,
    Serialize,
    Deserialize,
}

/// Every skippable impl, with the name `skip(...)` knows it by, in the
/// order the derive emits them and the error message lists them.
pub const SKIPPABLE_IMPLS: &[(SkippableImpl, &str)] = &[
    (SkippableImpl::Display, "Display"),
    (SkippableImpl::FromStr, "FromStr"),
    (SkippableImpl::Error, "Error"),
    (SkippableImpl::Serialize, "Serialize"),
    (SkippableImpl::Deserialize, "Deserialize"),
];

/// A placeholder of a `docs_url` template, and what it stands for.
pub struct Placeholder {
    /// The placeholder as written, braces included.
    pub text: &'static str,
    /// Its value for one variant, from the variant's `#[code]` and name.
    pub value: fn(&CodeAttr, &Ident) -> String,
}

/// The placeholders a `docs_url` template may use, in the order the error
/// message lists them.
pub const PLACEHOLDERS: &[Placeholder] = &[
    Placeholder {
        text: "{code}",
        value: |code, _| code.code.value(),
    },
    Placeholder {
        text: "{status}",
        value: |code, _| code.status.to_string(),
    },
    Placeholder {
        text: "{variant}",
        value: |_, variant| variant.unraw().to_string(),
    },
];

/// `a, b and c` (with `last` = `"and"`): names listed in an error message.
fn sentence_list<'a>(names: impl IntoIterator<Item = &'a str>, last: &str) -> String {
    let names: Vec<&str> = names.into_iter().collect();
    match names.split_last() {
        None => String::new(),
        Some((only, [])) => (*only).to_owned(),
        Some((final_name, rest)) => format!("{} {last} {final_name}", rest.join(", ")),
    }
}

/// A step of a body path, as `body(...)` paths are written:
/// `errors[].code` is `errors`, `[]`, `code`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PathStep {
    Key(String),
    Each,
}

/// One path of `body(...)`: the literal as written, for spans, and its steps.
pub struct BodyPath {
    pub lit: LitStr,
    pub steps: Vec<PathStep>,
}

impl BodyPath {
    /// The steps up to and including the first `[]`, if any.
    pub fn array_prefix(&self) -> Option<&[PathStep]> {
        let at = self.steps.iter().position(|step| *step == PathStep::Each)?;
        Some(&self.steps[..=at])
    }
}

/// A checked `body(...)` of `#[api_error]`: each path the API keeps a field
/// at. The cross-path rules are `valid`'s.
pub struct BodyAttr {
    pub code: Option<BodyPath>,
    pub message: Option<BodyPath>,
    pub request_id: Option<BodyPath>,
    pub success_flag: Option<BodyPath>,
}

impl BodyAttr {
    /// Every declared path with its key name, in the order of the grammar.
    pub fn paths(&self) -> impl Iterator<Item = (&'static str, &BodyPath)> {
        [
            ("code", self.code.as_ref()),
            ("message", self.message.as_ref()),
            ("request_id", self.request_id.as_ref()),
            ("success_flag", self.success_flag.as_ref()),
        ]
        .into_iter()
        .filter_map(|(name, path)| Some((name, path?)))
    }
}

/// The keys of `body(...)`, in the order error messages list them.
const BODY_KEYS: &str = "`code = \"...\"`, `message = \"...\"`, `request_id = \"...\"` or \
                         `success_flag = \"...\"`";

/// Reads the items of `body(...)`.
fn parse_body(
    cx: &mut Ctxt,
    key: Ident,
    meta: &syn::meta::ParseNestedMeta<'_>,
) -> syn::Result<BodyAttr> {
    let (mut code, mut message, mut request_id, mut success_flag) = (None, None, None, None);
    // syn's own error for `body()` ("expected nested attribute") does not
    // say what belongs there.
    let fork = meta.input.fork();
    let is_empty = (|| -> syn::Result<bool> {
        let content;
        syn::parenthesized!(content in fork);
        Ok(content.is_empty())
    })()
    .unwrap_or(false);
    if is_empty {
        let _content;
        syn::parenthesized!(_content in meta.input);
        cx.error_spanned_by(
            &key,
            format_args!(
                "`body(...)` names no path; write at least one of {BODY_KEYS}, or remove it"
            ),
        );
        return Ok(BodyAttr {
            code: None,
            message: None,
            request_id: None,
            success_flag: None,
        });
    }
    meta.parse_nested_meta(|inner| {
        let Some(name) = inner.path.get_ident().cloned() else {
            return Err(inner.error(format_args!(
                "unknown key in body(...); expected {BODY_KEYS}"
            )));
        };
        let slot = match name.to_string().as_str() {
            "code" => &mut code,
            "message" => &mut message,
            "request_id" => &mut request_id,
            "success_flag" => &mut success_flag,
            _ => {
                return Err(syn::Error::new(
                    name.span(),
                    format_args!("unknown key `{name}` in body(...); expected {BODY_KEYS}"),
                ))
            }
        };
        let lit: LitStr = inner.value()?.parse()?;
        match path_steps(&lit.value()) {
            Ok(steps) => set_once(cx, "body(...)", slot, name, BodyPath { lit, steps }),
            Err(problem) => cx.error_spanned_by(&lit, problem),
        }
        Ok(())
    })?;
    let take = |slot: Option<(Ident, BodyPath)>| slot.map(|(_, path)| path);
    Ok(BodyAttr {
        code: take(code),
        message: take(message),
        request_id: take(request_id),
        success_flag: take(success_flag),
    })
}

/// The grammar of a body path, apart from spans so it can be unit-tested:
/// object keys joined by `.`, each optionally followed by `[]` ("every
/// element of this array"); a path may also start with `[]` (a body that
/// is an array). A key is any text without `.`, `[`, `]`, whitespace or
/// control characters.
pub fn path_steps(text: &str) -> Result<Vec<PathStep>, String> {
    const SYNTAX: &str = "object keys joined by `.`, each optionally followed by `[]` for every \
                          element of an array, like \"error.code\" or \"errors[].extensions.code\"";
    if text.is_empty() {
        return Err(format!(
            "body path must not be empty; write where the API keeps the field: {SYNTAX}"
        ));
    }
    let mut steps = Vec::new();
    for (index, segment) in text.split('.').enumerate() {
        let mut rest = segment;
        let key_end = rest.find(['[', ']']).unwrap_or(rest.len());
        let key = &rest[..key_end];
        rest = &rest[key_end..];
        if key.is_empty() && !(index == 0 && rest.starts_with("[]")) {
            return Err(format!(
                "empty key in body path {text:?}: a `.` must stand between two keys; \
                 expected {SYNTAX}"
            ));
        }
        if let Some(bad) = key.chars().find(|c| c.is_whitespace() || c.is_control()) {
            return Err(format!(
                "key {key:?} in body path {text:?} contains {bad:?}; keys hold no whitespace \
                 or control characters"
            ));
        }
        if !key.is_empty() {
            steps.push(PathStep::Key(key.to_owned()));
        }
        while let Some(after) = rest.strip_prefix("[]") {
            steps.push(PathStep::Each);
            rest = after;
        }
        if !rest.is_empty() {
            return Err(format!(
                "unexpected {rest:?} in body path {text:?}: only `[]` (every element) may \
                 follow a key, not an index or a name; expected {SYNTAX}"
            ));
        }
    }
    Ok(steps)
}

pub fn parse_enum_attrs(cx: &mut Ctxt, attrs: &[Attribute]) -> EnumAttrs {
    let mut docs_url = None;
    let mut body: Option<(Ident, BodyAttr)> = None;
    let mut skip_seen = None;
    let mut skip_slots: Vec<Option<(Ident, ())>> = vec![None; SKIPPABLE_IMPLS.len()];
    for attr in attrs {
        if attr.path().is_ident("code") {
            cx.error_spanned_by(attr, "#[code(...)] goes on each variant, not on the enum");
        }
    }
    for attr in attrs.iter().filter(|a| a.path().is_ident("api_error")) {
        let result = attr.parse_nested_meta(|meta| {
            let Some(key) = meta.path.get_ident().cloned() else {
                return Err(meta.error(
                    "unknown #[api_error] key; expected `docs_url = \"...\"`, `skip(...)` or \
                     `body(...)`",
                ));
            };
            if key == "docs_url" {
                let lit: LitStr = meta.value()?.parse()?;
                check_docs_url_template(cx, &lit);
                set_once(cx, "#[api_error]", &mut docs_url, key, lit);
                Ok(())
            } else if key == "body" {
                let parsed = parse_body(cx, key.clone(), &meta)?;
                set_once(cx, "#[api_error]", &mut body, key, parsed);
                Ok(())
            } else if key == "skip" {
                set_once(cx, "#[api_error]", &mut skip_seen, key, ());
                meta.parse_nested_meta(|inner| {
                    let index = inner
                        .path
                        .get_ident()
                        .and_then(|name| SKIPPABLE_IMPLS.iter().position(|(_, s)| name == s));
                    let (Some(index), Some(name)) = (index, inner.path.get_ident()) else {
                        let path = &inner.path;
                        return Err(inner.error(format_args!(
                            "unknown impl `{}` in skip(...); expected {}",
                            quote::quote!(#path).to_string().replace(' ', ""),
                            sentence_list(SKIPPABLE_IMPLS.iter().map(|&(_, name)| name), "or"),
                        )));
                    };
                    set_once(cx, "skip(...)", &mut skip_slots[index], name.clone(), ());
                    Ok(())
                })
            } else {
                Err(meta.error(format_args!(
                    "unknown key `{key}` in #[api_error]; expected `docs_url = \"...\"`, \
                     `skip(...)` or `body(...)`"
                )))
            }
        });
        cx.ok(result);
    }
    EnumAttrs {
        docs_url: docs_url.map(|(_, lit)| lit),
        body: body.map(|(_, body)| body),
        skipped: SKIPPABLE_IMPLS
            .iter()
            .zip(&skip_slots)
            .filter(|(_, slot)| slot.is_some())
            .map(|(&(skippable, _), _)| skippable)
            .collect(),
    }
}

/// Every `{...}` in a template must be a known placeholder.
fn check_docs_url_template(cx: &mut Ctxt, lit: &LitStr) {
    let template = lit.value();
    let stripped = PLACEHOLDERS
        .iter()
        .fold(template.clone(), |text, placeholder| {
            text.replace(placeholder.text, "")
        });
    if template.trim().is_empty() {
        cx.error_spanned_by(
            lit,
            "`docs_url` must not be empty; write the link template or remove `docs_url`",
        );
    } else if let Some(start) = stripped.find(['{', '}']) {
        let rest = &stripped[start..];
        let shown = match rest.find('}') {
            Some(end) if rest.starts_with('{') => &rest[..=end],
            _ => &rest[..1],
        };
        cx.error_spanned_by(
            lit,
            format_args!(
                "unknown placeholder `{shown}` in `docs_url`; the template may use {}, \
                 and no other braces",
                sentence_list(PLACEHOLDERS.iter().map(|p| p.text), "and"),
            ),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::{duration_millis, path_steps, sentence_list, DurationProblem, PathStep};

    fn key(name: &str) -> PathStep {
        PathStep::Key(name.to_owned())
    }

    #[test]
    fn path_reads_keys_and_every_element() {
        assert_eq!(path_steps("error"), Ok(vec![key("error")]));
        assert_eq!(
            path_steps("error.type"),
            Ok(vec![key("error"), key("type")])
        );
        assert_eq!(
            path_steps("errors[].extensions.code"),
            Ok(vec![
                key("errors"),
                PathStep::Each,
                key("extensions"),
                key("code")
            ])
        );
        assert_eq!(path_steps("[].code"), Ok(vec![PathStep::Each, key("code")]));
        assert_eq!(
            path_steps("a[][]"),
            Ok(vec![key("a"), PathStep::Each, PathStep::Each])
        );
        assert_eq!(path_steps("$meta-id"), Ok(vec![key("$meta-id")]));
    }

    #[test]
    fn path_rejects_empty_keys_indexes_and_whitespace() {
        for text in [
            "", ".", "a.", ".a", "a..b", "a[0]", "a[", "a]", "a[]b", "a b", "a.\tb", "[]", "a.[]",
            "[x]",
        ] {
            if text == "[]" {
                assert_eq!(path_steps(text), Ok(vec![PathStep::Each]));
                continue;
            }
            assert!(path_steps(text).is_err(), "{text:?}");
        }
    }

    #[test]
    fn sentence_list_joins_the_last_name_with_the_word_given() {
        assert_eq!(sentence_list([], "or"), "");
        assert_eq!(sentence_list(["Display"], "or"), "Display");
        assert_eq!(sentence_list(["a", "b"], "and"), "a and b");
        assert_eq!(sentence_list(["a", "b", "c"], "or"), "a, b or c");
    }

    #[test]
    fn duration_reads_each_unit() {
        assert_eq!(duration_millis("250ms"), Ok(250));
        assert_eq!(duration_millis("2s"), Ok(2_000));
        assert_eq!(duration_millis("2m"), Ok(120_000));
        assert_eq!(duration_millis("1h"), Ok(3_600_000));
        assert_eq!(duration_millis("0s"), Ok(0));
        assert_eq!(duration_millis("007s"), Ok(7_000));
    }

    #[test]
    fn duration_accepts_up_to_u64_max_milliseconds() {
        assert_eq!(duration_millis("18446744073709551615ms"), Ok(u64::MAX));
        assert_eq!(
            duration_millis("18446744073709551616ms"),
            Err(DurationProblem::TooLong)
        );
        let max_hours = u64::MAX / 3_600_000;
        assert_eq!(
            duration_millis(&format!("{max_hours}h")),
            Ok(max_hours * 3_600_000)
        );
        assert_eq!(
            duration_millis(&format!("{}h", max_hours + 1)),
            Err(DurationProblem::TooLong)
        );
        // More digits than any integer type holds.
        assert_eq!(
            duration_millis(&format!("{}s", "9".repeat(100))),
            Err(DurationProblem::TooLong)
        );
    }

    #[test]
    fn duration_rejects_anything_but_ascii_digits_and_a_known_unit() {
        for text in [
            "",
            "2",
            "s",
            "ms",
            "2 s",
            " 2s",
            "2s ",
            "1.5s",
            "-2s",
            "+2s",
            "2d",
            "2S",
            "2sec",
            "2ms2",
            "2h30m",
            "\u{0662}s",
            "2\u{0662}s",
            "２s",
            "2ｓ",
        ] {
            assert_eq!(
                duration_millis(text),
                Err(DurationProblem::Malformed),
                "{text:?}"
            );
        }
    }
}
