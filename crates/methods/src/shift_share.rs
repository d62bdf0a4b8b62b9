//! Shift-share analysis of a region's employment change between two years: Dunn's classic
//! decomposition, Esteban-Marquillas's split of the regional shift, and Gerfin's multiplicative form.
//!
//! # Formulas
//!
//! For a region with employment `e_i0`, `e_i1` in industry `i` at the start and end, the reference
//! (nation) `E_i0`, `E_i1`, growth rates `g_i = E_i1 / E_i0 − 1`, `G = E_1 / E_0 − 1` and
//! `r_i = e_i1 / e_i0 − 1`, summing over industries with `e_i0 > 0`:
//!
//! ```text
//! Dunn (1960)            national share   NS = e_0 G
//!                        industry mix     IM = Σ e_i0 (g_i − G)
//!                        regional shift   RS = Σ e_i0 (r_i − g_i)
//!                        net total shift  NTS = IM + RS = e_1 − e_0 (1 + G)
//! Esteban-Marquillas     homothetic employment  ê_i = e_0 E_i0 / E_0
//! (1972)                 competitive effect     C = Σ ê_i (r_i − g_i)
//!                        allocation effect      A = Σ (e_i0 − ê_i)(r_i − g_i)      (C + A = RS)
//! Gerfin (1964)          mix factor       F_M = Σ e_i0 (1 + g_i) / (e_0 (1 + G))
//!                        regional factor  F_R = e_1 / Σ e_i0 (1 + g_i)
//!                        total            F   = (e_1 / e_0) / (1 + G) = F_M F_R
//! ```
//!
//! An industry the region did not have at the start (`e_i0 = 0`) has no growth rate and adds nothing
//! to the sums, except that its end employment is part of `e_1`. Reference: Farhauer & Kröll (2013),
//! *Standorttheorien*, worked example reproduced by the R package REAT (`shift`, `shiftd`,
//! `shift.growth`), which the tests pin.

/// Dunn, Esteban-Marquillas and Gerfin components of one region.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ShiftShare {
    /// National share `e_0 G`.
    pub national_share: f64,
    /// Industry mix `Σ e_i0 (g_i − G)`.
    pub industry_mix: f64,
    /// Regional (competitive) shift `Σ e_i0 (r_i − g_i)`.
    pub regional_shift: f64,
    /// Net total shift: industry mix plus regional shift.
    pub net_total_shift: f64,
    /// Esteban-Marquillas competitive effect.
    pub competitive_effect: f64,
    /// Esteban-Marquillas allocation effect.
    pub allocation_effect: f64,
    /// Gerfin's mix factor.
    pub gerfin_mix: f64,
    /// Gerfin's regional factor.
    pub gerfin_regional: f64,
    /// Gerfin's total factor.
    pub gerfin_total: f64,
}

/// Why a decomposition is undefined.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ShiftShareError {
    /// The four vectors differ in length.
    #[error("the region and the reference must list the same industries")]
    Lengths,
    /// The region had no employment at the start.
    #[error("the region has no employment in the start year")]
    EmptyRegion,
    /// The reference is empty at the start, or an industry the region has is absent from it.
    #[error("the reference has no employment in an industry of the region in the start year")]
    EmptyReference,
}

/// Decomposes the region's change from `region0` to `region1` against `nation0` → `nation1`
/// (one value per industry, in the same order).
pub fn shift_share(
    region0: &[f64],
    region1: &[f64],
    nation0: &[f64],
    nation1: &[f64],
) -> Result<ShiftShare, ShiftShareError> {
    let n = region0.len();
    if region1.len() != n || nation0.len() != n || nation1.len() != n {
        return Err(ShiftShareError::Lengths);
    }
    let e0: f64 = region0.iter().sum();
    let e1: f64 = region1.iter().sum();
    let big0: f64 = nation0.iter().sum();
    let big1: f64 = nation1.iter().sum();
    if e0 <= 0.0 {
        return Err(ShiftShareError::EmptyRegion);
    }
    if big0 <= 0.0 {
        return Err(ShiftShareError::EmptyReference);
    }
    let g = big1 / big0 - 1.0;
    let (mut im, mut rs, mut c, mut a, mut expected) = (0.0, 0.0, 0.0, 0.0, 0.0);
    for i in 0..n {
        if region0[i] <= 0.0 {
            continue;
        }
        if nation0[i] <= 0.0 {
            return Err(ShiftShareError::EmptyReference);
        }
        let gi = nation1[i] / nation0[i] - 1.0;
        let ri = region1[i] / region0[i] - 1.0;
        let homothetic = e0 * nation0[i] / big0;
        im += region0[i] * (gi - g);
        rs += region0[i] * (ri - gi);
        c += homothetic * (ri - gi);
        a += (region0[i] - homothetic) * (ri - gi);
        expected += region0[i] * (1.0 + gi);
    }
    Ok(ShiftShare {
        national_share: e0 * g,
        industry_mix: im,
        regional_shift: rs,
        net_total_shift: im + rs,
        competitive_effect: c,
        allocation_effect: a,
        gerfin_mix: expected / (e0 * (1.0 + g)),
        gerfin_regional: e1 / expected,
        gerfin_total: (e1 / e0) / (1.0 + g),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Farhauer & Kröll (2013) example as computed by REAT (golden reference notes): Dunn to the unit,
    /// Esteban-Marquillas and Gerfin to the printed four and five decimals (tolerance 5e-5 / 5e-6).
    #[test]
    fn farhauer_kroell_example() {
        let nation0 = [400.0, 150.0, 150.0, 400.0];
        let nation1 = [440.0, 210.0, 135.0, 480.0];
        let regions = [
            (
                [90.0, 20.0, 10.0, 60.0],
                [100.0, 40.0, 10.0, 55.0],
                [27.0, 1.0, -3.0, -2.0],
                [-0.6364, -2.3636],
                [1.00483, 0.98558, 0.99034],
            ),
            (
                [60.0, 30.0, 30.0, 40.0],
                [85.0, 55.0, 40.0, 35.0],
                [24.0, -1.0, 32.0, 31.0],
                [18.4242, 13.5758],
                [0.99457, 1.17486, 1.16848],
            ),
            (
                [250.0, 100.0, 110.0, 300.0],
                [255.0, 115.0, 85.0, 390.0],
                [114.0, 0.0, -29.0, -29.0],
                [-33.5719, 4.5719],
                [1.0, 0.96682, 0.96682],
            ),
        ];
        for (r0, r1, dunn, em, gerfin) in regions {
            let s = shift_share(&r0, &r1, &nation0, &nation1).unwrap();
            let got = [s.national_share, s.industry_mix, s.regional_shift, s.net_total_shift];
            for (g, w) in got.iter().zip(dunn) {
                assert!((g - w).abs() < 1e-9, "Dunn {got:?} vs {dunn:?}");
            }
            assert!((s.competitive_effect - em[0]).abs() < 5e-5, "{s:?}");
            assert!((s.allocation_effect - em[1]).abs() < 5e-5, "{s:?}");
            assert!((s.gerfin_mix - gerfin[0]).abs() < 5e-6, "{s:?}");
            assert!((s.gerfin_regional - gerfin[1]).abs() < 5e-6, "{s:?}");
            assert!((s.gerfin_total - gerfin[2]).abs() < 5e-6, "{s:?}");
        }
    }

    #[test]
    fn undefined_cases() {
        assert_eq!(shift_share(&[0.0], &[1.0], &[1.0], &[1.0]), Err(ShiftShareError::EmptyRegion));
        assert_eq!(shift_share(&[1.0], &[1.0, 2.0], &[1.0], &[1.0]), Err(ShiftShareError::Lengths));
        assert_eq!(
            shift_share(&[1.0, 1.0], &[1.0, 1.0], &[0.0, 3.0], &[1.0, 3.0]),
            Err(ShiftShareError::EmptyReference)
        );
    }
}
