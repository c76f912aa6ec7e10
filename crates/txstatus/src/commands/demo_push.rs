//! The demo's push path: a webhook listener in-process, the sandbox delivering
//! signed Persona webhooks for a transaction it then advances, each transition
//! printed as `push  persona <id>: <status> (<raw>)`. No credentials, no network.

use std::sync::Arc;

use tokio::sync::{mpsc::UnboundedReceiver, oneshot};
use txstatus_core::SecretString;
use txstatus_sandbox::{PERSONA_WEBHOOK_SECRET, Sandbox, persona_ids};
use txstatus_webhooks::{MemoryStore, Receiver, Transition};

use crate::{
    clients::{self, Setup},
    failure::Failure,
    out::Stream,
    output,
    text::escape,
};

/// Deliveries sent at most: the sandbox's lifecycle is a few steps long.
const MAX_DELIVERIES: usize = 8;

/// Runs the push path; `Ok(false)` when the reader went away.
pub async fn run(
    sandbox: &Sandbox,
    setup: &Setup<'_>,
    stream: &mut Stream,
) -> Result<bool, Failure> {
    let client = clients::persona_builder_with(None, setup)?.build()?;
    let verifier =
        persona_tx::WebhookVerifier::new(SecretString::from(PERSONA_WEBHOOK_SECRET.to_owned()));
    let (receiver, mut transitions) = Receiver::builder(Arc::new(MemoryStore::new()))
        .provider(
            Arc::new(persona_tx::PersonaWebhooks::new(verifier)),
            Arc::new(client.clone()),
        )
        .build();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .map_err(|e| Failure::failed(format!("demo: cannot listen: {e}")))?;
    let address = listener
        .local_addr()
        .map_err(|e| Failure::failed(format!("demo: cannot read the bound address: {e}")))?;
    let url = format!("http://{address}/webhooks/persona");
    note!("txstatus: webhook listener on {url}; the sandbox delivers signed Persona webhooks");
    let (close, closed) = oneshot::channel::<()>();
    let server = tokio::spawn(txstatus_webhooks::service::serve(
        listener,
        receiver.clone(),
        async move {
            let _ = closed.await;
        },
    ));
    let created = client
        .create_transaction(&persona_tx::CreateTransaction::new(
            persona_ids::TRANSACTION_TYPE_ID,
        ))
        .await
        .map_err(|e| Failure::failed(escape(&e.to_string())));
    let outcome = match created {
        Ok(response) => {
            let id = response.into_value().data.id;
            deliver(sandbox, &receiver, &mut transitions, stream, &url, &id).await
        }
        Err(failure) => Err(failure),
    };
    let _ = close.send(());
    let _ = server.await;
    receiver.drain().await;
    outcome
}

/// Delivers, prints what the listener recorded, advances; until a final state.
async fn deliver(
    sandbox: &Sandbox,
    receiver: &Receiver,
    transitions: &mut UnboundedReceiver<Transition>,
    stream: &mut Stream,
    url: &str,
    id: &str,
) -> Result<bool, Failure> {
    let colour = output::colour_stdout();
    for _ in 0..MAX_DELIVERIES {
        let Some(delivery) = sandbox.persona_webhook(url, id) else {
            return Err(Failure::failed("demo: the sandbox lost its transaction"));
        };
        let code = delivery
            .send()
            .await
            .map_err(|e| Failure::failed(format!("demo: webhook delivery failed: {e}")))?;
        if code != 200 {
            return Err(Failure::failed(format!(
                "demo: the listener answered {code}"
            )));
        }
        receiver.drain().await;
        let mut terminal = false;
        while let Ok(transition) = transitions.try_recv() {
            terminal |= transition.status.terminal;
            let line = format!(
                "push  {} {}: {} ({})",
                escape(&transition.provider),
                escape(&transition.id),
                output::status_word(transition.status.normalized, colour),
                escape(&crate::text::shown_value(&transition.status.raw, false))
            );
            if !stream.record(&line)? {
                return Ok(false);
            }
        }
        if terminal {
            return Ok(true);
        }
        sandbox.advance_persona(id);
    }
    Err(Failure::failed(
        "demo: the pushed transaction did not reach a final state",
    ))
}
