//! Raw response bytes, kept whole and never printed.

use std::fmt;

use bytes::Bytes;

/// The bytes of a response body exactly as they arrived.
///
/// Bodies can carry personal data, so `Debug` shows only the length. Use
/// [`RawBody::as_bytes`] to read them deliberately.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct RawBody(Bytes);

impl RawBody {
    /// Wraps bytes received from a provider.
    pub fn new(bytes: impl Into<Bytes>) -> Self {
        Self(bytes.into())
    }

    /// The bytes as received.
    pub fn as_bytes(&self) -> &[u8] {
        &self.0
    }

    /// The bytes as a cheaply clonable buffer.
    pub fn bytes(&self) -> Bytes {
        self.0.clone()
    }

    /// Number of bytes.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether no byte arrived.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl fmt::Debug for RawBody {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "RawBody({} bytes)", self.0.len())
    }
}

impl From<Vec<u8>> for RawBody {
    fn from(value: Vec<u8>) -> Self {
        Self(Bytes::from(value))
    }
}
