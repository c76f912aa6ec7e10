//! Text CM or a user hands over outside the personal members (the `notice`,
//! the merchant's `transaction_reference`, ids, the issuer, a `notice_code` sent
//! as text) can be anything, a name or an email address included: `Debug` of
//! every type holding it shows it only when it is a plain token, as the core's
//! `StatusReport` shows the same notice, and never a personal value.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use crate::support;

use cm_idin::{CreatedTransaction, NewTransaction, ReturnParams, StatusOutcome, StatusResponse};
use support::client;
use txstatus_core::Clock;

/// Values that are personal data (or a credential) whatever member holds them.
const PLANTED: &[&str] = &[
    "Jan de Vries",
    "jan.devries@example.com",
    "Bearer eyJhbGciOiJIUzI1NiJ9 x",
    "BSN 123456782",
    "+31 6 1234 5678",
];

/// Every member of a status answer that is not modelled as personal data.
const MEMBERS: &[&str] = &[
    "transaction_id",
    "transaction_reference",
    "issuer_id",
    "notice",
    "notice_code",
];

fn bodies() -> Vec<(String, &'static str)> {
    let mut out = Vec::new();
    for planted in PLANTED {
        for status in ["success", "open", "failure"] {
            for member in MEMBERS {
                let mut body = serde_json::json!({ "status": status });
                body[member] = serde_json::Value::from(*planted);
                out.push((body.to_string(), *planted));
            }
            // Everything at once, next to a notice (data unavailable) and next to
            // an identity (success).
            let mut all = serde_json::json!({ "status": status });
            for member in MEMBERS {
                all[member] = serde_json::Value::from(*planted);
            }
            out.push((all.to_string(), *planted));
            all["bin"] = serde_json::Value::from("NLINGB3x4u89498qe4tqjvdaj0");
            out.push((all.to_string(), *planted));
        }
    }
    out
}

fn assert_hidden(shown: &str, planted: &str, what: &str) {
    assert!(
        !shown.contains(planted),
        "{what} shows {planted:?}:\n{shown}"
    );
}

#[test]
fn a_status_model_and_its_outcomes_show_no_free_text_that_is_not_a_plain_token() {
    for (body, planted) in bodies() {
        let model = StatusResponse::from_json(body.as_bytes()).unwrap();
        let outcome = model.outcome();
        let lost = StatusOutcome::from_parts(&model, true);
        let shown = format!("{model:?} {model:#?} {outcome:?} {outcome:#?} {lost:?}");
        assert_hidden(&shown, planted, &body);
    }
}

#[tokio::test]
async fn status_answers_reports_and_windows_show_no_free_text_that_is_not_a_plain_token() {
    let mut server = mockito::Server::new_async().await;
    let (client, clock) = client(&server.url());
    for (body, planted) in bodies().into_iter().step_by(3) {
        // The answer names the asked id or none: the id itself is planted above.
        let id = "3645651845961623";
        let body = body.replace(
            &format!(r#""transaction_id":"{planted}""#),
            &format!(r#""transaction_id":"{id}""#),
        );
        server.reset();
        let _mock = support::status_answers_uncounted(&mut server, &body).await;
        let answer = client.status(id, "ref-1").await.unwrap();
        let report = client.status_report(id, "ref-1").await.unwrap();
        let window = client
            .status_within_window(id, "ref-1", clock.now())
            .await
            .unwrap();
        let shown = format!(
            "{answer:?} {answer:#?} {report:?} {window:?} {window:#?} {:?}",
            window.outcome()
        );
        assert_hidden(&shown, planted, &body);
    }
}

#[test]
fn created_transactions_new_transactions_return_params_and_handles_show_no_free_text() {
    for planted in PLANTED {
        let created = CreatedTransaction::from_json(
            serde_json::json!({
                "transaction_id": planted,
                "merchant_reference": planted,
                "issuer_authentication_url": planted,
            })
            .to_string()
            .as_bytes(),
        )
        .unwrap();
        assert_hidden(&format!("{created:?} {created:#?}"), planted, "created");

        let mut new = NewTransaction::new("INGBNL2A", "Ab12", "https://shop.example/r");
        new.transaction_reference = Some((*planted).to_owned());
        assert_hidden(&format!("{new:?} {new:#?}"), planted, "new transaction");

        let (client, _clock) = client("http://127.0.0.1:9");
        let handle = client.status_source(*planted);
        assert_hidden(&format!("{handle:?} {handle:#?}"), planted, "handle");
    }
    // A `trxid` is visible ASCII: an address fits.
    let back = ReturnParams::from_query("trxid=jan.devries%40example.com&ec=Ab12").unwrap();
    assert_hidden(
        &format!("{back:?}"),
        "jan.devries@example.com",
        "return params",
    );
}

#[test]
fn plain_tokens_are_still_shown() {
    let model = StatusResponse::from_json(
        br#"{"status":"success","transaction_id":"3645651845961623","transaction_reference":"7defa5c6-7651-45cd-9016-f9027dc4dda9","issuer_id":"INGBNL2A","notice":"late","notice_code":2000}"#,
    )
    .unwrap();
    let shown = format!("{model:?} {:?}", model.outcome());
    for token in [
        "3645651845961623",
        "7defa5c6-7651-45cd-9016-f9027dc4dda9",
        "INGBNL2A",
        "late",
        "2000",
    ] {
        assert!(shown.contains(token), "{token}: {shown}");
    }
}

#[tokio::test]
async fn the_directory_shows_no_free_text_where_an_id_or_a_name_goes() {
    let body = r#"[{"country":"Jan de Vries","issuers":[{"issuer_id":"Jan de Vries jan.devries@example.com","issuer_name":"BSN 123456782"},{"issuer_id":"INGBNL2A","issuer_name":"ING"}]}]"#;
    let mut server = mockito::Server::new_async().await;
    let _mock = server
        .mock("POST", "/directory")
        .with_status(200)
        .with_header("content-type", "application/json")
        .with_body(body)
        .create_async()
        .await;
    let (client, _) = client(&server.url());
    let response = client.directory().await.unwrap();
    let shown = format!(
        "{response:?} {:?} {:#?}",
        response.value(),
        response.value()
    );
    for planted in ["Jan de Vries", "jan.devries@example.com", "123456782"] {
        assert_hidden(&shown, planted, "directory");
    }
    assert!(shown.contains("INGBNL2A"), "{shown}");
}
