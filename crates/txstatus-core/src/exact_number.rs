//! A JSON number read from its text, so that digits a float or an integer
//! cannot hold are kept as written instead of rounded or refused.

use crate::lenient::StringOrNumber;

/// The value of a JSON number's text (`-12.50e+3`): an integer when `u64` or
/// `i64` holds it, a float only when the float is exactly the number written
/// (`20.5`, `2.05e1`), and otherwise the text as written
/// (`21.000000000000000001`, `1e400`, `123456789012345678901234`). `None` when
/// the text is no JSON number.
pub(crate) fn read(text: &str) -> Option<StringOrNumber> {
    // The common case first, without the exactness check: an integer (JSON
    // text never has the `+` Rust's parsers would also take).
    let integer = match text.as_bytes().first() {
        Some(b'0'..=b'9') => text.parse::<u64>().ok().map(StringOrNumber::Unsigned),
        Some(b'-') => text.parse::<i64>().ok().map(StringOrNumber::Signed),
        _ => None,
    };
    if integer.is_some() {
        return integer;
    }
    let Some(written) = Decimal::read(text) else {
        // A number whose exponent is past `i64` (`1e99999999999999999999`): no
        // float or integer holds it, so it is its text, like `1e400`.
        return is_number_text(text).then(|| StringOrNumber::Text(text.to_owned()));
    };
    let exact = text
        .parse::<f64>()
        .ok()
        .filter(|float| float.is_finite())
        .filter(|float| Decimal::read(&format!("{float:e}")).as_ref() == Some(&written));
    Some(match exact {
        Some(float) => StringOrNumber::Float(float),
        None => StringOrNumber::Text(text.to_owned()),
    })
}

/// Whether `text` is written as a JSON number (`-12.50e+3`), whatever its size.
fn is_number_text(text: &str) -> bool {
    let digits = |part: &str| !part.is_empty() && part.bytes().all(|b| b.is_ascii_digit());
    let unsigned = text.strip_prefix('-').unwrap_or(text);
    let (mantissa, exponent) = match unsigned.split_once(['e', 'E']) {
        Some((mantissa, exponent)) => (mantissa, Some(exponent)),
        None => (unsigned, None),
    };
    let mantissa_ok = match mantissa.split_once('.') {
        Some((whole, fraction)) => digits(whole) && digits(fraction),
        None => digits(mantissa),
    };
    mantissa_ok
        && exponent
            .is_none_or(|exponent| digits(exponent.strip_prefix(['+', '-']).unwrap_or(exponent)))
}

/// A decimal number as `digits × 10^exponent`, without leading or trailing
/// zeros in `digits` (zero is no digits, unsigned): two texts writing the same
/// number read the same.
#[derive(Debug, PartialEq)]
struct Decimal {
    negative: bool,
    digits: String,
    exponent: i64,
}

impl Decimal {
    /// `text` as a JSON number (`-12.50e+3`), or `None` when it is none (or its
    /// exponent is past `i64`).
    fn read(text: &str) -> Option<Self> {
        if !is_number_text(text) {
            return None;
        }
        let (negative, unsigned) = match text.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, text),
        };
        // The syntax is checked above: what is left is the exponent's range.
        let (mantissa, exponent) = match unsigned.split_once(['e', 'E']) {
            Some((mantissa, exponent)) => {
                let exponent = exponent.strip_prefix('+').unwrap_or(exponent);
                (mantissa, exponent.parse::<i64>().ok()?)
            }
            None => (unsigned, 0),
        };
        let (whole, fraction) = mantissa.split_once('.').unwrap_or((mantissa, ""));
        let mut exponent = exponent.checked_sub(i64::try_from(fraction.len()).ok()?)?;
        let all: String = [whole, fraction].concat();
        let trimmed = all.trim_start_matches('0');
        let significant = trimmed.trim_end_matches('0');
        exponent = exponent
            .checked_add(i64::try_from(trimmed.len().checked_sub(significant.len())?).ok()?)?;
        if significant.is_empty() {
            return Some(Self {
                negative: false,
                digits: String::new(),
                exponent: 0,
            });
        }
        Some(Self {
            negative,
            digits: significant.to_owned(),
            exponent,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decimals_writing_the_same_number_read_the_same() {
        let same = |a: &str, b: &str| Decimal::read(a) == Decimal::read(b);
        assert!(same("20.50", "2.05e1"));
        assert!(same("0.0", "-0"));
        assert!(same("1200", "1.2E+3"));
        assert!(!same("21.000000000000000001", "21"));
        assert!(Decimal::read("1.").is_none());
        assert!(Decimal::read(".5").is_none());
        assert!(Decimal::read("1e").is_none());
        assert!(Decimal::read("1e99999999999999999999").is_none());
        assert!(Decimal::read("true").is_none());
    }

    #[test]
    fn a_number_a_float_holds_exactly_is_a_number_and_any_other_its_text() {
        assert_eq!(read("20"), Some(StringOrNumber::Unsigned(20)));
        assert_eq!(read("-3"), Some(StringOrNumber::Signed(-3)));
        assert_eq!(read("20.5"), Some(StringOrNumber::Float(20.5)));
        assert_eq!(read("2.050e1"), Some(StringOrNumber::Float(20.5)));
        assert_eq!(read("0.1"), Some(StringOrNumber::Float(0.1)));
        for text in [
            "21.000000000000000001",
            "1e400",
            "-1e400",
            "1e-400",
            "9007199254740993.5",
            "123456789012345678901234",
            "-98765432109876543210",
        ] {
            assert_eq!(
                read(text),
                Some(StringOrNumber::Text(text.into())),
                "{text}"
            );
        }
        assert_eq!(read("null"), None);
    }

    #[test]
    fn a_number_whose_exponent_is_past_i64_is_its_text() {
        for text in [
            "1e99999999999999999999",
            "-1E+99999999999999999999",
            "100e9223372036854775807",
            "1.5e-9223372036854775808",
            "0e99999999999999999999",
        ] {
            assert_eq!(
                read(text),
                Some(StringOrNumber::Text(text.into())),
                "{text}"
            );
        }
        for text in [
            "1e",
            "1.e5",
            ".5e99999999999999999999",
            "1e+-5",
            "e5",
            "-",
            "1x",
        ] {
            assert_eq!(read(text), None, "{text}");
        }
    }
}
