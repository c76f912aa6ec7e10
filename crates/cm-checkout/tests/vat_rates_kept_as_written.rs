//! An order line's `vatRate` is kept as written: a number a float cannot hold
//! exactly is its text, never a rounded float, and a number past a float's range
//! no longer fails the whole transaction.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use cm_checkout::Transaction;
use txstatus_core::{provider::lenient::StringOrNumber, to_redacted_json};

fn with_rate(rate: &str) -> cm_checkout::Result<Transaction> {
    Transaction::from_json(
        format!(
            r#"{{"id":"t1","amount":1200,"currency":"EUR","orderItems":[{{"code":"A","unitPrice":600,"quantity":2,"vatRate":{rate}}}]}}"#
        )
        .as_bytes(),
    )
}

fn rate_of(transaction: &Transaction) -> Option<StringOrNumber> {
    transaction.order_items.as_ref().unwrap()[0]
        .vat_rate
        .clone()
}

#[test]
fn a_rate_no_float_holds_exactly_is_kept_as_its_text() {
    for written in [
        "21.000000000000000001",
        "20.99999999999999999999",
        "1e400",
        "-1E+400",
        "1e-400",
        "1e99999999999999999999",
        "-1.5E-9223372036854775808",
        "0.30000000000000000001",
    ] {
        let transaction = with_rate(written).unwrap_or_else(|e| panic!("{written}: {e}"));
        assert_eq!(
            rate_of(&transaction),
            Some(StringOrNumber::Text(written.to_owned())),
            "{written}"
        );
        // Written back as text (or withheld as text), never as a rounded number.
        let json = to_redacted_json(&transaction).unwrap();
        assert!(json["orderItems"][0]["vatRate"].is_string(), "{json}");
        // The amounts beside it are read exactly as before.
        assert_eq!(transaction.money().unwrap().minor_units(), 1200);
    }
}

#[test]
fn a_rate_a_float_holds_exactly_is_still_a_number() {
    for (written, read) in [
        ("21", StringOrNumber::Unsigned(21)),
        ("\"21\"", StringOrNumber::Text("21".into())),
        ("20.5", StringOrNumber::Float(20.5)),
        ("2.05e1", StringOrNumber::Float(20.5)),
        ("9.25", StringOrNumber::Float(9.25)),
    ] {
        assert_eq!(
            rate_of(&with_rate(written).unwrap()),
            Some(read),
            "{written}"
        );
    }
    assert_eq!(rate_of(&with_rate("null").unwrap()), None);
    for refused in ["true", "{}", "[21]"] {
        let error = with_rate(refused).unwrap_err();
        assert!(error.body().is_some_and(|b| !b.is_empty()), "{refused}");
    }
}
