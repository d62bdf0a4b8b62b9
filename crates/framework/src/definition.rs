//! The framework's types and their lookups.

use std::fmt;

/// The number of a condition in the framework (1–15 in the study's framework).
pub type ConditionId = u16;

/// A language chiiki can label its output in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Lang {
    /// English.
    #[default]
    En,
    /// Japanese.
    Ja,
}

impl Lang {
    /// The language's ISO 639-1 code (`en`, `ja`).
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Ja => "ja",
        }
    }
}

/// A text in English and Japanese.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Label {
    /// The English text.
    pub en: String,
    /// The Japanese text.
    pub ja: String,
}

impl Label {
    /// The text in `lang`; the English text when the Japanese one is empty.
    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::Ja if !self.ja.is_empty() => &self.ja,
            _ => &self.en,
        }
    }
}

/// A mark on the framework's scale: an integer from 0 (no mark) to the scale's maximum.
///
/// A `Mark` can only be made through [`Scale::mark`], so it is always within the scale it came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Mark(u8);

impl Mark {
    /// No mark.
    pub const NONE: Mark = Mark(0);

    /// The mark's value (0 = none).
    pub fn value(self) -> u8 {
        self.0
    }

    /// Whether this is a mark at all (value above 0).
    pub fn is_marked(self) -> bool {
        self.0 > 0
    }
}

impl fmt::Display for Mark {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

/// One level of the mark scale: its value, the symbol printed in charts, and its name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MarkLevel {
    /// The mark's value.
    pub value: u8,
    /// The symbol printed in charts (`""`, `*`, `**`, `***` in the study).
    pub symbol: String,
    /// The level's name.
    pub label: Label,
}

/// The scale of marks: levels 0 to `max`, one [`MarkLevel`] each.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Scale {
    pub(crate) levels: Vec<MarkLevel>,
}

impl Scale {
    /// The highest mark.
    pub fn max(&self) -> u8 {
        (self.levels.len() - 1) as u8
    }

    /// The mark with this value, or `None` when it lies outside 0..=max.
    pub fn mark(&self, value: u8) -> Option<Mark> {
        (value <= self.max()).then_some(Mark(value))
    }

    /// The levels, from 0 up.
    pub fn levels(&self) -> &[MarkLevel] {
        &self.levels
    }

    /// The chart symbol of a mark.
    pub fn symbol(&self, mark: Mark) -> &str {
        &self.levels[usize::from(mark.0)].symbol
    }
}

/// A step of cluster development (formation, promotion, output in the study).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Step {
    /// The step's identifier (`formation`, `promotion`, `output`), used in files and JSON.
    pub id: String,
    /// The step's name.
    pub label: Label,
}

/// A formation base: a group of formation conditions on which a cluster can be formed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Base {
    /// The base's number (1–4 in the study).
    pub id: u8,
    /// The base's name.
    pub label: Label,
    /// The conditions in the group, in the definition's order.
    pub conditions: Vec<ConditionId>,
}

/// A condition of success.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Condition {
    /// The condition's number.
    pub id: ConditionId,
    /// Index into [`Framework::steps`] of the step it belongs to.
    pub step: usize,
    /// The condition's name.
    pub label: Label,
    /// A one-sentence explanation.
    pub about: Label,
}

/// A complete, validated framework definition.
///
/// Invariants, checked when it is built: condition, step and base identifiers are unique; every
/// condition belongs to a defined step; steps appear in order and each condition's step is not
/// earlier than the previous condition's; every base names defined conditions and no condition is in
/// two bases; the scale has levels 0..=max with max from 1 to 9.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Framework {
    pub(crate) id: String,
    pub(crate) name: Label,
    pub(crate) scale: Scale,
    pub(crate) steps: Vec<Step>,
    pub(crate) bases: Vec<Base>,
    pub(crate) conditions: Vec<Condition>,
}

impl Framework {
    /// The embedded definition of NISTEP Policy Study No. 9.
    pub fn study() -> Framework {
        Framework::from_toml_str(crate::STUDY_FRAMEWORK_TOML).expect("the embedded framework definition is valid")
    }

    /// The definition's identifier (`nistep-2004` for the study's).
    pub fn id(&self) -> &str {
        &self.id
    }

    /// The definition's title.
    pub fn name(&self) -> &Label {
        &self.name
    }

    /// The mark scale.
    pub fn scale(&self) -> &Scale {
        &self.scale
    }

    /// The steps, in order.
    pub fn steps(&self) -> &[Step] {
        &self.steps
    }

    /// The formation bases, in order.
    pub fn bases(&self) -> &[Base] {
        &self.bases
    }

    /// The conditions, in order.
    pub fn conditions(&self) -> &[Condition] {
        &self.conditions
    }

    /// The condition with this number.
    pub fn condition(&self, id: ConditionId) -> Option<&Condition> {
        self.conditions.iter().find(|c| c.id == id)
    }

    /// The step a condition belongs to.
    pub fn step_of(&self, condition: &Condition) -> &Step {
        &self.steps[condition.step]
    }

    /// The formation base whose group holds this condition, if any.
    pub fn base_of(&self, id: ConditionId) -> Option<&Base> {
        self.bases.iter().find(|b| b.conditions.contains(&id))
    }

    /// The base with this number.
    pub fn base(&self, id: u8) -> Option<&Base> {
        self.bases.iter().find(|b| b.id == id)
    }
}
