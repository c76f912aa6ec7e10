//! Reads of stored values with a length cap checked on the server, before the value
//! is sent: a value another program wrote (Redis takes up to 512 MB) is never loaded
//! into this process whole.

use redis::aio::ConnectionManager;

use crate::error::{Error, ErrorKind};

/// The longest stored value this crate reads or writes (a state, a stream record, a
/// watch field, a feed cursor, a sweep member): 1 MiB. What it writes is a few hundred
/// bytes, and a longer one (a provider's status text of a megabyte) is refused before
/// it is written, so nothing it writes is ever unreadable to it. A longer stored value
/// was written by something else: it is refused with a typed error that names what it
/// was, never the value, checked on the server before the value is sent.
pub const MAX_VALUE_LEN: usize = 1 << 20;

/// The most stored bytes one listing call hands over past its first item, whatever
/// count it was asked for: 8 MiB ([`TransitionConsumer::next`](crate::TransitionConsumer::next),
/// [`RedisStore`](crate::RedisStore)'s `transitions` and `due`). Each item may be up to
/// [`MAX_VALUE_LEN`], so a count alone (10,000 records of a megabyte) would not bound
/// what one call loads; what is left out is handed over by the next call.
pub const MAX_READ_BYTES: usize = 8 << 20;

/// [`MAX_READ_BYTES`] as the scripts take it.
pub(crate) fn read_budget() -> u64 {
    u64::try_from(MAX_READ_BYTES).unwrap_or(u64::MAX)
}

/// The cap as the scripts take it.
pub(crate) fn cap() -> u64 {
    u64::try_from(MAX_VALUE_LEN).unwrap_or(u64::MAX)
}

/// The typed error for a stored value over the cap: names what it was, never the value.
pub(crate) fn too_long(what: &str) -> Error {
    Error::new(
        ErrorKind::Command,
        format!("a stored {what} is longer than {MAX_VALUE_LEN} bytes (MAX_VALUE_LEN): not read"),
    )
}

/// `Ok` when `value` is within the cap; else the typed error, before anything is
/// written: a value this crate wrote and then refused to read would wedge what holds it
/// (every later commit of the transaction refused, a record every consumer skips).
pub(crate) fn check_written(value: &str, what: &str) -> Result<(), Error> {
    if value.len() > MAX_VALUE_LEN {
        return Err(Error::new(
            ErrorKind::Command,
            format!(
                "a {what} longer than {MAX_VALUE_LEN} bytes (MAX_VALUE_LEN) is not written: \
                 it could not be read back"
            ),
        ));
    }
    Ok(())
}

/// `HMGET key fields...`, refused when one of the fields is longer than the cap
/// (`HSTRLEN`, checked in the same script, before anything is sent). A key of another
/// type is Redis's `WRONGTYPE`, as for `HMGET`.
pub(crate) async fn hash_fields(
    connection: &mut ConnectionManager,
    key: &str,
    fields: &[&str],
    what: &str,
) -> Result<Vec<Option<String>>, Error> {
    let script = redis::Script::new(
        r"
local cap = tonumber(ARGV[1])
for i = 2, #ARGV do
  if redis.call('HSTRLEN', KEYS[1], ARGV[i]) > cap then return {i - 1, {}} end
end
return {0, redis.call('HMGET', KEYS[1], unpack(ARGV, 2))}
",
    );
    let mut invocation = script.key(key);
    invocation.arg(cap());
    for field in fields {
        invocation.arg(*field);
    }
    let (long, values): (usize, Vec<Option<String>>) = invocation.invoke_async(connection).await?;
    match long.checked_sub(1).and_then(|i| fields.get(i)) {
        Some(field) => Err(too_long(&format!("{what} (field `{field}`)"))),
        None if values.len() == fields.len() => Ok(values),
        None => Err(crate::watch::unexpected()),
    }
}

/// `GET key`, refused when the value is longer than the cap (`STRLEN`, checked in the
/// same script). A key of another type is Redis's `WRONGTYPE`, as for `GET`.
pub(crate) async fn string(
    connection: &mut ConnectionManager,
    key: &str,
    what: &str,
) -> Result<Option<String>, Error> {
    let script = redis::Script::new(
        r"
if redis.call('STRLEN', KEYS[1]) > tonumber(ARGV[1]) then return {1, false} end
return {0, redis.call('GET', KEYS[1])}
",
    );
    let (long, value): (u8, Option<String>) =
        script.key(key).arg(cap()).invoke_async(connection).await?;
    if long == 1 {
        return Err(too_long(what));
    }
    Ok(value)
}
