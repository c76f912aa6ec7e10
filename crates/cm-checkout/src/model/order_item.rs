//! One line of the order (`orderItems[]`).

use serde::Serialize;
use txstatus_core::provider::ShownStatus;
use txstatus_core::{Pii, Text, provider::lenient::StringOrNumber};

use super::money::{MinorUnits, opt_minor_units, opt_whole};

/// An order line; prices are in the Checkout's currency, in minor units.
#[non_exhaustive]
#[derive(Clone, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct OrderItem {
    /// Merchant's article code.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub code: Option<Text>,
    /// Article name. Personal: free text (personalised goods, a named ticket).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<Pii<Text>>,
    /// Article description. Personal: free text, as `name`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<Pii<String>>,
    /// Price of one unit, in minor units.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unit_price: Option<MinorUnits>,
    /// Number of units.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub quantity: Option<u64>,
    /// VAT of the line, in minor units.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub vat_amount: Option<MinorUnits>,
    /// VAT rate in percent (`20`), kept as sent: a rate may have a fraction.
    /// A number a float cannot hold exactly (`21.000000000000000001`, `1e400`)
    /// is kept as its text ([`StringOrNumber::Text`]), never rounded.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub vat_rate: Option<StringOrNumber>,
}

/// The code and a VAT rate sent as text only when plain tokens.
impl std::fmt::Debug for OrderItem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("OrderItem")
            .field("code", &ShownStatus::optional(&self.code))
            .field("name", &self.name)
            .field("description", &self.description)
            .field("unit_price", &self.unit_price)
            .field("quantity", &self.quantity)
            .field("vat_amount", &self.vat_amount)
            .field("vat_rate", &&self.vat_rate)
            .finish()
    }
}

txstatus_core::provider::record_decoder! {
    OrderItem {
        "code" => code: text,
        "name" => name: text,
        "description" => description: text,
        "unitPrice" => unit_price: (with opt_minor_units as Option<MinorUnits>),
        "quantity" => quantity: (with opt_whole as Option<u64>),
        "vatAmount" => vat_amount: (with opt_minor_units as Option<MinorUnits>),
        "vatRate" => vat_rate: (with opt_exact_number as Option<StringOrNumber>),
    }
}

/// Reads a number or a text as sent: `null` is `None`, a string is its text, an
/// integer is itself, a number with a fraction or an exponent is a float only
/// when the float is exactly the number written (`20.5`, `2.05e1`), else its
/// text as written: a JSON reader would round `21.000000000000000001` to `21`
/// and refuse `1e400` (and with it the whole transaction). A boolean, an
/// object or an array fails the decode, as before.
fn opt_exact_number<'de, D: serde::Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<StringOrNumber>, D::Error> {
    use serde::{Deserialize, de::Error};
    let raw = Box::<serde_json::value::RawValue>::deserialize(deserializer)?;
    let text = raw.get().trim();
    if text == "null" {
        return Ok(None);
    }
    if text.starts_with('"') {
        return serde_json::from_str::<String>(text)
            .map(|text| Some(StringOrNumber::Text(text)))
            .map_err(|_| D::Error::custom("expected a string or a number"));
    }
    let Some(written) = Decimal::read(text) else {
        return Err(D::Error::custom("expected a string or a number"));
    };
    if let Ok(number) = text.parse::<u64>() {
        return Ok(Some(StringOrNumber::Unsigned(number)));
    }
    if let Ok(number) = text.parse::<i64>() {
        return Ok(Some(StringOrNumber::Signed(number)));
    }
    let exact = text
        .parse::<f64>()
        .ok()
        .filter(|float| float.is_finite())
        .filter(|float| Decimal::read(&format!("{float:e}")).as_ref() == Some(&written));
    Ok(Some(match exact {
        Some(float) => StringOrNumber::Float(float),
        None => StringOrNumber::Text(text.to_owned()),
    }))
}

/// A decimal number as `digits × 10^exponent`, without leading or trailing
/// zeros in `digits` (zero is no digits, unsigned): two texts writing the same
/// number read the same.
#[derive(PartialEq)]
struct Decimal {
    negative: bool,
    digits: String,
    exponent: i64,
}

impl Decimal {
    /// `text` as a JSON number (`-12.50e+3`), or `None` when it is none (or its
    /// exponent is past `i64`).
    fn read(text: &str) -> Option<Self> {
        let (negative, unsigned) = match text.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, text),
        };
        let (mantissa, exponent) = match unsigned.split_once(['e', 'E']) {
            Some((mantissa, exponent)) => {
                let exponent = exponent.strip_prefix('+').unwrap_or(exponent);
                let digits = exponent.strip_prefix('-').unwrap_or(exponent);
                if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
                    return None;
                }
                (mantissa, exponent.parse::<i64>().ok()?)
            }
            None => (unsigned, 0),
        };
        let (whole, fraction) = match mantissa.split_once('.') {
            Some((_, "")) => return None,
            Some(parts) => parts,
            None => (mantissa, ""),
        };
        let digits_only = |part: &str| part.bytes().all(|b| b.is_ascii_digit());
        if whole.is_empty() || !digits_only(whole) || !digits_only(fraction) {
            return None;
        }
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

    fn rate(json: &str) -> Option<StringOrNumber> {
        let body = format!(r#"{{"vatRate":{json}}}"#);
        txstatus_core::provider::from_json_slice::<OrderItem>(body.as_bytes())
            .unwrap()
            .vat_rate
    }

    #[test]
    fn a_rate_a_float_holds_exactly_is_a_number_and_any_other_its_text() {
        assert_eq!(rate("20"), Some(StringOrNumber::Unsigned(20)));
        assert_eq!(rate("-3"), Some(StringOrNumber::Signed(-3)));
        assert_eq!(rate("20.5"), Some(StringOrNumber::Float(20.5)));
        assert_eq!(rate("2.050e1"), Some(StringOrNumber::Float(20.5)));
        assert_eq!(rate("0.1"), Some(StringOrNumber::Float(0.1)));
        assert_eq!(rate("null"), None);
        assert_eq!(rate(r#""21%""#), Some(StringOrNumber::Text("21%".into())));
        for text in [
            "21.000000000000000001",
            "1e400",
            "-1e400",
            "1e-400",
            "9007199254740993.5",
        ] {
            assert_eq!(
                rate(text),
                Some(StringOrNumber::Text(text.into())),
                "{text}"
            );
        }
    }

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
    }
}
