//! A verification's `checks`: kept as received while decoding, decoded when read.
//!
//! The checks are most of a verification's bytes (35 small objects in Persona's
//! documented example) and most readers never look at them, so decoding them
//! up front cost more than the rest of the document (BENCHMARKS.md, section 1).

use std::{fmt, sync::OnceLock};

use serde::{Deserialize, Deserializer, Serialize, Serializer, de};
use serde_json::value::RawValue;
use txstatus_core::{Pii, REDACTED};

txstatus_core::provider::open_enum! {
    /// Result of one check.
    pub enum CheckStatus {
        /// Passed.
        Passed => "passed",
        /// Failed.
        Failed => "failed",
        /// Did not apply.
        NotApplicable => "not_applicable",
    }
}

txstatus_core::provider::open_enum! {
    /// Whether a check's result decides the verification.
    pub enum CheckRequirement {
        /// Must pass.
        Required => "required",
        /// Informational.
        NotRequired => "not_required",
        /// A failure asks for a retry.
        RequiresRetry => "requires_retry",
    }
}

/// One check of a verification. Its name and reasons are Persona's text:
/// `Debug` shows each only when it is a plain token, and redacted
/// serialization writes `"[redacted]"` otherwise.
#[derive(Clone, Default, Serialize)]
#[non_exhaustive]
pub struct Check {
    /// Check name (`id_barcode_detection`).
    #[serde(
        skip_serializing_if = "Option::is_none",
        serialize_with = "txstatus_core::provider::shown_text::opt"
    )]
    pub name: Option<String>,
    /// Result.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<CheckStatus>,
    /// Why it failed or did not apply.
    #[serde(
        skip_serializing_if = "Option::is_none",
        serialize_with = "txstatus_core::provider::shown_text::opt_list"
    )]
    pub reasons: Option<Vec<Option<String>>>,
    /// Whether it decides the verification.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub requirement: Option<CheckRequirement>,
    /// Free-form details; may hold values read from the document.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub metadata: Option<Pii<Box<RawValue>>>,
}

impl fmt::Debug for Check {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Check")
            .field(
                "name",
                &txstatus_core::provider::ShownStatus::optional(&self.name),
            )
            .field("status", &self.status)
            .field(
                "reasons",
                &txstatus_core::provider::shown_text::ShownList(&self.reasons),
            )
            .field("requirement", &self.requirement)
            .field("metadata", &self.metadata)
            .finish()
    }
}

txstatus_core::provider::record_decoder! {
    Check {
        "name" => name: value,
        "status" => status: text,
        "reasons" => reasons: value,
        "requirement" => requirement: text,
        "metadata" => metadata: value,
    }
}

/// A verification's `checks`, decoded on first read and kept decoded.
///
/// A value that is not a list fails the decode (the verification is then kept
/// whole, as [`Included::Other`](crate::Included::Other)); [`get`](Self::get) is
/// `None` when the list's items are not check objects. Serialization writes the decoded
/// checks (so metadata stays [`Pii`]), or the raw member as [`Pii`] when it did
/// not decode.
#[derive(Clone)]
#[non_exhaustive]
pub struct Checks {
    raw: Box<RawValue>,
    decoded: OnceLock<Option<Vec<Check>>>,
}

impl Checks {
    /// The checks, decoded on the first call; `None` when they do not decode.
    pub fn get(&self) -> Option<&[Check]> {
        self.decoded
            // The core's reader: the decode budget holds here too.
            .get_or_init(|| {
                txstatus_core::provider::from_json_slice::<Vec<Check>>(self.raw.get().as_bytes())
                    .ok()
            })
            .as_deref()
    }

    /// The checks, one by one (none when they do not decode).
    pub fn iter(&self) -> impl Iterator<Item = &Check> {
        self.get().unwrap_or_default().iter()
    }

    /// Whether `raw` can be checks: a list (its items are read later).
    pub(crate) fn fits(raw: &RawValue) -> bool {
        raw.get().trim_start().starts_with('[')
    }

    /// Checks kept as `raw`, decoded on first read.
    pub(crate) fn from_raw(raw: Box<RawValue>) -> Self {
        Self {
            raw,
            decoded: OnceLock::new(),
        }
    }

    /// The member as received. Personal: check metadata may hold values read
    /// from the document.
    pub fn raw(&self) -> Pii<&RawValue> {
        Pii::new(&self.raw)
    }
}

impl<'de> Deserialize<'de> for Checks {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let raw = Box::<RawValue>::deserialize(deserializer)?;
        // Not a list at all fails here, as a typed decode would: the verification
        // is then kept whole (`Included::Other`). What is inside is read later.
        if !Self::fits(&raw) {
            return Err(de::Error::invalid_type(
                de::Unexpected::Other("a non-list value"),
                &"a list of checks",
            ));
        }
        Ok(Self::from_raw(raw))
    }
}

impl Serialize for Checks {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self.get() {
            Some(checks) => checks.serialize(serializer),
            None => self.raw().serialize(serializer),
        }
    }
}

impl fmt::Debug for Checks {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.get() {
            Some(checks) => f.debug_list().entries(checks).finish(),
            None => f.write_str(REDACTED),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn checks_decode_on_read_and_keep_metadata_personal() {
        let checks: Checks = serde_json::from_str(
            r#"[{"name":"id_age","status":"passed","reasons":[],"requirement":"required",
            "metadata":{"extracted-name":"Jane Roe"}},{"name":"x","status":"brand_new"}]"#,
        )
        .unwrap();
        let read = checks.get().unwrap();
        assert_eq!(read.len(), 2);
        assert_eq!(read[0].status, Some(CheckStatus::Passed));
        assert!(read[1].status.as_ref().unwrap().is_unknown());
        assert_eq!(checks.iter().count(), 2);
        assert!(!format!("{checks:?}").contains("Jane"));
        let redacted = txstatus_core::to_redacted_json(&checks)
            .unwrap()
            .to_string();
        assert!(redacted.contains("id_age") && !redacted.contains("Jane"));
        let plain = serde_json::to_string(&checks).unwrap();
        assert!(plain.contains("Jane Roe"));
    }

    #[test]
    fn items_that_are_not_checks_read_as_none_and_stay_redacted() {
        let checks: Checks = serde_json::from_str(r#"[{"name":7,"metadata":"Jane Roe"}]"#).unwrap();
        assert!(checks.get().is_none());
        assert_eq!(checks.iter().count(), 0);
        assert_eq!(format!("{checks:?}"), REDACTED);
        let redacted = txstatus_core::to_redacted_json(&checks)
            .unwrap()
            .to_string();
        assert!(!redacted.contains("Jane"));
        assert!(serde_json::from_str::<Checks>(r#"{"summary":"unavailable"}"#).is_err());
        assert!(
            serde_json::from_str::<Option<Checks>>("null")
                .unwrap()
                .is_none()
        );
    }
}
