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
        let key = id.as_bytes();
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
