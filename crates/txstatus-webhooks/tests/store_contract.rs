//! The `Store` contract, run against the in-memory store (txstatus-redis runs the
//! same suite against Redis).

use txstatus_webhooks::{MemoryStore, contract::check_store};

#[tokio::test]
async fn the_memory_store_keeps_the_store_contract() {
    check_store(&MemoryStore::new()).await;
}
