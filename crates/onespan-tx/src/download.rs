//! Files: verification images and evidence PDFs, read under a size cap
//! (the file type is the core's [`txstatus_core::Download`]).
//!
//! Every file comes from the tenant's own base URL with the client's bearer token.
//! A verification image is named by an `sfs://` reference that OneSpan hands out;
//! it is never fetched as a URL: its path is resolved under the tenant base URL
//! ([`sfs_request`]), so the token cannot be sent to a host the response chose.

use txstatus_core::{
    Error, RequestSpec, Result,
    header::{ACCEPT, HeaderValue},
    id_problem,
};

use crate::PROVIDER;

/// The scheme of verification image references.
pub const SFS_SCHEME: &str = "sfs://";

/// Describes the GET of a verification image from its `sfs://` reference:
/// `GET {base}/api/sfs/{segment}/...` with each path segment of the reference
/// sent as one percent-encoded segment.
///
/// OneSpan's docs name the download step without showing its path; this crate
/// resolves the reference under the tenant base URL (never elsewhere) and
/// refuses, before any I/O, a reference that is not `sfs://`, that is empty, or
/// that holds a query, a fragment, a backslash, a `.`/`..` or empty segment, or a
/// control character. Messages never repeat the reference.
pub fn sfs_request(reference: &str, limit: usize) -> Result<RequestSpec> {
    let refuse =
        |why: &str| Error::invalid_input(PROVIDER, format!("refused sfs reference: {why}"));
    let rest = reference
        .strip_prefix(SFS_SCHEME)
        .ok_or_else(|| refuse("it is not an sfs:// reference"))?;
    if rest.contains(['?', '#', '\\']) {
        return Err(refuse("it holds a query, a fragment or a backslash"));
    }
    let mut spec = RequestSpec::get("download_verification_image")
        .segment("api")
        .segment("sfs")
        .header(ACCEPT, HeaderValue::from_static("*/*"))
        .body_limit(limit);
    let mut count = 0usize;
    for segment in rest.split('/') {
        if id_problem(segment).is_some() {
            return Err(refuse(
                "a path segment is empty, `.`, `..`, too long or holds a control character",
            ));
        }
        spec = spec.id_segment(segment);
        count = count.saturating_add(1);
    }
    if count == 0 {
        return Err(refuse("it names no file"));
    }
    Ok(spec)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    #[test]
    fn sfs_references_resolve_only_to_plain_segments() {
        assert!(sfs_request("sfs://my_db/default/onespanidv/transaction/abc.jpg", 10).is_ok());
        for bad in [
            "https://evil.example/x.jpg",
            "sfs://",
            "sfs://a//b",
            "sfs://a/../b",
            "sfs://a/./b",
            "sfs://a/b?x=1",
            "sfs://a/b#f",
            "sfs://a\\b",
            "sfs://a/\u{7}",
            "SFS://a",
        ] {
            let error = sfs_request(bad, 10).unwrap_err();
            assert!(error.is_invalid_input(), "{bad}");
            assert!(!error.to_string().contains("evil"), "{error}");
        }
    }
}
