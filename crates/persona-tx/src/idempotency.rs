//! `Idempotency-Key`: one per call, from a CSPRNG or from the caller, reused on every
//! attempt so that Persona applies the request once however often it is sent.

use std::fmt;

use ring::rand::{SecureRandom, SystemRandom};
use txstatus_core::provider::header::HeaderValue;
use txstatus_core::{Error, Result};

use crate::PROVIDER;

/// Longest key accepted from a caller (Persona documents no limit; 255 is what
/// common idempotency implementations store).
pub const MAX_IDEMPOTENCY_KEY_LEN: usize = 255;

/// An `Idempotency-Key` value: visible ASCII, 1 to 255 characters.
#[derive(Clone, PartialEq, Eq)]
pub struct IdempotencyKey(String);

impl IdempotencyKey {
    /// A fresh key: 128 bits from the operating system's CSPRNG (ring's
    /// `SystemRandom`), written as a UUID v4.
    pub fn generate() -> Result<Self> {
        let mut bytes = [0u8; 16];
        SystemRandom::new().fill(&mut bytes).map_err(|_| {
            Error::invalid_input(PROVIDER, "no secure random source for an Idempotency-Key")
        })?;
        // Version 4, variant 10 (RFC 9562).
        if let Some(byte) = bytes.get_mut(6) {
            *byte = (*byte & 0x0f) | 0x40;
        }
        if let Some(byte) = bytes.get_mut(8) {
            *byte = (*byte & 0x3f) | 0x80;
        }
        let hex = txstatus_core::crypto::hex_encode(&bytes);
        let mut out = String::with_capacity(36);
        for (index, c) in hex.chars().enumerate() {
            if matches!(index, 8 | 12 | 16 | 20) {
                out.push('-');
            }
            out.push(c);
        }
        Ok(Self(out))
    }

    /// A key chosen by the caller (to resend a create across process restarts).
    /// Refused, before any I/O, when empty, longer than 255 characters or not
    /// visible ASCII.
    pub fn new(key: impl Into<String>) -> Result<Self> {
        let key = key.into();
        let valid = !key.is_empty()
            && key.len() <= MAX_IDEMPOTENCY_KEY_LEN
            && key.bytes().all(|b| b.is_ascii_graphic());
        if valid {
            Ok(Self(key))
        } else {
            Err(Error::invalid_input(
                PROVIDER,
                "an Idempotency-Key must be 1 to 255 visible ASCII characters",
            ))
        }
    }

    /// The key.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The header value, marked sensitive: a caller's key may derive from a
    /// secret or name a person, so the core redacts it from a provider message
    /// or a request id quoting it, and HTTP debug output hides it.
    pub(crate) fn header_value(&self) -> Result<HeaderValue> {
        let mut value = HeaderValue::from_str(&self.0).map_err(|_| {
            Error::invalid_input(PROVIDER, "the Idempotency-Key cannot be sent as a header")
        })?;
        value.set_sensitive(true);
        Ok(value)
    }
}

impl fmt::Debug for IdempotencyKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // A caller's key may derive from a secret or carry personal data.
        f.write_str("IdempotencyKey(<redacted>)")
    }
}

/// Whether a write sends an `Idempotency-Key`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum Idempotency {
    /// A key generated once per call (the default): the request is resent like a
    /// read, including after a 409 for the same key still in progress.
    #[default]
    Generate,
    /// This key, on every attempt.
    Key(IdempotencyKey),
    /// No key: a create is never resent once it may have reached Persona.
    Off,
}

impl Idempotency {
    /// The key this call sends on every attempt, if any.
    pub(crate) fn resolve(&self) -> Result<Option<IdempotencyKey>> {
        match self {
            Self::Generate => IdempotencyKey::generate().map(Some),
            Self::Key(key) => Ok(Some(key.clone())),
            Self::Off => Ok(None),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::IdempotencyKey;

    #[test]
    fn generated_keys_are_uuid_v4_and_differ() {
        let a = IdempotencyKey::generate().unwrap();
        let b = IdempotencyKey::generate().unwrap();
        assert_ne!(a, b);
        assert_eq!(a.as_str().len(), 36);
        assert_eq!(a.as_str().chars().nth(14), Some('4'));
        assert!(matches!(
            a.as_str().chars().nth(19),
            Some('8' | '9' | 'a' | 'b')
        ));
    }

    #[test]
    fn caller_keys_must_be_visible_ascii() {
        assert!(IdempotencyKey::new("order-42").is_ok());
        assert!(IdempotencyKey::new("").is_err());
        assert!(IdempotencyKey::new("a b").is_err());
        assert!(IdempotencyKey::new("x\n").is_err());
        assert!(IdempotencyKey::new("k".repeat(256)).is_err());
    }
}
