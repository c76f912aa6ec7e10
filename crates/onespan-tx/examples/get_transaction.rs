//! Reads one OneSpan transaction and prints its status.
//!
//! With `ONESPAN_TOKEN` exported from your secret store (never typed on the command
//! line, where shell history keeps it):
//!
//! ```sh
//! ONESPAN_BASE_URL=https://acme.example.onespan.cloud ONESPAN_TENANT=acme \
//!     cargo run -p onespan-tx --example onespan_tx_get_transaction -- <transaction-id> [--verifications]
//! ```
//!
//! `ONESPAN_TENANT` is optional. Personal data is printed redacted.

use std::{env, error::Error, process::ExitCode};

use onespan_tx::{Client, ClientOptions};

#[tokio::main]
async fn main() -> ExitCode {
    match run().await {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: {error}");
            ExitCode::FAILURE
        }
    }
}

async fn run() -> Result<(), Box<dyn Error>> {
    let mut args = env::args().skip(1);
    let id = args
        .next()
        .ok_or("usage: get_transaction <transaction-id> [--verifications]")?;
    let with_verifications = args.any(|a| a == "--verifications");
    let token =
        env::var("ONESPAN_TOKEN").map_err(|_| "set ONESPAN_TOKEN to the JWT OneSpan issued")?;
    let base_url =
        env::var("ONESPAN_BASE_URL").map_err(|_| "set ONESPAN_BASE_URL to your tenant's host")?;

    let mut builder = Client::builder(token).base_url(base_url);
    if let Some(tenant) = env::var("ONESPAN_TENANT")
        .ok()
        .filter(|t| !t.trim().is_empty())
    {
        builder = builder.tenant(tenant);
    }
    let client = builder.build()?;

    let response = if with_verifications {
        client.transaction_with_verifications(&id).await?
    } else {
        client.transaction(&id).await?
    };
    let transaction = response.value();
    println!(
        "status: {} ({})",
        transaction.status(),
        transaction.raw_status()
    );
    if let Some(created) = &transaction.created {
        println!("created: {created}");
    }
    if let Some(completed) = &transaction.completed {
        println!("completed: {completed}");
    }
    let redacted = txstatus_core::to_redacted_json(transaction)?;
    println!("{}", serde_json::to_string_pretty(&redacted)?);
    Ok(())
}
