//! Where Redis is: `TXSTATUS_REDIS_URL`, never shown.

use std::{fmt, time::Duration};

use secrecy::{ExposeSecret, SecretString};

use crate::error::{Error, ErrorKind};

/// The environment variable holding the Redis URL
/// (`redis://[user:password@]host:port[/db]`, or `rediss://` for TLS).
pub const URL_ENV: &str = "TXSTATUS_REDIS_URL";

/// The key prefix when none is set: every key this crate writes starts with it.
pub const DEFAULT_PREFIX: &str = "txstatus";

/// How to reach Redis. The URL carries a password, so `Debug` shows neither it nor the
/// host, only whether TLS is used.
#[derive(Clone)]
pub struct RedisConfig {
    url: SecretString,
    tls: bool,
    prefix: String,
    connect_timeout: Duration,
    response_timeout: Duration,
}

impl fmt::Debug for RedisConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RedisConfig")
            .field("url", &"[redacted]")
            .field("tls", &self.tls)
            .field("prefix", &self.prefix)
            .field("connect_timeout", &self.connect_timeout)
            .field("response_timeout", &self.response_timeout)
            .finish()
    }
}

impl RedisConfig {
    /// A config for `url`, checked now so a typo fails before any work starts. The
    /// error never quotes the URL.
    pub fn new(url: impl Into<String>) -> Result<Self, Error> {
        let url = SecretString::from(url.into());
        let tls = {
            let text = url.expose_secret();
            let scheme = text.split_once("://").map(|(scheme, _)| scheme);
            match scheme {
                Some("redis" | "valkey") => false,
                Some("rediss" | "valkeys") => true,
                Some("redis+unix" | "unix") => false,
                _ => {
                    return Err(Error::new(
                        ErrorKind::Config,
                        format!(
                            "{URL_ENV} must start with redis://, rediss://, redis+unix:// or unix:// \
                             (valkey:// and valkeys:// too; the value is not shown: it may \
                             hold a password)"
                        ),
                    ));
                }
            }
        };
        if redis::IntoConnectionInfo::into_connection_info(url.expose_secret()).is_err() {
            return Err(Error::new(
                ErrorKind::Config,
                format!("{URL_ENV} is not a valid Redis URL (the value is not shown)"),
            ));
        }
        Ok(Self {
            url,
            tls,
            prefix: DEFAULT_PREFIX.to_owned(),
            connect_timeout: Duration::from_secs(5),
            response_timeout: Duration::from_secs(5),
        })
    }

    /// The config from [`URL_ENV`]; `Ok(None)` when it is unset or empty.
    pub fn from_env() -> Result<Option<Self>, Error> {
        match std::env::var(URL_ENV) {
            Ok(url) if !url.trim().is_empty() => Self::new(url.trim()).map(Some),
            Ok(_) | Err(std::env::VarError::NotPresent) => Ok(None),
            Err(std::env::VarError::NotUnicode(_)) => Err(Error::new(
                ErrorKind::Config,
                format!("{URL_ENV} is not valid UTF-8"),
            )),
        }
    }

    /// Sets the key prefix (default [`DEFAULT_PREFIX`]), so several deployments can
    /// share one server. Any text without `:` (`myapp-txstatus`, `{tx}`, empty): a
    /// prefix with `:` is refused by [`Redis::connect`](crate::Redis::connect), since
    /// ids may hold `:` and such a prefix could reach into another deployment's keys.
    pub fn with_prefix(mut self, prefix: impl Into<String>) -> Self {
        self.prefix = prefix.into();
        self
    }

    /// Sets how long connecting may take (default 5 s). Under 1 ms is refused by
    /// [`Redis::connect`](crate::Redis::connect) ([`ErrorKind::Config`]); `Duration::MAX`
    /// is no limit.
    pub fn with_connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = timeout;
        self
    }

    /// Sets how long one command may wait for its answer (default 5 s). Under 1 ms is
    /// refused by [`Redis::connect`](crate::Redis::connect) ([`ErrorKind::Config`]);
    /// `Duration::MAX` is no limit.
    pub fn with_response_timeout(mut self, timeout: Duration) -> Self {
        self.response_timeout = timeout;
        self
    }

    /// The key prefix.
    pub fn prefix(&self) -> &str {
        &self.prefix
    }

    /// True for `rediss://`.
    pub fn is_tls(&self) -> bool {
        self.tls
    }

    pub(crate) fn url(&self) -> &SecretString {
        &self.url
    }

    pub(crate) fn connect_timeout(&self) -> Duration {
        self.connect_timeout
    }

    pub(crate) fn response_timeout(&self) -> Duration {
        self.response_timeout
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::RedisConfig;

    #[test]
    fn every_scheme_the_refusal_names_is_accepted_and_the_refusal_never_quotes_the_url() {
        for url in [
            "redis://:Pw-1@127.0.0.1:6379/0",
            "rediss://:Pw-1@127.0.0.1:6379/0",
            "redis+unix:///run/redis.sock?pass=Pw-1",
            "unix:///run/redis.sock?pass=Pw-1",
            "valkey://:Pw-1@127.0.0.1:6379",
            "valkeys://:Pw-1@127.0.0.1:6379",
        ] {
            assert!(RedisConfig::new(url).is_ok(), "{url}");
        }
        let refused = RedisConfig::new("http://:Pw-1@127.0.0.1:6379")
            .unwrap_err()
            .to_string();
        for named in [
            "redis://",
            "rediss://",
            "redis+unix://",
            "unix://",
            "valkey",
        ] {
            assert!(refused.contains(named), "{refused}");
        }
        assert!(
            !refused.contains("Pw-1") && !refused.contains("127.0.0.1"),
            "{refused}"
        );
    }
}
