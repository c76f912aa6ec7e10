//! Webhooks as a receiver sees them: what goes over the wire, checked with the
//! receiver's own code (HMAC with `ring`, raw sockets), and how a send ends
//! against receivers that fail, redirect or cannot be reached.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::time::Duration;

use crate::support;

use ring::hmac;
use serde_json::{Value, json};
use support::{Request, path, send};
use tokio::{
    io::{AsyncReadExt, AsyncWriteExt},
    net::{TcpListener, TcpStream},
};
use txstatus_sandbox::{
    PERSONA_WEBHOOK_SECRET, PERSONA_WEBHOOK_SECRET_PREVIOUS, Provider, Sandbox, persona_ids,
};

/// Reads one whole request (head and `Content-Length` body) from `socket`.
async fn read_request(socket: &mut TcpStream) -> Vec<u8> {
    let mut request = Vec::new();
    let mut buffer = [0u8; 4096];
    loop {
        let n = socket.read(&mut buffer).await.unwrap();
        assert!(n > 0, "connection closed mid-request");
        request.extend_from_slice(&buffer[..n]);
        if let Some(end) = request.windows(4).position(|w| w == b"\r\n\r\n") {
            let head = String::from_utf8_lossy(&request[..end]).to_string();
            let length: usize = head
                .lines()
                .find_map(|l| l.strip_prefix("Content-Length: "))
                .unwrap()
                .parse()
                .unwrap();
            if request.len() >= end + 4 + length {
                return request;
            }
        }
    }
}

/// A receiver answering each of `count` connections with `answer`; the requests.
async fn receiver(
    count: usize,
    answer: &'static [u8],
) -> (String, tokio::task::JoinHandle<Vec<Vec<u8>>>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/hook", listener.local_addr().unwrap());
    let task = tokio::spawn(async move {
        let mut all = Vec::new();
        for _ in 0..count {
            let (mut socket, _) = listener.accept().await.unwrap();
            all.push(read_request(&mut socket).await);
            socket.write_all(answer).await.unwrap();
        }
        all
    });
    (url, task)
}

fn split(request: &[u8]) -> (String, Vec<u8>) {
    let end = request.windows(4).position(|w| w == b"\r\n\r\n").unwrap();
    (
        String::from_utf8(request[..end].to_vec()).unwrap(),
        request[end + 4..].to_vec(),
    )
}

fn header<'a>(head: &'a str, name: &str) -> Option<&'a str> {
    head.lines().find_map(|line| {
        let (n, v) = line.split_once(": ")?;
        n.eq_ignore_ascii_case(name).then_some(v)
    })
}

async fn persona_sandbox() -> Sandbox {
    Sandbox::builder()
        .persona_step_interval(Duration::ZERO)
        .start()
        .await
        .unwrap()
}

fn persona(sandbox: &Sandbox, request: Request) -> Request {
    request
        .bearer(&sandbox.credentials().persona_api_key)
        .header("Key-Inflection", "kebab")
        .header("Persona-Version", "2025-12-08")
}

async fn create_persona(sandbox: &Sandbox) -> String {
    let body =
        json!({"data": {"attributes": {"transaction-type-id": persona_ids::TRANSACTION_TYPE_ID}}});
    let response = send(
        sandbox,
        persona(
            sandbox,
            Request::post_json(path(sandbox, Provider::Persona, "/transactions"), &body),
        ),
    )
    .await;
    assert_eq!(
        response.status,
        201,
        "{}",
        String::from_utf8_lossy(&response.body)
    );
    response.json()["data"]["id"].as_str().unwrap().to_owned()
}

async fn persona_status(sandbox: &Sandbox, id: &str) -> String {
    let response = send(
        sandbox,
        persona(
            sandbox,
            Request::get(path(
                sandbox,
                Provider::Persona,
                &format!("/transactions/{id}"),
            )),
        ),
    )
    .await;
    assert_eq!(response.status, 200);
    response.json()["data"]["attributes"]["status"]
        .as_str()
        .unwrap()
        .to_owned()
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[tokio::test]
async fn persona_signature_on_the_wire_verifies_for_each_secret_of_the_rotation_pair() {
    let sandbox = persona_sandbox().await;
    let id = create_persona(&sandbox).await;
    let (url, server) = receiver(1, b"HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n").await;
    let delivery = sandbox.persona_webhook(&url, &id).unwrap();
    assert_eq!(delivery.send().await.unwrap(), 200);
    let (head, body) = split(&server.await.unwrap()[0]);
    let signature = header(&head, "Persona-Signature").unwrap();
    let pairs: Vec<&str> = signature.split(' ').collect();
    assert_eq!(pairs.len(), 2, "{signature}");
    let mut verified = Vec::new();
    for secret in [
        PERSONA_WEBHOOK_SECRET,
        PERSONA_WEBHOOK_SECRET_PREVIOUS,
        "wrong",
    ] {
        let key = hmac::Key::new(hmac::HMAC_SHA256, secret.as_bytes());
        let ok = pairs.iter().any(|pair| {
            let (t, v1) = pair.split_once(',').unwrap();
            let t = t.strip_prefix("t=").unwrap();
            let v1 = v1.strip_prefix("v1=").unwrap();
            let mut message = format!("{t}.").into_bytes();
            message.extend_from_slice(&body);
            hex(hmac::sign(&key, &message).as_ref()) == v1
        });
        verified.push(ok);
    }
    assert_eq!(verified, [true, true, false]);
    let event: Value = serde_json::from_slice(&body).unwrap();
    assert_eq!(
        event["data"]["attributes"]["payload"]["data"]["id"],
        id.as_str()
    );
    assert!(header(&head, "Persona-Webhook-First-Attempted-At").is_some());
}

#[tokio::test]
async fn a_duplicate_is_the_same_bytes_and_a_reorder_sends_the_later_event_first() {
    let sandbox = persona_sandbox().await;
    let id = create_persona(&sandbox).await;
    let (url, server) = receiver(3, b"HTTP/1.1 204 No Content\r\n\r\n").await;
    let first = sandbox.persona_webhook(&url, &id).unwrap();
    assert!(sandbox.advance_persona(&id));
    let later = sandbox.persona_webhook(&url, &id).unwrap();
    // Later first, then the earlier one twice.
    for delivery in [&later, &first, &first.clone()] {
        assert_eq!(delivery.send().await.unwrap(), 204);
    }
    let got = server.await.unwrap();
    assert_eq!(got[1], got[2], "a duplicate is a byte-identical request");
    let status = |request: &[u8]| {
        let event: Value = serde_json::from_slice(&split(request).1).unwrap();
        (
            event["data"]["id"].as_str().unwrap().to_owned(),
            event["data"]["attributes"]["payload"]["data"]["attributes"]["status"]
                .as_str()
                .unwrap()
                .to_owned(),
        )
    };
    let (later_event, later_status) = status(&got[0]);
    let (first_event, first_status) = status(&got[1]);
    assert_ne!(later_event, first_event);
    assert_eq!(first.event_id.as_deref(), Some(first_event.as_str()));
    assert_ne!(later_status, first_status, "the transaction changed again");
}

#[tokio::test]
async fn reading_a_persona_transaction_a_hundred_times_never_moves_it() {
    let sandbox = persona_sandbox().await;
    let id = create_persona(&sandbox).await;
    let before = persona_status(&sandbox, &id).await;
    for _ in 0..100 {
        assert_eq!(persona_status(&sandbox, &id).await, before);
    }
    let url = "http://127.0.0.1:9/hook";
    for _ in 0..100 {
        sandbox.persona_webhook(url, &id).unwrap();
    }
    assert_eq!(persona_status(&sandbox, &id).await, before);
    assert!(sandbox.advance_persona(&id));
    assert_ne!(persona_status(&sandbox, &id).await, before);
}

#[tokio::test]
async fn idscan_header_and_checkout_token_arrive_as_given_and_onespan_carries_its_fields() {
    let (url, server) = receiver(3, b"HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n").await;
    let idscan =
        txstatus_sandbox::idscan_webhook(&url, "X-Cm-Secret", "h3ader", "tx", "completed", "r");
    let checkout_url = format!("{url}/tx?token=t0ken%2B1");
    let checkout = txstatus_sandbox::checkout_webhook(&checkout_url, "tx", "FINALSTATUS");
    let onespan = txstatus_sandbox::onespan_webhook(&url, "tx", "transaction_completed");
    for delivery in [&idscan, &checkout, &onespan] {
        assert_eq!(delivery.send().await.unwrap(), 200);
    }
    let got = server.await.unwrap();
    let (head, _) = split(&got[0]);
    assert_eq!(header(&head, "X-Cm-Secret"), Some("h3ader"));
    let (head, _) = split(&got[1]);
    assert!(
        head.starts_with("POST /hook/tx?token=t0ken%2B1 HTTP/1.1\r\n"),
        "{head}"
    );
    let (head, body) = split(&got[2]);
    assert_eq!(header(&head, "Content-Type"), Some("application/json"));
    let body: Value = serde_json::from_slice(&body).unwrap();
    assert_eq!(body["type"], "notification");
    assert_eq!(body["transaction_id"], "tx");
    assert_eq!(body["trigger"], "transaction_completed");
    assert!(body["fields"].is_array());
    // The documented shape: `@timestamp` as `2020-01-17 00:08:31.118 +0000`.
    let at = body["@timestamp"].as_str().unwrap();
    assert_eq!(at.len(), "2020-01-17 00:08:31.118 +0000".len(), "{at}");
    assert!(at.ends_with(" +0000") && at.as_bytes()[10] == b' ', "{at}");
    assert!(body.get("timestamp").is_none());
}

#[tokio::test]
async fn failing_redirecting_and_unreachable_receivers_end_a_send_once() {
    // 500 and a redirect are reported as they are, on one connection each
    // (the receiver below accepts exactly two, so a retry or a followed
    // redirect would hang on connect and then fail the send).
    let (url, server) = receiver(
        1,
        b"HTTP/1.1 500 Internal Server Error\r\nContent-Length: 0\r\n\r\n",
    )
    .await;
    let delivery = txstatus_sandbox::onespan_webhook(&url, "tx", "transaction_completed");
    assert_eq!(delivery.send().await.unwrap(), 500);
    assert_eq!(server.await.unwrap().len(), 1);
    let (url, server) = receiver(
        1,
        b"HTTP/1.1 307 Temporary Redirect\r\nLocation: http://127.0.0.1:9/elsewhere\r\nContent-Length: 0\r\n\r\n",
    )
    .await;
    let delivery = txstatus_sandbox::onespan_webhook(&url, "tx", "transaction_completed");
    assert_eq!(delivery.send().await.unwrap(), 307);
    assert_eq!(server.await.unwrap().len(), 1);

    // Nobody listening: an error, not a hang.
    let free = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let dead = format!("http://{}/hook", free.local_addr().unwrap());
    drop(free);
    let delivery = txstatus_sandbox::onespan_webhook(&dead, "tx", "transaction_completed");
    assert!(delivery.send().await.is_err());

    // A receiver that answers without a status line, or closes at once: an error.
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/hook", listener.local_addr().unwrap());
    let task = tokio::spawn(async move {
        let (mut socket, _) = listener.accept().await.unwrap();
        read_request(&mut socket).await;
        socket.write_all(b"garbage").await.unwrap();
    });
    let delivery = txstatus_sandbox::onespan_webhook(&url, "tx", "transaction_completed");
    assert!(delivery.send().await.is_err());
    task.await.unwrap();
}

/// Sends a OneSpan delivery to a receiver that reads it and writes `answer`.
async fn answer_with(answer: &'static [u8]) -> std::io::Result<u16> {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/hook", listener.local_addr().unwrap());
    let task = tokio::spawn(async move {
        let (mut socket, _) = listener.accept().await.unwrap();
        read_request(&mut socket).await;
        // The sender may hang up before reading it all.
        let _ = socket.write_all(answer).await;
    });
    let result = txstatus_sandbox::onespan_webhook(&url, "tx", "transaction_completed")
        .send()
        .await;
    task.await.unwrap();
    result
}

#[tokio::test]
async fn interim_1xx_answers_are_skipped_for_the_final_status() {
    let status = answer_with(
        b"HTTP/1.1 103 Early Hints\r\nLink: </x>; rel=preload\r\n\r\nHTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 202 Accepted\r\nContent-Length: 0\r\n\r\n",
    )
    .await
    .unwrap();
    assert_eq!(status, 202);
}

#[tokio::test]
async fn an_answer_that_is_not_an_http_status_line_is_an_error_not_a_status() {
    for answer in [
        &b"SSH-2.0-OpenSSH 200 ok\r\n\r\n"[..],
        b"HTTP/1.1 20 Short\r\n\r\n",
        b"HTTP/1.1 2000 Long\r\n\r\n",
        b"HTTP/1.1 999 Unknown\r\n\r\n",
        b"HTTP/1.1 +20 Sign\r\n\r\n",
    ] {
        let result = answer_with(answer).await;
        assert!(
            result.is_err(),
            "{:?} -> {result:?}",
            String::from_utf8_lossy(answer)
        );
    }
}

#[tokio::test]
async fn endless_interim_answers_end_the_send_with_an_error() {
    let mut answer = Vec::new();
    for _ in 0..64 {
        answer.extend_from_slice(b"HTTP/1.1 102 Processing\r\n\r\n");
    }
    let answer: &'static [u8] = answer.leak();
    assert!(answer_with(answer).await.is_err());
}

// Paused time: the send's own deadline passes as soon as everything waits, so
// this test takes no wall time and asserts none.
#[tokio::test(start_paused = true)]
async fn a_receiver_that_never_answers_ends_the_send_with_a_timeout() {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/hook", listener.local_addr().unwrap());
    let task = tokio::spawn(async move {
        let (mut socket, _) = listener.accept().await.unwrap();
        read_request(&mut socket).await;
        // Holds the connection open and never answers.
        std::future::pending::<()>().await;
        drop(socket);
    });
    let error = txstatus_sandbox::onespan_webhook(&url, "tx", "transaction_completed")
        .send()
        .await
        .unwrap_err();
    assert_eq!(error.kind(), std::io::ErrorKind::TimedOut);
    task.abort();
}

async fn persona_document(sandbox: &Sandbox, rest: &str) -> Value {
    let response = send(
        sandbox,
        persona(
            sandbox,
            Request::get(path(sandbox, Provider::Persona, rest)),
        ),
    )
    .await;
    assert_eq!(response.status, 200);
    response.json()
}

#[tokio::test]
async fn a_status_change_moves_updated_at_in_reads_events_and_deliveries_alike() {
    let sandbox = persona_sandbox().await;
    let id = create_persona(&sandbox).await;
    let mut seen = Vec::new();
    for _ in 0..3 {
        let document = persona_document(&sandbox, &format!("/transactions/{id}")).await;
        let attributes = &document["data"]["attributes"];
        let updated = attributes["updated-at"].as_str().unwrap().to_owned();
        // A read again gives the same time: reading moves nothing.
        let again = persona_document(&sandbox, &format!("/transactions/{id}")).await;
        assert_eq!(again["data"]["attributes"]["updated-at"], updated.as_str());
        // The newest event for it and a delivery now carry the same time.
        let events = persona_document(&sandbox, "/events?page%5Bsize%5D=100").await;
        let newest = events["data"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|e| e["attributes"]["payload"]["data"]["id"] == id.as_str())
            .map(|e| e["attributes"]["created-at"].as_str().unwrap().to_owned())
            .max()
            .unwrap();
        assert_eq!(newest, updated);
        let delivery = sandbox.persona_webhook("http://127.0.0.1:9/", &id).unwrap();
        let body: Value = serde_json::from_slice(&delivery.body).unwrap();
        let payload = &body["data"]["attributes"]["payload"]["data"]["attributes"];
        assert_eq!(payload["updated-at"], updated.as_str());
        assert_eq!(payload["status"], attributes["status"]);
        assert!(body["data"]["attributes"]["created-at"].is_string());
        seen.push((attributes["status"].as_str().unwrap().to_owned(), updated));
        assert!(sandbox.advance_persona(&id));
    }
    // Each change is later than the one before (RFC 3339 in UTC sorts as text).
    assert!(
        seen.windows(2).all(|w| w[0].0 != w[1].0 && w[0].1 < w[1].1),
        "{seen:?}"
    );
}

#[tokio::test]
async fn a_persona_deliverys_event_is_the_one_the_events_api_serves() {
    let sandbox = persona_sandbox().await;
    let id = create_persona(&sandbox).await;
    let first = sandbox.persona_webhook("http://127.0.0.1:9/", &id).unwrap();
    assert!(sandbox.advance_persona(&id));
    let later = sandbox.persona_webhook("http://127.0.0.1:9/", &id).unwrap();
    let first_id = first.event_id.clone().unwrap();
    let later_id = later.event_id.clone().unwrap();
    assert_ne!(first_id, later_id);
    for event_id in [&first_id, &later_id] {
        let response = send(
            &sandbox,
            persona(
                &sandbox,
                Request::get(path(
                    &sandbox,
                    Provider::Persona,
                    &format!("/events/{event_id}"),
                )),
            ),
        )
        .await;
        assert_eq!(
            response.status,
            200,
            "{}",
            String::from_utf8_lossy(&response.body)
        );
        let event = response.json();
        assert_eq!(event["data"]["id"], event_id.as_str());
        assert_eq!(
            event["data"]["attributes"]["name"],
            "transaction.status-updated"
        );
        assert_eq!(
            event["data"]["attributes"]["payload"]["data"]["id"],
            id.as_str()
        );
    }
    let listed = send(
        &sandbox,
        persona(
            &sandbox,
            Request::get(path(
                &sandbox,
                Provider::Persona,
                &format!("/events?filter[object-id]={id}&page[size]=100"),
            )),
        ),
    )
    .await
    .json();
    let ids: Vec<&str> = listed["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|event| event["id"].as_str().unwrap())
        .collect();
    assert!(
        ids.contains(&first_id.as_str()) && ids.contains(&later_id.as_str()),
        "{ids:?}"
    );
}

#[tokio::test]
async fn persona_delivery_events_stay_bounded_per_transaction() {
    let sandbox = persona_sandbox().await;
    let id = create_persona(&sandbox).await;
    let ids: Vec<String> = (0..100)
        .map(|_| {
            sandbox
                .persona_webhook("http://127.0.0.1:9/", &id)
                .unwrap()
                .event_id
                .unwrap()
        })
        .collect();
    let unique: std::collections::HashSet<&String> = ids.iter().collect();
    assert_eq!(
        unique.len(),
        ids.len(),
        "every delivery has its own event id"
    );
    let served = |event_id: &str| {
        let sandbox = &sandbox;
        let event_id = event_id.to_owned();
        async move {
            send(
                sandbox,
                persona(
                    sandbox,
                    Request::get(path(
                        sandbox,
                        Provider::Persona,
                        &format!("/events/{event_id}"),
                    )),
                ),
            )
            .await
            .status
        }
    };
    assert_eq!(served(&ids[0]).await, 200);
    assert_eq!(served(&ids[63]).await, 200);
    assert_eq!(served(&ids[64]).await, 404);
}
