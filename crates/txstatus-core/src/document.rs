//! A provider's JSON document read as sent, every number with the digits it
//! was sent with: `serde_json::Value` alone rounds a number no `u64`, `i64` or
//! `f64` holds exactly (`123456789012345678901234567890`,
//! `0.1000000000000000055511151231257827`) and refuses one past `f64`'s range
//! (`1e400`), which would drop a whole document that the typed model read.

use std::cell::Cell;
use std::fmt;

use serde::de::{self, DeserializeSeed, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Number, Value};

use crate::lenient::StringOrNumber;

/// `bytes` as a JSON document, each number as it was written: an integer `u64`
/// or `i64` holds and a float that is exactly the number written are numbers,
/// any other number is a string of its text, as the typed models write such a
/// number ([`StringOrNumber`]). Refuses what `serde_json` refuses (a body that
/// is no JSON, invalid UTF-8 in a string, nesting past its 128 levels).
pub fn read_document(bytes: &[u8]) -> serde_json::Result<Value> {
    // The number tokens are taken out first (each becomes `0`, so the reader
    // never rounds or refuses one) and handed back in order: a JSON reader
    // meets a document's numbers in the order they are written.
    let (rewritten, numbers) = take_numbers(bytes)?;
    let next = Cell::new(0usize);
    let mut reader = serde_json::Deserializer::from_slice(&rewritten);
    let value = Node {
        numbers: &numbers,
        next: &next,
    }
    .deserialize(&mut reader)?;
    reader.end()?;
    Ok(value)
}

/// The body with every number token outside a string replaced by `0`, and the
/// tokens' texts in order. A token that is no JSON number (`01`, `1.`, `-`,
/// `1e5e5`) is refused here: written as `0` it would read as valid.
fn take_numbers(bytes: &[u8]) -> serde_json::Result<(Vec<u8>, Vec<String>)> {
    let mut rewritten = Vec::with_capacity(bytes.len());
    let mut numbers = Vec::new();
    let mut rest = bytes;
    while let Some((&byte, tail)) = rest.split_first() {
        match byte {
            b'"' => {
                let taken = copy_string(rest, &mut rewritten);
                rest = rest.get(taken..).unwrap_or_default();
            }
            b'-' | b'0'..=b'9' => {
                let taken = rest
                    .iter()
                    .position(|b| !matches!(b, b'0'..=b'9' | b'-' | b'+' | b'.' | b'e' | b'E'))
                    .unwrap_or(rest.len());
                let (token, after) = rest.split_at_checked(taken).unwrap_or((rest, &[]));
                let text = std::str::from_utf8(token)
                    .ok()
                    .filter(|text| is_json_number(text))
                    .ok_or_else(|| <serde_json::Error as de::Error>::custom("invalid number"))?;
                numbers.push(text.to_owned());
                rewritten.push(b'0');
                rest = after;
            }
            _ => {
                rewritten.push(byte);
                rest = tail;
            }
        }
    }
    Ok((rewritten, numbers))
}

/// Copies the string token `bytes` starts with (its quotes included) to `out`
/// and returns its length, or all of `bytes` when it is not closed (the reader
/// then refuses it). An escaped UTF-16 surrogate without its other half
/// (`"\ud800"`), which no Rust string holds and the reader refuses, is copied
/// as U+FFFD: one such character must not cost the whole document (the typed
/// model keeps it as sent where it keeps the member's text).
fn copy_string(bytes: &[u8], out: &mut Vec<u8>) -> usize {
    let mut at = 1;
    out.push(b'"');
    while let Some(&byte) = bytes.get(at) {
        match byte {
            b'"' => {
                out.push(byte);
                return at.saturating_add(1);
            }
            b'\\' => {
                let escape = escape_length(bytes.get(at..).unwrap_or_default());
                if escape == LONE_SURROGATE {
                    out.extend_from_slice(b"\\ufffd");
                    at = at.saturating_add(UNICODE_ESCAPE);
                    continue;
                }
                match bytes.get(at..at.saturating_add(escape)) {
                    Some(copied) => out.extend_from_slice(copied),
                    None => {
                        out.extend_from_slice(bytes.get(at..).unwrap_or_default());
                        return bytes.len();
                    }
                }
                at = at.saturating_add(escape);
            }
            _ => {
                out.push(byte);
                at = at.saturating_add(1);
            }
        }
    }
    bytes.len()
}

/// `\uXXXX`: six bytes.
const UNICODE_ESCAPE: usize = 6;
/// What [`escape_length`] says of a surrogate escape without its other half.
const LONE_SURROGATE: usize = usize::MAX;

/// The length of the escape `bytes` starts with (`\n`, `\u00e9`, a surrogate
/// pair's twelve bytes), or [`LONE_SURROGATE`].
fn escape_length(bytes: &[u8]) -> usize {
    let unit = |from: usize| {
        bytes
            .get(from..from.saturating_add(2))
            .filter(|start| *start == b"\\u")
            .and_then(|_| bytes.get(from.saturating_add(2)..from.saturating_add(UNICODE_ESCAPE)))
            .and_then(|hex| std::str::from_utf8(hex).ok())
            .and_then(|hex| u16::from_str_radix(hex, 16).ok())
    };
    match unit(0) {
        Some(0xD800..=0xDBFF) => match unit(UNICODE_ESCAPE) {
            Some(0xDC00..=0xDFFF) => UNICODE_ESCAPE.saturating_mul(2),
            _ => LONE_SURROGATE,
        },
        Some(0xDC00..=0xDFFF) => LONE_SURROGATE,
        Some(_) => UNICODE_ESCAPE,
        None => 2,
    }
}

/// Whether `text` is a JSON number (RFC 8259: no leading zero, no `+`, digits
/// on both sides of the point), whatever its size.
fn is_json_number(text: &str) -> bool {
    let unsigned = text.strip_prefix('-').unwrap_or(text);
    let whole = unsigned.split(['.', 'e', 'E']).next().unwrap_or(unsigned);
    let leading_zero = whole.len() > 1 && whole.starts_with('0');
    !leading_zero && crate::exact_number::read(text).is_some()
}

/// One value of the document; numbers are taken from `numbers` in order.
#[derive(Clone, Copy)]
struct Node<'a> {
    numbers: &'a [String],
    next: &'a Cell<usize>,
}

impl Node<'_> {
    /// The next number token, as [`read_document`] keeps it.
    fn number<E: de::Error>(self) -> Result<Value, E> {
        let at = self.next.get();
        self.next.set(at.saturating_add(1));
        let text = self
            .numbers
            .get(at)
            .ok_or_else(|| E::custom("more numbers read than written"))?;
        Ok(
            match crate::exact_number::read(text).ok_or_else(|| E::custom("invalid number"))? {
                StringOrNumber::Unsigned(n) => Value::Number(n.into()),
                // `-0` keeps its sign, as serde_json reads it (a float).
                StringOrNumber::Signed(0) => {
                    Number::from_f64(-0.0).map_or(Value::Null, Value::Number)
                }
                StringOrNumber::Signed(n) => Value::Number(n.into()),
                StringOrNumber::Float(n) => {
                    Number::from_f64(n).map_or_else(|| Value::String(text.clone()), Value::Number)
                }
                StringOrNumber::Text(text) => Value::String(text),
            },
        )
    }
}

impl<'de> DeserializeSeed<'de> for Node<'_> {
    type Value = Value;

    fn deserialize<D: de::Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Node<'_> {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_bool<E: de::Error>(self, value: bool) -> Result<Value, E> {
        Ok(Value::Bool(value))
    }

    fn visit_u64<E: de::Error>(self, _: u64) -> Result<Value, E> {
        self.number()
    }

    fn visit_i64<E: de::Error>(self, _: i64) -> Result<Value, E> {
        self.number()
    }

    fn visit_f64<E: de::Error>(self, _: f64) -> Result<Value, E> {
        self.number()
    }

    fn visit_str<E: de::Error>(self, value: &str) -> Result<Value, E> {
        Ok(Value::String(value.to_owned()))
    }

    fn visit_string<E: de::Error>(self, value: String) -> Result<Value, E> {
        Ok(Value::String(value))
    }

    fn visit_unit<E: de::Error>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_none<E: de::Error>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element_seed(self)? {
            items.push(item);
        }
        Ok(Value::Array(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut members = Map::new();
        while let Some(key) = map.next_key::<String>()? {
            // A repeated key: the last value stands, as in `serde_json::Value`.
            let value = map.next_value_seed(self)?;
            members.insert(key, value);
        }
        Ok(Value::Object(members))
    }
}
