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

/// The proxy variables the HTTP client reads, in either case (docs/CLI.md,
/// Environment).
pub const PROXY_VARS: &[&str] = &[
    "HTTPS_PROXY",
    "https_proxy",
    "HTTP_PROXY",
    "http_proxy",
    "ALL_PROXY",
    "all_proxy",
    "NO_PROXY",
    "no_proxy",
];

/// The process environment, for a [`Vars`] borrowed for the whole run.
pub static PROCESS: Vars = Vars::Process;

impl Vars {
    /// An optional variable; an empty one counts as unset. One that is set but
    /// not valid UTF-8 is a usage error naming it (never its value): taken as
    /// unset, a credential would be reported missing, and a base URL or tenant
    /// silently replaced by the default.
    pub fn optional(&self, name: &str) -> Result<Option<String>, Failure> {
        Ok(self.set(name)?.filter(|v| !v.trim().is_empty()))
    }

    /// A variable as set, blank included: for a list where setting it to
    /// nothing is a mistake to report, not the same as leaving it unset.
    pub fn set(&self, name: &str) -> Result<Option<String>, Failure> {
        let value = match self {
            Self::Process => match std::env::var(name) {
                Ok(value) => Some(value),
                Err(std::env::VarError::NotPresent) => None,
                Err(std::env::VarError::NotUnicode(_)) => return Err(not_utf8(name)),
            },
            Self::Fixed(vars) => vars
                .iter()
                .find(|(fixed, _)| *fixed == name)
                .map(|(_, value)| value.clone()),
        };
        Ok(value)
    }

    /// Refuses a proxy variable set to bytes that are not UTF-8 (the process
    /// environment only: a fixed set has no proxy). The HTTP client reads them as
    /// text and takes such a one as unset: the request would go out directly, past
    /// the proxy the variable names.
    pub fn check_proxies(&self) -> Result<(), Failure> {
        if let Self::Process = self {
            for name in PROXY_VARS {
                if let Err(std::env::VarError::NotUnicode(_)) = std::env::var(name) {
                    return Err(not_utf8(name));
                }
            }
        }
        Ok(())
    }

    /// A required variable; a missing or empty one is a usage error naming it.
    pub fn required(&self, name: &str) -> Result<String, Failure> {
        self.optional(name)?
            .ok_or_else(|| Failure::usage(format!("the environment variable {name} is not set")))
    }

    /// A required secret.
    pub fn secret(&self, name: &str) -> Result<SecretString, Failure> {
        self.required(name).map(SecretString::from)
    }

    /// `--base-url` if given, else the provider's `*_BASE_URL` variable, else none.
    pub fn base_url(&self, flag: Option<&str>, variable: &str) -> Result<Option<String>, Failure> {
        match flag {
            Some(flag) => Ok(Some(flag.to_owned())),
            None => self.optional(variable),
        }
    }
}

/// The usage error of a variable set to bytes that are not UTF-8 (its value is
/// never shown: it may be a secret).
pub fn not_utf8(name: &str) -> Failure {
    Failure::usage(format!(
        "the environment variable {name} is set but not valid UTF-8"
    ))
}

/// Reads a required variable; a missing or empty one is a usage error naming it.
pub fn required(name: &str) -> Result<String, Failure> {
    PROCESS.required(name)
}

/// A required secret.
pub fn secret(name: &str) -> Result<SecretString, Failure> {
    PROCESS.secret(name)
}

/// An optional variable (set but not UTF-8: a usage error).
pub fn optional(name: &str) -> Result<Option<String>, Failure> {
    PROCESS.optional(name)
}

/// A variable as set, blank included (set but not UTF-8: a usage error).
pub fn set(name: &str) -> Result<Option<String>, Failure> {
    PROCESS.set(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_fixed_set_reads_only_its_own_non_empty_values() {
        let vars = Vars::Fixed(vec![("A_SET", "a".to_owned()), ("A_BLANK", " ".to_owned())]);
        assert_eq!(vars.optional("A_SET").unwrap().as_deref(), Some("a"));
        assert_eq!(vars.optional("A_BLANK").unwrap(), None);
        assert_eq!(
            vars.optional("PATH").unwrap(),
            None,
            "never the process environment"
        );
        let error = vars.required("A_BLANK").unwrap_err();
        assert_eq!(
            error.message(),
            "the environment variable A_BLANK is not set"
        );
        assert_eq!(
            vars.base_url(Some("http://flag"), "A_SET")
                .unwrap()
                .as_deref(),
            Some("http://flag")
        );
        assert_eq!(vars.base_url(None, "A_SET").unwrap().as_deref(), Some("a"));
    }
}
