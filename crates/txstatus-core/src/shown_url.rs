//! A URL as `Debug` shows it: scheme, host, port and path. User info and the
//! query (an API key, a signed token or a webhook token may travel in either)
//! are written `[redacted]`, a fragment is left out, and text that does not
//! parse as a URL is not repeated. A URL without a host (`user:password@host`
//! typed without `https://` parses as scheme `user` with the opaque path
//! `password@host`) shows its scheme only. Every `Debug` of a URL in the
//! workspace goes through it.

use std::fmt;

use url::Url;

/// `Debug` of a URL without its user info, query or fragment.
pub enum ShownUrl<'a> {
    /// A parsed URL, borrowed.
    Parsed(&'a Url),
    /// A parsed URL, owned.
    Owned(Url),
    /// Text that is not a URL: shown as `[not a URL]`.
    Unparsed,
}

impl ShownUrl<'_> {
    /// A URL given as text.
    pub fn parse(text: &str) -> ShownUrl<'static> {
        Url::parse(text).map_or(ShownUrl::Unparsed, ShownUrl::Owned)
    }
}

impl fmt::Debug for ShownUrl<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let url = match self {
            Self::Parsed(url) => *url,
            Self::Owned(url) => url,
            Self::Unparsed => return f.write_str("[not a URL]"),
        };
        f.write_str("\"")?;
        f.write_str(url.scheme())?;
        f.write_str(":")?;
        if url.has_host() {
            f.write_str("//")?;
            if !url.username().is_empty() || url.password().is_some() {
                f.write_str("[redacted]@")?;
            }
            if let Some(host) = url.host_str() {
                f.write_str(host)?;
            }
            if let Some(port) = url.port() {
                write!(f, ":{port}")?;
            }
        }
        if url.has_host() {
            f.write_str(url.path())?;
        } else if !url.path().is_empty() {
            // No host: the path is whatever followed the scheme, user info included.
            f.write_str("[redacted]")?;
        }
        if url.query().is_some() {
            f.write_str("?[redacted]")?;
        }
        f.write_str("\"")
    }
}
