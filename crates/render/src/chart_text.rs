//! The chart as a plain-text table for the terminal.
//!
//! Columns are aligned by display width, so Japanese (double-width) text lines up; long condition
//! names and keywords wrap within their columns.

use unicode_width::UnicodeWidthStr;

use crate::i18n::{Text, text};
use crate::view::ChartView;

const NAME_WIDTH: usize = 38;
const KEYWORD_WIDTH: usize = 38;

/// Pads `s` with spaces to `width` display columns.
pub(crate) fn pad(s: &str, width: usize) -> String {
    let w = s.width();
    format!("{s}{}", " ".repeat(width.saturating_sub(w)))
}

/// Wraps `s` to `width` display columns (by words, or by characters for text without spaces).
pub(crate) fn wrap(s: &str, width: usize) -> Vec<String> {
    if s.is_empty() {
        return vec![String::new()];
    }
    let options = textwrap::Options::new(width)
        .break_words(true)
        .word_separator(textwrap::WordSeparator::AsciiSpace)
        .word_splitter(textwrap::WordSplitter::NoHyphenation);
    textwrap::wrap(s, options).into_iter().map(|c| c.into_owned()).collect()
}

/// The chart as a terminal table.
pub fn chart_text(view: &ChartView) -> String {
    let lang = view.lang;
    let mut out = String::new();
    out.push_str(&format!("{} ({})\n", view.region_name, view.region_id));
    out.push_str(&format!("{}: {}\n\n", text(Text::FormationBase, lang), view.base_caption()));

    let step_w = view.rows.iter().map(|r| r.step.width()).chain([text(Text::Step, lang).width()]).max().unwrap_or(0);
    let base_w = text(Text::Base, lang).width().max(4);
    let mark_w = usize::from(view.scale_max).max(3) + 1;
    let s_head = short_heading(Text::Strength, lang);
    let p_head = short_heading(Text::Proposal, lang);
    let s_w = mark_w.max(s_head.width());
    let p_w = mark_w.max(p_head.width());

    let header = format!(
        "{}  {}  {}  {}  {}  {}",
        pad(text(Text::Step, lang), step_w),
        pad(text(Text::Base, lang), base_w),
        pad(text(Text::Condition, lang), NAME_WIDTH + 3),
        pad(s_head, s_w),
        pad(p_head, p_w),
        text(Text::Keywords, lang)
    );
    let rule_w = step_w + base_w + NAME_WIDTH + 3 + s_w + p_w + KEYWORD_WIDTH + 10;
    out.push_str(header.trim_end());
    out.push('\n');
    out.push_str(&"─".repeat(rule_w));
    out.push('\n');

    for (i, row) in view.rows.iter().enumerate() {
        if i > 0 && view.starts_step(i) {
            out.push_str(&"╌".repeat(rule_w));
            out.push('\n');
        }
        let step = if view.starts_step(i) { row.step.as_str() } else { "" };
        let base = match row.base {
            Some(b) if view.starts_base(i) => format!("({b})"),
            _ => String::new(),
        };
        let names = wrap(&row.name, NAME_WIDTH);
        let keywords = wrap(&row.keywords.join("; "), KEYWORD_WIDTH);
        let lines = names.len().max(keywords.len());
        for l in 0..lines {
            let first = l == 0;
            let number = if first { format!("{:>2} ", row.id) } else { "   ".to_string() };
            let line = format!(
                "{}  {}  {}{}  {}  {}  {}",
                pad(if first { step } else { "" }, step_w),
                pad(if first { &base } else { "" }, base_w),
                number,
                pad(names.get(l).map_or("", String::as_str), NAME_WIDTH),
                pad(if first { &row.strength.symbol } else { "" }, s_w),
                pad(if first { &row.proposal.symbol } else { "" }, p_w),
                keywords.get(l).map_or("", String::as_str)
            );
            out.push_str(line.trim_end());
            out.push('\n');
        }
    }
    out.push_str(&"─".repeat(rule_w));
    out.push('\n');
    out.push_str(&footer(view));
    out
}

/// The short column heading used in narrow layouts.
pub(crate) fn short_heading(key: Text, lang: chiiki_framework::Lang) -> &'static str {
    use chiiki_framework::Lang;
    match (key, lang) {
        (Text::Strength, Lang::En) => "Strength",
        (Text::Proposal, Lang::En) => "Proposal",
        (Text::Strength, Lang::Ja) => "強み",
        (Text::Proposal, Lang::Ja) => "提案",
        _ => text(key, lang),
    }
}

/// The lines under the chart: the marks legend, assessors and agreement.
pub(crate) fn footer(view: &ChartView) -> String {
    let lang = view.lang;
    let mut out = format!("{}\n", text(Text::MarksNote, lang));
    let assessors =
        if view.assessors.is_empty() { text(Text::NoAssessments, lang).to_string() } else { view.assessors.join(", ") };
    out.push_str(&format!("{}: {}\n", text(Text::Assessors, lang), assessors));
    if let Some(a) = &view.agreement {
        out.push_str(&format!("{}: α = {}\n", text(Text::Agreement, lang), alpha_text(a.alpha, lang)));
    }
    out
}

/// An alpha value to three decimals, or the localized "undefined".
pub(crate) fn alpha_text(alpha: Option<f64>, lang: chiiki_framework::Lang) -> String {
    alpha.map_or_else(|| text(Text::Undefined, lang).to_string(), |a| format!("{a:.3}"))
}
