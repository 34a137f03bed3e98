use api_error_codes::ApiErrorCode;

#[derive(Debug, Clone, Copy, ApiErrorCode)]
enum Shop {
    #[code(429, "THROTTLED", kind = RateLimited, kind = Unavailable)]
    Throttled,
    #[code(503, "DOWN", retry, retry = false)]
    Down,
    #[code(400, "BAD", message = "bad", message = "worse")]
    Bad,
    #[code(404, "NOT_FOUND", docs_url = "https://a.example", docs_url = "https://b.example")]
    NotFound,
}

fn main() {}
