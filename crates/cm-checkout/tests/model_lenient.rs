//! The transaction's arrays, ids and short personal text decode leniently and
//! stay redacted: `null` items are empty records at their index, ids sent as
//! numbers are kept as their text, and names print as `[redacted]` whether they
//! are kept in place (short) or on the heap.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use cm_checkout::Transaction;

fn read(json: &str) -> Transaction {
    txstatus_core::provider::from_json_slice(json.as_bytes()).unwrap()
}

#[test]
fn null_array_items_are_empty_records_at_their_index() {
    let t = read(
        r#"{"orderItems":[null,{"code":"SD-1","quantity":2}],
            "webhooks":[{"url":"https://x.example/h"},null],
            "payments":[null,null,{"id":"p3","status":"OPEN"}]}"#,
    );
    let items = t.order_items.unwrap();
    assert_eq!(items.len(), 2);
    assert!(items[0].code.is_none());
    assert_eq!(items[1].code.as_deref(), Some("SD-1"));
    assert_eq!(items[1].quantity, Some(2));
    let hooks = t.webhooks.unwrap();
    assert_eq!(hooks.len(), 2);
    assert!(hooks[1].url.is_none());
    let payments = t.payments.unwrap();
    assert_eq!(payments.len(), 3);
    assert_eq!(payments[2].id.as_deref(), Some("p3"));
    assert_eq!(
        payments[2].status.as_ref().map(|s| s.as_str()),
        Some("OPEN")
    );
}

#[test]
fn an_array_item_that_is_not_a_record_is_an_error_naming_the_record() {
    for (json, record) in [
        (r#"{"orderItems":["x"]}"#, "struct OrderItem"),
        (r#"{"webhooks":[1]}"#, "struct Webhook"),
        (r#"{"payments":[{},[]]}"#, "struct Payment"),
    ] {
        let error = serde_json::from_str::<Transaction>(json)
            .unwrap_err()
            .to_string();
        assert!(error.contains(record), "{json}: {error}");
    }
}

#[test]
fn ids_sent_as_numbers_are_kept_as_their_text() {
    let t = read(r#"{"id":8812,"reference":20210623130413,"merchantOrderReference":"o-1"}"#);
    assert_eq!(t.id.as_deref(), Some("8812"));
    assert_eq!(t.reference.as_deref(), Some("20210623130413"));
    assert_eq!(t.merchant_order_reference.as_deref(), Some("o-1"));
    let back = serde_json::to_value(&t).unwrap();
    assert_eq!(back["id"], "8812");
}

#[test]
fn short_and_long_personal_text_never_prints() {
    let long = "Bartholomew-Alexander Inkwellson-Featherstonehaugh";
    let t = read(&format!(
        r#"{{"consumer":{{"givenName":"Jo","familyName":"{long}","email":"jo@example.org",
            "phone":"+31 6 12345678","address":{{"street":"Kerkstraat","city":"{long}","postalCode":1234}}}},
            "orderItems":[{{"name":"Gift for Jo {long}"}}]}}"#
    ));
    let consumer = t.consumer.as_ref().unwrap();
    assert_eq!(
        consumer.given_name.as_ref().unwrap().expose().as_str(),
        "Jo"
    );
    let address = consumer.address.as_ref().unwrap();
    assert_eq!(
        address.postal_code.as_ref().unwrap().expose().as_str(),
        "1234"
    );
    let debug = format!("{t:?}");
    let redacted = txstatus_core::to_redacted_json(&t).unwrap().to_string();
    for secret in [
        "Jo\"",
        "Inkwellson",
        "jo@example.org",
        "12345678",
        "Kerkstraat",
        "1234",
        "Gift",
    ] {
        assert!(!debug.contains(secret), "{secret} in {debug}");
        assert!(!redacted.contains(secret), "{secret} in {redacted}");
    }
}

/// Text fields sent as numbers (a numeric ISO 4217 currency, a date of birth as
/// `19961201`, a reason or URL as a number) are kept as their text, in every
/// model, instead of failing the whole answer; personal ones stay redacted.
#[test]
fn text_fields_sent_as_numbers_are_kept_as_their_text() {
    let t = read(
        r#"{"currency":978,"returnUrl":5,"consumer":{"dateOfBirth":19961201},
            "webhooks":[{"url":7}],"returnUrls":{"success":1,"cancelled":2,"expired":3,"failed":4},
            "action":{"redirect":{"url":9}}}"#,
    );
    assert_eq!(t.currency.as_ref().unwrap().as_str(), "978");
    assert!(!t.currency.as_ref().unwrap().is_well_formed());
    assert_eq!(t.return_url.as_ref().unwrap().expose(), "5");
    let dob = t.consumer.as_ref().unwrap().date_of_birth.as_ref().unwrap();
    assert_eq!(dob.expose().as_str(), "19961201");
    assert_eq!(
        t.webhooks.as_ref().unwrap()[0]
            .url
            .as_ref()
            .unwrap()
            .expose(),
        "7"
    );
    assert_eq!(
        t.return_urls
            .as_ref()
            .unwrap()
            .failed
            .as_ref()
            .unwrap()
            .expose(),
        "4"
    );
    assert!(!format!("{t:?}").contains("19961201"));

    let refund: cm_checkout::Refund =
        txstatus_core::provider::from_json_slice(br#"{"id":"r1","currency":978,"reason":5}"#)
            .unwrap();
    assert_eq!(refund.currency.unwrap().as_str(), "978");
    assert_eq!(refund.reason.unwrap().expose(), "5");
}
