//! Times (`created`, `expires`, `completed`): the core's lazy time, as CM sends
//! it (RFC 3339 text as documented, `2024-10-28T14:32:32+00:00`).

/// A time as CM sent it, parsed on access ([`txstatus_core::LazyTime`]).
pub type Time = txstatus_core::LazyTime;
