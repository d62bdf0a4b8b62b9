//! The assessment framework as data: conditions of success, the steps they belong to, the formation
//! bases that group the formation conditions, and the scale of marks.
//!
//! chiiki ships one definition, NISTEP Policy Study No. 9 (2004), embedded from `data/framework.toml`:
//! 15 conditions in three steps (formation, promotion, output), four formation bases and marks from
//! 0 (none) to 3 (`***`). A user can load another definition with [`Framework::from_toml_str`] — a
//! different rubric, more conditions, a longer scale — and every part of chiiki follows it.
//!
//! The main types are [`Framework`], [`Condition`], [`Step`], [`Base`], [`Scale`] and [`Mark`].
//! Labels come in English and Japanese ([`Label`], [`Lang`]).
//!
//! ```
//! use chiiki_framework::{Framework, Lang};
//!
//! let fw = Framework::study();
//! assert_eq!(fw.conditions().len(), 15);
//! let five = fw.condition(5).unwrap();
//! assert_eq!(five.label.get(Lang::En), "Core start-ups");
//! assert_eq!(fw.base_of(5).unwrap().id, 3);
//! assert_eq!(fw.scale().symbol(fw.scale().mark(3).unwrap()), "***");
//! ```

mod definition;
mod error;
mod parse;

pub use definition::{Base, Condition, ConditionId, Framework, Label, Lang, Mark, MarkLevel, Scale, Step};
pub use error::FrameworkError;

/// The embedded default definition (NISTEP Policy Study No. 9), as TOML text.
pub const STUDY_FRAMEWORK_TOML: &str = include_str!("../../../data/framework.toml");
