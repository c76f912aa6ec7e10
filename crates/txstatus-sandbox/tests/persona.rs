//! Persona: API key, required headers, error bodies, rate-limit headers.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use crate::support;

use support::{Request, path, send};
use txstatus_sandbox::{Provider, Sandbox, ids::persona};

fn request(sandbox: &Sandbox) -> Request {
    Request::get(path(
        sandbox,
        Provider::Persona,
        &format!("/transactions/{}", persona::COMPLETED),
    ))
}

fn title(response: &support::Response) -> String {
    response.json()["errors"][0]["title"]
        .as_str()
        .unwrap()
        .to_owned()
}

#[tokio::test]
async fn accepts_the_api_key_with_both_headers() {
    let sandbox = txstatus_sandbox::start().await.unwrap();
    let key = sandbox.credentials().persona_api_key.clone();
    let response = send(
        &sandbox,
        request(&sandbox)
            .bearer(&key)
            .header("Key-Inflection", "kebab")
            .header("Persona-Version", "2025-12-08"),
    )
    .await;
    assert_eq!(response.status, 200);
    assert_eq!(response.header("content-type"), Some("application/json"));
    let body = response.json();
    assert_eq!(body["data"]["attributes"]["status"], "completed");
    assert_eq!(
        body["data"]["attributes"]["fields"]["name-first"]["value"],
        "Jane"
    );
}

#[tokio::test]
async fn refuses_a_missing_or_wrong_key_with_401() {
    let sandbox = txstatus_sandbox::start().await.unwrap();
    for auth in [
        None,
        Some("Bearer wrong"),
        Some("Basic abc"),
        Some("persona_sandbox"),
    ] {
        let mut req = request(&sandbox)
            .header("Key-Inflection", "kebab")
            .header("Persona-Version", "2025-12-08");
        if let Some(auth) = auth {
            req = req.header("Authorization", auth);
        }
        let response = send(&sandbox, req).await;
        assert_eq!(response.status, 401, "{auth:?}");
        assert_eq!(
            title(&response),
            "Must be authenticated to access this endpoint"
        );
    }
    assert_eq!(sandbox.reads(Provider::Persona, persona::COMPLETED), 0);
}

#[tokio::test]
async fn requires_key_inflection_kebab_and_a_version() {
    let sandbox = txstatus_sandbox::start().await.unwrap();
    let key = sandbox.credentials().persona_api_key.clone();
    let cases = [
        (None, Some("2025-12-08")),
        (Some("camel"), Some("2025-12-08")),
        (Some("kebab"), None),
        (Some("kebab"), Some("latest")),
    ];
    for (inflection, version) in cases {
        let mut req = request(&sandbox).bearer(&key);
        if let Some(inflection) = inflection {
            req = req.header("Key-Inflection", inflection);
        }
        if let Some(version) = version {
            req = req.header("Persona-Version", version);
        }
        let response = send(&sandbox, req).await;
        assert_eq!(response.status, 400, "{inflection:?} {version:?}");
        assert_eq!(title(&response), "Bad Request");
        assert!(response.json()["errors"][0]["details"].is_string());
    }
}

#[tokio::test]
async fn every_response_carries_request_id_and_rate_limit_headers() {
    let sandbox = txstatus_sandbox::Sandbox::builder()
        .persona_rate_limit(5)
        .start()
        .await
        .unwrap();
    let key = sandbox.credentials().persona_api_key.clone();
    let ok = send(
        &sandbox,
        request(&sandbox)
            .bearer(&key)
            .header("Key-Inflection", "kebab")
            .header("Persona-Version", "2025-12-08"),
    )
    .await;
    let refused = send(&sandbox, request(&sandbox)).await;
    assert_eq!(refused.status, 401);
    for response in [&ok, &refused] {
        assert!(response.header("request-id").is_some_and(|v| !v.is_empty()));
        assert_eq!(response.header("ratelimit-limit"), Some("5"));
        let reset: u64 = response.header("ratelimit-reset").unwrap().parse().unwrap();
        assert!((1..=60).contains(&reset));
    }
    assert_eq!(ok.header("ratelimit-remaining"), Some("4"));
    assert_eq!(refused.header("ratelimit-remaining"), Some("3"));
    assert_ne!(ok.header("request-id"), refused.header("request-id"));
}

#[tokio::test]
async fn the_429_has_persona_body_and_zero_remaining() {
    let sandbox = txstatus_sandbox::start().await.unwrap();
    let key = sandbox.credentials().persona_api_key.clone();
    let response = send(
        &sandbox,
        Request::get(path(
            &sandbox,
            Provider::Persona,
            &format!("/transactions/{}", persona::RATE_LIMITED),
        ))
        .bearer(&key)
        .header("Key-Inflection", "kebab")
        .header("Persona-Version", "2025-12-08"),
    )
    .await;
    assert_eq!(response.status, 429);
    assert_eq!(title(&response), "Rate limit exceeded");
    assert_eq!(response.header("ratelimit-remaining"), Some("0"));
    assert_eq!(response.header("retry-after"), Some("1"));
}

#[tokio::test]
async fn unknown_paths_under_the_prefix_get_persona_404() {
    let sandbox = txstatus_sandbox::start().await.unwrap();
    let response = send(
        &sandbox,
        Request::get(path(&sandbox, Provider::Persona, "/inquiries/inq_1")),
    )
    .await;
    assert_eq!(response.status, 404);
    assert_eq!(title(&response), "Record not found");
}
