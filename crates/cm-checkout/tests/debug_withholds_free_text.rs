//! Ids, references, article codes, currencies and a VAT rate sent as text can be
//! anything, a name or an email address included: `Debug` of every type holding
//! them shows each only when it is a plain token; personal members show nothing
//! of their value, digit-only and time-shaped values included.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use crate::support;

use cm_checkout::{
    CreateCheckout, NewOrderItem, RefundList, ReturnTo, StatusSource, Transaction,
    WebhookNotification,
};
use support::{ID, TX_PATH, client, token_once};
use txstatus_core::{ManualClock, Pii, to_redacted_json};

/// Free text where a token belongs: a name, an address, an email address, an
/// IBAN as printed, a card holder line.
const FREE_TEXT: &[&str] = &[
    "Jannetje van Markerveen",
    "marker.person@example.com",
    "Markerstraat 77b, Haarlem",
    "NL91 ABNA 0417 1643 00",
    "CARDHOLDER MARKER J",
];

/// Personal values that look like plain tokens or times.
const PERSONAL_TOKENS: &[&str] = &[
    "7310945582",
    "2031-07-14T09:26:53Z",
    "1987-11-23",
    "2012AL",
    "M4rk3r_Fam1ly",
];

fn assert_hidden(shown: &str, planted: &str, what: &str) {
    assert!(
        !shown.contains(planted),
        "{what} shows {planted:?}:\n{shown}"
    );
}

/// A transaction with `free` in every member that is not personal and `personal`
/// in every personal member.
fn transaction_body(free: &str, personal: &str) -> String {
    transaction_with(free, personal.into())
}

/// As [`transaction_body`], with `personal` as any JSON value (a number).
fn transaction_with(free: &str, personal: serde_json::Value) -> String {
    serde_json::json!({
        "id": free,
        "reference": free,
        "merchantOrderReference": free,
        "currency": free,
        "amount": 1200,
        "status": "OPEN",
        "description": personal,
        "consumer": {
            "givenName": personal, "middleName": personal, "familyName": personal,
            "email": personal, "gender": personal, "phone": personal,
            "dateOfBirth": personal,
            "address": {
                "street": personal, "houseNumber": personal, "postalCode": personal,
                "city": personal, "countryCode": personal, "state": personal,
                "additionalData": personal
            }
        },
        "orderItems": [{"code": free, "name": personal, "description": personal,
                        "unitPrice": 600, "quantity": 2, "vatRate": free}],
        "payments": [{"id": free, "type": "ideal", "status": "SUCCESS"}],
        "webhooks": [{"url": personal, "events": ["FINALSTATUS"]}],
        "action": {"redirect": {"url": personal}},
        "returnUrls": {"success": personal, "failed": personal}
    })
    .to_string()
}

#[test]
fn a_transaction_shows_no_free_text_and_no_personal_value() {
    for (free, personal) in FREE_TEXT.iter().zip(PERSONAL_TOKENS) {
        let body = transaction_body(free, personal);
        let transaction = Transaction::from_json(body.as_bytes()).unwrap();
        let shown = format!(
            "{transaction:?} {transaction:#?} {:?} {:?} {:?}",
            transaction.money(),
            transaction.currency,
            transaction.return_target()
        );
        assert_hidden(&shown, free, &body);
        assert_hidden(&shown, personal, &body);
        let redacted = to_redacted_json(&transaction).unwrap().to_string();
        assert_hidden(&redacted, personal, &body);
    }
}

#[test]
fn personal_values_sent_as_numbers_show_nowhere() {
    for personal in [7_310_945_582_u64, 19_871_123, 2012] {
        let body = transaction_with("ok-token", personal.into());
        let transaction = Transaction::from_json(body.as_bytes()).unwrap();
        let shown = format!(
            "{transaction:?} {transaction:#?} {}",
            to_redacted_json(&transaction).unwrap()
        );
        assert_hidden(&shown, &personal.to_string(), &body);
    }
}

#[test]
fn refunds_notifications_and_new_checkouts_show_no_free_text() {
    for free in FREE_TEXT {
        let refunds: RefundList = serde_json::from_str(
            &serde_json::json!([{"id": free, "currency": free, "transactionId": free,
                                 "reason": free, "amount": 1}])
            .to_string(),
        )
        .unwrap();
        assert_hidden(&format!("{refunds:?} {refunds:#?}"), free, "refunds");

        let notification = WebhookNotification::from_slice(
            serde_json::json!({"transaction": free, "reference": free, "payment": free,
                               "event": "FINALSTATUS", "createdAt": free})
            .to_string()
            .as_bytes(),
        )
        .unwrap();
        assert_hidden(
            &format!("{notification:?} {notification:#?}"),
            free,
            "notification",
        );

        let mut create = CreateCheckout::new(
            100,
            *free,
            *free,
            ReturnTo::Single("https://shop.test/r".into()),
        );
        create.merchant_order_reference = Some((*free).to_owned());
        create.order_items.push(NewOrderItem {
            code: Some((*free).to_owned()),
            name: Pii::new((*free).to_owned()),
            unit_price: 100,
            quantity: 1,
            ..NewOrderItem::default()
        });
        assert_hidden(&format!("{create:?} {create:#?}"), free, "create");
    }
}

#[tokio::test]
async fn a_read_and_its_status_report_show_no_free_text_and_no_personal_value() {
    for (free, personal) in FREE_TEXT.iter().zip(PERSONAL_TOKENS) {
        // The answer names the asked id: the id itself is planted above.
        let mut body: serde_json::Value =
            serde_json::from_str(&transaction_body(free, personal)).unwrap();
        body["id"] = serde_json::Value::from(ID);
        let body = body.to_string();
        let mut server = mockito::Server::new_async().await;
        let _token = token_once(&mut server, "tok-1", 3600).await;
        let _read = support::answers(&mut server, "GET", TX_PATH, 200, &body, 2).await;
        let client = client(&server, &ManualClock::new());
        let response = client.transaction(ID).await.unwrap();
        let report = client.status_report(ID).await.unwrap();
        let shown = format!("{response:?} {response:#?} {report:?} {report:#?}");
        assert_hidden(&shown, free, &body);
        assert_hidden(&shown, personal, &body);
        let document = report.document_json(true).unwrap().to_string();
        assert_hidden(&document, personal, &body);
    }
}

#[test]
fn plain_tokens_are_still_shown() {
    let transaction = Transaction::from_json(
        br#"{"id":"8db1e7fa-ba8a-4189-92fd-67a20217443d","reference":"20210623130413","merchantOrderReference":"order123","currency":"EUR","orderItems":[{"code":"SDC4-32GB","vatRate":"21"}],"payments":[{"id":"p-77"}]}"#,
    )
    .unwrap();
    let shown = format!("{transaction:?}");
    for token in [
        "8db1e7fa-ba8a-4189-92fd-67a20217443d",
        "20210623130413",
        "order123",
        "\"EUR\"",
        "SDC4-32GB",
        "\"21\"",
        "p-77",
    ] {
        assert!(shown.contains(token), "{token}: {shown}");
    }
}
