//! The example error body of each documented API, as the benchmarks and
//! `tests/suite/parse_alloc_counts.rs` parse it. Compact JSON, as servers send it.

/// One API's documented example response.
pub struct Body {
    /// The module of the crate that parses it.
    pub api: &'static str,
    /// The status the example goes with.
    pub status: u16,
    pub bytes: &'static [u8],
}

/// X Ads: the example of its error page (`seeds/001`), 196 bytes.
pub const X_ADS: Body = Body {
    api: "x_ads",
    status: 400,
    bytes: br#"{"errors":[{"parameter":"start_time","details":"invalid date","code":"INVALID_PARAMETER","value":"","message":"Expected time, got \"\" for start_time"}],"request":{"params":{"account_id":"hkk5"}}}"#,
};

/// Amazon Ads: its `{code, details}` schema (`seeds/000`) filled with one of
/// the documented 401 cases.
pub const AMAZON_ADS: Body = Body {
    api: "amazon_ads",
    status: 401,
    bytes: br#"{"code":"UNAUTHORIZED","details":"Not authorized to access scope 1234"}"#,
};

/// Amazon Scraper: the example of its error guide (`seeds/003`), with a
/// documented code in place of the page's `string_code` placeholder.
pub const AMAZON_SCRAPER: Body = Body {
    api: "amazon_scraper",
    status: 429,
    bytes: br#"{"error":"rate_limited","message":"human-readable explanation","docs_url":"https://amazonscraperapi.com/docs/guides/errors#rate_limited","request_id":"req_9f2c8a1b3e4d"}"#,
};

/// SP-API: the `errors` list with the 429 message its page (`seeds/004`)
/// quotes.
pub const SP_API: Body = Body {
    api: "sp_api",
    status: 429,
    bytes: br#"{"errors":[{"code":"QuotaExceeded","message":"You exceeded your quota for the requested resource."}]}"#,
};

pub const ALL: [&Body; 4] = [&X_ADS, &AMAZON_ADS, &AMAZON_SCRAPER, &SP_API];
