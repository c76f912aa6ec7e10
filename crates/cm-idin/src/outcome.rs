//! The typed answer to "what happened at the bank?".

use tx_core::{NormalizedStatus, lenient::StringOrNumber};

use crate::{
    identity::Identity,
    status::{Status, StatusResponse},
};

/// The `notice_code` CM sends when a `success` is asked for after the 30 s window.
pub const NOTICE_CODE_DATA_UNAVAILABLE: u64 = 2000;

/// What a status response means.
///
/// A `success` that carries any personal value is always [`StatusOutcome::Success`],
/// even next to a notice, so the typed view never hides data CM sent. A `success`
/// with no personal value and a `notice` or `notice_code` (2000: asked after the 30 s
/// window) is [`StatusOutcome::SuccessDataUnavailable`]. A `success` with neither is
/// `Success` with an empty [`Identity`].
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub enum StatusOutcome {
    /// `open`: the bank has not answered yet; ask again in a few seconds.
    Open,
    /// `success` with the identity: it is not handed out again.
    Success(Box<Identity>),
    /// `success` without personal data: it was already handed out, or asked for too
    /// late.
    SuccessDataUnavailable(DataUnavailable),
    /// `cancelled`: the user cancelled the flow.
    Cancelled,
    /// `failure`.
    Failure,
    /// `expired`.
    Expired,
    /// A status this version does not know, kept as sent (`""` when absent).
    Unknown(String),
}

/// Why a `success` carries no personal data.
#[derive(Clone, Debug, Default, PartialEq)]
#[non_exhaustive]
pub struct DataUnavailable {
    /// CM's explanation.
    pub notice: Option<String>,
    /// [`NOTICE_CODE_DATA_UNAVAILABLE`] (2000), as sent.
    pub notice_code: Option<StringOrNumber>,
    /// The bank (BIC) the user chose, when sent.
    pub issuer_id: Option<String>,
    /// The merchant's own reference, when sent.
    pub transaction_reference: Option<String>,
}

impl DataUnavailable {
    /// Whether the code is 2000: the data was not retrieved within 30 seconds.
    pub fn is_window_missed(&self) -> bool {
        self.notice_code.as_ref().and_then(StringOrNumber::as_u64)
            == Some(NOTICE_CODE_DATA_UNAVAILABLE)
    }
}

impl StatusOutcome {
    pub(crate) fn from_response(response: StatusResponse) -> Self {
        let has_personal_data = response.has_personal_data();
        match response.status {
            Some(Status::Open) => Self::Open,
            Some(Status::Cancelled) => Self::Cancelled,
            Some(Status::Failure) => Self::Failure,
            Some(Status::Expired) => Self::Expired,
            Some(Status::Unknown(raw)) => Self::Unknown(raw),
            None => Self::Unknown(String::new()),
            Some(Status::Success)
                if !has_personal_data
                    && (response.notice.is_some() || response.notice_code.is_some()) =>
            {
                Self::SuccessDataUnavailable(DataUnavailable {
                    notice: response.notice,
                    notice_code: response.notice_code,
                    issuer_id: response.issuer_id,
                    transaction_reference: response.transaction_reference,
                })
            }
            Some(Status::Success) => Self::Success(Box::new(Identity {
                bin: response.bin,
                name: response.name,
                address: response.address,
                age: response.age,
                telephone_number: response.telephone_number,
                email_address: response.email_address,
                issuer_id: response.issuer_id,
                transaction_reference: response.transaction_reference,
            })),
        }
    }

    /// The normalized status: `Open` is pending, both successes succeeded.
    pub fn normalized(&self) -> NormalizedStatus {
        match self {
            Self::Open => NormalizedStatus::Pending,
            Self::Success(_) | Self::SuccessDataUnavailable(_) => NormalizedStatus::Succeeded,
            Self::Cancelled => NormalizedStatus::Cancelled,
            Self::Failure => NormalizedStatus::Failed,
            Self::Expired => NormalizedStatus::Expired,
            Self::Unknown(_) => NormalizedStatus::Unknown,
        }
    }

    /// The identity, when this is [`StatusOutcome::Success`].
    pub fn identity(&self) -> Option<&Identity> {
        match self {
            Self::Success(identity) => Some(identity),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    fn outcome(json: &str) -> StatusOutcome {
        serde_json::from_str::<StatusResponse>(json)
            .unwrap()
            .into_outcome()
    }

    #[test]
    fn success_with_notice_code_2000_and_no_data_is_data_unavailable() {
        let got = outcome(r#"{"status":"success","notice":"too late","notice_code":2000}"#);
        let StatusOutcome::SuccessDataUnavailable(unavailable) = &got else {
            unreachable!("{got:?}")
        };
        assert!(unavailable.is_window_missed());
        assert_eq!(got.normalized(), NormalizedStatus::Succeeded);
    }

    #[test]
    fn notice_code_as_text_still_means_window_missed() {
        let got = outcome(r#"{"status":"success","notice_code":"2000"}"#);
        let StatusOutcome::SuccessDataUnavailable(unavailable) = got else {
            unreachable!()
        };
        assert!(unavailable.is_window_missed());
    }

    #[test]
    fn personal_data_next_to_a_notice_is_never_hidden() {
        let got = outcome(r#"{"status":"success","bin":"NLABCD123","notice_code":2000}"#);
        assert!(got.identity().unwrap().bin.is_some());
    }

    #[test]
    fn empty_parts_do_not_count_as_personal_data() {
        let got = outcome(
            r#"{"status":"success","name":{},"age":{"18y_or_older":null},"notice_code":2000}"#,
        );
        assert!(matches!(got, StatusOutcome::SuccessDataUnavailable(_)));
    }

    #[test]
    fn success_without_anything_is_an_empty_identity() {
        let got = outcome(r#"{"status":"success"}"#);
        assert_eq!(got.identity(), Some(&Identity::default()));
    }

    #[test]
    fn other_statuses_map_one_to_one() {
        assert_eq!(outcome(r#"{"status":"open"}"#), StatusOutcome::Open);
        assert_eq!(
            outcome(r#"{"status":"cancelled"}"#),
            StatusOutcome::Cancelled
        );
        assert_eq!(outcome(r#"{"status":"failure"}"#), StatusOutcome::Failure);
        assert_eq!(outcome(r#"{"status":"expired"}"#), StatusOutcome::Expired);
        assert_eq!(
            outcome(r#"{"status":"Success"}"#),
            StatusOutcome::Unknown("Success".to_owned())
        );
        assert_eq!(outcome("{}"), StatusOutcome::Unknown(String::new()));
        assert_eq!(
            outcome(r#"{"status":null}"#).normalized(),
            NormalizedStatus::Unknown
        );
    }
}
