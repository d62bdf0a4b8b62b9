//! The fixed words of chiiki's output in English and Japanese.

use chiiki_framework::Lang;

/// A fixed word or phrase of the output.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Text {
    /// Column: the step.
    Step,
    /// Column: the formation base group.
    Base,
    /// Column: the condition.
    Condition,
    /// Column: strength at the time of formation.
    Strength,
    /// Column: proposed promotion condition for the near future.
    Proposal,
    /// Column: keywords.
    Keywords,
    /// "Formation base".
    FormationBase,
    /// "No formation base".
    NoFormationBase,
    /// "tied with".
    TiedWith,
    /// The chart's title.
    ChartTitle,
    /// "Assessors".
    Assessors,
    /// "Agreement".
    Agreement,
    /// "Strengths".
    Strengths,
    /// "Proposals".
    Proposals,
    /// "Unmarked".
    Unmarked,
    /// "Disagreements".
    Disagreements,
    /// "undefined" (for alpha).
    Undefined,
    /// Note under the chart explaining the marks.
    MarksNote,
    /// "Overall agreement".
    OverallAgreement,
    /// "single assessor".
    SingleAssessor,
    /// The consensus line's heading.
    Consensus,
    /// "no assessments".
    NoAssessments,
    /// The heat map's title.
    HeatmapTitle,
    /// The heat map's subtitle: how to read a cell.
    HeatmapNote,
    /// A region without a formation base, in a heat map's column header.
    NoBase,
}

/// The text of `key` in `lang`.
pub fn text(key: Text, lang: Lang) -> &'static str {
    use Text::*;
    match (key, lang) {
        (Step, Lang::En) => "Step",
        (Step, Lang::Ja) => "段階",
        (Base, Lang::En) => "Base",
        (Base, Lang::Ja) => "基盤",
        (Condition, Lang::En) => "Condition",
        (Condition, Lang::Ja) => "条件",
        (Strength, Lang::En) => "Strength at formation",
        (Strength, Lang::Ja) => "形成時の強み",
        (Proposal, Lang::En) => "Proposal for the near future",
        (Proposal, Lang::Ja) => "今後の促進条件（提案）",
        (Keywords, Lang::En) => "Keywords",
        (Keywords, Lang::Ja) => "キーワード",
        (FormationBase, Lang::En) => "Formation base",
        (FormationBase, Lang::Ja) => "形成基盤",
        (NoFormationBase, Lang::En) => "none (no formation condition is marked as a strength)",
        (NoFormationBase, Lang::Ja) => "なし（形成条件に強みの評価がない）",
        (TiedWith, Lang::En) => "tied with",
        (TiedWith, Lang::Ja) => "同点",
        (ChartTitle, Lang::En) => "Comparative Analysis Chart",
        (ChartTitle, Lang::Ja) => "比較分析チャート",
        (Assessors, Lang::En) => "Assessors",
        (Assessors, Lang::Ja) => "評価者",
        (Agreement, Lang::En) => "Agreement (Krippendorff's ordinal alpha)",
        (Agreement, Lang::Ja) => "一致度（クリッペンドルフの順序α）",
        (Strengths, Lang::En) => "Strengths",
        (Strengths, Lang::Ja) => "強み",
        (Proposals, Lang::En) => "Proposals",
        (Proposals, Lang::Ja) => "提案",
        (Unmarked, Lang::En) => "Unmarked",
        (Unmarked, Lang::Ja) => "評価なし",
        (Disagreements, Lang::En) => "Disagreements",
        (Disagreements, Lang::Ja) => "評価の不一致",
        (Undefined, Lang::En) => "undefined",
        (Undefined, Lang::Ja) => "算出不能",
        (MarksNote, Lang::En) => "Marks: *** strong, ** marked, * some; blank = none.",
        (MarksNote, Lang::Ja) => "評価: *** 強, ** 中, * 弱; 空欄 = なし。",
        (OverallAgreement, Lang::En) => "Overall agreement",
        (OverallAgreement, Lang::Ja) => "全体の一致度",
        (SingleAssessor, Lang::En) => "single assessor",
        (SingleAssessor, Lang::Ja) => "評価者1名",
        (NoAssessments, Lang::En) => "no assessments",
        (NoAssessments, Lang::Ja) => "評価なし",
        (Consensus, Lang::En) => "Consensus (condition: strength/proposal, spread)",
        (Consensus, Lang::Ja) => "合意（条件: 強み/提案、範囲）",
        (HeatmapTitle, Lang::En) => "Strengths and proposals by region",
        (HeatmapTitle, Lang::Ja) => "地域別の強みと提言",
        (HeatmapNote, Lang::En) => {
            "Each cell: strength at formation (left) and proposal for the near future (right); darker = higher mark."
        }
        (HeatmapNote, Lang::Ja) => "各セルの左は形成時の強み、右は今後の促進条件（提案）。色が濃いほど評価が高い。",
        (NoBase, Lang::En) => "no formation base",
        (NoBase, Lang::Ja) => "形成基盤なし",
    }
}
