//! Scenario progressions, faults and final states, for every provider.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use crate::support;

use support::{read, send, status_request};
use txstatus_sandbox::{Provider, ids};

fn ok(status: &str) -> (u16, Option<String>) {
    (200, Some(status.to_owned()))
}

async fn reads(
    sandbox: &txstatus_sandbox::Sandbox,
    provider: Provider,
    id: &str,
    n: usize,
) -> Vec<(u16, Option<String>)> {
    let mut seen = Vec::new();
    for _ in 0..n {
        seen.push(read(sandbox, provider, id).await);
    }
    seen
}

#[tokio::test]
async fn progress_advances_on_each_read_until_final() {
    let sandbox = txstatus_sandbox::start().await.unwrap();
    let expected: [(Provider, &[&str]); 5] = [
        (
            Provider::Persona,
            &["created", "pending", "completed", "completed"],
        ),
        (Provider::CmIdScan, &["pending", "completed", "completed"]),
        (Provider::CmIdin, &["open", "success", "success"]),
        (
            Provider::CmCheckout,
            &["OPEN", "PENDING", "SUCCESS", "SUCCESS"],
        ),
        (
            Provider::OneSpan,
            &["new", "workflow_in_progress", "completed", "completed"],
        ),
    ];
    for (provider, statuses) in expected {
        let seen = reads(&sandbox, provider, "sbx-progress", statuses.len()).await;
        let want: Vec<_> = statuses.iter().map(|s| ok(s)).collect();
        assert_eq!(seen, want, "{provider}");
        assert_eq!(sandbox.reads(provider, "sbx-progress"), statuses.len());
    }
}

#[tokio::test]
async fn rate_limited_answers_429_with_retry_after_then_succeeds() {
    let sandbox = txstatus_sandbox::start().await.unwrap();
    for (provider, done) in [
        (Provider::Persona, "completed"),
        (Provider::CmIdScan, "completed"),
        (Provider::CmIdin, "success"),
        (Provider::CmCheckout, "SUCCESS"),
        (Provider::OneSpan, "completed"),
    ] {
        let first = send(
            &sandbox,
            status_request(&sandbox, provider, ids::persona::RATE_LIMITED),
        )
        .await;
        assert_eq!(first.status, 429, "{provider}");
        assert_eq!(first.header("retry-after"), Some("1"), "{provider}");
        assert!(first.json().is_object(), "{provider}: JSON error body");
        assert_eq!(read(&sandbox, provider, "sbx-rate-limited").await, ok(done));
    }
}

#[tokio::test]
async fn unavailable_answers_503_with_a_non_json_body_then_succeeds() {
    let sandbox = txstatus_sandbox::start().await.unwrap();
    for (provider, done) in [
        (Provider::Persona, "completed"),
        (Provider::CmIdScan, "completed"),
        (Provider::CmIdin, "success"),
        (Provider::CmCheckout, "SUCCESS"),
        (Provider::OneSpan, "completed"),
    ] {
        let first = send(
            &sandbox,
            status_request(&sandbox, provider, "sbx-unavailable"),
        )
        .await;
        assert_eq!(first.status, 503, "{provider}");
        assert!(serde_json::from_slice::<serde_json::Value>(&first.body).is_err());
        assert_eq!(read(&sandbox, provider, "sbx-unavailable").await, ok(done));
    }
}

#[tokio::test]
async fn unknown_ids_get_the_providers_404_body() {
    let sandbox = txstatus_sandbox::start().await.unwrap();
    for provider in Provider::ALL {
        let response = send(
            &sandbox,
            status_request(&sandbox, provider, ids::persona::NOT_FOUND),
        )
        .await;
        assert_eq!(response.status, 404, "{provider}");
        let body = response.json();
        let message = match provider {
            Provider::Persona => body["errors"][0]["title"].as_str(),
            _ => body["message"].as_str(),
        };
        assert!(message.is_some_and(|m| !m.is_empty()), "{provider}: {body}");
    }
}

#[tokio::test]
async fn final_ids_are_terminal_at_once() {
    let sandbox = txstatus_sandbox::start().await.unwrap();
    let cases: &[(Provider, &str, &str)] = &[
        (Provider::Persona, ids::persona::COMPLETED, "completed"),
        (Provider::Persona, ids::persona::APPROVED, "approved"),
        (Provider::Persona, ids::persona::DECLINED, "declined"),
        (Provider::Persona, ids::persona::FAILED, "failed"),
        (Provider::Persona, ids::persona::EXPIRED, "expired"),
        (Provider::CmIdScan, ids::idscan::COMPLETED, "completed"),
        (Provider::CmIdScan, ids::idscan::EXPIRED, "expired"),
        (Provider::CmIdin, ids::idin::FAILURE, "failure"),
        (Provider::CmIdin, ids::idin::CANCELLED, "cancelled"),
        (Provider::CmIdin, ids::idin::EXPIRED, "expired"),
        (Provider::CmCheckout, ids::checkout::SUCCESS, "SUCCESS"),
        (Provider::CmCheckout, ids::checkout::FAILURE, "FAILURE"),
        (Provider::CmCheckout, ids::checkout::CANCELLED, "CANCELLED"),
        (Provider::CmCheckout, ids::checkout::EXPIRED, "EXPIRED"),
        (Provider::OneSpan, ids::onespan::COMPLETED, "completed"),
        (Provider::OneSpan, ids::onespan::ERROR, "error"),
        (Provider::OneSpan, ids::onespan::CANCELLED, "cancelled"),
        (Provider::OneSpan, ids::onespan::EXPIRED, "expired"),
    ];
    for &(provider, id, status) in cases {
        for _ in 0..2 {
            assert_eq!(
                read(&sandbox, provider, id).await,
                ok(status),
                "{provider} {id}"
            );
        }
    }
}

#[tokio::test]
async fn stuck_and_unknown_status_ids_never_finish() {
    let sandbox = txstatus_sandbox::start().await.unwrap();
    for (provider, stuck, unknown) in [
        (Provider::Persona, "pending", "awaiting-sandbox"),
        (Provider::CmIdScan, "pending", "sandbox_review"),
        (Provider::CmIdin, "open", "sandbox_hold"),
        (Provider::CmCheckout, "OPEN", "SANDBOX_HOLD"),
        (Provider::OneSpan, "workflow_in_progress", "sandbox_hold"),
    ] {
        for _ in 0..3 {
            assert_eq!(read(&sandbox, provider, "sbx-stuck").await, ok(stuck));
            assert_eq!(
                read(&sandbox, provider, "sbx-unknown-status").await,
                ok(unknown)
            );
        }
    }
}

#[tokio::test]
async fn each_instance_keeps_its_own_counters() {
    let first = txstatus_sandbox::start().await.unwrap();
    let second = txstatus_sandbox::start().await.unwrap();
    assert_eq!(
        read(&first, Provider::Persona, "sbx-progress").await,
        ok("created")
    );
    assert_eq!(
        read(&first, Provider::Persona, "sbx-progress").await,
        ok("pending")
    );
    assert_eq!(
        read(&second, Provider::Persona, "sbx-progress").await,
        ok("created")
    );
    assert_eq!(
        read(&second, Provider::CmCheckout, "sbx-progress").await,
        ok("OPEN")
    );
}

#[tokio::test]
async fn the_document_carries_the_requested_id() {
    let sandbox = txstatus_sandbox::start().await.unwrap();
    for (provider, id) in [
        (Provider::Persona, ids::persona::APPROVED),
        (Provider::CmIdScan, ids::idscan::COMPLETED),
        (Provider::CmIdin, ids::idin::FAILURE),
        (Provider::CmCheckout, ids::checkout::SUCCESS),
        (Provider::OneSpan, ids::onespan::COMPLETED),
    ] {
        let body = send(&sandbox, status_request(&sandbox, provider, id))
            .await
            .json();
        let found = match provider {
            Provider::Persona => &body["data"]["id"],
            Provider::CmIdin => &body["transaction_id"],
            _ => &body["id"],
        };
        assert_eq!(found, id, "{provider}");
    }
}
