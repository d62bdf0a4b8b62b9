//! A dataset: the regions and the assessments of them. The default is the study's own four charts.

use chiiki_framework::Framework;

use crate::assessment::{Assessment, read_assessments};
use crate::consensus::RegionAssessment;
use chiiki_package::InputErrors;
use chiiki_package::{Region, read_regions};

/// The study's regions (ids, English and Japanese names, JIS prefecture codes, positions).
pub(crate) const STUDY_REGIONS_CSV: &str = include_str!("../../../data/study/regions.csv");

/// The study's four Comparative Analysis Charts (Figure 2), transcribed row by row: region, cluster,
/// the formation base printed above the chart, condition, strength, proposal, keywords.
pub const STUDY_CHARTS_CSV: &str = include_str!("../../../data/study/comparative-charts.csv");

/// The assessor name under which the study's charts are recorded.
pub const STUDY_ASSESSOR: &str = "nistep-2004";

/// Regions and the assessments of them.
#[derive(Debug, Clone, PartialEq)]
pub struct Dataset {
    /// The regions, in their input order.
    pub regions: Vec<Region>,
    /// The assessments, in their input order.
    pub assessments: Vec<Assessment>,
}

impl Dataset {
    /// The study's four regions (Sapporo, Kagawa, Fukui, Kobe) with their charts recorded as the
    /// marks of one assessor, [`STUDY_ASSESSOR`].
    ///
    /// # Errors
    /// With a framework other than the study's, the charts may not fit it (a condition it lacks, a
    /// mark above its scale): the problems are returned, naming the transcription's lines.
    pub fn study(framework: &Framework) -> Result<Dataset, InputErrors> {
        let regions = read_regions("data/study/regions.csv", STUDY_REGIONS_CSV.as_bytes())
            .expect("the embedded study regions are valid");
        // The transcription, rewritten in the assessments layout (row for row, so lines match).
        let mut w = csv::Writer::from_writer(Vec::new());
        w.write_record(["region_id", "assessor", "condition", "strength", "proposal", "keywords", "date"])
            .expect("writing to memory");
        for row in study_rows() {
            w.write_record([
                row.region.as_str(),
                STUDY_ASSESSOR,
                &row.condition.to_string(),
                &row.strength.to_string(),
                &row.proposal.to_string(),
                &row.keywords,
                "2004-05",
            ])
            .expect("writing to memory");
        }
        let text = w.into_inner().expect("writing to memory");
        let assessments = read_assessments("data/study/comparative-charts.csv", text.as_slice(), framework, &regions)?;
        Ok(Dataset { regions, assessments })
    }

    /// The region with this id.
    pub fn region(&self, id: &str) -> Option<&Region> {
        self.regions.iter().find(|r| r.id == id)
    }

    /// The consensus of the assessments of one region, or `None` for an unknown region.
    pub fn assess(&self, framework: &Framework, region_id: &str) -> Option<RegionAssessment> {
        let region = self.region(region_id)?;
        Some(RegionAssessment::build(framework, region, &self.assessments))
    }

    /// The consensus of every region, in region order.
    pub fn assess_all(&self, framework: &Framework) -> Vec<RegionAssessment> {
        self.regions.iter().map(|r| RegionAssessment::build(framework, r, &self.assessments)).collect()
    }
}

/// One row of the study's transcription.
#[derive(Debug, Clone, serde::Deserialize)]
pub struct StudyRow {
    /// The region's id.
    pub region: String,
    /// The cluster's name as printed.
    pub cluster: String,
    /// The formation base printed above the chart.
    pub formation_base: u8,
    /// The condition.
    pub condition: u16,
    /// The strength mark (0 = none).
    pub strength: u8,
    /// The proposal mark (0 = none).
    pub proposal: u8,
    /// The keywords as printed.
    pub keywords: String,
    /// The line in the transcription.
    #[serde(skip)]
    pub line: u64,
}

/// The rows of the study's transcription, as printed.
pub fn study_rows() -> Vec<StudyRow> {
    let mut reader = csv::Reader::from_reader(STUDY_CHARTS_CSV.as_bytes());
    reader
        .records()
        .map(|r| {
            let r = r.expect("the embedded transcription is valid CSV");
            let mut row: StudyRow = r.deserialize(None).expect("the embedded transcription has the expected columns");
            row.line = r.position().map_or(0, |p| p.line());
            row
        })
        .collect()
}
