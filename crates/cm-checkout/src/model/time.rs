//! Times (`createdAt`, `expiresAt`): the core's lazy time, as CM sends it (RFC 3339
//! text as documented, `2006-01-02T15:04:05Z`), parsed on access so decoding a
//! transaction never pays for times nobody reads.

/// A time as CM sent it, parsed on access ([`txstatus_core::LazyTime`]).
pub type Time = txstatus_core::LazyTime;
