//! One shared, reconnecting connection to Redis.

use std::fmt;

use redis::aio::{ConnectionManager, ConnectionManagerConfig};
use secrecy::ExposeSecret;

use crate::{
    config::RedisConfig,
    error::{Error, ErrorKind},
};

/// The shortest connect and response timeout [`Redis::connect`] takes.
const MIN_TIMEOUT: std::time::Duration = std::time::Duration::from_millis(1);

/// A connection to Redis, cheap to clone and shared by everything in a process (commands
/// are pipelined on one multiplexed socket; it reconnects after a failure).
#[derive(Clone)]
pub struct Redis {
    connection: ConnectionManager,
    client: redis::Client,
    manager_config: ConnectionManagerConfig,
    prefix: String,
}

impl fmt::Debug for Redis {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Redis")
            .field("prefix", &self.prefix)
            .finish_non_exhaustive()
    }
}

impl Redis {
    /// Connects (and authenticates) now, so a wrong URL or password fails at start-up.
    ///
    /// A key prefix holding `:` is refused here ([`ErrorKind::Config`], nothing sent):
    /// keys are `<prefix>:<rest>` and ids in the rest may hold `:`, so such a prefix
    /// could be another deployment's prefix plus the start of one of its keys
    /// (`a:wh:tx:fake` against deployment `a`'s state of the id `transitions`). Without
    /// `:` in any prefix, the first `:` of a key ends its prefix: two deployments with
    /// different prefixes never touch each other's keys.
    ///
    /// A connect or response timeout under 1 ms ([`RedisConfig::with_connect_timeout`],
    /// [`RedisConfig::with_response_timeout`]) is refused here too ([`ErrorKind::Config`]):
    /// every attempt would time out, and be reported as an unreachable server.
    pub async fn connect(config: &RedisConfig) -> Result<Self, Error> {
        if config.prefix().contains(':') {
            return Err(Error::new(
                ErrorKind::Config,
                "the key prefix holds `:`: it could name keys of another deployment's \
                 prefix (use `-` or `_` instead)",
            ));
        }
        for (timeout, what) in [
            (config.connect_timeout(), "connect timeout"),
            (config.response_timeout(), "response timeout"),
        ] {
            if timeout < MIN_TIMEOUT {
                return Err(Error::new(
                    ErrorKind::Config,
                    format!(
                        "a {what} under 1 ms is refused: every connection or command would \
                         time out"
                    ),
                ));
            }
        }
        let client = redis::Client::open(config.url().expose_secret()).map_err(|_| {
            Error::new(
                ErrorKind::Config,
                "not a valid Redis URL (the value is not shown)",
            )
        })?;
        let manager_config = ConnectionManagerConfig::new()
            .set_connection_timeout(Some(config.connect_timeout()))
            .set_response_timeout(Some(config.response_timeout()))
            // A few quick reconnects, then errors surface: a stopped server gives a
            // clear error, not a storm of retries.
            .set_number_of_retries(2)
            .set_max_delay(std::time::Duration::from_secs(1));
        // The connect timeout bounds the whole first connection: the manager gives
        // each of its attempts that long.
        let connection = tokio::time::timeout(
            config.connect_timeout(),
            ConnectionManager::new_with_config(client.clone(), manager_config.clone()),
        )
        .await
        .map_err(|_| Error::new(ErrorKind::Unreachable, "connecting timed out"))??;
        let redis = Self {
            connection,
            client,
            manager_config,
            prefix: config.prefix().to_owned(),
        };
        redis.ping().await?;
        redis.warn_if_evicting().await;
        Ok(redis)
    }

    /// A warning in the log when the server evicts keys under memory pressure
    /// (`maxmemory-policy` other than `noeviction`): the rate budget's log, the last
    /// states and the schedule can then vanish (a budget spent twice, a transition
    /// recorded again, a watched transaction dropped). A server that does not answer
    /// `CONFIG GET` (a managed one that disables it) is not asked again.
    async fn warn_if_evicting(&self) {
        const EVICTING: &[&str] = &[
            "allkeys-lru",
            "allkeys-lfu",
            "allkeys-random",
            "volatile-lru",
            "volatile-lfu",
            "volatile-random",
            "volatile-ttl",
        ];
        let mut connection = self.connection.clone();
        let Ok(reply) = redis::cmd("CONFIG")
            .arg("GET")
            .arg("maxmemory-policy")
            .query_async::<redis::Value>(&mut connection)
            .await
        else {
            return;
        };
        let value = match reply {
            redis::Value::Array(items) => items.into_iter().nth(1),
            redis::Value::Map(pairs) => pairs.into_iter().next().map(|(_, value)| value),
            _ => None,
        };
        let policy = match value {
            Some(redis::Value::BulkString(bytes)) => bytes,
            Some(redis::Value::SimpleString(text)) => text.into_bytes(),
            _ => return,
        };
        // Only a policy Redis names is repeated, never whatever else the server sent.
        if let Some(policy) = EVICTING.iter().find(|known| known.as_bytes() == policy) {
            tracing::warn!(
                policy,
                "txstatus-redis: the server's maxmemory-policy evicts keys under memory pressure \
                 (rate budget starts, last states, schedules can vanish); use noeviction"
            );
        }
    }

    /// A second, separate connection to the same server: for a consumer's reads,
    /// which look again and again while they wait for new entries and would queue
    /// ahead of every command pipelined behind them on the shared one.
    pub async fn dedicated(&self) -> Result<Self, Error> {
        let connection =
            ConnectionManager::new_with_config(self.client.clone(), self.manager_config.clone())
                .await?;
        Ok(Self {
            connection,
            client: self.client.clone(),
            manager_config: self.manager_config.clone(),
            prefix: self.prefix.clone(),
        })
    }

    /// Round trip to the server.
    pub async fn ping(&self) -> Result<(), Error> {
        let mut connection = self.connection.clone();
        let _: String = redis::cmd("PING").query_async(&mut connection).await?;
        Ok(())
    }

    /// The key prefix every key of this crate starts with.
    pub fn prefix(&self) -> &str {
        &self.prefix
    }

    /// `prefix:part1:part2...`: the one place keys are built.
    pub(crate) fn key(&self, parts: &[&str]) -> String {
        let mut key = self.prefix.clone();
        for part in parts {
            key.push(':');
            key.push_str(part);
        }
        key
    }

    /// A handle for commands (clones share the socket).
    pub(crate) fn connection(&self) -> ConnectionManager {
        self.connection.clone()
    }
}
