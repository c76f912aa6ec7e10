//! Reads one ID Scan transaction and prints its status, tasks and files.
//!
//! With `CM_IDSCAN_KEY_ID` and `CM_IDSCAN_SECRET` exported from your secret store
//! (never typed on the command line, where shell history keeps them):
//!
//! ```sh
//! cargo run -p cm-idscan --example cm_idscan_get_transaction -- <transaction-id>
//! ```
//!
//! `CM_IDSCAN_BASE_URL` overrides the base URL (the local sandbox, for example).
//! Download URLs and personal data are printed as `[redacted]`.

use std::{env, process::ExitCode};

use cm_idscan::{Client, ClientOptions, SecretString};

#[tokio::main(flavor = "current_thread")]
async fn main() -> ExitCode {
    let (Ok(key_id), Ok(secret), Some(id)) = (
        env::var("CM_IDSCAN_KEY_ID"),
        env::var("CM_IDSCAN_SECRET"),
        env::args().nth(1),
    ) else {
        eprintln!(
            "usage: CM_IDSCAN_KEY_ID=... CM_IDSCAN_SECRET=... get_transaction <transaction-id>"
        );
        return ExitCode::from(2);
    };
    let mut builder = Client::builder(key_id, SecretString::from(secret));
    if let Ok(base) = env::var("CM_IDSCAN_BASE_URL") {
        builder = builder.base_url(base);
    }
    let client = match builder.build() {
        Ok(client) => client,
        Err(error) => {
            eprintln!("{error}");
            return ExitCode::from(2);
        }
    };
    match client.transaction(&id).await {
        Ok(response) => {
            let tx = response.value();
            println!("transaction {}: {}", tx.id, tx.status());
            for task in &tx.tasks {
                let state = task.state.as_ref().map_or("-", |s| s.as_str());
                let score = task
                    .score
                    .map(|s| format!(" score {s}"))
                    .unwrap_or_default();
                println!("  task {}: {state}{score}", task.kind);
                for scan in task.document_scans.iter().flatten() {
                    for file in &scan.files {
                        println!(
                            "    file {:?} {:?}: {:?}",
                            file.category, file.kind, file.url
                        );
                    }
                }
            }
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("{error}");
            ExitCode::FAILURE
        }
    }
}
