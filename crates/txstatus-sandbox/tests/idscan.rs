//! CM.com ID Scan: JWT verification, results, downloads.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use crate::support;

use serde_json::{Value, json};
use support::{Request, base64url, idscan_token, jwt, path, read, send, unix_now};
use txstatus_sandbox::{Provider, Sandbox, ids::idscan};

fn transaction(sandbox: &Sandbox, id: &str) -> Request {
    Request::get(path(
        sandbox,
        Provider::CmIdScan,
        &format!("/transactions/{id}"),
    ))
}

fn header(sandbox: &Sandbox) -> Value {
    json!({ "alg": "HS256", "typ": "JWT", "kid": sandbox.credentials().idscan_key_id })
}

fn claims() -> Value {
    let now = unix_now();
    json!({ "iat": now, "nbf": now, "exp": now + 60 })
}

#[tokio::test]
async fn accepts_a_token_signed_with_the_key_secret() {
    let sandbox = txstatus_sandbox::start().await.unwrap();
    let token = idscan_token(&sandbox);
    let response = send(
        &sandbox,
        transaction(&sandbox, idscan::COMPLETED).bearer(&token),
    )
    .await;
    assert_eq!(response.status, 200);
    assert_eq!(response.json()["state"], "completed");
    // Slight clock skew on nbf is tolerated.
    let now = unix_now();
    let skewed = jwt(
        &header(&sandbox),
        &json!({ "iat": now + 3, "nbf": now + 3, "exp": now + 60 }),
        &sandbox.credentials().idscan_secret,
    );
    let response = send(
        &sandbox,
        transaction(&sandbox, idscan::COMPLETED).bearer(&skewed),
    )
    .await;
    assert_eq!(response.status, 200);
}

#[tokio::test]
async fn refuses_bad_tokens_with_401_and_a_reason() {
    let sandbox = txstatus_sandbox::start().await.unwrap();
    let secret = sandbox.credentials().idscan_secret.clone();
    let now = unix_now();
    let good = idscan_token(&sandbox);
    let (signed, _) = good.rsplit_once('.').unwrap();
    let cases: Vec<(&str, String)> = vec![
        (
            "wrong secret",
            jwt(&header(&sandbox), &claims(), "not-the-secret"),
        ),
        (
            "wrong kid",
            jwt(
                &json!({ "alg": "HS256", "kid": "other-key" }),
                &claims(),
                &secret,
            ),
        ),
        (
            "no kid",
            jwt(&json!({ "alg": "HS256" }), &claims(), &secret),
        ),
        (
            "alg none",
            jwt(
                &json!({ "alg": "none", "kid": sandbox.credentials().idscan_key_id }),
                &claims(),
                &secret,
            ),
        ),
        (
            "expired",
            jwt(
                &header(&sandbox),
                &json!({ "iat": now - 120, "nbf": now - 120, "exp": now - 60 }),
                &secret,
            ),
        ),
        (
            "not yet valid",
            jwt(
                &header(&sandbox),
                &json!({ "iat": now, "nbf": now + 60, "exp": now + 120 }),
                &secret,
            ),
        ),
        (
            "no nbf",
            jwt(
                &header(&sandbox),
                &json!({ "iat": now, "exp": now + 60 }),
                &secret,
            ),
        ),
        (
            "no exp",
            jwt(
                &header(&sandbox),
                &json!({ "iat": now, "nbf": now }),
                &secret,
            ),
        ),
        (
            "no iat",
            jwt(
                &header(&sandbox),
                &json!({ "nbf": now, "exp": now + 60 }),
                &secret,
            ),
        ),
        (
            "iat in the future",
            jwt(
                &header(&sandbox),
                &json!({ "iat": now + 60, "nbf": now, "exp": now + 60 }),
                &secret,
            ),
        ),
        ("unsigned", format!("{signed}.")),
        ("padded", format!("{good}=")),
        (
            "standard base64",
            good.replace('-', "+").replace('_', "/") + "+/",
        ),
        ("secret as key", sandbox.credentials().idscan_secret.clone()),
        ("signature over the payload only", {
            let payload = base64url(&serde_json::to_vec(&claims()).unwrap());
            let head = base64url(&serde_json::to_vec(&header(&sandbox)).unwrap());
            let key = ring::hmac::Key::new(ring::hmac::HMAC_SHA256, secret.as_bytes());
            let sig = ring::hmac::sign(&key, payload.as_bytes());
            format!("{head}.{payload}.{}", base64url(sig.as_ref()))
        }),
    ];
    for (case, token) in cases {
        let response = send(
            &sandbox,
            transaction(&sandbox, idscan::COMPLETED).bearer(&token),
        )
        .await;
        assert_eq!(response.status, 401, "{case}");
        assert!(
            response.json()["message"]
                .as_str()
                .is_some_and(|m| !m.is_empty()),
            "{case}"
        );
    }
    let response = send(&sandbox, transaction(&sandbox, idscan::COMPLETED)).await;
    assert_eq!(response.status, 401, "no Authorization header");
    assert_eq!(sandbox.reads(Provider::CmIdScan, idscan::COMPLETED), 0);
}

#[tokio::test]
async fn pending_documents_link_downloads_on_the_sandbox() {
    let sandbox = txstatus_sandbox::start().await.unwrap();
    let token = idscan_token(&sandbox);
    let body = send(
        &sandbox,
        transaction(&sandbox, idscan::STUCK).bearer(&token),
    )
    .await
    .json();
    let url = body["tasks"][0]["documentScans"][0]["files"][0]["url"]
        .as_str()
        .unwrap()
        .to_owned();
    let prefix = format!("{}/downloads/", sandbox.idscan_base_url());
    assert!(url.starts_with(&prefix), "{url}");
    let file = send(
        &sandbox,
        Request::get(url.strip_prefix(sandbox.root_url()).unwrap()).bearer(&token),
    )
    .await;
    assert_eq!(file.status, 200);
    assert_eq!(file.header("content-type"), Some("image/png"));
    assert!(file.body.starts_with(b"\x89PNG"));

    let download = path(
        &sandbox,
        Provider::CmIdScan,
        &format!("/downloads/{}", idscan::DOWNLOAD_TOKEN),
    );
    assert_eq!(
        send(&sandbox, Request::get(download.clone())).await.status,
        401
    );
    assert_eq!(
        send(
            &sandbox,
            Request::get(download.replace("0001", "9999")).bearer(&token)
        )
        .await
        .status,
        404
    );
}

#[tokio::test]
async fn results_exist_once_completed() {
    let sandbox = txstatus_sandbox::start().await.unwrap();
    let token = idscan_token(&sandbox);
    let result = |id: &str, result_id: &str| {
        Request::get(path(
            &sandbox,
            Provider::CmIdScan,
            &format!("/transactions/{id}/results/{result_id}"),
        ))
        .bearer(&token)
    };
    assert_eq!(
        send(&sandbox, result(idscan::PROGRESS, idscan::RESULT_ID))
            .await
            .status,
        404
    );
    assert_eq!(
        read(&sandbox, Provider::CmIdScan, idscan::PROGRESS)
            .await
            .1
            .as_deref(),
        Some("pending")
    );
    assert_eq!(
        send(&sandbox, result(idscan::PROGRESS, idscan::RESULT_ID))
            .await
            .status,
        404
    );
    assert_eq!(
        read(&sandbox, Provider::CmIdScan, idscan::PROGRESS)
            .await
            .1
            .as_deref(),
        Some("completed")
    );
    let response = send(&sandbox, result(idscan::PROGRESS, idscan::RESULT_ID)).await;
    assert_eq!(response.status, 200);
    let body = response.json();
    assert_eq!(body["id"], idscan::PROGRESS);
    assert_eq!(body["state"], "completed");
    // Reading the result does not advance the scenario.
    assert_eq!(sandbox.reads(Provider::CmIdScan, idscan::PROGRESS), 2);
    assert_eq!(
        send(&sandbox, result(idscan::COMPLETED, "other"))
            .await
            .status,
        404
    );
    assert_eq!(
        send(&sandbox, result(idscan::COMPLETED, idscan::RESULT_ID))
            .await
            .status,
        200
    );
    assert_eq!(
        send(&sandbox, result(idscan::NOT_FOUND, idscan::RESULT_ID))
            .await
            .status,
        404
    );
}

#[tokio::test]
async fn completed_and_expired_documents_have_no_files() {
    let sandbox = txstatus_sandbox::start().await.unwrap();
    let token = idscan_token(&sandbox);
    for id in [idscan::COMPLETED, idscan::EXPIRED] {
        let body = send(&sandbox, transaction(&sandbox, id).bearer(&token))
            .await
            .json();
        assert!(!body.to_string().contains("/downloads/"), "{id}");
    }
}
