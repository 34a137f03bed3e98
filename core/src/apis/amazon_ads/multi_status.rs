//! [`MultiStatus`]: the `207 Multi-Status` answer of Amazon Ads batch
//! operations, split into items that succeeded and items that failed.

use std::borrow::Cow;

use serde_json::Value;

use super::AmazonAdsErrorCode;
use crate::response::{read_repaired, ErrorItem, RawItem, MAX_BODY_BYTES, MAX_ITEMS};
use crate::{ApiErrorCode, ErrorKind, RetryAdvice};

/// A `207 Multi-Status` batch response, split into the items that succeeded
/// and the items that failed, each failure typed.
///
/// Two shapes are read:
///
/// - a list with one object per batch item, in batch order, where a `code`
///   of `"SUCCESS"` marks success (the older Sponsored Products endpoints);
/// - an object keyed by entity type (`"campaigns"`, `"adGroups"`, ...), each
///   holding `success` and `error` lists whose entries name their `index` in
///   the batch (the version 3 endpoints).
///
/// Anything else (not JSON, another shape, larger than
/// [`MAX_BODY_BYTES`]) gives an empty result with
/// [`is_recognized`](Self::is_recognized) false.
///
/// ```
/// use api_error_codes::amazon_ads::{AmazonAdsErrorCode, MultiStatus};
///
/// let body = br#"[
///     {"code": "SUCCESS", "campaignId": 31299234922913},
///     {"code": "UNAUTHORIZED", "details": "Not authorized to access scope 42"}
/// ]"#;
/// let batch = MultiStatus::parse(body);
/// assert_eq!(batch.successes().len(), 1);
/// assert_eq!(batch.successes()[0].index(), 0);
/// assert_eq!(batch.failures()[0].index(), 1);
/// assert_eq!(batch.failures()[0].errors()[0].variant(), Some(AmazonAdsErrorCode::NotAuthorizedForScope));
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct MultiStatus {
    successes: Vec<BatchSuccess>,
    failures: Vec<BatchFailure>,
    recognized: bool,
}

/// One batch item that succeeded.
#[derive(Debug, Clone, PartialEq)]
pub struct BatchSuccess {
    index: usize,
    entity: Option<String>,
    value: Value,
}

/// One batch item that failed, with its typed errors.
#[derive(Debug, Clone, PartialEq)]
pub struct BatchFailure {
    index: usize,
    entity: Option<String>,
    errors: Vec<ErrorItem<AmazonAdsErrorCode>>,
    value: Value,
}

/// The status whose catalog rows a batch item's error is classified
/// against: items carry no status of their own.
const BATCH_ITEM_STATUS: u16 = 207;

/// Most batch items read from one response.
const MAX_BATCH_ITEMS: usize = 10_000;

impl MultiStatus {
    /// Splits a 207 body. Never fails.
    #[must_use]
    pub fn parse(body: &[u8]) -> MultiStatus {
        let mut out = MultiStatus {
            successes: Vec::new(),
            failures: Vec::new(),
            recognized: false,
        };
        if body.len() > MAX_BODY_BYTES {
            return out;
        }
        // The same repairs as `ApiError::parse` (a byte order mark, lone
        // surrogate escapes).
        let mut scratch = None;
        let value = read_repaired(body, &mut scratch, |bytes| {
            serde_json::from_slice::<Value>(bytes).ok()
        });
        match value {
            Some(Value::Array(items)) => {
                out.recognized = true;
                for (index, item) in items.into_iter().take(MAX_BATCH_ITEMS).enumerate() {
                    out.push_listed(index, item);
                }
            }
            Some(Value::Object(entities)) => {
                for (entity, lists) in entities {
                    let Value::Object(mut lists) = lists else {
                        continue;
                    };
                    if let Some(Value::Array(successes)) = lists.remove("success") {
                        out.recognized = true;
                        for (position, item) in
                            successes.into_iter().take(MAX_BATCH_ITEMS).enumerate()
                        {
                            out.successes.push(BatchSuccess {
                                index: index_of(&item).unwrap_or(position),
                                entity: Some(entity.clone()),
                                value: item,
                            });
                        }
                    }
                    if let Some(Value::Array(failures)) = lists.remove("error") {
                        out.recognized = true;
                        for (position, item) in
                            failures.into_iter().take(MAX_BATCH_ITEMS).enumerate()
                        {
                            out.failures.push(BatchFailure {
                                index: index_of(&item).unwrap_or(position),
                                entity: Some(entity.clone()),
                                errors: item_errors(&item),
                                value: item,
                            });
                        }
                    }
                }
            }
            _ => {}
        }
        out.successes.sort_by_key(|s| s.index);
        out.failures.sort_by_key(|f| f.index);
        out
    }

    fn push_listed(&mut self, index: usize, item: Value) {
        let is_success = item
            .get("code")
            .and_then(Value::as_str)
            .is_some_and(|code| code.eq_ignore_ascii_case("SUCCESS"));
        if is_success {
            self.successes.push(BatchSuccess {
                index,
                entity: None,
                value: item,
            });
        } else {
            self.failures.push(BatchFailure {
                index,
                entity: None,
                errors: item_errors(&item),
                value: item,
            });
        }
    }

    /// The items that succeeded, by batch index.
    #[must_use]
    pub fn successes(&self) -> &[BatchSuccess] {
        &self.successes
    }

    /// The items that failed, by batch index.
    #[must_use]
    pub fn failures(&self) -> &[BatchFailure] {
        &self.failures
    }

    /// Whether the body was in one of the batch shapes.
    #[must_use]
    pub fn is_recognized(&self) -> bool {
        self.recognized
    }
}

impl BatchSuccess {
    /// The item's position in the batch request.
    #[must_use]
    pub fn index(&self) -> usize {
        self.index
    }

    /// The entity list it came from (`"campaigns"`, ...), for version 3
    /// bodies.
    #[must_use]
    pub fn entity(&self) -> Option<&str> {
        self.entity.as_deref()
    }

    /// The item as the API returned it.
    #[must_use]
    pub fn value(&self) -> &Value {
        &self.value
    }
}

impl BatchFailure {
    /// The item's position in the batch request.
    #[must_use]
    pub fn index(&self) -> usize {
        self.index
    }

    /// The entity list it came from, for version 3 bodies.
    #[must_use]
    pub fn entity(&self) -> Option<&str> {
        self.entity.as_deref()
    }

    /// The item's errors, typed; never empty (an item with no readable error
    /// gets one without a code).
    #[must_use]
    pub fn errors(&self) -> &[ErrorItem<AmazonAdsErrorCode>] {
        &self.errors
    }

    /// The item as the API returned it.
    #[must_use]
    pub fn value(&self) -> &Value {
        &self.value
    }

    /// The first error's catalog variant, if its code is known.
    #[must_use]
    pub fn variant(&self) -> Option<AmazonAdsErrorCode> {
        self.errors.first().and_then(ErrorItem::variant)
    }

    /// The category of the failure: the first error's known code's, else
    /// [`ErrorKind::Other`] (an item has no status to judge by).
    #[must_use]
    pub fn kind(&self) -> ErrorKind {
        self.variant().map_or(ErrorKind::Other, |v| v.kind())
    }

    /// The retry advice for this item alone: the first error's known
    /// code's (`SERVER_IS_BUSY` retries, `INVALID_ARGUMENT` does not), else
    /// never (an unknown failure of one item is no reason to resend it).
    #[must_use]
    pub fn retry_advice(&self) -> RetryAdvice {
        self.variant().map_or(RetryAdvice::NEVER, |v| v.retry())
    }

    /// Whether sending this item again can succeed, by
    /// [`retry_advice`](Self::retry_advice).
    #[must_use]
    pub fn is_retryable(&self) -> bool {
        self.retry_advice().is_retryable()
    }
}

fn index_of(item: &Value) -> Option<usize> {
    item.get("index")
        .and_then(Value::as_u64)
        .and_then(|i| usize::try_from(i).ok())
}

/// The typed errors of one failed batch item: its `errors` list (version 3,
/// where a code may sit in `errorValue.<type>.reason`), else the item
/// itself (`{code, details}`). Never empty: an item with no readable error
/// gets one without a code.
fn item_errors(item: &Value) -> Vec<ErrorItem<AmazonAdsErrorCode>> {
    let typed = |error: &Value| ErrorItem::from_raw(BATCH_ITEM_STATUS, batch_error_fields(error));
    let errors: Vec<_> = match item.get("errors").and_then(Value::as_array) {
        Some(list) => list.iter().take(MAX_ITEMS).map(typed).collect(),
        None => vec![typed(item)],
    };
    if errors.is_empty() {
        vec![ErrorItem::from_raw(BATCH_ITEM_STATUS, RawItem::default())]
    } else {
        errors
    }
}

/// The fields of one batch error, in either version's shape.
fn batch_error_fields(error: &Value) -> RawItem<'_> {
    fn text(value: Option<&Value>) -> Option<Cow<'_, str>> {
        value.and_then(Value::as_str).map(Cow::Borrowed)
    }
    // Version 3: {"errorType": "...", "errorValue": {"<type>": {"reason": ..., "message": ...}}}
    let inner = error
        .get("errorValue")
        .and_then(Value::as_object)
        .and_then(|values| values.values().next());
    RawItem {
        code: text(error.get("code"))
            .or_else(|| text(inner.and_then(|v| v.get("reason"))))
            .or_else(|| text(error.get("errorType"))),
        message: text(error.get("message"))
            .or_else(|| text(inner.and_then(|v| v.get("message"))))
            .or_else(|| text(error.get("description"))),
        details: text(error.get("details")),
        ..RawItem::default()
    }
}
