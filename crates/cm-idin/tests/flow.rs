//! `POST /directory` and `POST /transaction`: body shape and retry classes.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use crate::support;

use cm_idin::{Error, NewTransaction};
use mockito::Matcher;
use serde_json::json;
use support::{TOKEN, client, fixture};

#[tokio::test]
async fn directory_posts_only_the_token_and_decodes_the_banks() {
    let mut server = mockito::Server::new_async().await;
    let mock = server
        .mock("POST", "/idin/v1.0/directory")
        .match_header("content-type", "application/json")
        .match_header("authorization", Matcher::Missing)
        .match_body(Matcher::Json(json!({ "merchant_token": TOKEN })))
        .with_status(200)
        .with_body(fixture("directory"))
        .expect(1)
        .create_async()
        .await;
    let (client, _) = client(&format!("{}/idin/v1.0", server.url()));

    let directory = client.directory().await.unwrap();

    mock.assert_async().await;
    let countries = directory.value();
    assert_eq!(countries.len(), 2);
    let issuers = countries[0].issuers.as_ref().unwrap();
    assert_eq!(issuers[2].issuer_id.as_deref(), Some("RABONL2U"));
    assert_eq!(issuers[2].issuer_name.as_deref(), Some("Rabobank"));
}

#[tokio::test]
async fn an_unusable_directory_answer_is_not_reported_as_a_write_carried_out() {
    let mut server = mockito::Server::new_async().await;
    let _mock =
        support::answers_uncounted(&mut server, "/directory", 200, "<html>maintenance</html>")
            .await;
    let (client, _) = client(&server.url());

    let error = client.directory().await.unwrap_err();

    assert!(!error.write_was_accepted(), "{error}");
    assert!(!error.to_string().contains("carried out"), "{error}");
}

#[tokio::test]
async fn directory_is_asked_again_after_a_503() {
    let mut server = mockito::Server::new_async().await;
    let unavailable = support::answers(&mut server, "/directory", 503, "", 1).await;
    let ok = support::answers(&mut server, "/directory", 200, fixture("directory"), 1).await;
    let (client, _) = client(&server.url());

    let directory = client.directory().await.unwrap();

    unavailable.assert_async().await;
    ok.assert_async().await;
    assert_eq!(directory.attempts(), 2);
}

fn new_transaction() -> NewTransaction {
    let mut transaction =
        NewTransaction::new("RABONL2U", "entrance42", "https://shop.example/idin/return");
    transaction.language = Some("nl".to_owned());
    transaction.transaction_reference = Some("7defa5c6-7651-45cd-9016-f9027dc4dda9".to_owned());
    transaction.identity = Some(true);
    transaction.name = Some(true);
    transaction.is_18_or_older = Some(true);
    transaction.email_address = Some(false);
    transaction
}

#[tokio::test]
async fn create_transaction_posts_the_token_and_the_request_and_leaves_unset_flags_out() {
    let mut server = mockito::Server::new_async().await;
    let mock = server
        .mock("POST", "/transaction")
        .match_body(Matcher::Json(json!({
            "merchant_token": TOKEN,
            "issuer_id": "RABONL2U",
            "entrance_code": "entrance42",
            "merchant_return_url": "https://shop.example/idin/return",
            "language": "nl",
            "transaction_reference": "7defa5c6-7651-45cd-9016-f9027dc4dda9",
            "identity": true,
            "name": true,
            "18y_or_older": true,
            "email_address": false,
        })))
        .with_status(200)
        .with_body(fixture("transaction-created"))
        .expect(1)
        .create_async()
        .await;
    let (client, _) = client(&server.url());

    let created = client.create_transaction(&new_transaction()).await.unwrap();

    mock.assert_async().await;
    let created = created.into_value();
    assert_eq!(created.transaction_id.as_deref(), Some("3645651845961623"));
    assert_eq!(
        created.merchant_reference.as_deref(),
        Some("e3b0c442-98fc-1c14-9afb-f4c8996fb924")
    );
    assert!(
        created
            .issuer_authentication_url
            .unwrap()
            .expose()
            .starts_with("https://")
    );
}

#[tokio::test]
async fn create_transaction_is_never_sent_again_after_a_503() {
    let mut server = mockito::Server::new_async().await;
    let mock = support::answers(
        &mut server,
        "/transaction",
        503,
        r#"{"message":"Service unavailable."}"#,
        1,
    )
    .await;
    let (client, clock) = client(&server.url());

    let error = client
        .create_transaction(&new_transaction())
        .await
        .unwrap_err();

    mock.assert_async().await;
    assert!(clock.sleeps().is_empty());
    assert_eq!(error.status(), Some(503));
    assert!(error.may_have_been_sent());
    assert_eq!(
        error.body().unwrap().as_bytes(),
        br#"{"message":"Service unavailable."}"#
    );
}

#[tokio::test]
async fn create_transaction_refuses_a_missing_return_url_before_sending() {
    let mut server = mockito::Server::new_async().await;
    let mock = support::never_asked(&mut server, "/transaction").await;
    let (client, _) = client(&server.url());

    let error = client
        .create_transaction(&NewTransaction::new("RABONL2U", "ec", ""))
        .await
        .unwrap_err();

    mock.assert_async().await;
    assert!(error.is_invalid_input());
    assert!(error.to_string().contains("merchant_return_url"), "{error}");
}

#[tokio::test]
async fn create_transaction_refuses_a_bad_entrance_code_before_sending() {
    let mut server = mockito::Server::new_async().await;
    let mock = support::never_asked(&mut server, "/transaction").await;
    let (client, _) = client(&server.url());

    let too_long = "a".repeat(41);
    for code in [
        "",
        "entrance-42",
        "entrance 42",
        "entrée42",
        too_long.as_str(),
    ] {
        let error = client
            .create_transaction(&NewTransaction::new(
                "RABONL2U",
                code,
                "https://shop.example/idin/return",
            ))
            .await
            .unwrap_err();
        assert!(error.is_invalid_input(), "{code:?}");
        assert!(!error.may_have_been_sent());
        assert!(error.to_string().contains("entrance_code"), "{error}");
    }

    mock.assert_async().await;
}

#[tokio::test]
async fn create_transaction_sends_a_forty_character_entrance_code() {
    let code = "Ab0".repeat(13) + "Z";
    let mut server = mockito::Server::new_async().await;
    let mock = server
        .mock("POST", "/transaction")
        .match_body(Matcher::PartialJson(json!({ "entrance_code": code })))
        .with_status(200)
        .with_body(fixture("transaction-created"))
        .expect(1)
        .create_async()
        .await;
    let (client, _) = client(&server.url());

    client
        .create_transaction(&NewTransaction::new(
            "ABNANL2AXXX",
            code.as_str(),
            "https://shop.example/idin/return?session=7",
        ))
        .await
        .unwrap();

    mock.assert_async().await;
}

/// Answers the create (asked once) with `body` under a `200` and returns the error
/// the client makes of it, having checked that the error says the write was
/// accepted and keeps the body as it came.
async fn create_answered_with(body: &str) -> Error {
    let mut server = mockito::Server::new_async().await;
    let mock = support::answers(&mut server, "/transaction", 200, body, 1).await;
    let (client, _clock) = client(&server.url());

    let error = client
        .create_transaction(&new_transaction())
        .await
        .unwrap_err();

    mock.assert_async().await;
    assert!(error.write_was_accepted(), "{body}: {error}");
    assert_eq!(error.body().unwrap().as_bytes(), body.as_bytes(), "{body}");
    error
}

/// A 2xx answer to the create that lacks what the flow needs (`{}`, an error
/// object under a 200, a blank id) is not a started flow: a decode error naming
/// the missing field, keeping the body, saying the write was accepted, sent once.
#[tokio::test]
async fn a_create_answer_without_its_ids_is_not_a_started_flow() {
    for (body, missing) in [
        (r#"{}"#, "transaction_id"),
        (r#"{"message":"Issuer unavailable."}"#, "transaction_id"),
        (
            r#"{"transaction_id":"1","merchant_reference":"m1"}"#,
            "issuer_authentication_url",
        ),
        (
            r#"{"transaction_id":"1","issuer_authentication_url":"https://bank.example/a","merchant_reference":" "}"#,
            "merchant_reference",
        ),
    ] {
        let error = create_answered_with(body).await;

        assert!(error.to_string().contains(missing), "{body}: {error}");
    }
}

/// A 2xx answer to the create naming what the next step cannot use is no
/// started flow either: an authentication URL a browser must not be sent to (a
/// script, a relative path, plain http to another host), an id or a reference
/// the status call refuses (a control character). A decode error naming the
/// field (never its value), keeping the body, saying the write was accepted.
#[tokio::test]
async fn a_create_answer_the_next_step_cannot_use_is_not_a_started_flow() {
    let answer = |id: &str, url: &str, reference: &str| {
        json!({
            "transaction_id": id,
            "issuer_authentication_url": url,
            "merchant_reference": reference,
        })
        .to_string()
    };
    let cases = [
        (
            answer("1", "javascript:alert(document.cookie)", "m1"),
            "issuer_authentication_url",
        ),
        (
            answer("1", "/authenticate?x=1", "m1"),
            "issuer_authentication_url",
        ),
        (
            answer("1", "http://bank.example/a", "m1"),
            "issuer_authentication_url",
        ),
        (
            answer("1", "not a url at all", "m1"),
            "issuer_authentication_url",
        ),
        (
            answer("12\n3", "https://bank.example/a", "m1"),
            "transaction_id",
        ),
        (
            answer("1", "https://bank.example/a", "m\u{0}1"),
            "merchant_reference",
        ),
    ];
    for (body, field) in cases {
        let error = create_answered_with(&body).await;

        let shown = format!("{error} {error:?}");
        assert!(shown.contains(field), "{body}: {shown}");
        assert!(!shown.contains("cookie"), "{shown}");
    }

    // An https URL, and http to a loopback host (a local fake), still start a flow.
    for url in [
        "https://bank.example/a?trxid=1",
        "http://127.0.0.1:8080/auth",
    ] {
        let mut server = mockito::Server::new_async().await;
        let _mock =
            support::answers_uncounted(&mut server, "/transaction", 200, answer("1", url, "m1"))
                .await;
        let (client, _clock) = client(&server.url());
        client.create_transaction(&new_transaction()).await.unwrap();
    }
}

/// The URL parser drops tabs and line breaks and trims spaces before it checks a
/// URL, but the caller gets the text as sent: an authentication URL holding any
/// of them (a `Location` header injection into the merchant's redirect), a space
/// or a character outside visible ASCII is not what was checked, so no started
/// flow: a decode error at the field, keeping the body, the write accepted.
#[tokio::test]
async fn an_authentication_url_whose_text_is_not_what_was_checked_is_not_a_started_flow() {
    for url in [
        "https://bank.example/a\r\nSet-Cookie: session=stolen",
        "https://bank.example/a\nb",
        "https://bank.example/a\tb",
        " https://bank.example/a",
        "https://bank.example/a ",
        "https://bank.example/a b",
        "https://bank.example/\u{202e}a",
        "https://bank.example/\u{a0}a",
        "https://bänk.example/a",
    ] {
        let body = json!({
            "transaction_id": "1",
            "issuer_authentication_url": url,
            "merchant_reference": "m1",
        })
        .to_string();
        let error = create_answered_with(&body).await;

        let shown = format!("{error} {error:?}");
        assert!(
            shown.contains("issuer_authentication_url"),
            "{url:?}: {shown}"
        );
        assert!(!shown.contains("bank.example"), "{shown}");
    }
}
