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
            .field(
                "quantity",
                &self.quantity.map(txstatus_core::provider::ShownNumber),
            )
            .field("vat_amount", &self.vat_amount)
            .field("vat_rate", &self.vat_rate)
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
        "vatRate" => vat_rate: value,
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
}
