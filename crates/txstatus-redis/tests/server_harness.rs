//! The test harness's real redis-server: a try lost to a taken port is retried cleanly.

use crate::common;

use std::net::TcpListener;

use common::{RedisServer, connect};

#[tokio::test]
async fn a_server_starts_on_the_next_port_after_a_try_on_a_taken_one() {
    // Held for the whole test: the first try's server cannot bind it and exits.
    let taken = TcpListener::bind("127.0.0.1:0").unwrap();
    let taken_port = taken.local_addr().unwrap().port();
    let mut tries = 0;
    let server = RedisServer::start_trying_ports(|| {
        tries += 1;
        if tries == 1 {
            taken_port
        } else {
            TcpListener::bind("127.0.0.1:0")
                .unwrap()
                .local_addr()
                .unwrap()
                .port()
        }
    });
    assert_ne!(server.port(), taken_port);
    let redis = connect(&server).await;
    drop(redis);
    drop(taken);
}
