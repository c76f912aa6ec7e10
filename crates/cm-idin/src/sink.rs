//! Persisting the identity before anyone can lose it.
//!
//! CM hands an iDIN identity out once. If the caller crashes or panics after
//! `status()` returned but before it stored the body, the identity is gone. An
//! [`IdentitySink`] set on the [`ClientBuilder`](crate::ClientBuilder) closes that
//! gap: the client hands it the raw bytes of every status answer that may hold
//! personal data, and returns them only once the sink said they are durable.

use std::{
    fmt,
    fs::{File, OpenOptions},
    io::{self, Write as _},
    path::{Path, PathBuf},
    sync::{
        Arc,
        atomic::{AtomicU64, Ordering},
    },
    time::{SystemTime, UNIX_EPOCH},
};

use serde::{
    Deserialize, Deserializer,
    de::{self, DeserializeSeed, IgnoredAny, MapAccess, Visitor},
};
use txstatus_core::{BoxFuture, Error, ErrorKind, RawBody};

use crate::{PROVIDER, StatusResponse};

/// Durable storage for the raw bytes of iDIN status answers that may hold an
/// identity. Object-safe: set one with
/// [`ClientBuilder::identity_sink`](crate::ClientBuilder::identity_sink).
///
/// Called with every 2xx status body that carries personal data, whatever its
/// status, with every one holding a non-null member the model does not read (CM
/// may add a personal value under a new name), and with every 2xx body that does
/// not decode or was cut short (it may hold an identity that cannot be read), and
/// with the body of an error status (a 4xx, a 3xx) that still reads as a status
/// answer holding an identity (a personal value, or a known status next to a
/// member the model does not read). Return only once the bytes are durable;
/// an error makes the status call fail with an error that still carries the body.
/// Implementations write `Box::pin(async move { .. })` (see [`BoxFuture`]).
pub trait IdentitySink: Send + Sync + fmt::Debug {
    /// Stores `raw` durably and says where, for a log line (no personal data:
    /// do not derive it from the body).
    fn persist<'a>(
        &'a self,
        transaction_id: &'a str,
        raw: &'a RawBody,
    ) -> BoxFuture<'a, io::Result<String>>;
}

/// An [`IdentitySink`] writing each answer to a new file in a directory.
///
/// The file is created exclusively (never overwriting anything), with mode 0600 on
/// Unix, written, and fsynced together with its directory before
/// [`persist`](IdentitySink::persist) returns. It is written under a hidden name
/// (`.idin-….json.partial`) and given its own only once whole and fsynced: a file
/// named `idin-*.json` always holds the whole answer as it arrived, and a
/// `.partial` file left behind is a write the process did not live to finish
/// (its bytes may still be worth reading). Names are
/// `idin-<transaction id>-<unix nanos>-<n>.json`, with the id's first 64
/// characters and, in them, characters other than ASCII letters, digits, `-` and
/// `_` replaced by `_`. The writes block the
/// calling thread briefly (one small file and two fsyncs).
#[derive(Clone, Debug)]
pub struct FileSink {
    dir: PathBuf,
}

/// Distinguishes files written in the same nanosecond.
static SEQUENCE: AtomicU64 = AtomicU64::new(0);

/// Longest part of a file name taken from a transaction id.
const MAX_ID_IN_NAME: usize = 64;

/// New names tried before giving up (each one is unique to this process but for
/// files someone else put there): a directory full of them is an error, not a
/// loop without end.
const MAX_NAME_TRIES: u32 = 1_000;

impl FileSink {
    /// Writes into `dir`, which must exist.
    pub fn new(dir: impl Into<PathBuf>) -> Self {
        Self { dir: dir.into() }
    }

    /// The directory files are written to.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Writes `bytes` to a new file and returns its path once the file and its
    /// directory are fsynced; a write that fails removes its file.
    pub fn write(&self, transaction_id: &str, bytes: &[u8]) -> io::Result<PathBuf> {
        let id: String = transaction_id
            .chars()
            .take(MAX_ID_IN_NAME)
            .map(|c| {
                if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                    c
                } else {
                    '_'
                }
            })
            .collect();
        let nanos = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos());
        for _ in 0..MAX_NAME_TRIES {
            let n = SEQUENCE.fetch_add(1, Ordering::Relaxed);
            let name = format!("idin-{id}-{nanos}-{n}.json");
            let path = self.dir.join(&name);
            // Written whole under a hidden name first: a process killed midway
            // leaves a `.partial` file, never a cut answer under an answer's name.
            let partial = self.dir.join(format!(".{name}.partial"));
            let mut file = match create_new(&partial) {
                Err(error) if error.kind() == io::ErrorKind::AlreadyExists => continue,
                other => other?,
            };
            let written = file.write_all(bytes).and_then(|()| file.sync_all());
            drop(file);
            if let Err(error) = written {
                // No partial identity left behind: the caller's error keeps the body.
                let _ = std::fs::remove_file(&partial);
                return Err(error);
            }
            match publish(&partial, &path) {
                Ok(()) => {}
                Err(error) if error.kind() == io::ErrorKind::AlreadyExists => {
                    let _ = std::fs::remove_file(&partial);
                    continue;
                }
                Err(error) => {
                    let _ = std::fs::remove_file(&partial);
                    return Err(error);
                }
            }
            if let Err(error) = sync_dir(&self.dir) {
                let _ = std::fs::remove_file(&path);
                return Err(error);
            }
            return Ok(path);
        }
        Err(io::Error::new(
            io::ErrorKind::AlreadyExists,
            "no free file name in the sink directory",
        ))
    }
}

impl IdentitySink for FileSink {
    fn persist<'a>(
        &'a self,
        transaction_id: &'a str,
        raw: &'a RawBody,
    ) -> BoxFuture<'a, io::Result<String>> {
        Box::pin(async move {
            self.write(transaction_id, raw.as_bytes())
                .map(|path| path.display().to_string())
        })
    }
}

/// Gives the whole, fsynced `partial` file its answer's name without replacing
/// anything there: a hard link (refused when the name exists), then the hidden
/// name removed. Where the file system has no hard links, a rename (the name is
/// unique to this process and moment).
fn publish(partial: &Path, path: &Path) -> io::Result<()> {
    match std::fs::hard_link(partial, path) {
        Ok(()) => {
            let _ = std::fs::remove_file(partial);
            Ok(())
        }
        Err(error) if error.kind() == io::ErrorKind::AlreadyExists => Err(error),
        Err(_) => std::fs::rename(partial, path),
    }
}

fn create_new(path: &Path) -> io::Result<File> {
    let mut options = OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    options.open(path)
}

/// Makes the new directory entry durable (Unix; elsewhere the file's own sync is
/// what the platform offers).
fn sync_dir(dir: &Path) -> io::Result<()> {
    #[cfg(unix)]
    File::open(dir)?.sync_all()?;
    #[cfg(not(unix))]
    let _ = dir;
    Ok(())
}

/// Hands `body` to `sink` in a task of its own, so the write runs to its end even
/// when the status call is dropped while it runs (a caller's timeout, a poll's
/// deadline, a worker stopping): the body has arrived, and it is not handed out
/// again. Outside a tokio runtime the write runs in place. A sink that panics is
/// an error like one that fails.
pub(crate) async fn persist(
    sink: &Arc<dyn IdentitySink>,
    transaction_id: &str,
    body: &RawBody,
) -> io::Result<String> {
    let Ok(runtime) = tokio::runtime::Handle::try_current() else {
        return sink.persist(transaction_id, body).await;
    };
    let (sink, id, body) = (sink.clone(), transaction_id.to_owned(), body.clone());
    runtime
        .spawn(async move { sink.persist(&id, &body).await })
        .await
        .unwrap_or_else(|_| Err(io::Error::other("the identity sink panicked")))
}

/// The body of a failed status call that may hold an identity: a 2xx body that
/// did not decode or was cut short, or the body of an error status (a 4xx, a
/// 3xx, the last of the retried ones) that still reads as a status answer
/// holding one ([`error_body_holds_identity`]).
pub(crate) fn body_to_keep(error: &Error) -> Option<&RawBody> {
    match error.kind() {
        ErrorKind::Decode(decode) => Some(&decode.body),
        ErrorKind::Transport(transport)
            if transport.status.is_some_and(|s| (200..300).contains(&s)) =>
        {
            transport.partial_body.as_ref().filter(|b| !b.is_empty())
        }
        _ => error
            .body()
            .filter(|body| error_body_holds_identity(body.as_bytes())),
    }
}

/// Whether the body of an error status (a gateway or CM answering a `success`
/// under a 4xx, say) holds an identity: it reads as a status answer carrying a
/// personal value, or as one with a status this version knows and a non-null
/// member it does not model; or, read or not (one member of a type this version
/// does not expect, a repeated key, bytes after it, a wrapper object, a body cut
/// short), it names a personal member with a value ([`names_personal_member`]). An error
/// body of CM's own shape (`message`, `code`), a page, or other JSON naming no
/// personal member, does not: it is kept in [`Error::body`] and not handed to
/// the sink.
pub(crate) fn error_body_holds_identity(raw: &[u8]) -> bool {
    match txstatus_core::provider::from_json_slice::<StatusResponse>(raw) {
        Ok(document) => {
            document.has_personal_data()
                || (document
                    .status
                    .as_ref()
                    .is_some_and(|status| !matches!(status, crate::Status::Unknown(_)))
                    && has_unmodelled_members(raw))
                // Inside a member the model does not read (`{"data": {...}}`).
                || names_personal_member(raw)
        }
        Err(_) => names_personal_member(raw),
    }
}

/// The members of a status answer that hold a personal value.
const PERSONAL_MEMBERS: [&str; 6] = [
    "bin",
    "name",
    "address",
    "age",
    "telephone_number",
    "email_address",
];

/// Whether bytes name one of [`PERSONAL_MEMBERS`] as a JSON member with a value
/// other than `null` (`"bin": "..."`, `"name":"Jan"`), its name spelled with
/// escapes or not (`"b\u0069n"`). Read as bytes, not as JSON, so no way a
/// status answer is broken hides its identity; a quote escaped inside a string
/// (`\"bin\":`) is not a member, unless that string is itself a JSON document
/// (a gateway quoting the upstream answer in its error body), which is read the
/// same way.
pub(crate) fn names_personal_member(raw: &[u8]) -> bool {
    names_personal_member_within(raw, 0)
}

/// How deep JSON documents quoted inside strings are read.
const MAX_EMBEDDING: usize = 3;

fn names_personal_member_within(raw: &[u8], depth: usize) -> bool {
    let unescaped = crate::unescaped_names::unescaped_strings(raw);
    let bytes = unescaped.as_deref().unwrap_or(raw);
    PERSONAL_MEMBERS.iter().any(|key| names_member(bytes, key))
        || (depth < MAX_EMBEDDING
            && embedded_documents(raw).iter().any(|document| {
                names_personal_member_within(document.as_bytes(), depth.saturating_add(1))
            }))
}

/// The strings of a JSON body that are themselves JSON objects or arrays (an
/// upstream answer quoted whole); none when the body does not read as JSON.
fn embedded_documents(raw: &[u8]) -> Vec<String> {
    fn collect(value: &serde_json::Value, out: &mut Vec<String>) {
        match value {
            serde_json::Value::String(text) => {
                let trimmed = text.trim_start();
                if (trimmed.starts_with('{') || trimmed.starts_with('['))
                    && txstatus_core::provider::from_json_slice::<serde::de::IgnoredAny>(
                        text.as_bytes(),
                    )
                    .is_ok()
                {
                    out.push(text.clone());
                }
            }
            serde_json::Value::Array(items) => items.iter().for_each(|item| collect(item, out)),
            serde_json::Value::Object(members) => {
                members.values().for_each(|member| collect(member, out));
            }
            _ => {}
        }
    }
    if !raw.windows(2).any(|pair| pair == b"\\\"") {
        return Vec::new();
    }
    let mut out = Vec::new();
    if let Ok(value) = txstatus_core::provider::from_json_slice::<serde_json::Value>(raw) {
        collect(&value, &mut out);
    }
    out
}

fn names_member(raw: &[u8], key: &str) -> bool {
    let quoted = format!("\"{key}\"");
    let quoted = quoted.as_bytes();
    let mut from = 0usize;
    while let Some(found) = raw
        .get(from..)
        .and_then(|rest| rest.windows(quoted.len()).position(|w| w == quoted))
    {
        let at = from.saturating_add(found);
        let escaped = at
            .checked_sub(1)
            .and_then(|before| raw.get(before))
            .is_some_and(|&byte| byte == b'\\');
        let after = raw
            .get(at.saturating_add(quoted.len())..)
            .unwrap_or_default()
            .trim_ascii_start();
        if !escaped && let Some(value) = after.strip_prefix(b":") {
            let value = value.trim_ascii_start();
            if !value.is_empty() && !value.starts_with(b"null") {
                return true;
            }
        }
        from = at.saturating_add(1);
    }
    false
}

/// The error of a failed sink: it carries the whole body, so nothing is lost,
/// and names only the kind of I/O failure (no path, no content).
pub(crate) fn sink_failed(status: u16, error: &io::Error, body: RawBody) -> Error {
    Error::decode(
        PROVIDER,
        status,
        ".",
        format!(
            "the identity sink could not persist the answer ({}); the whole body is in \
             Error::body",
            error.kind()
        ),
        body,
    )
}

/// Whether a status body may hold an identity, the one rule every reader of a
/// status answer applies (the [`IdentitySink`], [`Client::status_report`]'s
/// stop-asking, [`Client::status_within_window`], the CLI's kept file): it does not
/// read as a status answer, or it carries a personal value (whatever its status), or
/// it holds a non-null member this version does not model (CM may hand out a
/// personal value under a new name, once).
///
/// Such a body must be kept, and the transaction must not be read again after it:
/// a later answer no longer holds what it held.
///
/// [`Client::status_report`]: crate::Client::status_report
/// [`Client::status_within_window`]: crate::Client::status_within_window
pub fn may_hold_identity(raw: &[u8]) -> bool {
    txstatus_core::provider::from_json_slice::<StatusResponse>(raw)
        .map_or(true, |document| holds_identity(&document, raw))
}

/// [`may_hold_identity`] of a body already decoded as `document`.
pub(crate) fn holds_identity(document: &StatusResponse, raw: &[u8]) -> bool {
    document.has_personal_data() || has_unmodelled_members(raw)
}

/// Whether a status body that decoded holds a non-null member the model does not
/// read, at the top level or inside `name`, `address` or `age`: CM may add a
/// personal value under a new name (a second last name, a birth place), and the
/// first `success` is the only time it is handed out, so such a body goes to the
/// sink like one with known personal data. A body this scan cannot read (nesting
/// past serde_json's depth limit, say) counts as holding one. Streams over the
/// bytes: nothing but the verdict is kept.
pub(crate) fn has_unmodelled_members(body: &[u8]) -> bool {
    txstatus_core::provider::from_json_slice::<Unmodelled>(body).map_or(true, |found| found.0)
}

/// The scan's verdict as a type, so it reads through the core's one JSON reader.
struct Unmodelled(bool);

impl<'de> Deserialize<'de> for Unmodelled {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Members(Part::Top).deserialize(deserializer).map(Unmodelled)
    }
}

/// Which object's keys are being read.
#[derive(Clone, Copy)]
enum Part {
    Top,
    Name,
    Address,
    Age,
}

impl Part {
    /// What a key of this object is: `Some(part)` for a nested object whose keys
    /// are read too, `None` for a modelled value, `Err` for one the model skips.
    fn classify(self, key: &str) -> std::result::Result<Option<Part>, ()> {
        let known: &[&str] = match self {
            Part::Top => match key {
                "name" => return Ok(Some(Part::Name)),
                "address" => return Ok(Some(Part::Address)),
                "age" => return Ok(Some(Part::Age)),
                _ => &[
                    "status",
                    "transaction_id",
                    "transaction_reference",
                    "issuer_id",
                    "bin",
                    "telephone_number",
                    "email_address",
                    "notice",
                    "notice_code",
                ],
            },
            Part::Name => &["gender", "initials", "last_name", "last_name_prefix"],
            Part::Address => &[
                "street",
                "house_number",
                "house_number_suffix",
                "postal_code",
                "city",
                "country",
            ],
            Part::Age => &["date_of_birth", "18y_or_older"],
        };
        if known.contains(&key) {
            Ok(None)
        } else {
            Err(())
        }
    }
}

/// Reads one object's keys; `true` when one the model skips has a non-null value.
struct Members(Part);

impl<'de> DeserializeSeed<'de> for Members {
    type Value = bool;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<bool, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Members {
    type Value = bool;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an object or null")
    }

    fn visit_unit<E: de::Error>(self) -> Result<bool, E> {
        Ok(false)
    }

    fn visit_none<E: de::Error>(self) -> Result<bool, E> {
        Ok(false)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<bool, A::Error> {
        let mut found = false;
        while let Some(key) = map.next_key_seed(Key(self.0))? {
            found |= match key {
                Ok(None) => {
                    map.next_value::<IgnoredAny>()?;
                    false
                }
                Ok(Some(part)) => map.next_value_seed(Members(part))?,
                Err(()) => map.next_value_seed(NonNull)?,
            };
        }
        Ok(found)
    }
}

/// A key, classified without being copied.
struct Key(Part);

impl<'de> DeserializeSeed<'de> for Key {
    type Value = std::result::Result<Option<Part>, ()>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_str(self)
    }
}

impl<'de> Visitor<'de> for Key {
    type Value = std::result::Result<Option<Part>, ()>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a key")
    }

    fn visit_str<E: de::Error>(self, key: &str) -> Result<Self::Value, E> {
        Ok(self.0.classify(key))
    }
}

/// Whether a value is anything but `null` (read through, nothing kept).
struct NonNull;

impl<'de> DeserializeSeed<'de> for NonNull {
    type Value = bool;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<bool, D::Error> {
        deserializer.deserialize_option(self)
    }
}

impl<'de> Visitor<'de> for NonNull {
    type Value = bool;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any value")
    }

    fn visit_none<E: de::Error>(self) -> Result<bool, E> {
        Ok(false)
    }

    fn visit_unit<E: de::Error>(self) -> Result<bool, E> {
        Ok(false)
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<bool, D::Error> {
        IgnoredAny::deserialize(deserializer).map(|_| true)
    }
}
