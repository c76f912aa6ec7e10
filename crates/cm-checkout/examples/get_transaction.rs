//! Reads one Checkout transaction and prints its status.
//!
//! With `CM_CHECKOUT_CLIENT_ID` and `CM_CHECKOUT_CLIENT_SECRET` exported from your
//! secret store (never typed on the command line, where shell history keeps them):
//!
//! ```text
//! cargo run -p cm-checkout --example cm_checkout_get_transaction -- <transaction-id>
//! ```
//!
//! `CM_CHECKOUT_BASE_URL` overrides the API base URL (a sandbox, for example).

use cm_checkout::{Client, ClientOptions};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let client_id = std::env::var("CM_CHECKOUT_CLIENT_ID")
        .map_err(|_| "set CM_CHECKOUT_CLIENT_ID to your OAuth2 client id")?;
    let client_secret = std::env::var("CM_CHECKOUT_CLIENT_SECRET")
        .map_err(|_| "set CM_CHECKOUT_CLIENT_SECRET to your OAuth2 client secret")?;
    let id = std::env::args()
        .nth(1)
        .ok_or("usage: get_transaction <transaction-id>")?;

    let mut builder = Client::builder(client_id, client_secret);
    if let Ok(base) = std::env::var("CM_CHECKOUT_BASE_URL") {
        builder = builder.base_url(base);
    }
    let client = builder.build()?;

    let response = client.transaction(&id).await?;
    let transaction = response.value();
    println!("status:    {}", transaction.tx_status());
    if let Some(money) = transaction.money() {
        println!(
            "amount:    {} minor units of {}",
            money.minor_units(),
            money.currency()
        );
    }
    if let Some(created) = &transaction.created_at {
        println!("created:   {created}");
    }
    for payment in transaction.payments.iter().flatten() {
        println!(
            "payment:   {} {} {}",
            payment.id.as_deref().unwrap_or("?"),
            payment.kind.as_ref().map_or("?", |k| k.as_str()),
            payment.status.as_ref().map_or("?", |s| s.as_str()),
        );
    }
    // Personal data stays redacted unless exposed deliberately.
    let redacted = txstatus_core::to_redacted_json(transaction)?;
    println!("{}", serde_json::to_string_pretty(&redacted)?);
    Ok(())
}
