//! Download URLs: which ones may carry the bearer token.

use txstatus_core::{FileRef, RequestSpec, Result, Url};

use crate::{PROVIDER, ScanFile};

impl FileRef for ScanFile {
    fn file_location(&self) -> Option<&str> {
        self.url.as_ref().map(|url| url.expose().as_str())
    }
}

/// Describes the GET of a download URL, or refuses it before any I/O.
///
/// Accepted only with the base's scheme, host and port, no user info, and a
/// path of the base's path, then `downloads`, then at least one segment
/// ([`txstatus_core::get_url_under`]). Query pairs are kept; a fragment is never sent.
/// Messages never repeat the URL: it is personal data.
pub(crate) fn download_spec(base: &Url, url: &str, limit: usize) -> Result<RequestSpec> {
    Ok(
        txstatus_core::get_url_under(PROVIDER, "download", base, url, &["downloads"])?
            .body_limit(limit),
    )
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    const BASE: &str = "http://127.0.0.1:9000/idscan/v1";

    fn resolved(url: &str) -> Result<String> {
        let service = txstatus_core::ServiceBuilder::new(PROVIDER, Some(BASE)).build()?;
        let spec = download_spec(service.base_url(), url, 10)?;
        Ok(service.url_for(&spec)?.to_string())
    }

    #[test]
    fn accepts_urls_under_the_base_downloads_path() {
        assert_eq!(
            resolved("http://127.0.0.1:9000/idscan/v1/downloads/abc").unwrap(),
            "http://127.0.0.1:9000/idscan/v1/downloads/abc"
        );
        assert_eq!(
            resolved("http://127.0.0.1:9000/idscan/v1/downloads/a/b%20c?x=1&y=a%26b").unwrap(),
            "http://127.0.0.1:9000/idscan/v1/downloads/a/b%20c?x=1&y=a%26b"
        );
    }

    #[test]
    fn a_trailing_slash_on_the_base_changes_nothing() {
        let service =
            txstatus_core::ServiceBuilder::new(PROVIDER, Some("https://api.cm.com/id-scan/v1/"))
                .build()
                .unwrap();
        let spec = download_spec(
            service.base_url(),
            "https://api.cm.com:443/id-scan/v1/downloads/kvd6UWjcymy9",
            10,
        )
        .unwrap();
        assert_eq!(
            service.url_for(&spec).unwrap().as_str(),
            "https://api.cm.com/id-scan/v1/downloads/kvd6UWjcymy9"
        );
    }

    #[test]
    fn refuses_everything_else_without_naming_the_url() {
        for url in [
            "http://localhost:9000/idscan/v1/downloads/abc",
            "http://127.0.0.2:9000/idscan/v1/downloads/abc",
            "http://127.0.0.1:9001/idscan/v1/downloads/abc",
            "http://127.0.0.1/idscan/v1/downloads/abc",
            "https://127.0.0.1:9000/idscan/v1/downloads/abc",
            "http://user:pw@127.0.0.1:9000/idscan/v1/downloads/abc",
            "http://127.0.0.1:9000/idscan/v1/transactions/abc",
            "http://127.0.0.1:9000/idscan/v2/downloads/abc",
            "http://127.0.0.1:9000/downloads/abc",
            "http://127.0.0.1:9000/idscan/v1/downloads",
            "http://127.0.0.1:9000/idscan/v1/downloads/",
            "http://127.0.0.1:9000/idscan/v1/downloads//abc",
            "http://127.0.0.1:9000/idscan/v1/downloads/../transactions/abc",
            "http://127.0.0.1:9000/idscan/v1/downloads/%2e%2e/transactions/abc",
            "http://127.0.0.1:9000/idscan/v1/downloads/abc/..",
            "http://127.0.0.1:9000/idscan/v1/downloads/..%2Ftransactions%2Fabc",
            "http://127.0.0.1:9000/idscan/v1/downloads/abc%5C..",
            "http://127.0.0.1:9000/idscan/v1/downloads/a%0Ab",
            "http://127.0.0.1:9000/idscan/v1/downloads/a%zz",
            "http://127.0.0.1:9000/idscan/v1/downloads/%ff",
            "http://127.0.0.1:9000/idscan/v1/../v1/x/../downloads/../transactions",
            "/idscan/v1/downloads/abc",
            "mailto:someone@example.com",
        ] {
            let error = resolved(url).unwrap_err();
            assert!(error.is_invalid_input(), "{url}: {error}");
            assert!(!error.to_string().contains("abc"), "{url}: {error}");
        }
    }
}
