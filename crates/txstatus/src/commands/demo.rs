//! `txstatus demo`: the sandbox in-process, one transaction of each provider watched
//! to its final state. No credentials, no network.

use std::{sync::Arc, time::Duration};

use txstatus_core::{
    ClientOptions, PollEvent, PollOptions, StatusReport, StatusSource, poll_until_terminal,
};
use txstatus_sandbox::{Sandbox, ids};

use crate::{failure::Failure, output};

/// Starts the sandbox and watches each provider's advancing transaction.
pub async fn run() -> Result<(), Failure> {
    let sandbox = txstatus_sandbox::start()
        .await
        .map_err(|e| Failure::Api(format!("sandbox: cannot listen: {e}")))?;
    println!(
        "sandbox listening on {} (fake APIs, fake people)\n",
        sandbox.root_url()
    );
    let sources = sources(&sandbox)?;
    let options = PollOptions {
        interval: Duration::from_millis(200),
        backoff: 1.0,
        max_interval: Duration::from_millis(200),
        timeout: Duration::from_secs(30),
        ..PollOptions::default()
    };
    let mut finals: Vec<StatusReport> = Vec::new();
    for (source, id) in &sources {
        println!("watching {} {id}", source.provider());
        let report = poll_until_terminal(source.as_ref(), id, &options, |event| match event {
            PollEvent::Report(report) => println!("  read: {}", output::progress_line(report)),
            PollEvent::RetryableError(error) => println!("  read: {error} (retrying)"),
        })
        .await
        .map_err(|e| Failure::Api(e.to_string()))?;
        finals.push(report);
    }
    println!("\nfinal statuses:");
    for report in &finals {
        println!(
            "  {:<12} {:<14} {:<10} raw {:?}",
            report.provider,
            report.id,
            report.status.normalized().as_str(),
            report.status.raw()
        );
    }
    if let Some(last) = finals.iter().find(|r| r.provider == "cm-idin") {
        println!("\niDIN document, personal data redacted:");
        let document = last.document_json(true).unwrap_or_default();
        println!(
            "{}",
            serde_json::to_string_pretty(&document).unwrap_or_default()
        );
    }
    let stats = sandbox.stats();
    println!(
        "\nsandbox saw {} requests over {} connections",
        stats.total_requests(),
        stats.connections
    );
    sandbox.shutdown().await;
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
    let idscan = cm_idscan::Client::builder(
        creds.idscan_key_id.clone(),
        creds.idscan_secret.clone().into(),
    )
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
