//! The chart as a Markdown (GitHub-flavoured) table.

use crate::chart_text::{footer, short_heading};
use crate::i18n::{Text, text};
use crate::view::ChartView;

/// Escapes Markdown table syntax and emphasis in a cell.
fn cell(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for ch in s.chars() {
        match ch {
            '|' | '*' | '_' | '`' | '\\' | '[' | ']' | '<' | '>' => {
                out.push('\\');
                out.push(ch);
            }
            '\n' | '\r' => out.push(' '),
            _ => out.push(ch),
        }
    }
    out
}

/// The chart as a Markdown section: a heading, the formation base and a table of all conditions.
pub fn chart_markdown(view: &ChartView) -> String {
    let lang = view.lang;
    let mut out = format!("## {}\n\n", cell(&view.region_name));
    out.push_str(&format!("**{}:** {}\n\n", text(Text::FormationBase, lang), cell(&view.base_caption())));
    out.push_str(&format!(
        "| {} | {} | # | {} | {} | {} | {} |\n|---|---|--:|---|:-:|:-:|---|\n",
        text(Text::Step, lang),
        text(Text::Base, lang),
        text(Text::Condition, lang),
        short_heading(Text::Strength, lang),
        short_heading(Text::Proposal, lang),
        text(Text::Keywords, lang)
    ));
    for (i, row) in view.rows.iter().enumerate() {
        let step = if view.starts_step(i) { cell(&row.step) } else { String::new() };
        let base = match row.base {
            Some(b) if view.starts_base(i) => format!("({b})"),
            _ => String::new(),
        };
        out.push_str(&format!(
            "| {} | {} | {} | {} | {} | {} | {} |\n",
            step,
            base,
            row.id,
            cell(&row.name),
            cell(&row.strength.symbol),
            cell(&row.proposal.symbol),
            cell(&row.keywords.join("; "))
        ));
    }
    out.push('\n');
    for line in footer(view).lines() {
        out.push_str(&cell(line));
        out.push_str("  \n");
    }
    out
}
