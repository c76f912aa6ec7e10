//! Webhook notifications: unsigned hints that a transaction changed. Reading
//! and checking one; the body's wire type is in `model/`.

use txstatus_core::{Error, ErrorKind, RawBody, Result};

use crate::{PROVIDER, WebhookNotification};

impl WebhookNotification {
    /// Parses the raw request body of a notification.
    ///
    /// A body that does not decode is an invalid-input error naming the JSON path;
    /// the message holds no value from the body.
    pub fn from_slice(body: &[u8]) -> Result<Self> {
        match txstatus_core::provider::from_json_slice(body) {
            Ok(notification) => Ok(notification),
            Err(_) => {
                let error = match txstatus_core::provider::decode_json_bytes::<Self>(
                    PROVIDER,
                    200,
                    &RawBody::from(body.to_vec()),
                ) {
                    Ok(notification) => return Ok(notification),
                    Err(error) => error,
                };
                Err(match error.kind() {
                    ErrorKind::Decode(decode) => Error::invalid_input(
                        PROVIDER,
                        format!(
                            "the webhook notification did not decode at {}: {}",
                            decode.path, decode.message
                        ),
                    ),
                    _ => error,
                })
            }
        }
    }

    /// The transaction id to read, refused when absent or unusable as an id
    /// (blank, empty, `.`/`..`, a control character, over 256 bytes): the rule
    /// the webhook side routes by, so a notification a receiver would not
    /// re-read is not read here either.
    pub fn transaction_id(&self) -> Result<&str> {
        let id = self.transaction.as_deref().ok_or_else(|| {
            Error::invalid_input(PROVIDER, "the notification names no transaction")
        })?;
        txstatus_core::provider::validate_id(PROVIDER, id)?;
        if !txstatus_core::provider::is_usable_id(id) {
            return Err(Error::invalid_input(
                PROVIDER,
                "the notification's transaction id is blank",
            ));
        }
        Ok(id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::WebhookEvent;

    #[test]
    fn the_documented_notification_parses() {
        let body = br#"{"createdAt":"2006-01-02T15:04:05Z","event":"FINALSTATUS",
            "transaction":"8db1e7fa","reference":"r1","payment":"p1"}"#;
        let n = WebhookNotification::from_slice(body).unwrap();
        assert_eq!(n.event, Some(WebhookEvent::FinalStatus));
        assert_eq!(n.transaction_id().unwrap(), "8db1e7fa");
    }

    #[test]
    fn a_malformed_notification_is_invalid_input_without_its_values() {
        let error =
            WebhookNotification::from_slice(br#"{"transaction":["secret-ish"]}"#).unwrap_err();
        assert!(error.is_invalid_input());
        let text = format!("{error} {error:?}");
        assert!(text.contains("transaction"), "{text}");
        assert!(!text.contains("secret-ish"), "{text}");
        assert!(
            WebhookNotification::from_slice(b"not json")
                .unwrap_err()
                .is_invalid_input()
        );
    }

    #[test]
    fn ids_sent_as_numbers_are_kept_as_their_text() {
        let n = WebhookNotification::from_slice(
            br#"{"event":"FINALSTATUS","transaction":123456789,"reference":77,"payment":5}"#,
        )
        .unwrap();
        assert_eq!(n.transaction_id().unwrap(), "123456789");
        assert_eq!(n.reference.as_deref(), Some("77"));
        assert_eq!(n.payment.as_deref(), Some("5"));
    }

    #[test]
    fn a_notification_without_transaction_is_refused() {
        let n = WebhookNotification::from_slice(br#"{"event":"FINALSTATUS"}"#).unwrap();
        assert!(n.transaction_id().unwrap_err().is_invalid_input());
        let n = WebhookNotification::from_slice(br#"{"transaction":".."}"#).unwrap();
        assert!(n.transaction_id().unwrap_err().is_invalid_input());
    }
}
