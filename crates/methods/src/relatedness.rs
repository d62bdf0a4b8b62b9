//! Relatedness between industries from the co-occurrence of their presence in regions, the
//! product-space proximity, relatedness density per region, and the entries and exits of
//! industries between two periods.
//!
//! # Formulas
//!
//! The input is a presence matrix `M` (**regions in rows, industries in columns**, `M_ri = 1` where
//! region `r` specialises in industry `i`, see [`presence`](crate::location_quotient::presence)).
//!
//! Co-occurrence ([`co_occurrence`]): `C_ij = Σ_r M_ri M_rj`, the number of regions that have both
//! industries; the diagonal `C_ii` is the ubiquity `u_i` of industry `i`.
//!
//! Relatedness from a co-occurrence matrix ([`relatedness`], EconGeo's `relatedness()` after van Eck
//! & Waltman 2009). The diagonal of `C` is set to 0 first; then `S_i = Σ_j C_ij` (the co-occurrences
//! of `i` with other industries) and `T = Σ_i S_i`:
//!
//! ```text
//! probability  R_ij = C_ij / ( (S_j/T · S_i/(T − S_j) + S_i/T · S_j/(T − S_i)) · T/2 )
//! association  R_ij = (C_ij / T) / ( (S_i/T) · (S_j/T) )
//! cosine       R_ij = C_ij / √(S_i S_j)
//! Jaccard      R_ij = C_ij / (S_i + S_j − C_ij)
//! ```
//!
//! The probability index (Steijn 2017) divides the observed co-occurrences by those expected when
//! the `T/2` co-occurrences are drawn without repetition; the association strength by those expected
//! with repetition. Values above 1 mean more co-occurrence than chance.
//!
//! Proximity ([`proximity`], Hidalgo et al. 2007): the smaller of the two conditional probabilities,
//! `φ_ij = min(P(i | j), P(j | i)) = C_ij / max(u_i, u_j)`.
//!
//! Relatedness density ([`density`], Hidalgo et al. 2018; EconGeo's `relatedness_density()`): the
//! share of the industries related to `i` that region `r` has, weighted by relatedness, in percent:
//!
//! ```text
//! density_ri = 100 · Σ_j M_rj R_ji / Σ_j R_ji
//! ```
//!
//! Entries and exits ([`entries`], [`exits`], EconGeo's `entry_list()` / `exit_list()`): an entry is a
//! cell absent in the first period and present in the second, an exit one present and then absent.
//!
//! # Conventions
//!
//! - [`relatedness`] needs a square, symmetric matrix of finite, non-negative values (a
//!   co-occurrence matrix is symmetric by construction). Its result has a zero diagonal, and a pair
//!   that never co-occurs (`C_ij = 0`) has relatedness 0. That pair is also where EconGeo's formulas
//!   divide 0 by 0 (an industry with no co-occurrence at all) and EconGeo writes 0 too.
//! - [`proximity`] has `φ_ii = 1` for every industry present somewhere, as in py-ecomplexity's
//!   matrix. An industry present nowhere has proximity 0 to every industry, itself included
//!   (py-ecomplexity gets 0/0 = NaN there).
//! - [`density`] takes any square relatedness matrix of finite, non-negative values and states what
//!   to do with its diagonal ([`Diagonal`]): [`Diagonal::Include`] counts `R_ii` (py-ecomplexity's
//!   density with `φ_ii = 1`, which then equals chiiki's density / 100), [`Diagonal::Exclude`] leaves
//!   it out of both sums. EconGeo's `relatedness()` matrices have a zero diagonal, so both choices
//!   agree for them. The density of industry `i` is undefined (`None`, in every region) when
//!   `Σ_j R_ji = 0`, an industry related to nothing. When `R` is not symmetric the column `R_·i` is
//!   used, as in EconGeo (py-ecomplexity uses the row).
//! - Entries are listed only for the cells at risk of entry (absent in the first period), exits only
//!   for the cells at risk of exit (present in the first period), each with whether the event
//!   happened — EconGeo's rows whose `entry` / `exit` is 0 or 1; its `NA` rows (not at risk) are left
//!   out. The order is by region, then industry.
//! - No rounding: EconGeo rounds density to two decimals, chiiki does not.
//!
//! # Example
//!
//! Hidalgo & Hausmann's (2009) four countries and four products: product 1 is made only by country
//! 1, product 4 by countries 1, 3 and 4. Products 3 and 4 are made together by countries 1 and 3,
//! so `φ_34 = 2 / max(2, 3) = 2/3`.
//!
//! ```
//! use chiiki_methods::location_quotient::Matrix;
//! use chiiki_methods::relatedness::{Diagonal, density, proximity};
//!
//! let m = Matrix::from_rows(vec![
//!     vec![true, true, true, true],
//!     vec![false, true, false, false],
//!     vec![false, false, true, true],
//!     vec![false, false, false, true],
//! ])
//! .unwrap();
//! let phi = proximity(&m);
//! assert_eq!(phi[(2, 3)], 2.0 / 3.0);
//! assert_eq!(phi[(0, 3)], 1.0 / 3.0);
//! assert_eq!(phi[(1, 1)], 1.0);
//! let d = density(&m, &phi, Diagonal::Exclude).unwrap();
//! // Country 4 has product 4 only; of product 3's relatedness 1/2 + 1/2 + 2/3 it holds 2/3.
//! let expected = 100.0 * (2.0 / 3.0) / (0.5 + 0.5 + 2.0 / 3.0);
//! assert!((d[(3, 2)].unwrap() - expected).abs() < 1e-12);
//! ```
//!
//! # References
//!
//! Hidalgo, C. A., Klinger, B., Barabási, A.-L., & Hausmann, R. (2007). The product space conditions
//! the development of nations. *Science*, 317(5837), 482–487. <https://doi.org/10.1126/science.1144581>
//!
//! Hidalgo, C. A., Balland, P.-A., Boschma, R., et al. (2018). The principle of relatedness. In
//! *Unifying Themes in Complex Systems IX* (pp. 451–457). Springer.
//! <https://doi.org/10.1007/978-3-319-96661-8_46>
//!
//! van Eck, N. J., & Waltman, L. (2009). How to normalize cooccurrence data? An analysis of some
//! well-known similarity measures. *Journal of the American Society for Information Science and
//! Technology*, 60(8), 1635–1651. <https://doi.org/10.1002/asi.21075>
//!
//! Steijn, M. P. A. (2017). Improvement on the association strength: implementing probability
//! measures based on combinations without repetition. Working paper, Utrecht University (cited by
//! EconGeo for the probability index; no DOI).
//!
//! Balland, P.-A. EconGeo (R package): `relatedness()`, `relatedness_density()`, `entry_list()`,
//! `exit_list()`. <https://github.com/PABalland/EconGeo>

use rayon::prelude::*;

use crate::location_quotient::Matrix;

/// The normalisation of co-occurrences in [`relatedness`] (EconGeo's `method` argument).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    /// The probability index, EconGeo's default `"prob"`.
    Probability,
    /// The association strength, `"association"`.
    Association,
    /// The cosine similarity, `"cosine"`.
    Cosine,
    /// The Jaccard index, `"Jaccard"`.
    Jaccard,
}

/// Whether [`density`] counts an industry's relatedness to itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Diagonal {
    /// `R_ii` counts in both sums (py-ecomplexity, with proximity `φ_ii = 1`).
    Include,
    /// `R_ii` is left out of both sums (EconGeo, whose relatedness has a zero diagonal anyway).
    Exclude,
}

/// One cell at risk of an entry or an exit, and whether it happened.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Change {
    /// The region's row.
    pub region: usize,
    /// The industry's column.
    pub industry: usize,
    /// Whether the region entered (for [`entries`]) or left (for [`exits`]) the industry.
    pub happened: bool,
}

/// Why relatedness or density could not be computed.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum RelatednessError {
    /// The relatedness or co-occurrence matrix is not square.
    #[error("the matrix is {rows} × {cols}; it must be square (industries × industries)")]
    NotSquare {
        /// Its rows.
        rows: usize,
        /// Its columns.
        cols: usize,
    },
    /// The relatedness matrix does not have one row per industry of the presence matrix.
    #[error("the relatedness matrix covers {found} industries, the presence matrix {expected}")]
    Industries {
        /// The presence matrix's columns.
        expected: usize,
        /// The relatedness matrix's size.
        found: usize,
    },
    /// A cell is negative, infinite or NaN.
    #[error("cell ({row}, {col}) is {value}; values must be finite and not negative")]
    Value {
        /// The cell's row.
        row: usize,
        /// The cell's column.
        col: usize,
        /// The offending value.
        value: f64,
    },
    /// The co-occurrence matrix is not symmetric.
    #[error("the co-occurrence matrix is not symmetric at ({row}, {col})")]
    NotSymmetric {
        /// The cell's row.
        row: usize,
        /// The cell's column.
        col: usize,
    },
    /// The two periods' presence matrices differ in shape.
    #[error("the periods have {before:?} and {after:?} regions × industries; they must be the same")]
    Periods {
        /// The first period's shape.
        before: (usize, usize),
        /// The second period's shape.
        after: (usize, usize),
    },
}

/// The columns of a presence matrix as bit sets over regions, for counting co-occurrences with
/// AND and population count.
struct ColumnBits {
    words: usize,
    bits: Vec<u64>,
}

impl ColumnBits {
    fn new(m: &Matrix<bool>) -> ColumnBits {
        let words = m.rows().div_ceil(64);
        let mut bits = vec![0u64; words * m.cols()];
        for r in 0..m.rows() {
            let (word, bit) = (r / 64, 1u64 << (r % 64));
            for (i, _) in m.row(r).iter().enumerate().filter(|(_, p)| **p) {
                bits[i * words + word] |= bit;
            }
        }
        ColumnBits { words, bits }
    }

    fn column(&self, i: usize) -> &[u64] {
        &self.bits[i * self.words..(i + 1) * self.words]
    }
}

/// The number of regions having both `a` and `b`.
fn common(a: &[u64], b: &[u64]) -> u32 {
    a.iter().zip(b).map(|(x, y)| (x & y).count_ones()).sum()
}

/// All co-occurrence counts `C_ij` (row-major, `n × n`), from bit sets: the upper triangle is
/// counted in parallel and mirrored.
fn counts(m: &Matrix<bool>) -> Vec<u32> {
    let n = m.cols();
    let bits = ColumnBits::new(m);
    let mut c = vec![0u32; n * n];
    if n == 0 {
        return c;
    }
    c.par_chunks_mut(n).enumerate().for_each(|(i, row)| {
        let a = bits.column(i);
        // Four columns at a time, so each word of column i is loaded once for four pairs.
        let mut j = i;
        while j + 4 <= n {
            let (b0, b1, b2, b3) = (bits.column(j), bits.column(j + 1), bits.column(j + 2), bits.column(j + 3));
            let mut s = [0u32; 4];
            for w in 0..bits.words {
                let x = a[w];
                s[0] += (x & b0[w]).count_ones();
                s[1] += (x & b1[w]).count_ones();
                s[2] += (x & b2[w]).count_ones();
                s[3] += (x & b3[w]).count_ones();
            }
            row[j..j + 4].copy_from_slice(&s);
            j += 4;
        }
        for (k, cell) in row.iter_mut().enumerate().skip(j) {
            *cell = common(a, bits.column(k));
        }
    });
    // Mirror the upper triangle into the lower one.
    for i in 0..n {
        for j in 0..i {
            c[i * n + j] = c[j * n + i];
        }
    }
    c
}

/// The co-occurrence matrix `C_ij = Σ_r M_ri M_rj` of the industries (columns) of a presence
/// matrix, as counts; the diagonal holds each industry's ubiquity.
pub fn co_occurrence(presence: &Matrix<bool>) -> Matrix {
    let n = presence.cols();
    Matrix::new(n, n, counts(presence).into_iter().map(f64::from).collect()).expect("n × n counts")
}

/// Checks that `r` is square with finite, non-negative cells.
fn check_square(r: &Matrix) -> Result<usize, RelatednessError> {
    if r.rows() != r.cols() {
        return Err(RelatednessError::NotSquare { rows: r.rows(), cols: r.cols() });
    }
    let n = r.cols();
    if let Some(at) = r.data().iter().position(|v| !v.is_finite() || *v < 0.0) {
        return Err(RelatednessError::Value { row: at / n, col: at % n, value: r.data()[at] });
    }
    Ok(n)
}

/// Relatedness between industries from their co-occurrence matrix, normalised by `method` (see the
/// module documentation for the formulas and the zero conventions). The diagonal of the input is
/// ignored and that of the result is 0.
pub fn relatedness(co_occurrence: &Matrix, method: Method) -> Result<Matrix, RelatednessError> {
    let n = check_square(co_occurrence)?;
    for i in 0..n {
        for j in 0..i {
            if co_occurrence[(i, j)] != co_occurrence[(j, i)] {
                return Err(RelatednessError::NotSymmetric { row: i, col: j });
            }
        }
    }
    let c = |i: usize, j: usize| if i == j { 0.0 } else { co_occurrence[(i, j)] };
    let s: Vec<f64> = (0..n).map(|j| (0..n).map(|i| c(i, j)).sum()).collect();
    let t: f64 = s.iter().sum();
    Ok(Matrix::from_fn(n, n, |i, j| {
        let cij = c(i, j);
        // A pair that never co-occurs is unrelated; every denominator below is positive otherwise
        // (C_ij > 0 implies S_i, S_j ≥ C_ij and T − S_j ≥ S_i).
        if cij == 0.0 {
            return 0.0;
        }
        let (si, sj) = (s[i], s[j]);
        match method {
            Method::Probability => cij / ((sj / t * (si / (t - sj)) + si / t * (sj / (t - si))) * (t / 2.0)),
            Method::Association => (cij / t) / ((sj / t) * (si / t)),
            Method::Cosine => cij / (sj * si).sqrt(),
            Method::Jaccard => cij / (sj + si - cij),
        }
    }))
}

/// The product-space proximity `φ_ij = C_ij / max(u_i, u_j)` of every pair of industries (columns)
/// of a presence matrix; `φ_ii = 1` for industries present somewhere, 0 for those present nowhere.
pub fn proximity(presence: &Matrix<bool>) -> Matrix {
    let n = presence.cols();
    let c = counts(presence);
    let ubiquity: Vec<u32> = (0..n).map(|i| c[i * n + i]).collect();
    let mut phi = vec![0.0; n * n];
    if n > 0 {
        phi.par_chunks_mut(n).enumerate().for_each(|(i, row)| {
            for (j, cell) in row.iter_mut().enumerate() {
                let most = ubiquity[i].max(ubiquity[j]);
                if most > 0 {
                    *cell = f64::from(c[i * n + j]) / f64::from(most);
                }
            }
        });
    }
    Matrix::new(n, n, phi).expect("n × n proximities")
}

/// Regions handled per parallel task by [`density`], and industries summed at once (held in
/// registers while a region's rows are added).
const DENSITY_REGIONS: usize = 32;
const DENSITY_LANES: usize = 16;

/// Relatedness density `100 · Σ_j M_rj R_ji / Σ_j R_ji` of every region (row of `presence`) in every
/// industry, with the diagonal of `relatedness` counted or not as `diagonal` says. `None` for an
/// industry related to nothing (zero denominator).
pub fn density(
    presence: &Matrix<bool>,
    relatedness: &Matrix,
    diagonal: Diagonal,
) -> Result<Matrix<Option<f64>>, RelatednessError> {
    let n = check_square(relatedness)?;
    if n != presence.cols() {
        return Err(RelatednessError::Industries { expected: presence.cols(), found: n });
    }
    let rel = relatedness.data();
    let include = diagonal == Diagonal::Include;
    // The denominators, summed down each column in row order.
    let mut den = vec![0.0; n];
    for j in 0..n {
        for (i, d) in den.iter_mut().enumerate() {
            if include || i != j {
                *d += rel[j * n + i];
            }
        }
    }
    // Each region's industries, as row numbers into `relatedness`.
    let present: Vec<Vec<usize>> = (0..presence.rows())
        .map(|r| presence.row(r).iter().enumerate().filter(|(_, p)| **p).map(|(j, _)| j).collect())
        .collect();

    let mut out = vec![None; presence.rows() * n];
    if n == 0 {
        return Ok(Matrix::new(presence.rows(), 0, out).expect("empty"));
    }
    out.par_chunks_mut(DENSITY_REGIONS * n).enumerate().for_each(|(chunk, block)| {
        let regions = &present[chunk * DENSITY_REGIONS..];
        // Blocks of industries outside, regions inside: the block's columns of `relatedness` stay in
        // cache while every region of the chunk sums its industries' rows over them, in registers.
        // Every sum runs over j in increasing order.
        for start in (0..n).step_by(DENSITY_LANES) {
            let width = DENSITY_LANES.min(n - start);
            for (k, out_row) in block.chunks_mut(n).enumerate() {
                let acc = if width == DENSITY_LANES {
                    sum_block(rel, n, start, &regions[k], include)
                } else {
                    sum_tail(rel, n, start, width, &regions[k], include)
                };
                for ((o, a), d) in out_row[start..start + width].iter_mut().zip(&acc).zip(&den[start..start + width]) {
                    *o = (*d > 0.0).then(|| a / d * 100.0);
                }
            }
        }
    });
    Ok(Matrix::new(presence.rows(), n, out).expect("regions × industries"))
}

/// `Σ_{j ∈ rows} R[j, start..start + LANES]`, leaving out `R_jj` unless `include`; `rows` ascending.
fn sum_block(rel: &[f64], n: usize, start: usize, rows: &[usize], include: bool) -> [f64; DENSITY_LANES] {
    let mut acc = [0.0f64; DENSITY_LANES];
    if include {
        add_rows(&mut acc, rel, n, start, rows);
    } else {
        // The rows before the block, those inside it (whose diagonal cell is skipped), those after.
        let lo = rows.partition_point(|&j| j < start);
        let hi = rows.partition_point(|&j| j < start + DENSITY_LANES);
        add_rows(&mut acc, rel, n, start, &rows[..lo]);
        for &j in &rows[lo..hi] {
            add_except(&mut acc, &rel[j * n + start..j * n + start + DENSITY_LANES], j - start);
        }
        add_rows(&mut acc, rel, n, start, &rows[hi..]);
    }
    acc
}

/// `acc += R[j, start..start + LANES]` for every `j` in `rows`: a fixed width, so the compiler keeps
/// `acc` in registers.
#[inline(always)]
fn add_rows(acc: &mut [f64; DENSITY_LANES], rel: &[f64], n: usize, start: usize, rows: &[usize]) {
    for &j in rows {
        let src: &[f64; DENSITY_LANES] =
            rel[j * n + start..j * n + start + DENSITY_LANES].try_into().expect("a full block");
        for k in 0..DENSITY_LANES {
            acc[k] += src[k];
        }
    }
}

/// [`sum_block`] for the last, narrower block of `width` industries.
fn sum_tail(rel: &[f64], n: usize, start: usize, width: usize, rows: &[usize], include: bool) -> [f64; DENSITY_LANES] {
    let mut acc = [0.0f64; DENSITY_LANES];
    for &j in rows {
        let src = &rel[j * n + start..j * n + start + width];
        if !include && (start..start + width).contains(&j) {
            add_except(&mut acc[..width], src, j - start);
        } else {
            for (a, s) in acc.iter_mut().zip(src) {
                *a += s;
            }
        }
    }
    acc
}

/// `acc += src` except at position `skip`.
fn add_except(acc: &mut [f64], src: &[f64], skip: usize) {
    for (k, (a, s)) in acc.iter_mut().zip(src).enumerate() {
        if k != skip {
            *a += s;
        }
    }
}

/// Checks that two periods' presence matrices have the same shape.
fn same_shape(before: &Matrix<bool>, after: &Matrix<bool>) -> Result<(), RelatednessError> {
    if (before.rows(), before.cols()) != (after.rows(), after.cols()) {
        return Err(RelatednessError::Periods {
            before: (before.rows(), before.cols()),
            after: (after.rows(), after.cols()),
        });
    }
    Ok(())
}

/// Every cell absent in `before` (at risk of entry), with whether it is present in `after`.
pub fn entries(before: &Matrix<bool>, after: &Matrix<bool>) -> Result<Vec<Change>, RelatednessError> {
    same_shape(before, after)?;
    Ok(changes(before, after, false))
}

/// Every cell present in `before` (at risk of exit), with whether it is absent in `after`.
pub fn exits(before: &Matrix<bool>, after: &Matrix<bool>) -> Result<Vec<Change>, RelatednessError> {
    same_shape(before, after)?;
    Ok(changes(before, after, true))
}

/// The cells whose presence in `before` is `at_risk_when`, with whether their presence changed.
fn changes(before: &Matrix<bool>, after: &Matrix<bool>, at_risk_when: bool) -> Vec<Change> {
    let n = before.cols();
    before
        .data()
        .iter()
        .zip(after.data())
        .enumerate()
        .filter(|(_, (b, _))| **b == at_risk_when)
        .map(|(at, (b, a))| Change { region: at / n, industry: at % n, happened: a != b })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::location_quotient::four_countries;

    #[test]
    fn co_occurrence_counts_regions_with_both() {
        let c = co_occurrence(&four_countries());
        assert_eq!(c.row(0), &[1.0, 1.0, 1.0, 1.0]);
        assert_eq!(c.row(3), &[1.0, 1.0, 2.0, 3.0]);
        assert_eq!(c[(1, 1)], 2.0, "the diagonal is the ubiquity");
    }

    #[test]
    fn bit_counting_matches_a_plain_count_beyond_one_word() {
        // 150 regions (three words) × 11 industries (not a multiple of four).
        let mut state = 7u64;
        let m = Matrix::from_fn(150, 11, |_, _| {
            state = state.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            (state >> 33).is_multiple_of(3)
        });
        let c = co_occurrence(&m);
        for i in 0..11 {
            for j in 0..11 {
                let plain = (0..150).filter(|&r| m[(r, i)] && m[(r, j)]).count() as f64;
                assert_eq!(c[(i, j)], plain);
            }
        }
    }

    #[test]
    fn an_industry_present_nowhere_is_unrelated_and_has_no_density() {
        let m = Matrix::from_rows(vec![vec![true, false, true], vec![true, false, false]]).unwrap();
        let phi = proximity(&m);
        assert_eq!(phi.row(1), &[0.0, 0.0, 0.0]);
        assert_eq!(phi[(0, 2)], 0.5);
        let d = density(&m, &phi, Diagonal::Exclude).unwrap();
        assert_eq!(d[(0, 1)], None);
        assert_eq!(d[(1, 1)], None);
        assert_eq!(d[(1, 2)], Some(100.0), "industry 2's only relative, industry 0, is in region 1");
        assert_eq!(d[(0, 0)], Some(100.0));
    }

    #[test]
    fn density_tiles_agree_with_the_plain_sum() {
        // More industries than one tile and more regions than one chunk, both diagonal rules.
        let (regions, n) = (70, 300);
        let mut state = 11u64;
        let mut next = move || {
            state = state.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            state >> 11
        };
        let m = Matrix::from_fn(regions, n, |_, _| next() % 5 == 0);
        let r = Matrix::from_fn(n, n, |_, _| (next() % 1000) as f64 / 1000.0);
        for diagonal in [Diagonal::Include, Diagonal::Exclude] {
            let d = density(&m, &r, diagonal).unwrap();
            for reg in (0..regions).step_by(7) {
                for i in (0..n).step_by(13) {
                    let keep = |j: usize| diagonal == Diagonal::Include || j != i;
                    let num: f64 = (0..n).filter(|&j| keep(j) && m[(reg, j)]).map(|j| r[(j, i)]).sum();
                    let den: f64 = (0..n).filter(|&j| keep(j)).map(|j| r[(j, i)]).sum();
                    let want = 100.0 * num / den;
                    let got = d[(reg, i)].unwrap();
                    assert!((got - want).abs() < 1e-10, "{diagonal:?} ({reg}, {i}): {got} vs {want}");
                }
            }
        }
    }

    #[test]
    fn refuses_bad_relatedness_matrices() {
        let m = four_countries();
        let bad = Matrix::new(2, 3, vec![0.0; 6]).unwrap();
        assert!(matches!(density(&m, &bad, Diagonal::Include), Err(RelatednessError::NotSquare { .. })));
        let small = Matrix::new(2, 2, vec![0.0; 4]).unwrap();
        assert!(matches!(density(&m, &small, Diagonal::Include), Err(RelatednessError::Industries { .. })));
        let negative = Matrix::new(2, 2, vec![0.0, -1.0, -1.0, 0.0]).unwrap();
        assert!(matches!(relatedness(&negative, Method::Cosine), Err(RelatednessError::Value { .. })));
        let skew = Matrix::new(2, 2, vec![0.0, 1.0, 2.0, 0.0]).unwrap();
        assert!(matches!(relatedness(&skew, Method::Cosine), Err(RelatednessError::NotSymmetric { .. })));
    }

    #[test]
    fn entries_and_exits_list_the_cells_at_risk() {
        let before = Matrix::from_rows(vec![vec![true, false], vec![false, true]]).unwrap();
        let after = Matrix::from_rows(vec![vec![true, true], vec![false, false]]).unwrap();
        let e = entries(&before, &after).unwrap();
        assert_eq!(
            e,
            vec![Change { region: 0, industry: 1, happened: true }, Change { region: 1, industry: 0, happened: false }]
        );
        let x = exits(&before, &after).unwrap();
        assert_eq!(
            x,
            vec![Change { region: 0, industry: 0, happened: false }, Change { region: 1, industry: 1, happened: true }]
        );
        let other = Matrix::from_rows(vec![vec![true]]).unwrap();
        assert!(matches!(entries(&before, &other), Err(RelatednessError::Periods { .. })));
    }
}
