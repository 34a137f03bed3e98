use api_error_codes::ApiErrorCode;

#[derive(Debug, Clone, Copy, ApiErrorCode)]
#[api_error(skip(Serialize, Deserialize, Serialize))]
enum Shop {
    #[code(404, "NOT_FOUND")]
    NotFound,
}

fn main() {}
