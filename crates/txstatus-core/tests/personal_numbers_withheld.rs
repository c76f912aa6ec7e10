//! A card number, an IBAN or a BSN has the shape of a code or a time (letters
//! and digits), so the rules that print a provider's plain tokens let it
//! through; each carries check digits, and text holding one is withheld
//! wherever a plain token or a time-shaped text would be shown: an unknown
//! status, an open enum's unknown value, a time field's unparsed text, a
//! provider's error code, a key in a decode error's path. So is a phone
//! number or a Dutch postal code, whose shapes no code takes. Ids and codes
//! without check digits are shown as before.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use txstatus_core::{
    NormalizedStatus, ProviderMessage, RawBody, Timestamp, TxStatus, provider::decode_json_bytes,
    to_redacted_json,
};

/// Personal numbers in the forms providers write them, none of them in the
/// core's unit tests.
const PERSONAL: [&str; 9] = [
    "5105105105105100",
    "6011-1111-1111-1117",
    "4012 8888 8888 1881",
    "BE68539007547034",
    "fr1420041010050500013m02606",
    "NL02ABNA0123456789",
    "999999990",
    "ref-4012888888881881",
    "pan:5105105105105100",
];

txstatus_core::provider::open_enum! {
    /// A test vocabulary.
    pub enum Kind {
        /// `card`.
        Card => "card",
    }
}

#[derive(Debug, Serialize, Deserialize)]
struct Doc {
    kind: Option<Kind>,
    at: Option<Timestamp>,
    seen: Option<BTreeMap<String, u32>>,
}

/// Checks that `number`, as an unknown status, a provider message's text and a
/// document's `kind` and `at`, shows in no Debug, Display or redacted JSON, is
/// no message code, and shows nowhere in the decode error of a document holding
/// it as a map key; returns the status and the document.
fn assert_withheld(number: &str) -> (TxStatus, Doc) {
    let status = TxStatus::new(NormalizedStatus::Unknown, number);
    let message = ProviderMessage::new(Some("declined"), Some(number));
    let json = serde_json::to_string(number).unwrap();
    let doc: Doc = serde_json::from_str(&format!(r#"{{"kind":{json},"at":{json}}}"#)).unwrap();
    let shown = format!("{status:?} {status} {message:?} {doc:?}");
    assert!(!shown.contains(number), "{number}: {shown}");
    assert_eq!(message.code(), None, "{number}");
    let redacted = to_redacted_json(&doc).unwrap().to_string();
    assert!(!redacted.contains(number), "{number}: {redacted}");
    let body = format!(r#"{{"seen":{{{json}:"many"}}}}"#);
    let error =
        decode_json_bytes::<Doc>("test", 200, &RawBody::new(body.into_bytes())).expect_err(number);
    for shown in [
        error.json_path().unwrap_or_default().to_owned(),
        error.to_string(),
        format!("{error:?}"),
    ] {
        assert!(!shown.contains(number), "{number}: {shown}");
    }
    (status, doc)
}

#[test]
fn personal_numbers_are_withheld_where_plain_tokens_are_shown() {
    for number in PERSONAL {
        let (status, doc) = assert_withheld(number);
        // Kept as sent for the caller.
        assert_eq!(status.raw(), number);
        assert_eq!(doc.at.as_ref().unwrap().as_str(), number);
    }
}

/// Phone numbers and Dutch postal codes carry no check digit, but have shapes
/// no machine-made code takes; none of these are in the core's unit tests.
const CONTACT: [&str; 8] = [
    "0687654321",
    "06-87654321",
    "010.123.4567",
    "01632960123",
    "0032470123456",
    "phone:0049-151-23456789",
    "5611HZ",
    "zip_3512JE",
];

#[test]
fn phone_numbers_and_postal_codes_are_withheld_where_plain_tokens_are_shown() {
    for contact in CONTACT {
        let (status, doc) = assert_withheld(contact);
        assert_eq!(status.raw(), contact);
        assert_eq!(doc.at.as_ref().unwrap().as_str(), contact);
    }
}

#[test]
fn zero_padded_ids_and_lower_case_codes_are_still_shown() {
    for token in [
        "0000004711",
        "000123456789",
        "1500ms",
        "v2.0.1",
        "2024-03-02",
    ] {
        let status = TxStatus::new(NormalizedStatus::Unknown, token);
        assert!(format!("{status:?}").contains(token), "{token}");
    }
}

#[test]
fn ids_codes_and_times_without_check_digits_are_shown_as_before() {
    for token in [
        "3645651845961623",
        "REFUNDED",
        "8db1e7fa-ba8a-4189-92fd-67a20217443d",
        "card_declined",
    ] {
        let status = TxStatus::new(NormalizedStatus::Unknown, token);
        assert!(format!("{status:?}").contains(token), "{token}");
        let message = ProviderMessage::new(None, Some(token));
        assert_eq!(message.code(), Some(token));
    }
    let at: Timestamp = serde_json::from_str(r#""2024-03-02 10:15:00 UTC""#).unwrap();
    assert!(format!("{at:?}").contains("2024-03-02 10:15:00 UTC"));
}

/// `StringOrNumber`, the type of fields documented as digits (codes, house
/// numbers, versions): free text in it is withheld like an unknown status, and a
/// number that is a card number or a BSN too, in `Debug` and the redacted JSON.
#[test]
fn text_or_numbers_show_only_codes_and_numbers_without_check_digits() {
    use txstatus_core::provider::lenient::StringOrNumber;
    for (value, hidden) in [
        (StringOrNumber::Text("Jan de Vries".into()), "Vries"),
        (
            StringOrNumber::Text("j.devries@example.nl".into()),
            "devries",
        ),
        (
            StringOrNumber::Text("NL02ABNA0123456789".into()),
            "0123456789",
        ),
        (
            StringOrNumber::Unsigned(5_105_105_105_105_100),
            "5105105105105100",
        ),
        (StringOrNumber::Unsigned(999_999_990), "999999990"),
        (
            StringOrNumber::Signed(-4_012_888_888_881_881),
            "4012888888881881",
        ),
    ] {
        let shown = format!("{value:?} {:?}", Some(&value));
        assert!(!shown.contains(hidden), "{shown}");
        let redacted = to_redacted_json(&value).unwrap().to_string();
        assert!(!redacted.contains(hidden), "{redacted}");
        // Kept as sent.
        assert!(value.as_text().contains(hidden));
        assert!(serde_json::to_string(&value).unwrap().contains(hidden));
    }
    for (value, shown) in [
        (StringOrNumber::Text("2000".into()), r#"Text("2000")"#),
        (StringOrNumber::Text("v2.1".into()), r#"Text("v2.1")"#),
        (StringOrNumber::Unsigned(2000), "Unsigned(2000)"),
        (StringOrNumber::Signed(-3), "Signed(-3)"),
        (StringOrNumber::Float(20.5), "Float(20.5)"),
    ] {
        assert_eq!(format!("{value:?}"), shown);
        assert_eq!(
            to_redacted_json(&value).unwrap(),
            serde_json::to_value(&value).unwrap()
        );
    }
}

/// A BSN, a card number or an IBAN written in groups with dots, dashes or
/// spaces (a BSN is printed `1234.56.782` on Dutch documents): each form a
/// code, a raw status, a time field or a map key can take is withheld as the
/// run-together number is.
#[test]
fn personal_numbers_written_in_groups_are_withheld_too() {
    for number in [
        "9999.99.990",
        "999.999.990",
        "999 999 990",
        "999-999-990",
        "1112.22.333",
        "4012.8888.8888.1881",
        "5105.1051.0510.5100",
        "bsn:9999.99.990",
        "NL02-ABNA-0123-4567-89",
        "NL02.ABNA.0123.4567.89",
        "NL02 ABNA 0123 4567 89",
        "iban:BE68-5390-0754-7034",
    ] {
        assert_withheld(number);
    }
    // Times, versions and addresses in groups are still shown.
    for token in [
        "2024.03.02",
        "10.15.00",
        "v2.10.3",
        "1.2.3",
        "2024-03-02T10:15:00.123456789Z",
        "192.168.100.200",
    ] {
        let status = TxStatus::new(NormalizedStatus::Unknown, token);
        assert!(format!("{status:?}").contains(token), "{token}");
    }
}

/// A number documented as digits may arrive as a float (`4111111111111111.0`,
/// `4.111111111111111e15`, `111222333.0`): its digits are judged like an
/// integer's, in `Debug` and in the redacted JSON; a plain fraction is shown.
#[test]
fn a_personal_number_sent_as_a_float_is_withheld_like_an_integer() {
    use txstatus_core::provider::lenient::StringOrNumber;
    #[derive(Debug, Serialize, Deserialize)]
    struct Versioned {
        version: StringOrNumber,
    }
    for (json, digits) in [
        ("4111111111111111.0", "4111111111111111"),
        ("4.111111111111111e15", "4111111111111111"),
        ("5105105105105100.0", "5105105105105100"),
        ("111222333.0", "111222333"),
        ("999999990.5", "999999990"),
    ] {
        let doc: Versioned = serde_json::from_str(&format!(r#"{{"version":{json}}}"#)).unwrap();
        assert!(matches!(doc.version, StringOrNumber::Float(_)), "{json}");
        let shown = format!("{doc:?}");
        assert!(!shown.contains(digits), "{json}: {shown}");
        let redacted = to_redacted_json(&doc).unwrap().to_string();
        assert!(!redacted.contains(digits), "{json}: {redacted}");
        // The value itself is kept as sent.
        assert!(
            serde_json::to_string(&doc).unwrap().contains(digits),
            "{json}"
        );
    }
    let plain: Versioned = serde_json::from_str(r#"{"version":20.5}"#).unwrap();
    assert_eq!(format!("{plain:?}"), "Versioned { version: Float(20.5) }");
    assert_eq!(
        to_redacted_json(&plain).unwrap().to_string(),
        r#"{"version":20.5}"#
    );
}

/// Groups split by the `_` or `:` a plain token may hold are judged like
/// groups split by a space, a dash or a dot.
#[test]
fn a_personal_number_grouped_by_underscores_or_colons_is_withheld() {
    for number in [
        "4111_1111_1111_1111",
        "4111:1111:1111:1111",
        "NL91_ABNA_0417_1643_00",
        "111_222_333",
        "06_1234_5678",
        "ref:5105:1051:0510:5100",
    ] {
        let (status, _) = assert_withheld(number);
        assert!(!format!("{status}").contains(number), "{number}");
    }
    // Ids and times with those separators stay shown.
    for plain in ["txn_ABC123", "evt:2026:12:07", "10:15:30", "v1_2_3"] {
        let status = TxStatus::new(NormalizedStatus::Unknown, plain);
        assert!(format!("{status:?}").contains(plain), "{plain}");
    }
}
