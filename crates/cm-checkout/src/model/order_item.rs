//! One line of the order (`orderItems[]`).

use serde::Serialize;
use txstatus_core::{Pii, Text, provider::lenient::StringOrNumber};

use super::money::{MinorUnits, opt_minor_units, opt_whole};

/// An order line; prices are in the Checkout's currency, in minor units.
#[non_exhaustive]
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
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
    #[serde(skip_serializing_if = "Option::is_none")]
    pub vat_rate: Option<StringOrNumber>,
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
