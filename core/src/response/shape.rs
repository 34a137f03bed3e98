//! [`BodyShape`]: where an API keeps its code, message and request id in
//! bodies of its own shape, and the reader that follows those paths.
//!
//! The paths are followed by a visitor of their own, in the same bounded,
//! lenient way as the reader of the known shapes (`body.rs`): it descends
//! only along the keys the paths name and skips everything else, keeps at
//! most [`MAX_ITEMS`] array elements, and takes any JSON value where a path
//! ends: strings as they are, numbers and booleans as their text; `null`,
//! an object or an array is no value.

use std::borrow::Cow;
use std::fmt;

use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};

use super::body::{Key, MAX_ITEMS};

/// One step of a [`BodyShape`] path: `error.type` is
/// `[Key("error"), Key("type")]`, `errors[].code` is
/// `[Key("errors"), Each, Key("code")]`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PathStep {
    /// The value of this key of an object.
    Key(&'static str),
    /// Every element of an array: one error item each.
    Each,
}

/// Where an API keeps its error fields in a JSON body of its own shape,
/// as `#[api_error(body(...))]` declares it (see the crate documentation
/// for the path syntax).
///
/// A path that is declared and found wins over what the reader of the
/// known shapes finds for the same field; a path that is not declared, or
/// leads nowhere, leaves the field as that reader finds it. The exception
/// is the code: a declared code path that leads nowhere (or to `null`, an
/// object or an array) gives no code, so that a field of another meaning is
/// never taken for one.
///
/// ```
/// use api_error_codes::response::{BodyShape, PathStep};
/// use api_error_codes::ApiErrorCode;
///
/// #[derive(Debug, Clone, Copy, PartialEq, Eq, ApiErrorCode)]
/// #[api_error(body(code = "error.type", request_id = "meta.request_id"))]
/// enum Payments {
///     #[code(402, "card_error")]
///     CardError,
/// }
///
/// let shape = Payments::BODY_SHAPE.unwrap();
/// assert_eq!(shape.code(), Some(&[PathStep::Key("error"), PathStep::Key("type")][..]));
/// assert_eq!(shape.message(), None);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct BodyShape {
    code: Option<&'static [PathStep]>,
    message: Option<&'static [PathStep]>,
    request_id: Option<&'static [PathStep]>,
    success_flag: Option<&'static [PathStep]>,
}

impl BodyShape {
    /// A shape that names no path: the known shapes alone are read.
    #[must_use]
    pub const fn new() -> BodyShape {
        BodyShape {
            code: None,
            message: None,
            request_id: None,
            success_flag: None,
        }
    }

    /// The path of the code (`code = "..."`).
    #[must_use]
    pub const fn with_code(mut self, path: &'static [PathStep]) -> BodyShape {
        self.code = Some(path);
        self
    }

    /// The path of the message (`message = "..."`).
    #[must_use]
    pub const fn with_message(mut self, path: &'static [PathStep]) -> BodyShape {
        self.message = Some(path);
        self
    }

    /// The path of the request id (`request_id = "..."`).
    #[must_use]
    pub const fn with_request_id(mut self, path: &'static [PathStep]) -> BodyShape {
        self.request_id = Some(path);
        self
    }

    /// The path of a boolean that is `false` when the call failed,
    /// whatever its status (`success_flag = "..."`, Slack's `ok`).
    #[must_use]
    pub const fn with_success_flag(mut self, path: &'static [PathStep]) -> BodyShape {
        self.success_flag = Some(path);
        self
    }

    /// The path of the code, if declared.
    #[must_use]
    pub const fn code(&self) -> Option<&'static [PathStep]> {
        self.code
    }

    /// The path of the message, if declared.
    #[must_use]
    pub const fn message(&self) -> Option<&'static [PathStep]> {
        self.message
    }

    /// The path of the request id, if declared.
    #[must_use]
    pub const fn request_id(&self) -> Option<&'static [PathStep]> {
        self.request_id
    }

    /// The path of the success flag, if declared: a 2xx response whose
    /// body holds `false` there is a failure.
    #[must_use]
    pub const fn success_flag(&self) -> Option<&'static [PathStep]> {
        self.success_flag
    }
}

/// What the paths of a shape found in one body.
#[derive(Debug, Default)]
pub(crate) struct PathHits<'a> {
    pub code: Option<Cow<'a, str>>,
    pub message: Option<Cow<'a, str>>,
    pub request_id: Option<Cow<'a, str>>,
    pub success_flag: Option<bool>,
    /// The elements of the array a code (or message) path walks with `[]`;
    /// `None` when no such array was found.
    pub elements: Option<Vec<Element<'a>>>,
    /// Elements beyond [`MAX_ITEMS`].
    pub elements_dropped: usize,
}

/// What the paths found in one element of a `[]` array.
#[derive(Debug, Default)]
pub(crate) struct Element<'a> {
    pub code: Option<Cow<'a, str>>,
    pub message: Option<Cow<'a, str>>,
}

/// Follows `shape`'s paths through `bytes`, one JSON document, into `hits`
/// (the success flag only, with `flag_only`); `false` when it is not JSON,
/// and `hits` is then left empty.
pub(crate) fn read<'a>(
    bytes: &'a [u8],
    shape: &BodyShape,
    flag_only: bool,
    hits: &mut PathHits<'a>,
) -> bool {
    let Ok(text) = std::str::from_utf8(bytes) else {
        return false;
    };
    let mut cursors: Cursors = [None; TARGETS];
    let paths = [
        (Target::Code, shape.code),
        (Target::Message, shape.message),
        (Target::RequestId, shape.request_id),
        (Target::Flag, shape.success_flag),
    ];
    for (slot, (target, steps)) in cursors.iter_mut().zip(paths) {
        if flag_only && target != Target::Flag {
            continue;
        }
        *slot = steps.map(|steps| Cursor {
            target,
            steps,
            in_element: false,
        });
    }
    let mut deserializer = serde_json::Deserializer::from_str(text);
    let read = Node {
        cursors,
        hits: &mut *hits,
    }
    .deserialize(&mut deserializer)
    .is_ok()
        && deserializer.end().is_ok();
    if !read {
        *hits = PathHits::default();
    }
    read
}

/// How many paths a shape has.
const TARGETS: usize = 4;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Target {
    Code,
    Message,
    RequestId,
    Flag,
}

/// A path being followed: what it is for and the steps left.
#[derive(Debug, Clone, Copy)]
struct Cursor {
    target: Target,
    steps: &'static [PathStep],
    /// Whether the path went through a `[]`: its value belongs to the
    /// element being read.
    in_element: bool,
}

type Cursors = [Option<Cursor>; TARGETS];

/// One JSON value, with the paths that go through it.
struct Node<'h, 'de> {
    cursors: Cursors,
    hits: &'h mut PathHits<'de>,
}

impl<'de> DeserializeSeed<'de> for Node<'_, 'de> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        // A path that ends here takes this value; any other path through
        // the same value (one path inside another, which the derive
        // rejects) is not followed.
        if self.cursors.iter().flatten().any(|c| c.steps.is_empty()) {
            let leaf = deserializer.deserialize_any(LeafVisitor)?;
            for cursor in self.cursors.iter().flatten() {
                if cursor.steps.is_empty() {
                    store(self.hits, cursor, &leaf);
                }
            }
            return Ok(());
        }
        deserializer.deserialize_any(self)
    }
}

/// Writes the value a path ended at.
fn store<'de>(hits: &mut PathHits<'de>, cursor: &Cursor, leaf: &Leaf<'de>) {
    let text = match leaf {
        Leaf::Text(text) => Some(text.clone()),
        Leaf::Bool(value) => Some(Cow::Borrowed(if *value { "true" } else { "false" })),
        Leaf::Nothing => None,
    };
    let element = if cursor.in_element {
        hits.elements
            .as_mut()
            .and_then(|elements| elements.last_mut())
    } else {
        None
    };
    match (cursor.target, element) {
        (Target::Code, Some(element)) => element.code = text,
        (Target::Message, Some(element)) => element.message = text,
        (Target::Code, None) => hits.code = text,
        (Target::Message, None) => hits.message = text,
        (Target::RequestId, _) => hits.request_id = text,
        (Target::Flag, _) => {
            hits.success_flag = match leaf {
                Leaf::Bool(value) => Some(*value),
                _ => None,
            };
        }
    }
}

impl<'de> Visitor<'de> for Node<'_, 'de> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        while let Some(key) = map.next_key::<Key<'de>>()? {
            let mut next: Cursors = [None; TARGETS];
            let mut any = false;
            for (slot, cursor) in next.iter_mut().zip(&self.cursors) {
                if let Some(cursor) = cursor {
                    if let [PathStep::Key(name), rest @ ..] = cursor.steps {
                        if *name == key.0 {
                            *slot = Some(Cursor {
                                steps: rest,
                                ..*cursor
                            });
                            any = true;
                        }
                    }
                }
            }
            if any {
                map.next_value_seed(Node {
                    cursors: next,
                    hits: &mut *self.hits,
                })?;
            } else {
                map.next_value::<IgnoredAny>()?;
            }
        }
        Ok(())
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let mut next: Cursors = [None; TARGETS];
        let mut opens_elements = false;
        for (slot, cursor) in next.iter_mut().zip(&self.cursors) {
            if let Some(cursor) = cursor {
                if let [PathStep::Each, rest @ ..] = cursor.steps {
                    let item_field = matches!(cursor.target, Target::Code | Target::Message);
                    opens_elements |= item_field && !cursor.in_element;
                    *slot = Some(Cursor {
                        steps: rest,
                        in_element: cursor.in_element || item_field,
                        ..*cursor
                    });
                }
            }
        }
        if next.iter().all(Option::is_none) {
            while seq.next_element::<IgnoredAny>()?.is_some() {}
            return Ok(());
        }
        if opens_elements {
            // Duplicate keys: the last array wins, as the last value does.
            self.hits.elements = Some(Vec::new());
            self.hits.elements_dropped = 0;
        }
        let mut read = 0usize;
        loop {
            if opens_elements {
                let elements = self.hits.elements.get_or_insert_with(Vec::new);
                if elements.len() >= MAX_ITEMS {
                    break;
                }
                elements.push(Element::default());
            } else if read >= MAX_ITEMS {
                break;
            }
            read += 1;
            let node = Node {
                cursors: next,
                hits: &mut *self.hits,
            };
            if seq.next_element_seed(node)?.is_none() {
                if opens_elements {
                    if let Some(elements) = self.hits.elements.as_mut() {
                        elements.pop();
                    }
                }
                return Ok(());
            }
        }
        while seq.next_element::<IgnoredAny>()?.is_some() {
            if opens_elements {
                self.hits.elements_dropped = self.hits.elements_dropped.saturating_add(1);
            }
        }
        Ok(())
    }

    fn visit_str<E: de::Error>(self, _: &str) -> Result<(), E> {
        Ok(())
    }
    fn visit_bool<E: de::Error>(self, _: bool) -> Result<(), E> {
        Ok(())
    }
    fn visit_i64<E: de::Error>(self, _: i64) -> Result<(), E> {
        Ok(())
    }
    fn visit_u64<E: de::Error>(self, _: u64) -> Result<(), E> {
        Ok(())
    }
    fn visit_f64<E: de::Error>(self, _: f64) -> Result<(), E> {
        Ok(())
    }
    fn visit_unit<E: de::Error>(self) -> Result<(), E> {
        Ok(())
    }
}

/// The value a path ends at.
enum Leaf<'a> {
    Text(Cow<'a, str>),
    Bool(bool),
    Nothing,
}

struct LeafVisitor;

impl<'de> Visitor<'de> for LeafVisitor {
    type Value = Leaf<'de>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        Ok(Leaf::Text(Cow::Owned(v.to_owned())))
    }
    fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Self::Value, E> {
        Ok(Leaf::Text(Cow::Borrowed(v)))
    }
    fn visit_string<E: de::Error>(self, v: String) -> Result<Self::Value, E> {
        Ok(Leaf::Text(Cow::Owned(v)))
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Self::Value, E> {
        Ok(Leaf::Bool(v))
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
        Ok(Leaf::Text(Cow::Owned(v.to_string())))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
        Ok(Leaf::Text(Cow::Owned(v.to_string())))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
        Ok(Leaf::Text(Cow::Owned(v.to_string())))
    }
    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(Leaf::Nothing)
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
        Ok(Leaf::Nothing)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(Leaf::Nothing)
    }
}
