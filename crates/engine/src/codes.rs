//! Text ids to integer codes, for the passes that read the large tables (`crate::employment`,
//! `crate::network`): a reader of text cells whatever Arrow type the file gave them, and an interner
//! that numbers distinct ids in the order they first appear.
//!
//! Why not a `HashMap<String, u32>`: millions of ids would each be a separate allocation. The interner
//! keeps the ids' bytes end to end in one buffer and its table holds only codes.

use datafusion::arrow::array::{Array, ArrayRef, AsArray, LargeStringArray, StringArray, StringViewArray};
use datafusion::arrow::compute::cast;
use datafusion::arrow::datatypes::DataType;
use datafusion::arrow::error::ArrowError;
use hashbrown::HashTable;
use rustc_hash::FxBuildHasher;
use std::hash::BuildHasher;

/// The cells of a text column, trimmed, an empty cell read as missing (as the engine's views do).
pub(crate) enum Text<'a> {
    Utf8(&'a StringArray),
    Large(&'a LargeStringArray),
    View(&'a StringViewArray),
}

/// `column` as text: as it is when Arrow already holds it as text, else cast to `Utf8` (numbers used
/// as ids in a Parquet file).
pub(crate) fn as_text(column: &ArrayRef) -> Result<ArrayRef, ArrowError> {
    match column.data_type() {
        DataType::Utf8 | DataType::LargeUtf8 | DataType::Utf8View => Ok(column.clone()),
        _ => cast(column, &DataType::Utf8),
    }
}

impl<'a> Text<'a> {
    /// A reader of `column`, which [`as_text`] returned.
    pub(crate) fn new(column: &'a ArrayRef) -> Text<'a> {
        match column.data_type() {
            DataType::LargeUtf8 => Text::Large(column.as_string::<i64>()),
            DataType::Utf8View => Text::View(column.as_string_view()),
            _ => Text::Utf8(column.as_string::<i32>()),
        }
    }

    /// The cell at `i`, trimmed; `None` when missing or blank.
    pub(crate) fn get(&self, i: usize) -> Option<&'a str> {
        let raw = match self {
            Text::Utf8(a) => a.is_valid(i).then(|| a.value(i)),
            Text::Large(a) => a.is_valid(i).then(|| a.value(i)),
            Text::View(a) => a.is_valid(i).then(|| a.value(i)),
        }?;
        let s = raw.trim();
        (!s.is_empty()).then_some(s)
    }
}

/// Distinct ids numbered 0, 1, 2 … in the order they were first interned.
#[derive(Default)]
pub(crate) struct Interner {
    bytes: Vec<u8>,
    ends: Vec<usize>,
    table: HashTable<Slot>,
}

/// An entry of the interner's table: an id's length, its first [`HEAD`] bytes (the whole id when it is
/// that short, as most ids are) and its code. A probe compares the slot itself and reads the id's bytes
/// only for a longer id, so a lookup in a table of millions costs one cache miss, not three.
#[derive(Clone, Copy)]
struct Slot {
    len: u32,
    head: [u8; HEAD],
    code: u32,
}

const HEAD: usize = 12;

fn head(key: &[u8]) -> [u8; HEAD] {
    let mut head = [0; HEAD];
    let n = key.len().min(HEAD);
    head[..n].copy_from_slice(&key[..n]);
    head
}

fn hash(s: &[u8]) -> u64 {
    FxBuildHasher.hash_one(s)
}

impl Interner {
    /// An interner with room for `n` ids.
    pub(crate) fn with_capacity(n: usize) -> Interner {
        Interner { bytes: Vec::new(), ends: Vec::with_capacity(n), table: HashTable::with_capacity(n) }
    }

    /// How many ids it holds.
    pub(crate) fn len(&self) -> usize {
        self.ends.len()
    }

    /// The id coded `code`.
    pub(crate) fn id(&self, code: u32) -> &str {
        std::str::from_utf8(slice(&self.bytes, &self.ends, code)).expect("interned from text")
    }

    /// The code of `id`, if interned.
    pub(crate) fn get(&self, id: &str) -> Option<u32> {
        self.get_bytes(id.as_bytes())
    }

    /// The code of the id whose bytes are `key`, if interned.
    pub(crate) fn get_bytes(&self, key: &[u8]) -> Option<u32> {
        let (len, head) = (key.len() as u32, head(key));
        let (bytes, ends) = (&self.bytes, &self.ends);
        self.table
            .find(hash(key), |s| {
                s.len == len && s.head == head && (key.len() <= HEAD || slice(bytes, ends, s.code) == key)
            })
            .map(|s| s.code)
    }

    /// The code of `id`, interning it if new; `true` when it was new.
    pub(crate) fn intern(&mut self, id: &str) -> (u32, bool) {
        let Interner { bytes, ends, table } = self;
        let key = id.as_bytes();
        let (len, head) = (key.len() as u32, head(key));
        let h = hash(key);
        let same =
            |s: &Slot| s.len == len && s.head == head && (key.len() <= HEAD || slice(bytes, ends, s.code) == key);
        if let Some(s) = table.find(h, same) {
            return (s.code, false);
        }
        let code = ends.len() as u32;
        bytes.extend_from_slice(key);
        ends.push(bytes.len());
        table.insert_unique(h, Slot { len, head, code }, |s| hash(slice(bytes, ends, s.code)));
        (code, true)
    }
}

fn slice<'a>(bytes: &'a [u8], ends: &[usize], code: u32) -> &'a [u8] {
    let c = code as usize;
    let start = if c == 0 { 0 } else { ends[c - 1] };
    &bytes[start..ends[c]]
}

/// The last cell of a column read row by row and its code, so that a run of equal cells (an id repeats
/// over long runs of rows in sorted files) is looked up once.
#[derive(Default)]
pub(crate) struct Run {
    last: Vec<u8>,
    code: u32,
    valid: bool,
}

impl Run {
    /// The code of `cell` (trimmed, not empty): `lookup`'s, or [`NONE`] where it gives none or the cell
    /// is not UTF-8 text; looked up only when the cell differs from the last.
    pub(crate) fn code(&mut self, cell: &[u8], lookup: impl FnOnce(&str) -> Option<u32>) -> u32 {
        if self.valid && self.last == cell {
            return self.code;
        }
        self.code = std::str::from_utf8(cell).ok().and_then(lookup).unwrap_or(NONE);
        self.last.clear();
        self.last.extend_from_slice(cell);
        self.valid = true;
        self.code
    }
}

/// The code [`code_cells`] gives a missing or blank cell, or one its lookup does not know.
pub(crate) const NONE: u32 = u32::MAX;

/// The codes of the values of the dictionary a run of batches shares (a Parquet column chunk's
/// dictionary page comes with each of its batches), kept while the batches come.
#[derive(Default)]
pub(crate) struct DictCache {
    /// The dictionary the codes are of; holding it keeps its buffers from being reused by another.
    values: Option<ArrayRef>,
    codes: Vec<u32>,
}

/// Per row of the text column `column`, `code` of its trimmed cell ([`NONE`] for a missing or blank
/// cell, or where `code` gives `None`), written to `out`. A dictionary-encoded column is looked up once
/// per value of its dictionary (once per dictionary, however many batches share it, with `cache`);
/// another once per run of equal cells.
pub(crate) fn code_cells(
    column: &ArrayRef,
    cache: &mut DictCache,
    mut code: impl FnMut(&str) -> Option<u32>,
    out: &mut Vec<u32>,
) -> Result<(), ArrowError> {
    out.clear();
    if let Some(dict) = column.as_any_dictionary_opt() {
        let values = dict.values();
        let same = cache.values.as_ref().is_some_and(|v| v.to_data().ptr_eq(&values.to_data()));
        if !same {
            let text = as_text(values)?;
            let cells = Text::new(&text);
            cache.codes.clear();
            cache.codes.extend((0..text.len()).map(|i| cells.get(i).and_then(&mut code).unwrap_or(NONE)));
            cache.values = Some(values.clone());
        }
        let codes = &cache.codes;
        let keys = dict.normalized_keys();
        match dict.keys().nulls() {
            None => out.extend(keys.iter().map(|&k| codes[k])),
            Some(nulls) => {
                out.extend(keys.iter().zip(nulls.iter()).map(|(&k, valid)| if valid { codes[k] } else { NONE }))
            }
        }
        return Ok(());
    }
    let text = as_text(column)?;
    let cells = Text::new(&text);
    let mut last: Option<(&str, u32)> = None;
    out.extend((0..text.len()).map(|i| match cells.get(i) {
        None => NONE,
        Some(s) => match last {
            Some((l, c)) if l == s => c,
            _ => {
                let c = code(s).unwrap_or(NONE);
                last = Some((s, c));
                c
            }
        },
    }));
    Ok(())
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use datafusion::arrow::array::{ArrayRef, DictionaryArray, StringArray};
    use datafusion::arrow::datatypes::Int32Type;

    use super::{DictCache, NONE, code_cells};

    fn code(id: &str) -> Option<u32> {
        match id {
            "a" => Some(0),
            "b" => Some(1),
            _ => None,
        }
    }

    /// A dictionary column and the same cells as plain text give the same codes: trimmed, a missing
    /// key, a blank value and an unknown id all [`NONE`]; the dictionary's codes are reused while
    /// batches share it.
    #[test]
    fn dictionary_and_plain_text_give_the_same_codes() {
        let cells = [Some(" a"), Some("b"), None, Some("a"), Some(" "), Some("c"), Some("b")];
        let plain: ArrayRef = Arc::new(StringArray::from(cells.to_vec()));
        let dict: ArrayRef = Arc::new(cells.iter().copied().collect::<DictionaryArray<Int32Type>>());
        let expected = vec![0, 1, NONE, 0, NONE, NONE, 1];
        let (mut cache, mut out) = (DictCache::default(), Vec::new());
        code_cells(&plain, &mut cache, code, &mut out).unwrap();
        assert_eq!(out, expected);
        let mut lookups = 0;
        for _ in 0..2 {
            code_cells(
                &dict,
                &mut cache,
                |id| {
                    lookups += 1;
                    code(id)
                },
                &mut out,
            )
            .unwrap();
            assert_eq!(out, expected);
        }
        assert_eq!(lookups, 4, "one lookup per distinct non-blank value of the one dictionary");
    }
}
