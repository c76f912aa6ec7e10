//! Errors that never carry the Redis URL, its password, keys or values.

use std::fmt;

/// What went wrong, coarse enough to act on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum ErrorKind {
    /// `TXSTATUS_REDIS_URL` (or the URL given) is not a usable Redis URL, or a parameter
    /// given (a lease, a rate limit's interval) is out of range: nothing was changed.
    Config,
    /// The server could not be reached, refused us, or did not answer in time.
    Unreachable,
    /// The server refused to authenticate us (wrong password or user).
    Auth,
    /// The server answered with an error or a reply this crate did not expect.
    Command,
}

/// A Redis error, safe to log: the URL, the password, keys and values never appear
/// in its `Debug` or `Display`.
#[derive(Clone, Debug)]
pub struct Error {
    kind: ErrorKind,
    message: String,
}

impl Error {
    /// An error of `kind`; `message` must hold no URL, secret or personal data.
    pub(crate) fn new(kind: ErrorKind, message: impl Into<String>) -> Self {
        Self {
            kind,
            message: message.into(),
        }
    }

    /// The kind.
    pub fn kind(&self) -> ErrorKind {
        self.kind
    }

    /// True when Redis could not be reached (down, refused, timed out).
    pub fn is_unreachable(&self) -> bool {
        self.kind == ErrorKind::Unreachable
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let what = match self.kind {
            ErrorKind::Config => "invalid configuration",
            ErrorKind::Unreachable => "unreachable",
            ErrorKind::Auth => "authentication failed",
            ErrorKind::Command => "command failed",
        };
        write!(f, "redis {what}: {}", self.message)
    }
}

impl std::error::Error for Error {}

impl From<redis::RedisError> for Error {
    /// Keeps the category and the server's error code when it is one Redis uses, never
    /// the detail: a detail can quote a key, a value or (for a bad URL) the URL itself,
    /// and any other "code" is whatever the server sent (the password it was just given,
    /// from a server that is not Redis).
    fn from(error: redis::RedisError) -> Self {
        use redis::ErrorKind as K;
        let kind = if error.kind() == K::AuthenticationFailed
            || error.code() == Some("NOAUTH")
            || error.code() == Some("WRONGPASS")
        {
            ErrorKind::Auth
        } else if error.is_io_error()
            || error.is_connection_refusal()
            || error.is_timeout()
            || error.is_connection_dropped()
        {
            ErrorKind::Unreachable
        } else if error.kind() == K::InvalidClientConfig {
            ErrorKind::Config
        } else {
            ErrorKind::Command
        };
        // redis-rs names no category for some server replies: say whose it is.
        let category = match error.category() {
            "" => "the server refused the command",
            category => category,
        };
        let message = match (error.code(), kind) {
            (Some(code), _) => format!("{category} ({})", shown_code(code)),
            (None, ErrorKind::Unreachable) => match io_kind(&error) {
                Some(io) => format!("{category} ({io})"),
                None => category.to_owned(),
            },
            (None, _) => category.to_owned(),
        };
        Self::new(kind, message)
    }
}

/// The error codes Redis, Valkey and their modules answer with (the first word of an
/// error reply). Any other first word is whatever the server put there: a server
/// that is not Redis, or a hostile one, can answer a command with the password it
/// was just sent (`-hunter2 ...`), so an unknown code is never repeated.
const KNOWN_CODES: &[&str] = &[
    "ERR",
    "WRONGTYPE",
    "NOAUTH",
    "WRONGPASS",
    "NOPERM",
    "NOPROTO",
    "NOSCRIPT",
    "BUSY",
    "BUSYKEY",
    "BUSYGROUP",
    "NOGROUP",
    "NOTBUSY",
    "UNKILLABLE",
    "UNBLOCKED",
    "LOADING",
    "READONLY",
    "MASTERDOWN",
    "MISCONF",
    "OOM",
    "EXECABORT",
    "NOREPLICAS",
    "MOVED",
    "ASK",
    "TRYAGAIN",
    "CLUSTERDOWN",
    "CROSSSLOT",
];

/// `code` when it is one Redis uses; else words that say only that it was unknown.
fn shown_code(code: &str) -> &str {
    KNOWN_CODES
        .iter()
        .find(|known| **known == code)
        .copied()
        .unwrap_or("an error code Redis does not use")
}

/// What kind of I/O failure, in words that name no address.
fn io_kind(error: &redis::RedisError) -> Option<&'static str> {
    if error.is_connection_refusal() {
        Some("connection refused")
    } else if error.is_timeout() {
        Some("timed out")
    } else if error.is_connection_dropped() {
        Some("connection dropped")
    } else {
        None
    }
}
