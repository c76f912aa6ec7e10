//! Sending one webhook: HTTP/1.1 `POST` over a plain TCP connection to an
//! `http://` URL (the receiver under test runs on loopback). No client crate:
//! the sandbox shares no code with the clients it tests.

use std::{io, time::Duration};

use tokio::{
    io::{AsyncBufRead, AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader},
    net::TcpStream,
};

/// A send gives up after this long.
const SEND_TIMEOUT: Duration = Duration::from_secs(30);
/// The most bytes of answer read from a receiver (interim answers, the final
/// status line), line feeds included.
const HEAD_LIMIT: u64 = 8 * 1024;
/// The most interim (1xx) answers skipped before the final one.
const INTERIM_LIMIT: usize = 8;

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

fn invalid_answer(message: &str) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidData, message.to_owned())
}

/// One line, line feed included; an error when the limit or the stream ends first.
async fn read_line<R: AsyncBufRead + Unpin>(reader: &mut R) -> io::Result<Vec<u8>> {
    let mut line = Vec::new();
    reader.read_until(b'\n', &mut line).await?;
    if line.last() != Some(&b'\n') {
        return Err(invalid_answer(
            "no complete HTTP answer within its length limit",
        ));
    }
    Ok(line)
}

/// The code of an `HTTP/1.x NNN reason` status line: three digits, 100 to 599.
fn status_code(line: &[u8]) -> Option<u16> {
    let rest = line.strip_prefix(b"HTTP/1.")?;
    let (minor, rest) = rest.split_first()?;
    let rest = rest.strip_prefix(b" ")?;
    let (code, rest) = rest.split_at_checked(3)?;
    let ends = matches!(rest.first(), Some(b' ' | b'\r' | b'\n'));
    if !minor.is_ascii_digit() || !code.iter().all(u8::is_ascii_digit) || !ends {
        return None;
    }
    let code = std::str::from_utf8(code).ok()?.parse::<u16>().ok()?;
    (100..=599).contains(&code).then_some(code)
}

/// The final status code, skipping up to [`INTERIM_LIMIT`] interim 1xx answers
/// (RFC 9110 15.2: a client takes them even unasked) with their header lines.
async fn final_status<R: AsyncBufRead + Unpin>(reader: &mut R) -> io::Result<u16> {
    for _ in 0..=INTERIM_LIMIT {
        let line = read_line(reader).await?;
        let code = status_code(&line).ok_or_else(|| invalid_answer("no HTTP status line"))?;
        // 101 would switch protocols, which a webhook POST never asks for.
        if code == 101 {
            return Err(invalid_answer("unasked 101 Switching Protocols"));
        }
        if code >= 200 {
            return Ok(code);
        }
        while !matches!(read_line(reader).await?.as_slice(), b"\r\n" | b"\n") {}
    }
    Err(invalid_answer("too many interim HTTP answers"))
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
        // At most `HEAD_LIMIT` bytes of answer are read, however the receiver
        // streams them: a line without end must not be buffered whole.
        final_status(&mut BufReader::new(stream.take(HEAD_LIMIT))).await
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

    #[test]
    fn status_lines_need_the_http_form_and_a_three_digit_code() {
        assert_eq!(status_code(b"HTTP/1.1 202 Accepted\r\n"), Some(202));
        assert_eq!(status_code(b"HTTP/1.0 500\r\n"), Some(500));
        for line in [
            &b"HTTP/2 200 OK\r\n"[..],
            b"XTTP/1.1 200 OK\r\n",
            b"HTTP/1.1 20 OK\r\n",
            b"HTTP/1.1 2000\r\n",
            b"HTTP/1.1 099 x\r\n",
            b"HTTP/1.1 600 x\r\n",
            b"HTTP/1.x 200 x\r\n",
            b"HTTP/1.1",
        ] {
            assert_eq!(status_code(line), None, "{line:?}");
        }
    }
}
