//! Credentials and base URLs from the environment.

use txstatus_core::SecretString;

use crate::failure::Failure;

/// Where a provider's variables are read: the process environment (every command
/// but `demo`), or a fixed set (`demo`: its embedded sandbox's base URLs and
/// credentials, so the provider table builds its clients without the process
/// environment being changed). No `Debug`: a fixed set holds secrets.
pub enum Vars {
    /// The process environment.
    Process,
    /// These `(name, value)` pairs and nothing else.
    Fixed(Vec<(&'static str, String)>),
}

/// The process environment, for a [`Vars`] borrowed for the whole run.
pub static PROCESS: Vars = Vars::Process;

impl Vars {
    /// An optional variable; an empty one counts as unset.
    pub fn optional(&self, name: &str) -> Option<String> {
        let value = match self {
            Self::Process => std::env::var(name).ok(),
            Self::Fixed(vars) => vars
                .iter()
                .find(|(fixed, _)| *fixed == name)
                .map(|(_, value)| value.clone()),
        };
        value.filter(|v| !v.trim().is_empty())
    }

    /// A required variable; a missing or empty one is a usage error naming it.
    pub fn required(&self, name: &str) -> Result<String, Failure> {
        self.optional(name)
            .ok_or_else(|| Failure::usage(format!("the environment variable {name} is not set")))
    }

    /// A required secret.
    pub fn secret(&self, name: &str) -> Result<SecretString, Failure> {
        self.required(name).map(SecretString::from)
    }

    /// `--base-url` if given, else the provider's `*_BASE_URL` variable, else none.
    pub fn base_url(&self, flag: Option<&str>, variable: &str) -> Option<String> {
        flag.map(str::to_owned).or_else(|| self.optional(variable))
    }
}

/// Reads a required variable; a missing or empty one is a usage error naming it.
pub fn required(name: &str) -> Result<String, Failure> {
    PROCESS.required(name)
}

/// A required secret.
pub fn secret(name: &str) -> Result<SecretString, Failure> {
    PROCESS.secret(name)
}

/// An optional variable.
pub fn optional(name: &str) -> Option<String> {
    PROCESS.optional(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_fixed_set_reads_only_its_own_non_empty_values() {
        let vars = Vars::Fixed(vec![("A_SET", "a".to_owned()), ("A_BLANK", " ".to_owned())]);
        assert_eq!(vars.optional("A_SET").as_deref(), Some("a"));
        assert_eq!(vars.optional("A_BLANK"), None);
        assert_eq!(vars.optional("PATH"), None, "never the process environment");
        let error = vars.required("A_BLANK").unwrap_err();
        assert_eq!(
            error.message(),
            "the environment variable A_BLANK is not set"
        );
        assert_eq!(
            vars.base_url(Some("http://flag"), "A_SET").as_deref(),
            Some("http://flag")
        );
        assert_eq!(vars.base_url(None, "A_SET").as_deref(), Some("a"));
    }
}
