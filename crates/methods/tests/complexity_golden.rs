//! Golden tests of location quotients, relatedness, density and economic complexity against
//! published examples and stored peer results. Each test names its source and tolerance.
//!
//! - Hidalgo & Hausmann (2009), the four-country network (values in the shared reference numbers'
//!   README: reflections, eigenvector ECI, proximity).
//! - EconGeo's documented examples (`location_quotient()`, `relatedness()`, `relatedness_density()`),
//!   whose inputs come from `set.seed(31)` and R's sampler: the matrices below are what R 4.2.2
//!   draws, and the expected values are EconGeo's functions, sourced from its repository and run
//!   once in R 4.2.2 (printed to 17 digits). One cell of each method is also worked by hand.
//! - World trade 1998–2000 (226 countries × 785 SITC products; `../shared/golden/world-trade-1998-2000`):
//!   presence from the `economiccomplexity` R package, ECI and PCI from py-ecomplexity 0.5.3, Fitness
//!   from `economiccomplexity` (20 iterations).

use std::collections::HashMap;

use chiiki_methods::complexity::{diversity, eci_pci, fitness, reflections, ubiquity};
use chiiki_methods::location_quotient::{Matrix, Reference, Threshold, location_quotient, presence, rca};
use chiiki_methods::relatedness::{Diagonal, Method, density, proximity, relatedness};

fn four_countries() -> Matrix<bool> {
    Matrix::from_rows(vec![
        vec![true, true, true, true],
        vec![false, true, false, false],
        vec![false, false, true, true],
        vec![false, false, false, true],
    ])
    .unwrap()
}

/// Hidalgo & Hausmann (2009), method of reflections, step 2 for the countries. The README prints
/// ten decimals; the exact values are 71/24, 5/2, 8/3 and 7/3. Tolerance 1e-12.
#[test]
fn four_countries_reflections_at_step_two() {
    let k = reflections(&four_countries(), 2);
    let exact = [71.0 / 24.0, 2.5, 8.0 / 3.0, 7.0 / 3.0];
    let printed = [2.9583333333, 2.5, 2.6666666667, 2.3333333333];
    for ((got, e), p) in k.regions.iter().zip(exact).zip(printed) {
        let got = got.unwrap();
        assert!((got - e).abs() < 1e-12, "{got} vs {e}");
        assert!((got - p).abs() < 5e-11, "{got} vs the printed {p}");
    }
}

/// The eigenvector ECI of the four countries (z-score with ddof 0, sign by correlation with
/// diversity), printed to twelve decimals in the README: tolerance 1e-11.
#[test]
fn four_countries_eigenvector_eci() {
    let c = eci_pci(&four_countries()).unwrap();
    let expected = [-0.075353088975, -1.602916065686, 0.747788201915, 0.930480952747];
    for (got, e) in c.eci.iter().zip(expected) {
        let got = got.unwrap();
        assert!((got - e).abs() < 1e-11, "{got} vs {e}");
    }
    // Standardised: mean 0, variance 1 (ddof 0).
    let eci: Vec<f64> = c.eci.iter().map(|v| v.unwrap()).collect();
    let mean = eci.iter().sum::<f64>() / 4.0;
    let var = eci.iter().map(|v| (v - mean) * (v - mean)).sum::<f64>() / 4.0;
    assert!(mean.abs() < 1e-12 && (var - 1.0).abs() < 1e-12);
    assert!(c.eigenvalue > 0.0 && c.eigenvalue < 1.0);
}

/// Proximity of the four products, from the README (exact fractions): tolerance 0 — each is one
/// correctly rounded division.
#[test]
fn four_countries_proximity() {
    let phi = proximity(&four_countries());
    let pairs =
        [((0, 1), 0.5), ((0, 2), 0.5), ((0, 3), 1.0 / 3.0), ((1, 2), 0.5), ((1, 3), 1.0 / 3.0), ((2, 3), 2.0 / 3.0)];
    for ((i, j), e) in pairs {
        assert_eq!(phi[(i, j)], e, "φ_{i}{j}");
        assert_eq!(phi[(j, i)], e, "φ_{j}{i}");
    }
    for i in 0..4 {
        assert_eq!(phi[(i, i)], 1.0);
    }
}

/// EconGeo's `location_quotient()` example (5 × 5), values from the README; the two cells of R3 at
/// exactly 1.0 and the ≥ / > difference. Tolerance 1e-12 (R prints 0.7499999999999999 for 0.75).
#[test]
fn econgeo_location_quotient_example() {
    let x = Matrix::from_rows(vec![
        vec![100.0, 0.0, 0.0, 0.0, 0.0],
        vec![0.0, 15.0, 5.0, 70.0, 10.0],
        vec![0.0, 20.0, 10.0, 20.0, 50.0],
        vec![0.0, 25.0, 30.0, 5.0, 40.0],
        vec![0.0, 40.0, 55.0, 5.0, 0.0],
    ])
    .unwrap();
    let lq = location_quotient(&x, Reference::Matrix).unwrap();
    let expected = [
        [5.0, 0.0, 0.0, 0.0, 0.0],
        [0.0, 0.75, 0.25, 3.5, 0.5],
        [0.0, 1.0, 0.5, 1.0, 2.5],
        [0.0, 1.25, 1.5, 0.25, 2.0],
        [0.0, 2.0, 2.75, 0.25, 0.0],
    ];
    for r in 0..5 {
        for c in 0..5 {
            assert!((lq[(r, c)].unwrap() - expected[r][c]).abs() < 1e-12);
        }
    }
    assert_eq!(lq[(2, 1)], Some(1.0));
    assert_eq!(lq[(2, 3)], Some(1.0));
    let ge = presence(&lq, Threshold::AtLeast(1.0));
    let gt = presence(&lq, Threshold::Above(1.0));
    assert_eq!(ge.row(2), &[false, true, false, true, true], "R3 has I2, I4, I5 with LQ ≥ 1");
    assert_eq!(gt.row(2), &[false, false, false, false, true], "only I5 with LQ > 1");
    let differ: usize = ge.data().iter().zip(gt.data()).filter(|(a, b)| a != b).count();
    assert_eq!(differ, 2, "the rules differ on the two ones only");
}

/// EconGeo's `relatedness()` example: `set.seed(31); mat <- matrix(sample(0:10, 36, replace = TRUE),
/// ncol = 6)` made symmetric (R 4.2.2 draws the matrix below). Expected values: EconGeo's function
/// in R 4.2.2, printed to 17 digits and written here as the shortest decimals of the same doubles.
/// Tolerance 1e-14 (the same double-precision formulas, possibly in another order).
#[test]
fn econgeo_relatedness_example() {
    let co = Matrix::from_rows(vec![
        vec![0.0, 10.0, 1.0, 5.0, 5.0, 9.0],
        vec![10.0, 8.0, 0.0, 1.0, 5.0, 7.0],
        vec![1.0, 0.0, 0.0, 9.0, 4.0, 4.0],
        vec![5.0, 1.0, 9.0, 6.0, 6.0, 5.0],
        vec![5.0, 5.0, 4.0, 6.0, 8.0, 1.0],
        vec![9.0, 7.0, 4.0, 5.0, 1.0, 10.0],
    ])
    .unwrap();
    // The upper triangles (row by row) that R prints; the results are symmetric with a zero diagonal.
    let upper: [(Method, [f64; 15]); 4] = [
        (
            Method::Probability,
            [
                1.7013876040703053,
                0.2216666666666667,
                0.743368700265252,
                0.9391199517781796,
                1.3380636604774536,
                0.0,
                0.19980129021424273,
                1.2628551064046432,
                1.398609031499699,
                2.3436317780580076,
                1.3172690763052208,
                1.0416141235813368,
                1.3236058547261864,
                0.8727810650887574,
                0.22060097578769775,
            ],
        ),
        (
            Method::Association,
            [
                2.0869565217391304,
                0.26666666666666666,
                0.9230769230769231,
                1.1428571428571428,
                1.6615384615384614,
                0.0,
                0.2408026755852843,
                1.4906832298136647,
                1.6856187290969902,
                2.769230769230769,
                1.5238095238095237,
                1.2307692307692306,
                1.5824175824175821,
                1.0650887573964498,
                0.2637362637362637,
            ],
        ),
        (
            Method::Cosine,
            [
                0.3806934938134405,
                0.04303314829119352,
                0.17902871850985821,
                0.19920476822239894,
                0.3222516933177448,
                0.0,
                0.040893041005476534,
                0.22750787759664504,
                0.28625128703833574,
                0.4160251471689218,
                0.20573779994945587,
                0.1849000654084097,
                0.25677629550654774,
                0.19230769230769232,
                0.04279604925109129,
            ],
        ),
        (
            Method::Jaccard,
            [
                0.23255813953488372,
                0.02127659574468085,
                0.09803921568627451,
                0.10869565217391304,
                0.19148936170212766,
                0.0,
                0.020833333333333332,
                0.1282051282051282,
                0.16666666666666666,
                0.2571428571428571,
                0.11428571428571428,
                0.1,
                0.14634146341463414,
                0.10638297872340426,
                0.021739130434782608,
            ],
        ),
    ];
    for (method, values) in upper {
        let r = relatedness(&co, method).unwrap();
        let mut k = 0;
        for i in 0..6 {
            assert_eq!(r[(i, i)], 0.0);
            for j in i + 1..6 {
                let (got, want) = (r[(i, j)], values[k]);
                assert!((got - want).abs() < 1e-14, "{method:?} ({i}, {j}): {got} vs {want}");
                assert_eq!(r[(j, i)], got);
                k += 1;
            }
        }
    }

    // By hand, industries I1 and I2: with the diagonal zeroed, the column sums are
    // S = (30, 23, 18, 26, 21, 26) and T = 144; C_12 = 10.
    //   association  (10/144) / ((30/144)(23/144)) = 1440 / 690 = 2.0869565…
    //   cosine       10 / √(30 · 23) = 0.3806935…
    //   Jaccard      10 / (30 + 23 − 10) = 10/43
    //   probability  10 / ((23/144 · 30/121 + 30/144 · 23/114) · 72) = 1.7013876…
    let hand = [
        (Method::Association, 1440.0 / 690.0),
        (Method::Cosine, 10.0 / 690f64.sqrt()),
        (Method::Jaccard, 10.0 / 43.0),
        (Method::Probability, 10.0 / ((23.0 / 144.0 * (30.0 / 121.0) + 30.0 / 144.0 * (23.0 / 114.0)) * 72.0)),
    ];
    for (method, want) in hand {
        let got = relatedness(&co, method).unwrap()[(0, 1)];
        assert!((got - want).abs() < 1e-14, "{method:?}: {got} vs {want}");
    }
}

/// EconGeo's `relatedness_density()` example: `set.seed(31)`, a 5 × 4 presence matrix and a 4 × 4
/// symmetric 0/1 relatedness matrix (what R 4.2.2 draws). EconGeo rounds to two decimals: tolerance
/// 0.005. Its matrix has ones on part of the diagonal and EconGeo uses it as given, which is
/// `Diagonal::Include`.
#[test]
fn econgeo_relatedness_density_example() {
    let b = |rows: Vec<Vec<u8>>| {
        Matrix::from_rows(rows.into_iter().map(|r| r.into_iter().map(|v| v == 1).collect()).collect()).unwrap()
    };
    let m = b(vec![vec![0, 1, 0, 1], vec![0, 0, 0, 1], vec![0, 0, 0, 1], vec![1, 0, 0, 1], vec![1, 1, 1, 0]]);
    let rel = Matrix::from_rows(vec![
        vec![1.0, 1.0, 0.0, 1.0],
        vec![1.0, 1.0, 1.0, 1.0],
        vec![0.0, 1.0, 1.0, 1.0],
        vec![1.0, 1.0, 1.0, 0.0],
    ])
    .unwrap();
    let expected = [
        [66.67, 50.0, 66.67, 33.33],
        [33.33, 25.0, 33.33, 0.0],
        [33.33, 25.0, 33.33, 0.0],
        [66.67, 50.0, 33.33, 33.33],
        [66.67, 75.0, 66.67, 100.0],
    ];
    let d = density(&m, &rel, Diagonal::Include).unwrap();
    for r in 0..5 {
        for i in 0..4 {
            let got = d[(r, i)].unwrap();
            assert!((got - expected[r][i]).abs() <= 0.005 + 1e-12, "({r}, {i}): {got} vs {}", expected[r][i]);
        }
    }
    // By hand, region R1 (industries I2 and I4) in I1: column I1 of the matrix is (1, 1, 0, 1), so
    // 100 · (1 + 1) / 3 = 66.666…
    assert!((d[(0, 0)].unwrap() - 200.0 / 3.0).abs() < 1e-12);
}

/// The world-trade data: countries × products, in the order of first appearance.
struct Trade {
    countries: Vec<String>,
    products: Vec<String>,
    values: Matrix,
}

/// The rows of a small CSV file with a header and no commas inside fields, quotes removed.
fn csv_rows(path: &str) -> Vec<Vec<String>> {
    let text = std::fs::read_to_string(chiiki_testkit::golden(path)).unwrap();
    text.lines().skip(1).map(|l| l.split(',').map(|f| f.trim_matches('"').to_string()).collect()).collect()
}

fn index(names: &mut Vec<String>, at: &mut HashMap<String, usize>, name: &str) -> usize {
    *at.entry(name.to_string()).or_insert_with(|| {
        names.push(name.to_string());
        names.len() - 1
    })
}

fn trade() -> Trade {
    let rows = csv_rows("world-trade-1998-2000/trade.csv");
    let (mut countries, mut products) = (Vec::new(), Vec::new());
    let (mut c_at, mut p_at) = (HashMap::new(), HashMap::new());
    let cells: Vec<(usize, usize, f64)> = rows
        .iter()
        .map(|r| {
            let c = index(&mut countries, &mut c_at, &r[0]);
            let p = index(&mut products, &mut p_at, &r[1]);
            (c, p, r[2].parse::<f64>().unwrap())
        })
        .collect();
    let mut data = vec![0.0; countries.len() * products.len()];
    for (c, p, v) in cells {
        data[c * products.len() + p] += v;
    }
    let values = Matrix::new(countries.len(), products.len(), data).unwrap();
    Trade { countries, products, values }
}

/// Presence with RCA ≥ 1 equals the `economiccomplexity` package's stored Balassa index exactly:
/// the same 31,951 country–product pairs.
#[test]
fn world_trade_presence_is_exact() {
    let t = trade();
    assert_eq!((t.countries.len(), t.products.len()), (226, 785));
    let m = presence(&rca(&t.values).unwrap(), Threshold::AtLeast(1.0));
    let ones: std::collections::HashSet<(String, String)> =
        csv_rows("world-trade-1998-2000/presence_ones.csv").into_iter().map(|r| (r[0].clone(), r[1].clone())).collect();
    assert_eq!(ones.len(), 31_951);
    let mut count = 0;
    for (c, country) in t.countries.iter().enumerate() {
        for (p, product) in t.products.iter().enumerate() {
            let stored = ones.contains(&(country.clone(), product.clone()));
            assert_eq!(m[(c, p)], stored, "{country} {product}");
            count += usize::from(m[(c, p)]);
        }
    }
    assert_eq!(count, 31_951);
}

/// ECI and PCI against py-ecomplexity 0.5.3 (NumPy's dense eigen-solver) on the same data:
/// tolerance 1e-9 absolute on the standardised indices (observed: 3e-14, printed by the test; the
/// two eigen-solvers differ only in rounding). Diversity and ubiquity exactly.
#[test]
fn world_trade_eci_and_pci_match_py_ecomplexity() {
    let t = trade();
    let m = presence(&rca(&t.values).unwrap(), Threshold::AtLeast(1.0));
    let c = eci_pci(&m).unwrap();
    let (div, ubi) = (diversity(&m), ubiquity(&m));
    let country_at: HashMap<&str, usize> = t.countries.iter().enumerate().map(|(i, n)| (n.as_str(), i)).collect();
    let product_at: HashMap<&str, usize> = t.products.iter().enumerate().map(|(i, n)| (n.as_str(), i)).collect();

    let mut worst: f64 = 0.0;
    let eci_rows = csv_rows("world-trade-1998-2000/eci_ecomplexity.csv");
    assert_eq!(eci_rows.len(), 226);
    for r in &eci_rows {
        let i = country_at[r[0].as_str()];
        let want: f64 = r[1].parse().unwrap();
        worst = worst.max((c.eci[i].unwrap() - want).abs());
        assert_eq!(div[i], r[2].parse::<usize>().unwrap(), "diversity of {}", r[0]);
    }
    let pci_rows = csv_rows("world-trade-1998-2000/pci_ecomplexity.csv");
    assert_eq!(pci_rows.len(), 785);
    for r in &pci_rows {
        let p = product_at[r[0].as_str()];
        let want: f64 = r[1].parse().unwrap();
        worst = worst.max((c.pci[p].unwrap() - want).abs());
        assert_eq!(ubi[p], r[2].parse::<usize>().unwrap(), "ubiquity of {}", r[0]);
    }
    eprintln!("largest |ECI/PCI − py-ecomplexity| = {worst:e} (λ₂ = {})", c.eigenvalue);
    assert!(worst < 1e-9, "largest difference {worst}");
}

/// Fitness and complexity against the `economiccomplexity` package's stored results
/// (`complexity_measures(method = "fitness")`, 20 iterations = 19 updates). Relative tolerance 1e-12
/// (observed: 5e-15; the package's values are stored to 15 significant digits).
#[test]
fn world_trade_fitness_matches_economiccomplexity() {
    let t = trade();
    let m = presence(&rca(&t.values).unwrap(), Threshold::AtLeast(1.0));
    let f = fitness(&m, 19);
    let mut worst: f64 = 0.0;
    for (file, names, ours) in [
        ("world-trade-1998-2000/fitness_country.csv", &t.countries, &f.regions),
        ("world-trade-1998-2000/fitness_product.csv", &t.products, &f.industries),
    ] {
        let at: HashMap<&str, usize> = names.iter().enumerate().map(|(i, n)| (n.as_str(), i)).collect();
        let rows = csv_rows(file);
        assert_eq!(rows.len(), names.len());
        for r in rows {
            let want: f64 = r[1].parse().unwrap();
            let got = ours[at[r[0].as_str()]].unwrap();
            worst = worst.max(((got - want) / want).abs());
        }
    }
    eprintln!("largest relative |Fitness − economiccomplexity| = {worst:e}");
    assert!(worst < 1e-12, "largest relative difference {worst}");
}
