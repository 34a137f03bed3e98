//! [`SpApiOAuthErrorCode`]: the codes of the SP-API's authorization
//! workflow, shown to people rather than sent in responses.

use core::fmt;
use core::str::FromStr;

use crate::UnknownCode;

/// A code the SP-API authorization (OAuth consent) workflow shows.
///
/// These codes are not API responses: they appear on the Seller Central or
/// Vendor Central page of the person authorizing an application, with no HTTP
/// status of their own. Almost all point at the application's configuration,
/// which its developer has to fix.
///
/// ```
/// use api_error_codes::sp_api::SpApiOAuthErrorCode;
///
/// let code: SpApiOAuthErrorCode = "MD5101".parse().unwrap();
/// assert_eq!(code, SpApiOAuthErrorCode::RedirectUriMismatch);
/// assert_eq!(code.to_string(), "MD5101");
/// assert!(SpApiOAuthErrorCode::from_code("md5101").is_none()); // exact match only
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum SpApiOAuthErrorCode {
    /// `MD1000`: a Draft application was sent through the production consent
    /// flow.
    DraftAppWithoutBetaVersion,
    /// `MD5101`: the redirect URI in the authorization request is not one of
    /// those registered for the application.
    RedirectUriMismatch,
    /// `MD5110`: the redirect URI contains a fragment (a `#` part), which
    /// OAuth 2.0 forbids.
    RedirectUriHasFragment,
    /// `MD9010`: an MWS or hybrid application is being authorized in a region
    /// where no MWS developer ID is associated with it.
    NoDeveloperIdForRegion,
    /// `MD9100`: the application has no login URI and no redirect URI set up.
    MissingLoginAndRedirectUri,
    /// `SPDC8143`: the person authorizing is not the account's primary user.
    NotPrimaryUser,
    /// `SPSA0404`: the application does not support the kind of business
    /// entity trying to authorize it.
    UnsupportedBusinessEntity,
    /// `CONSENT_LIMIT_REACHED`: the application has as many authorizations as
    /// it is allowed.
    ConsentLimitReached,
}

impl SpApiOAuthErrorCode {
    /// Every code, in declaration order.
    pub const ALL: &'static [SpApiOAuthErrorCode] = &[
        SpApiOAuthErrorCode::DraftAppWithoutBetaVersion,
        SpApiOAuthErrorCode::RedirectUriMismatch,
        SpApiOAuthErrorCode::RedirectUriHasFragment,
        SpApiOAuthErrorCode::NoDeveloperIdForRegion,
        SpApiOAuthErrorCode::MissingLoginAndRedirectUri,
        SpApiOAuthErrorCode::NotPrimaryUser,
        SpApiOAuthErrorCode::UnsupportedBusinessEntity,
        SpApiOAuthErrorCode::ConsentLimitReached,
    ];

    /// The code exactly as Amazon shows it.
    #[must_use]
    pub const fn code(self) -> &'static str {
        match self {
            SpApiOAuthErrorCode::DraftAppWithoutBetaVersion => "MD1000",
            SpApiOAuthErrorCode::RedirectUriMismatch => "MD5101",
            SpApiOAuthErrorCode::RedirectUriHasFragment => "MD5110",
            SpApiOAuthErrorCode::NoDeveloperIdForRegion => "MD9010",
            SpApiOAuthErrorCode::MissingLoginAndRedirectUri => "MD9100",
            SpApiOAuthErrorCode::NotPrimaryUser => "SPDC8143",
            SpApiOAuthErrorCode::UnsupportedBusinessEntity => "SPSA0404",
            SpApiOAuthErrorCode::ConsentLimitReached => "CONSENT_LIMIT_REACHED",
        }
    }

    /// The code whose string is exactly `code` (case-sensitive), if any.
    #[must_use]
    pub fn from_code(code: &str) -> Option<SpApiOAuthErrorCode> {
        SpApiOAuthErrorCode::ALL
            .iter()
            .copied()
            .find(|known| known.code() == code)
    }

    /// What went wrong and how to fix it, in a sentence or two.
    #[must_use]
    pub const fn description(self) -> &'static str {
        match self {
            SpApiOAuthErrorCode::DraftAppWithoutBetaVersion => {
                "The application is still a Draft but went through the production consent flow. \
                 Add `version=beta` to the authorization URI until the application is published."
            }
            SpApiOAuthErrorCode::RedirectUriMismatch => {
                "The redirect URI sent with the authorization request is not registered for the \
                 application. Register it in the app's settings (and publish the change for a \
                 published app)."
            }
            SpApiOAuthErrorCode::RedirectUriHasFragment => {
                "The redirect URI has a fragment (a `#...` part), which OAuth 2.0 does not allow. \
                 Remove it from the URI registered for the application."
            }
            SpApiOAuthErrorCode::NoDeveloperIdForRegion => {
                "The MWS or hybrid application has no MWS developer ID in the region where it is \
                 being authorized. Associate a developer ID for that region with the application."
            }
            SpApiOAuthErrorCode::MissingLoginAndRedirectUri => {
                "The application has no login URI and no redirect URI configured. Set both in \
                 the app's settings."
            }
            SpApiOAuthErrorCode::NotPrimaryUser => {
                "The account was accessed by a secondary user. Authorize as the account's \
                 primary user."
            }
            SpApiOAuthErrorCode::UnsupportedBusinessEntity => {
                "The application does not list the kind of business entity that is trying to \
                 authorize it. Add it to the application's supported business entities."
            }
            SpApiOAuthErrorCode::ConsentLimitReached => {
                "The application has used up the number of authorizations it is allowed. \
                 See Amazon's app authorization limits."
            }
        }
    }
}

impl fmt::Display for SpApiOAuthErrorCode {
    /// Writes the code exactly as Amazon shows it.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

impl FromStr for SpApiOAuthErrorCode {
    type Err = UnknownCode;

    fn from_str(code: &str) -> Result<Self, Self::Err> {
        SpApiOAuthErrorCode::from_code(code)
            .ok_or_else(|| UnknownCode::new("SpApiOAuthErrorCode", code))
    }
}
