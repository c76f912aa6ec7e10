//! The provider's enumerations; each keeps values this version does not know.

txstatus_core::open_enum! {
    /// A transaction's `state`.
    pub enum TransactionState {
        /// The end user has not finished every task and the transaction has not expired.
        Pending => "pending",
        /// Every task ended. It can still hold a failed face match.
        Completed => "completed",
        /// The transaction ran out of time; its files are gone.
        Expired => "expired",
    }
}

txstatus_core::open_enum! {
    /// A task's `type`.
    pub enum TaskType {
        /// Photo or upload of the front and back of an identity document.
        DocumentScan => "document_scan",
        /// Liveness check with the camera.
        FaceLiveness => "face_liveness",
        /// Comparison of the document photo with the liveness photo.
        FaceMatch => "face_match",
    }
}

txstatus_core::open_enum! {
    /// A task's `state` (the documentation shows `pending` and `completed`).
    pub enum TaskState {
        /// Not finished.
        Pending => "pending",
        /// Finished.
        Completed => "completed",
    }
}

txstatus_core::open_enum! {
    /// The outcome `code` of one document scan attempt (an open set; the
    /// documented examples are listed).
    pub enum ScanCode {
        /// The front side was read and the back side is still needed.
        FrontSideProvidedBackSideRequired => "front_side_provided_back_side_required",
        /// The back side was not recognised as a known document type (CM's own
        /// code, not an unknown value: those are [`ScanCode::Unknown`]).
        UnknownTypeBack => "unknown_type_back",
    }
}

txstatus_core::open_enum! {
    /// Where a document scan came from.
    pub enum ScanSource {
        /// An uploaded file.
        File => "file",
        /// The device camera.
        Camera => "camera",
    }
}

txstatus_core::open_enum! {
    /// A file's `category`.
    pub enum FileCategory {
        /// An image of the document.
        Document => "document",
        /// Another image, such as the portrait.
        Image => "image",
    }
}

txstatus_core::open_enum! {
    /// Whether an extracted field passed CM's checks.
    pub enum Validity {
        /// Checked and valid.
        Valid => "valid",
        /// Checked and invalid.
        Invalid => "invalid",
        /// Not checked.
        NotChecked => "not_checked",
    }
}

txstatus_core::open_enum! {
    /// Where an extracted value was read. CM recommends `mrz` when present.
    pub enum ValueSource {
        /// The machine-readable zone.
        Mrz => "mrz",
        /// The visual inspection zone.
        Visual => "visual",
    }
}

txstatus_core::open_enum! {
    /// What a file shows (`type`), as CM spells it (an open set; the values seen
    /// in CM's examples are listed).
    pub enum FileType {
        /// The whole uploaded or photographed image.
        RawDocumentImage => "raw_document_image",
        /// A smaller copy of the raw image.
        RawDocumentImageSmall => "raw_document_image_small",
        /// The recognised passport page.
        Passport => "passport",
        /// The recognised driving licence (upper case, as CM sends it).
        DrivingLicense => "DRIVING_LICENSE",
        /// The portrait cut from the document.
        Portrait => "portrait",
    }
}
