//! Lenient decoders for personal values.

use serde::Deserializer;
use txstatus_core::Pii;

/// An optional boolean (`true`, `"true"`, `1`; `null` is `None`) wrapped as [`Pii`].
pub(crate) fn opt_pii_bool<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<Pii<bool>>, D::Error> {
    txstatus_core::lenient::opt_bool(deserializer).map(|value| value.map(Pii::new))
}
