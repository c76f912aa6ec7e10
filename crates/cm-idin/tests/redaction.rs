//! No personal value from the fixtures and never the merchant token in any
//! `Debug` or `Display` of clients, builders, models, outcomes, reports or errors.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use crate::support;

use std::time::Duration;

use cm_idin::{Client, ClientOptions, StatusResponse};
use serde_json::Value;
use support::{TOKEN, client, fixture, fixtures_dir};
use txstatus_core::{Clock, RawBody, provider::decode_json_bytes};

/// Keys whose values are personal data in a status body (`name` only when it is
/// not an object: the malformed fixture).
const PERSONAL_KEYS: &[&str] = &[
    "bin",
    "gender",
    "initials",
    "last_name",
    "last_name_prefix",
    "legal_last_name",
    "street",
    "house_number",
    "house_number_suffix",
    "postal_code",
    "city",
    "country",
    "date_of_birth",
    "telephone_number",
    "email_address",
    "name",
];

fn collect(value: &Value, key: Option<&str>, out: &mut Vec<Value>) {
    match value {
        Value::Object(map) => {
            for (k, v) in map {
                collect(v, Some(k), out);
            }
        }
        Value::Array(items) => items.iter().for_each(|v| collect(v, key, out)),
        Value::String(_) | Value::Number(_) if key.is_some_and(|k| PERSONAL_KEYS.contains(&k)) => {
            out.push(value.clone());
        }
        _ => {}
    }
}

/// The personal values of a status fixture, read from its raw JSON (or, for a
/// body that is not JSON, the strings that look like them).
fn personal_values(case: &str) -> Vec<Value> {
    let mut out = Vec::new();
    match serde_json::from_slice::<Value>(&fixture(case)) {
        Ok(json) => collect(&json, None, &mut out),
        Err(_) => {
            // status-truncated: the bin and the partial last name.
            out.push(Value::String("NLREVO8tRe3Wq1Az5Sx7Dc9V".into()));
            out.push(Value::String("Truncat".into()));
            out.push(Value::String("TR".into()));
        }
    }
    out
}

fn assert_hidden(shown: &str, values: &[Value], what: &str) {
    for value in values {
        match value {
            Value::String(text) => {
                assert!(
                    !shown.contains(&format!("{text:?}")),
                    "{what} shows {text:?}:\n{shown}"
                );
                if text.len() >= 4 {
                    assert!(
                        !shown.contains(text.as_str()),
                        "{what} shows {text}:\n{shown}"
                    );
                }
            }
            Value::Number(number) => {
                assert!(
                    !shown.contains(&format!("({number})")),
                    "{what} shows {number}:\n{shown}"
                );
            }
            _ => {}
        }
    }
    assert!(!shown.contains(TOKEN), "{what} shows the token");
    assert!(
        !shown.contains("3c01abeb"),
        "{what} shows part of the token"
    );
}

fn status_cases() -> Vec<String> {
    let mut cases: Vec<String> = std::fs::read_dir(fixtures_dir())
        .unwrap()
        .map(|entry| entry.unwrap().file_name().into_string().unwrap())
        .filter_map(|name| name.strip_suffix(".json").map(str::to_owned))
        .filter(|case| case.starts_with("status-"))
        .collect();
    cases.sort();
    assert!(cases.len() >= 15, "{cases:?}");
    cases
}

#[test]
fn models_outcomes_and_decode_errors_show_no_personal_value() {
    for case in status_cases() {
        let values = personal_values(&case);
        let body = RawBody::new(fixture(&case));
        match decode_json_bytes::<StatusResponse>(cm_idin::PROVIDER, 200, &body) {
            Ok(model) => {
                assert_hidden(&format!("{model:?}"), &values, &case);
                assert_hidden(&format!("{model:#?}"), &values, &case);
                let outcome = model.outcome();
                assert_hidden(&format!("{outcome:#?}"), &values, &case);
                let redacted = txstatus_core::to_redacted_json(&model).unwrap().to_string();
                assert_hidden(&redacted, &values, &case);
            }
            Err(error) => {
                assert_hidden(&format!("{error:?}"), &values, &case);
                assert_hidden(&format!("{error:#?}"), &values, &case);
                assert_hidden(&error.to_string(), &values, &case);
            }
        }
    }
}

#[tokio::test]
async fn reports_and_http_errors_show_no_personal_value_and_no_token() {
    let mut server = mockito::Server::new_async().await;
    let (client, _) = client(&server.url());
    for case in status_cases() {
        let values = personal_values(&case);
        let mock = support::status_answers_uncounted(&mut server, fixture(&case)).await;
        let shown = match client
            .status_report("3645651845961623", "merchant-ref-1")
            .await
        {
            Ok(report) => format!("{report:?}\n{report:#?}\n{}", report.status),
            Err(error) => format!("{error:?}\n{error}"),
        };
        assert_hidden(&shown, &values, &case);
        mock.remove_async().await;
    }
    // An error answer carrying a personal value is shown by length only.
    let values = personal_values("status-success");
    let _mock =
        support::answers_uncounted(&mut server, "/status", 400, fixture("status-success")).await;
    let error = client.status("3645651845961623", "ref").await.unwrap_err();
    assert_hidden(&format!("{error:?}\n{error}"), &values, "400 error");
}

#[tokio::test]
async fn window_reads_show_no_personal_value_and_no_token() {
    let mut server = mockito::Server::new_async().await;
    let (client, clock) = client(&server.url());
    for case in status_cases() {
        let values = personal_values(&case);
        let mock = support::status_answers_uncounted(&mut server, fixture(&case)).await;
        let shown = match client
            .status_within_window("3645651845961623", "merchant-ref-1", clock.now())
            .await
        {
            Ok(answer) => format!("{answer:?}\n{answer:#?}\n{:?}", answer.outcome()),
            Err(error) => format!("{error:?}\n{error}"),
        };
        assert_hidden(&shown, &values, &case);
        mock.remove_async().await;
    }
}

#[test]
fn clients_builders_and_handles_never_show_the_token() {
    let builder = Client::builder(TOKEN).status_deadline(Duration::from_secs(20));
    let shown = format!("{builder:?} {builder:#?}");
    assert!(shown.contains("[redacted]"), "{shown}");
    assert_hidden(&shown, &[], "builder");

    let client = builder
        .base_url("https://api.cm.com/idin/v1.0")
        .build()
        .unwrap();
    assert_hidden(&format!("{client:?} {client:#?}"), &[], "client");
    let handle = client.status_source("merchant-ref-1");
    assert_hidden(&format!("{handle:?} {handle:#?}"), &[], "handle");
}

#[tokio::test]
async fn errors_never_show_the_token() {
    // Refused before sending.
    let error = Client::builder("   ").build().unwrap_err();
    assert!(error.is_invalid_input());
    let error = Client::builder(TOKEN)
        .base_url("http://api.cm.com/idin/v1.0")
        .build()
        .unwrap_err();
    assert_hidden(&format!("{error:?} {error}"), &[], "base URL error");

    // A server that echoes the request body back in an error.
    let mut server = mockito::Server::new_async().await;
    let _mock = support::answers_uncounted(
        &mut server,
        "/status",
        500,
        format!(r#"{{"merchant_token":"{TOKEN}"}}"#),
    )
    .await;
    let (echoing, _) = client(&server.url());
    let error = echoing.status("3645651845961623", "ref").await.unwrap_err();
    assert_hidden(&format!("{error:?} {error:#?} {error}"), &[], "500 error");

    // Nothing listens.
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let address = closed.local_addr().unwrap();
    drop(closed);
    let (unreachable, _) = client(&format!("http://{address}"));
    let error = unreachable
        .status("3645651845961623", "ref")
        .await
        .unwrap_err();
    assert_hidden(&format!("{error:?} {error}"), &[], "connect error");
}

#[test]
fn the_check_itself_catches_a_leak() {
    let values = personal_values("status-success");
    assert!(values.len() >= 14, "{values:?}");
    let model: StatusResponse = serde_json::from_slice(&fixture("status-success")).unwrap();
    let exposed = format!("{:?}", model.bin.as_ref().unwrap().expose());
    let leaked = std::panic::catch_unwind(|| assert_hidden(&exposed, &values, "leak"));
    assert!(leaked.is_err());
    let house = format!(
        "{:?}",
        model.address.unwrap().house_number.unwrap().expose()
    );
    let leaked = std::panic::catch_unwind(|| assert_hidden(&house, &values, "leak"));
    assert!(leaked.is_err(), "{house}");
}

/// The bank's authentication URL opens the user's session, and a merchant's
/// return URL can carry the user: neither appears in a Debug.
#[test]
fn session_and_return_urls_appear_in_no_debug() {
    const SESSION: &str = "SeSsIoN-SECRET-123";
    const PERSONAL: &str = "jan.devries@example.com";
    let created: cm_idin::CreatedTransaction = serde_json::from_str(&format!(
        r#"{{"transaction_id":"1234","issuer_authentication_url":"https://bank.example/idin/auth?session={SESSION}","merchant_reference":"mr"}}"#
    ))
    .unwrap();
    let mut request = cm_idin::NewTransaction::default();
    request.merchant_return_url = format!("https://shop.example/return?email={PERSONAL}");
    let shown = format!("{created:?} {created:#?} {request:?} {request:#?}");
    assert!(!shown.contains(SESSION), "{shown}");
    assert!(!shown.contains(PERSONAL), "{shown}");
    assert!(shown.contains("1234"), "{shown}");
}

/// iDIN's merchant token travels in the JSON body: a message quoting the body
/// back has it redacted.
#[tokio::test]
async fn an_error_message_quoting_the_merchant_token_has_it_redacted() {
    let mut server = mockito::Server::new_async().await;
    let _mock = server
        .mock("POST", "/status")
        .with_status(400)
        .with_body(format!(
            r#"{{"message":"Invalid request: merchant_token {TOKEN} is unknown."}}"#
        ))
        .create_async()
        .await;
    let (client, _clock) = support::client(&server.url());
    let error = client.status("1234", "ref-1").await.unwrap_err();
    let said = error.provider_message().unwrap();
    assert!(!said.contains(TOKEN), "{said}");
    assert!(said.contains("is unknown"), "{said}");
}

/// The create's body carries the entrance code (it rejoins the user's session)
/// and the return URL (it may carry the user): an error quoting them, in its
/// message or as its code (which `Display` shows), has them redacted.
#[tokio::test]
async fn a_create_error_quoting_the_entrance_code_or_return_url_has_them_redacted() {
    const CODE: &str = "SessionCode42xyz";
    const URL: &str = "https://shop.example/return?user=jan-de-vries";
    for code in [CODE, "jan-de-vries"] {
        let mut server = mockito::Server::new_async().await;
        let _mock = server
            .mock("POST", "/transaction")
            .with_status(400)
            .with_body(format!(
                r#"{{"message":"bad entrance_code {CODE} for {URL}","code":"{code}"}}"#
            ))
            .create_async()
            .await;
        let (client, _clock) = client(&server.url());
        let mut transaction = cm_idin::NewTransaction::new("RABONL2U", CODE, URL);
        transaction.language = Some("nl".to_owned());

        let error = client.create_transaction(&transaction).await.unwrap_err();

        let shown = format!(
            "{error} {error:?} {}",
            error.provider_message().unwrap_or_default()
        );
        assert!(!shown.contains(CODE), "{shown}");
        assert!(!shown.contains(URL), "{shown}");
    }
}

/// `Debug` hides a new transaction's entrance code and return URL; redacted
/// serialization masks them too, while the request body still carries them.
#[test]
fn redacted_serialization_of_a_new_transaction_masks_the_entrance_code_and_return_url() {
    let transaction = cm_idin::NewTransaction::new(
        "RABONL2U",
        "SessionCode42xyz",
        "https://shop.example/return?user=jan-de-vries",
    );
    let redacted = txstatus_core::to_redacted_json(&transaction)
        .unwrap()
        .to_string();
    assert!(!redacted.contains("SessionCode42xyz"), "{redacted}");
    assert!(!redacted.contains("jan-de-vries"), "{redacted}");
    assert!(redacted.contains("RABONL2U"), "{redacted}");
    let body = serde_json::to_string(&transaction).unwrap();
    assert!(
        body.contains("SessionCode42xyz") && body.contains("jan-de-vries"),
        "{body}"
    );
}

/// A status this version does not know can be any text, a name included: every
/// `Debug` (model, outcome, report, window answer) shows it only when it is a
/// plain token, as the core's `TxStatus` does.
#[tokio::test]
async fn an_unknown_status_is_shown_only_when_it_is_a_plain_token() {
    const NAME: &str = "Jan de Vries";
    let mut server = mockito::Server::new_async().await;
    let (client, clock) = client(&server.url());
    for (status, shown) in [
        (NAME, false),
        ("jan.devries@example.com", false),
        ("pending_at_issuer", true),
    ] {
        let body = serde_json::json!({ "status": status, "transaction_id": "1234" }).to_string();
        let _mock = support::status_answers_uncounted(&mut server, &body).await;
        let model = StatusResponse::from_json(body.as_bytes()).unwrap();
        let report = client.status_report("1234", "ref-1").await.unwrap();
        let window = client
            .status_within_window("1234", "ref-1", clock.now())
            .await
            .unwrap();
        let all = format!(
            "{model:?} {model:#?} {:?} {report:?} {report:#?} {window:?} {:?}",
            model.outcome(),
            window.outcome()
        );
        assert_eq!(all.contains(status), shown, "{status}: {all}");
        assert!(all.contains("Unknown"), "{all}");
    }
}
