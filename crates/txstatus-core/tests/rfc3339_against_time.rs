//! `txstatus_core::rfc3339` reads and writes exactly what `time`'s
//! `well_known::Rfc3339` does: every boundary, every one-byte change of them, and
//! many generated times, in and out of range.

use time::format_description::well_known::Rfc3339;
use time::{Date, Month, OffsetDateTime, PrimitiveDateTime, Time, UtcOffset};
use txstatus_core::rfc3339;

const BOUNDARIES: &[&str] = &[
    "2024-05-01T12:34:56Z",
    "2024-05-01T12:34:56.5+02:00",
    "2024-05-01t12:34:56z",
    "2024-05-01 12:34:56.123456789-05:30",
    "2024-05-01T12:34:56.1234567891234+00:00",
    "2024-05-01T12:34:56-00:00",
    "2024-02-29T00:00:00Z",
    "2023-02-29T00:00:00Z",
    "1900-02-29T00:00:00Z",
    "2000-02-29T00:00:00Z",
    "2016-12-31T23:59:60Z",
    "2016-12-31T23:59:60.25Z",
    "2016-12-31T22:59:60-01:00",
    "2017-01-01T00:59:60+01:00",
    "2016-12-31T23:59:60+01:00",
    "2016-06-30T23:59:60Z",
    "2016-06-29T23:59:60Z",
    "2016-12-31T23:58:60Z",
    "0000-01-01T00:00:00Z",
    "0000-01-01T00:00:00+01:00",
    "0000-01-01T00:59:60+01:00",
    "9999-12-31T23:59:59.999999999Z",
    "9999-12-31T23:59:59-23:59",
    "9999-12-31T23:59:60Z",
    "9999-12-31T23:59:60-00:01",
    "2024-05-01T24:00:00Z",
    "2024-05-01T23:60:00Z",
    "2024-05-01T23:59:61Z",
    "2024-05-01T12:00:00+23:59",
    "2024-05-01T12:00:00+24:00",
    "2024-05-01T12:00:00+23:60",
    "2024-05-01T12:00:00-23:59",
    "2024-00-01T00:00:00Z",
    "2024-13-01T00:00:00Z",
    "2024-04-31T00:00:00Z",
    "2024-04-00T00:00:00Z",
    "2024-05-01T12:34:56.Z",
    "2024-05-01T12:34:56",
    "2024-05-01T12:34:56+0200",
    "2024-05-01",
    "",
];

/// What replaces, or is put before, one character of a boundary.
const PIECES: &[char] = &[
    '0', '1', '2', '5', '6', '9', '-', '+', ':', '.', 'T', 't', ' ', 'Z', 'z', 'x', '\0', 'é', '٣',
    '−',
];

fn agree(text: &str) {
    let ours = rfc3339::parse(text);
    let theirs = OffsetDateTime::parse(text, &Rfc3339).ok();
    assert_eq!(ours, theirs, "parse({text:?})");
    if let Some(value) = ours {
        assert_eq!(
            rfc3339::format(value),
            value.format(&Rfc3339).ok(),
            "format({text:?})"
        );
    }
}

#[test]
fn rfc3339_parse_agrees_with_time_on_boundaries_and_every_one_character_change() {
    let mut checked = 0;
    for boundary in BOUNDARIES {
        agree(boundary);
        let chars: Vec<char> = boundary.chars().collect();
        for at in 0..=chars.len() {
            let mut cut = chars.clone();
            cut.truncate(at);
            agree(&cut.iter().collect::<String>());
            if at < chars.len() {
                let mut removed = chars.clone();
                removed.remove(at);
                agree(&removed.iter().collect::<String>());
            }
            for &piece in PIECES {
                let mut inserted = chars.clone();
                inserted.insert(at, piece);
                agree(&inserted.iter().collect::<String>());
                if at < chars.len() {
                    let mut replaced = chars.clone();
                    replaced[at] = piece;
                    agree(&replaced.iter().collect::<String>());
                }
                checked += 1;
            }
        }
    }
    assert!(checked > 10_000, "{checked}");
}

/// A small deterministic generator (no dependency, the same cases every run).
struct Lcg(u64);

impl Lcg {
    fn below(&mut self, bound: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 33) % bound
    }
}

#[test]
fn rfc3339_parse_agrees_with_time_on_generated_times_in_and_out_of_range() {
    let mut rng = Lcg(7);
    let mut parsed = 0;
    for _ in 0..60_000 {
        let separator = ["T", "t", " ", "_"][rng.below(4) as usize];
        let fraction = match rng.below(4) {
            0 => String::new(),
            _ => {
                let digits = rng.below(13) as usize;
                let mut text = String::from(".");
                for _ in 0..digits {
                    text.push(char::from(b'0' + rng.below(10) as u8));
                }
                text
            }
        };
        let offset = match rng.below(4) {
            0 => "Z".to_owned(),
            1 => "z".to_owned(),
            _ => format!(
                "{}{:02}:{:02}",
                if rng.below(2) == 0 { '+' } else { '-' },
                rng.below(26),
                rng.below(62)
            ),
        };
        let text = format!(
            "{:04}-{:02}-{:02}{separator}{:02}:{:02}:{:02}{fraction}{offset}",
            [0, 1, 1970, 2016, 2024, 9999][rng.below(6) as usize],
            rng.below(14),
            rng.below(33),
            [0, 1, 12, 22, 23, 24][rng.below(6) as usize],
            [0, 1, 30, 58, 59, 60][rng.below(6) as usize],
            [0, 1, 30, 58, 59, 60, 61][rng.below(7) as usize],
        );
        agree(&text);
        parsed += usize::from(rfc3339::parse(&text).is_some());
    }
    // Both outcomes are well represented.
    assert!(parsed > 5_000 && parsed < 55_000, "{parsed}");
}

#[test]
fn rfc3339_format_agrees_with_time_for_every_year_offset_and_fraction_form() {
    let mut written = 0;
    for year in [-9999, -1, 0, 1, 999, 1970, 2024, 9999] {
        let date = Date::from_calendar_date(year, Month::December, 31).unwrap();
        for nanos in [0, 1, 10, 120_000_000, 123_456_789, 500_000_000, 999_999_999] {
            let time = Time::from_hms_nano(23, 59, 7, nanos).unwrap();
            for hours in -25..=25 {
                for minutes in [0, 1, 30, 59] {
                    for seconds in [0, 1] {
                        let (minutes, seconds) = if hours < 0 {
                            (-minutes, -seconds)
                        } else {
                            (minutes, seconds)
                        };
                        let Ok(offset) = UtcOffset::from_hms(hours, minutes, seconds) else {
                            continue;
                        };
                        let value = PrimitiveDateTime::new(date, time).assume_offset(offset);
                        let theirs = value.format(&Rfc3339).ok();
                        assert_eq!(rfc3339::format(value), theirs, "{value:?}");
                        if let Some(text) = theirs {
                            assert_eq!(rfc3339::parse(&text), Some(value), "{text}");
                            written += 1;
                        }
                    }
                }
            }
        }
    }
    assert!(written > 1_000, "{written}");
}

#[test]
fn calendar_date_reads_what_time_reads_as_the_date_of_an_rfc3339_midnight() {
    let agree_date = |text: &str| {
        let theirs = OffsetDateTime::parse(&format!("{text}T00:00:00Z"), &Rfc3339)
            .ok()
            .map(|at| at.date());
        assert_eq!(txstatus_core::calendar_date(text), theirs, "{text:?}");
    };
    for boundary in [
        "2024-02-29",
        "2023-02-29",
        "0000-01-01",
        "9999-12-31",
        "2024-04-31",
        "2024-00-10",
        "2024-13-10",
        "2024-05-00",
    ] {
        agree_date(boundary);
        let chars: Vec<char> = boundary.chars().collect();
        for at in 0..=chars.len() {
            let mut cut = chars.clone();
            cut.truncate(at);
            agree_date(&cut.iter().collect::<String>());
            for &piece in PIECES {
                let mut inserted = chars.clone();
                inserted.insert(at, piece);
                agree_date(&inserted.iter().collect::<String>());
                if at < chars.len() {
                    let mut replaced = chars.clone();
                    replaced[at] = piece;
                    agree_date(&replaced.iter().collect::<String>());
                }
            }
        }
    }
}
