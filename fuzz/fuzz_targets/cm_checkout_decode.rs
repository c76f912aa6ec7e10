//! CM Checkout decoders: transactions (and their derived values), webhook
//! notifications, token answers.
#![no_main]

use cm_checkout::{PROVIDER, TokenResponse, Transaction, WebhookNotification};
use libfuzzer_sys::fuzz_target;
use txstatus_core::{RawBody, provider::decode_json_bytes, to_redacted_json};

fuzz_target!(|data: &[u8]| {
    let body = RawBody::new(data.to_vec());
    if let Ok(value) = decode_json_bytes::<Transaction>(PROVIDER, 200, &body) {
        let _ = value.tx_status();
        for money in [value.money(), value.refunded(), value.refund_pending()]
            .into_iter()
            .flatten()
        {
            let _ = (money.minor_units(), money.amount().to_string());
            let currency = money.currency();
            let _ = (
                currency.as_str(),
                currency.is_well_formed(),
                format!("{money:?}"),
            );
        }
        let _ = value.redirect_url();
        let _ = value.return_target();
        let _ = to_redacted_json(&value);
    }
    let _ = WebhookNotification::from_slice(data);
    let _ = TokenResponse::from_slice(200, data);
});
