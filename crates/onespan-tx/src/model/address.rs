//! A participant's postal address.

use txstatus_core::{Pii, lenient::StringOrNumber};

use super::{record::record, text::Opt};

record! {
    /// `users[].address`. Every part is personal data except the country code.
    pub struct Address {
        /// `country_code`, ISO 3166-1 alpha-2 (`GB`, not `UK`).
        country_code: String as Opt<String> => "country_code",
        /// `county_or_province`.
        county_or_province: Pii<String> as Opt<String> => "county_or_province",
        /// `city`.
        city: Pii<String> as Opt<String> => "city",
        /// `town`.
        town: Pii<String> as Opt<String> => "town",
        /// `street`.
        street: Pii<String> as Opt<String> => "street",
        /// `house_name`.
        house_name: Pii<String> as Opt<String> => "house_name",
        /// `house_number`: a string ("12a"); a number also decodes, and each is
        /// written back as sent.
        house_number: Pii<StringOrNumber> => "house_number",
        /// `flat_or_appartment_number` (the provider's spelling); string or number.
        flat_or_appartment_number: Pii<StringOrNumber> => "flat_or_appartment_number",
        /// `po_box`.
        po_box: Pii<String> as Opt<String> => "po_box",
        /// `post_code`.
        post_code: Pii<String> as Opt<String> => "post_code",
    }
}
