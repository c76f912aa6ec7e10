//! Retention: the stream and the keys are bounded.

use crate::common;

use common::{RedisServer, connect, state, webhook_commit};

use std::time::Duration;

use txstatus_core::NormalizedStatus;
use txstatus_redis::RedisStore;
use txstatus_webhooks::{Store, TxKey};

#[tokio::test]
async fn the_stream_is_capped_and_states_expire() {
    let server = RedisServer::start();
    let redis = connect(&server).await;
    let store = RedisStore::new(&redis)
        .with_stream_max_len(10)
        .with_state_ttl(Duration::from_secs(3600));
    for i in 0..500 {
        let key = TxKey::new("fake", format!("tx-{i}"));
        let ticket = store.begin_read(&key).await.unwrap();
        let state = state(NormalizedStatus::Pending, "created");
        let commit = webhook_commit(key, ticket, state);
        assert!(store.commit(commit).await.unwrap().is_some());
    }
    let client = redis_client(&server);
    let length = query(&client, &["XLEN", &store.stream_key()]);
    // `MAXLEN ~` trims whole blocks (100 entries by default): bounded, not exact.
    assert!((10..=200).contains(&length), "{length}");
    let ttl = query(&client, &["PTTL", "txstatus:wh:tx:fake:tx-0"]);
    assert!(ttl > 0 && ttl <= 3_600_000, "{ttl}");
}

fn redis_client(server: &RedisServer) -> std::net::TcpStream {
    std::net::TcpStream::connect(("127.0.0.1", server.port())).unwrap()
}

/// One command over RESP, integer reply.
fn query(stream: &std::net::TcpStream, args: &[&str]) -> i64 {
    use std::io::{BufRead, BufReader, Write};
    let mut command = format!("*{}\r\n", args.len());
    for arg in args {
        command.push_str(&format!("${}\r\n{arg}\r\n", arg.len()));
    }
    let mut writer = stream;
    writer.write_all(command.as_bytes()).unwrap();
    let mut line = String::new();
    BufReader::new(stream).read_line(&mut line).unwrap();
    line.trim().strip_prefix(':').unwrap().parse().unwrap()
}
