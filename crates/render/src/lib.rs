//! Renderings.
