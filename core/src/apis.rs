//! The four documented APIs (and the token endpoint two of them share), each in a module of its own: its code enum,
//! written with the crate's own derive, its `parse`, and what is particular
//! to it. Users reach them at the crate root (`api_error_codes::x_ads`).

pub mod amazon_ads;
pub mod amazon_scraper;
pub mod login_with_amazon;
pub mod sp_api;
pub mod x_ads;
