//! Reads an iDIN status inside the 30 seconds after the user's return and prints
//! what it means, without personal values.
//!
//! With `CM_IDIN_MERCHANT_TOKEN` exported from your secret store (never typed on
//! the command line, where shell history keeps it):
//!
//! ```text
//! cargo run -p cm-idin --example status -- \
//!     '<the URL the user came back on>' <merchant_reference> [path-to-store-the-raw-answer]
//! ```
//!
//! The URL is the one the bank sent the user back to (`trxid` and `ec` in its
//! query; a path and query such as `/idin/return?trxid=…&ec=…` is enough).
//! `CM_IDIN_BASE_URL` overrides the base URL (a sandbox on loopback, for example).
//!
//! In a web server, the handler of the return URL does the same: note the moment
//! first, check `ec` against the session, then read the status within the window.
//! The identity is handed out once, so the raw answer is written to the given path
//! before anything else is done with it.

use std::time::Instant;

use cm_idin::{Client, ClientOptions, ReturnParams, StatusOutcome};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    // The window runs from the user's return: take the time before anything else.
    let returned_at = Instant::now();

    let mut args = std::env::args().skip(1);
    let (Some(return_url), Some(merchant_reference)) = (args.next(), args.next()) else {
        eprintln!("usage: status <return-url> <merchant_reference> [store-path]");
        std::process::exit(2);
    };
    let store = args.next();
    let back = ReturnParams::from_url(&return_url)?;
    // A real handler compares `back.entrance_code` with the one kept in the user's
    // session here, and stops if they differ.

    let token = std::env::var("CM_IDIN_MERCHANT_TOKEN")
        .map_err(|_| "set CM_IDIN_MERCHANT_TOKEN to your merchant token")?;
    let mut builder = Client::builder(token);
    if let Ok(base) = std::env::var("CM_IDIN_BASE_URL") {
        builder = builder.base_url(base);
    }
    let client = builder.build()?;

    let answer = match client
        .status_within_window(&back.transaction_id, &merchant_reference, returned_at)
        .await
    {
        Ok(answer) => answer,
        Err(error) => {
            // Even an answer that did not decode is kept whole in the error.
            if let (Some(path), Some(body)) = (&store, error.body()) {
                std::fs::write(path, body.as_bytes())?;
                eprintln!("stored {} bytes of the failed answer in {path}", body.len());
            }
            return Err(error.into());
        }
    };
    // First keep the bytes: the identity in them is not handed out again.
    if let Some(path) = &store {
        std::fs::write(path, answer.raw().as_bytes())?;
        println!("stored {} bytes in {path}", answer.raw().len());
    }

    let outcome = answer.outcome();
    println!(
        "status: {} ({}) after {} read(s)",
        outcome.normalized(),
        answer.response().value().raw_status(),
        answer.reads()
    );
    match outcome {
        StatusOutcome::Success(identity) => {
            println!("identity received:");
            println!("  bin: {}", present(identity.bin.is_some()));
            println!("  name: {}", present(identity.name.is_some()));
            println!("  address: {}", present(identity.address.is_some()));
            println!("  age: {}", present(identity.age.is_some()));
            println!(
                "  telephone: {}",
                present(identity.telephone_number.is_some())
            );
            println!("  email: {}", present(identity.email_address.is_some()));
        }
        StatusOutcome::SuccessDataLostToEarlierAttempt(_) => {
            println!(
                "no personal data: an earlier attempt that failed on the way most likely \
                 received it; the user has to go through the bank again"
            );
        }
        StatusOutcome::SuccessDataUnavailable(unavailable) => {
            println!(
                "no personal data: {}",
                unavailable.notice.as_deref().unwrap_or("(no notice)")
            );
        }
        StatusOutcome::Open if answer.window_closed() => {
            println!("still open when the 30 s window closed: the identity can no longer be had");
        }
        _ => {}
    }
    Ok(())
}

fn present(yes: bool) -> &'static str {
    if yes { "present" } else { "absent" }
}
