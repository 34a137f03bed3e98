use api_error_codes::ApiErrorCode;

#[derive(Debug, Clone, Copy, ApiErrorCode)]
#[code(404, "NOT_FOUND")]
enum Shop {
    #[code(404, "NOT_FOUND")]
    #[api_error(docs_url = "https://shop.example/not-found")]
    NotFound,
}

fn main() {}
