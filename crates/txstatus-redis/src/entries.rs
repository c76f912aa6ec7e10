//! Stream replies read entry by entry, from raw values.
//!
//! The `redis` crate's typed stream replies fail as a whole when any one entry has a
//! field name that is not UTF-8: one entry another program wrote would then make every
//! read of the group fail, and the entries read with it (handed to the consumer by the
//! server, so pending) would be claimed and fail again, for ever. Here each entry is
//! read on its own, and an entry without a readable `record` is only that: unreadable.

use redis::Value;

/// One stream entry: its id and its `record` field when that is UTF-8 text.
#[derive(Debug)]
pub(crate) struct Entry {
    /// The entry id (`<ms>-<seq>`, written by the server).
    pub(crate) id: String,
    /// The `record` field; `None` when absent, not text, or the entry was deleted.
    pub(crate) record: Option<String>,
}

/// The entries of an `XREADGROUP`/`XREAD` reply (`nil` on timeout; one stream or more,
/// as RESP2 arrays or a RESP3 map).
pub(crate) fn from_read(reply: Value) -> Vec<Entry> {
    let streams: Vec<Value> = match reply {
        Value::Array(streams) => streams
            .into_iter()
            .filter_map(|stream| match stream {
                Value::Array(parts) => parts.into_iter().nth(1),
                _ => None,
            })
            .collect(),
        Value::Map(streams) => streams.into_iter().map(|(_, entries)| entries).collect(),
        _ => Vec::new(),
    };
    streams.into_iter().flat_map(from_range).collect()
}

/// The entries of an `XRANGE` reply (or the entry list of a read reply).
pub(crate) fn from_range(reply: Value) -> Vec<Entry> {
    match reply {
        Value::Array(entries) => entries.into_iter().filter_map(entry).collect(),
        _ => Vec::new(),
    }
}

/// One `[id, [field, value, ...]]` (the fields `nil` for an entry deleted while pending).
/// `None` only when there is no id at all (nothing can be acknowledged then).
fn entry(value: Value) -> Option<Entry> {
    let Value::Array(parts) = value else {
        return None;
    };
    let mut parts = parts.into_iter();
    let id = parts.next().and_then(text)?;
    let record = parts.next().and_then(record_field);
    Some(Entry { id, record })
}

/// The `record` field's value among an entry's fields, when it is UTF-8 text.
fn record_field(fields: Value) -> Option<String> {
    pairs(fields)
        .into_iter()
        .find(|(name, _)| bytes(name) == Some(b"record".as_slice()))
        .and_then(|(_, value)| text(value))
}

/// An entry's fields as name and value pairs (RESP2 flat array or RESP3 map); none
/// for anything else (an entry deleted while pending).
fn pairs(fields: Value) -> Vec<(Value, Value)> {
    match fields {
        Value::Array(flat) => {
            let mut flat = flat.into_iter();
            let mut pairs = Vec::new();
            while let (Some(name), Some(value)) = (flat.next(), flat.next()) {
                pairs.push((name, value));
            }
            pairs
        }
        Value::Map(pairs) => pairs,
        _ => Vec::new(),
    }
}

fn bytes(value: &Value) -> Option<&[u8]> {
    match value {
        Value::BulkString(bytes) => Some(bytes),
        Value::SimpleString(text) => Some(text.as_bytes()),
        _ => None,
    }
}

fn text(value: Value) -> Option<String> {
    match value {
        Value::BulkString(bytes) => String::from_utf8(bytes).ok(),
        Value::SimpleString(text) => Some(text),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::indexing_slicing)]

    use super::*;

    fn bulk(bytes: &[u8]) -> Value {
        Value::BulkString(bytes.to_vec())
    }

    #[test]
    fn each_entry_is_read_on_its_own_whatever_its_neighbours_hold() {
        let entries = Value::Array(vec![
            Value::Array(vec![
                bulk(b"1-0"),
                Value::Array(vec![
                    bulk(&[0xff]),
                    bulk(&[0xfe]),
                    bulk(b"record"),
                    bulk(b"{}"),
                ]),
            ]),
            Value::Array(vec![bulk(b"2-0"), Value::Nil]),
            Value::Array(vec![bulk(b"3-0"), Value::Array(vec![bulk(b"record")])]),
            Value::Nil,
            Value::Array(vec![
                bulk(b"4-0"),
                Value::Array(vec![bulk(b"record"), bulk(&[0xff])]),
            ]),
        ]);
        let reply = Value::Array(vec![Value::Array(vec![bulk(b"stream"), entries])]);
        let read = from_read(reply);
        let ids: Vec<&str> = read.iter().map(|e| e.id.as_str()).collect();
        assert_eq!(ids, ["1-0", "2-0", "3-0", "4-0"]);
        assert_eq!(read[0].record.as_deref(), Some("{}"));
        assert!(read[1..].iter().all(|e| e.record.is_none()));
        assert!(from_read(Value::Nil).is_empty());
    }
}
