//! The client-side rate limit counts the token request and the call it serves
//! in the order the provider sees them: the call's slot is taken after its
//! token is fetched, never held while the token request waits for one.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use crate::support;

use std::{
    io::{BufRead, BufReader, Read, Write},
    net::TcpListener,
    sync::{Arc, Mutex},
    time::Duration,
};

use cm_checkout::{Client, ClientOptions};
use support::{CLIENT_ID, ID, PREFIX, SECRET, documented, token_body};
use txstatus_core::{ManualClock, RateLimit};

/// Each request's first line and the clock's time when it arrived.
type Arrivals = Arc<Mutex<Vec<(String, Duration)>>>;

/// A provider answering tokens and the documented transaction, noting the
/// clock's time at each request.
fn provider(clock: &ManualClock) -> (String, Arrivals) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let arrivals = Arc::new(Mutex::new(Vec::new()));
    let (seen, clock) = (arrivals.clone(), clock.clone());
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(stream) = stream else { return };
            let mut reader = BufReader::new(stream);
            let (mut first, mut line, mut length) = (String::new(), String::new(), 0usize);
            reader.read_line(&mut first).unwrap();
            while reader.read_line(&mut line).unwrap_or(0) > 0 && line != "\r\n" {
                if let Some(value) = line.to_ascii_lowercase().strip_prefix("content-length:") {
                    length = value.trim().parse().unwrap_or(0);
                }
                line.clear();
            }
            let mut body = vec![0; length];
            let _ = reader.read_exact(&mut body);
            seen.lock().unwrap().push((first.clone(), clock.elapsed()));
            let answer = if first.contains("oauth2/token") {
                token_body("tok-rate", 3600).into_bytes()
            } else {
                documented().to_vec()
            };
            let mut stream = reader.into_inner();
            let _ = write!(
                stream,
                "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n",
                answer.len()
            );
            let _ = stream.write_all(&answer);
        }
    });
    (url, arrivals)
}

fn client(url: &str, clock: &ManualClock, limit: RateLimit) -> Client {
    let clock = clock.clone();
    Client::builder(CLIENT_ID, SECRET)
        .base_url(format!("{url}{PREFIX}"))
        .configure_transport(|t| t.clock(Arc::new(clock)).no_proxy())
        .rate_limit(limit)
        .build()
        .unwrap()
}

#[tokio::test]
async fn a_token_request_and_its_call_are_a_period_apart_under_one_per_period() {
    let clock = ManualClock::new();
    let (url, arrivals) = provider(&clock);
    let client = client(&url, &clock, RateLimit::new(1, Duration::from_secs(1)));
    client.transaction(ID).await.unwrap();
    let arrivals = arrivals.lock().unwrap().clone();
    assert_eq!(arrivals.len(), 2, "{arrivals:?}");
    assert!(arrivals[0].0.contains("oauth2/token"), "{arrivals:?}");
    let gap = arrivals[1].1.saturating_sub(arrivals[0].1);
    assert!(gap >= Duration::from_secs(1), "{gap:?} apart: {arrivals:?}");
}

#[tokio::test]
async fn the_first_call_under_a_limit_of_two_per_period_gets_its_token_and_its_answer() {
    let clock = ManualClock::new();
    let (url, arrivals) = provider(&clock);
    let client = client(&url, &clock, RateLimit::per_minute(2));
    client.transaction(ID).await.unwrap();
    assert_eq!(arrivals.lock().unwrap().len(), 2);
}
