//! Lenient decoders for personal values.

use serde::Deserializer;
use txstatus_core::Pii;

/// An optional boolean (`true`, `"true"`, `1`; `null` is `None`) wrapped as [`Pii`].
pub(crate) fn opt_pii_bool<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<Pii<bool>>, D::Error> {
    txstatus_core::lenient::opt_bool(deserializer).map(|value| value.map(Pii::new))
}

/// An optional text value that may arrive as a JSON number (`"postal_code": 1234`,
/// `"telephone_number": 31612345678`), kept as the text it stands for and wrapped as
/// [`Pii`]. A number where text was documented never fails the decode: the answer
/// may carry a one-time identity.
pub(crate) fn opt_pii_text<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<Pii<String>>, D::Error> {
    use serde::Deserialize;
    let value = Option::<txstatus_core::lenient::StringOrNumber>::deserialize(deserializer)?;
    Ok(value.map(|value| Pii::new(value.as_text().into_owned())))
}

/// An optional text value that may arrive as a JSON number, kept as its text.
pub(crate) fn opt_text<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<String>, D::Error> {
    use serde::Deserialize;
    let value = Option::<txstatus_core::lenient::StringOrNumber>::deserialize(deserializer)?;
    Ok(value.map(|value| value.as_text().into_owned()))
}
