//! Members of `included`: typed when this version knows the type, whole otherwise.
//!
//! The decoder reads the members in order (`type` first, as Persona writes it, or
//! wherever it comes). `attributes` and `relationships` are captured as raw JSON
//! and decoded into the typed model once the type is known; when that fails
//! (a value of an unexpected shape), the item is kept whole as an
//! [`OtherResource`] instead of failing the response.

use std::fmt;

use serde::{
    Deserialize, Deserializer, Serialize, Serializer,
    de::{self, DeserializeOwned, MapAccess, SeqAccess, Visitor},
    ser::SerializeMap,
};
use serde_json::value::RawValue;
use txstatus_core::Pii;

use super::{
    account::{Account, AccountAttributes, AccountRelationships},
    check::Checks,
    government_id::{GovernmentIdAttributes, GovernmentIdRelationships, GovernmentIdVerification},
    raw::{RawVisitor, Tag, is_null, raw_fallback},
    split::{SplitAttributes, restore},
};

/// `type` of an included account.
pub const ACCOUNT: &str = "account";
/// `type` of an included Government ID verification.
pub const GOVERNMENT_ID: &str = "verification/government-id";

/// One object of `included`.
#[derive(Clone, Debug)]
#[non_exhaustive]
pub enum Included {
    /// `account`.
    Account(Box<Account>),
    /// `verification/government-id`.
    GovernmentId(Box<GovernmentIdVerification>),
    /// Any other type, a known type whose attributes did not decode, or an
    /// object sending `type`, `id`, `attributes` or `relationships` twice (kept
    /// whole: no copy silently wins).
    Other(Box<OtherResource>),
    /// An item that is not a JSON object, kept as received.
    NotAnObject(Pii<Box<RawValue>>),
}

/// An included object kept whole: its `type`, `id`, raw `attributes` and
/// `relationships`, and any other member. `Debug` shows the type, the id and
/// the other members' names only as plain tokens.
#[derive(Clone, Default)]
#[non_exhaustive]
pub struct OtherResource {
    /// `type`, when it is a string.
    pub kind: Option<String>,
    /// `id`, when it is a string.
    pub id: Option<String>,
    /// `attributes` as received (may hold personal data).
    pub attributes: Option<Pii<Box<RawValue>>>,
    /// `relationships` as received. Personal: kept verbatim, it may hold
    /// anything (`meta`, `data` with attributes) once the typed decode failed.
    pub relationships: Option<Pii<Box<RawValue>>>,
    /// Every other member as received (`links`, `meta`, a `type` or `id` that is
    /// not a string), in order.
    pub members: Vec<(String, Pii<Box<RawValue>>)>,
}

impl fmt::Debug for OtherResource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use txstatus_core::provider::ShownStatus;
        let members: Vec<_> = self
            .members
            .iter()
            .map(|(name, value)| (ShownStatus(name), value))
            .collect();
        f.debug_struct("OtherResource")
            .field("kind", &ShownStatus::optional(&self.kind))
            .field("id", &ShownStatus::optional(&self.id))
            .field("attributes", &self.attributes)
            .field("relationships", &self.relationships)
            .field("members", &members)
            .finish()
    }
}

impl Included {
    /// The `type`.
    pub fn kind(&self) -> Option<&str> {
        match self {
            Self::Account(_) => Some(ACCOUNT),
            Self::GovernmentId(_) => Some(GOVERNMENT_ID),
            Self::Other(other) => other.kind.as_deref(),
            Self::NotAnObject(_) => None,
        }
    }

    /// The `id`.
    pub fn id(&self) -> Option<&str> {
        match self {
            Self::Account(account) => Some(&account.id),
            Self::GovernmentId(verification) => Some(&verification.id),
            Self::Other(other) => other.id.as_deref(),
            Self::NotAnObject(_) => None,
        }
    }

    /// The account, when this is one.
    pub fn as_account(&self) -> Option<&Account> {
        match self {
            Self::Account(account) => Some(account),
            _ => None,
        }
    }

    /// The Government ID verification, when this is one that decoded.
    pub fn as_government_id(&self) -> Option<&GovernmentIdVerification> {
        match self {
            Self::GovernmentId(verification) => Some(verification),
            _ => None,
        }
    }
}

impl Serialize for Included {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Self::Account(account) => write_typed(
                serializer,
                ACCOUNT,
                &account.id,
                account.attributes.as_ref(),
                account.relationships.as_ref(),
            ),
            Self::GovernmentId(verification) => write_typed(
                serializer,
                GOVERNMENT_ID,
                &verification.id,
                verification.attributes.as_ref(),
                verification.relationships.as_ref(),
            ),
            Self::Other(other) => other.serialize(serializer),
            Self::NotAnObject(raw) => raw.serialize(serializer),
        }
    }
}

fn write_typed<S: Serializer, A: Serialize, R: Serialize>(
    serializer: S,
    kind: &str,
    id: &str,
    attributes: Option<&A>,
    relationships: Option<&R>,
) -> Result<S::Ok, S::Error> {
    let mut map = serializer.serialize_map(None)?;
    map.serialize_entry("type", kind)?;
    map.serialize_entry("id", txstatus_core::provider::open_enum_text(id, true))?;
    if let Some(attributes) = attributes {
        map.serialize_entry("attributes", attributes)?;
    }
    if let Some(relationships) = relationships {
        map.serialize_entry("relationships", relationships)?;
    }
    map.end()
}

impl Serialize for OtherResource {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(None)?;
        if let Some(kind) = &self.kind {
            map.serialize_entry(
                "type",
                txstatus_core::provider::shown_text::shown_resource_type(kind),
            )?;
        }
        if let Some(id) = &self.id {
            map.serialize_entry("id", txstatus_core::provider::open_enum_text(id, true))?;
        }
        if let Some(attributes) = &self.attributes {
            map.serialize_entry("attributes", attributes)?;
        }
        if let Some(relationships) = &self.relationships {
            map.serialize_entry("relationships", relationships)?;
        }
        for (key, value) in &self.members {
            map.serialize_entry(key, value)?;
        }
        map.end()
    }
}

impl<'de> Deserialize<'de> for Included {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let included = deserializer.deserialize_any(IncludedVisitor)?;
        // Charged to the decode's budget with its boxed part: an array of `{}`
        // or `0` items would otherwise keep far more than the body.
        let charge = match &included {
            Self::Account(_) => txstatus_core::provider::charge::<(Self, Account), D::Error>,
            Self::GovernmentId(_) => {
                txstatus_core::provider::charge::<(Self, GovernmentIdVerification), D::Error>
            }
            Self::Other(_) => txstatus_core::provider::charge::<(Self, OtherResource), D::Error>,
            Self::NotAnObject(_) => txstatus_core::provider::charge::<(Self, [u8; 16]), D::Error>,
        };
        charge()?;
        Ok(included)
    }
}

/// Member names of a resource object.
enum Key {
    Type,
    Id,
    Attributes,
    Relationships,
    Other(String),
}

impl<'de> Deserialize<'de> for Key {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct KeyVisitor;
        impl Visitor<'_> for KeyVisitor {
            type Value = Key;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a member name")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Key, E> {
                Ok(match v {
                    "type" => Key::Type,
                    "id" => Key::Id,
                    "attributes" => Key::Attributes,
                    "relationships" => Key::Relationships,
                    other => Key::Other(other.to_owned()),
                })
            }
        }
        deserializer.deserialize_identifier(KeyVisitor)
    }
}

/// The members of one item, captured in order.
#[derive(Default)]
struct Parts {
    kind: Option<String>,
    id: Option<String>,
    attributes: Option<Box<RawValue>>,
    relationships: Option<Box<RawValue>>,
    /// A verification's `checks`, taken out of `attributes` at this offset.
    checks: Option<(Box<RawValue>, usize)>,
    members: Vec<(String, Box<RawValue>)>,
}

impl Parts {
    fn tag(
        slot: &mut Option<String>,
        members: &mut Vec<(String, Box<RawValue>)>,
        name: &str,
        tag: Tag,
    ) {
        match tag {
            Tag::Text(text) if slot.is_none() => *slot = Some(text),
            Tag::Text(text) => {
                if let Ok(raw) = serde_json::value::to_raw_value(&text) {
                    members.push((name.to_owned(), raw));
                }
            }
            Tag::Raw(raw) => members.push((name.to_owned(), raw)),
        }
    }

    fn raw(
        slot: &mut Option<Box<RawValue>>,
        members: &mut Vec<(String, Box<RawValue>)>,
        name: &str,
        raw: Box<RawValue>,
    ) {
        if slot.is_none() {
            *slot = Some(raw);
        } else {
            members.push((name.to_owned(), raw));
        }
    }

    fn finish(mut self) -> Included {
        // `type`, `id`, `attributes` or `relationships` sent twice (the second
        // copy is in `members`): typed from the first copy, the second would be
        // silently dropped, so the object is kept whole instead.
        let repeated = self.members.iter().any(|(name, _)| {
            matches!(
                name.as_str(),
                "type" | "id" | "attributes" | "relationships"
            )
        });
        let kind = if repeated { None } else { self.kind.as_deref() };
        match (kind, self.id.as_deref()) {
            (Some(ACCOUNT), Some(id)) => {
                if let Some((attributes, relationships)) =
                    typed::<AccountAttributes, AccountRelationships>(&self)
                {
                    return Included::Account(Box::new(Account {
                        id: id.to_owned(),
                        attributes,
                        relationships,
                    }));
                }
            }
            (Some(GOVERNMENT_ID), Some(id)) => {
                if let Some((mut attributes, relationships)) =
                    typed::<GovernmentIdAttributes, GovernmentIdRelationships>(&self)
                {
                    let fits = match (&self.checks, &attributes) {
                        (None, _) => true,
                        // A second `checks` stayed in the attributes: a duplicate
                        // member, which a typed decode refuses.
                        (Some((raw, _)), Some(typed)) => {
                            typed.checks.is_none() && (Checks::fits(raw) || is_null(raw))
                        }
                        (Some(_), None) => false,
                    };
                    if fits {
                        let id = id.to_owned();
                        if let (Some((raw, _)), Some(typed)) =
                            (self.checks.take(), attributes.as_mut())
                            && !is_null(&raw)
                        {
                            typed.checks = Some(Checks::from_raw(raw));
                        }
                        return Included::GovernmentId(Box::new(GovernmentIdVerification {
                            id,
                            attributes,
                            relationships,
                        }));
                    }
                }
            }
            _ => {}
        }
        Included::Other(Box::new(OtherResource {
            kind: self.kind,
            id: self.id,
            attributes: self
                .attributes
                .map(|rest| Pii::new(restore(rest, self.checks))),
            relationships: self.relationships.map(Pii::new),
            members: self
                .members
                .into_iter()
                .map(|(key, value)| (key, Pii::new(value)))
                .collect(),
        }))
    }
}

/// Decodes captured attributes and relationships; `None` when either does not fit.
fn typed<A: DeserializeOwned, R: DeserializeOwned>(
    parts: &Parts,
) -> Option<(Option<A>, Option<R>)> {
    let attributes = match &parts.attributes {
        Some(raw) => serde_json::from_str::<Option<A>>(raw.get()).ok()?,
        None => None,
    };
    let relationships = match &parts.relationships {
        Some(raw) => serde_json::from_str::<Option<R>>(raw.get()).ok()?,
        None => None,
    };
    Some((attributes, relationships))
}

struct IncludedVisitor;

fn not_an_object(raw: Box<RawValue>) -> Included {
    Included::NotAnObject(Pii::new(raw))
}

impl<'de> Visitor<'de> for IncludedVisitor {
    type Value = Included;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an included resource object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Included, A::Error> {
        let mut parts = Parts::default();
        while let Some(key) = map.next_key::<Key>()? {
            match key {
                Key::Type => Parts::tag(
                    &mut parts.kind,
                    &mut parts.members,
                    "type",
                    map.next_value()?,
                ),
                Key::Id => Parts::tag(&mut parts.id, &mut parts.members, "id", map.next_value()?),
                // Persona writes `type` first: a verification's `checks` is then
                // set aside while its attributes are captured.
                Key::Attributes
                    if parts.attributes.is_none()
                        && parts.kind.as_deref() == Some(GOVERNMENT_ID) =>
                {
                    let split: SplitAttributes = map.next_value()?;
                    parts.attributes = Some(split.rest);
                    parts.checks = split.checks;
                }
                Key::Attributes => {
                    Parts::raw(
                        &mut parts.attributes,
                        &mut parts.members,
                        "attributes",
                        map.next_value()?,
                    );
                }
                Key::Relationships => Parts::raw(
                    &mut parts.relationships,
                    &mut parts.members,
                    "relationships",
                    map.next_value()?,
                ),
                Key::Other(name) => {
                    let value = map.next_value::<Box<RawValue>>()?;
                    parts.members.push((name, value));
                }
            }
        }
        Ok(parts.finish())
    }

    raw_fallback!(not_an_object; visit_bool(bool), visit_i64(i64), visit_u64(u64), visit_f64(f64), visit_str(&str));

    fn visit_unit<E: de::Error>(self) -> Result<Included, E> {
        RawVisitor.visit_unit().map(not_an_object)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Included, A::Error> {
        RawVisitor.visit_seq(seq).map(not_an_object)
    }
}
