//! Regions, expert assessments and the diagnosis of a regional cluster, as the NISTEP study draws it:
//! per region and condition a consensus mark for its strength at formation and for the proposed
//! promotion condition, the agreement among assessors, the formation base, strengths, proposals and
//! conditions without any mark.
//!
//! Everything here is pure: inputs arrive as text or readers, results leave as values. Reading a CSV
//! never stops at the first problem; it returns every problem found, each naming file, line and field
//! ([`InputError`]), and returns no data at all if there is any.
//!
//! Main types: [`Region`], [`Assessment`], [`Dataset`], [`RegionAssessment`] (the consensus),
//! [`Agreement`] and [`Diagnosis`].
//!
//! ```
//! use chiiki_diagnosis::{Dataset, Diagnosis, DiagnosisConfig};
//! use chiiki_framework::Framework;
//!
//! let fw = Framework::study();
//! let study = Dataset::study(&fw).unwrap();
//! let kobe = study.assess(&fw, "kobe").unwrap();
//! let d = Diagnosis::of(&fw, &kobe, &DiagnosisConfig::default());
//! assert_eq!(d.formation_base.primary(), Some(4)); // (4) sense of economic crisis
//! ```

mod agreement;
mod assessment;
mod consensus;
mod dataset;
mod diagnosis;

pub use agreement::{Agreement, overall_agreement};
pub use assessment::{Assessment, read_assessments};
pub use chiiki_package::{InputError, InputErrors, Region, read_regions};
pub use consensus::{ConditionConsensus, MarkSummary, Rating, RegionAssessment};
pub use dataset::{Dataset, STUDY_ASSESSOR, STUDY_CHARTS_CSV, StudyRow, study_rows};
pub use diagnosis::{Diagnosis, DiagnosisConfig, Disagreement, FormationBase, MarkKind, RankedMark};
