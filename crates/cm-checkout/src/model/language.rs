//! The user-interface language (ISO 639-1).

txstatus_core::open_enum! {
    /// Preferred language of the checkout pages; the documented set, others kept.
    pub enum Language {
        /// Czech.
        Cs => "cs",
        /// Danish.
        Da => "da",
        /// German.
        De => "de",
        /// English.
        En => "en",
        /// Spanish.
        Es => "es",
        /// Finnish.
        Fi => "fi",
        /// French.
        Fr => "fr",
        /// Hungarian.
        Hu => "hu",
        /// Italian.
        It => "it",
        /// Dutch.
        Nl => "nl",
        /// Norwegian.
        No => "no",
        /// Polish.
        Pl => "pl",
        /// Portuguese.
        Pt => "pt",
        /// Swedish.
        Sv => "sv",
        /// Turkish.
        Tr => "tr",
    }
}
