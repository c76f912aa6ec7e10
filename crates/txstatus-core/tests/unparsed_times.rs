//! A time field holding text that is no time (a name, an address sent in its
//! place) is kept as sent but shown by `Debug`, and written by the redacted
//! JSON, only when it is a plain token: it may be any text. Times that parse,
//! and plain tokens, are shown as before.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use serde::Serialize;
use txstatus_core::{CalendarDate, LazyTime, Timestamp, to_redacted_json};

#[derive(Serialize)]
struct Times {
    at: Timestamp,
    on: CalendarDate,
    lazy: LazyTime,
}

fn times(text: &str) -> Times {
    let json = serde_json::to_string(text).unwrap();
    Times {
        at: serde_json::from_str(&json).unwrap(),
        on: serde_json::from_str(&json).unwrap(),
        lazy: serde_json::from_str(&json).unwrap(),
    }
}

#[test]
fn text_that_is_no_time_is_withheld_unless_a_plain_token() {
    for personal in [
        "Jan de Vries",
        "jan@example.com",
        "Dorpsstraat 1, Utrecht",
        "Zoë",
    ] {
        let t = times(personal);
        let shown = format!("{:?} {:?} {:?}", t.at, t.on, t.lazy);
        assert!(!shown.contains(personal), "{shown}");
        assert!(shown.contains("Unparsed"), "{shown}");
        let redacted = to_redacted_json(&t).unwrap().to_string();
        assert!(!redacted.contains(personal), "{redacted}");
        // Kept as sent for the caller.
        assert_eq!(t.at.as_str(), personal);
        assert_eq!(serde_json::to_value(&t).unwrap()["lazy"], personal);
    }
    // Shaped like a time (a format RFC 3339 does not take): shown as sent.
    let spaced = times("2024-01-05 10:15:00");
    assert_eq!(
        format!("{:?}", spaced.lazy),
        r#"Unparsed("2024-01-05 10:15:00")"#
    );
    assert_eq!(
        to_redacted_json(&spaced).unwrap()["at"],
        "2024-01-05 10:15:00"
    );
    let zoned = times("2024-03-02 10:15:00 UTC");
    assert_eq!(
        to_redacted_json(&zoned).unwrap()["on"],
        "2024-03-02 10:15:00 UTC"
    );
    // A name after a date is no zone.
    let named = times("2024-03-02 Vries");
    assert!(!format!("{:?}", named.at).contains("Vries"));
    let token = times("not-a-time");
    assert_eq!(format!("{:?}", token.at), r#"Unparsed("not-a-time")"#);
    assert_eq!(to_redacted_json(&token).unwrap()["on"], "not-a-time");
}

#[test]
fn times_that_parse_are_shown_and_written_as_sent() {
    let at: Timestamp = serde_json::from_str(r#""2026-01-02T03:04:05Z""#).unwrap();
    let on: CalendarDate = serde_json::from_str(r#""2026-01-02""#).unwrap();
    assert_eq!(format!("{at:?} {on:?}"), "2026-01-02T03:04:05Z 2026-01-02");
    let redacted = to_redacted_json(&(at, on)).unwrap();
    assert_eq!(redacted[0], "2026-01-02T03:04:05Z");
    assert_eq!(redacted[1], "2026-01-02");
}
