//! How the tool fails: usage errors exit 2 before any request, API errors exit 1.

use std::fmt;

/// A reason to stop, with its exit code.
#[derive(Debug)]
pub enum Failure {
    /// Bad arguments, invalid id, missing credential or base URL, existing file: exit 2.
    Usage(String),
    /// An API, transport or decode error, or a watch that timed out: exit 1.
    Api(String),
}

impl Failure {
    /// The process exit code.
    pub fn code(&self) -> u8 {
        match self {
            Self::Usage(_) => 2,
            Self::Api(_) => 1,
        }
    }

    /// A usage error.
    pub fn usage(message: impl Into<String>) -> Self {
        Self::Usage(message.into())
    }
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Usage(message) => write!(f, "usage error: {message}"),
            Self::Api(message) => f.write_str(message),
        }
    }
}

impl From<txstatus_core::Error> for Failure {
    fn from(error: txstatus_core::Error) -> Self {
        if error.is_invalid_input() {
            Self::Usage(error.to_string())
        } else {
            Self::Api(error.to_string())
        }
    }
}
