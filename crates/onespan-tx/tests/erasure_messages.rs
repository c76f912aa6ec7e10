//! An erasure answer's messages (the summary and each entry's) are OneSpan's free
//! text: they may quote what a transaction holds (a name, an email, a document
//! number), like the error messages the core never shows. `Debug` of the answer,
//! of its entries and of `erase_all`'s report withholds them, and redacted JSON
//! writes `"[redacted]"`; plain serialization keeps them as sent.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use std::sync::Arc;

use onespan_tx::{Client, ClientOptions, ErasureAction, ErasureResponse, GracePeriod};
use serde_json::json;
use txstatus_core::ManualClock;

const PERSONAL: [&str; 4] = [
    "Jan de Vries",
    "jan@example.com",
    "NL-X1234567",
    "Damrak 1, Amsterdam",
];

fn answer() -> String {
    json!({
        "message": format!("Marked: {}", PERSONAL[0]),
        "transactions": [
            {"transaction_id": "tx-1", "marking_event": "Transaction Erase Request - Accepted",
             "message": format!("accepted for {}", PERSONAL[1])},
            {"transaction_id": "tx-2", "marking_event": "Transaction Erase Request - Transaction Not Found",
             "message": format!("no transaction holding {} at {}", PERSONAL[2], PERSONAL[3])},
        ]
    })
    .to_string()
}

fn assert_hidden(what: &str, shown: &str) {
    for value in PERSONAL {
        assert!(!shown.contains(value), "{what} shows {value:?}: {shown}");
    }
}

#[test]
fn erasure_messages_never_reach_debug_or_redacted_json() {
    let response: ErasureResponse = serde_json::from_str(&answer()).unwrap();
    assert_hidden("Debug of the answer", &format!("{response:?}"));
    assert_hidden("{:#?} of the answer", &format!("{response:#?}"));
    for entry in response.transactions.iter().flatten() {
        assert_hidden("Debug of an entry", &format!("{entry:?}"));
    }
    let redacted = txstatus_core::to_redacted_json(&response).unwrap();
    assert_hidden("redacted JSON", &redacted.to_string());
    assert_eq!(redacted["message"], "[redacted]");
    assert_eq!(redacted["transactions"][0]["message"], "[redacted]");
    // The ids and events stay readable.
    assert_eq!(redacted["transactions"][1]["transaction_id"], "tx-2");
    // Plain serialization writes what was sent.
    let plain = serde_json::to_value(&response).unwrap();
    assert!(plain.to_string().contains(PERSONAL[1]));
    // Whether a message was sent still shows.
    assert!(format!("{response:?}").contains("message"));
}

#[tokio::test]
async fn erase_all_reports_never_show_erasure_messages() {
    let mut server = mockito::Server::new_async().await;
    let _mock = server
        .mock("POST", "/api/transaction/mark-for-erasure")
        .with_body(answer())
        .create_async()
        .await;
    let client = Client::builder("eyJhbGciOiJIUzI1NiJ9.erasure-messages.c2ln")
        .tenant("acme")
        .base_url(server.url())
        .configure_transport(|t| t.clock(Arc::new(ManualClock::new())))
        .build()
        .unwrap();
    let report = client
        .erase_all(["tx-1", "tx-2"], ErasureAction::Mark(GracePeriod::days(3)))
        .await;
    assert_eq!(report.accepted_ids(), ["tx-1"]);
    assert_eq!(report.refused_ids(), ["tx-2"]);
    assert_hidden("Debug of the report", &format!("{report:?}"));
    for outcome in &report.outcomes {
        assert_hidden("Debug of an outcome", &format!("{outcome:?}"));
    }
}
