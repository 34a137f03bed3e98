use api_error_codes::ApiErrorCode;

#[derive(Debug, Clone, Copy, ApiErrorCode)]
enum Shop {
    #[code(404, "")]
    NotFound,
}

fn main() {}
