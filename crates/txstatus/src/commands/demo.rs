//! `txstatus demo`: the sandbox in-process, one transaction of each provider watched
//! to its final state, then the push path (`demo_push`). No credentials, no network.
//!
//! The clients come from the provider table, each row's own `build` fed the
//! sandbox's variables: a provider is named once, in its row.

use std::time::Duration;

use clap::Parser;
use tokio::sync::Notify;
use txstatus_core::{PollEvent, PollOptions, StatusSource, Transport};
use txstatus_sandbox::Sandbox;

use crate::{
    cli::Target,
    clients::Setup,
    env::Vars,
    failure::Failure,
    out::Stream,
    output,
    providers::{self, PROVIDERS, Provider},
    stoppable::{self, Interrupt},
    text::{escape, json_line},
};

/// Starts the sandbox and watches each provider's advancing transaction.
///
/// A streaming command: each stdout line is one complete record (a read, then a
/// final state per provider); commentary goes to stderr. A failure ends it with
/// exit 1 after the records already printed (incomplete); a reader that goes away
/// ends it quietly with exit 0.
pub async fn run() -> Result<(), Failure> {
    let mut interrupt = Interrupt::listen();
    let sandbox = txstatus_sandbox::start()
        .await
        .map_err(|e| Failure::failed(format!("sandbox: cannot listen: {e}")))?;
    note!(
        "txstatus: sandbox listening on {} (fake APIs, fake people)",
        sandbox.root_url()
    );
    let result = interrupt.or(watch_all(&sandbox)).await.unwrap_or_else(|_| {
        Err(stoppable::interrupted(
            "the demo stopped (the records printed stand; it sent requests to its own \
             sandbox only)",
        ))
    });
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
    let (vars, transport) = setup_parts(sandbox)?;
    let setup = Setup {
        vars: &vars,
        limiter: None,
        transport: Some(&transport),
    };
    let sources = sources(&setup)?;
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
                    format!("read  {}", output::progress_line(report, false, colour))
                }
                PollEvent::RetryableError(error) => {
                    note!("txstatus: {} (retrying)", escape(&error.to_string()));
                    return;
                }
                // An event a later core reports: nothing to show for it.
                _ => return,
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
        let mut line = format!("final {}", output::progress_line(&report, false, colour));
        if report.provider == cm_idin::PROVIDER {
            // Masked; one that cannot be rendered is `null`, said on stderr.
            let document = output::shown_document(
                &format!("{}'s document", report.provider),
                "document",
                false,
                false,
                |redact| report.document_json(redact),
            );
            line.push_str(" document ");
            line.push_str(&json_line(&document));
        }
        if !stream.record(&line)? {
            return Ok(());
        }
    }
    // The push path: the same sandbox delivering webhooks to a listener.
    super::demo_push::run(sandbox, &setup, &mut stream).await?;
    Ok(())
}

type Sources = Vec<(Box<dyn StatusSource>, String)>;

/// The sandbox's variables (base URLs and credentials), the way `txstatus sandbox`
/// prints them for a shell; one transport, so every client shares its pool.
fn setup_parts(sandbox: &Sandbox) -> Result<(Vars, Transport), Failure> {
    let vars = Vars::Fixed(providers::sandbox_env(sandbox));
    let transport = Transport::builder()
        .no_proxy()
        .on_credential_sent(crate::secrets::learn)
        .build()
        .map_err(Failure::from)?;
    Ok((vars, transport))
}

/// Every row of the provider table, built by the row's own `build`.
fn sources(setup: &Setup<'_>) -> Result<Sources, Failure> {
    PROVIDERS
        .iter()
        .map(|row| {
            let target = demo_target(row)?;
            let built = (row.build)(&target, setup)?;
            Ok((built.source, target.id))
        })
        .collect()
}

/// `watch <provider> <the row's demo arguments>`, parsed as the command line is.
#[derive(Parser)]
#[command(no_binary_name = true)]
struct DemoWatch {
    #[command(flatten)]
    target: Target,
}

fn demo_target(row: &Provider) -> Result<Target, Failure> {
    let args = std::iter::once(row.id).chain(row.demo.iter().copied());
    DemoWatch::try_parse_from(args)
        .map(|parsed| parsed.target)
        .map_err(|_| {
            Failure::failed(format!(
                "demo: the provider table's demo arguments for {} do not parse",
                row.id
            ))
        })
}

#[cfg(test)]
mod tests {
    use txstatus_sandbox::ids;

    use super::*;
    use crate::cli::ProviderName;

    #[test]
    fn every_row_names_a_demo_transaction_its_watch_accepts() {
        for row in PROVIDERS {
            let target = demo_target(row).unwrap();
            assert_eq!(target.provider, row.name);
            assert!(
                txstatus_core::provider::id_problem(&target.id).is_none(),
                "{}",
                row.id
            );
        }
        let idin = demo_target(ProviderName::CmIdin.info()).unwrap();
        assert_eq!(
            idin.merchant_reference.as_deref(),
            Some(ids::idin::MERCHANT_REFERENCE)
        );
    }

    #[tokio::test]
    async fn every_rows_source_is_built_from_the_sandbox_alone() {
        let sandbox = txstatus_sandbox::start().await.unwrap();
        let (vars, transport) = setup_parts(&sandbox).unwrap();
        let setup = Setup {
            vars: &vars,
            limiter: None,
            transport: Some(&transport),
        };
        let built = sources(&setup).unwrap();
        let names: Vec<&str> = built.iter().map(|(source, _)| source.provider()).collect();
        let table: Vec<&str> = PROVIDERS.iter().map(|row| row.id).collect();
        assert_eq!(names, table);
        for (source, id) in &built {
            let report = source.status_report(id).await.unwrap();
            assert_eq!(report.provider, source.provider());
        }
        sandbox.shutdown().await;
    }
}
