//! The generated string -> variant lookup (`macros/src/lookup.rs`) on codes
//! chosen to reach every branch of the generator: every length up to a
//! hundred bytes (each way of comparing), a length crowded with forty codes
//! (no bit field tells them apart: nested splits), codes that differ only
//! in their first, last or a middle byte, non-ASCII codes, and a code three
//! variants share. Every code must be found, and every near miss not.

use api_error_codes::ApiErrorCode;
use api_error_codes_tests::assert_found_again_from_own_facts;

#[derive(Debug, Clone, Copy, PartialEq, Eq, ApiErrorCode)]
enum Tricky {
    #[code(400, "a")]
    V0,
    #[code(400, "ab")]
    V1,
    #[code(400, "abc")]
    V2,
    #[code(400, "L4_X")]
    V3,
    #[code(400, "L5_XX")]
    V4,
    #[code(400, "L6_XXX")]
    V5,
    #[code(400, "L7_XXXX")]
    V6,
    #[code(400, "L8_XXXXX")]
    V7,
    #[code(400, "L9_XXXXXX")]
    V8,
    #[code(400, "L10_XXXXXX")]
    V9,
    #[code(400, "L11_XXXXXXX")]
    V10,
    #[code(400, "L12_XXXXXXXX")]
    V11,
    #[code(400, "L13_XXXXXXXXX")]
    V12,
    #[code(400, "L14_XXXXXXXXXX")]
    V13,
    #[code(400, "L15_XXXXXXXXXXX")]
    V14,
    #[code(400, "L16_XXXXXXXXXXXX")]
    V15,
    #[code(400, "L17_XXXXXXXXXXXXX")]
    V16,
    #[code(400, "L18_XXXXXXXXXXXXXX")]
    V17,
    #[code(400, "L19_XXXXXXXXXXXXXXX")]
    V18,
    #[code(400, "L20_XXXXXXXXXXXXXXXX")]
    V19,
    #[code(400, "L24_XXXXXXXXXXXXXXXXXXXX")]
    V20,
    #[code(400, "L31_XXXXXXXXXXXXXXXXXXXXXXXXXXX")]
    V21,
    #[code(400, "L32_XXXXXXXXXXXXXXXXXXXXXXXXXXXX")]
    V22,
    #[code(400, "L33_XXXXXXXXXXXXXXXXXXXXXXXXXXXXX")]
    V23,
    #[code(400, "L40_XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX")]
    V24,
    #[code(400, "L47_XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX")]
    V25,
    #[code(400, "L48_XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX")]
    V26,
    #[code(400, "L63_XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX")]
    V27,
    #[code(
        400,
        "L64_XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX"
    )]
    V28,
    #[code(
        400,
        "L65_XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX"
    )]
    V29,
    #[code(
        400,
        "L70_XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX"
    )]
    V30,
    #[code(400, "L100_XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX")]
    V31,
    #[code(400, "CROWD_A_W_END")]
    V32,
    #[code(400, "CROWD_A_X_END")]
    V33,
    #[code(400, "CROWD_A_Y_END")]
    V34,
    #[code(400, "CROWD_A_Z_END")]
    V35,
    #[code(400, "CROWD_B_W_END")]
    V36,
    #[code(400, "CROWD_B_X_END")]
    V37,
    #[code(400, "CROWD_B_Y_END")]
    V38,
    #[code(400, "CROWD_B_Z_END")]
    V39,
    #[code(400, "CROWD_C_W_END")]
    V40,
    #[code(400, "CROWD_C_X_END")]
    V41,
    #[code(400, "CROWD_C_Y_END")]
    V42,
    #[code(400, "CROWD_C_Z_END")]
    V43,
    #[code(400, "CROWD_D_W_END")]
    V44,
    #[code(400, "CROWD_D_X_END")]
    V45,
    #[code(400, "CROWD_D_Y_END")]
    V46,
    #[code(400, "CROWD_D_Z_END")]
    V47,
    #[code(400, "CROWD_E_W_END")]
    V48,
    #[code(400, "CROWD_E_X_END")]
    V49,
    #[code(400, "CROWD_E_Y_END")]
    V50,
    #[code(400, "CROWD_E_Z_END")]
    V51,
    #[code(400, "CROWD_F_W_END")]
    V52,
    #[code(400, "CROWD_F_X_END")]
    V53,
    #[code(400, "CROWD_F_Y_END")]
    V54,
    #[code(400, "CROWD_F_Z_END")]
    V55,
    #[code(400, "CROWD_G_W_END")]
    V56,
    #[code(400, "CROWD_G_X_END")]
    V57,
    #[code(400, "CROWD_G_Y_END")]
    V58,
    #[code(400, "CROWD_G_Z_END")]
    V59,
    #[code(400, "CROWD_H_W_END")]
    V60,
    #[code(400, "CROWD_H_X_END")]
    V61,
    #[code(400, "CROWD_H_Y_END")]
    V62,
    #[code(400, "CROWD_H_Z_END")]
    V63,
    #[code(400, "CROWD_I_W_END")]
    V64,
    #[code(400, "CROWD_I_X_END")]
    V65,
    #[code(400, "CROWD_I_Y_END")]
    V66,
    #[code(400, "CROWD_I_Z_END")]
    V67,
    #[code(400, "CROWD_J_W_END")]
    V68,
    #[code(400, "CROWD_J_X_END")]
    V69,
    #[code(400, "CROWD_J_Y_END")]
    V70,
    #[code(400, "CROWD_J_Z_END")]
    V71,
    #[code(400, "TAIL_DIFFERS_A")]
    V72,
    #[code(400, "A_HEAD_DIFFERS")]
    V73,
    #[code(400, "TAIL_DIFFERS_B")]
    V74,
    #[code(400, "B_HEAD_DIFFERS")]
    V75,
    #[code(400, "TAIL_DIFFERS_C")]
    V76,
    #[code(400, "C_HEAD_DIFFERS")]
    V77,
    #[code(400, "TAIL_DIFFERS_D")]
    V78,
    #[code(400, "D_HEAD_DIFFERS")]
    V79,
    #[code(400, "TAIL_DIFFERS_E")]
    V80,
    #[code(400, "E_HEAD_DIFFERS")]
    V81,
    #[code(400, "LONG_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA_ONE")]
    V82,
    #[code(400, "LONG_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA_TWO")]
    V83,
    #[code(400, "LONG_AAAAAAAAAAAAAAAAAAAABAAAAAAAAAAAAAAAAAAA_ONE")]
    V84,
    #[code(400, "ÉCHEC_DU_PAIEMENT")]
    V85,
    #[code(400, "支払い失敗")]
    V86,
    #[code(401, "SHARED_CODE")]
    V87,
    #[code(401, "SHARED_CODE", message = "scope is missing")]
    V88,
    #[code(401, "SHARED_CODE", message = "not authorized")]
    V89,
}

/// Every string one edit away from `code`: each byte flipped in its low
/// bit, one byte cut off either end, one byte added either end.
fn near_misses(code: &str) -> Vec<Vec<u8>> {
    let bytes = code.as_bytes();
    let mut misses = Vec::new();
    for i in 0..bytes.len() {
        let mut flipped = bytes.to_vec();
        flipped[i] ^= 1;
        misses.push(flipped);
    }
    misses.push(bytes[1..].to_vec());
    misses.push(bytes[..bytes.len() - 1].to_vec());
    misses.push([bytes, b"_"].concat());
    misses.push([b"_", bytes].concat());
    misses
}

#[test]
fn every_code_finds_its_variants_in_declaration_order() {
    assert_found_again_from_own_facts::<Tricky>();
    assert_eq!(Tricky::all_with_code("SHARED_CODE").len(), 3);
}

#[test]
fn near_misses_are_not_found() {
    for &variant in Tricky::ALL {
        for miss in near_misses(variant.code()) {
            // A flipped byte may leave UTF-8; those cannot reach a `&str`.
            let Ok(miss) = std::str::from_utf8(&miss) else {
                continue;
            };
            if Tricky::ALL.iter().any(|v| v.code() == miss) {
                continue;
            }
            assert_eq!(
                Tricky::from_code(miss),
                None,
                "{miss:?}, near {:?}",
                variant.code()
            );
            assert!(Tricky::all_with_code(miss).is_empty(), "{miss:?}");
        }
    }
    for miss in ["", " ", "\0", "shared_code", &"X".repeat(1000)] {
        assert_eq!(Tricky::from_code(miss), None, "{miss:?}");
    }
}

/// The lookup as a plain search: what the generated tree must agree with.
fn by_search<E: ApiErrorCode>(code: &str) -> Vec<E> {
    E::ALL
        .iter()
        .copied()
        .filter(|v| v.code() == code)
        .collect()
}

mod against_a_plain_search {
    use api_error_codes::x_ads::XAdsErrorCode;
    use api_error_codes::ApiErrorCode;
    use proptest::prelude::*;

    use super::{by_search, Tricky};

    /// Codes of both catalogs, edited at one byte: mostly near misses that
    /// walk the tree as far as a hit does, sometimes another code.
    fn edited_code() -> impl Strategy<Value = String> {
        let codes: Vec<&'static str> = XAdsErrorCode::ALL
            .iter()
            .map(|v| v.code())
            .chain(Tricky::ALL.iter().map(|v| v.code()))
            .collect();
        (proptest::sample::select(codes), any::<usize>(), any::<u8>()).prop_map(
            |(code, at, byte)| {
                let mut bytes = code.as_bytes().to_vec();
                let at = at % bytes.len();
                bytes[at] = byte;
                String::from_utf8_lossy(&bytes).into_owned()
            },
        )
    }

    fn check<E: ApiErrorCode + PartialEq + std::fmt::Debug>(code: &str) {
        let expected = by_search::<E>(code);
        assert_eq!(E::all_with_code(code), expected.as_slice(), "{code:?}");
        assert_eq!(E::from_code(code), expected.first().copied(), "{code:?}");
    }

    proptest! {
        #[test]
        fn edited_codes(code in edited_code()) {
            check::<XAdsErrorCode>(&code);
            check::<Tricky>(&code);
        }

        #[test]
        fn any_string(code in "\\PC{0,70}") {
            check::<XAdsErrorCode>(&code);
            check::<Tricky>(&code);
        }

        /// Codes spelled like the catalogs' own: `classify` finds nothing for
        /// one it does not know, and by message alone only a variant of the
        /// status it was given.
        #[test]
        fn lookups_only_ever_return_their_own_code(code in "[A-Z_a-z0-9#:]{0,40}", status in any::<u16>()) {
            check::<XAdsErrorCode>(&code);
            if XAdsErrorCode::from_code(&code).is_none() {
                prop_assert_eq!(XAdsErrorCode::classify(status, Some(&code), None), None);
            }
            if let Some(found) = XAdsErrorCode::classify(status, None, Some(&code)) {
                prop_assert_eq!(found.status(), status);
            }
        }
    }
}

mod alias {
    use api_error_codes::ApiErrorCode;

    #[derive(Debug, Clone, Copy, PartialEq, Eq, ApiErrorCode)]
    enum Ads {
        #[code(401, "UNAUTHORIZED", alias = "NOT_AUTHORIZED", alias = "401")]
        Unauthorized,
        #[code(401, "UNAUTHORIZED", message = "scope header is missing")]
        ScopeHeaderMissing,
        #[code(404, "NOT_FOUND")]
        NotFound,
    }

    #[test]
    fn alias_is_matched_exactly_by_every_lookup_and_never_returned_by_code() {
        assert_eq!(Ads::from_code("NOT_AUTHORIZED"), Some(Ads::Unauthorized));
        assert_eq!(Ads::from_code("not_authorized"), None);
        assert_eq!("401".parse::<Ads>(), Ok(Ads::Unauthorized));
        let read: Ads = serde_json::from_str(r#""NOT_AUTHORIZED""#).expect("alias deserializes");
        assert_eq!(read, Ads::Unauthorized);
        assert_eq!(
            serde_json::to_string(&read).expect("serializes"),
            r#""UNAUTHORIZED""#
        );
        assert_eq!(Ads::Unauthorized.code(), "UNAUTHORIZED");
        assert_eq!(Ads::Unauthorized.aliases(), ["NOT_AUTHORIZED", "401"]);
        assert!(Ads::NotFound.aliases().is_empty());
        // An alias stands for its code's whole group: the phrase still decides.
        assert_eq!(
            Ads::classify(401, Some("NOT_AUTHORIZED"), Some("Scope header is missing")),
            Some(Ads::ScopeHeaderMissing)
        );
        assert_eq!(
            Ads::all_with_code("NOT_AUTHORIZED"),
            [Ads::Unauthorized, Ads::ScopeHeaderMissing]
        );
    }
}
