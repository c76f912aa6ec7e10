//! docs/CLI.md, `txstatus.transition/1`: records carry ids and statuses only,
//! nothing personal. A transition's `event_id` and `hints` come from the delivery,
//! never re-read: an authenticated ID Scan delivery naming an email as its event id
//! or a citizen service number as its `resultId` had them printed as sent. Each is
//! now printed only when a plain machine token (the rule for a provider's code,
//! which also refuses card numbers, IBANs and BSNs), else `"[redacted]"`.
#![allow(
    missing_docs,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use crate::support;

use std::{
    io::{Read, Write},
    time::Duration,
};

use serde_json::Value;
use support::*;
use txstatus_sandbox::ids::idscan;

const HEADER: &str = "X-Hook-Auth: hook-value-0123456789";

/// POSTs `body` to `url`'s ID Scan webhook path with the webhook header; the
/// status line of the answer.
fn deliver(address: &str, body: &str) -> String {
    let mut stream = std::net::TcpStream::connect(address).unwrap();
    write!(
        stream,
        "POST /webhooks/cm-idscan HTTP/1.1\r\nHost: {address}\r\n{HEADER}\r\n\
         Content-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )
    .unwrap();
    let mut answer = String::new();
    let _ = stream.read_to_string(&mut answer);
    answer.lines().next().unwrap_or_default().to_owned()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_delivery_naming_personal_data_as_its_event_or_result_id_prints_it_redacted() {
    let sandbox = txstatus_sandbox::start().await.unwrap();
    let Listening {
        mut child,
        mut stderr,
        first: _,
        address,
    } = start_listening(
        sandboxed(
            &sandbox,
            &[
                "listen",
                "--addr",
                "127.0.0.1:0",
                "--providers",
                "cm-idscan",
            ],
        )
        .env("CM_IDSCAN_WEBHOOK_HEADER", HEADER),
    );
    let received = stdout_lines(child.stdout.take().unwrap());
    // (event id, result id, transaction): personal values where ids go, then
    // plain ids, which stay.
    let deliveries = [
        ("Jane Doe jane@example.com", "111222333", idscan::COMPLETED),
        ("evt-0002", "NL91ABNA0417164300", idscan::EXPIRED),
        ("evt-0001", "res-0001", idscan::PROGRESS),
    ];
    let mut records = Vec::new();
    for (event, result, transaction) in deliveries {
        let body = format!(
            r#"{{"id":"{event}","type":"transaction.state.updated","transaction":{{"id":"{transaction}","state":"completed","resultId":"{result}"}}}}"#
        );
        let status = deliver(&address, &body);
        assert!(status.starts_with("HTTP/1.1 200"), "{status}");
        let line = received.recv_timeout(Duration::from_secs(20)).unwrap();
        records.push(line);
    }
    let _ = crate::support::kill("TERM", child.id());
    let _ = child.wait();
    let mut rest = String::new();
    let _ = stderr.read_to_string(&mut rest);
    let parsed: Vec<Value> = records
        .iter()
        .map(|line| serde_json::from_str(line).unwrap())
        .collect();
    for (line, record) in records.iter().zip(&parsed) {
        for personal in [
            "Jane",
            "jane@example.com",
            "111222333",
            "NL91ABNA0417164300",
        ] {
            assert!(!line.contains(personal), "{personal} printed: {line}");
            assert!(!rest.contains(personal), "{personal} on stderr: {rest}");
        }
        assert_eq!(record["schema"], "txstatus.transition/1", "{line}");
    }
    // Found by event id, whatever order the records came in. The library keeps
    // a hint only as a plain token without a personal number: a personal one
    // never reaches a record.
    let by_event = |event: &str| {
        parsed
            .iter()
            .find(|record| record["event_id"] == event)
            .unwrap_or_else(|| panic!("no record with event_id {event}: {records:?}"))
    };
    assert!(by_event("[redacted]")["hints"].get("resultId").is_none());
    assert!(by_event("evt-0002")["hints"].get("resultId").is_none());
    assert_eq!(by_event("evt-0001")["hints"]["resultId"], "res-0001");
    sandbox.shutdown().await;
}
