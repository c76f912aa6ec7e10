//! Models of Persona's JSON:API documents, with Persona's kebab-case keys.
//!
//! Lenient by design: every attribute is optional, unknown members are ignored,
//! unknown enum values are kept, timestamps that are not RFC 3339 are kept as
//! text, field values of unknown types and included objects of unknown types are
//! kept as raw JSON. Serialization writes Persona's key names, so a decoded
//! document can be printed back (absent and `null` attributes are left out).

mod account;
mod api_event;
mod check;
pub(crate) mod error_body;
mod event;
mod field;
mod field_de;
mod government_id;
mod included;
mod list;
mod payload_de;
mod raw;
mod relationship;
mod split;
mod transaction;
mod transaction_de;
mod unknown;

pub use account::{Account, AccountAttributes, AccountRelationships};
pub use api_event::{ApiEventAttributes, Event, EventDocument, EventList, EventPayload};
pub use check::{Check, CheckRequirement, CheckStatus, Checks};
pub use error_body::{ApiError, ErrorBody, ErrorSource};
pub use event::{EventAttributes, EventContext, EventData, EventName, WebhookEvent};
pub use field::{FieldValue, Fields, FileValue};
pub use government_id::{
    GovernmentIdAttributes, GovernmentIdRelationships, GovernmentIdVerification, PhotoUrl,
    SelfiePhoto, VerificationStatus,
};
pub use included::{ACCOUNT, GOVERNMENT_ID, Included, OtherResource};
pub(crate) use list::has_data_member;
pub use list::{Links, TransactionList};
pub use relationship::{Relationship, ResourceIdentifier, ToMany};
pub use transaction::{
    Transaction, TransactionAttributes, TransactionData, TransactionRelationships,
};
pub use unknown::{UnknownAttributes, UnknownRelationships};
