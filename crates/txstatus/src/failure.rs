//! How the tool fails, and the exit code each failure gives (docs/CLI.md, "Exit
//! codes"). These six codes are the whole table: nothing else leaves `main`.

use std::{
    fmt,
    sync::atomic::{AtomicBool, Ordering},
};

/// Whether this run may print the provider's own error messages (set once from
/// `--show-personal-data`): providers quote what was sent in them, a name or an
/// email, so they are personal data.
static SHOW_PROVIDER_MESSAGES: AtomicBool = AtomicBool::new(false);

/// Lets failures made from now on carry the provider's message
/// (`--show-personal-data`); without it they say it was withheld.
pub fn show_provider_messages(show: bool) {
    SHOW_PROVIDER_MESSAGES.store(show, Ordering::Relaxed);
}

/// What `txstatus_core::Error`'s `Display` says when a provider message exists.
const WITHHELD_BY_THE_LIBRARY: &str =
    "; the provider's message is withheld: it may hold personal data";

/// What the tool says about a library error: its `Display` (which never holds
/// provider text), then the provider's message only when personal data may be
/// shown, else how to see it.
pub fn describe(error: &txstatus_core::Error, show_provider_message: bool) -> String {
    let mut text = error.to_string();
    if let Some(said) = error.provider_message() {
        if show_provider_message {
            // The library's own words say it withheld the message; here it is not.
            text = text.replacen(WITHHELD_BY_THE_LIBRARY, "", 1);
            text.push_str("; provider's message: ");
            text.push_str(said);
        } else {
            text.push_str(" (add --show-personal-data to `get` or `watch` to print it)");
        }
    }
    text
}

/// 0: success (or a streaming command whose reader went away on purpose).
pub const EXIT_OK: u8 = 0;
/// 1: the provider, the network or a decode failed; a stream or batch ended
/// incomplete; a single result could not be written to stdout.
pub const EXIT_FAILED: u8 = 1;
/// 2: usage (bad flags, a missing credential, a closed stdout, a refused
/// confirmation, a verb not available in this version); nothing was sent.
pub const EXIT_USAGE: u8 = 2;
/// 3: iDIN handed the identity most likely to an attempt whose answer was lost.
pub const EXIT_IDENTITY_LOST: u8 = 3;
/// 4: a watch timed out before the transaction reached a final state.
pub const EXIT_TIMEOUT: u8 = 4;
/// 5: the provider refused the credentials (HTTP 401 or 403).
pub const EXIT_AUTH_REFUSED: u8 = 5;

/// A reason to stop, with its exit code.
#[derive(Debug)]
pub enum Failure {
    /// Exit 2: nothing was sent.
    Usage(String),
    /// Exit 1.
    Failed(String),
    /// Exit 3.
    IdentityLost(String),
    /// Exit 4.
    TimedOut(String),
    /// Exit 5.
    AuthRefused(String),
}

impl Failure {
    /// The process exit code.
    pub fn code(&self) -> u8 {
        match self {
            Self::Usage(_) => EXIT_USAGE,
            Self::Failed(_) => EXIT_FAILED,
            Self::IdentityLost(_) => EXIT_IDENTITY_LOST,
            Self::TimedOut(_) => EXIT_TIMEOUT,
            Self::AuthRefused(_) => EXIT_AUTH_REFUSED,
        }
    }

    /// The `kind` field of the `--json` error document.
    pub fn kind(&self) -> &'static str {
        match self {
            Self::Usage(_) => "usage",
            Self::Failed(_) => "failed",
            Self::IdentityLost(_) => "identity_lost",
            Self::TimedOut(_) => "timeout",
            Self::AuthRefused(_) => "auth_refused",
        }
    }

    /// The message, without the `usage error:` prefix.
    pub fn message(&self) -> &str {
        match self {
            Self::Usage(m)
            | Self::Failed(m)
            | Self::IdentityLost(m)
            | Self::TimedOut(m)
            | Self::AuthRefused(m) => m,
        }
    }

    /// A usage error.
    pub fn usage(message: impl Into<String>) -> Self {
        Self::Usage(message.into())
    }

    /// A failure (exit 1).
    pub fn failed(message: impl Into<String>) -> Self {
        Self::Failed(message.into())
    }
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Usage(message) => write!(f, "usage error: {message}"),
            other => f.write_str(other.message()),
        }
    }
}

impl Failure {
    /// The failure of a call made after an earlier one of the same command was
    /// sent: exit 2 says nothing was sent, so a call the client refuses to send
    /// (an input it will not put in a URL) is then exit 1, not a usage error.
    pub fn after_a_send(error: txstatus_core::Error) -> Self {
        match Self::from(error) {
            Self::Usage(message) => Self::Failed(message),
            other => other,
        }
    }
}

impl From<txstatus_core::Error> for Failure {
    fn from(error: txstatus_core::Error) -> Self {
        let text = describe(&error, SHOW_PROVIDER_MESSAGES.load(Ordering::Relaxed));
        if error.is_invalid_input() {
            Self::Usage(text)
        } else if matches!(error.status(), Some(401 | 403)) {
            Self::AuthRefused(text)
        } else {
            Self::Failed(text)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn refused_with_a_name() -> txstatus_core::Error {
        let said =
            txstatus_core::ProviderMessage::new(Some("No match for Jan Jansen"), Some("E42"));
        txstatus_core::Error::http(
            "persona",
            txstatus_core::HttpError::new(422, txstatus_core::RawBody::default())
                .with_provider_message(said),
        )
    }

    #[test]
    fn the_provider_message_is_withheld_unless_personal_data_may_be_shown() {
        let hidden = describe(&refused_with_a_name(), false);
        assert!(!hidden.contains("Jansen"), "{hidden}");
        assert!(
            hidden.contains("--show-personal-data") && hidden.contains("E42"),
            "{hidden}"
        );
        assert!(hidden.contains(WITHHELD_BY_THE_LIBRARY), "{hidden}");
        let shown = describe(&refused_with_a_name(), true);
        assert!(shown.contains("No match for Jan Jansen"), "{shown}");
        assert!(
            !shown.contains("withheld"),
            "a message shown is not said to be withheld: {shown}"
        );
    }

    #[test]
    fn each_failure_has_its_own_code_and_kind() {
        let all = [
            Failure::usage("u"),
            Failure::failed("f"),
            Failure::IdentityLost("i".into()),
            Failure::TimedOut("t".into()),
            Failure::AuthRefused("a".into()),
        ];
        let codes: Vec<u8> = all.iter().map(Failure::code).collect();
        assert_eq!(codes, [2, 1, 3, 4, 5]);
        let kinds: std::collections::BTreeSet<_> = all.iter().map(Failure::kind).collect();
        assert_eq!(kinds.len(), all.len());
    }
}
