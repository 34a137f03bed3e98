// A mistake in the enum is reported once; the code that uses the enum
// type-checks against the stub impls and adds no errors of its own.
use api_error_codes::ApiErrorCode;

#[derive(Debug, Clone, Copy, PartialEq, Eq, ApiErrorCode)]
enum Shop {
    #[code(404, "NOT_FOUND")]
    NotFound,
    #[code(600, "BROKEN")]
    Broken,
}

fn takes_error(_: &dyn std::error::Error) {}

fn main() {
    let shop = Shop::NotFound;
    let _ = shop.to_string();
    let _ = shop.status();
    let _ = shop.kind();
    let _ = shop.retry().is_retryable();
    let _ = Shop::from_code("NOT_FOUND");
    let _ = Shop::classify(404, None, None);
    let _ = Shop::ALL.len();
    let _: Result<Shop, api_error_codes::UnknownCode> = "NOT_FOUND".parse();
    let _ = serde_json::to_string(&shop);
    let _: Result<Shop, _> = serde_json::from_str(r#""NOT_FOUND""#);
    takes_error(&shop);
}
