use api_error_codes::ApiErrorCode;

#[derive(ApiErrorCode)]
enum Shop {
    #[code(404, "NOT_FOUND")]
    NotFound,
}

fn main() {}
