//! Components, articulation points and the effect of removing nodes (to be written).
