//! Reading credentials and base URLs from the environment, for every builder's
//! `from_env()`: one rule for what is missing, and errors that name the variable,
//! never its value.

use secrecy::SecretString;

use crate::error::{Error, Result};

/// A required variable; missing, empty or not Unicode is an invalid-input error
/// naming the variable (never its value).
pub fn env_required(provider: &'static str, name: &str) -> Result<String> {
    env_optional(name).ok_or_else(|| {
        Error::invalid_input(
            provider,
            format!("the environment variable {name} is not set"),
        )
    })
}

/// A required secret (see [`env_required`]).
pub fn env_secret(provider: &'static str, name: &str) -> Result<SecretString> {
    env_required(provider, name).map(SecretString::from)
}

/// An optional variable; empty counts as unset.
pub fn env_optional(name: &str) -> Option<String> {
    std::env::var(name)
        .ok()
        .filter(|value| !value.trim().is_empty())
}
