//! The one error type of the harness: a message saying what failed.

use std::fmt;

/// What went wrong, as text; every benchmark step returns it with `?`.
#[derive(Debug)]
pub struct BenchError(String);

/// A result whose error is a [`BenchError`].
pub type Result<T> = std::result::Result<T, BenchError>;

impl BenchError {
    /// An error with this message.
    pub fn new(message: impl Into<String>) -> Self {
        Self(message.into())
    }

    /// The same error with `context` in front of the message.
    pub fn context(self, context: &str) -> Self {
        Self(format!("{context}: {}", self.0))
    }
}

impl fmt::Display for BenchError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for BenchError {}

impl From<std::io::Error> for BenchError {
    fn from(error: std::io::Error) -> Self {
        Self(format!("I/O: {error}"))
    }
}

impl From<serde_json::Error> for BenchError {
    fn from(error: serde_json::Error) -> Self {
        Self(format!("JSON: {error}"))
    }
}

impl From<txstatus_core::Error> for BenchError {
    fn from(error: txstatus_core::Error) -> Self {
        Self(format!("client: {error}"))
    }
}

impl From<txstatus_redis::Error> for BenchError {
    fn from(error: txstatus_redis::Error) -> Self {
        Self::new(error.to_string())
    }
}

impl From<reqwest::Error> for BenchError {
    fn from(error: reqwest::Error) -> Self {
        Self(format!("reqwest: {}", error.without_url()))
    }
}

impl From<tokio::task::JoinError> for BenchError {
    fn from(error: tokio::task::JoinError) -> Self {
        Self(format!("task: {error}"))
    }
}

/// Adds context to the error of a result.
pub trait Context<T> {
    /// Prefixes the error message with `context`.
    fn context(self, context: &str) -> Result<T>;
}

impl<T, E: Into<BenchError>> Context<T> for std::result::Result<T, E> {
    fn context(self, context: &str) -> Result<T> {
        self.map_err(|e| e.into().context(context))
    }
}
