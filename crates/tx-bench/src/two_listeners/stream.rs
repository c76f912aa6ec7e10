//! Reads the transition stream back and checks it: each state of a transaction
//! recorded once, never an older one after a newer one.

use std::collections::{HashMap, HashSet};

use serde_json::Value;

/// Persona's statuses in the order the sandbox moves a transaction through them.
pub const ORDER: [&str; 3] = ["created", "pending", "completed"];

/// What the stream holds.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct StreamCheck {
    /// Entries in the stream.
    pub recorded: usize,
    /// Entries whose provider, id and raw status an earlier entry already has.
    pub duplicates: usize,
    /// Entries whose status comes before one already recorded for the transaction.
    pub backward: usize,
    /// Entries that do not parse as a transition record.
    pub unreadable: usize,
}

/// Checks the `record` fields of the stream's entries, in stream order.
pub fn check<'a>(records: impl IntoIterator<Item = &'a str>) -> StreamCheck {
    let mut out = StreamCheck::default();
    let mut seen = HashSet::new();
    let mut furthest: HashMap<(String, String), usize> = HashMap::new();
    for record in records {
        out.recorded = out.recorded.saturating_add(1);
        let Some((provider, id, raw)) = parse(record) else {
            out.unreadable = out.unreadable.saturating_add(1);
            continue;
        };
        if !seen.insert((provider.clone(), id.clone(), raw.clone())) {
            out.duplicates = out.duplicates.saturating_add(1);
        }
        let Some(rank) = ORDER.iter().position(|status| *status == raw) else {
            continue;
        };
        let best = furthest.entry((provider, id)).or_insert(rank);
        if rank < *best {
            out.backward = out.backward.saturating_add(1);
        } else {
            *best = rank;
        }
    }
    out
}

fn parse(record: &str) -> Option<(String, String, String)> {
    let value: Value = serde_json::from_str(record).ok()?;
    let text = |v: Option<&Value>| v.and_then(Value::as_str).map(str::to_owned);
    Some((
        text(value.get("provider"))?,
        text(value.get("id"))?,
        text(value.get("status").and_then(|s| s.get("raw")))?,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(id: &str, raw: &str) -> String {
        format!(r#"{{"provider":"persona","id":"{id}","status":{{"raw":"{raw}"}}}}"#)
    }

    fn run(entries: &[(&str, &str)]) -> StreamCheck {
        let records: Vec<String> = entries.iter().map(|(id, raw)| record(id, raw)).collect();
        check(records.iter().map(String::as_str))
    }

    #[test]
    fn one_entry_per_state_is_clean() {
        let got = run(&[
            ("a", "created"),
            ("b", "created"),
            ("a", "pending"),
            ("a", "completed"),
        ]);
        assert_eq!(
            got,
            StreamCheck {
                recorded: 4,
                ..StreamCheck::default()
            }
        );
    }

    #[test]
    fn a_state_recorded_twice_for_one_id_is_a_duplicate() {
        let got = run(&[("a", "pending"), ("b", "pending"), ("a", "pending")]);
        assert_eq!(got.duplicates, 1);
        assert_eq!(got.backward, 0);
    }

    #[test]
    fn an_older_state_after_a_newer_one_is_backward() {
        let got = run(&[("a", "completed"), ("a", "pending"), ("b", "created")]);
        assert_eq!(got.backward, 1);
        assert_eq!(got.duplicates, 0);
    }

    #[test]
    fn an_entry_without_a_status_is_counted_unreadable() {
        let records = ["{\"provider\":\"persona\",\"id\":\"a\"}", "not json"];
        let got = check(records);
        assert_eq!(got.unreadable, 2);
        assert_eq!(got.recorded, 2);
    }
}
