//! The lenient reader of JSON error bodies.
//!
//! Error bodies are read with hand-written visitors instead of derived
//! structs: a derived struct fails as a whole when one field has an
//! unexpected type (`"code": 42`, `"message": null`, `"errors": {}`), and a
//! failed parse would lose every other field. Here every field accepts any
//! JSON value and keeps what it can; only JSON that is not JSON at all (or
//! too deep, or followed by garbage) fails, and the caller then falls back
//! on the status and an excerpt.

use std::borrow::Cow;
use std::fmt;

use serde::de::{self, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde::Deserialize;

/// The largest body read as JSON, in bytes (256 KiB). A larger body is not
/// parsed: the error keeps its status and an excerpt. Error bodies of the
/// supported APIs are a few hundred bytes; the cap bounds the work and the
/// memory a hostile or broken server can cause.
pub const MAX_BODY_BYTES: usize = 256 * 1024;

/// Most error items kept from one body; the rest are counted, not stored.
pub const MAX_ITEMS: usize = 256;

/// The fields of one error object, as found.
#[derive(Debug, Default)]
pub(crate) struct RawItem<'a> {
    pub code: Option<Cow<'a, str>>,
    pub message: Option<Cow<'a, str>>,
    /// `errorMessage`, the message's name in some Amazon services' bodies.
    pub error_message: Option<Cow<'a, str>>,
    pub details: Option<Cow<'a, str>>,
    /// `description`, or OAuth's `error_description`.
    pub description: Option<Cow<'a, str>>,
    /// `detail` (singular): Amazon Ads reporting v3, RFC 9457 problem bodies.
    pub detail: Option<Cow<'a, str>>,
    /// `title`: an RFC 9457 problem's summary, the text of last resort.
    pub title: Option<Cow<'a, str>>,
    pub parameter: Option<Cow<'a, str>>,
    pub value: Option<Cow<'a, str>>,
    /// The code of an item that sends none under `code`, from the most
    /// telling of the fields below ([`AltCode`]). One slot rather than
    /// three: the item stays small enough that a list of four fits the
    /// allocator's fast path, which the prebuilt APIs' parse cost shows.
    pub alt_code: Option<Cow<'a, str>>,
    /// Where [`alt_code`](Self::alt_code) came from.
    pub alt_source: AltCode,
    /// `status` as a number: an RFC 9457 problem's status member.
    pub stated_status: Option<u16>,
}

/// The fields that can stand for a missing `code`, least telling first.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum AltCode {
    #[default]
    None,
    /// `status` as a word: in Google's `{error: {code, status}}` the
    /// machine code; elsewhere often a state (`"status": "error"`).
    StatusWord,
    /// `type`: an RFC 9457 problem's type URI (`about:blank` is no code).
    ProblemType,
    /// `extensions.code`: a GraphQL error's code.
    ExtensionsCode,
}

impl<'a> RawItem<'a> {
    pub fn is_empty(&self) -> bool {
        self.code.is_none()
            && self.message.is_none()
            && self.details.is_none()
            && !self.has_text()
            && (self.alt_code.is_none() || self.alt_source == AltCode::StatusWord)
    }

    /// Keeps `text` as the stand-in code when `source` tells more than the
    /// one kept (or is the same field, repeated: the last one wins).
    fn offer_alt_code(&mut self, source: AltCode, text: Option<Cow<'a, str>>) {
        if text.is_some() && source >= self.alt_source {
            self.alt_code = text;
            self.alt_source = source;
        }
    }

    /// Forgets the stand-in code.
    pub fn clear_alt_code(&mut self) {
        self.alt_code = None;
        self.alt_source = AltCode::None;
    }

    /// Settles the code of an item that sent none under `code`: GraphQL's
    /// `extensions.code`, else the problem `type` unless it is
    /// `about:blank` (RFC 9457 §4.2.1: no more than the status says).
    ///
    /// Inline, for the test alone: nearly every item has its `code`, and the
    /// call would cost more than the test.
    #[inline]
    pub fn settle_code(&mut self) {
        if self.code.is_none() && self.alt_source > AltCode::StatusWord {
            self.take_alt_code();
        }
    }

    /// [`settle_code`](Self::settle_code)'s work, when there is some: out
    /// of line, so that the test stays small where it is inlined.
    #[inline(never)]
    fn take_alt_code(&mut self) {
        let source = self.alt_source;
        self.code = self.alt_code.take().filter(|code| {
            source != AltCode::ProblemType || (!code.is_empty() && code.as_ref() != "about:blank")
        });
    }

    /// Google's `{error: {code: 400, status: "INVALID_ARGUMENT"}}`: a
    /// `status` that is a word, not a number, is the machine code, and a
    /// numeric `code` beside it only repeats the HTTP status. Applied to the
    /// `error` object alone: elsewhere a string `status` is often a state
    /// (`"status": "error"`), not a code.
    pub fn promote_status_code(&mut self) {
        let code_is_number = self.code.as_ref().map_or(true, |code| {
            !code.is_empty() && code.bytes().all(|b| b.is_ascii_digit())
        });
        if code_is_number && self.alt_source == AltCode::StatusWord {
            self.code = self.alt_code.take();
            self.alt_source = AltCode::None;
        }
    }

    /// Whether a field other than `message` and `details` holds text.
    fn has_text(&self) -> bool {
        self.error_message.is_some()
            || self.description.is_some()
            || self.detail.is_some()
            || self.title.is_some()
    }

    /// The explanation for people, under whichever name the body used:
    /// `message`, `errorMessage`, `description`/`error_description`,
    /// `detail`, then `title` (a problem's title is a summary of its type,
    /// its `detail` the explanation of this occurrence).
    pub fn take_message(&mut self) -> Option<Cow<'a, str>> {
        self.message
            .take()
            .or_else(|| self.error_message.take())
            .or_else(|| self.description.take())
            .or_else(|| self.detail.take())
            .or_else(|| self.title.take())
    }
}

/// Everything an error body may carry, in any of the shapes the supported
/// APIs use: `{errors: [...]}` (X Ads, SP-API), `{code, details}` (Amazon
/// Ads), `{error, message, docs_url, request_id}` (Amazon Scraper), and
/// `{error: {code, message}}` or a bare array of error objects (elsewhere).
#[derive(Debug, Default)]
pub(crate) struct RawBody<'a> {
    /// The items of an `errors` array, or of a top-level array.
    pub items: Vec<RawItem<'a>>,
    /// Items beyond [`MAX_ITEMS`].
    pub items_dropped: usize,
    /// Top-level `code`, `error` (as a string), `message`, `details`.
    pub top: RawItem<'a>,
    /// `error` as an object.
    pub error_object: Option<RawItem<'a>>,
    pub request_id: Option<Cow<'a, str>>,
    pub docs_url: Option<Cow<'a, str>>,
    /// `request.params`, values as text (JSON text for non-strings).
    pub params: Vec<(Cow<'a, str>, Cow<'a, str>)>,
}

/// The visitor methods for JSON booleans, numbers and `null`: each gives
/// `$value`. Every visitor here accepts any JSON value, so that a field of
/// an unexpected type never fails the whole body.
macro_rules! scalars_give {
    ($value:expr) => {
        fn visit_bool<E: de::Error>(self, _: bool) -> Result<Self::Value, E> {
            Ok($value)
        }
        fn visit_i64<E: de::Error>(self, _: i64) -> Result<Self::Value, E> {
            Ok($value)
        }
        fn visit_u64<E: de::Error>(self, _: u64) -> Result<Self::Value, E> {
            Ok($value)
        }
        fn visit_f64<E: de::Error>(self, _: f64) -> Result<Self::Value, E> {
            Ok($value)
        }
        fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok($value)
        }
    };
}

/// [`scalars_give!`], strings included.
macro_rules! strings_and_scalars_give {
    ($value:expr) => {
        fn visit_str<E: de::Error>(self, _: &str) -> Result<Self::Value, E> {
            Ok($value)
        }
        scalars_give!($value);
    };
}

/// The visitor methods for strings, booleans and integers, each kept as
/// text and passed to `$wrap`: borrowed from the body when it can be.
macro_rules! strings_and_integers_as_text {
    ($wrap:expr) => {
        fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
            Ok($wrap(Cow::Owned(v.to_owned())))
        }
        fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Self::Value, E> {
            Ok($wrap(Cow::Borrowed(v)))
        }
        fn visit_string<E: de::Error>(self, v: String) -> Result<Self::Value, E> {
            Ok($wrap(Cow::Owned(v)))
        }
        fn visit_bool<E: de::Error>(self, v: bool) -> Result<Self::Value, E> {
            Ok($wrap(Cow::Borrowed(if v { "true" } else { "false" })))
        }
        fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
            Ok($wrap(Cow::Owned(v.to_string())))
        }
        fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
            Ok($wrap(Cow::Owned(v.to_string())))
        }
    };
}

/// Runs a JSON reader over an error body with the repairs every reader
/// here wants: a leading UTF-8 byte order mark is skipped (RFC 8259 allows
/// it; some servers send one, and serde_json rejects it), and when `read`
/// fails, it runs once more on a copy with lone surrogate escapes replaced
/// ([`without_lone_surrogates`]). The copy is kept in `scratch`, so that what
/// `read` returns may borrow from it.
pub(crate) fn read_repaired<'a, T>(
    bytes: &'a [u8],
    scratch: &'a mut Option<Vec<u8>>,
    mut read: impl FnMut(&'a [u8]) -> Option<T>,
) -> Option<T> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if let Some(value) = read(bytes) {
        return Some(value);
    }
    *scratch = without_lone_surrogates(bytes);
    let scratch: &'a Option<Vec<u8>> = scratch;
    scratch.as_deref().and_then(read)
}

/// Reads `bytes` as one JSON document into `body`; `false` when it is not
/// valid JSON (including nesting deeper than serde_json's limit of 128,
/// trailing garbage, and bytes that are not UTF-8), and then `body` is left
/// empty, ready for another try.
///
/// The body is filled in place rather than returned: `RawBody` is a few
/// hundred bytes, and each move of it was a `memcpy` on every parse.
pub(crate) fn read<'a>(bytes: &'a [u8], body: &mut RawBody<'a>) -> bool {
    // JSON is UTF-8 (RFC 8259), so a body that is not is no JSON body.
    // Checking it once up front is cheaper than serde_json's `from_slice`
    // checking every string it reads, one call each.
    let Ok(text) = std::str::from_utf8(bytes) else {
        return false;
    };
    let mut deserializer = serde_json::Deserializer::from_str(text);
    let read = (&mut deserializer)
        .deserialize_any(BodyVisitor(&mut *body))
        .is_ok()
        && deserializer.end().is_ok();
    if !read {
        // Whatever was read before the fault is no part of an answer.
        *body = RawBody::default();
    }
    read
}

/// `bytes` with each `\uXXXX` escape of a lone UTF-16 surrogate replaced by
/// `\uFFFD`; `None` when there is none.
///
/// serde_json rejects a whole document for one lone surrogate, which a
/// server sends when it cuts a string between the halves of a pair (an
/// emoji in a truncated message). Replacing it keeps every other field.
/// Escapes are only found inside strings, so no string tracking is needed;
/// other escapes are skipped whole, so `\\ud800` (a backslash, then text)
/// is left alone. One pass, no allocation unless something is replaced.
pub(crate) fn without_lone_surrogates(bytes: &[u8]) -> Option<Vec<u8>> {
    fn unit_at(bytes: &[u8], at: usize) -> Option<u16> {
        let escape = bytes.get(at..at + 6)?;
        let (prefix, digits) = escape.split_at(2);
        if prefix != b"\\u" || !digits.iter().all(u8::is_ascii_hexdigit) {
            return None;
        }
        u16::from_str_radix(core::str::from_utf8(digits).ok()?, 16).ok()
    }
    const HIGH: core::ops::RangeInclusive<u16> = 0xD800..=0xDBFF;
    const LOW: core::ops::RangeInclusive<u16> = 0xDC00..=0xDFFF;

    let mut repaired: Option<Vec<u8>> = None;
    let mut at = 0;
    while let Some(offset) = bytes
        .get(at..)
        .and_then(|rest| rest.iter().position(|&b| b == b'\\'))
    {
        at += offset;
        match unit_at(bytes, at) {
            // `\"`, `\\`, `\n`, ...: two bytes.
            None => at += 2,
            Some(high)
                if HIGH.contains(&high)
                    && unit_at(bytes, at + 6).is_some_and(|low| LOW.contains(&low)) =>
            {
                at += 12;
            }
            Some(unit) => {
                if HIGH.contains(&unit) || LOW.contains(&unit) {
                    repaired.get_or_insert_with(|| bytes.to_vec())[at..at + 6]
                        .copy_from_slice(b"\\uFFFD");
                }
                at += 6;
            }
        }
    }
    repaired
}

struct BodyVisitor<'b, 'de>(&'b mut RawBody<'de>);

impl<'de> Visitor<'de> for BodyVisitor<'_, 'de> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON error body")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let body = self.0;
        while let Some(Key(key)) = map.next_key::<Key<'de>>()? {
            // Duplicate keys: the last one wins, as in most JSON readers.
            match key.as_ref() {
                "errors" => {
                    let Items { items, dropped } = map.next_value()?;
                    body.items = items;
                    body.items_dropped = dropped;
                }
                "error" => match map.next_value::<ErrorField<'de>>()? {
                    ErrorField::Text(code) => body.top.code = Some(code),
                    ErrorField::Object(item) => body.error_object = Some(item),
                    ErrorField::Nothing => {}
                },
                "request_id" | "requestId" | "RequestId" => {
                    body.request_id = map.next_value::<Text<'de>>()?.0;
                }
                "docs_url" => body.docs_url = map.next_value::<Text<'de>>()?.0,
                "request" => body.params = map.next_value::<RequestEcho<'de>>()?.0,
                _ => {
                    if !read_item_field(&mut body.top, &key, &mut map)? {
                        map.next_value::<IgnoredAny>()?;
                    }
                }
            }
        }
        Ok(())
    }

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Self::Value, A::Error> {
        let Items { items, dropped } = ItemsVisitor.visit_seq(seq)?;
        self.0.items = items;
        self.0.items_dropped = dropped;
        Ok(())
    }

    // Any other JSON (a string, a number, null) is a body without fields.
    strings_and_scalars_give!(());
}

/// Reads the value of `key` into `item` if it is an item field; `false`
/// (value not consumed) otherwise.
fn read_item_field<'de, A: MapAccess<'de>>(
    item: &mut RawItem<'de>,
    key: &str,
    map: &mut A,
) -> Result<bool, A::Error> {
    let slot = match key {
        "code" => &mut item.code,
        "message" => &mut item.message,
        "errorMessage" => &mut item.error_message,
        "details" => &mut item.details,
        "detail" => &mut item.detail,
        "title" => &mut item.title,
        "description" | "error_description" => &mut item.description,
        "parameter" => &mut item.parameter,
        "type" => {
            let text = map.next_value::<Text<'de>>()?.0;
            item.offer_alt_code(AltCode::ProblemType, text);
            return Ok(true);
        }
        "status" => {
            // A number is a problem's status member; a word may be a code.
            match map.next_value::<Text<'de>>()?.0 {
                Some(status) if status.bytes().all(|b| b.is_ascii_digit() || b == b'.') => {
                    item.stated_status = status.parse().ok();
                }
                Some(status) => item.offer_alt_code(AltCode::StatusWord, Some(status)),
                None => {}
            }
            return Ok(true);
        }
        "extensions" => {
            let code = map.next_value::<Extensions<'de>>()?.0;
            item.offer_alt_code(AltCode::ExtensionsCode, code);
            return Ok(true);
        }
        "value" => {
            item.value = map.next_value::<JsonText<'de>>()?.0;
            return Ok(true);
        }
        _ => return Ok(false),
    };
    *slot = map.next_value::<Text<'de>>()?.0;
    Ok(true)
}

/// GraphQL's `extensions` of an error: its `code`, as text.
struct Extensions<'a>(Option<Cow<'a, str>>);

impl<'de: 'a, 'a> Deserialize<'de> for Extensions<'a> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(ExtensionsVisitor)
    }
}

struct ExtensionsVisitor;

impl<'de> Visitor<'de> for ExtensionsVisitor {
    type Value = Extensions<'de>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("GraphQL error extensions")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut code = None;
        while let Some(Key(key)) = map.next_key::<Key<'de>>()? {
            if key == "code" {
                code = map.next_value::<Text<'de>>()?.0;
            } else {
                map.next_value::<IgnoredAny>()?;
            }
        }
        Ok(Extensions(code))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(Extensions(None))
    }
    strings_and_scalars_give!(Extensions(None));
}

/// Reads one error object into the item it holds; a non-object leaves it
/// empty. A seed rather than a returned value, so the 144-byte item is not
/// moved on its way into the list.
struct ItemSeed<'b, 'de>(&'b mut RawItem<'de>);

impl<'de> de::DeserializeSeed<'de> for ItemSeed<'_, 'de> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_any(ItemVisitor(self.0))
    }
}

struct ItemVisitor<'b, 'de>(&'b mut RawItem<'de>);

impl<'de> Visitor<'de> for ItemVisitor<'_, 'de> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an error object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        while let Some(Key(key)) = map.next_key::<Key<'de>>()? {
            if !read_item_field(self.0, &key, &mut map)? {
                map.next_value::<IgnoredAny>()?;
            }
        }
        Ok(())
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(())
    }

    fn visit_str<E: de::Error>(self, message: &str) -> Result<Self::Value, E> {
        // `errors: ["something failed"]`: the string is the message.
        self.0.message = Some(Cow::Owned(message.to_owned()));
        Ok(())
    }
    fn visit_borrowed_str<E: de::Error>(self, message: &'de str) -> Result<Self::Value, E> {
        self.0.message = Some(Cow::Borrowed(message));
        Ok(())
    }
    scalars_give!(());
}

/// A list of error objects, capped at [`MAX_ITEMS`]; a non-list is empty.
struct Items<'a> {
    items: Vec<RawItem<'a>>,
    dropped: usize,
}

impl<'de: 'a, 'a> Deserialize<'de> for Items<'a> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(ItemsVisitor)
    }
}

struct ItemsVisitor;

impl<'de> Visitor<'de> for ItemsVisitor {
    type Value = Items<'de>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a list of error objects")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let mut items = Vec::new();
        let mut dropped = 0usize;
        while items.len() < MAX_ITEMS {
            let mut item = RawItem::default();
            match seq.next_element_seed(ItemSeed(&mut item))? {
                Some(()) if item.is_empty() => {}
                Some(()) => items.push(item),
                None => return Ok(Items { items, dropped }),
            }
        }
        while seq.next_element::<IgnoredAny>()?.is_some() {
            dropped = dropped.saturating_add(1);
        }
        Ok(Items { items, dropped })
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
        // `errors: {code, message}`: one object where a list belongs.
        let mut item = RawItem::default();
        ItemVisitor(&mut item).visit_map(map)?;
        let items = if item.is_empty() { vec![] } else { vec![item] };
        Ok(Items { items, dropped: 0 })
    }

    strings_and_scalars_give!(Items::empty());
}

impl Items<'_> {
    fn empty() -> Self {
        Items {
            items: Vec::new(),
            dropped: 0,
        }
    }
}

/// `error`: a code string, or an object with the item fields.
// Lives for one `match` on the way into `RawBody`; boxing the item would
// cost an allocation on every body with an `error` object.
#[allow(clippy::large_enum_variant)]
enum ErrorField<'a> {
    Text(Cow<'a, str>),
    Object(RawItem<'a>),
    Nothing,
}

impl<'de: 'a, 'a> Deserialize<'de> for ErrorField<'a> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(ErrorFieldVisitor)
    }
}

struct ErrorFieldVisitor;

impl<'de> Visitor<'de> for ErrorFieldVisitor {
    type Value = ErrorField<'de>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an error code or object")
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
        let mut item = RawItem::default();
        ItemVisitor(&mut item).visit_map(map)?;
        Ok(ErrorField::Object(item))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(ErrorField::Nothing)
    }

    strings_and_integers_as_text!(ErrorField::Text);
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
        Ok(ErrorField::Text(Cow::Owned(v.to_string())))
    }
    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(ErrorField::Nothing)
    }
}

/// A scalar as text: strings as they are, numbers and booleans written out;
/// `null`, objects and arrays are no text.
struct Text<'a>(Option<Cow<'a, str>>);

impl<'de: 'a, 'a> Deserialize<'de> for Text<'a> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(TextVisitor)
    }
}

struct TextVisitor;

impl<'de> Visitor<'de> for TextVisitor {
    type Value = Text<'de>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a string")
    }

    strings_and_integers_as_text!(|text| Text(Some(text)));
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
        Ok(Text(Some(Cow::Owned(v.to_string()))))
    }
    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(Text(None))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
        Ok(Text(None))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(Text(None))
    }
}

/// Any JSON value as text: strings as they are, anything else as compact
/// JSON (`[1,2]`), so that nothing a field held is lost.
struct JsonText<'a>(Option<Cow<'a, str>>);

impl<'de: 'a, 'a> Deserialize<'de> for JsonText<'a> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(JsonTextVisitor)
    }
}

/// Strings and scalars directly (a string borrowed from the body when it
/// has no escapes); only objects and arrays go through
/// `serde_json::Value`, which costs an allocation per node.
struct JsonTextVisitor;

impl<'de> Visitor<'de> for JsonTextVisitor {
    type Value = JsonText<'de>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }

    strings_and_integers_as_text!(|text| JsonText(Some(text)));
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
        // As `serde_json::Value` writes it (`1.0`, not `1`).
        Ok(JsonText(Some(Cow::Owned(
            serde_json::Value::from(v).to_string(),
        ))))
    }
    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(JsonText(None))
    }
    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
        let value = serde_json::Value::deserialize(de::value::MapAccessDeserializer::new(map))?;
        Ok(JsonText(Some(Cow::Owned(value.to_string()))))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Self::Value, A::Error> {
        let value = serde_json::Value::deserialize(de::value::SeqAccessDeserializer::new(seq))?;
        Ok(JsonText(Some(Cow::Owned(value.to_string()))))
    }
}

/// An object key, borrowed from the body unless it has escapes. (serde's
/// own `Cow<str>` always allocates: one allocation per key read.)
pub(crate) struct Key<'a>(pub(crate) Cow<'a, str>);

impl<'de: 'a, 'a> Deserialize<'de> for Key<'a> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_str(KeyVisitor)
    }
}

struct KeyVisitor;

impl<'de> Visitor<'de> for KeyVisitor {
    type Value = Key<'de>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an object key")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        Ok(Key(Cow::Owned(v.to_owned())))
    }
    fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Self::Value, E> {
        Ok(Key(Cow::Borrowed(v)))
    }
    fn visit_string<E: de::Error>(self, v: String) -> Result<Self::Value, E> {
        Ok(Key(Cow::Owned(v)))
    }
}

/// `request: {params: {...}}`, as X Ads echoes it.
struct RequestEcho<'a>(Vec<(Cow<'a, str>, Cow<'a, str>)>);

impl<'de: 'a, 'a> Deserialize<'de> for RequestEcho<'a> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(RequestEchoVisitor)
    }
}

struct RequestEchoVisitor;

impl<'de> Visitor<'de> for RequestEchoVisitor {
    type Value = RequestEcho<'de>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a request echo")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut params = Vec::new();
        while let Some(Key(key)) = map.next_key::<Key<'de>>()? {
            if key == "params" {
                params = map.next_value::<Params<'de>>()?.0;
            } else {
                map.next_value::<IgnoredAny>()?;
            }
        }
        Ok(RequestEcho(params))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(RequestEcho(Vec::new()))
    }
    strings_and_scalars_give!(RequestEcho(Vec::new()));
}

/// Most echoed request parameters kept.
const MAX_PARAMS: usize = 64;

struct Params<'a>(Vec<(Cow<'a, str>, Cow<'a, str>)>);

impl<'de: 'a, 'a> Deserialize<'de> for Params<'a> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(ParamsVisitor)
    }
}

struct ParamsVisitor;

impl<'de> Visitor<'de> for ParamsVisitor {
    type Value = Params<'de>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("request parameters")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut params = Vec::new();
        while let Some(Key(key)) = map.next_key::<Key<'de>>()? {
            let JsonText(value) = map.next_value()?;
            if params.len() < MAX_PARAMS {
                params.push((key, value.unwrap_or(Cow::Borrowed("null"))));
            }
        }
        Ok(Params(params))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(Params(Vec::new()))
    }
    strings_and_scalars_give!(Params(Vec::new()));
}
