//! A verification `timestamp` (documented as epoch milliseconds) read the way
//! the transaction times are: a number below 1e11 is seconds (no verification
//! happened before March 1973), so a seconds value is not silently taken for a
//! time in January 1970.
#![allow(
    missing_docs,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use onespan_tx::EpochMillis;

fn read(json: &str) -> EpochMillis {
    serde_json::from_str(json).unwrap()
}

#[test]
fn seconds_and_milliseconds_in_any_spelling_name_the_same_second() {
    for json in [
        "1657216749",
        "1657216749097",
        r#""1657216749""#,
        r#""1657216749097""#,
        "1657216749.9",
        "1657216749097.5",
        r#"" 1657216749 ""#,
    ] {
        let time = read(json).to_datetime();
        assert_eq!(
            time.map(|t| t.unix_timestamp()),
            Some(1_657_216_749),
            "{json}"
        );
    }
    assert_eq!(read("1657216749").millis(), Some(1_657_216_749_000));
    assert_eq!(read("1657216749097").millis(), Some(1_657_216_749_097));
}

#[test]
fn negative_huge_and_textual_values_are_no_time_or_a_time_before_1970() {
    assert_eq!(
        read("-5").to_datetime().map(|t| t.unix_timestamp()),
        Some(-5)
    );
    for json in [
        "1e300",
        "-1e300",
        r#""soon""#,
        r#""Jan de Vries""#,
        "99999999999999999999",
    ] {
        assert!(read(json).to_datetime().is_none(), "{json}");
    }
}
