//! A document of the transaction.

use txstatus_core::{Pii, lenient::StringOrNumber};

use super::{record::record, text::Opt};

record! {
    /// An item of `documents[]`.
    pub struct Document {
        /// `id`: the document's human-readable identifier.
        id: String as Opt<String> => "id",
        /// `version`: an integer; a string also decodes and is written back as sent.
        version: StringOrNumber => "version",
        /// `title`. Personal: free text the integrator writes, often naming
        /// the signer (`Loan agreement J. Jansen`).
        title: Pii<String> as Opt<String> => "title",
        /// `description`. Personal: free text, as `title`.
        description: Pii<String> as Opt<String> => "description",
        /// `document_template_id`.
        document_template_id: String as Opt<String> => "document_template_id",
        /// `content`: the URL of the document's bytes; a bearer secret.
        content: Pii<String> as Opt<String> => "content",
    }
}
