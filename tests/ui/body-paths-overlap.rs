use api_error_codes::ApiErrorCode;

#[derive(Debug, Clone, Copy, ApiErrorCode)]
#[api_error(body(code = "error", message = "error.message"))]
enum Api {
    #[code(400, "bad_request")]
    BadRequest,
}

fn main() {}
