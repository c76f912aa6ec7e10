//! The core's "scalar as text" decoders, under the name this crate's models use.

pub(crate) use txstatus_core::lenient::{FromText, Opt};
