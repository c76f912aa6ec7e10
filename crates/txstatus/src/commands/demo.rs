//! `txstatus demo`: the sandbox in-process, one transaction of each provider watched
//! to its final state, then the push path (`demo_push`). No credentials, no network.

use std::{sync::Arc, time::Duration};

use tokio::sync::Notify;
use txstatus_core::{ClientOptions, PollEvent, PollOptions, StatusSource};
use txstatus_sandbox::{Sandbox, ids};

use crate::{
    failure::Failure,
    out::Stream,
    output, stoppable,
    text::{escape, json_line},
};

/// Starts the sandbox and watches each provider's advancing transaction.
///
/// A streaming command: each stdout line is one complete record (a read, then a
/// final state per provider); commentary goes to stderr. A failure ends it with
/// exit 1 after the records already printed (incomplete); a reader that goes away
/// ends it quietly with exit 0.
pub async fn run() -> Result<(), Failure> {
    let sandbox = txstatus_sandbox::start()
        .await
        .map_err(|e| Failure::failed(format!("sandbox: cannot listen: {e}")))?;
    note!(
        "txstatus: sandbox listening on {} (fake APIs, fake people)",
        sandbox.root_url()
    );
    let result = watch_all(&sandbox).await;
    let stats = sandbox.stats();
    note!(
        "txstatus: sandbox saw {} requests over {} connections",
        stats.total_requests(),
        stats.connections
    );
    sandbox.shutdown().await;
    result
}

async fn watch_all(sandbox: &Sandbox) -> Result<(), Failure> {
    let sources = sources(sandbox)?;
    let options = PollOptions {
        interval: Duration::from_millis(200),
        backoff: 1.0,
        max_interval: Duration::from_millis(200),
        timeout: Duration::from_secs(30),
        ..PollOptions::default()
    };
    let colour = output::colour_stdout();
    let mut stream = Stream::new();
    for (source, id) in &sources {
        let stop = Notify::new();
        let mut write_error = None;
        let result = stoppable::poll(source.as_ref(), id, &options, &stop, |event| {
            let line = match event {
                PollEvent::Report(report) if report.should_stop() => return,
                PollEvent::Report(report) => {
                    format!("read  {}", output::progress_line(report, colour))
                }
                PollEvent::RetryableError(error) => {
                    note!("txstatus: {} (retrying)", escape(&error.to_string()));
                    return;
                }
            };
            match stream.record(&line) {
                Ok(true) => {}
                Ok(false) => stop.notify_one(),
                Err(failure) => {
                    write_error = Some(failure);
                    stop.notify_one();
                }
            }
        })
        .await;
        if let Some(failure) = write_error {
            return Err(failure);
        }
        let Some(result) = result else {
            return Ok(());
        };
        let report = result.map_err(|e| Failure::failed(escape(&e.to_string())))?;
        let mut line = format!("final {}", output::progress_line(&report, colour));
        if report.provider == cm_idin::PROVIDER {
            let document = report.document_json(true).unwrap_or_default();
            line.push_str(" document ");
            line.push_str(&json_line(&document));
        }
        if !stream.record(&line)? {
            return Ok(());
        }
    }
    // The push path: the same sandbox delivering webhooks to a listener.
    super::demo_push::run(sandbox, &mut stream).await?;
    Ok(())
}

type Sources = Vec<(Arc<dyn StatusSource>, &'static str)>;

fn sources(sandbox: &Sandbox) -> Result<Sources, Failure> {
    let creds = sandbox.credentials();
    let transport = txstatus_core::Transport::builder()
        .no_proxy()
        .build()
        .map_err(Failure::from)?;
    let persona = persona_tx::Client::builder(creds.persona_api_key.clone())
        .base_url(sandbox.persona_base_url())
        .transport(transport.clone())
        .build()?;
    let idscan =
        cm_idscan::Client::builder(creds.idscan_key_id.clone(), creds.idscan_secret.clone())
            .base_url(sandbox.idscan_base_url())
            .transport(transport.clone())
            .build()?;
    let idin = cm_idin::Client::builder(creds.idin_merchant_token.clone())
        .base_url(sandbox.idin_base_url())
        .transport(transport.clone())
        .build()?
        .status_source(ids::idin::MERCHANT_REFERENCE);
    let checkout = cm_checkout::Client::builder(
        creds.checkout_client_id.clone(),
        creds.checkout_client_secret.clone(),
    )
    .base_url(sandbox.checkout_base_url())
    .transport(transport.clone())
    .build()?;
    let mut onespan = onespan_tx::Client::builder(creds.onespan_token.clone())
        .base_url(sandbox.onespan_base_url())
        .transport(transport);
    if let Some(tenant) = &creds.onespan_tenant {
        onespan = onespan.tenant(tenant.clone());
    }
    Ok(vec![
        (
            Arc::new(persona) as Arc<dyn StatusSource>,
            ids::persona::PROGRESS,
        ),
        (Arc::new(idscan), ids::idscan::PROGRESS),
        (Arc::new(idin), ids::idin::PROGRESS),
        (Arc::new(checkout), ids::checkout::PROGRESS),
        (Arc::new(onespan.build()?), ids::onespan::PROGRESS),
    ])
}
