//! Payment methods (`paymentMethods[]` and `payments[].type`).

txstatus_core::open_enum! {
    /// A payment method; the seed documents these three, every other value is kept
    /// as [`PaymentMethod::Unknown`].
    pub enum PaymentMethod {
        /// iDEAL.
        Ideal => "ideal",
        /// Bancontact.
        Bancontact => "bancontact",
        /// Klarna.
        Klarna => "klarna",
    }
}
