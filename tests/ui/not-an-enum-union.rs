use api_error_codes::ApiErrorCode;

#[derive(Clone, Copy, ApiErrorCode)]
union Status {
    code: u16,
}

fn main() {}
