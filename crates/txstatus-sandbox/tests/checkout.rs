//! CM.com Checkout: OAuth client credentials, token expiry, transaction documents.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use crate::support;

use std::time::Duration;

use support::{Request, path, send};
use txstatus_sandbox::{Provider, Sandbox, ids::checkout};

fn token_request(sandbox: &Sandbox, form: &str) -> Request {
    Request::post(
        path(sandbox, Provider::CmCheckout, "/authorization/oauth2/token"),
        "application/x-www-form-urlencoded",
        form.as_bytes().to_vec(),
    )
}

fn good_form(sandbox: &Sandbox) -> String {
    let c = sandbox.credentials();
    format!(
        "grant_type=client_credentials&client_id={}&client_secret={}",
        c.checkout_client_id, c.checkout_client_secret
    )
}

fn transaction(sandbox: &Sandbox, id: &str) -> Request {
    Request::get(path(
        sandbox,
        Provider::CmCheckout,
        &format!("/paymentmethods/checkout/v1/transactions/{id}"),
    ))
}

#[tokio::test]
async fn issues_tokens_for_client_credentials_and_accepts_them() {
    let sandbox = txstatus_sandbox::start().await.unwrap();
    let response = send(&sandbox, token_request(&sandbox, &good_form(&sandbox))).await;
    assert_eq!(response.status, 200);
    assert_eq!(response.header("cache-control"), Some("no-store"));
    let body = response.json();
    assert_eq!(body["token_type"], "Bearer");
    assert_eq!(body["expires_in"], 3600);
    let token = body["access_token"].as_str().unwrap();

    let response = send(
        &sandbox,
        transaction(&sandbox, checkout::PROGRESS).bearer(token),
    )
    .await;
    assert_eq!(response.status, 200);
    let body = response.json();
    assert_eq!(body["status"], "OPEN");
    assert!(body["action"]["redirect"]["url"].is_string());
    assert_eq!(body["consumer"]["familyName"], "Sandbox");

    let body = send(
        &sandbox,
        transaction(&sandbox, checkout::PROGRESS).bearer(token),
    )
    .await
    .json();
    assert_eq!(body["status"], "PENDING");
    assert!(
        body.get("action").is_none(),
        "action exists only while OPEN"
    );
    assert_eq!(body["payments"][0]["status"], "PENDING");
}

#[tokio::test]
async fn the_token_endpoint_refuses_bad_requests() {
    let sandbox = txstatus_sandbox::start().await.unwrap();
    let c = sandbox.credentials().clone();
    let cases = [
        (
            format!(
                "grant_type=client_credentials&client_id={}&client_secret=wrong",
                c.checkout_client_id
            ),
            401,
            "invalid_client",
        ),
        (
            format!(
                "grant_type=client_credentials&client_id=other&client_secret={}",
                c.checkout_client_secret
            ),
            401,
            "invalid_client",
        ),
        (
            format!(
                "grant_type=client_credentials&client_id={}",
                c.checkout_client_id
            ),
            401,
            "invalid_client",
        ),
        (
            format!(
                "grant_type=password&client_id={}&client_secret={}",
                c.checkout_client_id, c.checkout_client_secret
            ),
            400,
            "unsupported_grant_type",
        ),
        (
            format!(
                "client_id={}&client_secret={}",
                c.checkout_client_id, c.checkout_client_secret
            ),
            400,
            "invalid_request",
        ),
        ("grant_type=%zz".to_owned(), 400, "invalid_request"),
    ];
    for (form, status, error) in cases {
        let response = send(&sandbox, token_request(&sandbox, &form)).await;
        assert_eq!(response.status, status, "{form}");
        assert_eq!(response.json()["error"], error, "{form}");
    }
    let json_body = Request::post_json(
        path(
            &sandbox,
            Provider::CmCheckout,
            "/authorization/oauth2/token",
        ),
        &serde_json::json!({
            "grant_type": "client_credentials",
            "client_id": c.checkout_client_id,
            "client_secret": c.checkout_client_secret,
        }),
    );
    let response = send(&sandbox, json_body).await;
    assert_eq!(response.status, 400, "a JSON body is not a form body");
    assert_eq!(response.json()["error"], "invalid_request");
}

#[tokio::test]
async fn percent_encoded_form_values_are_decoded() {
    let credentials = txstatus_sandbox::Credentials {
        checkout_client_secret: "s3cret+/=&?".to_owned(),
        ..txstatus_sandbox::Credentials::default()
    };
    let sandbox = Sandbox::builder()
        .credentials(credentials)
        .start()
        .await
        .unwrap();
    let form = format!(
        "grant_type=client_credentials&client_id={}&client_secret=s3cret%2B%2F%3D%26%3F",
        sandbox.credentials().checkout_client_id
    );
    assert_eq!(
        send(&sandbox, token_request(&sandbox, &form)).await.status,
        200
    );
    let raw = format!(
        "grant_type=client_credentials&client_id={}&client_secret=s3cret+/=&?",
        sandbox.credentials().checkout_client_id
    );
    assert_eq!(
        send(&sandbox, token_request(&sandbox, &raw)).await.status,
        401
    );
}

#[tokio::test]
async fn expired_unknown_and_revoked_tokens_are_401() {
    let sandbox = txstatus_sandbox::start().await.unwrap();
    let expired = sandbox.issue_checkout_token(Duration::ZERO);
    let short = sandbox.issue_checkout_token(Duration::from_millis(1_000));
    let long = sandbox.issue_checkout_token(Duration::from_secs(60));

    let response = send(
        &sandbox,
        transaction(&sandbox, checkout::SUCCESS).bearer(&expired),
    )
    .await;
    assert_eq!(response.status, 401);
    assert_eq!(response.json()["error"], "invalid_token");
    assert!(
        response
            .header("www-authenticate")
            .unwrap()
            .starts_with("Bearer")
    );

    let unknown = send(
        &sandbox,
        transaction(&sandbox, checkout::SUCCESS).bearer("sbx-at-0-1"),
    )
    .await;
    assert_eq!(unknown.status, 401);
    assert_eq!(
        send(&sandbox, transaction(&sandbox, checkout::SUCCESS))
            .await
            .status,
        401
    );

    assert_eq!(
        send(
            &sandbox,
            transaction(&sandbox, checkout::SUCCESS).bearer(&short)
        )
        .await
        .status,
        200
    );
    tokio::time::sleep(Duration::from_millis(1_050)).await;
    assert_eq!(
        send(
            &sandbox,
            transaction(&sandbox, checkout::SUCCESS).bearer(&short)
        )
        .await
        .status,
        401
    );

    assert_eq!(
        send(
            &sandbox,
            transaction(&sandbox, checkout::SUCCESS).bearer(&long)
        )
        .await
        .status,
        200
    );
    sandbox.revoke_checkout_tokens();
    assert_eq!(
        send(
            &sandbox,
            transaction(&sandbox, checkout::SUCCESS).bearer(&long)
        )
        .await
        .status,
        401
    );
}

#[tokio::test]
async fn token_lifetime_is_configurable() {
    let sandbox = Sandbox::builder()
        .checkout_token_lifetime(Duration::from_secs(2))
        .start()
        .await
        .unwrap();
    let body = send(&sandbox, token_request(&sandbox, &good_form(&sandbox)))
        .await
        .json();
    assert_eq!(body["expires_in"], 2);

    sandbox.set_checkout_token_lifetime(Duration::from_millis(100));
    let body = send(&sandbox, token_request(&sandbox, &good_form(&sandbox)))
        .await
        .json();
    assert_eq!(body["expires_in"], 1, "partial seconds round up");
    let token = body["access_token"].as_str().unwrap().to_owned();
    tokio::time::sleep(Duration::from_millis(150)).await;
    assert_eq!(
        send(
            &sandbox,
            transaction(&sandbox, checkout::SUCCESS).bearer(&token)
        )
        .await
        .status,
        401
    );
}

#[tokio::test]
async fn tokens_do_not_cross_instances() {
    let first = txstatus_sandbox::start().await.unwrap();
    let second = txstatus_sandbox::start().await.unwrap();
    let token = first.issue_checkout_token(Duration::from_secs(60));
    assert_eq!(
        send(
            &second,
            transaction(&second, checkout::SUCCESS).bearer(&token)
        )
        .await
        .status,
        401
    );
}
