//! Location quotients (Balassa's revealed comparative advantage) and the presence matrix built from
//! them; also the dense [`Matrix`] that the relatedness and complexity methods share.
//!
//! # Formula
//!
//! For a matrix `x` of non-negative activity (employment, exports, patents) with **regions in rows
//! and industries in columns**, and a reference base `X` with one total per industry:
//!
//! ```text
//! LQ_ri = (x_ri / x_r.) / (X_i / X_.)
//! x_r.  = Σ_i x_ri            (the region's total)
//! X_.   = Σ_i X_i             (the reference's total)
//! ```
//!
//! With [`Reference::Matrix`] the base is the matrix itself, `X_i = Σ_r x_ri`: this is Balassa's
//! (1965) index of revealed comparative advantage (RCA) as computed by EconGeo's
//! `location_quotient()`, the `economiccomplexity` package's `balassa_index()` and py-ecomplexity.
//! With [`Reference::Totals`] the base is given, for example national employment by industry when
//! the rows are only some of the nation's regions. The quotient is computed in exactly that order
//! — the region's share first, then divided by the reference share — because that is the order of
//! EconGeo, `economiccomplexity` and py-ecomplexity, so cells that come out at exactly 1.0 there come
//! out at exactly 1.0 here.
//!
//! # Conventions
//!
//! - A region whose total is 0 has no shares: its whole row is `None`. An industry whose reference
//!   total is 0 has no reference share: its whole column is `None` (EconGeo writes 0 for both,
//!   py-ecomplexity drops such rows and columns before computing).
//! - The presence matrix `M_ri` is 1 where the quotient passes the [`Threshold`]; an undefined
//!   quotient (`None`) counts as absent, as in both packages. EconGeo and py-ecomplexity use
//!   `LQ ≥ 1` ([`Threshold::AtLeast`]); Stata's `ecomplexity` and several papers use `LQ > 1`
//!   ([`Threshold::Above`]). The two differ exactly on the cells at 1.0.
//! - No rounding: EconGeo's `RCA()` rounds to two decimals, which changes presence near the
//!   threshold; chiiki never rounds.
//! - [`presence_from`] goes from activity to presence in one pass without keeping the quotients;
//!   it computes the same quotient for every cell, so its result equals
//!   `presence(&location_quotient(x, reference)?, threshold)`.
//!
//! # Example
//!
//! EconGeo's documented example (5 regions × 5 industries). Region R3 employs 20 of 100 people in
//! I2 and I2 is 100 of all 500 jobs, so `LQ = 0.2 / 0.2 = 1` exactly; the same holds for I4.
//!
//! ```
//! use chiiki_methods::location_quotient::{Matrix, Reference, Threshold, location_quotient, presence};
//!
//! let x = Matrix::from_rows(vec![
//!     vec![100.0, 0.0, 0.0, 0.0, 0.0],
//!     vec![0.0, 15.0, 5.0, 70.0, 10.0],
//!     vec![0.0, 20.0, 10.0, 20.0, 50.0],
//!     vec![0.0, 25.0, 30.0, 5.0, 40.0],
//!     vec![0.0, 40.0, 55.0, 5.0, 0.0],
//! ])
//! .unwrap();
//! let lq = location_quotient(&x, Reference::Matrix).unwrap();
//! assert_eq!(lq[(2, 1)], Some(1.0));
//! assert_eq!(lq[(2, 4)], Some(2.5));
//! let at_least = presence(&lq, Threshold::AtLeast(1.0));
//! let above = presence(&lq, Threshold::Above(1.0));
//! assert_eq!(at_least.row(2), &[false, true, false, true, true]);
//! assert_eq!(above.row(2), &[false, false, false, false, true]);
//! ```
//!
//! # References
//!
//! Balassa, B. (1965). Trade liberalisation and "revealed" comparative advantage. *The Manchester
//! School*, 33(2), 99–123. <https://doi.org/10.1111/j.1467-9957.1965.tb00050.x>
//!
//! Balland, P.-A. EconGeo: computing key indicators of the spatial distribution of economic
//! activities (R package), `location_quotient()`. <https://github.com/PABalland/EconGeo>

use std::ops::Index;

use rayon::prelude::*;

/// A dense matrix stored row by row: regions (or countries) in rows, industries (products,
/// technology classes) in columns.
#[derive(Debug, Clone, PartialEq)]
pub struct Matrix<T = f64> {
    rows: usize,
    cols: usize,
    data: Vec<T>,
}

/// The values given do not fill a `rows × cols` matrix.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("a {rows} × {cols} matrix needs {} values, got {len}", rows * cols)]
pub struct ShapeError {
    /// The number of rows asked for.
    pub rows: usize,
    /// The number of columns asked for.
    pub cols: usize,
    /// The number of values given.
    pub len: usize,
}

impl<T> Matrix<T> {
    /// A matrix from its values in row-major order (row 0 first). Fails unless there are exactly
    /// `rows × cols` values.
    pub fn new(rows: usize, cols: usize, data: Vec<T>) -> Result<Self, ShapeError> {
        if rows.checked_mul(cols) != Some(data.len()) {
            return Err(ShapeError { rows, cols, len: data.len() });
        }
        Ok(Matrix { rows, cols, data })
    }

    /// A matrix from a list of rows of equal length. An empty list gives the 0 × 0 matrix.
    pub fn from_rows(rows: Vec<Vec<T>>) -> Result<Self, ShapeError> {
        let n = rows.len();
        let cols = rows.first().map_or(0, Vec::len);
        let mut data = Vec::with_capacity(n * cols);
        for row in rows {
            if row.len() != cols {
                return Err(ShapeError { rows: n, cols, len: data.len() + row.len() });
            }
            data.extend(row);
        }
        Ok(Matrix { rows: n, cols, data })
    }

    /// A matrix whose cell `(r, c)` is `f(r, c)`.
    pub fn from_fn(rows: usize, cols: usize, mut f: impl FnMut(usize, usize) -> T) -> Self {
        let mut data = Vec::with_capacity(rows * cols);
        for r in 0..rows {
            for c in 0..cols {
                data.push(f(r, c));
            }
        }
        Matrix { rows, cols, data }
    }

    /// The number of rows (regions).
    pub fn rows(&self) -> usize {
        self.rows
    }

    /// The number of columns (industries).
    pub fn cols(&self) -> usize {
        self.cols
    }

    /// Row `r` as a slice.
    pub fn row(&self, r: usize) -> &[T] {
        &self.data[r * self.cols..(r + 1) * self.cols]
    }

    /// All values in row-major order.
    pub fn data(&self) -> &[T] {
        &self.data
    }

    /// The values in row-major order, taking the matrix apart.
    pub fn into_data(self) -> Vec<T> {
        self.data
    }

    /// A matrix of the same shape with `f` applied to every cell.
    pub fn map<U>(&self, f: impl FnMut(&T) -> U) -> Matrix<U> {
        Matrix { rows: self.rows, cols: self.cols, data: self.data.iter().map(f).collect() }
    }
}

impl<T> Index<(usize, usize)> for Matrix<T> {
    type Output = T;

    fn index(&self, (r, c): (usize, usize)) -> &T {
        assert!(r < self.rows && c < self.cols, "cell ({r}, {c}) outside a {} × {} matrix", self.rows, self.cols);
        &self.data[r * self.cols + c]
    }
}

/// The base the industries' shares are compared with.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Reference<'a> {
    /// The matrix itself: `X_i` is the column total. This is Balassa's RCA.
    Matrix,
    /// Given totals, one per industry (column), for example national employment by industry.
    Totals(&'a [f64]),
}

/// The rule that turns a location quotient into presence (`M_ri = 1`).
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Threshold {
    /// Present when `LQ ≥ t` (EconGeo, py-ecomplexity, `economiccomplexity`: `AtLeast(1.0)`).
    AtLeast(f64),
    /// Present when `LQ > t` (Stata's `ecomplexity`: `Above(1.0)`).
    Above(f64),
}

impl Threshold {
    /// Whether a quotient `value` counts as present under this rule.
    pub fn admits(self, value: f64) -> bool {
        match self {
            Threshold::AtLeast(t) => value >= t,
            Threshold::Above(t) => value > t,
        }
    }
}

/// Why a location quotient could not be computed.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum LqError {
    /// A cell of the activity matrix is negative, infinite or NaN.
    #[error("cell ({row}, {col}) is {value}; activity must be finite and not negative")]
    Value {
        /// The cell's row.
        row: usize,
        /// The cell's column.
        col: usize,
        /// The offending value.
        value: f64,
    },
    /// The reference totals do not have one value per column.
    #[error("the reference has {found} totals for {expected} industries")]
    ReferenceLength {
        /// The number of columns of the matrix.
        expected: usize,
        /// The number of totals given.
        found: usize,
    },
    /// A reference total is negative, infinite or NaN.
    #[error("reference total {index} is {value}; totals must be finite and not negative")]
    ReferenceValue {
        /// The industry's column.
        index: usize,
        /// The offending value.
        value: f64,
    },
}

/// The location quotient of every region and industry against `reference` (see the module
/// documentation for the formula). A row is `None` where the region's total is 0, a column where
/// the industry's reference total is 0.
pub fn location_quotient(x: &Matrix, reference: Reference<'_>) -> Result<Matrix<Option<f64>>, LqError> {
    let (totals, shares) = totals_and_shares(x, reference)?;
    let mut data = vec![None; x.rows * x.cols];
    if x.cols > 0 {
        data.par_chunks_mut(x.cols).zip(x.data.par_chunks(x.cols)).zip(&totals).for_each(|((out, row), &total)| {
            if total > 0.0 {
                for ((o, &v), share) in out.iter_mut().zip(row).zip(&shares) {
                    *o = share.map(|s| (v / total) / s);
                }
            }
        });
    }
    Ok(Matrix { rows: x.rows, cols: x.cols, data })
}

/// Balassa's index of revealed comparative advantage: the location quotient with the matrix itself
/// as the reference, `location_quotient(x, Reference::Matrix)`.
pub fn rca(x: &Matrix) -> Result<Matrix<Option<f64>>, LqError> {
    location_quotient(x, Reference::Matrix)
}

/// The presence matrix: `true` where the quotient passes `threshold`; undefined quotients are absent.
pub fn presence(lq: &Matrix<Option<f64>>, threshold: Threshold) -> Matrix<bool> {
    let data = lq.data.par_iter().map(|v| v.is_some_and(|v| threshold.admits(v))).collect();
    Matrix { rows: lq.rows, cols: lq.cols, data }
}

/// The presence matrix straight from the activity matrix, without keeping the quotients:
/// the same as `presence(&location_quotient(x, reference)?, threshold)`, cell for cell.
pub fn presence_from(x: &Matrix, reference: Reference<'_>, threshold: Threshold) -> Result<Matrix<bool>, LqError> {
    let (totals, shares) = totals_and_shares(x, reference)?;
    let mut data = vec![false; x.rows * x.cols];
    if x.cols > 0 {
        data.par_chunks_mut(x.cols).zip(x.data.par_chunks(x.cols)).zip(&totals).for_each(|((out, row), &total)| {
            if total > 0.0 {
                for ((o, &v), share) in out.iter_mut().zip(row).zip(&shares) {
                    *o = share.is_some_and(|s| threshold.admits((v / total) / s));
                }
            }
        });
    }
    Ok(Matrix { rows: x.rows, cols: x.cols, data })
}

/// Checks the activity and the reference, and returns every region's total and every industry's
/// reference share (`None` where the industry's reference total is 0).
fn totals_and_shares(x: &Matrix, reference: Reference<'_>) -> Result<(Vec<f64>, Vec<Option<f64>>), LqError> {
    // Each row's total and whether all its cells are finite and not negative, in parallel; the
    // check is a plain conjunction so that it vectorises.
    let rows: Vec<(f64, bool)> = if x.cols == 0 {
        vec![(0.0, true); x.rows]
    } else {
        x.data
            .par_chunks(x.cols)
            .map(|row| (row.iter().sum(), row.iter().fold(true, |ok, v| ok & v.is_finite() & (*v >= 0.0))))
            .collect()
    };
    if rows.iter().any(|(_, ok)| !ok) {
        let at = x.data.iter().position(|v| !v.is_finite() || *v < 0.0).expect("a bad cell");
        return Err(LqError::Value { row: at / x.cols, col: at % x.cols, value: x.data[at] });
    }
    let totals: Vec<f64> = match reference {
        Reference::Matrix => {
            let mut totals = vec![0.0; x.cols];
            for r in 0..x.rows {
                for (t, v) in totals.iter_mut().zip(x.row(r)) {
                    *t += v;
                }
            }
            totals
        }
        Reference::Totals(t) => {
            if t.len() != x.cols {
                return Err(LqError::ReferenceLength { expected: x.cols, found: t.len() });
            }
            if let Some(index) = t.iter().position(|v| !v.is_finite() || *v < 0.0) {
                return Err(LqError::ReferenceValue { index, value: t[index] });
            }
            t.to_vec()
        }
    };
    let grand: f64 = totals.iter().sum();
    // The reference share of each industry; undefined where its total (or every total) is 0.
    let shares = totals.iter().map(|&t| (t > 0.0).then(|| t / grand)).collect();
    Ok((rows.into_iter().map(|(t, _)| t).collect(), shares))
}

/// Hidalgo & Hausmann's (2009) four-country presence matrix, shared by the unit tests.
#[cfg(test)]
pub(crate) fn four_countries() -> Matrix<bool> {
    Matrix::from_rows(vec![
        vec![true, true, true, true],
        vec![false, true, false, false],
        vec![false, false, true, true],
        vec![false, false, false, true],
    ])
    .unwrap()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// EconGeo's `location_quotient()` example; the expected quotients are those the README of the
    /// shared reference numbers lists (and R 4.2 prints for EconGeo's function).
    fn econgeo_example() -> Matrix {
        Matrix::from_rows(vec![
            vec![100.0, 0.0, 0.0, 0.0, 0.0],
            vec![0.0, 15.0, 5.0, 70.0, 10.0],
            vec![0.0, 20.0, 10.0, 20.0, 50.0],
            vec![0.0, 25.0, 30.0, 5.0, 40.0],
            vec![0.0, 40.0, 55.0, 5.0, 0.0],
        ])
        .unwrap()
    }

    #[test]
    fn reproduces_econgeos_example_with_the_exact_ones() {
        let lq = location_quotient(&econgeo_example(), Reference::Matrix).unwrap();
        let expected = [
            [5.0, 0.0, 0.0, 0.0, 0.0],
            [0.0, 0.75, 0.25, 3.5, 0.5],
            [0.0, 1.0, 0.5, 1.0, 2.5],
            [0.0, 1.25, 1.5, 0.25, 2.0],
            [0.0, 2.0, 2.75, 0.25, 0.0],
        ];
        for (r, row) in expected.iter().enumerate() {
            for (c, &e) in row.iter().enumerate() {
                let got = lq[(r, c)].unwrap();
                // Rounding only: 15/100 / (100/500) is 0.7499999999999999 in binary, as in R.
                assert!((got - e).abs() < 1e-12, "({r}, {c}): {got} vs {e}");
            }
        }
        // The two cells of R3 at exactly 1.0, bit for bit.
        assert_eq!(lq[(2, 1)], Some(1.0));
        assert_eq!(lq[(2, 3)], Some(1.0));
    }

    #[test]
    fn at_least_and_above_differ_exactly_on_the_ones() {
        let lq = rca(&econgeo_example()).unwrap();
        let ge = presence(&lq, Threshold::AtLeast(1.0));
        let gt = presence(&lq, Threshold::Above(1.0));
        // EconGeo's `location_quotient(mat, binary = TRUE)` as printed by R 4.2.
        let econgeo_binary = [[1, 0, 0, 0, 0], [0, 0, 0, 1, 0], [0, 1, 0, 1, 1], [0, 1, 1, 0, 1], [0, 1, 1, 0, 0]];
        for (r, row) in econgeo_binary.iter().enumerate() {
            for (c, &b) in row.iter().enumerate() {
                assert_eq!(ge[(r, c)], b == 1, "≥ at ({r}, {c})");
                let one = (r, c) == (2, 1) || (r, c) == (2, 3);
                assert_eq!(gt[(r, c)], b == 1 && !one, "> at ({r}, {c})");
            }
        }
    }

    #[test]
    fn presence_from_counts_equals_presence_of_the_quotients() {
        let x = econgeo_example();
        for threshold in [Threshold::AtLeast(1.0), Threshold::Above(1.0), Threshold::AtLeast(2.0)] {
            let direct = presence_from(&x, Reference::Matrix, threshold).unwrap();
            assert_eq!(direct, presence(&rca(&x).unwrap(), threshold));
        }
        let reference = [100.0, 0.0, 120.0, 100.0, 100.0];
        let direct = presence_from(&x, Reference::Totals(&reference), Threshold::AtLeast(1.0)).unwrap();
        let via = presence(&location_quotient(&x, Reference::Totals(&reference)).unwrap(), Threshold::AtLeast(1.0));
        assert_eq!(direct, via);
        assert!((0..5).all(|r| !direct[(r, 1)]), "industry 1 has no reference share");
    }

    #[test]
    fn zero_rows_and_columns_are_undefined() {
        let x = Matrix::from_rows(vec![vec![1.0, 0.0, 3.0], vec![0.0, 0.0, 0.0], vec![2.0, 0.0, 1.0]]).unwrap();
        let lq = rca(&x).unwrap();
        assert_eq!(lq.row(1), &[None, None, None]);
        assert_eq!(lq[(0, 1)], None);
        assert_eq!(lq[(2, 1)], None);
        // Region 0: share 1/4 of industry 0 against 3/7 overall.
        assert!((lq[(0, 0)].unwrap() - (0.25 / (3.0 / 7.0))).abs() < 1e-15);
        let m = presence(&lq, Threshold::AtLeast(1.0));
        assert_eq!(m.row(1), &[false, false, false]);
    }

    #[test]
    fn a_given_reference_replaces_the_column_totals() {
        // Two regions of a nation with 1,000 jobs: 600 in industry 0 and 400 in industry 1.
        let x = Matrix::from_rows(vec![vec![30.0, 70.0], vec![60.0, 40.0]]).unwrap();
        let lq = location_quotient(&x, Reference::Totals(&[600.0, 400.0])).unwrap();
        assert!((lq[(0, 0)].unwrap() - 0.3 / 0.6).abs() < 1e-15);
        assert!((lq[(0, 1)].unwrap() - 0.7 / 0.4).abs() < 1e-15);
        assert_eq!(lq[(1, 1)], Some(1.0));
        let zero = location_quotient(&x, Reference::Totals(&[0.0, 400.0])).unwrap();
        assert_eq!(zero[(0, 0)], None);
        assert_eq!(zero[(1, 1)], Some(0.4));
        assert!(matches!(
            location_quotient(&x, Reference::Totals(&[1.0])),
            Err(LqError::ReferenceLength { expected: 2, found: 1 })
        ));
        assert!(matches!(
            location_quotient(&x, Reference::Totals(&[1.0, -1.0])),
            Err(LqError::ReferenceValue { index: 1, .. })
        ));
    }

    #[test]
    fn refuses_bad_values_and_shapes() {
        let x = Matrix::new(1, 2, vec![1.0, f64::NAN]).unwrap();
        assert!(matches!(rca(&x), Err(LqError::Value { row: 0, col: 1, .. })));
        assert!(Matrix::new(2, 2, vec![1.0; 3]).is_err());
        assert!(Matrix::from_rows(vec![vec![1.0], vec![1.0, 2.0]]).is_err());
        let empty = rca(&Matrix::new(0, 0, Vec::new()).unwrap()).unwrap();
        assert_eq!(empty.rows(), 0);
    }
}
