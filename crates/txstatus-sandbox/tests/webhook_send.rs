//! The sandbox sends webhooks over plain HTTP/1.1 to the URL it is given.
#![allow(
    missing_docs,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use tokio::{
    io::{AsyncReadExt, AsyncWriteExt},
    net::TcpListener,
};

#[tokio::test]
async fn a_delivery_is_posted_with_its_headers_and_body_and_returns_the_status() {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!(
        "http://{}/webhooks/cm-idscan?x=1",
        listener.local_addr().unwrap()
    );
    let server = tokio::spawn(async move {
        let (mut socket, _) = listener.accept().await.unwrap();
        let mut request = Vec::new();
        let mut buffer = [0u8; 4096];
        loop {
            let n = socket.read(&mut buffer).await.unwrap();
            request.extend_from_slice(&buffer[..n]);
            let text = String::from_utf8_lossy(&request);
            if let Some(end) = text.find("\r\n\r\n") {
                let length: usize = text
                    .lines()
                    .find_map(|l| l.strip_prefix("Content-Length: "))
                    .unwrap()
                    .parse()
                    .unwrap();
                if request.len() >= end + 4 + length {
                    break;
                }
            }
        }
        socket
            .write_all(b"HTTP/1.1 202 Accepted\r\nContent-Length: 0\r\n\r\n")
            .await
            .unwrap();
        String::from_utf8(request).unwrap()
    });
    let delivery =
        txstatus_sandbox::idscan_webhook(&url, "X-Hook", "s3cret", "tx-1", "completed", "res-1");
    assert_eq!(delivery.target(), "/webhooks/cm-idscan?x=1");
    assert!(!format!("{delivery:?}").contains("s3cret"));
    assert_eq!(delivery.send().await.unwrap(), 202);
    let request = server.await.unwrap();
    assert!(request.starts_with("POST /webhooks/cm-idscan?x=1 HTTP/1.1\r\n"));
    assert!(request.contains("X-Hook: s3cret\r\n"));
    assert!(request.ends_with(&String::from_utf8(delivery.body.clone()).unwrap()));
    assert!(request.contains(r#""resultId":"res-1""#));
}
