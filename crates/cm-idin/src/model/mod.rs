//! iDIN's wire shapes.

pub(crate) mod error_body;
