//! The `Debug` of client builders and clients: fields shown, secrets named but
//! never printed. One helper so that no provider writes its own redaction (and
//! forgets a field).

use std::fmt;

use crate::pii::REDACTED;

/// A `debug_struct` that prints secrets as [`REDACTED`].
///
/// ```
/// use std::fmt;
/// use txstatus_core::{SecretString, provider::RedactedDebug};
///
/// struct Builder { key_id: String, secret: SecretString }
///
/// impl fmt::Debug for Builder {
///     fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
///         RedactedDebug::new(f, "Builder")
///             .field("key_id", &self.key_id)
///             .secret("secret")
///             .finish()
///     }
/// }
///
/// let builder = Builder { key_id: "k1".into(), secret: SecretString::from("hunter2") };
/// let shown = format!("{builder:?}");
/// assert!(shown.contains("k1") && shown.contains("[redacted]") && !shown.contains("hunter2"));
/// ```
pub struct RedactedDebug<'a, 'b: 'a> {
    inner: fmt::DebugStruct<'a, 'b>,
}

impl<'a, 'b: 'a> RedactedDebug<'a, 'b> {
    /// Starts the `Debug` of a struct called `name`.
    pub fn new(f: &'a mut fmt::Formatter<'b>, name: &str) -> Self {
        Self {
            inner: f.debug_struct(name),
        }
    }

    /// A field that is not secret, shown with its own `Debug`.
    pub fn field(mut self, name: &str, value: &dyn fmt::Debug) -> Self {
        self.inner.field(name, value);
        self
    }

    /// A secret field: its name is shown, its value never is.
    pub fn secret(mut self, name: &str) -> Self {
        self.inner.field(name, &Redacted);
        self
    }

    /// An optional secret: whether it is set, never its value.
    pub fn optional_secret(mut self, name: &str, is_set: bool) -> Self {
        if is_set {
            self.inner.field(name, &Redacted);
        } else {
            self.inner.field(name, &None::<()>);
        }
        self
    }

    /// Ends the struct.
    pub fn finish(mut self) -> fmt::Result {
        self.inner.finish()
    }
}

struct Redacted;

impl fmt::Debug for Redacted {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(REDACTED)
    }
}
