//! The longest request URL sent: `http`'s `Uri` refuses one of 65,535 bytes or
//! more, and reqwest then fails the attempt as a transport error that may have been
//! sent. A URL over the limit (a 100 kB filter value or cursor) is refused as
//! invalid input before anything waits or is sent.

use crate::{Error, Result, request::RequestSpec, request::Segment};

/// Longest request URL accepted, in bytes (what `http::Uri` parses).
pub const MAX_URL_LEN: usize = 65_534;

/// Most bytes `spec` can add to a base URL of `base_len` bytes: every byte of a
/// segment or a query pair percent-encoded (3 bytes), plus a separator each.
/// Cheap (no encoding), so every call checks it; only a spec over the limit by
/// this bound has its URL built to measure it exactly.
pub(crate) fn url_len_bound(base_len: usize, spec: &RequestSpec) -> usize {
    let segments = spec.segments().fold(0usize, |sum, segment| {
        let len = match segment {
            Segment::Fixed(fixed) => fixed.len(),
            Segment::Id(id) => id.len(),
        };
        sum.saturating_add(len.saturating_mul(3)).saturating_add(1)
    });
    let query = spec.query_pairs().fold(0usize, |sum, (key, value)| {
        sum.saturating_add(key.len().saturating_add(value.len()).saturating_mul(3))
            .saturating_add(2)
    });
    let given = spec
        .given_query()
        .map_or(0, |given| given.len().saturating_mul(3).saturating_add(1));
    base_len
        .saturating_add(segments)
        .saturating_add(query)
        .saturating_add(given)
}

/// Refuses a built URL longer than [`MAX_URL_LEN`].
pub(crate) fn check_url_len(provider: &'static str, url: &str) -> Result<()> {
    if url.len() > MAX_URL_LEN {
        Err(Error::invalid_input(
            provider,
            "the request URL would be longer than 65534 bytes (a path segment or query value is too long)",
        ))
    } else {
        Ok(())
    }
}
