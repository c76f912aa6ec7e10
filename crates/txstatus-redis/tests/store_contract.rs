//! The webhook `Store` contract (the same suite `MemoryStore` passes) on a real server.
#![allow(
    missing_docs,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::arithmetic_side_effects
)]

use crate::common;

use common::RedisServer;

use txstatus_redis::{Redis, RedisStore};
use txstatus_webhooks::contract::check_store;

#[tokio::test]
async fn the_redis_store_keeps_the_store_contract() {
    let server = RedisServer::start();
    let redis = Redis::connect(&server.config()).await.unwrap();
    check_store(&RedisStore::new(&redis)).await;
}
