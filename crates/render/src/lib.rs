//! Renderings of chiiki's results: the Comparative Analysis Chart as text, Markdown, CSV, JSON, SVG
//! and HTML, and the diagnosis as text and JSON.
//!
//! Renderers take computed values and return strings; they never read files or compute marks. The
//! chart renderers all start from one [`ChartView`], a flat, language-resolved picture of a region's
//! chart, so every format shows the same rows, marks and keywords.
//!
//! The JSON renderings are contracts other tools read; their fields are documented in
//! `docs/formats.md` and pinned by tests.
//!
//! ```
//! use chiiki_diagnosis::Dataset;
//! use chiiki_framework::{Framework, Lang};
//! use chiiki_render::{ChartView, chart_text};
//!
//! let fw = Framework::study();
//! let sapporo = Dataset::study(&fw).unwrap().assess(&fw, "sapporo").unwrap();
//! let view = ChartView::new(&fw, &sapporo, Lang::En);
//! assert_eq!(view.rows.len(), 15);
//! assert!(chart_text(&view).contains("BUG, Hudson, and Computer Land"));
//! ```

mod chart_csv;
mod chart_html;
mod chart_json;
mod chart_markdown;
mod chart_svg;
mod chart_text;
mod diagnosis;
mod diversify;
mod drawing;
mod efficiency;
mod heatmap_svg;
mod i18n;
mod japan_map;
mod layout_force;
mod layout_tree;
mod network_svg;
mod networks;
mod phases;
mod png;
mod spinoffs;
mod table;
mod tree_svg;
mod view;

pub use chart_csv::chart_csv;
pub use chart_html::chart_html;
pub use chart_json::{chart_json, chart_json_value, charts_json};
pub use chart_markdown::chart_markdown;
pub use chart_svg::chart_svg;
pub use chart_text::chart_text;
pub use diagnosis::{diagnosis_json, diagnosis_text};
pub use diversify::{diversify_json, diversify_text};
pub use drawing::{NetworkDrawing, NetworkDrawingNode, TreeDrawing, TreeDrawingNode};
pub use efficiency::{efficiency_csv, efficiency_json, efficiency_text};
pub use heatmap_svg::{heatmap_csv, heatmap_svg};
pub use i18n::{Text, text};
pub use japan_map::{MapPlace, japan_map_svg};
pub use network_svg::network_svg;
pub use networks::{network_drawing, network_json, network_text};
pub use phases::{phases_json, phases_svg, phases_text};
pub use png::{PngError, svg_to_png};
pub use spinoffs::{SpinoffView, spinoffs_dot, spinoffs_json, spinoffs_text, tree_drawing};
pub use tree_svg::spinoff_tree_svg;
pub use view::{ChartRow, ChartView, MarkCell};
