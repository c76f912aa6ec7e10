//! Text from providers, made safe for a terminal.
//!
//! A provider controls status strings, notices, error messages and document
//! values; written raw, an escape sequence among them could rewrite the screen or
//! the clipboard. Every human line goes through [`escape`]; JSON goes through
//! [`json_line`], which also escapes the control characters JSON allows raw.

use std::{borrow::Cow, fmt::Write};

use serde_json::Value;

/// Whether `c` must not reach a terminal raw: the core's one rule
/// ([`txstatus_core::is_unsafe_to_show`]: controls, bidi marks, line separators,
/// characters that show as nothing).
fn is_unsafe(c: char) -> bool {
    txstatus_core::is_unsafe_to_show(c)
}

/// `text` with every unsafe character written as `\u{..}` (a backslash is doubled
/// only when text was escaped, so ordinary paths read as typed).
pub fn escape(text: &str) -> String {
    txstatus_core::escape_unsafe(text).into_owned()
}

/// One JSON document on one line; characters JSON allows raw inside strings but a
/// terminal would act on (DEL, C1 controls, bidi overrides) are written as `\uXXXX`,
/// which parses back to the same value.
pub fn json_line(value: &Value) -> String {
    json_text(value, false)
}

/// [`json_line`], or indented over several lines when `pretty`.
pub fn json_text(value: &Value, pretty: bool) -> String {
    let value = secret_values_quoted(value);
    let text = if pretty {
        serde_json::to_string_pretty(value.as_ref())
    } else {
        serde_json::to_string(value.as_ref())
    }
    .unwrap_or_else(|_| "null".to_owned());
    // Inside strings serde writes a newline as `\n`: a raw one is indentation.
    let unsafe_here = |c: char| c != '\n' && is_unsafe(c);
    if !text.chars().any(unsafe_here) {
        return text;
    }
    let mut out = String::with_capacity(text.len().saturating_add(16));
    for c in text.chars() {
        if unsafe_here(c) {
            let mut units = [0u16; 2];
            for unit in c.encode_utf16(&mut units) {
                let _ = write!(out, "\\u{unit:04x}");
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// `value` with every value that spells a credential replaced by the string
/// `"[redacted]"`: a number whose digits hold one (in any form `secrets.rs`
/// searches for, a stretch of one included), and a time whose count since the
/// epoch does ([`time_spells_secret`]). Every write scrubs its text
/// (`secrets::scrub`), and inside a string that keeps the JSON whole; a number
/// would become a bare `[redacted]`, which is no JSON, so a provider echoing a
/// numeric credential as a number would break the one document per line a script
/// parses.
fn secret_values_quoted(value: &Value) -> Cow<'_, Value> {
    if !holds_secret_value(value) {
        return Cow::Borrowed(value);
    }
    let mut owned = value.clone();
    quote_secret_values(&mut owned);
    Cow::Owned(owned)
}

fn number_holds_secret(number: &serde_json::Number) -> bool {
    holds_secret(&number.to_string())
}

/// Whether `text` holds a credential in a form `secrets.rs` searches for.
fn holds_secret(text: &str) -> bool {
    matches!(crate::secrets::scrub(text), Cow::Owned(_))
}

/// Whether `text` is a time (RFC 3339) that spells a credential: the text itself,
/// or the instant it stands for counted since the epoch. OneSpan sends times as
/// epoch numbers too (seconds, or milliseconds), which the CLI writes as RFC 3339:
/// a credential of digits echoed there would come out as a date that gives the
/// digits back. The count in nanoseconds holds the one in seconds, milliseconds
/// and microseconds (the same digits, zeros after them), so one search covers
/// every unit.
pub fn time_spells_secret(text: &str) -> bool {
    // Every RFC 3339 time starts with a four-digit year; most strings are turned
    // away here, before a parse.
    if !text.as_bytes().first().is_some_and(u8::is_ascii_digit) {
        return false;
    }
    let Some(parsed) = txstatus_core::Timestamp::parse(text).parsed() else {
        return false;
    };
    holds_secret(text) || holds_secret(&parsed.unix_timestamp_nanos().to_string())
}

fn holds_secret_value(value: &Value) -> bool {
    match value {
        Value::Number(number) => number_holds_secret(number),
        Value::String(text) => time_spells_secret(text),
        Value::Array(items) => items.iter().any(holds_secret_value),
        Value::Object(members) => members.values().any(holds_secret_value),
        Value::Null | Value::Bool(_) => false,
    }
}

fn quote_secret_values(value: &mut Value) {
    match value {
        Value::Number(number) if number_holds_secret(number) => {
            *value = Value::String(crate::secrets::REDACTED.to_owned());
        }
        Value::String(text) if time_spells_secret(text) => {
            *value = Value::String(crate::secrets::REDACTED.to_owned());
        }
        Value::Array(items) => items.iter_mut().for_each(quote_secret_values),
        Value::Object(members) => members.values_mut().for_each(quote_secret_values),
        _ => {}
    }
}

/// Whether `text` is a plain machine token, the core's rule for a provider's error
/// code (1 to 64 characters of `[A-Za-z0-9_.:-]`, holding no card number, IBAN or
/// BSN): provider text the CLI prints only in that shape, as other text may quote
/// anything (a name, an email).
pub fn is_plain_token(text: &str) -> bool {
    txstatus_core::ProviderMessage::new(None, Some(text))
        .code()
        .is_some()
}

/// `text` when a plain machine token ([`is_plain_token`]), else `[redacted]`.
pub fn token_or_redacted(text: &str) -> String {
    if is_plain_token(text) {
        text.to_owned()
    } else {
        crate::secrets::REDACTED.to_owned()
    }
}

/// A provider's status, event name or other listed value as printed: as sent
/// when empty, a plain machine token ([`is_plain_token`]) or personal data is
/// shown; else `[redacted]`. A value the docs do not list can be any text, a
/// name or a card number included: the core's `TxStatus` and open enums
/// withhold it by the same rule, and the masked document beside it does too.
pub fn shown_value(text: &str, show_personal_data: bool) -> Cow<'_, str> {
    if show_personal_data || text.is_empty() || is_plain_token(text) {
        Cow::Borrowed(text)
    } else {
        Cow::Borrowed(crate::secrets::REDACTED)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_leaves_plain_text_alone_and_neutralizes_controls() {
        assert_eq!(escape("approved"), "approved");
        assert_eq!(escape("C:\\dir"), "C:\\dir");
        assert_eq!(escape("a\x1b[31mb"), "a\\u{1b}[31mb");
        assert_eq!(escape("x\u{9b}y\u{202e}z\n"), "x\\u{9b}y\\u{202e}z\\u{a}");
        assert_eq!(escape("\\\x07"), "\\\\\\u{7}");
    }

    #[test]
    fn unicode_line_separators_and_bidi_marks_never_reach_a_line_raw() {
        let sent = "a\u{2028}b\u{2029}c\u{200f}d\u{061c}e";
        let shown = escape(sent);
        assert_eq!(shown, "a\\u{2028}b\\u{2029}c\\u{200f}d\\u{61c}e");
        let value = serde_json::json!({ "status": sent });
        let line = json_line(&value);
        assert!(!line.chars().any(is_unsafe), "{line}");
        assert_eq!(line.split(['\u{2028}', '\u{2029}']).count(), 1, "{line}");
        assert_eq!(serde_json::from_str::<Value>(&line).unwrap(), value);
    }

    #[test]
    fn characters_that_show_as_nothing_never_reach_a_line_raw() {
        let sent = "appro\u{200b}ved\u{ad}\u{feff}\u{2060}\u{e0041}\u{fff9}";
        assert_eq!(
            escape(sent),
            "appro\\u{200b}ved\\u{ad}\\u{feff}\\u{2060}\\u{e0041}\\u{fff9}"
        );
        let value = serde_json::json!({ sent: sent });
        let line = json_line(&value);
        assert!(!line.chars().any(is_unsafe), "{line}");
        assert_eq!(serde_json::from_str::<Value>(&line).unwrap(), value);
        // Joiners that scripts and emoji need are text.
        assert_eq!(
            escape("\u{1f469}\u{200d}\u{1f4bb} \u{645}\u{200c}\u{627}"),
            "\u{1f469}\u{200d}\u{1f4bb} \u{645}\u{200c}\u{627}"
        );
    }

    #[test]
    fn json_line_escapes_what_serde_leaves_raw_and_parses_back() {
        let value = serde_json::json!({"s": "a\u{7f}b\u{9b}c\u{2066}d\x1be"});
        let line = json_line(&value);
        assert!(!line.chars().any(is_unsafe), "{line}");
        let back: Value = serde_json::from_str(&line).unwrap();
        assert_eq!(back, value);
        let pretty = json_text(&value, true);
        assert!(
            pretty.contains('\n') && !pretty.contains('\u{9b}'),
            "{pretty}"
        );
        assert_eq!(serde_json::from_str::<Value>(&pretty).unwrap(), value);
    }
}
