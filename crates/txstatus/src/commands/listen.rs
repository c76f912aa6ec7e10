//! `txstatus listen`: receive webhooks, re-read what they name, print each real
//! transition once (`txstatus.transition/1`, one JSON record per line).
//!
//! Everything is checked before binding (a missing secret or credential is exit
//! 2 with nothing bound); on SIGINT/SIGTERM it stops accepting, lets deliveries
//! still arriving finish for at most [`SHUTDOWN_GRACE`] (then closes their
//! connections), finishes the re-reads it accepted, prints their transitions and
//! exits 0. A delivery's headers and body each have 10 s to arrive (the
//! receiver's defaults): a slow client gets no answer or `408`.
//!
//! With `TXSTATUS_REDIS_URL` set, the store is Redis (`listen_redis.rs`): replicas
//! share deduplication and the last recorded state, and stdout carries the stream
//! id of each transition.

use std::{sync::Arc, time::Duration};

use tokio::{
    net::TcpListener,
    sync::{mpsc::UnboundedReceiver, oneshot},
    task::JoinHandle,
};
use txstatus_webhooks::{MemoryStore, Receiver, Store, SweepReport, Transition};

use crate::{
    cli::ListenArgs,
    commands::{listen_redis, listen_sides, sandbox::Stop},
    failure::Failure,
    out::Stream,
    text::json_line,
};

/// The `schema` of every stdout record.
pub const TRANSITION_SCHEMA: &str = "txstatus.transition/1";

/// The sweep's period when `--sweep-every` is not given.
pub const DEFAULT_SWEEP_EVERY: Duration = Duration::from_secs(5 * 60);

/// How long a stop waits for deliveries still arriving before it closes their
/// connections.
pub const SHUTDOWN_GRACE: Duration = txstatus_webhooks::service::DEFAULT_SHUTDOWN_GRACE;

/// `txstatus listen`.
pub async fn run(args: &ListenArgs) -> Result<(), Failure> {
    let providers = listen_sides::parse_providers(args.providers.as_deref())?;
    let every = args.sweep_every.unwrap_or(DEFAULT_SWEEP_EVERY);
    if every.is_zero() {
        return Err(Failure::usage("--sweep-every must be longer than zero"));
    }
    // Every secret and credential is checked (a missing one is exit 2) before Redis is
    // contacted: an unreachable Redis must not hide a usage error behind exit 1.
    let mut checked = Receiver::builder(Arc::new(MemoryStore::new()));
    for provider in &providers {
        checked = listen_sides::add(checked, *provider)?;
    }
    drop(checked);
    // Signals from before Redis is contacted: stopped while it connects (nothing
    // accepted yet), the listener ends as a stopped listener does, exit 0.
    let mut stop = Stop::listen()?;
    let Some(shared) = stop.or(listen_redis::connect()).await else {
        note!("txstatus: stopped by SIGINT or SIGTERM while starting; nothing was accepted");
        return Ok(());
    };
    let shared = shared?;
    let store: Arc<dyn Store> = match &shared {
        Some(shared) => shared.store(),
        None => Arc::new(MemoryStore::new()),
    };
    let mut builder = Receiver::builder(store);
    for provider in &providers {
        builder = listen_sides::add(builder, *provider)?;
    }
    let (receiver, transitions) = builder.sweep_threshold(every).build();
    // The signals are listened for (since before Redis) when binding: a caller that
    // reads the address may stop us at once.
    let listener = tokio::net::TcpListener::bind(args.addr)
        .await
        .map_err(|e| Failure::failed(format!("cannot listen on {}: {e}", args.addr)))?;
    let address = listener
        .local_addr()
        .map_err(|e| Failure::failed(format!("cannot read the bound address: {e}")))?;
    let routes = providers
        .iter()
        .map(|p| p.as_str())
        .collect::<Vec<_>>()
        .join(",");
    note!("txstatus: listening on http://{address}/webhooks/{{{routes}}}; Ctrl-C stops it");
    if shared.is_none() {
        note!(
            "txstatus: state is in memory: a restart forgets it (a transaction's current state may print again, and deliveries acknowledged but not yet re-read are lost); set TXSTATUS_REDIS_URL for shared, durable state"
        );
    }

    let (close, closed) = oneshot::channel::<()>();
    let server = spawn_server(listener, receiver.clone(), closed, SHUTDOWN_GRACE);
    let sweeper = tokio::spawn(sweep_loop(receiver.clone(), every));
    let outcome = match shared {
        Some(shared) => {
            // Printed from the stream, not from this process's own commits: what a
            // listener that died recorded and never printed is printed by another.
            drop(transitions);
            let consumer = shared.consumer().await?;
            listen_redis::print_until_stopped(consumer, stop, &receiver, close, server).await
        }
        None => stream_until_stopped(transitions, stop, &receiver, close, server).await,
    };
    sweeper.abort();
    outcome
}

/// The HTTP server on a task of its own until `closed` resolves (or its sender
/// is dropped); connections still open `grace` after that are closed, so a
/// client that sends slowly cannot keep the process alive.
fn spawn_server(
    listener: TcpListener,
    receiver: Receiver,
    closed: oneshot::Receiver<()>,
    grace: Duration,
) -> JoinHandle<std::io::Result<()>> {
    let server = txstatus_webhooks::service::Server::new(receiver).shutdown_grace(grace);
    tokio::spawn(server.serve(listener, async move {
        let _ = closed.await;
    }))
}

/// Prints transitions until a signal (or a reader gone), then stops accepting,
/// finishes the accepted re-reads and prints what they found.
async fn stream_until_stopped(
    mut transitions: UnboundedReceiver<Transition>,
    stop: Stop,
    receiver: &Receiver,
    close: oneshot::Sender<()>,
    server: tokio::task::JoinHandle<std::io::Result<()>>,
) -> Result<(), Failure> {
    let mut stream = Stream::new();
    let stop = stop.wait();
    let mut stop = std::pin::pin!(stop);
    let mut open = true;
    while open {
        tokio::select! {
            () = &mut stop => break,
            next = transitions.recv() => match next {
                Some(transition) => open = stream.record(&record(&transition))?,
                None => break,
            },
        }
    }
    let _ = close.send(());
    let served = server.await;
    let drain = receiver.drain();
    let mut drain = std::pin::pin!(drain);
    loop {
        tokio::select! {
            () = &mut drain => break,
            Some(transition) = transitions.recv() => {
                stream.record(&record(&transition))?;
            }
        }
    }
    while let Ok(transition) = transitions.try_recv() {
        stream.record(&record(&transition))?;
    }
    served_outcome(served)
}

/// The HTTP server's end, as the command's outcome.
pub(super) fn served_outcome(
    served: Result<std::io::Result<()>, tokio::task::JoinError>,
) -> Result<(), Failure> {
    match served {
        Ok(Ok(())) => Ok(()),
        Ok(Err(e)) => Err(Failure::failed(format!("the listener failed: {e}"))),
        Err(e) => Err(Failure::failed(format!("the listener failed: {e}"))),
    }
}

/// Sweeps every `every`: stale non-final transactions and Persona's event list.
async fn sweep_loop(receiver: Receiver, every: Duration) {
    let mut ticks = tokio::time::interval(every);
    ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    // The first tick is immediate: nothing is recorded yet.
    ticks.tick().await;
    loop {
        ticks.tick().await;
        match receiver.sweep().await {
            Ok(report) => {
                if let Some(line) = given_up_note(&report) {
                    note!("{line}");
                }
            }
            Err(error) => note!(
                "txstatus: sweep failed: {}",
                crate::text::escape(&error.to_string())
            ),
        }
    }
}

/// The stderr line of a sweep that gave transactions up (the provider kept refusing
/// their re-reads), or none: a count, never the ids (they may be personal).
fn given_up_note(report: &SweepReport) -> Option<String> {
    (report.given_up > 0).then(|| {
        format!(
            "txstatus: gave up re-reading {} transaction(s): their re-reads kept being refused (404, 410, 400 or 422 from the provider, or an id refused before sending); a new delivery naming one starts over",
            report.given_up
        )
    })
}

/// One stdout line: the transition with its schema (and its stream id when the store
/// is Redis). A transition holds ids, statuses and hints only ([`delivery_ids_shown`]);
/// `json_line` escapes the rest.
pub(super) fn record(transition: &Transition) -> String {
    let mut value = serde_json::to_value(transition).unwrap_or_default();
    if let Some(object) = value.as_object_mut() {
        object.insert("schema".to_owned(), TRANSITION_SCHEMA.into());
    }
    delivery_ids_shown(&mut value);
    json_line(&value)
}

/// A transition record with what the delivery named unchecked (`event_id`, each
/// hint: nothing re-reads them, unlike the transaction id and its state) kept only
/// when a plain machine token, else `"[redacted]"` (docs/CLI.md: records carry
/// nothing personal; an authenticated delivery may still name an email or a
/// citizen service number where an id goes). `listen` and `worker` print through
/// it.
pub(super) fn delivery_ids_shown(value: &mut serde_json::Value) {
    use serde_json::Value;
    let Some(object) = value.as_object_mut() else {
        return;
    };
    // The transaction id too: the re-read confirmed a transaction by it, but a
    // provider's id may be any text (an email address where a UUID goes).
    for key in ["event_id", "id"] {
        if let Some(Value::String(id)) = object.get_mut(key) {
            *id = crate::text::token_or_redacted(id);
        }
    }
    // The states as the reads spelled them: an unlisted spelling can be any text.
    for state in ["status", "previous"] {
        if let Some(Value::String(raw)) =
            object.get_mut(state).and_then(|state| state.get_mut("raw"))
            && !raw.is_empty()
        {
            *raw = crate::text::token_or_redacted(raw);
        }
    }
    if let Some(Value::Object(hints)) = object.get_mut("hints") {
        for hint in hints.values_mut() {
            *hint = match hint {
                Value::String(text) => Value::String(crate::text::token_or_redacted(text)),
                Value::Null => Value::Null,
                _ => Value::String(crate::secrets::REDACTED.to_owned()),
            };
        }
    }
}

#[cfg(test)]
mod tests {
    use std::io::{Read, Write};

    use txstatus_webhooks::MemoryStore;

    use txstatus_core::ClientOptions as _;

    use super::*;

    /// Never reached when the grace works.
    const SLACK: Duration = Duration::from_secs(5);

    #[test]
    fn a_transition_record_prints_an_unlisted_spelling_of_either_state_as_redacted() {
        for (raw, shown) in [
            ("Jan Jansen", "[redacted]"),
            ("4111111111111111", "[redacted]"),
            ("jan@example.com", "[redacted]"),
            ("completed", "completed"),
            ("", ""),
        ] {
            let mut value = serde_json::json!({
                "provider": "persona",
                "id": "txn_1",
                "status": {"normalized": "unknown", "raw": raw, "terminal": false},
                "previous": {"normalized": "pending", "raw": raw, "terminal": false},
                "event_id": "evt_1",
                "hints": {},
            });
            delivery_ids_shown(&mut value);
            assert_eq!(value["id"], "txn_1");
            assert_eq!(value["status"]["raw"], shown, "{raw}");
            assert_eq!(value["previous"]["raw"], shown, "{raw}");
            assert_eq!(value["status"]["normalized"], "unknown");
        }
        let mut value =
            serde_json::json!({"id": "jan.jansen@example.com", "event_id": "Jan Jansen"});
        delivery_ids_shown(&mut value);
        assert_eq!(
            value,
            serde_json::json!({"id": "[redacted]", "event_id": "[redacted]"})
        );
    }

    #[test]
    fn a_sweep_that_gave_transactions_up_says_how_many_and_names_none() {
        assert_eq!(given_up_note(&SweepReport::default()), None);
        let mut report = SweepReport::default();
        report.reread = 9;
        report.transitions = 4;
        assert_eq!(given_up_note(&report), None);
        report.given_up = 3;
        let line = given_up_note(&report).unwrap();
        assert!(
            line.starts_with("txstatus: gave up re-reading 3 transaction(s)"),
            "{line}"
        );
    }

    /// A client that sends a delivery's head and one byte of its body, then
    /// nothing; returns once the server is reading the body (`100 Continue`),
    /// and the socket, left open.
    fn hanging_client(addr: std::net::SocketAddr) -> std::net::TcpStream {
        let mut stream = std::net::TcpStream::connect(addr).unwrap();
        stream.set_read_timeout(Some(SLACK)).unwrap();
        write!(
            stream,
            "POST /webhooks/persona HTTP/1.1\r\nHost: {addr}\r\nContent-Length: 100000\r\nExpect: 100-continue\r\n\r\n"
        )
        .unwrap();
        let mut seen = Vec::new();
        let mut buf = [0u8; 256];
        while !seen.windows(4).any(|w| w == b"\r\n\r\n") {
            let n = stream.read(&mut buf).unwrap();
            assert!(n > 0, "closed before 100 Continue");
            seen.extend_from_slice(&buf[..n]);
        }
        assert!(seen.starts_with(b"HTTP/1.1 100"));
        stream.write_all(b"{").unwrap();
        stream
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn a_client_still_sending_does_not_keep_the_server_past_the_shutdown_grace() {
        let grace = Duration::from_millis(300);
        // Persona's route exists (a delivery to a provider not received is refused
        // before its body is asked for); the client never reaches its re-read.
        let side = persona_tx::PersonaWebhooks::new(persona_tx::WebhookVerifier::new(
            txstatus_core::SecretString::from("wbhsec_0123456789abcdef".to_owned()),
        ));
        let source = persona_tx::Client::builder(txstatus_core::SecretString::from(
            "persona-key-0123456789".to_owned(),
        ))
        .base_url("http://127.0.0.1:9")
        .build()
        .unwrap();
        let (receiver, _transitions) = Receiver::builder(Arc::new(MemoryStore::new()))
            .provider(Arc::new(side), Arc::new(source))
            .body_timeout(Duration::from_secs(60))
            .build();
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let (close, closed) = oneshot::channel::<()>();
        let mut server = spawn_server(listener, receiver, closed, grace);
        let mut client = tokio::task::spawn_blocking(move || hanging_client(addr))
            .await
            .unwrap();
        let stopped_at = tokio::time::Instant::now();
        close.send(()).unwrap();
        let served = tokio::time::timeout(grace + SLACK, &mut server)
            .await
            .expect("the server outlived the shutdown grace");
        assert!(served_outcome(served).is_ok());
        assert!(stopped_at.elapsed() >= grace, "{:?}", stopped_at.elapsed());
        // Its connection is closed: end of stream (or a reset), no answer; a read
        // timing out would mean it is still open.
        let (read, rest) = tokio::task::spawn_blocking(move || {
            let mut rest = Vec::new();
            let read = client.read_to_end(&mut rest);
            (read, rest)
        })
        .await
        .unwrap();
        if let Err(error) = read {
            assert_eq!(error.kind(), std::io::ErrorKind::ConnectionReset, "{error}");
        }
        assert!(rest.is_empty(), "{}", String::from_utf8_lossy(&rest));
    }
}
