//! Aligned plain-text tables (display width aware, so Japanese text lines up).

use unicode_width::UnicodeWidthStr;

/// A table with a header row; columns flagged in `right` are right-aligned.
pub(crate) fn aligned<const N: usize>(heads: &[&str; N], rows: &[[String; N]], right: &[bool; N]) -> String {
    let rows: Vec<Vec<String>> = rows.iter().map(|r| r.to_vec()).collect();
    layout(heads, &rows, right)
}

/// A table with a header row and any number of columns, numbers right-aligned.
pub(crate) fn aligned_rows(heads: &[&str], rows: &[Vec<String>]) -> String {
    let n = heads.len();
    let numeric = |i: usize| rows.iter().all(|r| r[i].parse::<f64>().is_ok() || r[i] == "—") && !rows.is_empty();
    let right: Vec<bool> = (0..n).map(numeric).collect();
    layout(heads, rows, &right)
}

/// Lays out a table, padding each column to its widest cell (display width), right-aligned where
/// `right` says.
fn layout(heads: &[&str], rows: &[Vec<String>], right: &[bool]) -> String {
    let n = heads.len();
    let widths: Vec<usize> =
        (0..n).map(|i| rows.iter().map(|r| r[i].width()).chain([heads[i].width()]).max().unwrap_or(0)).collect();
    let line = |cells: Vec<&str>| {
        let parts: Vec<String> = cells
            .iter()
            .enumerate()
            .map(|(i, c)| {
                let pad = " ".repeat(widths[i] - c.width());
                if right[i] { format!("{pad}{c}") } else { format!("{c}{pad}") }
            })
            .collect();
        format!("{}\n", parts.join("  ").trim_end())
    };
    let mut out = line(heads.to_vec());
    for r in rows {
        out.push_str(&line(r.iter().map(String::as_str).collect()));
    }
    out
}
