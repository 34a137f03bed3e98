use api_error_codes::ApiErrorCode;

#[derive(Debug, Clone, Copy, ApiErrorCode)]
#[api_error(docs = "https://shop.example/errors#{code}")]
enum Shop {
    #[code(404, "NOT_FOUND")]
    NotFound,
}

fn main() {}
