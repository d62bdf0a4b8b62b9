//! Reading a framework definition from TOML and checking its invariants.

use std::collections::HashSet;

use serde::Deserialize;
use toml::Spanned;

use crate::definition::{Base, Condition, ConditionId, Framework, Label, MarkLevel, Scale, Step};
use crate::error::FrameworkError;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFramework {
    id: String,
    version: Option<u32>,
    name: RawLabel,
    scale: Spanned<RawScale>,
    steps: Vec<RawStep>,
    #[serde(default)]
    bases: Vec<RawBase>,
    conditions: Vec<RawCondition>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawLabel {
    en: String,
    #[serde(default)]
    ja: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawScale {
    max: Spanned<u8>,
    levels: Vec<RawLevel>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawLevel {
    value: Spanned<u8>,
    #[serde(default)]
    symbol: String,
    en: String,
    #[serde(default)]
    ja: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawStep {
    id: Spanned<String>,
    en: String,
    #[serde(default)]
    ja: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawBase {
    id: Spanned<u8>,
    en: String,
    #[serde(default)]
    ja: String,
    conditions: Spanned<Vec<ConditionId>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCondition {
    id: Spanned<ConditionId>,
    step: Spanned<String>,
    en: String,
    #[serde(default)]
    ja: String,
    about: Option<RawLabel>,
}

/// The 1-based line of a byte offset in `src`.
fn line_of(src: &str, offset: usize) -> usize {
    src.as_bytes()[..offset.min(src.len())].iter().filter(|&&b| b == b'\n').count() + 1
}

impl Framework {
    /// Reads and checks a definition written in TOML (the layout of `data/framework.toml`).
    ///
    /// # Errors
    /// A [`FrameworkError`] naming the line and the problem: TOML syntax, a missing or unknown
    /// field, a duplicate identifier, a condition in an undefined step, a base naming an undefined
    /// condition, or a scale whose levels are not exactly 0..=max.
    pub fn from_toml_str(src: &str) -> Result<Framework, FrameworkError> {
        let raw: RawFramework = toml::from_str(src).map_err(|e| {
            let line = e.span().map(|s| line_of(src, s.start));
            FrameworkError::at(line, e.message().trim().to_string())
        })?;
        let at = |offset: usize| Some(line_of(src, offset));

        if raw.version.is_some_and(|v| v != 1) {
            return Err(FrameworkError::at(None, "unsupported definition version (this chiiki reads version 1)"));
        }

        // The scale: levels 0..=max, each exactly once.
        let scale_line = at(raw.scale.span().start);
        let raw_scale = raw.scale.into_inner();
        let max = *raw_scale.max.get_ref();
        if !(1..=9).contains(&max) {
            return Err(FrameworkError::at(
                at(raw_scale.max.span().start),
                format!("scale max must be between 1 and 9, found {max}"),
            ));
        }
        let mut levels: Vec<Option<MarkLevel>> = vec![None; usize::from(max) + 1];
        for level in raw_scale.levels {
            let value = *level.value.get_ref();
            let line = at(level.value.span().start);
            let slot = levels.get_mut(usize::from(value)).ok_or_else(|| {
                FrameworkError::at(line, format!("scale level {value} is above the scale's max {max}"))
            })?;
            if slot.is_some() {
                return Err(FrameworkError::at(line, format!("scale level {value} is defined twice")));
            }
            *slot = Some(MarkLevel { value, symbol: level.symbol, label: Label { en: level.en, ja: level.ja } });
        }
        let levels = levels
            .into_iter()
            .enumerate()
            .map(|(v, l)| l.ok_or_else(|| FrameworkError::at(scale_line, format!("scale level {v} is not defined"))))
            .collect::<Result<Vec<_>, _>>()?;

        // Steps.
        if raw.steps.is_empty() {
            return Err(FrameworkError::at(None, "the definition has no steps"));
        }
        let mut steps = Vec::with_capacity(raw.steps.len());
        for step in raw.steps {
            let id = step.id.get_ref().trim().to_string();
            if id.is_empty() {
                return Err(FrameworkError::at(at(step.id.span().start), "step id is empty"));
            }
            if steps.iter().any(|s: &Step| s.id == id) {
                return Err(FrameworkError::at(at(step.id.span().start), format!("step `{id}` is defined twice")));
            }
            steps.push(Step { id, label: Label { en: step.en, ja: step.ja } });
        }

        // Conditions, in step order.
        if raw.conditions.is_empty() {
            return Err(FrameworkError::at(None, "the definition has no conditions"));
        }
        let mut conditions: Vec<Condition> = Vec::with_capacity(raw.conditions.len());
        let mut last_step = 0;
        for c in raw.conditions {
            let id = *c.id.get_ref();
            let line = at(c.id.span().start);
            if id == 0 {
                return Err(FrameworkError::at(line, "condition id must be 1 or more"));
            }
            if conditions.iter().any(|d| d.id == id) {
                return Err(FrameworkError::at(line, format!("condition {id} is defined twice")));
            }
            let step_name = c.step.get_ref();
            let step = steps.iter().position(|s| &s.id == step_name).ok_or_else(|| {
                FrameworkError::at(
                    at(c.step.span().start),
                    format!("condition {id} names step `{step_name}`, which is not defined"),
                )
            })?;
            if step < last_step {
                return Err(FrameworkError::at(
                    at(c.step.span().start),
                    format!("condition {id} is in step `{step_name}` but follows a condition of a later step"),
                ));
            }
            last_step = step;
            let about =
                c.about.map(|a| Label { en: a.en, ja: a.ja }).unwrap_or(Label { en: String::new(), ja: String::new() });
            conditions.push(Condition { id, step, label: Label { en: c.en, ja: c.ja }, about });
        }

        // Bases.
        let mut bases: Vec<Base> = Vec::with_capacity(raw.bases.len());
        let mut in_base: HashSet<ConditionId> = HashSet::new();
        for b in raw.bases {
            let id = *b.id.get_ref();
            let line = at(b.id.span().start);
            if id == 0 {
                return Err(FrameworkError::at(line, "base id must be 1 or more"));
            }
            if bases.iter().any(|d| d.id == id) {
                return Err(FrameworkError::at(line, format!("base {id} is defined twice")));
            }
            let cline = at(b.conditions.span().start);
            let members = b.conditions.into_inner();
            if members.is_empty() {
                return Err(FrameworkError::at(cline, format!("base {id} has no conditions")));
            }
            for &m in &members {
                if !conditions.iter().any(|c| c.id == m) {
                    return Err(FrameworkError::at(
                        cline,
                        format!("base {id} names condition {m}, which is not defined"),
                    ));
                }
                if !in_base.insert(m) {
                    return Err(FrameworkError::at(cline, format!("condition {m} is in more than one base")));
                }
            }
            bases.push(Base { id, label: Label { en: b.en, ja: b.ja }, conditions: members });
        }

        Ok(Framework {
            id: raw.id,
            name: Label { en: raw.name.en, ja: raw.name.ja },
            scale: Scale { levels },
            steps,
            bases,
            conditions,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Lang;

    #[test]
    fn embedded_definition_matches_the_study() {
        let fw = Framework::study();
        assert_eq!(fw.id(), "nistep-2004");
        let ids: Vec<_> = fw.conditions().iter().map(|c| c.id).collect();
        assert_eq!(ids, (1..=15).collect::<Vec<_>>());
        let steps: Vec<_> = fw.conditions().iter().map(|c| fw.step_of(c).id.as_str()).collect();
        assert_eq!(&steps[..6], ["formation"; 6]);
        assert_eq!(&steps[6..12], ["promotion"; 6]);
        assert_eq!(&steps[12..], ["output"; 3]);
        // The study's bases: (1) = 1–2, (2) = 3–4, (3) = 5, (4) = 6.
        let bases: Vec<_> = fw.bases().iter().map(|b| (b.id, b.conditions.clone())).collect();
        assert_eq!(bases, vec![(1, vec![1, 2]), (2, vec![3, 4]), (3, vec![5]), (4, vec![6])]);
        assert_eq!(fw.scale().max(), 3);
        let symbols: Vec<_> = fw.scale().levels().iter().map(|l| l.symbol.as_str()).collect();
        assert_eq!(symbols, ["", "*", "**", "***"]);
        for c in fw.conditions() {
            assert!(!c.label.en.is_empty() && !c.label.ja.is_empty(), "condition {} lacks a label", c.id);
            assert!(c.label.ja.chars().any(|ch| ch as u32 > 0x3000), "condition {} Japanese label", c.id);
        }
        assert_eq!(fw.condition(6).unwrap().label.get(Lang::Ja), "経済的危機感の共有");
    }

    fn err(src: &str) -> FrameworkError {
        Framework::from_toml_str(src).unwrap_err()
    }

    const SCALE: &str = "id = \"t\"\nname.en = \"T\"\n[scale]\nmax = 1\nlevels = [{ value = 0, en = \"no\" }, { value = 1, symbol = \"*\", en = \"yes\" }]\n";

    #[test]
    fn a_minimal_custom_rubric_is_accepted() {
        let src =
            format!("{SCALE}[[steps]]\nid = \"a\"\nen = \"A\"\n[[conditions]]\nid = 1\nstep = \"a\"\nen = \"One\"\n");
        let fw = Framework::from_toml_str(&src).unwrap();
        assert_eq!(fw.conditions().len(), 1);
        assert!(fw.bases().is_empty());
        assert_eq!(fw.condition(1).unwrap().label.get(Lang::Ja), "One", "falls back to English");
    }

    #[test]
    fn syntax_errors_name_the_line() {
        let e = err("id = \"t\"\nname.en = \"T\"\n[scale\n");
        assert_eq!(e.line, Some(3), "{e}");
    }

    #[test]
    fn unknown_fields_are_refused_with_their_line() {
        let src = format!("{SCALE}[[steps]]\nid = \"a\"\nen = \"A\"\ncolour = \"red\"\n");
        let e = err(&src);
        assert_eq!(e.line, Some(9), "{e}");
        assert!(e.message.contains("colour"), "{e}");
    }

    #[test]
    fn semantic_errors_name_the_line() {
        let dup = format!(
            "{SCALE}[[steps]]\nid = \"a\"\nen = \"A\"\n[[conditions]]\nid = 1\nstep = \"a\"\nen = \"One\"\n[[conditions]]\nid = 1\nstep = \"a\"\nen = \"Again\"\n"
        );
        let e = err(&dup);
        assert_eq!((e.line, e.message.as_str()), (Some(14), "condition 1 is defined twice"));

        let bad_step =
            format!("{SCALE}[[steps]]\nid = \"a\"\nen = \"A\"\n[[conditions]]\nid = 1\nstep = \"b\"\nen = \"One\"\n");
        let e = err(&bad_step);
        assert_eq!(e.line, Some(11));
        assert!(e.message.contains("step `b`"), "{e}");

        let bad_base = format!(
            "{SCALE}[[steps]]\nid = \"a\"\nen = \"A\"\n[[bases]]\nid = 1\nen = \"B\"\nconditions = [1, 7]\n[[conditions]]\nid = 1\nstep = \"a\"\nen = \"One\"\n"
        );
        let e = err(&bad_base);
        assert_eq!(e.line, Some(12));
        assert!(e.message.contains("condition 7"), "{e}");
    }

    #[test]
    fn the_scale_must_cover_every_level() {
        let src = "id = \"t\"\nname.en = \"T\"\n[scale]\nmax = 2\nlevels = [{ value = 0, en = \"no\" }, { value = 2, en = \"yes\" }]\n[[steps]]\nid = \"a\"\nen = \"A\"\n[[conditions]]\nid = 1\nstep = \"a\"\nen = \"One\"\n";
        let e = err(src);
        assert_eq!(e.message, "scale level 1 is not defined");
        let src = src.replace("value = 2", "value = 5");
        assert!(err(&src).message.contains("above the scale's max"));
    }
}
