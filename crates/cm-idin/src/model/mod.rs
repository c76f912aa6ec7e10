//! iDIN's wire shapes: the bodies CM sends, with CM's key names.

mod created_transaction;
mod directory;
pub(crate) mod error_body;
mod identity;
mod status;

pub use created_transaction::CreatedTransaction;
pub use directory::{DirectoryCountry, Issuer};
pub use identity::{Address, Age, Gender, Identity, Name};
pub use status::StatusResponse;
