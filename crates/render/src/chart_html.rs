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

use crate::chart_svg::{agreement_note, escape, is_formation_base, labelled};
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
  border-top: 2px solid #1a1a1a; border-bottom: 2px solid #1a1a1a; }
col.step { width: 7.2em; }
col.base { width: 3.8em; }
col.no { width: 2.9em; }
col.condition { width: 26%; }
col.strength, col.proposal { width: 10.5%; }
th, td { padding: 5px 7px; border: 0.5px solid #c9ced4; vertical-align: middle; overflow-wrap: anywhere; }
thead th { background: #eceef1; border-bottom: 1px solid #1a1a1a; font-size: 11.5px; line-height: 1.25; text-align: center; }
thead th.condition, thead th.keywords { text-align: left; }
tbody + tbody { border-top: 1px solid #7d848c; }
tbody:nth-of-type(odd) td { background: #f6f7f9; }
th.step { background: #e6e9ed; text-align: center; font-weight: 700; overflow-wrap: normal; }
td.base, td.no { text-align: center; white-space: nowrap; }
td.base.formation-base { font-weight: 700; }
td.base.group { position: relative; padding-right: 16px; }
td.base span.brace { position: absolute; top: 6px; bottom: 6px; right: 6px; width: 5px;
  border: 1px solid #1a1a1a; border-right: none; border-radius: 5px 0 0 5px; }
td.base.formation-base span.brace { border-width: 1.5px; }
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
            base_cell(out, row.base, view.base_span(i), row.base.is_some_and(|b| is_formation_base(view, b)));
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

/// A base group's cell, spanning its rows, with a bracket when it spans several.
fn base_cell(out: &mut String, base: Option<u8>, span: usize, is_formation_base: bool) {
    let mut class = String::from("base");
    if is_formation_base {
        class.push_str(" formation-base");
    }
    if base.is_some() && span > 1 {
        class.push_str(" group");
    }
    let _ = write!(out, r#"<td class="{class}" rowspan="{span}">"#);
    if let Some(b) = base {
        let _ = write!(out, "({b})");
        if span > 1 {
            out.push_str(r#"<span class="brace" aria-hidden="true"></span>"#);
        }
    }
    out.push_str("</td>");
}

/// A mark's cell.
fn mark(out: &mut String, class: &str, cell: &MarkCell) {
    let _ = write!(out, r#"<td class="mark {class}" data-mark="{}">{}</td>"#, cell.value, escape(&cell.symbol));
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use chiiki_diagnosis::{Agreement, Dataset, study_rows};
    use chiiki_framework::{Framework, Lang};

    use super::*;

    /// The study's chart of `region` in `lang`.
    fn study_view(region: &str, lang: Lang) -> ChartView {
        let fw = Framework::study();
        let ds = Dataset::study(&fw).unwrap();
        ChartView::new(&fw, &ds.assess(&fw, region).unwrap(), lang)
    }

    /// The page parsed as XML (after its doctype).
    fn parse(html: &str) -> roxmltree::Document<'_> {
        let body = html.strip_prefix("<!doctype html>\n").expect("a doctype first");
        roxmltree::Document::parse(body).expect("well-formed XML")
    }

    fn class_is(node: &roxmltree::Node, class: &str) -> bool {
        node.attribute("class") == Some(class)
    }

    #[test]
    fn marks_and_keywords_are_the_study_s() {
        let regions = ["sapporo", "kagawa", "fukui", "kobe"];
        let views: Vec<ChartView> = regions.iter().map(|r| study_view(r, Lang::En)).collect();
        let html = chart_html(&views);
        let doc = parse(&html);
        let root = doc.root_element();
        assert_eq!(root.attribute("lang"), Some("en"));
        let title = doc.descendants().find(|n| n.has_tag_name("title")).and_then(|n| n.text()).unwrap();
        assert_eq!(
            title,
            "Comparative Analysis Chart: Sapporo IT Cluster, Kagawa Rare Sugar Cluster, Fukui Nano-Cluster, Kobe Bio Cluster"
        );
        assert!(!html.contains("<script") && !html.contains("<link") && !html.contains("url("));

        let sections: Vec<_> = doc.descendants().filter(|n| n.has_tag_name("section")).collect();
        assert_eq!(sections.len(), 4);
        let all = study_rows();
        for (section, region) in sections.iter().zip(regions) {
            assert!(class_is(section, "chart"));
            assert_eq!(section.attribute("data-region"), Some(region));
            let printed: BTreeMap<u16, _> =
                all.iter().filter(|r| r.region == region).map(|r| (r.condition, r)).collect();
            let rows: Vec<_> =
                section.descendants().filter(|n| n.has_tag_name("tr") && n.has_attribute("data-condition")).collect();
            assert_eq!(rows.len(), 15);
            for (i, row) in rows.iter().enumerate() {
                let id: u16 = row.attribute("data-condition").unwrap().parse().unwrap();
                assert_eq!(usize::from(id), i + 1);
                let (strength, proposal, keywords) =
                    printed.get(&id).map_or((0, 0, ""), |r| (r.strength, r.proposal, r.keywords.as_str()));
                for (class, expected) in [("mark strength", strength), ("mark proposal", proposal)] {
                    let cell = row.children().find(|c| class_is(c, class)).unwrap();
                    assert_eq!(cell.tag_name().name(), "td");
                    assert_eq!(cell.attribute("data-mark"), Some(expected.to_string().as_str()), "{region} {id}");
                    assert_eq!(cell.text().unwrap_or_default(), "*".repeat(usize::from(expected)));
                }
                let shown = row.children().find(|c| class_is(c, "keywords")).unwrap();
                assert_eq!(
                    shown.text().unwrap_or_default(),
                    keywords.split(';').map(str::trim).collect::<Vec<_>>().join("; ")
                );
                // Seven columns: the step and base cells come on the first rows of their spans.
                let cells = row.children().filter(|c| c.is_element()).count();
                let expected = 5 + usize::from(views[0].starts_step(i)) + usize::from(views[0].starts_base(i));
                assert_eq!(cells, expected, "{region} {id}");
            }
            let marked = r#"<td class="mark strength" data-mark="3">***</td>"#;
            assert_eq!(section_html(&html, region).matches(marked).count(), 1);
        }
    }

    /// The text of one region's section.
    fn section_html<'a>(html: &'a str, region: &str) -> &'a str {
        let start = html.find(&format!(r#"data-region="{region}""#)).unwrap();
        let end = html[start..].find("</section>").unwrap();
        &html[start..start + end]
    }

    #[test]
    fn steps_and_bases_span_their_rows() {
        let html = chart_html(&[study_view("fukui", Lang::En)]);
        assert!(html.contains(r#"<th scope="rowgroup" class="step" rowspan="6">Formation</th>"#));
        assert!(html.contains(r#"<th scope="rowgroup" class="step" rowspan="6">Promotion</th>"#));
        assert!(html.contains(r#"<th scope="rowgroup" class="step" rowspan="3">Output</th>"#));
        let brace = r#"<span class="brace" aria-hidden="true"></span>"#;
        assert!(html.contains(&format!(r#"<td class="base group" rowspan="2">(1){brace}</td>"#)));
        assert!(html.contains(&format!(r#"<td class="base formation-base group" rowspan="2">(2){brace}</td>"#)));
        assert!(html.contains(r#"<td class="base" rowspan="6"></td>"#));
        assert!(html.contains(r#"<td class="base" rowspan="1">(4)</td>"#));
        assert!(html.contains(r#"<p class="base">Formation base: (2) Corporate agglomeration</p>"#));
        assert!(html.contains(&escape(text(Text::MarksNote, Lang::En))));
    }

    #[test]
    fn japanese_page() {
        let mut view = study_view("kobe", Lang::Ja);
        view.agreement =
            Some(Agreement { assessors: 2, units: 30, alpha: Some(0.5), alpha_strength: None, alpha_proposal: None });
        let html = chart_html(&[view]);
        let doc = parse(&html);
        assert_eq!(doc.root_element().attribute("lang"), Some("ja"));
        for word in [
            "比較分析チャート：神戸バイオクラスター",
            "知的集積",
            "経済的危機感の共有",
            "形成時の強み",
            "キーワード",
            "形成基盤：(4) 経済的危機感",
        ] {
            assert!(html.contains(word), "{word}");
        }
        assert!(html.contains("α = 0.500、評価者：2。"));
    }

    #[test]
    fn text_is_escaped() {
        let mut view = study_view("kobe", Lang::En);
        view.region_name = "R&D <Valley>".into();
        view.rows[0].keywords = vec!["Spin-offs <&> spin-ins".into(), "it's \"quoted\"".into()];
        let html = chart_html(&[view]);
        let doc = parse(&html);
        let cell = doc.descendants().find(|n| class_is(n, "keywords") && n.has_tag_name("td")).unwrap();
        assert_eq!(cell.text(), Some("Spin-offs <&> spin-ins; it's \"quoted\""));
        assert!(doc.descendants().any(|n| n.has_tag_name("h2") && n.text() == Some("R&D <Valley>")));
    }

    #[test]
    fn no_charts() {
        let html = chart_html(&[]);
        let doc = parse(&html);
        assert_eq!(doc.root_element().attribute("lang"), Some("en"));
        assert!(!html.contains("<section"));
    }

    /// Writes a sample page to the directory named by `CHIIKI_WRITE_SAMPLES` (for looking at it).
    #[test]
    fn write_samples() {
        let Some(dir) = std::env::var_os("CHIIKI_WRITE_SAMPLES") else { return };
        let dir = std::path::Path::new(&dir);
        let views: Vec<ChartView> =
            ["sapporo", "kagawa", "fukui", "kobe"].iter().map(|r| study_view(r, Lang::En)).collect();
        std::fs::write(dir.join("charts.html"), chart_html(&views)).unwrap();
        std::fs::write(
            dir.join("charts-ja.html"),
            chart_html(&[study_view("kobe", Lang::Ja), study_view("fukui", Lang::Ja)]),
        )
        .unwrap();
    }
}
