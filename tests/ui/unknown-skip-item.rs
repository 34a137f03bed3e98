use api_error_codes::ApiErrorCode;

#[derive(Debug, Clone, Copy, ApiErrorCode)]
#[api_error(skip(Debug))]
enum Shop {
    #[code(404, "NOT_FOUND")]
    NotFound,
}

#[derive(Debug, Clone, Copy, ApiErrorCode)]
#[api_error(skip(serde::Serialize))]
enum Bank {
    #[code(404, "NOT_FOUND")]
    NotFound,
}

fn main() {}
