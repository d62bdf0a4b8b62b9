//! Gould–Fernandez brokerage roles (to be written).
