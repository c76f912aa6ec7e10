//! Credentials and base URLs from the environment.

use txstatus_core::SecretString;

use crate::failure::Failure;

/// Reads a required variable; a missing or empty one is a usage error naming it.
pub fn required(name: &str) -> Result<String, Failure> {
    match std::env::var(name) {
        Ok(value) if !value.trim().is_empty() => Ok(value),
        _ => Err(Failure::usage(format!(
            "the environment variable {name} is not set"
        ))),
    }
}

/// A required secret.
pub fn secret(name: &str) -> Result<SecretString, Failure> {
    required(name).map(SecretString::from)
}

/// An optional variable.
pub fn optional(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.trim().is_empty())
}

/// `--base-url` if given, else the provider's `*_BASE_URL` variable, else none.
pub fn base_url(flag: Option<&str>, variable: &str) -> Option<String> {
    flag.map(str::to_owned).or_else(|| optional(variable))
}
