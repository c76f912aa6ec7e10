//! Sending one webhook: HTTP/1.1 `POST` over a plain TCP connection to an
//! `http://` URL (the receiver under test runs on loopback). No client crate:
//! the sandbox shares no code with the clients it tests.

use std::{io, time::Duration};

use tokio::{
    io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader},
    net::TcpStream,
};

/// A send gives up after this long.
const SEND_TIMEOUT: Duration = Duration::from_secs(30);
/// The longest status line read from a receiver, line feed included.
const STATUS_LINE_LIMIT: u64 = 8 * 1024;

fn invalid(message: &str) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidInput, message.to_owned())
}

/// `http://host:port/path?query` -> (`host:port`, `host`, `/path?query`).
fn split_url(url: &str) -> io::Result<(String, String, String)> {
    let rest = url
        .strip_prefix("http://")
        .ok_or_else(|| invalid("webhook URL must be http://"))?;
    // The URL goes into the request line and `Host` as is: a space or a control
    // character (a line break) would end them and let it write its own headers.
    if rest.bytes().any(|b| b.is_ascii_control() || b == b' ') {
        return Err(invalid(
            "webhook URL must not hold spaces or control characters",
        ));
    }
    let (authority, target) = match rest.find('/') {
        Some(at) => rest.split_at(at),
        None => (rest, "/"),
    };
    if authority.is_empty() || authority.contains('@') {
        return Err(invalid("webhook URL needs a host and no user info"));
    }
    let address = if authority.contains(':') && !authority.ends_with(']') {
        authority.to_owned()
    } else {
        format!("{authority}:80")
    };
    Ok((address, authority.to_owned(), target.to_owned()))
}

/// Posts `body` with `headers` to `url`; the answer's status code.
pub(crate) async fn post(url: &str, headers: &[(String, String)], body: &[u8]) -> io::Result<u16> {
    let (address, host, target) = split_url(url)?;
    let exchange = async {
        let mut stream = TcpStream::connect(address.as_str()).await?;
        let mut head = format!(
            "POST {target} HTTP/1.1\r\nHost: {host}\r\nContent-Length: {}\r\nConnection: close\r\n",
            body.len()
        );
        for (name, value) in headers {
            if name.contains(['\r', '\n', ':']) || value.contains(['\r', '\n']) {
                return Err(invalid("header names and values must be one line"));
            }
            head.push_str(&format!("{name}: {value}\r\n"));
        }
        head.push_str("\r\n");
        stream.write_all(head.as_bytes()).await?;
        stream.write_all(body).await?;
        stream.flush().await?;
        // The status line only, and at most `STATUS_LINE_LIMIT` bytes of it: a
        // receiver that streams a line without end must not be buffered whole.
        let mut line = Vec::new();
        BufReader::new(stream.take(STATUS_LINE_LIMIT))
            .read_until(b'\n', &mut line)
            .await?;
        if line.last() != Some(&b'\n') {
            return Err(io::Error::new(
                io::ErrorKind::InvalidData,
                "no HTTP status line within its length limit",
            ));
        }
        let line = String::from_utf8_lossy(&line);
        line.split(' ')
            .nth(1)
            .and_then(|code| code.parse::<u16>().ok())
            .ok_or_else(|| io::Error::new(io::ErrorKind::InvalidData, "no HTTP status line"))
    };
    tokio::time::timeout(SEND_TIMEOUT, exchange)
        .await
        .map_err(|_| io::Error::new(io::ErrorKind::TimedOut, "webhook send timed out"))?
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_split_into_address_host_and_target() {
        let (address, host, target) = split_url("http://127.0.0.1:8787/webhooks/x?t=1").unwrap();
        assert_eq!(
            (address.as_str(), host.as_str(), target.as_str()),
            ("127.0.0.1:8787", "127.0.0.1:8787", "/webhooks/x?t=1")
        );
        assert_eq!(split_url("http://localhost").unwrap().0, "localhost:80");
        assert!(split_url("https://example.com/").is_err());
        assert!(split_url("http://u:p@h/").is_err());
        assert!(split_url("http://h/a\r\nX-Evil: 1").is_err());
        assert!(split_url("http://h/a b").is_err());
        assert!(split_url("http://h\t/").is_err());
    }
}
