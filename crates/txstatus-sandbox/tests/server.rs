//! The server as a whole: keep-alive, counters, rate observation, env lines, shutdown.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use crate::support;

use support::{Conn, Request, path, read, send, status_request};
use txstatus_sandbox::{Provider, persona_ids};

#[tokio::test]
async fn two_requests_on_one_connection_count_one_connection() {
    let sandbox = txstatus_sandbox::start().await.unwrap();
    let mut conn = Conn::open(sandbox.addr()).await;
    let first = conn
        .send(&status_request(&sandbox, Provider::Persona, "sbx-progress"))
        .await;
    let second = conn
        .send(&status_request(&sandbox, Provider::Persona, "sbx-progress"))
        .await;
    assert_eq!((first.status, second.status), (200, 200));
    assert_eq!(second.json()["data"]["attributes"]["status"], "pending");
    let stats = sandbox.stats();
    assert_eq!(stats.connections, 1);
    assert_eq!(stats.persona.connections, 1);
    assert_eq!(stats.persona.requests, 2);
}

#[tokio::test]
async fn the_first_provider_request_decides_a_connections_provider() {
    let sandbox = txstatus_sandbox::start().await.unwrap();
    let mut conn = Conn::open(sandbox.addr()).await;
    assert_eq!(conn.send(&Request::get("/nowhere")).await.status, 404);
    conn.send(&status_request(&sandbox, Provider::CmIdin, "sbx-late"))
        .await;
    conn.send(&status_request(
        &sandbox,
        Provider::OneSpan,
        "sbx-completed",
    ))
    .await;
    let mut other = Conn::open(sandbox.addr()).await;
    other
        .send(&status_request(
            &sandbox,
            Provider::OneSpan,
            "sbx-completed",
        ))
        .await;
    let stats = sandbox.stats();
    assert_eq!(stats.connections, 2);
    assert_eq!(stats.unmatched_requests, 1);
    assert_eq!(stats.cm_idin.connections, 1);
    assert_eq!(stats.cm_idin.requests, 1);
    assert_eq!(stats.onespan.connections, 1);
    assert_eq!(stats.onespan.requests, 2);
    assert_eq!(stats.total_requests(), 4);
}

#[tokio::test]
async fn counters_include_refused_requests_and_reset() {
    let sandbox = txstatus_sandbox::start().await.unwrap();
    for provider in Provider::ALL {
        read(&sandbox, provider, "sbx-completed").await;
    }
    send(
        &sandbox,
        Request::get(support::path(
            &sandbox,
            Provider::Persona,
            "/transactions/x",
        )),
    )
    .await;
    let stats = sandbox.stats();
    assert_eq!(stats.connections, 6);
    assert_eq!(stats.persona.requests, 2);
    assert_eq!(stats.persona.connections, 2);
    for provider in Provider::ALL {
        let counts = stats.provider(provider);
        assert!(counts.requests >= 1, "{provider}");
        assert!(counts.peak_requests_per_second >= 1, "{provider}");
    }
    assert_eq!(stats.persona.peak_requests_per_second, 2);
    sandbox.reset_stats();
    let stats = sandbox.stats();
    assert_eq!(stats, txstatus_sandbox::Stats::default());
}

#[tokio::test]
async fn unknown_prefixes_are_404_json() {
    let sandbox = txstatus_sandbox::start().await.unwrap();
    let response = send(&sandbox, Request::get("/stripe/v1/charges")).await;
    assert_eq!(response.status, 404);
    assert!(response.json()["message"].is_string());
    assert!(response.header("request-id").is_some());
}

#[tokio::test]
async fn debug_redacts_secrets() {
    let sandbox = txstatus_sandbox::start().await.unwrap();
    let debug = format!("{sandbox:?}");
    let c = sandbox.credentials();
    for secret in [
        &c.persona_api_key,
        &c.idscan_secret,
        &c.idin_merchant_token,
        &c.checkout_client_secret,
        &c.onespan_token,
    ] {
        assert!(!debug.contains(secret.as_str()), "{debug}");
    }
}

#[tokio::test]
async fn start_on_a_port_and_shut_down() {
    // Find a free port, release it, then ask for it explicitly.
    let port = {
        let probe = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        probe.local_addr().unwrap().port()
    };
    let sandbox = txstatus_sandbox::start_on(port).await.unwrap();
    assert_eq!(sandbox.addr().port(), port);
    // An idle keep-alive connection must not hold the shutdown up.
    let mut conn = Conn::open(sandbox.addr()).await;
    conn.send(&status_request(
        &sandbox,
        Provider::OneSpan,
        "sbx-completed",
    ))
    .await;
    let addr = sandbox.addr();
    tokio::time::timeout(std::time::Duration::from_secs(3), sandbox.shutdown())
        .await
        .expect("shutdown within 3 s");
    assert!(tokio::net::TcpStream::connect(addr).await.is_err());
}

#[tokio::test]
async fn creates_past_the_instance_budget_are_refused_and_reads_still_answer() {
    const BUDGET: u64 = 1024 * 1024;
    let sandbox = txstatus_sandbox::Sandbox::builder()
        .max_kept_bytes(BUDGET)
        .start()
        .await
        .unwrap();
    let big = "x".repeat(100 * 1024);
    let mut created = 0u64;
    let mut refused = 0u64;
    for n in 0..40 {
        let body = serde_json::json!({"data": {"attributes": {
            "transaction-type-id": persona_ids::TRANSACTION_TYPE_ID,
            "fields": {"note": big},
        }}});
        let request = Request::post_json(path(&sandbox, Provider::Persona, "/transactions"), &body)
            .bearer(&sandbox.credentials().persona_api_key)
            .header("Key-Inflection", "kebab")
            .header("Persona-Version", "2025-12-08")
            .header("Idempotency-Key", &format!("key-{n}"));
        match send(&sandbox, request).await.status {
            201 => created += 1,
            507 => refused += 1,
            other => panic!("create {n}: {other}"),
        }
    }
    assert!(created >= 1, "creates within the budget are kept");
    assert!(
        refused >= 1,
        "every create was kept: nothing bounds the memory"
    );
    // Each create keeps its body twice (the transaction and its idempotency copy).
    assert!(
        created * 2 * 100 * 1024 <= BUDGET,
        "{created} creates kept past a budget of {BUDGET} bytes"
    );
    assert_eq!(
        read(&sandbox, Provider::Persona, "sbx-progress").await.0,
        200
    );
}
