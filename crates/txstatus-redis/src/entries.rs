//! Stream entries as the consumer's scripts answer them (`lua/consumer_pending.lua`):
//! each read on its own, its `record` checked against the cap on the server first.
//!
//! Every read of the stream runs in a script, waiting included (looked for again until
//! the block time has passed): one entry another program wrote (a field name that is
//! not UTF-8, a record of 512 MB) is only that entry unreadable, never the whole reply
//! unreadable nor loaded whole.

/// One stream entry: its id and its `record` field when that is UTF-8 text.
#[derive(Debug)]
pub(crate) struct Entry {
    /// The entry id (`<ms>-<seq>`, written by the server).
    pub(crate) id: String,
    /// The `record` field; `None` when absent, not text, longer than the cap, or the
    /// entry was deleted.
    pub(crate) record: Option<String>,
}
