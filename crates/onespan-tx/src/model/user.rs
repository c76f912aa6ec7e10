//! A participant of the transaction.

use time::Date;
use txstatus_core::Pii;

use super::{
    Address, Emails, Role,
    record::{Nested, record},
    text::Opt,
};

record! {
    /// An item of `users[]`: a participant and their personal data.
    ///
    /// Names, date of birth, phone, emails and address are typed; every other key
    /// (`company`, `gender`, `bank`, `groups`, ...) is kept raw in `extra`, as
    /// personal data.
    pub struct User {
        /// `role`: which participant this is (`signer1`); matches `tokens[].role`.
        role: Role => "role",
        /// `title` (`Mr.`).
        title: Pii<String> as Opt<String> => "title",
        /// `first_name`.
        first_name: Pii<String> as Opt<String> => "first_name",
        /// `middle_name`.
        middle_name: Pii<String> as Opt<String> => "middle_name",
        /// `last_name`.
        last_name: Pii<String> as Opt<String> => "last_name",
        /// `birth_surname` (maiden name).
        birth_surname: Pii<String> as Opt<String> => "birth_surname",
        /// `dob`, date of birth, documented as `yyyy-mm-ddT00:00:00.000Z`; kept as
        /// sent (see [`User::date_of_birth`]).
        dob: Pii<String> as Opt<String> => "dob",
        /// `phone_number`.
        phone_number: Pii<String> as Opt<String> => "phone_number",
        /// `emails`.
        emails: Pii<Emails> => "emails",
        /// `address`.
        address: Address as Nested => "address",
    }
}

impl User {
    /// The date of birth as a calendar date, when `dob` starts with `YYYY-MM-DD`.
    pub fn date_of_birth(&self) -> Option<Pii<Date>> {
        let dob = self.dob.as_ref()?.expose();
        let day = dob.get(..10)?;
        txstatus_core::calendar_date(day).map(Pii::new)
    }
}
