//! A `Response` keeps the headers it arrived with and reads the request id and
//! the `RateLimit-*` figures from them on access; its `Debug` shows those two
//! and never another header's value.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use txstatus_core::{
    RateLimitInfo, RawBody,
    provider::{
        RawResponse,
        header::{HeaderMap, HeaderName, HeaderValue},
    },
};

fn response(pairs: &[(&'static str, &'static str)]) -> txstatus_core::Response<u8> {
    let mut headers = HeaderMap::new();
    for (name, value) in pairs {
        headers.append(
            HeaderName::from_static(name),
            HeaderValue::from_static(value),
        );
    }
    RawResponse::new("test", 200, headers, RawBody::new(b"7".to_vec()))
        .decode_json::<u8>()
        .unwrap()
}

#[test]
fn the_request_id_and_rate_limit_figures_are_read_from_the_kept_headers() {
    let r = response(&[
        ("x-request-id", "req-42"),
        ("ratelimit-limit", "100"),
        ("ratelimit-remaining", " 7 "),
        ("ratelimit-reset", "not-a-number"),
    ]);
    assert_eq!(r.request_id(), Some("req-42"));
    let limit = r.rate_limit();
    assert_eq!(
        (limit.limit, limit.remaining, limit.reset),
        (Some(100), Some(7), None)
    );
    // `Request-Id` wins over `X-Request-Id`; no header is no figure.
    let r = response(&[("request-id", "a"), ("x-request-id", "b")]);
    assert_eq!(r.request_id(), Some("a"));
    assert_eq!(r.rate_limit(), RateLimitInfo::default());
    // Mapping the value keeps the headers.
    assert_eq!(r.map(u32::from).request_id(), Some("a"));
}

#[test]
fn debug_shows_no_other_header_value() {
    let r = response(&[
        ("set-cookie", "session=SECRET-COOKIE-VALUE"),
        ("x-amz-security-token", "SECRET-TOKEN-VALUE"),
        ("request-id", "req-1"),
    ]);
    let debug = format!("{r:?} {r:#?}");
    assert!(!debug.contains("SECRET"), "{debug}");
    assert!(debug.contains("req-1"), "{debug}");
}

#[test]
fn debug_withholds_a_request_id_that_is_not_a_machine_token() {
    // As an error's `Debug` does: a header of any other shape may carry a
    // sentence, an email or a name.
    let r = response(&[("request-id", "Jan de Vries <jan@example.com>")]);
    let debug = format!("{r:?} {r:#?}");
    assert!(!debug.contains("jan@example.com"), "{debug}");
    assert!(!debug.contains("Vries"), "{debug}");
    assert!(debug.contains("withheld"), "{debug}");
    // The accessor still gives it to a caller who asks.
    assert_eq!(r.request_id(), Some("Jan de Vries <jan@example.com>"));
}
