//! Response headers a provider (or anything in between) sends: `Retry-After`
//! (seconds or an HTTP date), `RateLimit-*`, `Request-Id`, with absurd values,
//! read at clocks from the epoch to the far future.
#![no_main]

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use libfuzzer_sys::fuzz_target;
use txstatus_core::{
    RawBody,
    provider::{
        RawResponse,
        header::{HeaderMap, HeaderName, HeaderValue},
        retry_after,
    },
};

fuzz_target!(|data: &[u8]| {
    let mut headers = HeaderMap::new();
    for line in data.split(|&b| b == b'\n') {
        let Some(colon) = line.iter().position(|&b| b == b':') else {
            continue;
        };
        let (name, value) = line.split_at(colon);
        let value = value.get(1..).unwrap_or_default();
        if let (Ok(name), Ok(value)) =
            (HeaderName::from_bytes(name), HeaderValue::from_bytes(value))
        {
            headers.append(name, value);
        }
    }
    let far = UNIX_EPOCH.checked_add(Duration::from_secs(u64::MAX / 4));
    for now in [Some(UNIX_EPOCH), Some(SystemTime::now()), far]
        .into_iter()
        .flatten()
    {
        for status in [200, 429, 503] {
            let _ = retry_after(&headers, status, now);
        }
    }
    let raw = RawResponse::new("fuzz", 200, headers, RawBody::new(b"{}".to_vec()));
    let _ = raw.request_id();
    if let Ok(response) = raw.decode_json::<serde_json::Value>() {
        let _ = response.rate_limit();
        let _ = response.request_id();
    }
});
