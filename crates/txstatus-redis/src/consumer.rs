//! Reading transitions from the stream through a consumer group.

use std::{fmt, time::Duration};

use txstatus_webhooks::Transition;

use crate::{connection::Redis, entries::Entry, error::Error, record, store::stream_key};

/// The most entries one read asks for ([`TransitionConsumerBuilder::batch`]).
pub const MAX_BATCH: usize = 10_000;

/// The longest idle time and block time a consumer takes: 366 days (longer is shortened
/// to it). Redis refuses a time past its range (a signed 64-bit count of ms, added to its
/// clock), and every read would then fail.
const MAX_WAIT: Duration = Duration::from_secs(366 * 24 * 60 * 60);

/// The shortest claim idle time a consumer takes ([`TransitionConsumerBuilder::claim_idle`]):
/// 1 s; shorter (zero included) is lengthened to it. An entry is idle from the moment
/// it was handed to a consumer, so a claim idle under the time a live consumer needs
/// to receive, handle and acknowledge a batch takes entries it is still handling, and
/// they are handled twice; zero would take every pending entry of the group at each
/// read.
pub const MIN_CLAIM_IDLE: Duration = Duration::from_secs(1);

/// The first pause between two looks for new entries while a read waits; doubled each
/// time up to [`LAST_POLL`].
const FIRST_POLL: Duration = Duration::from_millis(5);

/// The longest pause between two looks for new entries (the most a new entry waits
/// before a waiting consumer sees it).
const LAST_POLL: Duration = Duration::from_millis(100);

/// Where a new consumer group starts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StartFrom {
    /// Only transitions appended after the group is created.
    New,
    /// Every transition still in the stream.
    Beginning,
}

/// Reads transitions through a consumer group: each entry goes to one consumer of the
/// group; an entry stays pending until [`ack`](Self::ack)ed, and one left pending by a
/// consumer that died is claimed by another after
/// [`claim_idle`](TransitionConsumerBuilder::claim_idle) (`XAUTOCLAIM`).
///
/// Delivery is at least once: a consumer that stops between handling an entry and
/// acknowledging it has the entry handled again (by itself after a restart under the
/// same name, or by another). Every [`Transition`] carries its
/// [`stream_id`](Transition::stream_id): deduplicate by it.
pub struct TransitionConsumer {
    redis: Redis,
    stream: String,
    group: String,
    consumer: String,
    claim_idle: Duration,
    block: Duration,
    batch: usize,
    /// `0` until this consumer's own pending entries are read back (after a restart,
    /// or after a call to `next` was dropped midway), then `>` (new entries).
    position: &'static str,
    /// Set while a `next` runs: still set at the next call means the last one was
    /// dropped after Redis may have handed it entries.
    reading: bool,
    claim_cursor: String,
}

impl fmt::Debug for TransitionConsumer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TransitionConsumer")
            .field("group", &self.group)
            .field("consumer", &self.consumer)
            .finish_non_exhaustive()
    }
}

/// Builds a [`TransitionConsumer`].
#[derive(Debug)]
pub struct TransitionConsumerBuilder {
    redis: Redis,
    group: String,
    consumer: String,
    start: StartFrom,
    claim_idle: Duration,
    block: Duration,
    batch: usize,
}

impl TransitionConsumerBuilder {
    /// Where the group starts when it does not exist yet (default [`StartFrom::New`]).
    pub fn start_from(mut self, start: StartFrom) -> Self {
        self.start = start;
        self
    }

    /// How long an entry stays pending with another consumer before this one claims it
    /// (default 30 s). Make it longer than the time any live consumer of the group
    /// takes to handle a batch, and the same for every consumer of the group: an entry
    /// is idle from the moment it was handed over, so a shorter one takes entries a
    /// live consumer is still handling, and they are handled twice.
    ///
    /// At least [`MIN_CLAIM_IDLE`] (1 s; shorter, zero included, is lengthened to it),
    /// at most 366 days (longer is shortened to it: Redis refuses a time past its range).
    pub fn claim_idle(mut self, idle: Duration) -> Self {
        self.claim_idle = idle.clamp(MIN_CLAIM_IDLE, MAX_WAIT);
        self
    }

    /// How long one [`next`](TransitionConsumer::next) waits for new entries (default
    /// 1 s). Meanwhile it looks again every few milliseconds, then every 100 ms at most,
    /// each look checking every record against
    /// [`MAX_VALUE_LEN`](crate::MAX_VALUE_LEN) on the server (a blocking `XREADGROUP`
    /// would hand over whatever arrived, whole). At most 366 days (longer is shortened
    /// to it).
    pub fn block(mut self, block: Duration) -> Self {
        self.block = block.min(MAX_WAIT);
        self
    }

    /// Entries per read (default 100; at least 1, at most [`MAX_BATCH`], longer is
    /// shortened to it: Redis refuses a count past its range, and one reply must fit in
    /// memory).
    pub fn batch(mut self, batch: usize) -> Self {
        self.batch = batch.clamp(1, MAX_BATCH);
        self
    }

    /// Creates the group if needed (`XGROUP CREATE ... MKSTREAM`) and opens the
    /// consumer's own connection (blocking reads must not hold up the shared one).
    pub async fn build(self) -> Result<TransitionConsumer, Error> {
        let redis = self.redis.dedicated().await?;
        let stream = stream_key(&redis);
        let start = match self.start {
            StartFrom::New => "$",
            StartFrom::Beginning => "0",
        };
        create_group(&redis, &stream, &self.group, start).await?;
        Ok(TransitionConsumer {
            redis,
            stream,
            group: self.group,
            consumer: self.consumer,
            claim_idle: self.claim_idle,
            block: self.block,
            batch: self.batch,
            position: "0",
            reading: false,
            claim_cursor: "0-0".to_owned(),
        })
    }
}

impl TransitionConsumer {
    /// A consumer named `consumer` in `group`. Give a restarted process the same name
    /// to have it read back what it had not acknowledged.
    pub fn builder(
        redis: &Redis,
        group: impl Into<String>,
        consumer: impl Into<String>,
    ) -> TransitionConsumerBuilder {
        TransitionConsumerBuilder {
            redis: redis.clone(),
            group: group.into(),
            consumer: consumer.into(),
            start: StartFrom::New,
            claim_idle: Duration::from_secs(30),
            block: Duration::from_secs(1),
            batch: 100,
        }
    }

    /// The next transitions for this consumer, oldest first, each with its stream id:
    /// first its own unacknowledged ones (after a restart), then entries a dead
    /// consumer left pending past the idle time, then new ones (waiting up to the
    /// block time; empty when none came). At most the batch size, and at most
    /// [`MAX_READ_BYTES`](crate::MAX_READ_BYTES) of records past the first: what is
    /// left out stays pending with this consumer and comes first at the next call.
    /// Acknowledge each with [`ack`](Self::ack) once handled.
    ///
    /// Cancel-safe: when a call is dropped (a `select!` that chose another branch)
    /// after Redis handed it entries, the next call reads them back first.
    ///
    /// A group that vanished (a Redis restart without persistence, a flush, a failover
    /// to an empty replica: `NOGROUP`) is created again, from the start of the stream,
    /// and read at once: what was recorded since is delivered (at least once), never
    /// skipped.
    pub async fn next(&mut self) -> Result<Vec<Transition>, Error> {
        if self.reading {
            self.position = "0";
        }
        self.reading = true;
        let result = match self.next_inner().await {
            Err(Failure::NoGroup) => match self.recreate_group().await {
                Ok(()) => self.next_inner().await,
                Err(error) => Err(Failure::Redis(error)),
            },
            other => other,
        };
        self.reading = false;
        result.map_err(Failure::into_error)
    }

    /// The group again, from the stream's first entry (`MKSTREAM`: the stream may be
    /// gone too); this consumer starts over with its own (now empty) pending list.
    async fn recreate_group(&mut self) -> Result<(), Error> {
        tracing::warn!(
            "txstatus-redis: the consumer group is gone (Redis restarted or was flushed?); created again from the start of the stream"
        );
        create_group(&self.redis, &self.stream, &self.group, "0").await?;
        self.position = "0";
        self.claim_cursor = "0-0".to_owned();
        Ok(())
    }

    /// Leaves the group cleanly: the consumer is removed when nothing is pending
    /// with it (else it stays, and its entries are claimed by others later).
    pub async fn close(self) -> Result<(), Error> {
        let mut connection = self.redis.connection();
        let pending: Vec<redis::Value> = redis::cmd("XPENDING")
            .arg(&self.stream)
            .arg(&self.group)
            .arg("-")
            .arg("+")
            .arg(1)
            .arg(&self.consumer)
            .query_async(&mut connection)
            .await?;
        if pending.is_empty() {
            redis::cmd("XGROUP")
                .arg("DELCONSUMER")
                .arg(&self.stream)
                .arg(&self.group)
                .arg(&self.consumer)
                .query_async::<u64>(&mut connection)
                .await?;
        }
        Ok(())
    }

    async fn next_inner(&mut self) -> Result<Vec<Transition>, Failure> {
        if self.position == "0" {
            let own = self.read_back("pending").await?.1;
            if !own.is_empty() {
                return Ok(self.decode(own).await?);
            }
            self.position = ">";
        }
        let claimed = self.claim().await?;
        if !claimed.is_empty() {
            return Ok(self.decode(claimed).await?);
        }
        // New entries, checked against the cap in the script, looked for again and
        // again until the block time has passed. Not a blocking `XREADGROUP`: that
        // cannot run in a script, and would hand over whatever arrives while it waits
        // whole (a record of Redis's 512 MB another program appended).
        let start = tokio::time::Instant::now();
        let end = start.checked_add(self.block).unwrap_or(start);
        let mut pause = FIRST_POLL;
        loop {
            let (_, fresh, cut) = self.read_back("new").await?;
            if cut {
                // Handed over but left out of the reply: read back first next time.
                self.position = "0";
            }
            if !fresh.is_empty() {
                return Ok(self.decode(fresh).await?);
            }
            let left = end.saturating_duration_since(tokio::time::Instant::now());
            if left.is_zero() {
                return Ok(Vec::new());
            }
            tokio::time::sleep(pause.min(left)).await;
            pause = pause.saturating_mul(2).min(LAST_POLL);
        }
    }

    /// Acknowledges handled entries by stream id: they are not delivered again.
    pub async fn ack<S: AsRef<str>>(&self, stream_ids: &[S]) -> Result<(), Error> {
        if stream_ids.is_empty() {
            return Ok(());
        }
        let mut connection = self.redis.connection();
        let mut command = redis::cmd("XACK");
        command.arg(&self.stream).arg(&self.group);
        for id in stream_ids {
            command.arg(id.as_ref());
        }
        command.query_async::<u64>(&mut connection).await?;
        Ok(())
    }

    /// This consumer's own pending entries (`pending`), entries claimed from a dead
    /// consumer (`claim`, with the next claim cursor) or new entries already there
    /// (`new`), each record checked against [`MAX_VALUE_LEN`](crate::MAX_VALUE_LEN) on
    /// the server (see `lua/consumer_pending.lua`). One too long comes back unreadable:
    /// it is acknowledged and skipped, and never loaded.
    async fn read_back(&self, mode: &str) -> Result<(String, Vec<Entry>, bool), Failure> {
        let mut connection = self.redis.connection();
        let (cursor, read, cut): (String, Vec<RawEntry>, u8) =
            redis::Script::new(include_str!("lua/consumer_pending.lua"))
                .key(&self.stream)
                .arg(mode)
                .arg(&self.group)
                .arg(&self.consumer)
                .arg(self.batch)
                .arg(crate::bounded::cap())
                .arg(u64::try_from(self.claim_idle.as_millis()).unwrap_or(u64::MAX))
                .arg(&self.claim_cursor)
                .arg(crate::bounded::read_budget())
                .invoke_async(&mut connection)
                .await
                .map_err(Failure::from)?;
        let entries = read
            .into_iter()
            .map(|(id, record)| Entry {
                id,
                record: record.and_then(|bytes| String::from_utf8(bytes).ok()),
            })
            .collect();
        Ok((cursor, entries, cut == 1))
    }

    async fn claim(&mut self) -> Result<Vec<Entry>, Failure> {
        let (cursor, claimed, cut) = self.read_back("claim").await?;
        if cut {
            // Claimed but left out of the reply: pending with this consumer now, read
            // back first next time.
            self.position = "0";
        }
        self.claim_cursor = if cursor.is_empty() {
            "0-0".to_owned()
        } else {
            cursor
        };
        Ok(claimed)
    }

    /// Transitions from entries; an entry that does not parse (written by something
    /// else: fields missing, of another type, not UTF-8, or the entry deleted while
    /// pending) is acknowledged and skipped with a warning, so it cannot block the group.
    async fn decode(&self, entries: Vec<Entry>) -> Result<Vec<Transition>, Error> {
        let mut transitions = Vec::with_capacity(entries.len());
        let mut unreadable = Vec::new();
        for entry in entries {
            match entry
                .record
                .as_deref()
                .and_then(|text| record::transition(&entry.id, text))
            {
                Some(transition) => transitions.push(transition),
                None => unreadable.push(entry.id),
            }
        }
        if !unreadable.is_empty() {
            tracing::warn!(
                count = unreadable.len(),
                "txstatus-redis: skipping stream entries that are not transitions"
            );
            self.ack(&unreadable).await?;
        }
        Ok(transitions)
    }
}

/// `XGROUP CREATE ... MKSTREAM` from `start`; a group that exists already is kept.
async fn create_group(redis: &Redis, stream: &str, group: &str, start: &str) -> Result<(), Error> {
    let mut connection = redis.connection();
    let created: Result<(), redis::RedisError> = redis::cmd("XGROUP")
        .arg("CREATE")
        .arg(stream)
        .arg(group)
        .arg(start)
        .arg("MKSTREAM")
        .query_async(&mut connection)
        .await;
    match created {
        Ok(()) => Ok(()),
        Err(error) if error.code() == Some("BUSYGROUP") => Ok(()),
        Err(error) => Err(error.into()),
    }
}

/// An entry as `lua/consumer_pending.lua` answers it: its id and its `record` (none
/// when absent, deleted, or longer than the cap).
type RawEntry = (String, Option<Vec<u8>>);

/// Why a read failed: the group is gone (created again, then read again), or anything else.
enum Failure {
    NoGroup,
    Redis(Error),
}

impl Failure {
    fn into_error(self) -> Error {
        match self {
            Self::NoGroup => Error::new(
                crate::ErrorKind::Command,
                "the consumer group is gone (NOGROUP)",
            ),
            Self::Redis(error) => error,
        }
    }
}

impl From<redis::RedisError> for Failure {
    fn from(error: redis::RedisError) -> Self {
        if error.code() == Some("NOGROUP") {
            Self::NoGroup
        } else {
            Self::Redis(error.into())
        }
    }
}

impl From<Error> for Failure {
    fn from(error: Error) -> Self {
        Self::Redis(error)
    }
}
