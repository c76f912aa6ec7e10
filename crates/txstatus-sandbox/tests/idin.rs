//! CM.com iDIN: merchant token, body checks, identity once, directory, transaction.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use crate::support;

use serde_json::{Value, json};
use support::{Request, path, send};
use txstatus_sandbox::{Provider, Sandbox, ids::idin};

fn status(sandbox: &Sandbox, id: &str) -> Request {
    Request::post_json(
        path(sandbox, Provider::CmIdin, "/status"),
        &json!({
            "merchant_token": sandbox.credentials().idin_merchant_token,
            "transaction_id": id,
            "merchant_reference": idin::MERCHANT_REFERENCE,
        }),
    )
}

async fn read(sandbox: &Sandbox, id: &str) -> Value {
    let response = send(sandbox, status(sandbox, id)).await;
    assert_eq!(response.status, 200);
    response.json()
}

fn has_identity(body: &Value) -> bool {
    [
        "bin",
        "name",
        "address",
        "age",
        "telephone_number",
        "email_address",
    ]
    .iter()
    .any(|key| body.get(key).is_some())
}

#[tokio::test]
async fn the_identity_is_sent_once_then_notice_2000() {
    let sandbox = txstatus_sandbox::start().await.unwrap();
    let first = read(&sandbox, idin::IDENTITY_ONCE).await;
    assert_eq!(first["status"], "success");
    assert_eq!(first["name"]["last_name"], "Sandbox");
    assert_eq!(first["age"]["18y_or_older"], true);
    assert!(first.get("notice_code").is_none());
    for _ in 0..2 {
        let later = read(&sandbox, idin::IDENTITY_ONCE).await;
        assert_eq!(later["status"], "success");
        assert_eq!(later["notice_code"], 2000);
        assert!(later["notice"].is_string());
        assert!(!has_identity(&later), "{later}");
        assert_eq!(later["transaction_id"], idin::IDENTITY_ONCE);
    }
}

#[tokio::test]
async fn progress_opens_then_sends_the_identity_once() {
    let sandbox = txstatus_sandbox::start().await.unwrap();
    let open = read(&sandbox, idin::PROGRESS).await;
    assert_eq!(open["status"], "open");
    assert!(!has_identity(&open));
    assert!(has_identity(&read(&sandbox, idin::PROGRESS).await));
    assert_eq!(read(&sandbox, idin::PROGRESS).await["notice_code"], 2000);
}

#[tokio::test]
async fn late_reads_never_carry_the_identity() {
    let sandbox = txstatus_sandbox::start().await.unwrap();
    let body = read(&sandbox, idin::LATE).await;
    assert_eq!(body["status"], "success");
    assert_eq!(body["notice_code"], 2000);
    assert!(!has_identity(&body));
}

#[tokio::test]
async fn a_fault_before_success_keeps_the_identity_for_the_retry() {
    let sandbox = txstatus_sandbox::start().await.unwrap();
    for id in [idin::RATE_LIMITED, idin::UNAVAILABLE] {
        let fault = send(&sandbox, status(&sandbox, id)).await;
        assert!(fault.status == 429 || fault.status == 503);
        assert!(has_identity(&read(&sandbox, id).await), "{id}");
        assert_eq!(read(&sandbox, id).await["notice_code"], 2000);
    }
}

#[tokio::test]
async fn a_wrong_or_missing_merchant_token_is_403() {
    let sandbox = txstatus_sandbox::start().await.unwrap();
    let url = path(&sandbox, Provider::CmIdin, "/status");
    for body in [
        json!({ "merchant_token": "00000000-0000-0000-0000-000000000000", "transaction_id": idin::IDENTITY_ONCE, "merchant_reference": "r" }),
        json!({ "transaction_id": idin::IDENTITY_ONCE, "merchant_reference": "r" }),
        json!({ "merchant_token": 7, "transaction_id": idin::IDENTITY_ONCE, "merchant_reference": "r" }),
    ] {
        let response = send(&sandbox, Request::post_json(url.clone(), &body)).await;
        assert_eq!(response.status, 403, "{body}");
        assert!(response.json()["message"].is_string());
    }
    // Refused reads must not spend the one-time identity.
    assert_eq!(sandbox.reads(Provider::CmIdin, idin::IDENTITY_ONCE), 0);
    assert!(has_identity(&read(&sandbox, idin::IDENTITY_ONCE).await));
}

#[tokio::test]
async fn malformed_requests_are_400() {
    let sandbox = txstatus_sandbox::start().await.unwrap();
    let url = path(&sandbox, Provider::CmIdin, "/status");
    let token = sandbox.credentials().idin_merchant_token.clone();
    let valid =
        json!({ "merchant_token": token, "transaction_id": idin::LATE, "merchant_reference": "r" });
    let cases = vec![
        ("text/plain", serde_json::to_vec(&valid).unwrap()),
        ("application/x-www-form-urlencoded", b"merchant_token=x".to_vec()),
        ("application/json", b"{not json".to_vec()),
        ("application/json", b"[]".to_vec()),
        (
            "application/json",
            serde_json::to_vec(&json!({ "merchant_token": token, "merchant_reference": "r" })).unwrap(),
        ),
        (
            "application/json",
            serde_json::to_vec(&json!({ "merchant_token": token, "transaction_id": idin::LATE })).unwrap(),
        ),
        (
            "application/json",
            serde_json::to_vec(&json!({ "merchant_token": token, "transaction_id": idin::LATE, "merchant_reference": "" })).unwrap(),
        ),
    ];
    for (content_type, body) in cases {
        let response = send(
            &sandbox,
            Request::post(url.clone(), content_type, body.clone()),
        )
        .await;
        assert_eq!(
            response.status,
            400,
            "{content_type} {}",
            String::from_utf8_lossy(&body)
        );
    }
    let charset = Request::post(
        url,
        "application/json; charset=utf-8",
        serde_json::to_vec(&valid).unwrap(),
    );
    assert_eq!(send(&sandbox, charset).await.status, 200);
}

#[tokio::test]
async fn status_is_post_only() {
    let sandbox = txstatus_sandbox::start().await.unwrap();
    let response = send(
        &sandbox,
        Request::get(path(&sandbox, Provider::CmIdin, "/status")),
    )
    .await;
    assert_eq!(response.status, 405);
}

#[tokio::test]
async fn directory_lists_issuers() {
    let sandbox = txstatus_sandbox::start().await.unwrap();
    let url = path(&sandbox, Provider::CmIdin, "/directory");
    let token = sandbox.credentials().idin_merchant_token.clone();
    let response = send(
        &sandbox,
        Request::post_json(url.clone(), &json!({ "merchant_token": token })),
    )
    .await;
    assert_eq!(response.status, 200);
    assert!(response.json()[0]["issuers"][0]["issuer_id"].is_string());
    let refused = send(
        &sandbox,
        Request::post_json(url, &json!({ "merchant_token": "x" })),
    )
    .await;
    assert_eq!(refused.status, 403);
}

#[tokio::test]
async fn created_transactions_progress_like_sbx_progress() {
    let sandbox = txstatus_sandbox::start().await.unwrap();
    let url = path(&sandbox, Provider::CmIdin, "/transaction");
    let token = sandbox.credentials().idin_merchant_token.clone();
    let request = json!({
        "merchant_token": token,
        "identity": true,
        "name": true,
        "issuer_id": "SBXBNL2S",
        "entrance_code": "sbx",
        "merchant_return_url": "https://merchant.sandbox.invalid/return",
        "language": "nl",
    });
    let created = send(&sandbox, Request::post_json(url.clone(), &request)).await;
    assert_eq!(created.status, 200);
    let created = created.json();
    let id = created["transaction_id"].as_str().unwrap().to_owned();
    assert_eq!(id, format!("{}1", idin::ISSUED_PREFIX));
    assert_eq!(created["merchant_reference"], idin::MERCHANT_REFERENCE);
    assert!(
        created["issuer_authentication_url"]
            .as_str()
            .unwrap()
            .contains(&id)
    );

    assert_eq!(read(&sandbox, &id).await["status"], "open");
    assert!(has_identity(&read(&sandbox, &id).await));
    assert_eq!(read(&sandbox, &id).await["notice_code"], 2000);

    // Not issued yet, or not canonical: unknown.
    for unknown in [
        "sbx-issued-2",
        "sbx-issued-01",
        "sbx-issued-+1",
        "sbx-issued-0",
    ] {
        assert_eq!(
            send(&sandbox, status(&sandbox, unknown)).await.status,
            404,
            "{unknown}"
        );
    }
    let incomplete = json!({ "merchant_token": token, "issuer_id": "SBXBNL2S" });
    assert_eq!(
        send(&sandbox, Request::post_json(url, &incomplete))
            .await
            .status,
        400
    );
}

#[tokio::test]
async fn an_issued_transaction_is_read_only_with_the_merchant_reference_its_creation_returned() {
    let sandbox = txstatus_sandbox::start().await.unwrap();
    let url = path(&sandbox, Provider::CmIdin, "/transaction");
    let token = sandbox.credentials().idin_merchant_token.clone();
    let request = json!({
        "merchant_token": token,
        "issuer_id": "SBXBNL2S",
        "merchant_return_url": "https://merchant.sandbox.invalid/return",
    });
    let mut created = Vec::new();
    for _ in 0..2 {
        let answer = send(&sandbox, Request::post_json(url.clone(), &request)).await;
        assert_eq!(answer.status, 200);
        let answer = answer.json();
        created.push((
            answer["transaction_id"].as_str().unwrap().to_owned(),
            answer["merchant_reference"].as_str().unwrap().to_owned(),
        ));
    }
    let [(first, first_reference), (second, second_reference)] = &created[..] else {
        unreachable!()
    };
    assert_ne!(first_reference, second_reference);
    let read_with = |id: &str, reference: &str| {
        Request::post_json(
            path(&sandbox, Provider::CmIdin, "/status"),
            &json!({
                "merchant_token": token,
                "transaction_id": id,
                "merchant_reference": reference,
            }),
        )
    };
    // Another transaction's reference, a made-up one, or the right one in another case.
    for (id, reference) in [
        (first, second_reference.as_str()),
        (second, first_reference.as_str()),
        (first, "tx-bench"),
        (second, &second_reference.to_uppercase()),
    ] {
        let answer = send(&sandbox, read_with(id, reference)).await;
        assert_eq!(answer.status, 404, "{id} with {reference}");
    }
    for (id, reference) in [(first, first_reference), (second, second_reference)] {
        let answer = send(&sandbox, read_with(id, reference)).await;
        assert_eq!(answer.status, 200, "{id}");
        assert_eq!(answer.json()["status"], "open");
    }
    // A fixed scenario id still takes any reference.
    let answer = send(&sandbox, read_with(idin::PROGRESS, "any-reference")).await;
    assert_eq!(answer.status, 200);
}

fn create_request(sandbox: &Sandbox, extra: Value) -> Request {
    let mut body = json!({
        "merchant_token": sandbox.credentials().idin_merchant_token,
        "issuer_id": "SBXBNL2S",
        "entrance_code": "sbx",
        "merchant_return_url": "https://merchant.sandbox.invalid/return",
    });
    body.as_object_mut()
        .unwrap()
        .extend(extra.as_object().unwrap().clone());
    Request::post_json(path(sandbox, Provider::CmIdin, "/transaction"), &body)
}

/// Creates a transaction with `extra` in the body; its id and merchant reference.
async fn create(sandbox: &Sandbox, extra: Value) -> (String, String) {
    let answer = send(sandbox, create_request(sandbox, extra)).await;
    assert_eq!(
        answer.status,
        200,
        "{}",
        String::from_utf8_lossy(&answer.body)
    );
    let answer = answer.json();
    (
        answer["transaction_id"].as_str().unwrap().to_owned(),
        answer["merchant_reference"].as_str().unwrap().to_owned(),
    )
}

async fn read_issued(sandbox: &Sandbox, (id, reference): &(String, String)) -> Value {
    let request = Request::post_json(
        path(sandbox, Provider::CmIdin, "/status"),
        &json!({
            "merchant_token": sandbox.credentials().idin_merchant_token,
            "transaction_id": id,
            "merchant_reference": reference,
        }),
    );
    let response = send(sandbox, request).await;
    assert_eq!(response.status, 200);
    response.json()
}

/// CM: `transaction_reference` is "the optional custom reference you provided
/// when creating the transaction. If not provided, will return null."
#[tokio::test]
async fn each_issued_transaction_answers_its_own_transaction_reference_and_issuer() {
    let sandbox = txstatus_sandbox::start().await.unwrap();
    let cases = [
        (
            json!({ "transaction_reference": "order-7", "name": true }),
            json!("order-7"),
            "SBXBNL2S",
        ),
        (
            json!({ "transaction_reference": "order-8", "issuer_id": "SBXCNL2S", "name": true }),
            json!("order-8"),
            "SBXCNL2S",
        ),
        (json!({ "name": true }), Value::Null, "SBXBNL2S"),
    ];
    for (extra, reference, issuer) in cases {
        let issued = create(&sandbox, extra).await;
        for expected_identity in [false, true, false] {
            let body = read_issued(&sandbox, &issued).await;
            assert_eq!(has_identity(&body), expected_identity, "{body}");
            assert_eq!(body["transaction_id"], issued.0.as_str(), "{body}");
            assert_eq!(body["transaction_reference"], reference, "{body}");
            assert!(
                body.as_object()
                    .unwrap()
                    .contains_key("transaction_reference")
            );
            assert_eq!(body["issuer_id"], issuer, "{body}");
        }
    }
}

/// The identity of an issued transaction holds only what its creation asked
/// for; `bin` is always there, the user's own only with `identity`, otherwise
/// one that differs every time (CM's words).
#[tokio::test]
async fn an_issued_transaction_answers_only_the_attributes_asked() {
    let sandbox = txstatus_sandbox::start().await.unwrap();
    let identity_of = |extra: Value| {
        let sandbox = &sandbox;
        async move {
            let issued = create(sandbox, extra).await;
            assert_eq!(read_issued(sandbox, &issued).await["status"], "open");
            let body = read_issued(sandbox, &issued).await;
            assert_eq!(body["status"], "success");
            assert!(body.get("notice_code").is_none(), "{body}");
            body
        }
    };

    let some = identity_of(json!({ "name": true, "18y_or_older": true, "gender": false })).await;
    assert_eq!(some["name"]["last_name"], "Sandbox");
    assert!(some["name"].get("gender").is_none(), "{some}");
    assert_eq!(some["age"]["18y_or_older"], true);
    assert!(some["age"].get("date_of_birth").is_none(), "{some}");
    for absent in ["address", "email_address", "telephone_number"] {
        assert!(some.get(absent).is_none(), "{absent}: {some}");
    }

    let all = identity_of(json!({
        "identity": true, "name": true, "gender": true, "address": true,
        "date_of_birth": true, "18y_or_older": true, "email_address": true,
        "telephone_number": true,
    }))
    .await;
    for present in ["bin", "address", "email_address", "telephone_number"] {
        assert!(all.get(present).is_some(), "{present}: {all}");
    }
    assert_eq!(all["name"]["gender"], "female");
    assert_eq!(all["age"]["date_of_birth"], "1990-01-01");

    let gender_only = identity_of(json!({ "gender": true })).await;
    assert_eq!(gender_only["name"], json!({ "gender": "female" }));
    assert!(gender_only.get("age").is_none(), "{gender_only}");

    // Nothing asked: a bin of its own and nothing personal besides.
    let nothing = identity_of(json!({})).await;
    for absent in [
        "name",
        "address",
        "age",
        "email_address",
        "telephone_number",
    ] {
        assert!(nothing.get(absent).is_none(), "{absent}: {nothing}");
    }
    let again = identity_of(json!({ "identity": false })).await;
    let consistent = identity_of(json!({ "identity": true })).await;
    let bin = |body: &Value| body["bin"].as_str().unwrap().to_owned();
    assert_ne!(bin(&nothing), bin(&again));
    assert_ne!(bin(&nothing), bin(&consistent));
    assert_eq!(bin(&consistent), bin(&all));
    assert!(bin(&nothing).starts_with("SBXBNL"), "{nothing}");
}

/// CM hands the identity out only within 30 s of the user's return: by time,
/// not by how many reads came before. The durations are settings, so nothing
/// here waits.
#[tokio::test]
async fn the_identity_of_an_issued_transaction_is_late_past_the_data_window() {
    let no_window = Sandbox::builder()
        .idin_data_window(std::time::Duration::ZERO)
        .start()
        .await
        .unwrap();
    let issued = create(&no_window, json!({ "name": true })).await;
    assert_eq!(read_issued(&no_window, &issued).await["status"], "open");
    let late = read_issued(&no_window, &issued).await;
    assert_eq!(late["status"], "success");
    assert_eq!(late["notice_code"], 2000);
    assert!(!has_identity(&late), "{late}");

    // The user was back before the first read: no `open`, the identity at once...
    let back = Sandbox::builder()
        .idin_return_after(std::time::Duration::ZERO)
        .start()
        .await
        .unwrap();
    let issued = create(&back, json!({ "name": true })).await;
    assert!(has_identity(&read_issued(&back, &issued).await));
    assert_eq!(read_issued(&back, &issued).await["notice_code"], 2000);

    // ... unless the window after that return has passed by the first read.
    let back_and_late = Sandbox::builder()
        .idin_return_after(std::time::Duration::ZERO)
        .idin_data_window(std::time::Duration::ZERO)
        .start()
        .await
        .unwrap();
    let issued = create(&back_and_late, json!({ "name": true })).await;
    let late = read_issued(&back_and_late, &issued).await;
    assert_eq!(late["notice_code"], 2000, "{late}");
    assert!(!has_identity(&late), "{late}");
}

/// CM starts a flow only at a bank of its directory, with boolean attribute
/// flags: anything else is its documented 400 `{"message"}`, and issues no id.
#[tokio::test]
async fn a_creation_outside_the_directory_or_with_malformed_fields_is_400() {
    let sandbox = txstatus_sandbox::start().await.unwrap();
    let directory = send(
        &sandbox,
        Request::post_json(
            path(&sandbox, Provider::CmIdin, "/directory"),
            &json!({ "merchant_token": sandbox.credentials().idin_merchant_token }),
        ),
    )
    .await
    .json();
    let listed: Vec<&str> = directory
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|country| country["issuers"].as_array().unwrap())
        .map(|issuer| issuer["issuer_id"].as_str().unwrap())
        .collect();
    for refused in [
        json!({ "issuer_id": "RABONL2U" }),
        json!({ "issuer_id": "sbxbnl2s" }),
        json!({ "issuer_id": "SBXBNL2S " }),
        json!({ "issuer_id": "SBXBNL2SXXX" }),
        json!({ "name": "true" }),
        json!({ "identity": 1 }),
        json!({ "transaction_reference": 7 }),
        json!({ "transaction_reference": { "a": 1 } }),
    ] {
        let answer = send(&sandbox, create_request(&sandbox, refused.clone())).await;
        assert_eq!(answer.status, 400, "{refused}");
        assert!(answer.json()["message"].is_string(), "{refused}");
    }
    // The refused ones issued nothing: the first id issued is the first.
    let mut serial = 0;
    for issuer in listed {
        serial += 1;
        let (id, _) = create(&sandbox, json!({ "issuer_id": issuer })).await;
        assert_eq!(id, format!("{}{serial}", idin::ISSUED_PREFIX));
    }
    assert!(serial >= 2);
}

/// CM's test bank (`/test`) keeps its own transactions: an id it issued is not
/// found in production, nor the other way round.
#[tokio::test]
async fn an_issued_transaction_is_found_only_in_the_environment_that_created_it() {
    let sandbox = txstatus_sandbox::start().await.unwrap();
    let token = sandbox.credentials().idin_merchant_token.clone();
    for (created_on, other) in [("/test", ""), ("", "/test")] {
        let answer = send(
            &sandbox,
            Request::post_json(
                path(
                    &sandbox,
                    Provider::CmIdin,
                    &format!("{created_on}/transaction"),
                ),
                &json!({
                    "merchant_token": token,
                    "issuer_id": "SBXBNL2S",
                    "merchant_return_url": "https://merchant.sandbox.invalid/return",
                }),
            ),
        )
        .await
        .json();
        let read_on = |prefix: &str| {
            Request::post_json(
                path(&sandbox, Provider::CmIdin, &format!("{prefix}/status")),
                &json!({
                    "merchant_token": token,
                    "transaction_id": answer["transaction_id"],
                    "merchant_reference": answer["merchant_reference"],
                }),
            )
        };
        assert_eq!(
            send(&sandbox, read_on(other)).await.status,
            404,
            "{created_on}"
        );
        assert_eq!(
            send(&sandbox, read_on(created_on)).await.status,
            200,
            "{created_on}"
        );
    }
}
