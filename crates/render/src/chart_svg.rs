//! The chart as an SVG figure.

use crate::view::ChartView;

/// The chart as a standalone SVG document.
pub fn chart_svg(view: &ChartView) -> String {
    let _ = view;
    String::new()
}
