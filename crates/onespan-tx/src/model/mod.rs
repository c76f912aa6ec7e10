//! The typed answer of the get-transaction call.

pub(crate) mod record;

mod address;
mod document;
mod emails;
mod epoch_millis;
mod extra;
mod text;
mod token;
mod transaction;
mod user;
mod verification;

pub use address::Address;
pub use document::Document;
pub use emails::Emails;
pub use epoch_millis::EpochMillis;
pub use extra::Extra;
pub use token::Token;
pub use transaction::Transaction;
pub use user::User;
pub use verification::Verification;
