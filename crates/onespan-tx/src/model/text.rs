//! The core's "scalar as text" decoders, under the names this crate's models use.

pub(crate) use txstatus_core::provider::lenient::{FromText, Opt};
