//! `q25(x)`, `q50(x)`, `q75(x)`, `q90(x)`: exact type-7 quantiles as DataFusion aggregate functions.
//! DataFusion's own `percentile_cont` quantises the interpolation weight to 1e-6, which can move a
//! threshold across a tie; the Cluster Mapping and Cluster Observatory rules compare values with
//! `≥` against these quantiles, so the engine computes them exactly with
//! [`chiiki_methods::quantile`].

use std::sync::Arc;

use chiiki_methods::quantile::quantile_type7;
use datafusion::arrow::array::{Array, ArrayRef, AsArray, Float64Array, ListArray};
use datafusion::arrow::datatypes::{DataType, Field, Float64Type};
use datafusion::common::{Result, ScalarValue};
use datafusion::logical_expr::{Accumulator, AggregateUDF, Volatility, create_udaf};

#[derive(Debug)]
struct Quantile {
    p: f64,
    values: Vec<f64>,
}

impl Quantile {
    fn push(&mut self, array: &Float64Array) {
        if array.null_count() == 0 {
            self.values.extend_from_slice(array.values());
        } else {
            self.values.extend(array.iter().flatten());
        }
    }
}

impl Accumulator for Quantile {
    fn update_batch(&mut self, values: &[ArrayRef]) -> Result<()> {
        self.push(values[0].as_primitive::<Float64Type>());
        Ok(())
    }

    fn evaluate(&mut self) -> Result<ScalarValue> {
        Ok(ScalarValue::Float64(quantile_type7(&mut self.values, self.p)))
    }

    fn size(&self) -> usize {
        size_of::<Self>() + self.values.capacity() * size_of::<f64>()
    }

    fn state(&mut self) -> Result<Vec<ScalarValue>> {
        let list = ListArray::from_iter_primitive::<Float64Type, _, _>([Some(self.values.iter().map(|&v| Some(v)))]);
        Ok(vec![ScalarValue::List(Arc::new(list))])
    }

    fn merge_batch(&mut self, states: &[ArrayRef]) -> Result<()> {
        let lists = states[0].as_list::<i32>();
        for i in 0..lists.len() {
            if lists.is_valid(i) {
                let inner = lists.value(i);
                self.push(inner.as_primitive::<Float64Type>());
            }
        }
        Ok(())
    }
}

/// The four quantile functions, to register on a session.
pub fn quantile_functions() -> Vec<AggregateUDF> {
    [("q25", 0.25), ("q50", 0.5), ("q75", 0.75), ("q90", 0.9)]
        .into_iter()
        .map(|(name, p)| {
            create_udaf(
                name,
                vec![DataType::Float64],
                Arc::new(DataType::Float64),
                Volatility::Immutable,
                Arc::new(move |_| Ok(Box::new(Quantile { p, values: Vec::new() }))),
                Arc::new(vec![DataType::List(Arc::new(Field::new_list_field(DataType::Float64, true)))]),
            )
        })
        .collect()
}
