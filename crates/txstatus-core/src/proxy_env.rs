//! Proxy variables the HTTP client would skip: refused when the transport is
//! built, instead of the requests quietly going out without the proxy.

use hyper_util::client::proxy::matcher::Matcher;

use crate::error::{Error, Result};

/// The variables the client reads, per use; within a group the first one set
/// wins, as the client reads them (hyper-util's matcher under reqwest).
const GROUPS: [[&str; 2]; 3] = [
    ["ALL_PROXY", "all_proxy"],
    ["HTTP_PROXY", "http_proxy"],
    ["HTTPS_PROXY", "https_proxy"],
];

/// Refuses a set, non-empty proxy variable the client could not use (a value
/// that does not parse, a scheme other than http or https, no host) or one it
/// was built without (SOCKS):
/// reqwest skips such a value and connects directly, past a proxy the
/// environment asks for. The error names the variable, never its value (it
/// may hold a password).
pub(crate) fn check_proxy_env() -> Result<()> {
    // Under CGI the client reads no proxy variable at all (httpoxy).
    if std::env::var_os("REQUEST_METHOD").is_some() {
        return Ok(());
    }
    let probe = http::Uri::from_static("http://proxy-check.invalid/");
    for group in GROUPS {
        let Some((name, value)) = group
            .iter()
            .find_map(|name| std::env::var_os(name).map(|value| (*name, value)))
        else {
            continue;
        };
        let Some(value) = value.to_str() else {
            return Err(refused(name, "is not valid UTF-8"));
        };
        if value.is_empty() {
            continue;
        }
        let intercept = Matcher::builder()
            .all(value.to_owned())
            .build()
            .intercept(&probe);
        let Some(intercept) = intercept else {
            return Err(refused(
                name,
                "is no proxy URL the HTTP client can use (a scheme of http or https, and a host)",
            ));
        };
        // The matcher knows SOCKS; this client is built without it, and would
        // fail every request at connect time instead.
        if intercept
            .uri()
            .scheme_str()
            .is_some_and(|scheme| scheme.to_ascii_lowercase().starts_with("socks"))
        {
            return Err(refused(
                name,
                "names a SOCKS proxy, which the HTTP client is built without (use an http or \
                 https proxy URL)",
            ));
        }
    }
    Ok(())
}

fn refused(name: &str, why: &str) -> Error {
    Error::invalid_input(
        "txstatus-core",
        format!("{name} {why}; the value is not shown (it may hold a password): fix or unset it"),
    )
}
