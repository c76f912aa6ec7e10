//! The last line of defence for credentials: every secret this process was given
//! (the environment's API keys, client secrets, tokens, webhook secrets and the
//! Redis URL's password) is replaced by `[redacted]` in everything the CLI writes:
//! stdout, stderr (errors, notes, the `-v` trace) and the files it keeps.
//!
//! The libraries already keep secrets out of what they say, but a provider can echo
//! a credential anywhere it likes (a request id header, an error code, a document
//! field), and `--show-personal-data` prints the provider's words; it never prints a
//! secret.

use std::{borrow::Cow, sync::OnceLock};

use crate::providers::{SHARED_REDIS_URL, var};

/// What a secret becomes.
pub const REDACTED: &str = "[redacted]";

/// Secrets shorter than this are not searched for: a two-letter value would redact
/// ordinary words; credentials are longer (the core uses the same floor).
const MIN_LEN: usize = 6;

/// The variables that hold a secret, whole.
const SECRET_VARS: &[&str] = &[
    var::PERSONA_API_KEY,
    var::CM_IDSCAN_SECRET,
    var::CM_IDIN_MERCHANT_TOKEN,
    var::CM_CHECKOUT_CLIENT_SECRET,
    var::ONESPAN_TOKEN,
    var::PERSONA_WEBHOOK_SECRET,
    var::CM_IDSCAN_WEBHOOK_HEADER,
    var::CM_CHECKOUT_WEBHOOK_TOKEN,
    SHARED_REDIS_URL,
];

/// Every form each secret may be written in, longest first.
fn known() -> &'static [String] {
    static KNOWN: OnceLock<Vec<String>> = OnceLock::new();
    KNOWN.get_or_init(|| {
        let values = SECRET_VARS
            .iter()
            .filter_map(|name| std::env::var(name).ok().map(|value| (*name, value)));
        forms(values)
    })
}

/// The forms of the `(variable, value)` pairs searched for: each value, its parts
/// (a rotation's comma-separated secrets, a header line's value, a URL's password),
/// and each of those as JSON and percent-encoding write it.
fn forms<'a>(values: impl IntoIterator<Item = (&'a str, String)>) -> Vec<String> {
    let mut plain = Vec::new();
    for (name, value) in values {
        let value = value.trim().to_owned();
        if name == var::PERSONA_WEBHOOK_SECRET {
            plain.extend(value.split(',').map(|part| part.trim().to_owned()));
        }
        if name == var::CM_IDSCAN_WEBHOOK_HEADER
            && let Some((_, header_value)) = value.split_once(':')
        {
            plain.push(header_value.trim().to_owned());
        }
        if name == SHARED_REDIS_URL
            && let Some(password) = url_password(&value)
        {
            plain.push(password.to_owned());
        }
        plain.push(value);
    }
    let mut all = Vec::new();
    for secret in plain {
        if secret.chars().count() < MIN_LEN {
            continue;
        }
        all.push(json_form(&secret));
        all.push(percent_form(&secret));
        all.push(secret);
    }
    all.retain(|form| form.chars().count() >= MIN_LEN);
    // Longest first: a whole value is replaced before a part of it is looked for.
    all.sort_by_key(|form| std::cmp::Reverse(form.len()));
    all.dedup();
    all
}

/// The password of `scheme://user:password@host...`, if any.
fn url_password(value: &str) -> Option<&str> {
    let (_, rest) = value.split_once("://")?;
    let authority = rest.split(['/', '?', '#']).next()?;
    let (userinfo, _) = authority.rsplit_once('@')?;
    let (_, password) = userinfo.split_once(':')?;
    Some(password)
}

/// `secret` as it appears inside a JSON string.
fn json_form(secret: &str) -> String {
    let quoted = serde_json::to_string(secret).unwrap_or_default();
    quoted
        .strip_prefix('"')
        .and_then(|s| s.strip_suffix('"'))
        .unwrap_or_default()
        .to_owned()
}

/// `secret` percent-encoded (RFC 3986 unreserved characters kept).
fn percent_form(secret: &str) -> String {
    let mut out = String::with_capacity(secret.len());
    for byte in secret.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~') {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

/// `text` with every known secret replaced by `[redacted]`.
pub fn scrub(text: &str) -> Cow<'_, str> {
    scrub_with(text, known())
}

fn scrub_with<'a>(text: &'a str, secrets: &[String]) -> Cow<'a, str> {
    let mut out = Cow::Borrowed(text);
    for secret in secrets {
        if out.contains(secret.as_str()) {
            out = Cow::Owned(out.replace(secret.as_str(), REDACTED));
        }
    }
    out
}

/// `bytes` (a body to be kept in a file) with every known secret replaced.
pub fn scrub_bytes(bytes: &[u8]) -> Cow<'_, [u8]> {
    scrub_bytes_with(bytes, known())
}

fn scrub_bytes_with<'a>(bytes: &'a [u8], secrets: &[String]) -> Cow<'a, [u8]> {
    let mut out = Cow::Borrowed(bytes);
    for secret in secrets {
        let needle = secret.as_bytes();
        if find(&out, needle).is_none() {
            continue;
        }
        let mut replaced = Vec::with_capacity(out.len());
        let mut rest: &[u8] = &out;
        while let Some(at) = find(rest, needle) {
            let (before, after) = rest.split_at(at);
            replaced.extend_from_slice(before);
            replaced.extend_from_slice(REDACTED.as_bytes());
            rest = after.get(needle.len()..).unwrap_or_default();
        }
        replaced.extend_from_slice(rest);
        out = Cow::Owned(replaced);
    }
    out
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    if needle.is_empty() {
        return None;
    }
    haystack
        .windows(needle.len())
        .position(|window| window == needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_form_of_a_secret_is_replaced_and_short_values_are_left_alone() {
        let secrets = forms([
            (var::PERSONA_API_KEY, "persona_live_KEY\"123".to_owned()),
            (
                var::PERSONA_WEBHOOK_SECRET,
                "whsec_old, whsec_new_one".to_owned(),
            ),
            (
                var::CM_IDSCAN_WEBHOOK_HEADER,
                "X-Hook: header-value-9".to_owned(),
            ),
            (
                SHARED_REDIS_URL,
                "redis://user:hunter2pass@127.0.0.1:6379/0".to_owned(),
            ),
            (var::ONESPAN_TOKEN, "abc".to_owned()),
        ]);
        for (text, hidden) in [
            ("request id persona_live_KEY\"123", "persona_live_KEY"),
            (r#"{"id":"persona_live_KEY\"123"}"#, "persona_live_KEY"),
            ("k=persona_live_KEY%22123", "persona_live_KEY"),
            ("whsec_new_one refused", "whsec_new_one"),
            ("header-value-9 refused", "header-value-9"),
            ("auth hunter2pass failed", "hunter2pass"),
        ] {
            let scrubbed = scrub_with(text, &secrets);
            assert!(!scrubbed.contains(hidden), "{scrubbed}");
            assert!(scrubbed.contains(REDACTED), "{scrubbed}");
            let bytes = scrub_bytes_with(text.as_bytes(), &secrets);
            assert_eq!(bytes.as_ref(), scrubbed.as_bytes());
        }
        assert_eq!(scrub_with("abc abc", &secrets), "abc abc");
        assert!(matches!(scrub_with("nothing", &secrets), Cow::Borrowed(_)));
    }
}
