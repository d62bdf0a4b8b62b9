//! Inputs of the spin-off tree and network drawings: plain, already-computed values, independent of
//! how they were measured.

/// One organisation in a spin-off tree drawing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TreeDrawingNode {
    /// The label (the organisation's name).
    pub label: String,
    /// Its id (kept in the SVG as `data-id`).
    pub id: String,
    /// The year it was founded, printed under the label.
    pub founded: Option<i32>,
    /// Listed firms are marked.
    pub listed: bool,
    /// Its kind (`startup`, `large`, …), for colour.
    pub kind: String,
    /// The index of its parent in the node list; `None` only for the first node, the top.
    pub parent: Option<usize>,
}

/// A spin-off tree to draw: the top organisation first, then its descendants in depth-first order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TreeDrawing {
    /// The figure's title.
    pub title: String,
    /// A line under the title (counts, window).
    pub subtitle: String,
    /// The organisations.
    pub nodes: Vec<TreeDrawingNode>,
    /// The legend's word for listed firms ("Listed").
    pub listed_label: String,
}

/// One organisation in a network drawing.
#[derive(Debug, Clone, PartialEq)]
pub struct NetworkDrawingNode {
    /// Its id (kept in the SVG as `data-id`).
    pub id: String,
    /// The label (the organisation's name).
    pub label: String,
    /// Its kind (`startup`, `university`, …), for colour.
    pub kind: String,
    /// The value that sets the node's size (betweenness).
    pub size: f64,
    /// Whether to highlight it as a broker.
    pub broker: bool,
}

/// A network to draw.
#[derive(Debug, Clone, PartialEq)]
pub struct NetworkDrawing {
    /// The figure's title.
    pub title: String,
    /// A line under the title.
    pub subtitle: String,
    /// The nodes.
    pub nodes: Vec<NetworkDrawingNode>,
    /// Undirected edges between node indices, with weights (shared projects).
    pub edges: Vec<(usize, usize, f64)>,
    /// The seed of the layout (the same seed, the same picture).
    pub seed: u64,
}
