//! A signer's access token.

use txstatus_core::{Pii, lenient::StringOrNumber};

use super::{Role, record::record, text::Opt};

record! {
    /// An item of `tokens[]`: a participant's access token and the URL that opens
    /// the transaction with it. Both are bearer secrets.
    pub struct Token {
        /// The access token (`token`); a bearer secret.
        token: Pii<String> as Opt<String> => "token",
        /// The participant role it belongs to (`role`, `signer1`).
        role: Role => "role",
        /// `version`: documented as an integer, shown as a string; both decode and
        /// are written back as sent.
        version: StringOrNumber => "version",
        /// The URL that opens the transaction with the token (`accessUrl`); it
        /// carries the token, so it is a bearer secret.
        access_url: Pii<String> as Opt<String> => "accessUrl",
    }
}
