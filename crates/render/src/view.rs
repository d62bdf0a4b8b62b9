//! [`ChartView`]: one region's chart, resolved to one language, ready for any renderer.

use chiiki_diagnosis::{Agreement, FormationBase, MarkSummary, RegionAssessment};
use chiiki_framework::{ConditionId, Framework, Lang};

/// One mark as the chart shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MarkCell {
    /// The consensus mark's value (0 = none).
    pub value: u8,
    /// Its chart symbol (`***`, `**`, `*` or empty).
    pub symbol: String,
    /// The lowest and highest mark the assessors gave.
    pub spread: (u8, u8),
}

/// One condition's row of the chart.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChartRow {
    /// The condition's number.
    pub id: ConditionId,
    /// The step's identifier (`formation`, `promotion`, `output`).
    pub step_id: String,
    /// The step's name in the view's language.
    pub step: String,
    /// The formation base group the condition belongs to, if any.
    pub base: Option<u8>,
    /// The condition's name in the view's language.
    pub name: String,
    /// Strength at the time of formation.
    pub strength: MarkCell,
    /// Proposed promotion condition for the near future.
    pub proposal: MarkCell,
    /// Keywords, each once.
    pub keywords: Vec<String>,
}

/// A region's Comparative Analysis Chart, resolved to one language.
#[derive(Debug, Clone, PartialEq)]
pub struct ChartView {
    /// The language of names and headings.
    pub lang: Lang,
    /// The framework's identifier.
    pub framework_id: String,
    /// The region's id.
    pub region_id: String,
    /// The region's name in the view's language.
    pub region_name: String,
    /// The formation base: number and name; `None` when no formation condition is a strength.
    pub base: Option<(u8, String)>,
    /// Other bases tied with it on the top mark (see `chiiki_diagnosis::FormationBase`).
    pub tied_with: Vec<(u8, String)>,
    /// The rows, one per framework condition, in order.
    pub rows: Vec<ChartRow>,
    /// The assessors whose marks make the chart.
    pub assessors: Vec<String>,
    /// Agreement among them (`None` with a single assessor).
    pub agreement: Option<Agreement>,
    /// The highest mark on the scale.
    pub scale_max: u8,
}

fn cell(framework: &Framework, m: MarkSummary) -> MarkCell {
    MarkCell {
        value: m.consensus.value(),
        symbol: framework.scale().symbol(m.consensus).to_string(),
        spread: (m.min.value(), m.max.value()),
    }
}

impl ChartView {
    /// Resolves a region's consensus into a chart in `lang`.
    pub fn new(framework: &Framework, assessment: &RegionAssessment, lang: Lang) -> ChartView {
        let base_name = |id: u8| framework.base(id).map(|b| b.label.get(lang).to_string()).unwrap_or_default();
        let (base, tied_with) = match FormationBase::of(framework, assessment) {
            FormationBase::None => (None, Vec::new()),
            FormationBase::Found { base, tied_with, .. } => {
                (Some((base, base_name(base))), tied_with.into_iter().map(|b| (b, base_name(b))).collect())
            }
        };
        let rows = framework
            .conditions()
            .iter()
            .zip(&assessment.conditions)
            .map(|(c, cc)| ChartRow {
                id: c.id,
                step_id: framework.step_of(c).id.clone(),
                step: framework.step_of(c).label.get(lang).to_string(),
                base: framework.base_of(c.id).map(|b| b.id),
                name: c.label.get(lang).to_string(),
                strength: cell(framework, cc.strength),
                proposal: cell(framework, cc.proposal),
                keywords: cc.keywords.clone(),
            })
            .collect();
        ChartView {
            lang,
            framework_id: framework.id().to_string(),
            region_id: assessment.region.id.clone(),
            region_name: assessment.region.name(lang).to_string(),
            base,
            tied_with,
            rows,
            assessors: assessment.assessors.clone(),
            agreement: assessment.agreement.clone(),
            scale_max: framework.scale().max(),
        }
    }

    /// "(3) Core start-ups", or the localized "none" when there is no base.
    pub fn base_caption(&self) -> String {
        use crate::i18n::{Text, text};
        match &self.base {
            None => text(Text::NoFormationBase, self.lang).to_string(),
            Some((id, name)) => {
                let mut s = format!("({id}) {name}");
                if !self.tied_with.is_empty() {
                    let others: Vec<String> = self.tied_with.iter().map(|(i, n)| format!("({i}) {n}")).collect();
                    s.push_str(&format!("; {} {}", text(Text::TiedWith, self.lang), others.join(", ")));
                }
                s
            }
        }
    }

    /// Whether a row starts a new step (for grouping lines).
    pub fn starts_step(&self, index: usize) -> bool {
        index == 0 || self.rows[index].step_id != self.rows[index - 1].step_id
    }

    /// Whether a row starts a new base group within its step.
    pub fn starts_base(&self, index: usize) -> bool {
        self.starts_step(index) || self.rows[index].base != self.rows[index - 1].base
    }

    /// The number of rows from `index` that share its step.
    pub fn step_span(&self, index: usize) -> usize {
        self.rows[index..].iter().take_while(|r| r.step_id == self.rows[index].step_id).count()
    }

    /// The number of rows from `index` that share its step and base group.
    pub fn base_span(&self, index: usize) -> usize {
        let r0 = &self.rows[index];
        self.rows[index..].iter().take_while(|r| r.step_id == r0.step_id && r.base == r0.base).count()
    }
}
