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
    /// Keeps the category and the server's error code, never the detail: a detail can
    /// quote a key, a value or (for a bad URL) the URL itself.
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
        let message = match (error.code(), kind) {
            (Some(code), _) => format!("{} ({code})", error.category()),
            (None, ErrorKind::Unreachable) => match io_kind(&error) {
                Some(io) => format!("{} ({io})", error.category()),
                None => error.category().to_owned(),
            },
            (None, _) => error.category().to_owned(),
        };
        Self::new(kind, message)
    }
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
