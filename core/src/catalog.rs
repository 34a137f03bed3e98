//! Catalogs as rows for tools: every prebuilt catalog by name, lookups for
//! people, Markdown tables.
//!
//! A catalog is an enum of codes; tools that print catalogs for people want
//! them as plain rows instead, and want every prebuilt one by name:
//!
//! - [`CodeInfo`]: every fact about one code, as data that serializes to
//!   JSON;
//! - [`Catalog`]: one catalog behind a name, with lookups for people (by
//!   code, by status, with a suggestion when a code is mistyped) and a
//!   Markdown rendering of the whole table;
//! - [`PREBUILT`]: the catalogs this crate ships, which
//!   `examples/explain.rs` and `examples/catalog.rs` serve and
//!   `docs/catalogs/` holds rendered.
//!
//! Unlike [`ApiErrorCode`](crate::ApiErrorCode)'s own lookups, these allocate:
//! they are for tools and documentation, not for handling responses.
//!
//! ```
//! use api_error_codes::catalog;
//!
//! let x_ads = catalog::find("x-ads").unwrap();
//! let explanation = x_ads.explain("ACCOUNT_LOCKED_OUT", None);
//! assert_eq!(explanation.matches[0].status, Some(403));
//!
//! let mistyped = x_ads.explain("account_locked_out", None);
//! assert!(!mistyped.is_documented());
//! assert_eq!(mistyped.did_you_mean.unwrap().code, "ACCOUNT_LOCKED_OUT");
//! ```

mod markdown;
mod prebuilt;
mod rows;

pub use self::prebuilt::{find, PREBUILT};
pub use self::rows::{Catalog, CodeInfo, Explanation};
