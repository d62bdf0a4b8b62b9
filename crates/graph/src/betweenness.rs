//! Betweenness centrality (to be written).
