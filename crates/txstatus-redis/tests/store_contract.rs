//! The webhook `Store` contract (the same suite `MemoryStore` passes) on a real server.

use crate::common;

use common::{RedisServer, connect};

use txstatus_redis::RedisStore;
use txstatus_webhooks::contract::check_store;

#[tokio::test]
async fn the_redis_store_keeps_the_store_contract() {
    let server = RedisServer::start();
    let redis = connect(&server).await;
    check_store(&RedisStore::new(&redis)).await;
}
