//! What a 2xx answer to `DELETE /transactions/{id}` proves: a transaction that
//! still holds personal values in the answer is not reported as redacted.
#![allow(
    missing_docs,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use crate::support;

use persona_tx::{Client, Redaction};

const KEY: &str = "persona_test_key_redaction_answers";
const REDACTED: &[u8] = include_bytes!("../fixtures/transaction-redact.json");

fn client(server: &mockito::Server) -> Client {
    support::client(server, KEY)
}

fn answer(attributes: &str) -> String {
    format!(
        r#"{{"data":{{"type":"transaction","id":"txn_ABC123","attributes":{{"status":"created",{attributes}}}}}}}"#
    )
}

/// A redacted transaction's answer with `included` as given.
fn included_answer(included: &str) -> String {
    format!(
        r#"{{"data":{{"type":"transaction","id":"txn_ABC123","attributes":{{"status":"redacted","fields":{{}}}}}},"included":{included}}}"#
    )
}

async fn redact(body: &str) -> Redaction {
    let mut server = mockito::Server::new_async().await;
    let mock = server
        .mock("DELETE", "/transactions/txn_ABC123")
        .with_body(body)
        .expect(1)
        .create_async()
        .await;
    let outcome = client(&server)
        .redact_transaction("txn_ABC123")
        .await
        .unwrap();
    mock.assert_async().await;
    outcome
}

#[tokio::test]
async fn an_answer_still_holding_personal_values_is_not_reported_as_redacted() {
    for attributes in [
        r#""reference-id":"jan.devries@example.com","fields":{}"#,
        r#""reference-id":null,"fields":{"name-first":{"type":"string","value":"Jan de Vries"}}"#,
        r#""fields":{"iban":{"type":"string","value":"NL91ABNA0417164300"}}"#,
        r#""fields":{"bsn":{"type":"integer","value":111222333}}"#,
        r#""fields":{"birthdate":{"type":"date","value":"1990-01-31"}}"#,
        r#""fields":{"address":{"type":"hash","value":{"street":{"type":"string","value":null},"city":{"type":"string","value":"Utrecht"}}}}"#,
        r#""fields":{"names":{"type":"array","value":[{"type":"string","value":null},{"type":"string","value":"Jan"}]}}"#,
        r#""fields":{"selfie":{"type":"file","value":{"filename":"jan.jpg","url":"https://files.withpersona.com/x?access_token=t"}}}"#,
        r#""fields":{"odd":{"type":"string","value":"x","value2":1}}"#,
        r#""fields":{"future":{"type":"something-new","value":"Jan"}}"#,
        r#""fields":{},"tags":["vip-jan"]"#,
        // What the model keeps raw counts too: signals, attributes it does not know.
        r#""signals":{"ip-address":"192.0.2.1","device":{"type":"x","jan":1}}"#,
        r#""name-first":"Jan","redacted-at":"2026-12-01T00:00:00Z""#,
        r#""future-list":["Jan"]"#,
    ] {
        let outcome = redact(&answer(attributes)).await;
        assert!(
            matches!(outcome, Redaction::Incomplete(ref response) if response.value().data.id == "txn_ABC123"),
            "{attributes}: {outcome:?}"
        );
        let shown = format!("{outcome:?}");
        for personal in ["jan", "Jan", "NL91", "111222333", "1990", "Utrecht"] {
            assert!(!shown.contains(personal), "{shown}");
        }
    }
}

#[tokio::test]
async fn an_answer_whose_personal_values_are_all_null_is_redacted() {
    for body in [
        String::from_utf8(REDACTED.to_vec())
            .unwrap()
            .replace("txn_26wUfNNK6Ze7qkwyK6kuj7RkZgdP", "txn_ABC123"),
        answer(r#""reference-id":null,"fields":{},"tags":[]"#),
        answer(
            r#""fields":{"address":{"type":"hash","value":{"city":{"type":"string","value":null}}},"names":{"type":"array","value":[]}}"#,
        ),
        answer(r#""fields":{"future":{"type":"something-new","value":null}}"#),
        // Only status and times: nothing personal is left.
        answer(r#""created-at":"2021-09-29T18:00:00Z""#),
        answer(r#""signals":null,"redacted-at":"2026-12-01T00:00:00Z","name-first":null"#),
        answer(r#""signals":{"ip-address":null,"device":{"type":"x","model":""}}"#),
        included_answer(r#"[]"#),
        included_answer(
            r#"[{"type":"account","id":"act_1","attributes":{"name-first":null,"tags":[],"updated-at":"2026-12-01T00:00:00Z"}}]"#,
        ),
    ] {
        let outcome = redact(&body).await;
        assert!(
            matches!(outcome, Redaction::Redacted(_)),
            "{body}: {outcome:?}"
        );
    }
}

#[tokio::test]
async fn an_included_object_still_holding_personal_values_makes_the_redaction_incomplete() {
    for included in [
        r#"[{"type":"account","id":"act_1","attributes":{"name-first":"Jan"}}]"#,
        r#"[{"type":"verification/government-id","id":"ver_1","attributes":{"birthdate":"1990-01-31"}}]"#,
        r#"[{"type":"something-new","id":"x_1","attributes":{"email":"jan@example.com"}}]"#,
        r#"["jan@example.com"]"#,
    ] {
        let outcome = redact(&included_answer(included)).await;
        assert!(
            matches!(outcome, Redaction::Incomplete(_)),
            "{included}: {outcome:?}"
        );
        let shown = format!("{outcome:?}");
        for personal in ["Jan", "jan@", "1990"] {
            assert!(!shown.contains(personal), "{shown}");
        }
    }
}

#[tokio::test]
async fn persona_tx_s_own_resends_follow_the_calls_retry_policy() {
    use txstatus_core::{CallOptions, RetryPolicy, WithCallOptions};
    for (attempts, sends) in [(None, 3), (Some(1), 1), (Some(5), 5)] {
        let mut server = mockito::Server::new_async().await;
        let mock = server
            .mock("DELETE", "/transactions/txn_ABC123")
            .with_status(503)
            .expect(sends)
            .create_async()
            .await;
        let client = client(&server);
        let error = match attempts {
            None => client.redact_transaction("txn_ABC123").await,
            Some(max_attempts) => {
                let policy = RetryPolicy {
                    max_attempts,
                    ..RetryPolicy::default()
                };
                client
                    .with_options(CallOptions::new().retry_policy(policy))
                    .redact_transaction("txn_ABC123")
                    .await
            }
        }
        .unwrap_err();
        assert_eq!(error.status(), Some(503), "{attempts:?}");
        mock.assert_async().await;
    }
}

/// A member sent twice, a value then `null`, hides nothing: every copy counts,
/// in the attributes the model keeps raw (signals, unknown attributes), in an
/// included object's attributes and in an included object sent with two
/// `attributes`. The model refuses repeats only where it reads members itself.
#[tokio::test]
async fn a_personal_value_hidden_behind_a_repeated_member_is_not_reported_as_redacted() {
    let with_attributes = |attributes: &str| {
        format!(
            r#"{{"data":{{"type":"transaction","id":"txn_ABC123","attributes":{{"status":"redacted",{attributes}}}}},"included":[]}}"#
        )
    };
    for body in [
        with_attributes(r#""fields":{},"signals":{"ip-address":"192.0.2.77","ip-address":null}"#),
        with_attributes(r#""fields":{},"future":{"email":"jan.hidden@example.com","email":null}"#),
        with_attributes(r#""fields":{},"future":{"nested":{"name":"Jan","name":""}}"#),
        included_answer(
            r#"[{"type":"account","id":"act_1","attributes":{"name-first":"JanHidden"},"attributes":{"name-first":null}}]"#,
        ),
        included_answer(
            r#"[{"type":"something-new","id":"x_1","attributes":{"email":"jan.hidden@example.com","email":null}}]"#,
        ),
    ] {
        assert!(
            matches!(redact(&body).await, Redaction::Incomplete(_)),
            "{body}"
        );
    }
}

/// A field (or a hash member) named `type` is a value like any other: only the
/// `type` tag beside a field's value is no value.
#[tokio::test]
async fn a_field_named_type_still_holding_a_value_is_not_reported_as_redacted() {
    for fields in [
        r#"{"type":{"type":"string","value":"Jan Jansen"}}"#,
        r#"{"address":{"type":"hash","value":{"type":{"type":"string","value":"Jan Jansen"}}}}"#,
        r#"{"type":{"type":"array","value":[{"type":"string","value":"Jan"}]}}"#,
    ] {
        let body = format!(
            r#"{{"data":{{"type":"transaction","id":"txn_ABC123","attributes":{{"status":"redacted","fields":{fields}}}}}}}"#
        );
        assert!(
            matches!(redact(&body).await, Redaction::Incomplete(_)),
            "{fields}"
        );
    }
    let cleared = r#"{"data":{"type":"transaction","id":"txn_ABC123","attributes":{"status":"redacted","fields":{"type":{"type":"string","value":null}}}}}"#;
    assert!(matches!(redact(cleared).await, Redaction::Redacted(_)));
}

/// An answer that does not show the redaction (no attributes, `null`, `{}`) or
/// carries `errors` beside `data` is never reported as a done redaction.
#[tokio::test]
async fn a_redaction_answer_showing_nothing_or_carrying_errors_is_not_redacted() {
    for body in [
        r#"{"data":{"type":"transaction","id":"txn_ABC123"}}"#,
        r#"{"data":{"type":"transaction","id":"txn_ABC123","attributes":null}}"#,
        r#"{"data":{"type":"transaction","id":"txn_ABC123","attributes":{}}}"#,
    ] {
        assert!(
            matches!(redact(body).await, Redaction::Incomplete(_)),
            "{body}"
        );
    }
    let errors = r#"{"data":{"type":"transaction","id":"txn_ABC123","attributes":{"status":"created","fields":{}}},"errors":[{"status":"500","title":"Redaction could not be completed"}]}"#;
    let mut server = mockito::Server::new_async().await;
    let _mock = server
        .mock("DELETE", "/transactions/txn_ABC123")
        .with_body(errors)
        .create_async()
        .await;
    let error = client(&server)
        .redact_transaction("txn_ABC123")
        .await
        .unwrap_err();
    assert!(error.write_was_accepted(), "{error}");
    assert_eq!(error.body().unwrap().as_bytes(), errors.as_bytes());
}
