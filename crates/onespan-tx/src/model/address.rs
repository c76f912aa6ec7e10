//! A participant's postal address.

use tx_core::{Pii, lenient::StringOrNumber};

use super::{record::record, text::Text};

record! {
    /// `users[].address`. Every part is personal data except the country code.
    pub struct Address {
        /// `country_code`, ISO 3166-1 alpha-2 (`GB`, not `UK`).
        country_code: String as Text => "country_code",
        /// `county_or_province`.
        county_or_province: Pii<String> as Text => "county_or_province",
        /// `city`.
        city: Pii<String> as Text => "city",
        /// `town`.
        town: Pii<String> as Text => "town",
        /// `street`.
        street: Pii<String> as Text => "street",
        /// `house_name`.
        house_name: Pii<String> as Text => "house_name",
        /// `house_number`: a string ("12a"); a number also decodes, and each is
        /// written back as sent.
        house_number: Pii<StringOrNumber> => "house_number",
        /// `flat_or_appartment_number` (the provider's spelling); string or number.
        flat_or_appartment_number: Pii<StringOrNumber> => "flat_or_appartment_number",
        /// `po_box`.
        po_box: Pii<String> as Text => "po_box",
        /// `post_code`.
        post_code: Pii<String> as Text => "post_code",
    }
}
