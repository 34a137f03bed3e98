//! Declare the error codes of an API as an enum, and see what the derive
//! gives you. Run it with `cargo run --example quickstart`.

use api_error_codes::{ApiErrorCode, ErrorKind};

/// The error codes of a (made-up) payments API, copied from its docs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ApiErrorCode)]
#[api_error(docs_url = "https://payments.example/docs/errors#{code}")]
pub enum PaymentsError {
    /// The request is malformed; fix it before sending it again.
    #[code(400, "invalid_request")]
    InvalidRequest,
    /// The API key is missing or wrong.
    #[code(401, "unauthorized")]
    Unauthorized,
    /// The account is locked; a person has to unlock it.
    #[code(403, "ACCOUNT_LOCKED_OUT")]
    AccountLockedOut,
    /// The card was declined by the issuer.
    #[code(402, "card_declined", kind = PaymentRequired)]
    CardDeclined,
    /// Too many requests: wait as long as the `Retry-After` header says.
    #[code(429, "rate_limited", retry(honor_retry_after))]
    RateLimited,
    /// The bank did not answer in time; try again a few times.
    #[code(408, "upstream_timeout", retry(attempts = 3, delay = "2s"))]
    UpstreamTimeout,
    /// Something broke on the server.
    #[code(500, "internal_error")]
    Internal,
}

fn main() {
    println!("Every code of PaymentsError, as the derive sees it:\n");
    println!(
        "{:<20} {:>6}  {:<18} {:<45} description",
        "code", "status", "kind", "retry advice"
    );
    for code in PaymentsError::ALL {
        println!(
            "{:<20} {:>6}  {:<18} {:<45} {}",
            code.code(),
            code.status(),
            code.kind(),
            code.retry().to_string(),
            code.description()
        );
    }

    // What a client does with a response: look the code up, then act on it.
    println!("\nA server answered 429 with {{\"code\": \"rate_limited\"}}:");
    match PaymentsError::classify(429, Some("rate_limited"), None) {
        Some(code) => {
            println!("  -> {code:?}: {}", code.description());
            println!(
                "  -> retryable: {}, docs: {}",
                code.is_retryable(),
                code.docs_url().unwrap_or("-")
            );
        }
        None => println!("  -> not in the catalog"),
    }

    // Codes added to the API after this client was built are not an error:
    // the lookup says "unknown", and the status still tells the category.
    println!("\nA server answered 503 with {{\"code\": \"maintenance_window\"}}:");
    match "maintenance_window".parse::<PaymentsError>() {
        Ok(code) => println!("  -> {code:?}"),
        Err(unknown) => println!(
            "  -> {unknown}; judged by its status instead: {}",
            ErrorKind::from_status(503)
        ),
    }

    // The enum is also a serde type: it travels as its code string.
    let json = serde_json::to_string(&PaymentsError::AccountLockedOut).expect("a code serializes");
    println!("\nAs JSON, PaymentsError::AccountLockedOut is {json}");
}
