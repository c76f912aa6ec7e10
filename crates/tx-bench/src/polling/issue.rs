//! Distinct progressing ids: iDIN transactions created with `POST /transaction` at the
//! sandbox directory's bank, which the sandbox answers as CM does: `open` until the
//! user is back (here: the first read), then `success` with the identity asked.
//! No other provider's sandbox issues ids, and fixed scenario ids share one counter.

use std::sync::Arc;

use cm_idin::{Client, NewTransaction};
use txstatus_core::ClientOptions;

use crate::error::{BenchError, Result};

/// The sandbox directory's bank: a creation at any other issuer is refused (400).
const BANK: &str = "SBXBNL2S";

/// Creates `count` transactions, `concurrency` at a time, with a client that has no rate
/// limit (creation is setup, not measured); returns their ids and the merchant
/// references their creations returned (the status call needs both), in creation order.
pub async fn create(
    base_url: &str,
    token: &str,
    count: usize,
    concurrency: usize,
) -> Result<Vec<(String, String)>> {
    let client = Client::builder(token.to_owned())
        .base_url(base_url.to_owned())
        .configure_transport(|t| t.no_proxy())
        .build()?;
    let next = Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let mut tasks = Vec::new();
    for _ in 0..concurrency.max(1) {
        let client = client.clone();
        let next = next.clone();
        tasks.push(tokio::spawn(async move {
            let mut ids = Vec::new();
            loop {
                let n = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                if n >= count {
                    break;
                }
                let request =
                    NewTransaction::new(BANK, format!("bench{n}"), "https://bench.invalid/return");
                let created = client.create_transaction(&request).await?.into_value();
                let id = created.transaction_id.ok_or_else(|| {
                    BenchError::new("POST /transaction returned no transaction_id")
                })?;
                let reference = created.merchant_reference.ok_or_else(|| {
                    BenchError::new("POST /transaction returned no merchant_reference")
                })?;
                ids.push((n, (id, reference)));
            }
            Ok::<_, BenchError>(ids)
        }));
    }
    let mut all = Vec::with_capacity(count);
    for task in tasks {
        all.extend(task.await??);
    }
    all.sort_unstable_by_key(|(n, _)| *n);
    Ok(all.into_iter().map(|(_, id)| id).collect())
}
