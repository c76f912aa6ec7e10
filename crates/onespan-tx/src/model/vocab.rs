//! Closed vocabularies, as open enums: a known value is matched on the borrowed
//! text and allocates nothing; values this version does not know are kept.

txstatus_core::provider::open_enum! {
    /// A participant role (`users[].role`, `tokens[].role`), as set up in the
    /// workflow: `signer1`, `signer2`, ... Other roles are kept in `Unknown`.
    pub enum Role {
        /// `signer1`.
        Signer1 => "signer1",
        /// `signer2`.
        Signer2 => "signer2",
        /// `signer3`.
        Signer3 => "signer3",
        /// `signer4`.
        Signer4 => "signer4",
        /// `signer5`.
        Signer5 => "signer5",
    }
}

txstatus_core::provider::open_enum! {
    /// The transaction `language` (`english`). Other languages are kept in
    /// `Unknown`.
    pub enum Language {
        /// `english`.
        English => "english",
        /// `french`.
        French => "french",
        /// `spanish`.
        Spanish => "spanish",
        /// `german`.
        German => "german",
        /// `dutch`.
        Dutch => "dutch",
        /// `italian`.
        Italian => "italian",
        /// `portuguese`.
        Portuguese => "portuguese",
    }
}

txstatus_core::provider::open_enum! {
    /// A verification's `status` (upper case: `SUCCESS`). Other values are kept in
    /// `Unknown`.
    pub enum VerificationStatus {
        /// `SUCCESS`.
        Success => "SUCCESS",
        /// `FAILURE`.
        Failure => "FAILURE",
    }
}

txstatus_core::provider::open_enum! {
    /// A verification's `vhub_transaction_status` (`COMPLETED`). Other values are
    /// kept in `Unknown`.
    pub enum VhubTransactionStatus {
        /// `COMPLETED`.
        Completed => "COMPLETED",
    }
}

txstatus_core::provider::open_enum! {
    /// A verification's `name`: which check it was (`doc_id`). Other names are
    /// kept in `Unknown`.
    pub enum VerificationName {
        /// `doc_id`: document authentication.
        DocId => "doc_id",
        /// `sms_otp`: one-time password by SMS.
        SmsOtp => "sms_otp",
        /// `face_match`: face against the document photo.
        FaceMatch => "face_match",
    }
}
