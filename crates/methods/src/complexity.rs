//! Economic complexity of regions and industries from a presence matrix: diversity and ubiquity,
//! the method of reflections, the eigenvector Economic and Product Complexity Indices (ECI, PCI) and
//! the Fitness–Complexity algorithm.
//!
//! # Formulas
//!
//! `M` is the presence matrix, **regions (countries) in rows, industries (products) in columns**.
//!
//! ```text
//! diversity  k_c,0 = d_c = Σ_p M_cp          ubiquity  k_p,0 = u_p = Σ_c M_cp
//! reflections  k_c,N = (1/k_c,0) Σ_p M_cp k_p,N−1      k_p,N = (1/k_p,0) Σ_c M_cp k_c,N−1
//! ```
//!
//! The eigenvector method (Hausmann, Hidalgo et al. 2014; py-ecomplexity, the Growth Lab's package).
//! `M̃ᴾ = U⁻¹ Mᵀ D⁻¹ M` (with `D = diag(d)`, `U = diag(u)`) is row-stochastic: its largest eigenvalue
//! is 1 with a constant eigenvector. Let `k_p` be the eigenvector of the second largest eigenvalue
//! `λ₂` and `k_c = D⁻¹ M k_p`, which is the eigenvector of `M̃ = D⁻¹ M U⁻¹ Mᵀ` for the same `λ₂`.
//! With `s = sign(corr(d, k_c))`, and the mean and standard deviation (ddof 0) taken over the regions:
//!
//! ```text
//! ECI_c = s (k_c − mean(k_c)) / std(k_c)
//! PCI_p = s (k_p − mean(k_c)) / std(k_c)
//! ```
//!
//! That is py-ecomplexity 0.5.3 exactly: PCI takes the sign *of ECI* (no sign rule of its own) and is
//! shifted and scaled by ECI's mean and standard deviation, which keeps `ECI_c` equal to the mean PCI
//! of the region's industries (up to the factor `λ₂`, as `k_c = D⁻¹ M k_p`). The indices do not
//! depend on the eigenvector's scale.
//!
//! Fitness–Complexity (Tacchella et al. 2012), from `F⁰ = Q⁰ = 1`, both updated from the previous
//! step and normalised by their means every step:
//!
//! ```text
//! F̃_c = Σ_p M_cp Q_p        Q̃_p = 1 / Σ_c M_cp / F_c        F = F̃ / mean(F̃),  Q = Q̃ / mean(Q̃)
//! ```
//!
//! # Computation
//!
//! The eigenvector is found without forming `M̃`: the symmetric matrix `S = U^−½ Mᵀ D⁻¹ M U^−½` (or
//! its region-side twin, whichever side is smaller) has the same eigenvalues, its top eigenvector is
//! exactly `√u`, and `S x` costs two passes over the ones of `M`. A Lanczos iteration — power
//! iteration that keeps every iterate — with full reorthogonalisation against `√u` (deflating the
//! trivial eigenvector) and against its own basis finds `λ₂`; it restarts from its best vector until
//! `‖S x − λ₂ x‖ ≤ 10⁻¹²`. It checks a cheap estimate of that residual every eight steps; on every
//! data set of the tests and the benchmark it finished in one cycle of at most 24 steps.
//! Bit-for-bit agreement with a dense solver is not expected; agreement with py-ecomplexity is at
//! rounding level: 3·10⁻¹⁴ on the world-trade data (tested to 10⁻⁹) and 4·10⁻¹³ on random data
//! (tested to 10⁻⁸).
//!
//! # Conventions
//!
//! - Regions with diversity 0 and industries with ubiquity 0 are outside the network: their indices
//!   are `None` (py-ecomplexity drops them too), and means and standard deviations are over the
//!   others. In the method of reflections they are `None` at every step, step 0 included.
//! - ECI and PCI are undefined, and [`eci_pci`] returns an error, when the remaining network is not
//!   connected (then `λ₂ = 1` and the eigenvector is not unique), has fewer than two regions or
//!   industries, when `k_c` has no variance, or when every region has the same diversity (the sign
//!   rule has nothing to correlate with). When `λ₂` is a repeated eigenvalue the indices are not
//!   unique either; [`Complexity::eigenvalue`] reports `λ₂`.
//! - [`fitness`] takes the number of updates: the `economiccomplexity` R package's
//!   `complexity_measures(iterations = n)` performs `n − 1` of them, so its default 20 is
//!   `fitness(m, 19)`.
//!
//! # Example
//!
//! Hidalgo & Hausmann's (2009) four countries: country 1 makes all four products, country 2 only
//! product 2, country 3 products 3 and 4, country 4 only product 4. At step 2 of the reflections
//! country 1 scores the mean over its products of their exporters' mean diversity:
//! `(4 + 2.5 + 3 + 7/3) / 4 = 2.958333…`.
//!
//! ```
//! use chiiki_methods::complexity::{eci_pci, reflections};
//! use chiiki_methods::location_quotient::Matrix;
//!
//! let m = Matrix::from_rows(vec![
//!     vec![true, true, true, true],
//!     vec![false, true, false, false],
//!     vec![false, false, true, true],
//!     vec![false, false, false, true],
//! ])
//! .unwrap();
//! let k = reflections(&m, 2);
//! assert!((k.regions[0].unwrap() - 71.0 / 24.0).abs() < 1e-12);
//! let c = eci_pci(&m).unwrap();
//! assert!((c.eci[1].unwrap() - -1.602916065686).abs() < 1e-9);
//! ```
//!
//! # References
//!
//! Hidalgo, C. A., & Hausmann, R. (2009). The building blocks of economic complexity. *PNAS*,
//! 106(26), 10570–10575. <https://doi.org/10.1073/pnas.0900943106>
//!
//! Hausmann, R., Hidalgo, C. A., Bustos, S., Coscia, M., Simoes, A., & Yildirim, M. A. (2014). *The
//! Atlas of Economic Complexity*. MIT Press. <https://doi.org/10.7551/mitpress/9647.001.0001>
//!
//! Tacchella, A., Cristelli, M., Caldarelli, G., Gabrielli, A., & Pietronero, L. (2012). A new metrics
//! for countries' fitness and products' complexity. *Scientific Reports*, 2, 723.
//! <https://doi.org/10.1038/srep00723>
//!
//! Gadgin Matha, S. et al. py-ecomplexity 0.5.3 (Harvard Growth Lab).
//! <https://github.com/cid-harvard/py-ecomplexity>

use rayon::prelude::*;

use crate::location_quotient::Matrix;

/// Why an index could not be computed.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ComplexityError {
    /// Fewer than two regions or industries are present anywhere.
    #[error("{regions} regions and {industries} industries have any presence; ECI needs at least two of each")]
    TooSmall {
        /// Regions with diversity > 0.
        regions: usize,
        /// Industries with ubiquity > 0.
        industries: usize,
    },
    /// The region–industry network falls apart, so the second eigenvalue is 1 and not unique.
    #[error("the region–industry network has {components} separate parts; ECI is not unique")]
    Disconnected {
        /// The number of connected parts.
        components: usize,
    },
    /// `k_c` has no variance, so it cannot be standardised.
    #[error("the complexity eigenvector is constant over the regions; it cannot be standardised")]
    NoVariance,
    /// Every region has the same diversity, so ECI's sign (its correlation with diversity) is undefined.
    #[error("every region has the same diversity; the sign of ECI is undefined")]
    SignUndefined,
    /// The eigen-solver did not reach its tolerance.
    #[error("the eigenvector did not converge (residual {residual:e})")]
    NotConverged {
        /// The last residual `‖S x − λ x‖`.
        residual: f64,
    },
}

/// Diversity `d_c = Σ_p M_cp` of every region (row).
pub fn diversity(presence: &Matrix<bool>) -> Vec<usize> {
    (0..presence.rows()).map(|r| presence.row(r).iter().filter(|p| **p).count()).collect()
}

/// Ubiquity `u_p = Σ_c M_cp` of every industry (column).
pub fn ubiquity(presence: &Matrix<bool>) -> Vec<usize> {
    let mut u = vec![0; presence.cols()];
    for r in 0..presence.rows() {
        for (count, p) in u.iter_mut().zip(presence.row(r)) {
            *count += usize::from(*p);
        }
    }
    u
}

/// Values for the regions (rows) and the industries (columns) of a presence matrix; `None` outside
/// the network (diversity or ubiquity 0).
#[derive(Debug, Clone, PartialEq)]
pub struct Indices {
    /// One value per region.
    pub regions: Vec<Option<f64>>,
    /// One value per industry.
    pub industries: Vec<Option<f64>>,
}

/// The eigenvector complexity indices.
#[derive(Debug, Clone, PartialEq)]
pub struct Complexity {
    /// The Economic Complexity Index of every region.
    pub eci: Vec<Option<f64>>,
    /// The Product Complexity Index of every industry.
    pub pci: Vec<Option<f64>>,
    /// The second largest eigenvalue `λ₂` of `M̃`, whose eigenvector gives the indices.
    pub eigenvalue: f64,
}

/// Neighbour lists in compressed form: the neighbours of `i` are `idx[ptr[i]..ptr[i + 1]]`.
struct Adjacency {
    ptr: Vec<usize>,
    idx: Vec<u32>,
}

impl Adjacency {
    fn len(&self) -> usize {
        self.ptr.len() - 1
    }

    fn neighbours(&self, i: usize) -> &[u32] {
        &self.idx[self.ptr[i]..self.ptr[i + 1]]
    }

    fn degrees(&self) -> Vec<f64> {
        self.ptr.windows(2).map(|w| (w[1] - w[0]) as f64).collect()
    }

    /// `out_i = Σ_{j ∈ N(i)} x_j / divisor_i`, in parallel over `i`.
    fn gather(&self, x: &[f64], divisor: &[f64], out: &mut [f64]) {
        out.par_iter_mut().with_min_len(256).enumerate().for_each(|(i, o)| {
            let s: f64 = self.neighbours(i).iter().map(|&j| x[j as usize]).sum();
            *o = s / divisor[i];
        });
    }
}

/// The presence matrix restricted to regions and industries with any presence, both ways round.
struct Network {
    /// The original row of every kept region.
    regions: Vec<usize>,
    /// The original column of every kept industry.
    industries: Vec<usize>,
    /// Kept region → kept industries.
    by_region: Adjacency,
    /// Kept industry → kept regions.
    by_industry: Adjacency,
}

impl Network {
    fn new(m: &Matrix<bool>) -> Network {
        let u = ubiquity(m);
        let mut column = vec![u32::MAX; m.cols()];
        let mut industries = Vec::new();
        for (p, _) in u.iter().enumerate().filter(|(_, u)| **u > 0) {
            column[p] = industries.len() as u32;
            industries.push(p);
        }
        let mut regions = Vec::new();
        let mut ptr = vec![0];
        let mut idx = Vec::new();
        for r in 0..m.rows() {
            let before = idx.len();
            idx.extend(m.row(r).iter().enumerate().filter(|(_, p)| **p).map(|(p, _)| column[p]));
            if idx.len() > before {
                regions.push(r);
                ptr.push(idx.len());
            }
        }
        let by_region = Adjacency { ptr, idx };
        let by_industry = transpose(&by_region, industries.len());
        Network { regions, industries, by_region, by_industry }
    }

    /// The number of connected parts of the bipartite network (union–find over regions and industries).
    fn components(&self) -> usize {
        let nr = self.regions.len();
        let mut parent: Vec<usize> = (0..nr + self.industries.len()).collect();
        fn find(parent: &mut [usize], mut x: usize) -> usize {
            while parent[x] != x {
                parent[x] = parent[parent[x]];
                x = parent[x];
            }
            x
        }
        for c in 0..nr {
            for &p in self.by_region.neighbours(c) {
                let (a, b) = (find(&mut parent, c), find(&mut parent, nr + p as usize));
                if a != b {
                    parent[a] = b;
                }
            }
        }
        (0..parent.len()).filter(|&x| find(&mut parent, x) == x).count()
    }

    /// Spreads values of the kept regions and industries back over all rows and columns.
    fn spread(&self, m: &Matrix<bool>, regions: &[f64], industries: &[f64]) -> Indices {
        let mut out_r = vec![None; m.rows()];
        for (&r, &v) in self.regions.iter().zip(regions) {
            out_r[r] = Some(v);
        }
        let mut out_p = vec![None; m.cols()];
        for (&p, &v) in self.industries.iter().zip(industries) {
            out_p[p] = Some(v);
        }
        Indices { regions: out_r, industries: out_p }
    }
}

/// The reverse lists of `a`, whose targets number `n`.
fn transpose(a: &Adjacency, n: usize) -> Adjacency {
    let mut ptr = vec![0usize; n + 1];
    for &j in &a.idx {
        ptr[j as usize + 1] += 1;
    }
    for i in 0..n {
        ptr[i + 1] += ptr[i];
    }
    let mut next = ptr[..n].to_vec();
    let mut idx = vec![0u32; a.idx.len()];
    for i in 0..a.len() {
        for &j in a.neighbours(i) {
            idx[next[j as usize]] = i as u32;
            next[j as usize] += 1;
        }
    }
    Adjacency { ptr, idx }
}

/// The method of reflections after `steps` steps: `k_c,steps` for the regions and `k_p,steps` for
/// the industries (step 0 is diversity and ubiquity).
pub fn reflections(presence: &Matrix<bool>, steps: usize) -> Indices {
    let net = Network::new(presence);
    let d = net.by_region.degrees();
    let u = net.by_industry.degrees();
    let (mut kc, mut kp) = (d.clone(), u.clone());
    let (mut next_c, mut next_p) = (vec![0.0; kc.len()], vec![0.0; kp.len()]);
    for _ in 0..steps {
        net.by_region.gather(&kp, &d, &mut next_c);
        net.by_industry.gather(&kc, &u, &mut next_p);
        std::mem::swap(&mut kc, &mut next_c);
        std::mem::swap(&mut kp, &mut next_p);
    }
    net.spread(presence, &kc, &kp)
}

/// Fitness of the regions and complexity of the industries after `iterations` updates of the
/// Fitness–Complexity map (see the module documentation; `economiccomplexity`'s default of 20
/// iterations is 19 updates here).
pub fn fitness(presence: &Matrix<bool>, iterations: usize) -> Indices {
    let net = Network::new(presence);
    let (nr, np) = (net.regions.len(), net.industries.len());
    let (mut f, mut q) = (vec![1.0; nr], vec![1.0; np]);
    let (mut next_f, mut next_q, mut inv_f) = (vec![0.0; nr], vec![0.0; np], vec![0.0; nr]);
    let (ones_r, ones_p) = (vec![1.0; nr], vec![1.0; np]);
    for _ in 0..iterations {
        net.by_region.gather(&q, &ones_r, &mut next_f);
        for (i, v) in inv_f.iter_mut().zip(&f) {
            *i = 1.0 / v;
        }
        net.by_industry.gather(&inv_f, &ones_p, &mut next_q);
        for v in next_q.iter_mut() {
            *v = 1.0 / *v;
        }
        normalise_by_mean(&mut next_f);
        normalise_by_mean(&mut next_q);
        std::mem::swap(&mut f, &mut next_f);
        std::mem::swap(&mut q, &mut next_q);
    }
    net.spread(presence, &f, &q)
}

/// Divides `v` by its mean.
fn normalise_by_mean(v: &mut [f64]) {
    let mean = v.iter().sum::<f64>() / v.len() as f64;
    for x in v.iter_mut() {
        *x /= mean;
    }
}

/// The eigenvector Economic Complexity Index of every region and Product Complexity Index of every
/// industry, with py-ecomplexity's sign and standardisation (see the module documentation).
pub fn eci_pci(presence: &Matrix<bool>) -> Result<Complexity, ComplexityError> {
    let net = Network::new(presence);
    let (nr, np) = (net.regions.len(), net.industries.len());
    if nr < 2 || np < 2 {
        return Err(ComplexityError::TooSmall { regions: nr, industries: np });
    }
    let components = net.components();
    if components > 1 {
        return Err(ComplexityError::Disconnected { components });
    }
    let d = net.by_region.degrees();
    let u = net.by_industry.degrees();

    // The eigenvector on the smaller side, then k_p and k_c = D⁻¹ M k_p from it.
    let (lambda, kp) = if np <= nr {
        let (lambda, w) = second_eigenvector(&net.by_industry, &net.by_region, &u, &d)?;
        (lambda, w.iter().zip(&u).map(|(w, u)| w / u.sqrt()).collect::<Vec<f64>>())
    } else {
        let (lambda, w) = second_eigenvector(&net.by_region, &net.by_industry, &d, &u)?;
        let kc: Vec<f64> = w.iter().zip(&d).map(|(w, d)| w / d.sqrt()).collect();
        let mut kp = vec![0.0; np];
        net.by_industry.gather(&kc, &u, &mut kp);
        (lambda, kp)
    };
    let mut kc = vec![0.0; nr];
    net.by_region.gather(&kp, &d, &mut kc);

    let mean = kc.iter().sum::<f64>() / nr as f64;
    let sd = (kc.iter().map(|k| (k - mean) * (k - mean)).sum::<f64>() / nr as f64).sqrt();
    if sd.is_nan() || sd <= 0.0 {
        return Err(ComplexityError::NoVariance);
    }
    // The sign of the correlation is the sign of the covariance.
    let mean_d = d.iter().sum::<f64>() / nr as f64;
    let cov: f64 = d.iter().zip(&kc).map(|(d, k)| (d - mean_d) * (k - mean)).sum();
    if d.iter().all(|&v| v == d[0]) {
        return Err(ComplexityError::SignUndefined);
    }
    let s = if cov < 0.0 { -1.0 } else { 1.0 };
    let eci: Vec<f64> = kc.iter().map(|k| s * (k - mean) / sd).collect();
    let pci: Vec<f64> = kp.iter().map(|k| s * (k - mean) / sd).collect();
    let spread = net.spread(presence, &eci, &pci);
    Ok(Complexity { eci: spread.regions, pci: spread.industries, eigenvalue: lambda })
}

/// The Krylov basis size of one Lanczos cycle, the number of cycles, and the residual accepted.
const KRYLOV: usize = 160;
const CYCLES: usize = 40;
const TOLERANCE: f64 = 1e-12;

/// The second eigenpair of `S = W^−½ Aᵀ V⁻¹ A W^−½` on the "side" whose lists are `side` (side →
/// other) and `other` (other → side), with degrees `side_deg` (W) and `other_deg` (V). Its top
/// eigenvector is `√side_deg` with eigenvalue 1, which is deflated.
fn second_eigenvector(
    side: &Adjacency,
    other: &Adjacency,
    side_deg: &[f64],
    other_deg: &[f64],
) -> Result<(f64, Vec<f64>), ComplexityError> {
    let n = side.len();
    let sqrt: Vec<f64> = side_deg.iter().map(|v| v.sqrt()).collect();
    let mut top = sqrt.clone();
    normalise(&mut top);
    let mut scratch = vec![0.0; other.len()];
    let mut y = vec![0.0; n];
    let mut apply = |x: &[f64], out: &mut [f64]| {
        // out = W^−½ Aᵀ V⁻¹ A W^−½ x: scale, gather onto the other side, gather back.
        for ((y, x), s) in y.iter_mut().zip(x).zip(&sqrt) {
            *y = x / s;
        }
        other.gather(&y, other_deg, &mut scratch);
        side.gather(&scratch, &sqrt, out);
    };
    lanczos(n, &top, &mut apply)
}

/// The largest eigenpair of a symmetric positive semi-definite operator of size `n ≥ 2` restricted
/// to the orthogonal complement of the unit vector `top`, by restarted Lanczos with full
/// reorthogonalisation.
fn lanczos(
    n: usize,
    top: &[f64],
    apply: &mut impl FnMut(&[f64], &mut [f64]),
) -> Result<(f64, Vec<f64>), ComplexityError> {
    let dim = KRYLOV.min(n - 1);
    // A fixed pseudo-random start, so results are reproducible and no structure of the data can
    // make the start orthogonal to the wanted eigenvector.
    let mut state = 0x2545_F491_4F6C_DD1Du64;
    let mut start: Vec<f64> = (0..n)
        .map(|_| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state >> 11) as f64 / (1u64 << 53) as f64 - 0.5
        })
        .collect();
    project_out(&mut start, top);
    normalise(&mut start);

    let mut w = vec![0.0; n];
    let mut residual = f64::INFINITY;
    for _ in 0..CYCLES {
        let mut basis = vec![start];
        let (mut alpha, mut beta) = (Vec::with_capacity(dim), Vec::with_capacity(dim));
        loop {
            let q = basis.last().expect("the basis has the start vector");
            apply(q, &mut w);
            alpha.push(dot(q, &w));
            // Gram–Schmidt twice against the deflated vector and the whole basis; this includes the
            // three-term recurrence and keeps the basis orthogonal in floating point.
            for _ in 0..2 {
                project_out(&mut w, top);
                for q in &basis {
                    let c = dot(q, &w);
                    axpy(-c, q, &mut w);
                }
            }
            let b = dot(&w, &w).sqrt();
            if basis.len() == dim || b <= 1e-14 {
                break;
            }
            // Every few steps, stop early once the Ritz pair's residual, which is `b` times the
            // last component of its eigenvector in the basis, is well below the tolerance.
            let k = alpha.len();
            if k % 8 == 0 {
                let y = tridiagonal_eigenvector(&alpha, &beta, largest_tridiagonal_eigenvalue(&alpha, &beta));
                if b * y[k - 1].abs() <= TOLERANCE / 16.0 {
                    break;
                }
            }
            beta.push(b);
            basis.push(w.iter().map(|v| v / b).collect());
        }
        let theta = largest_tridiagonal_eigenvalue(&alpha, &beta);
        let y = tridiagonal_eigenvector(&alpha, &beta, theta);
        let mut x = vec![0.0; n];
        for (q, &c) in basis.iter().zip(&y) {
            axpy(c, q, &mut x);
        }
        project_out(&mut x, top);
        normalise(&mut x);
        // The residual of the Ritz pair, measured with the operator itself.
        apply(&x, &mut w);
        let lambda = dot(&x, &w);
        residual = w.iter().zip(&x).map(|(w, x)| (w - lambda * x) * (w - lambda * x)).sum::<f64>().sqrt();
        if residual <= TOLERANCE {
            return Ok((lambda, x));
        }
        start = x;
    }
    Err(ComplexityError::NotConverged { residual })
}

/// The largest eigenvalue of the symmetric tridiagonal matrix with diagonal `a` and off-diagonal
/// `b`, by bisection on Sturm sequence counts.
fn largest_tridiagonal_eigenvalue(a: &[f64], b: &[f64]) -> f64 {
    let k = a.len();
    let off = |i: usize| if i < b.len() { b[i].abs() } else { 0.0 };
    let (mut lo, mut hi) = (f64::INFINITY, f64::NEG_INFINITY);
    for (i, &ai) in a.iter().enumerate() {
        let r = off(i) + if i > 0 { off(i - 1) } else { 0.0 };
        lo = lo.min(ai - r);
        hi = hi.max(ai + r);
    }
    let scale = lo.abs().max(hi.abs()).max(f64::MIN_POSITIVE);
    // The number of eigenvalues below x.
    let below = |x: f64| {
        let mut count = 0;
        let mut q = 1.0;
        for i in 0..k {
            let b2 = if i > 0 { b[i - 1] * b[i - 1] } else { 0.0 };
            q = a[i] - x - if i > 0 { b2 / q } else { 0.0 };
            if q == 0.0 {
                q = -f64::EPSILON * scale;
            }
            if q < 0.0 {
                count += 1;
            }
        }
        count
    };
    for _ in 0..200 {
        let mid = 0.5 * (lo + hi);
        if mid <= lo || mid >= hi {
            break;
        }
        if below(mid) == k {
            hi = mid;
        } else {
            lo = mid;
        }
    }
    hi
}

/// The unit eigenvector of the symmetric tridiagonal matrix (`a`, `b`) for its eigenvalue `theta`,
/// by inverse iteration with a tridiagonal LU factorisation with partial pivoting.
fn tridiagonal_eigenvector(a: &[f64], b: &[f64], theta: f64) -> Vec<f64> {
    let k = a.len();
    if k == 1 {
        return vec![1.0];
    }
    let norm = a.iter().chain(b).fold(0.0f64, |m, v| m.max(v.abs()));
    let tiny = f64::EPSILON * norm.max(f64::MIN_POSITIVE);
    // Factorise T − θI = P L U: `d` the diagonal of U, `du`, `du2` its two superdiagonals, `dl` the
    // multipliers of L, `swap` the row interchanges.
    let mut d: Vec<f64> = a.iter().map(|v| v - theta).collect();
    let mut dl = b.to_vec();
    let mut du = b.to_vec();
    let mut du2 = vec![0.0; k.saturating_sub(2)];
    let mut swap = vec![false; k - 1];
    for i in 0..k - 1 {
        if d[i].abs() >= dl[i].abs() {
            if d[i] == 0.0 {
                d[i] = tiny;
            }
            let f = dl[i] / d[i];
            dl[i] = f;
            d[i + 1] -= f * du[i];
        } else {
            let f = d[i] / dl[i];
            d[i] = dl[i];
            dl[i] = f;
            let t = du[i];
            du[i] = d[i + 1];
            d[i + 1] = t - f * d[i + 1];
            if i + 2 < k {
                du2[i] = du[i + 1];
                du[i + 1] *= -f;
            }
            swap[i] = true;
        }
    }
    if d[k - 1] == 0.0 {
        d[k - 1] = tiny;
    }
    let mut y = vec![1.0; k];
    for _ in 0..3 {
        // Solve L: apply the interchanges and multipliers.
        for i in 0..k - 1 {
            if swap[i] {
                y.swap(i, i + 1);
            }
            y[i + 1] -= dl[i] * y[i];
        }
        // Solve U from the bottom.
        y[k - 1] /= d[k - 1];
        y[k - 2] = (y[k - 2] - du[k - 2] * y[k - 1]) / d[k - 2];
        for i in (0..k.saturating_sub(2)).rev() {
            y[i] = (y[i] - du[i] * y[i + 1] - du2[i] * y[i + 2]) / d[i];
        }
        normalise(&mut y);
    }
    y
}

fn dot(a: &[f64], b: &[f64]) -> f64 {
    a.iter().zip(b).map(|(x, y)| x * y).sum()
}

/// `y += c · x`.
fn axpy(c: f64, x: &[f64], y: &mut [f64]) {
    for (y, x) in y.iter_mut().zip(x) {
        *y += c * x;
    }
}

/// Removes the component along the unit vector `top`.
fn project_out(v: &mut [f64], top: &[f64]) {
    let c = dot(v, top);
    axpy(-c, top, v);
}

fn normalise(v: &mut [f64]) {
    let n = dot(v, v).sqrt();
    if n > 0.0 {
        for x in v.iter_mut() {
            *x /= n;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::location_quotient::four_countries;

    #[test]
    fn reflections_start_from_diversity_and_ubiquity() {
        let k = reflections(&four_countries(), 0);
        assert_eq!(k.regions, vec![Some(4.0), Some(1.0), Some(2.0), Some(1.0)]);
        assert_eq!(k.industries, vec![Some(1.0), Some(2.0), Some(2.0), Some(3.0)]);
        // Step 1: the mean ubiquity of each country's products, the mean diversity of each
        // product's exporters.
        let k = reflections(&four_countries(), 1);
        assert_eq!(k.regions, vec![Some(2.0), Some(2.0), Some(2.5), Some(3.0)]);
        assert_eq!(k.industries, vec![Some(4.0), Some(2.5), Some(3.0), Some(7.0 / 3.0)]);
    }

    #[test]
    fn regions_and_industries_outside_the_network_are_none() {
        let m = Matrix::from_rows(vec![
            vec![true, false, true, false],
            vec![false, false, false, false],
            vec![true, false, false, true],
            vec![false, false, true, true],
        ])
        .unwrap();
        assert_eq!(diversity(&m), vec![2, 0, 2, 2]);
        assert_eq!(ubiquity(&m), vec![2, 0, 2, 2]);
        let k = reflections(&m, 3);
        assert_eq!(k.regions[1], None);
        assert_eq!(k.industries[1], None);
        let c = eci_pci(&m).unwrap_err();
        // Every remaining region has diversity 2: no sign rule.
        assert_eq!(c, ComplexityError::SignUndefined);
        let f = fitness(&m, 5);
        assert_eq!(f.regions[1], None);
        assert!(f.regions[0].is_some());
    }

    #[test]
    fn refuses_disconnected_and_tiny_networks() {
        let two_blocks = Matrix::from_rows(vec![
            vec![true, true, false, false],
            vec![true, false, false, false],
            vec![false, false, true, true],
            vec![false, false, false, true],
        ])
        .unwrap();
        assert_eq!(eci_pci(&two_blocks), Err(ComplexityError::Disconnected { components: 2 }));
        let one = Matrix::from_rows(vec![vec![true, true]]).unwrap();
        assert_eq!(eci_pci(&one), Err(ComplexityError::TooSmall { regions: 1, industries: 2 }));
    }

    #[test]
    fn tridiagonal_solver_finds_the_largest_pair() {
        // The path-graph Laplacian-like matrix 2 on the diagonal, −1 beside it: eigenvalues
        // 2 − 2 cos(kπ/(n+1)), the largest 2 + 2 cos(π/(n+1)).
        let n = 12;
        let a = vec![2.0; n];
        let b = vec![-1.0; n - 1];
        let theta = largest_tridiagonal_eigenvalue(&a, &b);
        let want = 2.0 + 2.0 * (std::f64::consts::PI / (n as f64 + 1.0)).cos();
        assert!((theta - want).abs() < 1e-13, "{theta} vs {want}");
        let y = tridiagonal_eigenvector(&a, &b, theta);
        // Check T y = θ y.
        for i in 0..n {
            let mut ty = a[i] * y[i];
            if i > 0 {
                ty += b[i - 1] * y[i - 1];
            }
            if i + 1 < n {
                ty += b[i] * y[i + 1];
            }
            assert!((ty - theta * y[i]).abs() < 1e-12);
        }
    }

    #[test]
    fn both_sides_give_the_same_indices() {
        // A nested 9 × 6 matrix with noise: solved on the product side, and transposed (so the
        // region side is the smaller one) the roles swap but the eigenvalue is the same.
        let m = Matrix::from_fn(9, 6, |r, p| r + p >= 5 || (r * 7 + p * 3) % 5 == 0);
        let t = Matrix::from_fn(6, 9, |p, r| m[(r, p)]);
        let a = eci_pci(&m).unwrap();
        let b = eci_pci(&t).unwrap();
        assert!((a.eigenvalue - b.eigenvalue).abs() < 1e-12);
        // ECI of m's regions correlates perfectly (up to sign and scale) with PCI of t's columns.
        let x: Vec<f64> = a.eci.iter().map(|v| v.unwrap()).collect();
        let y: Vec<f64> = b.pci.iter().map(|v| v.unwrap()).collect();
        let corr = correlation(&x, &y);
        assert!((corr.abs() - 1.0).abs() < 1e-10, "{corr}");
    }

    fn correlation(x: &[f64], y: &[f64]) -> f64 {
        let n = x.len() as f64;
        let (mx, my) = (x.iter().sum::<f64>() / n, y.iter().sum::<f64>() / n);
        let sxy: f64 = x.iter().zip(y).map(|(a, b)| (a - mx) * (b - my)).sum();
        let sxx: f64 = x.iter().map(|a| (a - mx) * (a - mx)).sum();
        let syy: f64 = y.iter().map(|b| (b - my) * (b - my)).sum();
        sxy / (sxx * syy).sqrt()
    }
}
