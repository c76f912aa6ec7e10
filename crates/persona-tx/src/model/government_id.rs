//! An included `verification/government-id`.

use serde::Serialize;
use serde_json::value::RawValue;
use txstatus_core::provider::{ShownNumber, ShownStatus};
use txstatus_core::{CalendarDate, Pii, Timestamp};

use super::{
    check::Checks,
    relationship::{Relationship, ToMany},
};

txstatus_core::provider::open_enum! {
    /// Status of a verification. Persona may add values without a new version.
    pub enum VerificationStatus {
        /// Started.
        Initiated => "initiated",
        /// Submitted, being processed.
        Submitted => "submitted",
        /// Passed pending further checks (some verification types).
        TentativelyPassed => "tentatively_passed",
        /// Failed pending further checks (some verification types).
        TentativelyFailed => "tentatively_failed",
        /// Passed.
        Passed => "passed",
        /// Failed.
        Failed => "failed",
        /// The person must try again.
        RequiresRetry => "requires_retry",
        /// Skipped.
        Skipped => "skipped",
        /// Canceled.
        Canceled => "canceled",
        /// Confirmed (email address and phone number verifications).
        Confirmed => "confirmed",
    }
}

/// A Government ID verification (`type` = `verification/government-id`).
/// `Debug` shows its id only as a plain token.
#[derive(Clone, Default, Serialize)]
#[non_exhaustive]
pub struct GovernmentIdVerification {
    /// Verification id (`ver_...`).
    #[serde(serialize_with = "txstatus_core::provider::shown_text::text")]
    pub id: String,
    /// Attributes.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub attributes: Option<GovernmentIdAttributes>,
    /// Relationships.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub relationships: Option<GovernmentIdRelationships>,
}

impl std::fmt::Debug for GovernmentIdVerification {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("GovernmentIdVerification")
            .field("id", &txstatus_core::provider::ShownStatus(&self.id))
            .field("attributes", &self.attributes)
            .field("relationships", &self.relationships)
            .finish()
    }
}

txstatus_core::provider::record_decoder! {
    GovernmentIdVerification {
        "id" => id: value,
        "attributes" => attributes: value,
        "relationships" => relationships: value,
    }
}

/// A Government ID verification's attributes. What was read from the document
/// (names, birthdate, numbers, address, photos) is [`Pii`].
#[derive(Clone, Default, Serialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub struct GovernmentIdAttributes {
    /// Status.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<VerificationStatus>,
    /// When it was created.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub created_at: Option<Timestamp>,
    /// `created-at` in UNIX seconds.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub created_at_ts: Option<i64>,
    /// When it was submitted.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub submitted_at: Option<Timestamp>,
    /// `submitted-at` in UNIX seconds.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub submitted_at_ts: Option<i64>,
    /// When it was completed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub completed_at: Option<Timestamp>,
    /// `completed-at` in UNIX seconds.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub completed_at_ts: Option<i64>,
    /// When its personal data was redacted.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub redacted_at: Option<Timestamp>,
    /// ISO 3166-1 alpha-2 country of the document.
    #[serde(
        skip_serializing_if = "Option::is_none",
        serialize_with = "txstatus_core::provider::shown_text::opt"
    )]
    pub country_code: Option<String>,
    /// Tags. Personal: free text set by the customer's team and workflows.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tags: Option<Pii<Vec<String>>>,
    /// The checks run and their results, decoded when first read.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub checks: Option<Checks>,
    /// Why the entity confidence is what it is.
    #[serde(
        skip_serializing_if = "Option::is_none",
        serialize_with = "txstatus_core::provider::shown_text::opt_list"
    )]
    pub entity_confidence_reasons: Option<Vec<String>>,
    /// Entity confidence, 0 to 100.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub entity_confidence_score: Option<f64>,
    /// Signed URL of the front photo.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub front_photo_url: Option<Pii<String>>,
    /// Signed URL of the back photo.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub back_photo_url: Option<Pii<String>>,
    /// Every page's photo.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub photo_urls: Option<Vec<PhotoUrl>>,
    /// The portrait cut from the document.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub selfie_photo: Option<SelfiePhoto>,
    /// Signed URL of the portrait.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub selfie_photo_url: Option<Pii<String>>,
    /// Signed URL of the capture video.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub video_url: Option<Pii<String>>,
    /// Document class (`dl`, `pp`, `id`...).
    #[serde(
        skip_serializing_if = "Option::is_none",
        serialize_with = "txstatus_core::provider::shown_text::opt"
    )]
    pub id_class: Option<String>,
    /// How it was captured (`api`, `camera`, `upload`).
    #[serde(
        skip_serializing_if = "Option::is_none",
        serialize_with = "txstatus_core::provider::shown_text::opt"
    )]
    pub capture_method: Option<String>,
    /// First name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name_first: Option<Pii<String>>,
    /// Middle name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name_middle: Option<Pii<String>>,
    /// Last name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name_last: Option<Pii<String>>,
    /// Name suffix.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name_suffix: Option<Pii<String>>,
    /// First name in native script.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub native_name_first: Option<Pii<String>>,
    /// Middle name in native script.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub native_name_middle: Option<Pii<String>>,
    /// Last name in native script.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub native_name_last: Option<Pii<String>>,
    /// Name title in native script.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub native_name_title: Option<Pii<String>>,
    /// Date of birth.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub birthdate: Option<Pii<CalendarDate>>,
    /// Issuing authority.
    #[serde(
        skip_serializing_if = "Option::is_none",
        serialize_with = "txstatus_core::provider::shown_text::opt"
    )]
    pub issuing_authority: Option<String>,
    /// Issuing subdivision (`CA`).
    #[serde(
        skip_serializing_if = "Option::is_none",
        serialize_with = "txstatus_core::provider::shown_text::opt"
    )]
    pub issuing_subdivision: Option<String>,
    /// Nationality.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub nationality: Option<Pii<String>>,
    /// Document number.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub document_number: Option<Pii<String>>,
    /// Visa status.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub visa_status: Option<Pii<String>>,
    /// Issue date.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub issue_date: Option<Pii<CalendarDate>>,
    /// Expiration date.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expiration_date: Option<Pii<CalendarDate>>,
    /// Designations (`probationary`...), as sent.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub designations: Option<Pii<Box<RawValue>>>,
    /// Place of birth.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub birthplace: Option<Pii<String>>,
    /// Driving licence endorsements.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub endorsements: Option<Pii<String>>,
    /// Height.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub height: Option<Pii<String>>,
    /// Sex.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sex: Option<Pii<String>>,
    /// Driving licence restrictions.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub restrictions: Option<Pii<String>>,
    /// Driving licence vehicle class.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub vehicle_class: Option<Pii<String>>,
    /// Identification number.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub identification_number: Option<Pii<String>>,
    /// Whether it came from a reusable Persona.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub from_reusable_persona: Option<bool>,
    /// Street, first line.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub address_street_1: Option<Pii<String>>,
    /// Street, second line.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub address_street_2: Option<Pii<String>>,
    /// City.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub address_city: Option<Pii<String>>,
    /// State or subdivision.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub address_subdivision: Option<Pii<String>>,
    /// Postal code.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub address_postal_code: Option<Pii<String>>,
}

txstatus_core::provider::record_decoder! {
    GovernmentIdAttributes {
        "status" => status: text,
        "created-at" => created_at: value,
        "created-at-ts" => created_at_ts: (with txstatus_core::provider::lenient::opt_i64 as Option<i64>),
        "submitted-at" => submitted_at: value,
        "submitted-at-ts" => submitted_at_ts: (with txstatus_core::provider::lenient::opt_i64 as Option<i64>),
        "completed-at" => completed_at: value,
        "completed-at-ts" => completed_at_ts: (with txstatus_core::provider::lenient::opt_i64 as Option<i64>),
        "redacted-at" => redacted_at: value,
        "country-code" => country_code: value,
        "tags" => tags: value,
        "checks" => checks: value,
        "entity-confidence-reasons" => entity_confidence_reasons: value,
        "entity-confidence-score" => entity_confidence_score: (with txstatus_core::provider::lenient::opt_f64 as Option<f64>),
        "front-photo-url" => front_photo_url: value,
        "back-photo-url" => back_photo_url: value,
        "photo-urls" => photo_urls: value,
        "selfie-photo" => selfie_photo: value,
        "selfie-photo-url" => selfie_photo_url: value,
        "video-url" => video_url: value,
        "id-class" => id_class: value,
        "capture-method" => capture_method: value,
        "name-first" => name_first: value,
        "name-middle" => name_middle: value,
        "name-last" => name_last: value,
        "name-suffix" => name_suffix: value,
        "native-name-first" => native_name_first: value,
        "native-name-middle" => native_name_middle: value,
        "native-name-last" => native_name_last: value,
        "native-name-title" => native_name_title: value,
        "birthdate" => birthdate: value,
        "issuing-authority" => issuing_authority: value,
        "issuing-subdivision" => issuing_subdivision: value,
        "nationality" => nationality: value,
        "document-number" => document_number: value,
        "visa-status" => visa_status: value,
        "issue-date" => issue_date: value,
        "expiration-date" => expiration_date: value,
        "designations" => designations: value,
        "birthplace" => birthplace: value,
        "endorsements" => endorsements: value,
        "height" => height: value,
        "sex" => sex: value,
        "restrictions" => restrictions: value,
        "vehicle-class" => vehicle_class: value,
        "identification-number" => identification_number: value,
        "from-reusable-persona" => from_reusable_persona: (with txstatus_core::provider::lenient::opt_bool as Option<bool>),
        "address-street-1" => address_street_1: value,
        "address-street-2" => address_street_2: value,
        "address-city" => address_city: value,
        "address-subdivision" => address_subdivision: value,
        "address-postal-code" => address_postal_code: value,
    }
}

impl std::fmt::Debug for GovernmentIdAttributes {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        use txstatus_core::provider::shown_text::ShownList;
        f.debug_struct("GovernmentIdAttributes")
            .field("status", &self.status)
            .field("created_at", &self.created_at)
            .field("created_at_ts", &self.created_at_ts.map(ShownNumber))
            .field("submitted_at", &self.submitted_at)
            .field("submitted_at_ts", &self.submitted_at_ts.map(ShownNumber))
            .field("completed_at", &self.completed_at)
            .field("completed_at_ts", &self.completed_at_ts.map(ShownNumber))
            .field("redacted_at", &self.redacted_at)
            .field("country_code", &ShownStatus::optional(&self.country_code))
            .field("tags", &self.tags)
            .field("checks", &self.checks)
            .field(
                "entity_confidence_reasons",
                &ShownList(&self.entity_confidence_reasons),
            )
            .field(
                "entity_confidence_score",
                &self.entity_confidence_score.map(ShownNumber),
            )
            .field("front_photo_url", &self.front_photo_url)
            .field("back_photo_url", &self.back_photo_url)
            .field("photo_urls", &self.photo_urls)
            .field("selfie_photo", &self.selfie_photo)
            .field("selfie_photo_url", &self.selfie_photo_url)
            .field("video_url", &self.video_url)
            .field("id_class", &ShownStatus::optional(&self.id_class))
            .field(
                "capture_method",
                &ShownStatus::optional(&self.capture_method),
            )
            .field("name_first", &self.name_first)
            .field("name_middle", &self.name_middle)
            .field("name_last", &self.name_last)
            .field("name_suffix", &self.name_suffix)
            .field("native_name_first", &self.native_name_first)
            .field("native_name_middle", &self.native_name_middle)
            .field("native_name_last", &self.native_name_last)
            .field("native_name_title", &self.native_name_title)
            .field("birthdate", &self.birthdate)
            .field(
                "issuing_authority",
                &ShownStatus::optional(&self.issuing_authority),
            )
            .field(
                "issuing_subdivision",
                &ShownStatus::optional(&self.issuing_subdivision),
            )
            .field("nationality", &self.nationality)
            .field("document_number", &self.document_number)
            .field("visa_status", &self.visa_status)
            .field("issue_date", &self.issue_date)
            .field("expiration_date", &self.expiration_date)
            .field("designations", &self.designations)
            .field("birthplace", &self.birthplace)
            .field("endorsements", &self.endorsements)
            .field("height", &self.height)
            .field("sex", &self.sex)
            .field("restrictions", &self.restrictions)
            .field("vehicle_class", &self.vehicle_class)
            .field("identification_number", &self.identification_number)
            .field("from_reusable_persona", &self.from_reusable_persona)
            .field("address_street_1", &self.address_street_1)
            .field("address_street_2", &self.address_street_2)
            .field("address_city", &self.address_city)
            .field("address_subdivision", &self.address_subdivision)
            .field("address_postal_code", &self.address_postal_code)
            .finish()
    }
}

/// One page's photo. Every URL is signed.
#[derive(Clone, Default, Serialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub struct PhotoUrl {
    /// Page (`front`, `back`): shown by `Debug` and redacted serialization
    /// only when a plain token.
    #[serde(
        skip_serializing_if = "Option::is_none",
        serialize_with = "txstatus_core::provider::shown_text::opt"
    )]
    pub page: Option<String>,
    /// File name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub filename: Option<Pii<String>>,
    /// Signed URL.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<Pii<String>>,
    /// Signed URL of the normalized image.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub normalized_url: Option<Pii<String>>,
    /// Signed URLs of the originals.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub original_urls: Option<Vec<Pii<String>>>,
    /// Size in bytes.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub byte_size: Option<u64>,
}

impl std::fmt::Debug for PhotoUrl {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PhotoUrl")
            .field(
                "page",
                &txstatus_core::provider::ShownStatus::optional(&self.page),
            )
            .field("filename", &self.filename)
            .field("url", &self.url)
            .field("normalized_url", &self.normalized_url)
            .field("original_urls", &self.original_urls)
            .field("byte_size", &self.byte_size.map(ShownNumber))
            .finish()
    }
}

txstatus_core::provider::record_decoder! {
    PhotoUrl {
        "page" => page: value,
        "filename" => filename: value,
        "url" => url: value,
        "normalized-url" => normalized_url: value,
        "original-urls" => original_urls: value,
        "byte-size" => byte_size: (with txstatus_core::provider::lenient::opt_u64 as Option<u64>),
    }
}

/// The portrait cut from the document.
#[derive(Clone, Default, Serialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub struct SelfiePhoto {
    /// File name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub filename: Option<Pii<String>>,
    /// Signed URL.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<Pii<String>>,
    /// Size in bytes.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub byte_size: Option<u64>,
}

impl std::fmt::Debug for SelfiePhoto {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SelfiePhoto")
            .field("filename", &self.filename)
            .field("url", &self.url)
            .field("byte_size", &self.byte_size.map(ShownNumber))
            .finish()
    }
}

txstatus_core::provider::record_decoder! {
    SelfiePhoto {
        "filename" => filename: value,
        "url" => url: value,
        "byte-size" => byte_size: (with txstatus_core::provider::lenient::opt_u64 as Option<u64>),
    }
}

/// A verification's relationships.
#[derive(Clone, Debug, Default, Serialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub struct GovernmentIdRelationships {
    /// The inquiry it belongs to.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub inquiry: Option<Relationship>,
    /// Its template (legacy).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub template: Option<Relationship>,
    /// The inquiry template version.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub inquiry_template_version: Option<Relationship>,
    /// The inquiry template.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub inquiry_template: Option<Relationship>,
    /// The transaction it belongs to.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub transaction: Option<Relationship>,
    /// The verification template.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub verification_template: Option<Relationship>,
    /// The verification template version.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub verification_template_version: Option<Relationship>,
    /// The document read.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub document: Option<Relationship>,
    /// Linked accounts.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub accounts: Option<ToMany>,
}

txstatus_core::provider::record_decoder! {
    GovernmentIdRelationships {
        "inquiry" => inquiry: value,
        "template" => template: value,
        "inquiry-template-version" => inquiry_template_version: value,
        "inquiry-template" => inquiry_template: value,
        "transaction" => transaction: value,
        "verification-template" => verification_template: value,
        "verification-template-version" => verification_template_version: value,
        "document" => document: value,
        "accounts" => accounts: value,
    }
}
