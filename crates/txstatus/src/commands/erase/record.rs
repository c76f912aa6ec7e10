//! One `erase` record per id (`txstatus.erase/1`, docs/CLI.md): what happened to
//! it, and nothing more than the CLI knows.

use serde_json::{Value, json};

use crate::text::escape;

/// The schema of one `erase` record.
pub const ERASE_SCHEMA: &str = "txstatus.erase/1";

/// What happened to one id.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// The provider accepted it.
    Accepted,
    /// The provider answered for it and refused it (not found, malformed, not
    /// marked), or answered with anything but the acceptance of the action sent.
    Refused,
    /// The call succeeded but its answer did not mention the id: ask again.
    NotInAnswer,
    /// The call carrying it failed; it may or may not have reached the provider.
    Failed,
    /// Not sent: an earlier call failed, or the reader went away.
    NotAttempted,
    /// Not sent: the provider's client refused the id.
    Invalid,
}

impl Outcome {
    /// The `outcome` field.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Accepted => "accepted",
            Self::Refused => "refused",
            Self::NotInAnswer => "not_in_answer",
            Self::Failed => "failed",
            Self::NotAttempted => "not_attempted",
            Self::Invalid => "invalid",
        }
    }

    /// Whether asking again is what to do (the id's fate is not known).
    pub fn unfinished(self) -> bool {
        matches!(self, Self::NotInAnswer | Self::Failed | Self::NotAttempted)
    }
}

/// One id's record.
#[derive(Debug)]
pub struct Record {
    /// `onespan` or `persona`.
    pub provider: &'static str,
    /// The id as given.
    pub id: String,
    /// `mark`, `unmark` or `redact`.
    pub action: &'static str,
    /// `mark` only.
    pub grace_period_days: Option<u32>,
    /// What happened.
    pub outcome: Outcome,
    /// The provider's event for this id, as sent.
    pub event: Option<String>,
    /// The provider's message for this id, as sent.
    pub message: Option<String>,
    /// Why the call failed (never a body or a secret).
    pub error: Option<String>,
    /// Whether the request for this id may have reached the provider.
    pub may_have_been_sent: bool,
}

impl Record {
    /// The `--json` line's document.
    pub fn json(&self) -> Value {
        json!({
            "schema": ERASE_SCHEMA,
            "provider": self.provider,
            "id": self.id,
            "action": self.action,
            "grace_period_days": self.grace_period_days,
            "outcome": self.outcome.as_str(),
            "unfinished": self.outcome.unfinished(),
            "may_have_been_sent": self.may_have_been_sent,
            "event": self.event,
            "message": self.message,
            "error": self.error,
        })
    }

    /// The readable line: `<id>: <outcome> (<event>: <message>)`.
    pub fn line(&self) -> String {
        let said: Vec<String> = [&self.event, &self.message]
            .into_iter()
            .flatten()
            .filter(|s| !s.trim().is_empty())
            .map(|s| escape(s))
            .collect();
        let detail = match self.outcome {
            Outcome::Failed => {
                let reached = if self.may_have_been_sent {
                    "may have reached the provider"
                } else {
                    "not sent"
                };
                format!(
                    " ({reached}: {})",
                    escape(self.error.as_deref().unwrap_or("the call failed"))
                )
            }
            Outcome::NotAttempted => " (not sent)".to_owned(),
            Outcome::NotInAnswer => " (the answer did not mention it: ask again)".to_owned(),
            Outcome::Invalid => format!(
                " ({})",
                escape(self.error.as_deref().unwrap_or("invalid id"))
            ),
            Outcome::Accepted | Outcome::Refused if said.is_empty() => String::new(),
            Outcome::Accepted | Outcome::Refused => format!(" ({})", said.join(": ")),
        };
        // The outcome word is the `outcome` field's, so a script reading the
        // readable lines sees the same values as under `--json` (docs/CLI.md).
        format!("{}: {}{detail}", escape(&self.id), self.outcome.as_str())
    }
}

/// The line on stderr that ends a batch: counts, and what to do next.
pub fn summary(records: &[Record]) -> String {
    let count = |outcome: Outcome| records.iter().filter(|r| r.outcome == outcome).count();
    let unfinished = records.iter().filter(|r| r.outcome.unfinished()).count();
    let mut text = format!(
        "{} id(s): {} accepted, {} refused, {} unfinished",
        records.len(),
        count(Outcome::Accepted),
        count(Outcome::Refused),
        unfinished
    );
    if unfinished > 0 {
        text.push_str(
            " (ask again for those whose outcome is failed, not_in_answer or not_attempted",
        );
        if records
            .iter()
            .any(|r| r.outcome == Outcome::Failed && r.may_have_been_sent)
        {
            text.push_str("; a failed call may have been acted on, so asking again may answer refused for ids it accepted");
        }
        text.push(')');
    }
    text
}
