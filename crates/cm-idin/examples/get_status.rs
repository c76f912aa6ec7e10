//! Reads an iDIN status once and prints what it means, without personal values.
//!
//! ```text
//! CM_IDIN_MERCHANT_TOKEN=... cargo run -p cm-idin --example get_status -- \
//!     <transaction_id> <merchant_reference> [path-to-store-the-raw-answer]
//! ```
//!
//! `CM_IDIN_BASE_URL` overrides the base URL (a sandbox on loopback, for example).
//! Run it within 30 seconds of the user's return from the bank: the identity is
//! handed out once, so the raw answer is written to the given path before anything
//! else is done with it.

use cm_idin::{Client, ClientOptions, StatusOutcome};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let (Some(transaction_id), Some(merchant_reference)) = (args.next(), args.next()) else {
        eprintln!("usage: get_status <transaction_id> <merchant_reference> [store-path]");
        std::process::exit(2);
    };
    let store = args.next();
    let token = std::env::var("CM_IDIN_MERCHANT_TOKEN")
        .map_err(|_| "set CM_IDIN_MERCHANT_TOKEN to your merchant token")?;

    let mut builder = Client::builder(token);
    if let Ok(base) = std::env::var("CM_IDIN_BASE_URL") {
        builder = builder.base_url(base);
    }
    let client = builder.build()?;

    let answer = match client.status(&transaction_id, &merchant_reference).await {
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

    let outcome = answer.value().outcome();
    println!(
        "status: {} ({})",
        outcome.normalized(),
        answer.value().raw_status()
    );
    match &outcome {
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
        StatusOutcome::SuccessDataUnavailable(unavailable) => {
            println!(
                "no personal data: {}",
                unavailable.notice.as_deref().unwrap_or("(no notice)")
            );
        }
        StatusOutcome::Open => println!("not finished at the bank yet: ask again in a few seconds"),
        _ => {}
    }
    Ok(())
}

fn present(yes: bool) -> &'static str {
    if yes { "present" } else { "absent" }
}
