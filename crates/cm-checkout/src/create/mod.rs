//! Starting a Checkout: `POST /paymentmethods/checkout/v1/transactions`.

mod limits;
mod request;
pub(crate) mod validate;

pub use limits::{
    MAX_AMOUNT, MAX_DESCRIPTION_LEN, MAX_MAX_RETRIES, MAX_MERCHANT_ORDER_REFERENCE_LEN,
    MAX_QUANTITY, MAX_REFERENCE_LEN, MAX_RETURN_URL_LEN, MAX_URL_LEN, MAX_VAT_RATE, MIN_AMOUNT,
};
pub use request::{CheckoutWebhook, CreateCheckout, NewOrderItem, ReturnTo};
