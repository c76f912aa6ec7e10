//! Retrieves one Persona transaction and prints its status.
//!
//! With `PERSONA_API_KEY` exported from your secret store (never typed on the
//! command line, where shell history keeps it):
//!
//! ```text
//! cargo run -p persona-tx --example persona_tx_get_transaction -- txn_ABC123
//! ```
//!
//! Personal data stays redacted: the document is printed with
//! `txstatus_core::to_redacted_json`.

use std::process::ExitCode;

use persona_tx::{Client, RetrieveOptions};
use txstatus_core::SecretString;

#[tokio::main]
async fn main() -> ExitCode {
    let Ok(api_key) = std::env::var("PERSONA_API_KEY") else {
        eprintln!("set PERSONA_API_KEY to a Persona API key");
        return ExitCode::from(2);
    };
    let Some(id) = std::env::args().nth(1) else {
        eprintln!("usage: get_transaction <transaction id>");
        return ExitCode::from(2);
    };
    let client = match Client::builder(SecretString::from(api_key)).build() {
        Ok(client) => client,
        Err(error) => {
            eprintln!("{error}");
            return ExitCode::FAILURE;
        }
    };
    let options = RetrieveOptions::new().include(["account", "verification/government-id"]);
    match client.transaction_with(&id, &options).await {
        Ok(response) => {
            let transaction = response.value();
            let status = client.status_of(transaction.raw_status());
            println!("{id}: {status}");
            println!("request id: {}", response.request_id().unwrap_or("-"));
            match txstatus_core::to_redacted_json(transaction)
                .and_then(|json| serde_json::to_string_pretty(&json))
            {
                Ok(json) => println!("{json}"),
                Err(error) => eprintln!("cannot print the document: {error}"),
            }
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("{error}");
            if let Some(request_id) = error.request_id() {
                eprintln!("request id: {request_id}");
            }
            ExitCode::FAILURE
        }
    }
}
