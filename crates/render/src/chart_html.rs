//! The charts as one standalone HTML page, laid out like Figure 2 of NISTEP Policy Study No. 9.
//!
//! Each chart is a `<section class="chart" data-region="ID">` with the region's name, its formation
//! base and a `<table>`: the step and the formation base group are cells spanning their rows, then
//! the condition's number and name, the strength at formation, the proposal for the near future and
//! the keywords. A note under the table explains the marks and, when several assessors marked the
//! region, gives their agreement.
//!
//! The page has no scripts and loads nothing: its style sheet is embedded and it names fonts the
//! reader may have (Noto Sans, Noto Sans CJK JP, IPAexGothic) before the generic sans-serif. It is
//! also well-formed XML after its doctype (void elements are self-closed, only XML's entities are
//! used), so tools can read it with an XML parser. Other tools can rely on this structure: rows are
//! `<tr data-condition="N">`, marks `<td class="mark strength" data-mark="V">` and
//! `<td class="mark proposal" data-mark="V">` holding the mark's symbol, and keywords
//! `<td class="keywords">`, joined by `"; "`.

use std::fmt::Write as _;

use chiiki_framework::Lang;

use crate::chart_svg::{agreement_note, escape, labelled};
use crate::i18n::{Text, text};
use crate::view::{ChartView, MarkCell};

/// The page's style sheet: a publication look on screen and on paper.
const STYLE: &str = r#"
:root { color-scheme: light; }
body {
  margin: 2rem auto; padding: 0 1.5rem; max-width: 1000px;
  font-family: 'Noto Sans', 'Noto Sans CJK JP', 'IPAexGothic', sans-serif;
  font-size: 13px; line-height: 1.4; color: #1a1a1a; background: #fff;
}
h1 { margin: 0 0 1.5rem; font-size: 13px; font-weight: 600; letter-spacing: 0.06em; color: #555b63; }
section.chart { margin: 0 0 3rem; }
section.chart h2 { margin: 0; font-size: 21px; line-height: 1.25; }
section.chart p.base { margin: 0.25rem 0 0.9rem; font-size: 14px; }
table { width: 100%; border-collapse: collapse; table-layout: fixed;
  border-top: 1.5px solid #1a1a1a; border-bottom: 1.5px solid #1a1a1a; }
col.step { width: 8.5%; }
col.base { width: 5%; }
col.no { width: 4%; }
col.condition { width: 25%; }
col.strength, col.proposal { width: 10.5%; }
th, td { padding: 5px 7px; border: 0.5px solid #c9ced4; vertical-align: middle; overflow-wrap: anywhere; }
thead th { background: #eceef1; border-bottom: 1px solid #1a1a1a; font-size: 11.5px; line-height: 1.25; text-align: center; }
thead th.condition, thead th.keywords { text-align: left; }
tbody + tbody { border-top: 1px solid #7d848c; }
tbody:nth-of-type(odd) td { background: #f6f7f9; }
th.step { background: #e6e9ed; text-align: center; font-weight: 700; }
td.base, td.no { text-align: center; white-space: nowrap; }
td.base.formation-base { font-weight: 700; }
td.mark { text-align: center; font-size: 16px; font-weight: 700; letter-spacing: 1px; white-space: nowrap; }
tbody td.mark.strength:not([data-mark="0"]) { background: #f7e4c0; }
tbody td.mark.proposal:not([data-mark="0"]) { background: #d6e4f3; }
p.note { margin: 0.5rem 0 0; font-size: 11.5px; color: #555b63; }
p.note + p.note { margin-top: 0.1rem; }
@media print {
  body { margin: 0; padding: 0; max-width: none; font-size: 10pt; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  section.chart { break-inside: avoid; }
  section.chart + section.chart { break-before: page; }
}
"#;

/// The charts as one standalone HTML page (no external resources).
///
/// The page's language is the first chart's; each section also carries its own.
///
/// ```
/// use chiiki_diagnosis::Dataset;
/// use chiiki_framework::{Framework, Lang};
/// use chiiki_render::{ChartView, chart_html};
///
/// let fw = Framework::study();
/// let fukui = Dataset::study(&fw).unwrap().assess(&fw, "fukui").unwrap();
/// let html = chart_html(&[ChartView::new(&fw, &fukui, Lang::En)]);
/// assert!(html.contains(r#"<td class="mark strength" data-mark="3">***</td>"#));
/// ```
pub fn chart_html(views: &[ChartView]) -> String {
    let lang = views.first().map_or(Lang::En, |v| v.lang);
    let names: Vec<&str> = views.iter().map(|v| v.region_name.as_str()).collect();
    let title = if names.is_empty() {
        text(Text::ChartTitle, lang).to_string()
    } else {
        labelled(text(Text::ChartTitle, lang), &names.join(list_separator(lang)), lang)
    };
    let mut out = String::new();
    let _ = write!(
        out,
        concat!(
            "<!doctype html>\n<html lang=\"{lang}\">\n<head>\n<meta charset=\"utf-8\"/>\n",
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>\n",
            "<title>{title}</title>\n<style>{style}</style>\n</head>\n<body>\n<main>\n<h1>{heading}</h1>\n"
        ),
        lang = lang.code(),
        title = escape(&title),
        style = STYLE,
        heading = escape(text(Text::ChartTitle, lang)),
    );
    for view in views {
        section(&mut out, view);
    }
    out.push_str("</main>\n</body>\n</html>\n");
    out
}

/// The separator of a list of names in `lang`.
fn list_separator(lang: Lang) -> &'static str {
    match lang {
        Lang::En => ", ",
        Lang::Ja => "、",
    }
}

/// One region's chart.
fn section(out: &mut String, view: &ChartView) {
    let lang = view.lang;
    let base = labelled(text(Text::FormationBase, lang), &view.base_caption(), lang);
    let _ = write!(
        out,
        concat!(
            "<section class=\"chart\" data-region=\"{id}\" lang=\"{lang}\">\n<h2>{name}</h2>\n",
            "<p class=\"base\">{base}</p>\n<table>\n",
            "<colgroup><col class=\"step\"/><col class=\"base\"/><col class=\"no\"/><col class=\"condition\"/>",
            "<col class=\"strength\"/><col class=\"proposal\"/><col class=\"keywords\"/></colgroup>\n<thead><tr>"
        ),
        id = escape(&view.region_id),
        lang = lang.code(),
        name = escape(&view.region_name),
        base = escape(&base),
    );
    let headings = [
        ("step", text(Text::Step, lang)),
        ("base", text(Text::Base, lang)),
        ("no", "No."),
        ("condition", text(Text::Condition, lang)),
        ("strength", text(Text::Strength, lang)),
        ("proposal", text(Text::Proposal, lang)),
        ("keywords", text(Text::Keywords, lang)),
    ];
    for (class, heading) in headings {
        let _ = write!(out, r#"<th scope="col" class="{class}">{}</th>"#, escape(heading));
    }
    out.push_str("</tr></thead>\n");
    let is_formation_base = |id: u8| {
        view.base.as_ref().is_some_and(|(b, _)| *b == id) || view.tied_with.iter().any(|(b, _)| *b == id)
    };
    for (i, row) in view.rows.iter().enumerate() {
        if view.starts_step(i) {
            if i > 0 {
                out.push_str("</tbody>\n");
            }
            let _ = writeln!(out, r#"<tbody class="step-{}">"#, escape(&row.step_id));
        }
        let _ = write!(out, r#"<tr data-condition="{}">"#, row.id);
        if view.starts_step(i) {
            let _ = write!(
                out,
                r#"<th scope="rowgroup" class="step" rowspan="{}">{}</th>"#,
                view.step_span(i),
                escape(&row.step)
            );
        }
        if view.starts_base(i) {
            let span = view.base_span(i);
            match row.base {
                Some(b) if is_formation_base(b) => {
                    let _ = write!(out, r#"<td class="base formation-base" rowspan="{span}">({b})</td>"#);
                }
                Some(b) => {
                    let _ = write!(out, r#"<td class="base" rowspan="{span}">({b})</td>"#);
                }
                None => {
                    let _ = write!(out, r#"<td class="base" rowspan="{span}"></td>"#);
                }
            }
        }
        let _ = write!(out, r#"<td class="no">{}</td><td class="condition">{}</td>"#, row.id, escape(&row.name));
        mark(out, "strength", &row.strength);
        mark(out, "proposal", &row.proposal);
        let _ = writeln!(out, r#"<td class="keywords">{}</td></tr>"#, escape(&row.keywords.join("; ")));
    }
    if !view.rows.is_empty() {
        out.push_str("</tbody>\n");
    }
    out.push_str("</table>\n");
    let _ = writeln!(out, r#"<p class="note">{}</p>"#, escape(text(Text::MarksNote, lang)));
    if let Some(note) = agreement_note(view) {
        let _ = writeln!(out, r#"<p class="note agreement">{}</p>"#, escape(&note));
    }
    out.push_str("</section>\n");
}

/// A mark's cell.
fn mark(out: &mut String, class: &str, cell: &MarkCell) {
    let _ = write!(out, r#"<td class="mark {class}" data-mark="{}">{}</td>"#, cell.value, escape(&cell.symbol));
}
