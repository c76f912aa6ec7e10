//! Requests for URLs a provider hands out (file downloads), refused before any I/O
//! unless they point under a known origin and path.

use percent_encoding::percent_decode_str;
use reqwest::Url;

use crate::{Error, Result, id::id_problem, request::RequestSpec};

fn refuse(provider: &'static str, reason: &str) -> Error {
    Error::invalid_input(provider, format!("refused URL: {reason}"))
}

/// Describes a GET of `url`, relative to a service whose base URL is `base`.
///
/// Accepted only with `base`'s scheme, host and port, no user info, and a path of
/// `base`'s path, then `prefix`, then at least one segment. Every further segment
/// is percent-decoded and sent as one id segment, so a decoded `/`, `\`, `.` or
/// `..` is refused rather than re-encoded. The query is sent byte for byte as
/// given (a signed URL's `access_token` and signature included: re-encoding it
/// could break the signature); a fragment is never sent. Messages never repeat the
/// URL: it may name a personal document or carry a token.
pub fn get_url_under(
    provider: &'static str,
    operation: &'static str,
    base: &Url,
    url: &str,
    prefix: &[&'static str],
) -> Result<RequestSpec> {
    let target = Url::parse(url).map_err(|_| refuse(provider, "it does not parse"))?;
    if target.scheme() != base.scheme() {
        return Err(refuse(
            provider,
            "the scheme differs from the allowed origin",
        ));
    }
    if target.host_str() != base.host_str() {
        return Err(refuse(provider, "the host differs from the allowed origin"));
    }
    if target.port_or_known_default() != base.port_or_known_default() {
        return Err(refuse(provider, "the port differs from the allowed origin"));
    }
    if !target.username().is_empty() || target.password().is_some() {
        return Err(refuse(provider, "it holds credentials"));
    }
    let base_segments: Vec<&str> = base
        .path_segments()
        .map(|segments| segments.filter(|s| !s.is_empty()).collect())
        .unwrap_or_default();
    let mut segments = target
        .path_segments()
        .ok_or_else(|| refuse(provider, "it has no path"))?;
    for expected in base_segments {
        if segments.next() != Some(expected) {
            return Err(refuse(provider, "the path is not under the allowed base"));
        }
    }
    let mut spec = RequestSpec::get(operation);
    for expected in prefix {
        if segments.next() != Some(*expected) {
            return Err(refuse(provider, "the path is not under the allowed prefix"));
        }
        spec = spec.segment(expected);
    }
    let mut count = 0usize;
    for segment in segments {
        let decoded = percent_decode(segment).ok_or_else(|| {
            refuse(
                provider,
                "a path segment is not valid percent-encoded UTF-8",
            )
        })?;
        if decoded.contains(['/', '\\']) || id_problem(&decoded).is_some() {
            return Err(refuse(
                provider,
                "a path segment is empty, `.`, `..`, or holds a slash or a control character",
            ));
        }
        spec = spec.id_segment(decoded);
        count = count.saturating_add(1);
    }
    if count == 0 {
        return Err(refuse(provider, "it names no file"));
    }
    if let Some(query) = target.query() {
        spec = spec.raw_query(query);
    }
    Ok(spec)
}

/// Decodes `%XX` escapes; `None` on a broken escape or invalid UTF-8.
///
/// `percent-encoding` passes a broken escape (`%zz`, a trailing `%`) through as
/// text, which would then be re-encoded as `%25zz` and name another file: such a
/// segment is refused before decoding.
fn percent_decode(segment: &str) -> Option<String> {
    let escapes_whole = segment.split('%').skip(1).all(|after| {
        after
            .as_bytes()
            .get(..2)
            .is_some_and(|hex| hex.iter().all(u8::is_ascii_hexdigit))
    });
    if !escapes_whole {
        return None;
    }
    percent_decode_str(segment)
        .decode_utf8()
        .ok()
        .map(|decoded| decoded.into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn base() -> Url {
        Url::parse("http://127.0.0.1:9000/api/v1").unwrap()
    }

    #[test]
    fn accepts_only_urls_under_the_origin_and_prefix() {
        let ok = "http://127.0.0.1:9000/api/v1/downloads/a%20b/c.png?access_token=x%2By";
        assert!(get_url_under("t", "d", &base(), ok, &["downloads"]).is_ok());
        for bad in [
            "https://127.0.0.1:9000/api/v1/downloads/a",
            "http://127.0.0.2:9000/api/v1/downloads/a",
            "http://127.0.0.1:9001/api/v1/downloads/a",
            "http://u:p@127.0.0.1:9000/api/v1/downloads/a",
            "http://127.0.0.1:9000/api/v2/downloads/a",
            "http://127.0.0.1:9000/api/v1/other/a",
            "http://127.0.0.1:9000/api/v1/downloads/",
            "http://127.0.0.1:9000/api/v1/downloads/%2e%2e/x",
            "http://127.0.0.1:9000/api/v1/downloads/a%2Fb",
            "http://127.0.0.1:9000/api/v1/downloads/%zz",
            "http://127.0.0.1:9000/api/v1/downloads/a%2",
            "http://127.0.0.1:9000/api/v1/downloads/a%",
            "http://127.0.0.1:9000/api/v1/downloads/%C3%28",
            "http://127.0.0.1:9000/api/v1/downloads/a%00b",
            "not a url",
        ] {
            let error = get_url_under("t", "d", &base(), bad, &["downloads"]).unwrap_err();
            assert!(error.is_invalid_input(), "{bad}");
            assert!(!error.to_string().contains("127.0.0.1"), "{error}");
        }
    }

    #[test]
    fn the_query_is_kept_as_given_and_the_fragment_dropped() {
        let url = "http://127.0.0.1:9000/api/v1/downloads/a?s=a%20b+c~%7E&flag#frag";
        let spec = get_url_under("t", "d", &base(), url, &["downloads"]).unwrap();
        assert_eq!(spec.given_query(), Some("s=a%20b+c~%7E&flag"));
        assert_eq!(spec.query_pairs().count(), 0);
        let bare = "http://127.0.0.1:9000/api/v1/downloads/a#frag";
        let spec = get_url_under("t", "d", &base(), bare, &["downloads"]).unwrap();
        assert_eq!(spec.given_query(), None);
    }

    #[test]
    fn segments_are_percent_decoded_once() {
        assert_eq!(percent_decode("a%20b%2Fc").as_deref(), Some("a b/c"));
        assert_eq!(percent_decode("100%25").as_deref(), Some("100%"));
        assert_eq!(percent_decode("%2525").as_deref(), Some("%25"));
        assert_eq!(percent_decode("caf%C3%A9").as_deref(), Some("caf\u{e9}"));
        assert_eq!(percent_decode("plain").as_deref(), Some("plain"));
        for broken in ["%", "a%2", "%zz", "%2g", "%C3%28", "%FF"] {
            assert_eq!(percent_decode(broken), None, "{broken}");
        }
    }
}
