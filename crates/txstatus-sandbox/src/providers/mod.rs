//! One module per faked provider: its routes, its authentication and its error bodies.

pub(crate) mod checkout;
pub(crate) mod idin;
pub(crate) mod idscan;
pub(crate) mod onespan;
pub(crate) mod persona;
