//! The store's row types: plain values, no domain logic.

use serde::Serialize;

use crate::StoreError;

/// What a user may do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    /// Reads everything a logged-in user may read, writes nothing.
    Viewer,
    /// Also enters and edits their own marks.
    Assessor,
    /// Also settles and publishes consensus charts.
    Admin,
}

impl Role {
    /// The role's name as stored and shown (`admin`, `assessor`, `viewer`).
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Viewer => "viewer",
            Role::Assessor => "assessor",
            Role::Admin => "admin",
        }
    }

    /// Parses a role's name.
    ///
    /// # Errors
    /// [`StoreError::Invalid`] for any other text.
    pub fn parse(s: &str) -> Result<Role, StoreError> {
        match s {
            "viewer" => Ok(Role::Viewer),
            "assessor" => Ok(Role::Assessor),
            "admin" => Ok(Role::Admin),
            _ => Err(StoreError::Invalid { field: "role", value: s.to_string() }),
        }
    }
}

/// A user's language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    /// English.
    En,
    /// Japanese.
    Ja,
}

impl Lang {
    /// The language's code (`en`, `ja`).
    pub fn as_str(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Ja => "ja",
        }
    }

    /// Parses a language code.
    ///
    /// # Errors
    /// [`StoreError::Invalid`] for any other text.
    pub fn parse(s: &str) -> Result<Lang, StoreError> {
        match s {
            "en" => Ok(Lang::En),
            "ja" => Ok(Lang::Ja),
            _ => Err(StoreError::Invalid { field: "lang", value: s.to_string() }),
        }
    }
}

/// A user, without the password hash.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct User {
    /// The row id.
    pub id: i64,
    /// The log-in name, unique.
    pub name: String,
    /// What the user may do.
    pub role: Role,
    /// The language the user reads in.
    pub lang: Lang,
}

/// A user with the stored password hash (PHC string), for checking a log-in.
#[derive(Debug, Clone)]
pub struct UserWithHash {
    /// The user.
    pub user: User,
    /// The argon2id PHC string.
    pub password_hash: String,
}

/// A region the team assesses.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RegionRow {
    /// The region's id (`kobe`).
    pub id: String,
    /// Its English name.
    pub name: String,
    /// Its Japanese name (may be empty).
    pub name_ja: String,
    /// `prefecture`, `municipality`, `cluster_area` or `overseas`, if known.
    pub kind: Option<String>,
    /// An official code (JIS prefecture code for the study's regions).
    pub code: Option<String>,
    /// Latitude in degrees.
    pub lat: Option<f64>,
    /// Longitude in degrees.
    pub lon: Option<f64>,
}

/// One assessor's marks for one condition of one region (also used for settled and published marks,
/// where `assessor` is who settled or published them).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MarkRow {
    /// The region.
    pub region_id: String,
    /// The assessor.
    pub assessor: String,
    /// The condition's number.
    pub condition: i64,
    /// Strength at formation.
    pub strength: i64,
    /// Proposal for the near future.
    pub proposal: i64,
    /// Keywords separated by `;`.
    pub keywords: String,
    /// Free-text evidence.
    pub evidence: String,
}

/// One assessor's sheet for one region: its marks and the version they carry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sheet {
    /// 0 when the assessor has not saved anything for the region yet.
    pub version: i64,
    /// The marks, by condition.
    pub marks: Vec<MarkRow>,
}

/// A published chart.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Publication {
    /// The region.
    pub region_id: String,
    /// 1 for the first publication of the region, then 2, …
    pub version: i64,
    /// Who published it.
    pub published_by: String,
    /// When (Unix seconds).
    pub published_at: i64,
    /// The assessors whose marks it summarises.
    pub assessors: Vec<String>,
    /// Their agreement (Krippendorff's ordinal alpha) at the time, if defined.
    pub alpha: Option<f64>,
    /// The chart's marks, one row per condition (`assessor` is the publisher, `evidence` empty).
    pub marks: Vec<MarkRow>,
}
