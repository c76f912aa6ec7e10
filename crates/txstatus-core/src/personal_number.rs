//! Numbers that name a person or a card, recognised by their check digits.
//!
//! The rule that shows a provider's text in `Debug` only when it is a plain
//! token (letters, digits, `_ . : -`) or shaped like a time lets through what a
//! code or a time looks like, and a card number, an IBAN or a citizen service
//! number looks like one too. Each carries a check digit, so one can be told
//! from an id or a code without a list of formats: a random run of digits
//! passes by chance (one in ten for a card number, one in eleven for a BSN,
//! one in ninety-seven for an IBAN), and such a run is withheld too, which
//! costs a log line some detail and never a person their number.
//!
//! Phone numbers and Dutch postal codes carry no check digit but have a shape
//! no machine-made code takes: a phone number written with its trunk prefix
//! (`0612345678`, `020-1234567`) or its international one (`0031612345678`),
//! and a postal code of four digits and two capitals (`1234AB`). Those are
//! withheld too.

/// The fewest and most digits of a payment card number (ISO/IEC 7812).
const CARD_DIGITS: std::ops::RangeInclusive<usize> = 13..=19;
/// The digits of a Dutch citizen service number (BSN).
const BSN_DIGITS: usize = 9;
/// The shortest and longest IBAN (ISO 13616).
const IBAN_CHARS: std::ops::RangeInclusive<usize> = 15..=34;
/// The digits of a national phone number written with its trunk prefix `0`
/// (`0612345678`, `07700900123`).
const NATIONAL_PHONE_DIGITS: std::ops::RangeInclusive<usize> = 10..=11;
/// The digits of an international phone number dialled with `00`
/// (`0031612345678`; E.164 allows up to 15 after the prefix's country code).
const INTERNATIONAL_PHONE_DIGITS: std::ops::RangeInclusive<usize> = 11..=17;
/// The longest group of digits a written-out card number has (`3782 822463 10005`).
const CARD_GROUP_MAX: usize = 6;

/// Whether `text` holds a card number (13-19 digits passing the Luhn check),
/// an IBAN (passing ISO 7064 mod 97-10), a BSN (nine digits passing the
/// eleven test) or a phone number (a trunk prefix `0` and 10-11 digits, or
/// `00` and 11-17, with no letter next to them), each run together or in
/// groups split by spaces, dashes or dots (or by underscores only, or colons
/// only), as the whole text or as a run inside it, or a Dutch postal code
/// (`1234AB`). The core's rule for text shown as a plain token; provider
/// crates use it where they show a provider's digits.
pub fn holds_personal_number(text: &str) -> bool {
    let bytes = text.as_bytes();
    if !bytes.iter().any(u8::is_ascii_digit) {
        return false;
    }
    runs(bytes, u8::is_ascii_digit).any(|run| {
        (CARD_DIGITS.contains(&run.len()) && luhn(run.iter().copied()))
            || (run.len() == BSN_DIGITS && eleven_test(run))
    }) || runs(bytes, u8::is_ascii_alphanumeric).any(|run| iban(run) || postal_code(run))
        || SEPARATORS
            .iter()
            .any(|&separator| grouped(bytes, separator))
}

/// What splits the groups of a number written out, one kind per run: spaces,
/// dashes or dots (a BSN is printed `1234.56.782`), or underscores only, or
/// colons only, the two other characters a plain token may hold
/// (`4111_1111_1111_1111`). Kept apart, a time's `10:15:00` after a date's
/// dashes joins no groups.
const SEPARATORS: [fn(u8) -> bool; 3] = [
    |byte| matches!(byte, b' ' | b'-' | b'.'),
    |byte| byte == b'_',
    |byte| byte == b':',
];

/// Whether `bytes` hold a card number, a BSN, an IBAN or a phone number in
/// groups split by `separator`.
fn grouped(bytes: &[u8], separator: fn(u8) -> bool) -> bool {
    // A separator before the first group or after the last (`pan: 4111 ...`,
    // `ref:5105:...`) splits nothing.
    let trimmed = |run| trim_separators(run, separator);
    runs(bytes, |b| b.is_ascii_digit() || separator(*b))
        .map(trimmed)
        .any(|run| grouped_card(run, separator) || grouped_bsn(run, separator))
        || runs(bytes, |b| b.is_ascii_alphanumeric() || separator(*b))
            .map(trimmed)
            .any(|run| grouped_iban(run, separator))
        || holds_phone_number(bytes, separator)
}

/// `run` without the separators before its first group and after its last.
fn trim_separators(run: &[u8], separator: fn(u8) -> bool) -> &[u8] {
    let start = run.iter().position(|b| !separator(*b)).unwrap_or(run.len());
    let end = run
        .iter()
        .rposition(|b| !separator(*b))
        .map_or(start, |at| at.saturating_add(1));
    run.get(start..end).unwrap_or_default()
}

/// Whether `bytes` hold a phone number: digits run together or in groups
/// split by single spaces, dashes or dots, with no letter next to them
/// (`NL91ABNA0417164300`'s digits are an account, judged as an IBAN), starting
/// at any group: the trunk prefix `0` and a non-zero digit, 10-11 digits in
/// all, or the international prefix `00` and a non-zero digit, 11-17 digits in
/// all. A zero-padded id (`0000012345`) is neither.
fn holds_phone_number(bytes: &[u8], separator: fn(u8) -> bool) -> bool {
    runs(bytes, |b| b.is_ascii_alphanumeric() || separator(*b)).any(|run| {
        let groups: Vec<&[u8]> = run.split(|b| separator(*b)).collect();
        groups
            .split(|group| group.is_empty() || !group.iter().all(u8::is_ascii_digit))
            .any(|numbers| {
                (0..numbers.len()).any(|first| {
                    // At most as many groups as a phone number has digits:
                    // linear in the text, whatever its length.
                    let mut digits = Vec::new();
                    for group in numbers.iter().skip(first) {
                        digits.extend_from_slice(group);
                        if phone_digits(&digits) {
                            return true;
                        }
                        if digits.len() > *INTERNATIONAL_PHONE_DIGITS.end() {
                            return false;
                        }
                    }
                    false
                })
            })
    })
}

/// Digits of a phone number written with its trunk or international prefix.
fn phone_digits(digits: &[u8]) -> bool {
    match digits {
        [b'0', b'0', b'1'..=b'9', ..] => INTERNATIONAL_PHONE_DIGITS.contains(&digits.len()),
        [b'0', b'1'..=b'9', ..] => NATIONAL_PHONE_DIGITS.contains(&digits.len()),
        _ => false,
    }
}

/// A Dutch postal code: four digits, the first not zero, and two capitals.
fn postal_code(run: &[u8]) -> bool {
    matches!(
        run,
        [
            b'1'..=b'9',
            b'0'..=b'9',
            b'0'..=b'9',
            b'0'..=b'9',
            b'A'..=b'Z',
            b'A'..=b'Z'
        ]
    )
}

/// An IBAN in at least two groups split by single spaces, dashes or dots
/// (`NL02-ABNA-0123-4567-89`).
fn grouped_iban(run: &[u8], separator: fn(u8) -> bool) -> bool {
    let mut groups = 0usize;
    for group in run.split(|b| separator(*b)) {
        if group.is_empty() {
            return false;
        }
        groups = groups.saturating_add(1);
    }
    if groups < 2 {
        return false;
    }
    let joined: Vec<u8> = run
        .iter()
        .copied()
        .filter(u8::is_ascii_alphanumeric)
        .collect();
    iban(&joined)
}

/// The digit groups of a run, when there are at least two, none empty and none
/// longer than `longest`; `None` otherwise.
fn groups(run: &[u8], longest: usize, separator: fn(u8) -> bool) -> Option<usize> {
    let mut count = 0usize;
    let mut digits = 0usize;
    for group in run.split(|b| separator(*b)) {
        if group.is_empty() || group.len() > longest {
            return None;
        }
        count = count.saturating_add(1);
        digits = digits.saturating_add(group.len());
    }
    (count >= 2).then_some(digits)
}

/// Nine digits in at least two groups split by single spaces, dashes or dots,
/// passing the eleven test.
fn grouped_bsn(run: &[u8], separator: fn(u8) -> bool) -> bool {
    if groups(run, BSN_DIGITS, separator) != Some(BSN_DIGITS) {
        return false;
    }
    let digits: Vec<u8> = run.iter().copied().filter(u8::is_ascii_digit).collect();
    eleven_test(&digits)
}

/// The maximal runs of bytes `keep` accepts.
fn runs(bytes: &[u8], keep: impl Fn(&u8) -> bool) -> impl Iterator<Item = &[u8]> {
    bytes.split(move |b| !keep(b)).filter(|run| !run.is_empty())
}

/// Digits in at least two groups split by single spaces, dashes or dots, no
/// group longer than a card's, 13-19 digits in all, passing the Luhn check.
fn grouped_card(run: &[u8], separator: fn(u8) -> bool) -> bool {
    groups(run, CARD_GROUP_MAX, separator).is_some_and(|digits| CARD_DIGITS.contains(&digits))
        && luhn(run.iter().copied().filter(u8::is_ascii_digit))
}

/// The Luhn check over ASCII digits.
fn luhn(digits: impl DoubleEndedIterator<Item = u8>) -> bool {
    let mut sum = 0u32;
    for (place, byte) in digits.rev().enumerate() {
        if !byte.is_ascii_digit() {
            return false;
        }
        let digit = u32::from(byte.wrapping_sub(b'0'));
        // A doubled digit counts the sum of its digits: 2 * d - 9 when over 9.
        let counted = match (place % 2 == 1, digit) {
            (false, digit) => digit,
            (true, 0..=4) => digit.wrapping_mul(2),
            (true, digit) => digit.wrapping_mul(2).wrapping_sub(9),
        };
        sum = sum.wrapping_add(counted);
    }
    sum.is_multiple_of(10)
}

/// The BSN's eleven test: the first eight digits weighted 9 down to 2, less the
/// last, a multiple of eleven (and not all zeros).
fn eleven_test(run: &[u8]) -> bool {
    let mut sum = 0i32;
    for (place, byte) in run.iter().enumerate() {
        let digit = i32::from(byte.wrapping_sub(b'0'));
        let weight = if place.wrapping_add(1) == run.len() {
            -1
        } else {
            9i32.wrapping_sub(i32::try_from(place).unwrap_or(0))
        };
        sum = sum.wrapping_add(weight.wrapping_mul(digit));
    }
    sum != 0 && sum.rem_euclid(11) == 0
}

/// An IBAN: two letters, two digits, then letters and digits, 15-34 in all,
/// the number formed by moving the first four to the end (letters as 10-35)
/// leaving 1 modulo 97.
fn iban(run: &[u8]) -> bool {
    let [c1, c2, d1, d2, rest @ ..] = run else {
        return false;
    };
    if !IBAN_CHARS.contains(&run.len())
        || !c1.is_ascii_alphabetic()
        || !c2.is_ascii_alphabetic()
        || !d1.is_ascii_digit()
        || !d2.is_ascii_digit()
    {
        return false;
    }
    let mut remainder = 0u32;
    for byte in rest.iter().chain([c1, c2, d1, d2]) {
        let value = match byte {
            b'0'..=b'9' => u32::from(byte.wrapping_sub(b'0')),
            b'a'..=b'z' => u32::from(byte.wrapping_sub(b'a')).wrapping_add(10),
            b'A'..=b'Z' => u32::from(byte.wrapping_sub(b'A')).wrapping_add(10),
            _ => return false,
        };
        // Under 97 before, so at most 9,700 + 35: no overflow.
        let shift = if value >= 10 { 100 } else { 10 };
        remainder = remainder.wrapping_mul(shift).wrapping_add(value) % 97;
    }
    remainder == 1
}

#[cfg(test)]
mod tests {
    use super::holds_personal_number;

    #[test]
    fn card_numbers_ibans_bsns_phone_numbers_and_postal_codes_are_recognised_alone_inside_text_and_grouped()
     {
        for text in [
            "4111111111111111",
            "5500000000000004",
            "378282246310005",
            "4111 1111 1111 1111",
            "4111-1111-1111-1111",
            "3782 822463 10005",
            "card:4111111111111111",
            "ref_5500000000000004_x",
            "NL91ABNA0417164300",
            "nl91abna0417164300",
            "GB82WEST12345698765432",
            "DE89370400440532013000",
            "iban-NL91ABNA0417164300",
            "111222333",
            "123456782",
            "bsn:111222333",
            "1112.22.333",
            "111 222 333",
            "4111.1111.1111.1111",
            "NL91-ABNA-0417-1643-00",
            "NL91 ABNA 0417 1643 00",
            "0612345678",
            "06-12345678",
            "06 1234 5678",
            "020-1234567",
            "07700900123",
            "0031612345678",
            "0044-7700-900123",
            "tel:0612345678",
            "ref_0031612345678_x",
            "ref-0612345678",
            "call 06 1234 5678 now",
            "2024-03-02 0612345678",
            "1234AB",
            "postcode:1012JS",
            "9999ZZ",
        ] {
            assert!(holds_personal_number(text), "{text}");
        }
    }

    #[test]
    fn codes_ids_times_and_numbers_without_a_check_digit_are_not() {
        for text in [
            "",
            "REFUNDED",
            "selfie_video",
            "3645651845961623",
            "4111111111111112",
            "NL91ABNA0417164301",
            "123456789",
            "000000000",
            "8db1e7fa-ba8a-4189-92fd-67a20217443d",
            "2024-03-02 10:15:00 UTC",
            "2024-03-02T10:15:00.123456+01:00",
            "20240302 101500",
            "1709374500000",
            "txn_26wUfNNK6Ze7qkwyK6kuj7RkZgdP",
            "http_429",
            "0000012345",
            "0123456789012",
            "012345678",
            "06-12-2024",
            "1500ms",
            "1234ab",
            "0123AB",
            "12345AB",
            "2024-03-02T10:15:00.123456+01:00",
        ] {
            assert!(!holds_personal_number(text), "{text}");
        }
    }
}
