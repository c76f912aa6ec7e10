//! What is decoded: each provider's main model and which fixture feeds it.

use serde::de::DeserializeOwned;

/// Decodes bytes into one type, keeps the value from being optimized away, drops it.
pub type DecodeFn = fn(&[u8]) -> serde_json::Result<()>;

/// Decodes `bytes` into `T` the way the clients do
/// (`txstatus_core::provider::from_json_slice`, the fast path of `decode_json_bytes`).
pub fn decode_typed<T: DeserializeOwned>(bytes: &[u8]) -> serde_json::Result<()> {
    let value: T = txstatus_core::provider::from_json_slice(bytes)?;
    drop(std::hint::black_box(value));
    Ok(())
}

/// Decodes `bytes` into `T` with `serde_json::from_slice`: the `Value` baseline, as
/// an application would write it.
pub fn decode_into<T: DeserializeOwned>(bytes: &[u8]) -> serde_json::Result<()> {
    let value: T = serde_json::from_slice(bytes)?;
    drop(std::hint::black_box(value));
    Ok(())
}

/// How a case's fixture is chosen.
#[derive(Clone, Copy, Debug)]
pub enum Pick {
    /// The largest file whose name starts with one of `include` and with none of
    /// `exclude`, and that decodes both ways.
    Largest {
        /// Accepted name prefixes (empty: every name).
        include: &'static [&'static str],
        /// Rejected name prefixes.
        exclude: &'static [&'static str],
    },
    /// This file; synthesized from the largest Persona transaction when missing.
    PersonaLarge(&'static str),
    /// This file (a documented shape, next to the largest body when that one is an
    /// edge case).
    File(&'static str),
}

/// One decode benchmark case.
#[derive(Clone, Copy, Debug)]
pub struct Case {
    /// Row label.
    pub label: &'static str,
    /// The provider whose fixtures feed it (its `PROVIDER`).
    pub dir: &'static str,
    /// The typed model's name, for the report.
    pub model: &'static str,
    /// Decodes into the typed model.
    pub typed: DecodeFn,
    /// How the fixture is chosen.
    pub pick: Pick,
    /// A lifecycle model (list page, event, verification): reported, not judged.
    pub lifecycle: bool,
}

/// Error, token, webhook and list bodies are other models.
const NOT_MAIN: &[&str] = &["error-", "token-", "webhook-", "directory"];

/// The cases, in report order.
pub const CASES: &[Case] = &[
    Case {
        label: "Persona",
        dir: persona_tx::PROVIDER,
        model: "persona_tx::Transaction",
        typed: decode_typed::<persona_tx::Transaction>,
        pick: Pick::Largest {
            include: &["transaction-"],
            exclude: &["transaction-list", "transaction-large", "transaction-huge"],
        },
        lifecycle: false,
    },
    Case {
        label: "Persona (documented shape)",
        dir: persona_tx::PROVIDER,
        model: "persona_tx::Transaction",
        typed: decode_typed::<persona_tx::Transaction>,
        pick: Pick::File("transaction-retrieve.json"),
        lifecycle: false,
    },
    Case {
        label: "Persona (large, ~20 KB)",
        dir: persona_tx::PROVIDER,
        model: "persona_tx::Transaction",
        typed: decode_typed::<persona_tx::Transaction>,
        pick: Pick::PersonaLarge("transaction-large.json"),
        lifecycle: false,
    },
    Case {
        label: "Persona transaction list page",
        dir: persona_tx::PROVIDER,
        model: "persona_tx::model::TransactionList",
        typed: decode_typed::<persona_tx::model::TransactionList>,
        pick: Pick::File("transaction-list.json"),
        lifecycle: true,
    },
    Case {
        label: "Persona events list",
        dir: persona_tx::PROVIDER,
        model: "persona_tx::model::EventList",
        typed: decode_typed::<persona_tx::model::EventList>,
        pick: Pick::File("event-list.json"),
        lifecycle: true,
    },
    Case {
        label: "Persona event",
        dir: persona_tx::PROVIDER,
        model: "persona_tx::model::EventDocument",
        typed: decode_typed::<persona_tx::model::EventDocument>,
        pick: Pick::File("event-retrieve.json"),
        lifecycle: true,
    },
    Case {
        label: "CM.com ID Scan",
        dir: cm_idscan::PROVIDER,
        model: "cm_idscan::Transaction",
        typed: decode_typed::<cm_idscan::Transaction>,
        pick: Pick::Largest {
            include: &["transaction-details"],
            exclude: NOT_MAIN,
        },
        lifecycle: false,
    },
    Case {
        label: "CM.com iDIN",
        dir: cm_idin::PROVIDER,
        model: "cm_idin::StatusResponse",
        typed: decode_typed::<cm_idin::StatusResponse>,
        pick: Pick::Largest {
            include: &["status-"],
            exclude: NOT_MAIN,
        },
        lifecycle: false,
    },
    Case {
        label: "CM.com Checkout",
        dir: cm_checkout::PROVIDER,
        model: "cm_checkout::Transaction",
        typed: decode_typed::<cm_checkout::Transaction>,
        pick: Pick::Largest {
            include: &["transaction-"],
            exclude: NOT_MAIN,
        },
        lifecycle: false,
    },
    Case {
        label: "CM.com Checkout refunds list",
        dir: cm_checkout::PROVIDER,
        model: "cm_checkout::RefundList",
        typed: decode_typed::<cm_checkout::RefundList>,
        pick: Pick::Largest {
            include: &["refunds-list-"],
            exclude: &[],
        },
        lifecycle: true,
    },
    Case {
        label: "OneSpan",
        dir: onespan_tx::PROVIDER,
        model: "onespan_tx::Transaction",
        typed: decode_typed::<onespan_tx::Transaction>,
        pick: Pick::Largest {
            include: &[],
            exclude: NOT_MAIN,
        },
        lifecycle: false,
    },
    Case {
        label: "OneSpan (documented shape)",
        dir: onespan_tx::PROVIDER,
        model: "onespan_tx::Transaction",
        typed: decode_typed::<onespan_tx::Transaction>,
        pick: Pick::File("transaction-status-with-verifications.json"),
        lifecycle: false,
    },
    Case {
        label: "OneSpan verification (lifecycle)",
        dir: onespan_tx::PROVIDER,
        model: "onespan_tx::TransactionVerification",
        typed: decode_typed::<onespan_tx::TransactionVerification>,
        pick: Pick::File("verification-results.json"),
        lifecycle: true,
    },
    Case {
        label: "OneSpan verification report (lifecycle)",
        dir: onespan_tx::PROVIDER,
        model: "onespan_tx::DetailedVerificationReport",
        typed: decode_typed::<onespan_tx::DetailedVerificationReport>,
        pick: Pick::Largest {
            include: &["report-"],
            exclude: NOT_MAIN,
        },
        lifecycle: true,
    },
];
