//! The typed answer to "what happened at the bank?".

use txstatus_core::provider::ShownStatus;
use txstatus_core::{NormalizedStatus, Response, provider::lenient::StringOrNumber};

use crate::{Identity, Status, StatusResponse};

/// The `notice_code` CM sends when a `success` is asked for after the 30 s window.
pub const NOTICE_CODE_DATA_UNAVAILABLE: u64 = 2000;

/// What a status response means.
///
/// A `success` that carries any personal value is always [`StatusOutcome::Success`],
/// even next to a notice, so the typed view never hides data CM sent. A `success`
/// with no personal value and a `notice` or `notice_code` (2000: asked after the 30 s
/// window) is [`StatusOutcome::SuccessDataUnavailable`], or
/// [`StatusOutcome::SuccessDataLostToEarlierAttempt`] when the call that got it had
/// an earlier failed attempt that may have reached CM (see
/// [`StatusOutcome::from_response`]). A `success` with neither is `Success` with an
/// empty [`Identity`].
///
/// Use [`StatusOutcome::from_response`] on what [`Client::status`](crate::Client::status)
/// returns: [`StatusResponse::outcome`] only sees the body, so it can never tell a
/// lost identity from a late request.
///
/// `Debug` shows an unknown status only when it is a plain token (it can be any
/// text, a name included).
#[derive(Clone, PartialEq)]
#[non_exhaustive]
pub enum StatusOutcome {
    /// `open`: the bank has not answered yet; ask again in a few seconds.
    Open,
    /// `success` with the identity: it is not handed out again.
    Success(Box<Identity>),
    /// `success` without personal data: it was already handed out, or asked for too
    /// late.
    SuccessDataUnavailable(DataUnavailable),
    /// `success` without personal data (`notice_code` 2000, or a notice without a
    /// code) although this call asked in time as far as it knows: an earlier attempt
    /// of the same call failed after it may have reached CM (a 500, 502 or 504, or a
    /// timeout or reset after sending), so the identity was most likely handed out to
    /// that attempt and its answer was lost on the way. It is not handed out again:
    /// the user has to go through the bank once more. Worth an alert, unlike a plain
    /// late request.
    SuccessDataLostToEarlierAttempt(DataUnavailable),
    /// `cancelled`: the user cancelled the flow.
    Cancelled,
    /// `failure`.
    Failure,
    /// `expired`.
    Expired,
    /// A status this version does not know, kept as sent (`""` when absent).
    Unknown(String),
}

impl std::fmt::Debug for StatusOutcome {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Open => f.write_str("Open"),
            Self::Success(identity) => f.debug_tuple("Success").field(identity).finish(),
            Self::SuccessDataUnavailable(unavailable) => f
                .debug_tuple("SuccessDataUnavailable")
                .field(unavailable)
                .finish(),
            Self::SuccessDataLostToEarlierAttempt(unavailable) => f
                .debug_tuple("SuccessDataLostToEarlierAttempt")
                .field(unavailable)
                .finish(),
            Self::Cancelled => f.write_str("Cancelled"),
            Self::Failure => f.write_str("Failure"),
            Self::Expired => f.write_str("Expired"),
            Self::Unknown(raw) => f.debug_tuple("Unknown").field(&ShownStatus(raw)).finish(),
        }
    }
}

/// Why a `success` carries no personal data. `Debug` shows each text only when
/// it is a plain token (CM's notice can be any text).
#[derive(Clone, Default, PartialEq)]
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

impl std::fmt::Debug for DataUnavailable {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DataUnavailable")
            .field("notice", &ShownStatus::optional(&self.notice))
            .field("notice_code", &self.notice_code)
            .field("issuer_id", &ShownStatus::optional(&self.issuer_id))
            .field(
                "transaction_reference",
                &ShownStatus::optional(&self.transaction_reference),
            )
            .finish()
    }
}

impl DataUnavailable {
    /// Whether the code is 2000: the data was not retrieved within 30 seconds.
    pub fn is_window_missed(&self) -> bool {
        self.notice_code.as_ref().and_then(StringOrNumber::as_u64)
            == Some(NOTICE_CODE_DATA_UNAVAILABLE)
    }
}

/// The outcome seen from the body alone; kept here so the wire model needs no
/// outcome logic.
impl StatusResponse {
    /// The typed outcome of this body alone, cloned out of it (see
    /// [`StatusOutcome`]). It cannot tell a lost identity from a late request:
    /// prefer [`StatusOutcome::from_response`] on the whole [`txstatus_core::Response`].
    pub fn outcome(&self) -> StatusOutcome {
        StatusOutcome::from_document(self.clone())
    }

    /// The typed outcome of this body alone, taking it (see
    /// [`StatusResponse::outcome`]).
    pub fn into_outcome(self) -> StatusOutcome {
        StatusOutcome::from_document(self)
    }
}

impl StatusOutcome {
    /// The outcome of a status call: the body read as in [`StatusResponse::outcome`],
    /// and a data-unavailable `success` read as
    /// [`StatusOutcome::SuccessDataLostToEarlierAttempt`] when
    /// [`Response::earlier_attempt_may_have_reached_server`] says an earlier attempt
    /// of this call may have been processed.
    pub fn from_response(response: &Response<StatusResponse>) -> Self {
        Self::from_parts(
            response.value(),
            response.earlier_attempt_may_have_reached_server(),
        )
    }

    /// [`StatusOutcome::from_response`] from a stored body and the stored flag
    /// ([`Response::earlier_attempt_may_have_reached_server`]).
    pub fn from_parts(
        document: &StatusResponse,
        earlier_attempt_may_have_reached_server: bool,
    ) -> Self {
        Self::from_document(document.clone())
            .after_earlier_attempt(earlier_attempt_may_have_reached_server)
    }

    /// Re-reads a data-unavailable `success` whose code is 2000 or absent as lost to
    /// an earlier attempt when `may_have_reached` is set; any other outcome is kept.
    fn after_earlier_attempt(self, may_have_reached: bool) -> Self {
        match self {
            Self::SuccessDataUnavailable(unavailable)
                if may_have_reached
                    && (unavailable.notice_code.is_none() || unavailable.is_window_missed()) =>
            {
                Self::SuccessDataLostToEarlierAttempt(unavailable)
            }
            other => other,
        }
    }

    pub(crate) fn from_document(response: StatusResponse) -> Self {
        let has_personal_data = response.has_personal_data();
        match response.status {
            Some(Status::Open) => Self::Open,
            Some(Status::Cancelled) => Self::Cancelled,
            Some(Status::Failure) => Self::Failure,
            Some(Status::Expired) => Self::Expired,
            Some(Status::Unknown(raw)) => Self::Unknown(raw.into()),
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

    /// The normalized status: `Open` is pending, every success succeeded (through the
    /// crate's one mapping, [`normalize`](crate::normalize), on the status it came from).
    pub fn normalized(&self) -> NormalizedStatus {
        crate::status::normalize(match self {
            Self::Open => "open",
            Self::Success(_)
            | Self::SuccessDataUnavailable(_)
            | Self::SuccessDataLostToEarlierAttempt(_) => "success",
            Self::Cancelled => "cancelled",
            Self::Failure => "failure",
            Self::Expired => "expired",
            Self::Unknown(_) => "",
        })
    }

    /// The identity, when this is [`StatusOutcome::Success`].
    pub fn identity(&self) -> Option<&Identity> {
        match self {
            Self::Success(identity) => Some(identity),
            _ => None,
        }
    }

    /// Why a `success` holds no personal data, for both data-unavailable outcomes.
    pub fn data_unavailable(&self) -> Option<&DataUnavailable> {
        match self {
            Self::SuccessDataUnavailable(unavailable)
            | Self::SuccessDataLostToEarlierAttempt(unavailable) => Some(unavailable),
            _ => None,
        }
    }

    /// Whether the flow has ended: anything but `open` and an unknown status.
    pub fn is_final(&self) -> bool {
        self.normalized().is_terminal()
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

    fn outcome_after_lost_attempt(json: &str) -> StatusOutcome {
        StatusOutcome::from_parts(&serde_json::from_str(json).unwrap(), true)
    }

    #[test]
    fn a_data_unavailable_success_after_a_possibly_processed_attempt_is_lost() {
        for json in [
            r#"{"status":"success","notice":"too late","notice_code":2000}"#,
            r#"{"status":"success","notice_code":"2000"}"#,
            r#"{"status":"success","notice":"too late"}"#,
        ] {
            let got = outcome_after_lost_attempt(json);
            assert!(
                matches!(got, StatusOutcome::SuccessDataLostToEarlierAttempt(_)),
                "{json}: {got:?}"
            );
            assert_eq!(got.normalized(), NormalizedStatus::Succeeded);
            assert!(got.is_final());
            let body_only = StatusOutcome::from_parts(&serde_json::from_str(json).unwrap(), false);
            assert!(matches!(
                body_only,
                StatusOutcome::SuccessDataUnavailable(_)
            ));
        }
    }

    #[test]
    fn the_earlier_attempt_changes_nothing_else() {
        // Another notice code is not the one-time rule: kept as data unavailable.
        assert!(matches!(
            outcome_after_lost_attempt(r#"{"status":"success","notice_code":2001}"#),
            StatusOutcome::SuccessDataUnavailable(_)
        ));
        assert!(
            outcome_after_lost_attempt(
                r#"{"status":"success","bin":"NLABCD1","notice_code":2000}"#
            )
            .identity()
            .is_some()
        );
        assert_eq!(
            outcome_after_lost_attempt(r#"{"status":"open"}"#),
            StatusOutcome::Open
        );
        assert_eq!(
            outcome_after_lost_attempt(r#"{"status":"success"}"#),
            StatusOutcome::Success(Box::default())
        );
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
