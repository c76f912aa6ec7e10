//! A participant of the transaction.

use serde::Serialize;
use time::Date;
use txstatus_core::{Pii, Text};

use super::{Address, Emails, Role};

/// An item of `users[]`: a participant and their personal data.
///
/// Names, date of birth, phone, emails and address are typed; other keys
/// (`company`, `gender`, `bank`, `groups`, ...) are not modelled and stay in the
/// raw body ([`Response::raw`](txstatus_core::Response::raw)), where the CLI masks
/// them as personal data.
#[non_exhaustive]
#[derive(Clone, Debug, Default, Serialize)]
pub struct User {
    /// `role`: which participant this is (`signer1`); matches `tokens[].role`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub role: Option<Role>,
    /// `title` (`Mr.`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<Pii<Text>>,
    /// `first_name`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub first_name: Option<Pii<Text>>,
    /// `middle_name`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub middle_name: Option<Pii<Text>>,
    /// `last_name`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last_name: Option<Pii<Text>>,
    /// `birth_surname` (maiden name).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub birth_surname: Option<Pii<Text>>,
    /// `dob`, date of birth, documented as `yyyy-mm-ddT00:00:00.000Z`; kept as
    /// sent (see [`User::date_of_birth`]).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dob: Option<Pii<Text>>,
    /// `phone_number`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub phone_number: Option<Pii<Text>>,
    /// `emails`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub emails: Option<Pii<Emails>>,
    /// `address`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub address: Option<Address>,
}

txstatus_core::provider::record_decoder! {
    User {
        "role" => role: text,
        "title" => title: text,
        "first_name" => first_name: text,
        "middle_name" => middle_name: text,
        "last_name" => last_name: text,
        "birth_surname" => birth_surname: text,
        "dob" => dob: text,
        "phone_number" => phone_number: text,
        "emails" => emails: value,
        "address" => address: value,
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
