//! [`ErrorItem`]: one error of a response, typed.

use std::borrow::Cow;

use serde::ser::SerializeStruct;

use super::body::RawItem;
use super::code::Code;
use crate::ApiErrorCode;

/// One error a response reported. X Ads and the SP-API send lists of them;
/// the other APIs send one.
#[derive(Debug, Clone, PartialEq)]
pub struct ErrorItem<E> {
    code: Option<Code<E>>,
    // Set only when `code` is the bare form of a qualified code.
    raw_code: Option<String>,
    variant: Option<E>,
    message: Option<String>,
    details: Option<String>,
    parameter: Option<String>,
    value: Option<String>,
}

impl<E: ApiErrorCode> ErrorItem<E> {
    pub(crate) fn from_raw(status: u16, mut raw: RawItem<'_>) -> ErrorItem<E> {
        // Here rather than in the caller's loop: a closure that changes the
        // item before passing it on holds a copy of it.
        raw.settle_code();
        let message = raw.take_message();
        // Amazon Ads puts its human text in `details`; phrases that tell its
        // 401 cases apart are looked for there when there is no `message`.
        let text = message.as_deref().or(raw.details.as_deref());
        // The code is the string as sent, looked up as `Code::from_raw` (and
        // serde) would: where variants share it (the Amazon Ads 401 cases),
        // which one the message singled out is `variant`'s to say. Putting
        // that variant in the code would make a parsed code unequal to the
        // same code after a serde round trip.
        let sent = raw.code.as_deref();
        let mut code = sent.map(Code::from_raw);
        let mut raw_code = None;
        // AWS-style services may qualify a code with a namespace and a type
        // URI (`ns#QuotaExceeded:http://...`). When the whole string is not
        // a code of the catalog but its bare middle is, the bare code
        // decides; the string as sent stays in `raw_code`.
        // Only for an unknown code: looking for the `#` and `:` costs more
        // than the lookup that found a known one.
        if let (Some(Code::Unknown(unknown)), Some(sent)) = (&code, sent) {
            if let Some(known) = bare_code(sent).and_then(E::from_code) {
                raw_code = Some(unknown.as_str().to_owned());
                code = Some(Code::Known(known));
            }
        }
        // A code read through one of its aliases: `code()` gives the
        // documented spelling, `raw_code()` the one sent.
        if let (Some(Code::Known(known)), Some(sent), None) = (&code, sent, &raw_code) {
            if known.code() != sent {
                raw_code = Some(sent.to_owned());
            }
        }
        let classify = |text: Option<&str>| match &code {
            Some(Code::Known(known)) => E::classify(status, Some(known.code()), text),
            // An unknown code that only repeats the status (`"401"`) says no
            // more than the status: the status and the message decide.
            Some(Code::Unknown(unknown)) if repeats_status(unknown, status) => {
                E::classify(status, Some(unknown.as_str()), text)
            }
            // `classify` would say the same; no second lookup needed.
            Some(Code::Unknown(_)) => None,
            None => E::classify(status, None, text),
        };
        let mut variant = classify(text);
        // The SP-API keeps a generic message ("Access to requested resource
        // is denied.") and says why in `details`: when the message singled
        // out no variant by its phrase, the details may.
        if variant.is_some_and(|v| v.message_phrase().is_none()) && message.is_some() {
            if let Some(by_details) = raw.details.as_deref().and_then(|d| classify(Some(d))) {
                if by_details.message_phrase().is_some() {
                    variant = Some(by_details);
                }
            }
        }
        ErrorItem {
            code,
            raw_code,
            variant,
            message: message.map(Cow::into_owned),
            details: raw.details.map(Cow::into_owned),
            parameter: raw.parameter.map(Cow::into_owned),
            value: raw.value.map(Cow::into_owned),
        }
    }

    /// The code exactly as the server sent it. The same as
    /// [`code`](Self::code) unless that one had a namespace or type URI
    /// stripped (`ns#QuotaExceeded:http://...` is read as `QuotaExceeded`),
    /// or was sent as one of the variant's aliases (`code` then gives the
    /// documented spelling).
    #[must_use]
    pub fn raw_code(&self) -> Option<&str> {
        self.raw_code
            .as_deref()
            .or_else(|| self.code.as_ref().map(Code::as_str))
    }

    /// The item's code, known or not; `None` when it carried none. Where
    /// several variants share the code string, this is the first declared
    /// (as [`Code::from_raw`] gives); [`variant`](Self::variant) is the one
    /// the message singles out.
    #[must_use]
    pub fn code(&self) -> Option<&Code<E>> {
        self.code.as_ref()
    }

    /// The catalog variant that best fits the item: its code, the status and
    /// the message (see [`ApiErrorCode::classify`]).
    #[must_use]
    pub fn variant(&self) -> Option<E> {
        self.variant
    }

    /// The human-readable message, raw (see [`Sanitized`](crate::Sanitized) before showing
    /// it), under whichever name the body used: `message`, `errorMessage`,
    /// `description` (OAuth's `error_description`), `detail` (Amazon Ads
    /// reporting), `title`; else `details` (Amazon Ads sends its text only
    /// there).
    #[must_use]
    pub fn message(&self) -> Option<&str> {
        self.message.as_deref().or(self.details.as_deref())
    }

    /// Further detail (X Ads, SP-API; the message itself for Amazon Ads).
    #[must_use]
    pub fn details(&self) -> Option<&str> {
        self.details.as_deref()
    }

    /// The request parameter the error is about (X Ads).
    #[must_use]
    pub fn parameter(&self) -> Option<&str> {
        self.parameter.as_deref()
    }

    /// The offending value (X Ads); non-string JSON values as JSON text.
    #[must_use]
    pub fn value(&self) -> Option<&str> {
        self.value.as_deref()
    }
}

impl<E: ApiErrorCode + serde::Serialize> serde::Serialize for ErrorItem<E> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut s = serializer.serialize_struct("ErrorItem", 7)?;
        s.serialize_field("code", &self.code)?;
        s.serialize_field("raw_code", &self.raw_code)?;
        s.serialize_field("variant", &self.variant.map(|v| v.variant_name()))?;
        s.serialize_field("message", &self.message)?;
        s.serialize_field("details", &self.details)?;
        s.serialize_field("parameter", &self.parameter)?;
        s.serialize_field("value", &self.value)?;
        s.end()
    }
}

/// The bare code inside a qualified one: after the last `#`, before the
/// first `:` (`ns#QuotaExceeded:http://x` -> `QuotaExceeded`); `None` when
/// nothing is stripped or nothing is left.
fn bare_code(code: &str) -> Option<&str> {
    let after_namespace = code.rsplit_once('#').map_or(code, |(_, rest)| rest);
    let bare = after_namespace
        .split_once(':')
        .map_or(after_namespace, |(head, _)| head);
    (!bare.is_empty() && bare.len() < code.len()).then_some(bare)
}

/// Whether `code` is the status written as a number (`"401"` with 401).
pub(crate) fn repeats_status(code: &str, status: u16) -> bool {
    code.len() == 3 && code.bytes().all(|b| b.is_ascii_digit()) && code.parse() == Ok(status)
}
