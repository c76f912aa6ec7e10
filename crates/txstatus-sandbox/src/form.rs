//! `application/x-www-form-urlencoded` parsing for form bodies and query strings (the
//! workspace's axum has neither the `form` nor the `query` feature).

/// The pairs of a form body or query string, decoded; `None` when a `%` escape is
/// malformed or a value is not UTF-8.
pub(crate) fn parse(text: &str) -> Option<Vec<(String, String)>> {
    text.split('&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| {
            let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
            Some((decode(name)?, decode(value)?))
        })
        .collect()
}

/// The first value of `name`, if any.
pub(crate) fn first<'a>(pairs: &'a [(String, String)], name: &str) -> Option<&'a str> {
    pairs
        .iter()
        .find(|(key, _)| key == name)
        .map(|(_, value)| value.as_str())
}

/// Percent-decodes one form component (`+` is a space).
fn decode(text: &str) -> Option<String> {
    let mut out = Vec::with_capacity(text.len());
    let mut bytes = text.bytes();
    while let Some(byte) = bytes.next() {
        match byte {
            b'+' => out.push(b' '),
            b'%' => {
                let high = hex(bytes.next()?)?;
                let low = hex(bytes.next()?)?;
                out.push((high << 4) | low);
            }
            other => out.push(other),
        }
    }
    String::from_utf8(out).ok()
}

fn hex(byte: u8) -> Option<u8> {
    match byte {
        b'0'..=b'9' => Some(byte - b'0'),
        b'a'..=b'f' => Some(byte - b'a' + 10),
        b'A'..=b'F' => Some(byte - b'A' + 10),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::{first, parse};

    #[test]
    fn decodes_pairs() {
        let pairs = parse("grant_type=client_credentials&client_id=a%2Bb+c&flag").unwrap();
        assert_eq!(first(&pairs, "client_id"), Some("a+b c"));
        assert_eq!(first(&pairs, "grant_type"), Some("client_credentials"));
        assert_eq!(first(&pairs, "flag"), Some(""));
        assert_eq!(first(&pairs, "missing"), None);
    }

    #[test]
    fn refuses_broken_escapes() {
        assert!(parse("a=%2").is_none());
        assert!(parse("a=%zz").is_none());
        assert!(parse("a=%ff").is_none());
    }
}
