//! Conformance to `providers/README.md`: the normalized-status table (case-insensitive,
//! `-`, `_` and space alike) and the retrieve call on the wire, nothing else sent.
#![allow(missing_docs, clippy::unwrap_used)]

use std::sync::Arc;

use mockito::Matcher;
use persona_tx::{Client, ClientOptions, NormalizedStatus, normalize};
use txstatus_core::{ManualClock, StatusSource};

const KEY: &str = "persona_conformance_key_71";
const RETRIEVE: &[u8] = include_bytes!("../fixtures/transaction-retrieve.json");

#[test]
fn every_documented_status_maps_as_the_table_says_in_any_case_and_separator() {
    use NormalizedStatus::*;
    let table = [
        ("created", Pending),
        ("pending", Pending),
        ("submitted", Pending),
        ("needs review", Pending),
        ("in review", Pending),
        ("completed", Succeeded),
        ("approved", Succeeded),
        ("declined", Failed),
        ("failed", Failed),
        ("expired", Expired),
    ];
    for (raw, expected) in table {
        for spelling in [
            raw.to_owned(),
            raw.to_uppercase(),
            raw.replace(' ', "-"),
            raw.replace(' ', "_"),
            raw.replace(' ', "_").to_uppercase(),
        ] {
            assert_eq!(normalize(&spelling), expected, "{spelling:?}");
        }
    }
}

#[test]
fn dash_underscore_and_space_are_alike_at_the_edges_too() {
    for raw in ["approved", "needs review"] {
        let expected = normalize(raw);
        for edge in [" ", "-", "_"] {
            assert_eq!(normalize(&format!("{edge}{raw}")), expected, "{edge:?}");
            assert_eq!(normalize(&format!("{raw}{edge}")), expected, "{edge:?}");
        }
    }
}

#[test]
fn unknown_statuses_are_never_terminal() {
    for raw in [
        "",
        "unknown",
        "escalated",
        "needsreview",
        "cancelled",
        "canceled",
    ] {
        assert_eq!(normalize(raw), NormalizedStatus::Unknown, "{raw:?}");
        assert!(!normalize(raw).is_terminal());
    }
}

#[tokio::test]
async fn the_status_report_is_one_documented_get_and_nothing_else() {
    let mut server = mockito::Server::new_async().await;
    let retrieve = server
        .mock("GET", "/api/v1/transactions/txn_ABC123")
        .match_query(Matcher::Exact(String::new()))
        .match_header("authorization", format!("Bearer {KEY}").as_str())
        .match_header("key-inflection", "kebab")
        .match_header("persona-version", "2025-12-08")
        .match_header("idempotency-key", Matcher::Missing)
        .match_header("content-type", Matcher::Missing)
        .match_body(Matcher::Exact(String::new()))
        .with_header("content-type", "application/json")
        .with_body(RETRIEVE)
        .expect(1)
        .create_async()
        .await;
    let mut others = Vec::new();
    for method in ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD"] {
        others.push(
            server
                .mock(method, Matcher::Any)
                .expect(0)
                .create_async()
                .await,
        );
    }
    let client = Client::builder(KEY)
        .base_url(format!("{}/api/v1", server.url()))
        .configure_transport(|t| t.no_proxy().clock(Arc::new(ManualClock::new())))
        .build()
        .unwrap();
    let report = client.status_report("txn_ABC123").await.unwrap();
    retrieve.assert_async().await;
    for other in others {
        other.assert_async().await;
    }
    assert_eq!(report.status.raw(), "declined");
    assert_eq!(report.status.normalized(), NormalizedStatus::Failed);
}
