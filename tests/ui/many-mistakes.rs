// One build reports every mistake, not only the first.
use api_error_codes::ApiErrorCode;

#[derive(Debug, Clone, Copy, ApiErrorCode)]
#[api_error(docs_url = "https://shop.example/{id}", skip(Serialize, Serialize))]
enum Shop {
    #[code(99, "")]
    TooLow,
    #[code(404, "NOT_FOUND", kind = Missing, retry(attempts = 0, delay = "soon"))]
    NotFound,
    #[code(404, "NOT_FOUND")]
    AlsoNotFound,
    Forgotten,
    #[code(500, "INTERNAL")]
    Internal(u32),
}

fn main() {}
