//! The common causes of SP-API error statuses: the messages that come with
//! 400, 403, 404 and 429, what each means and how to fix it.

use crate::text::{find_ignore_ascii_case, phrase_scan_window};

/// A common reason for an SP-API error status: the message that comes with
/// it, what it means, and how to fix it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct SpApiCommonCause {
    /// The HTTP status this cause comes with.
    pub status: u16,
    /// The message as Amazon documents it. `XXXX-XXXX-XXXX` stands for an ID
    /// that varies from response to response.
    pub message: &'static str,
    /// What the message means.
    pub meaning: &'static str,
    /// What to do about it.
    pub fix: &'static str,
    /// Phrases of the messages servers really send for this cause (the
    /// documented `message` is a heading of Amazon's table, which no server
    /// sends); each is matched ignoring ASCII case.
    pub sent: &'static [&'static str],
}

impl SpApiCommonCause {
    /// The placeholder Amazon writes in place of an ID inside a message.
    pub const PLACEHOLDER: &'static str = "XXXX-XXXX-XXXX";

    /// Whether `message` (from a response) is this cause's message: each
    /// part of it around a [`PLACEHOLDER`](Self::PLACEHOLDER) occurs in
    /// `message`, in order, ignoring ASCII case.
    ///
    /// ```
    /// use api_error_codes::sp_api::common_causes;
    ///
    /// let sent = "Developer ID 1234-5678-9012 is not associated with the application id amzn1.sp.solution.x";
    /// let first = common_causes(400, Some(sent)).next().unwrap();
    /// assert!(first.matches(sent));
    /// assert!(first.message.starts_with("Developer ID"));
    /// ```
    #[must_use]
    pub fn matches(&self, message: &str) -> bool {
        self.sent
            .iter()
            .any(|phrase| find_ignore_ascii_case(message, phrase).is_some())
            || self.matches_heading(message)
    }

    fn matches_heading(&self, message: &str) -> bool {
        let mut rest = message;
        for part in self.message.split(Self::PLACEHOLDER) {
            match find_ignore_ascii_case(rest, part) {
                Some(start) => rest = &rest[start + part.len()..],
                None => return false,
            }
        }
        true
    }
}

/// The common causes of SP-API error statuses, by status, in the order Amazon
/// lists them. The `message` strings are Amazon's; `meaning` and `fix` are
/// ours.
pub const COMMON_CAUSES: &[SpApiCommonCause] = &[
    // 400 Bad Request
    SpApiCommonCause {
        status: 400,
        message: "Missing header or required fields",
        meaning: "A header or a body field the operation requires is absent.",
        fix: "Check the request against the operation's Swagger model and add what is missing.",
        sent: &[],
    },
    SpApiCommonCause {
        status: 400,
        message: "Invalid date and time format",
        meaning: "A date or time is not written the way the API expects.",
        fix: "Write every date and time in ISO 8601.",
        sent: &[],
    },
    SpApiCommonCause {
        status: 400,
        message: "Body or Content-Length included in a GET request",
        meaning: "A GET request carries a body or a Content-Length header.",
        fix: "Send GET requests with neither a body nor Content-Length.",
        sent: &[],
    },
    SpApiCommonCause {
        status: 400,
        message: "Incorrect headers and Content-Type",
        meaning: "The Host header is repeated or malformed, or the Content-Type is wrong.",
        fix: "Send exactly one well-formed Host header and the Content-Type the operation takes.",
        sent: &[],
    },
    SpApiCommonCause {
        status: 400,
        message: "Invalid nextToken handling",
        meaning: "The nextToken sent back was altered (changed, re-encoded or encrypted).",
        fix: "Send the nextToken back exactly as received; URL-encode it where the URL needs it.",
        sent: &[],
    },
    SpApiCommonCause {
        status: 400,
        message: "Incorrect URL encoding",
        meaning: "The path or query is not URL-encoded correctly.",
        fix: "Encode path segments and query values (SKUs and nextToken too) once, never twice.",
        sent: &[],
    },
    SpApiCommonCause {
        status: 400,
        message: "API request did not have a required child object",
        meaning: "A nested object the operation requires is missing from the body.",
        fix: "Add the nested objects the operation's reference marks as required.",
        sent: &[],
    },
    SpApiCommonCause {
        status: 400,
        message: "Incorrect identifiers",
        meaning: "An identifier in the request (order, shipment, invoice, SKU, ASIN or \
                  marketplace) is wrong.",
        fix: "Check each identifier's format and that it belongs to the marketplace addressed.",
        sent: &[],
    },
    SpApiCommonCause {
        status: 400,
        message: "Developer ID XXXX-XXXX-XXXX is not associated with the application id",
        meaning: "The developer ID sent is not linked to the application.",
        fix: "Use the developer ID registered for the region called, and submit the application \
              for review.",
        sent: &[],
    },
    SpApiCommonCause {
        status: 400,
        message: "Application is missing OAuth setup",
        meaning: "The application's OAuth configuration is incomplete.",
        fix: "Give the application a redirect URI and finish its OAuth configuration.",
        sent: &[],
    },
    // 403 Forbidden
    SpApiCommonCause {
        status: 403,
        message: "Expired or revoked API tokens",
        meaning: "A token or secret has expired or was revoked: access tokens last an hour, \
                  refresh tokens a year, client secrets 180 days.",
        fix: "Get a fresh access token from the refresh token for each session, rotate the \
              client secret before it expires, and have sellers authorize again each year.",
        // amzn/selling-partner-api-docs#2147; jlevers/selling-partner-api#242.
        sent: &[
            "access token you provided is revoked",
            "access token you provided has expired",
            "security token included in the request is invalid",
            "security token included in the request is expired",
        ],
    },
    SpApiCommonCause {
        status: 403,
        message: "Missing required SP-API roles or permissions",
        meaning: "The application does not hold the role the operation requires.",
        fix: "Request the role for the developer profile, add it to the application, then have \
              the selling partner authorize the application again.",
        // The bare denial with empty details (amzn/selling-partner-api-docs#2336,
        // amzn/selling-partner-api-models#826), which Amazon's FAQ answers
        // with the roles and the IAM setup.
        sent: &["Access to requested resource is denied"],
    },
    SpApiCommonCause {
        status: 403,
        message: "Incorrect account credentials",
        meaning: "Vendor credentials were used for a seller operation, or the other way round.",
        fix: "Call seller operations with seller credentials and vendor operations with vendor \
              credentials.",
        sent: &[],
    },
    SpApiCommonCause {
        status: 403,
        message: "Region mismatch",
        meaning: "The request went to an endpoint of another region than the selling partner's \
                  account.",
        fix: "Call the regional endpoint of the selling partner's marketplace.",
        sent: &[],
    },
    SpApiCommonCause {
        status: 403,
        message: "Incorrect resource path or version",
        meaning: "The path lacks the API version or date, or uses an outdated one.",
        fix: "Put the current version or date in the path, as the API reference shows it.",
        sent: &[],
    },
    SpApiCommonCause {
        status: 403,
        message: "Deprecated endpoint",
        meaning: "The operation called has been deprecated.",
        fix: "Move to its replacement before the cutoff date on the deprecation schedule.",
        sent: &[],
    },
    SpApiCommonCause {
        status: 403,
        message: "Unsupported API marketplace",
        meaning: "The API is not offered in the marketplace addressed.",
        fix: "Call the API only in marketplaces its reference lists.",
        sent: &[],
    },
    SpApiCommonCause {
        status: 403,
        message: "Seller account deactivation or suspension",
        meaning: "The selling partner's account is deactivated or suspended.",
        fix: "The seller must restore the account; watch account health through its \
              notification or performance report.",
        sent: &[],
    },
    // 404 Not Found
    SpApiCommonCause {
        status: 404,
        message: "Invalid or mistyped resource identifier",
        meaning: "The identifier in the request is malformed or misspelled.",
        fix: "Look the identifier up with a search or list operation and check its spelling and \
              case.",
        sent: &[],
    },
    SpApiCommonCause {
        status: 404,
        message: "Unavailable resource identifier",
        meaning: "No resource has that identifier, at least not in that marketplace.",
        fix: "Check that the resource was not deleted and that the marketplace is the one it \
              belongs to.",
        sent: &[],
    },
    SpApiCommonCause {
        status: 404,
        message: "Premature polling for an asynchronous creation",
        meaning: "The resource is created asynchronously (a report, a feed result, a new \
                  listing) and is not ready yet.",
        fix: "Wait before polling, or use a status operation or notification to learn when it \
              is ready.",
        sent: &[],
    },
    // 429 Too Many Requests. Not a row of Amazon's tables: the message is the
    // one observed in QuotaExceeded responses.
    SpApiCommonCause {
        status: 429,
        message: "You exceeded your quota for the requested resource.",
        meaning: "The operation's rate limit or burst for this selling partner and application \
                  is used up.",
        fix: "Retry with exponential backoff, spread requests out, and stay under the rate in \
              the x-amzn-RateLimit-Limit header when it is sent.",
        sent: &[],
    },
];

// `common_causes` keeps its matches in a u64 bit set so that it allocates
// nothing and borrows nothing from the caller.
const _: () = assert!(COMMON_CAUSES.len() <= 64);

/// The common causes for `status`: those whose message matches `message`
/// ([`SpApiCommonCause::matches`]) first, then the others, each group in
/// table order. Empty for a status without common causes.
///
/// ```
/// use api_error_codes::sp_api::common_causes;
///
/// let sent = Some("Region mismatch: the seller is not registered in this region");
/// let causes: Vec<_> = common_causes(403, sent).collect();
/// assert_eq!(causes[0].message, "Region mismatch");
/// assert_eq!(causes.len(), 8);
/// assert_eq!(common_causes(418, None).count(), 0);
/// ```
pub fn common_causes(
    status: u16,
    message: Option<&str>,
) -> impl Iterator<Item = &'static SpApiCommonCause> {
    matching_any(status, [message])
}

/// [`common_causes`], matching any of `texts` (a message and its details).
pub(crate) fn matching_any<const N: usize>(
    status: u16,
    texts: [Option<&str>; N],
) -> impl Iterator<Item = &'static SpApiCommonCause> {
    let mut matched = 0_u64;
    // Only the head of a message is compared, as in `classify`.
    for text in texts.into_iter().flatten().map(phrase_scan_window) {
        for (index, cause) in COMMON_CAUSES.iter().enumerate() {
            if cause.status == status && cause.matches(text) {
                matched |= 1 << index;
            }
        }
    }
    let of_status = move |want_match: bool| {
        COMMON_CAUSES
            .iter()
            .enumerate()
            .filter(move |(index, cause)| {
                cause.status == status && (matched & (1 << index) != 0) == want_match
            })
            .map(|(_, cause)| cause)
    };
    of_status(true).chain(of_status(false))
}
