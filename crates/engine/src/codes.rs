//! Text ids to integer codes, for the passes that read the large tables (`crate::employment`,
//! `crate::network`): a reader of text cells whatever Arrow type the file gave them, and an interner
//! that numbers distinct ids in the order they first appear.
//!
//! Why not a `HashMap<String, u32>`: millions of ids would each be a separate allocation. The interner
//! keeps the ids' bytes end to end in one buffer and its table holds only codes.

use datafusion::arrow::array::{Array, ArrayRef, AsArray, LargeStringArray, StringArray, StringViewArray};
use datafusion::arrow::buffer::NullBuffer;
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

/// A text column's cells whether Arrow holds them as text or as a dictionary of text (the ids a
/// converted Parquet file writes as dictionaries): the text as [`as_text`] gives it, and for a
/// dictionary its keys. Read with [`Cells::reader`]; a dictionary is not cast to text, which would
/// copy its value into every row.
pub(crate) struct Cells {
    text: ArrayRef,
    keys: Option<(Vec<usize>, Option<NullBuffer>)>,
}

/// The cells of a [`Cells`], trimmed, an empty cell read as missing (as [`Text::get`]).
pub(crate) struct CellReader<'a> {
    text: Text<'a>,
    keys: Option<(&'a [usize], Option<&'a NullBuffer>)>,
}

impl Cells {
    pub(crate) fn new(column: &ArrayRef) -> Result<Cells, ArrowError> {
        Ok(match column.as_any_dictionary_opt() {
            Some(dict) => Cells {
                text: as_text(dict.values())?,
                keys: Some((dict.normalized_keys(), dict.keys().nulls().cloned())),
            },
            None => Cells { text: as_text(column)?, keys: None },
        })
    }

    pub(crate) fn reader(&self) -> CellReader<'_> {
        CellReader {
            text: Text::new(&self.text),
            keys: self.keys.as_ref().map(|(keys, nulls)| (keys.as_slice(), nulls.as_ref())),
        }
    }
}

impl<'a> CellReader<'a> {
    /// The cell at row `i`, trimmed; `None` when missing or blank.
    pub(crate) fn get(&self, i: usize) -> Option<&'a str> {
        match self.keys {
            None => self.text.get(i),
            Some((keys, nulls)) => match nulls {
                Some(n) if n.is_null(i) => None,
                _ => self.text.get(keys[i]),
            },
        }
    }
}

/// Distinct ids numbered 0, 1, 2 … in the order they were first interned.
#[derive(Default)]
pub(crate) struct Interner {
    bytes: Vec<u8>,
    ends: Vec<usize>,
    table: HashTable<Slot>,
}

/// An entry of the interner's table: an id's length (255 for any longer), its first [`HEAD`] bytes
/// (the whole id when it is that short, as most ids are) and its code, 16 bytes. A probe compares the
/// slot itself and reads the id's bytes only for a longer id, so a lookup in a table of millions costs
/// one cache miss, not three.
#[derive(Clone, Copy)]
struct Slot {
    len: u8,
    head: [u8; HEAD],
    code: u32,
}

const HEAD: usize = 11;

impl Slot {
    fn of(key: &[u8], code: u32) -> Slot {
        let mut head = [0; HEAD];
        let n = key.len().min(HEAD);
        head[..n].copy_from_slice(&key[..n]);
        Slot { len: key.len().min(255) as u8, head, code }
    }

    /// Whether `self` is the slot of the id `key`, whose slot is `probe` (`id`: the bytes of a slot's
    /// id, read only when the ids are longer than a head).
    fn is<'a>(&self, probe: &Slot, key: &[u8], id: impl Fn(u32) -> &'a [u8]) -> bool {
        self.len == probe.len && self.head == probe.head && (key.len() <= HEAD || id(self.code) == key)
    }
}

fn hash(s: &[u8]) -> u64 {
    FxBuildHasher.hash_one(s)
}

impl Interner {
    /// How many ids it holds.
    pub(crate) fn len(&self) -> usize {
        self.ends.len()
    }

    /// The id coded `code`.
    pub(crate) fn id(&self, code: u32) -> &str {
        std::str::from_utf8(slice(&self.bytes, &self.ends, code)).expect("interned from text")
    }

    /// The code of `id`, if it was interned.
    pub(crate) fn get(&self, id: &str) -> Option<u32> {
        let key = id.as_bytes();
        let probe = Slot::of(key, 0);
        let (bytes, ends) = (&self.bytes, &self.ends);
        self.table.find(hash(key), |s| s.is(&probe, key, |c| slice(bytes, ends, c))).map(|s| s.code)
    }

    /// The code of `id`, interning it if new; `true` when it was new.
    pub(crate) fn intern(&mut self, id: &str) -> (u32, bool) {
        let Interner { bytes, ends, table } = self;
        let key = id.as_bytes();
        let code = ends.len() as u32;
        let probe = Slot::of(key, code);
        let h = hash(key);
        if let Some(s) = table.find(h, |s| s.is(&probe, key, |c| slice(bytes, ends, c))) {
            return (s.code, false);
        }
        bytes.extend_from_slice(key);
        ends.push(bytes.len());
        table.insert_unique(h, probe, |s| hash(slice(bytes, ends, s.code)));
        (code, true)
    }
}

fn slice<'a>(bytes: &'a [u8], ends: &[usize], code: u32) -> &'a [u8] {
    let c = code as usize;
    let start = if c == 0 { 0 } else { ends[c - 1] };
    &bytes[start..ends[c]]
}

/// A list of ids (which may repeat them) and, for each id, the position of its first occurrence: the
/// map from organisation ids to codes, and the step that makes the project codes of the partitions of
/// a scan common. Built on several threads, for millions of ids.
///
/// Why not one [`Interner`] filled in order: a table of millions of slots is tens of megabytes, and
/// each insertion into it a cache miss or two; on 2 million organisation ids that one thread took
/// 0.4–0.5 s, as long as reading the file on two. Here the ids are first grouped by a few bits of
/// their hash (each thread groups a contiguous share of the list, a counting sort), then each thread
/// fills the small tables of its share of the groups, each small enough for the core's cache, taking
/// the ids of a group in list order so that the first occurrence of an id is the one kept.
#[derive(Default)]
pub(crate) struct IdIndex {
    bytes: Vec<u8>,
    ends: Vec<usize>,
    shards: Vec<HashTable<Slot>>,
}

/// What a thread of [`IdIndex::build`] made: the tables of its shards and the repeats it found.
type Built = (Vec<HashTable<Slot>>, Vec<(u32, u32)>);

/// An id of the list on its way into a shard: its hash and its slot (the code its position).
#[derive(Clone, Copy)]
struct Entry {
    hash: u64,
    slot: Slot,
}

/// Ids per shard aimed at: 70 % of the 3,584 a table of 4,096 slots (64 KiB) holds, far enough below
/// that a shard which gets more than its share by chance still fits.
const SHARD_IDS: usize = 2_500;

/// The shard of `hash` among `shards`: bits 24–55 of the hash scaled to the count, which leaves
/// hashbrown the low bits (a bucket) and the top 7 (a tag) of a shard's ids spread.
fn shard_of(hash: u64, shards: usize) -> usize {
    ((((hash >> 24) & 0xffff_ffff) * shards as u64) >> 32) as usize
}

impl IdIndex {
    /// The index of the ids whose bytes are `bytes` end to end, id `i` ending at `ends[i]`, built on
    /// `threads` threads; with it, the ids that repeat an earlier one as (position, position of the
    /// first occurrence), in list order.
    pub(crate) fn build(bytes: Vec<u8>, ends: Vec<usize>, threads: usize) -> (IdIndex, Vec<(u32, u32)>) {
        assert!(ends.len() < NONE as usize, "fewer ids than a code can number");
        let n = ends.len();
        let shards = n.div_ceil(SHARD_IDS).max(1);
        let threads = threads.clamp(1, 64).min(n.max(1));
        let (bytes_, ends_) = (&bytes, &ends);
        let grouped = group(bytes_, ends_, threads, shards);
        let grouped = &grouped;
        let built: Vec<Built> = std::thread::scope(|scope| {
            let handles: Vec<_> = (0..threads)
                .map(|t| {
                    scope.spawn(move || {
                        let mut tables = Vec::new();
                        let mut repeats = Vec::new();
                        for s in shards * t / threads..shards * (t + 1) / threads {
                            let size = grouped.iter().map(|(_, start)| start[s + 1] - start[s]).sum();
                            let mut table: HashTable<Slot> = HashTable::with_capacity(size);
                            for (entries, start) in grouped {
                                for e in &entries[start[s]..start[s + 1]] {
                                    let key = slice(bytes_, ends_, e.slot.code);
                                    match table.find(e.hash, |x| x.is(&e.slot, key, |c| slice(bytes_, ends_, c))) {
                                        Some(first) => repeats.push((e.slot.code, first.code)),
                                        None => {
                                            table.insert_unique(e.hash, e.slot, |x| hash(slice(bytes_, ends_, x.code)));
                                        }
                                    }
                                }
                            }
                            tables.push(table);
                        }
                        (tables, repeats)
                    })
                })
                .collect();
            handles.into_iter().map(|h| h.join().expect("an id-numbering thread panicked")).collect()
        });
        let mut tables = Vec::with_capacity(shards);
        let mut repeats = Vec::new();
        for (t, r) in built {
            tables.extend(t);
            repeats.extend(r);
        }
        repeats.sort_unstable();
        (IdIndex { bytes, ends, shards: tables }, repeats)
    }

    /// For each id of a list (`bytes` end to end, id `i` ending at `ends[i]`), the position of its
    /// first occurrence in the index's list ([`NONE`] when it has none), looked up on `threads`
    /// threads. The queries are grouped by shard as [`IdIndex::build`] groups its ids, so each thread
    /// looks up one small table at a time: a lookup costs a cache hit, not the two or three misses of
    /// a probe of a table of millions of slots at random.
    pub(crate) fn get_many(&self, bytes: &[u8], ends: &[usize], threads: usize) -> Vec<u32> {
        let n = ends.len();
        let mut out = vec![NONE; n];
        if n == 0 || self.shards.is_empty() {
            return out;
        }
        let shards = self.shards.len();
        let threads = threads.clamp(1, 64).min(n);
        let grouped = group(bytes, ends, threads, shards);
        let grouped = &grouped;
        let found: Vec<Vec<(u32, u32)>> = std::thread::scope(|scope| {
            let handles: Vec<_> = (0..threads)
                .map(|t| {
                    scope.spawn(move || {
                        let mut found = Vec::new();
                        for s in shards * t / threads..shards * (t + 1) / threads {
                            let table = &self.shards[s];
                            for (entries, start) in grouped {
                                for e in &entries[start[s]..start[s + 1]] {
                                    let key = slice(bytes, ends, e.slot.code);
                                    let mine = |c| slice(&self.bytes, &self.ends, c);
                                    if let Some(x) = table.find(e.hash, |x| x.is(&e.slot, key, mine)) {
                                        found.push((e.slot.code, x.code));
                                    }
                                }
                            }
                        }
                        found
                    })
                })
                .collect();
            handles.into_iter().map(|h| h.join().expect("an id lookup thread panicked")).collect()
        });
        for (i, code) in found.into_iter().flatten() {
            out[i as usize] = code;
        }
        out
    }

    #[cfg(test)]
    fn shard_of(&self, hash: u64) -> usize {
        shard_of(hash, self.shards.len())
    }

    /// The position of the first occurrence of the id whose bytes are `key`, if the list has it (one
    /// lookup; the passes look ids up together with [`IdIndex::get_many`], the tests one by one).
    #[cfg(test)]
    pub(crate) fn get_bytes(&self, key: &[u8]) -> Option<u32> {
        let probe = Slot::of(key, 0);
        let h = hash(key);
        let (bytes, ends) = (&self.bytes, &self.ends);
        self.shards.get(self.shard_of(h))?.find(h, |s| s.is(&probe, key, |c| slice(bytes, ends, c))).map(|s| s.code)
    }

    /// The position of the first occurrence of `id`, if the list has it.
    #[cfg(test)]
    pub(crate) fn get(&self, id: &str) -> Option<u32> {
        self.get_bytes(id.as_bytes())
    }
}

/// The ids of a list (`bytes` end to end, id `i` ending at `ends[i]`) as entries grouped by shard
/// (`shards` of them), the list cut into `threads` contiguous shares each
/// grouped on a thread of its own (a counting sort, list order kept within a group): per share, its
/// entries and where each shard's group starts.
fn group(bytes: &[u8], ends: &[usize], threads: usize, shards: usize) -> Vec<(Vec<Entry>, Vec<usize>)> {
    let n = ends.len();
    std::thread::scope(|scope| {
        let handles: Vec<_> = (0..threads)
            .map(|t| {
                scope.spawn(move || {
                    let (a, b) = (n * t / threads, n * (t + 1) / threads);
                    let mut start = vec![0usize; shards + 1];
                    for i in a..b {
                        start[shard_of(hash(slice(bytes, ends, i as u32)), shards) + 1] += 1;
                    }
                    for s in 0..shards {
                        start[s + 1] += start[s];
                    }
                    let mut at = start.clone();
                    let mut entries = vec![Entry { hash: 0, slot: Slot::of(&[], 0) }; b - a];
                    for i in a..b {
                        let key = slice(bytes, ends, i as u32);
                        let h = hash(key);
                        let s = shard_of(h, shards);
                        entries[at[s]] = Entry { hash: h, slot: Slot::of(key, i as u32) };
                        at[s] += 1;
                    }
                    (entries, start)
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().expect("an id-grouping thread panicked")).collect()
    })
}

/// The last cell of a column read row by row and its code, so that a run of equal cells (an id repeats
/// over long runs of rows in sorted files) is looked up once.
#[derive(Default)]
pub(crate) struct Run {
    last: Vec<u8>,
    /// `last` as a little-endian word, zero-padded, when it has at most 7 bytes (else 0).
    word: u64,
    code: u32,
    valid: bool,
}

impl Run {
    /// The code of `cell` (trimmed, not empty): `lookup`'s, or [`NONE`] where it gives none or the cell
    /// is not UTF-8 text; looked up only when the cell differs from the last.
    pub(crate) fn code(&mut self, cell: &[u8], lookup: impl FnOnce(&str) -> Option<u32>) -> u32 {
        if self.valid && same(&self.last, cell) {
            return self.code;
        }
        self.code = std::str::from_utf8(cell).ok().and_then(lookup).unwrap_or(NONE);
        self.last.clear();
        self.last.extend_from_slice(cell);
        self.word = 0;
        if cell.len() <= 7 {
            let mut padded = [0u8; 8];
            padded[..cell.len()].copy_from_slice(cell);
            self.word = u64::from_le_bytes(padded);
        }
        self.valid = true;
        self.code
    }

    /// The last cell's code and length when `bytes` starts with that cell followed by `end`: one
    /// comparison of eight bytes for a cell of at most 7 (and eight bytes to read), else a byte loop.
    #[inline]
    pub(crate) fn prefix(&self, bytes: &[u8], end: u8) -> Option<(u32, usize)> {
        let n = self.last.len();
        if !self.valid {
            return None;
        }
        if let (true, Some(word)) = (n <= 7, bytes.first_chunk::<8>()) {
            let want = self.word | (u64::from(end) << (8 * n));
            let mask = if n == 7 { u64::MAX } else { (1u64 << (8 * (n + 1))) - 1 };
            return ((u64::from_le_bytes(*word) ^ want) & mask == 0).then_some((self.code, n));
        }
        (bytes.get(n) == Some(&end) && same(&self.last, &bytes[..n])).then_some((self.code, n))
    }
}

/// Whether two cells are equal, by a byte loop the compiler keeps inline (slice equality calls the C
/// library's `memcmp`, a call per row for the few bytes of an id).
fn same(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).all(|(x, y)| x == y)
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

    use std::collections::HashMap;

    use super::{DictCache, IdIndex, NONE, code_cells};

    /// The index gives every id the position of its first occurrence, as a plain map filled in order
    /// does, whatever the number of threads and shards: short ids and ids longer than a slot's head,
    /// ids that share a head, repeats near and far, the empty id; and looks lists up as one by one.
    #[test]
    fn first_occurrences_as_a_map_filled_in_order() {
        let ids: Vec<String> = (0..30_000u32)
            .map(|i| match i % 5 {
                0 => format!("o{}", i % 7_000),
                1 => format!("a-rather-long-organisation-id-{}", i % 9_000),
                2 => format!("same-head-12{}", i),
                3 => String::new(),
                _ => format!("{i}"),
            })
            .collect();
        let mut first: HashMap<&str, u32> = HashMap::new();
        for (i, id) in ids.iter().enumerate() {
            first.entry(id.as_str()).or_insert(i as u32);
        }
        let list = |ids: &[String]| {
            let mut bytes = Vec::new();
            let ends = ids
                .iter()
                .map(|id| {
                    bytes.extend_from_slice(id.as_bytes());
                    bytes.len()
                })
                .collect::<Vec<_>>();
            (bytes, ends)
        };
        let queries: Vec<String> = ["o5", "o7000", "", "same-head-12", "a-rather-long-organisation-id-8999"]
            .iter()
            .map(|s| s.to_string())
            .chain(ids.iter().rev().step_by(7).cloned())
            .collect();
        let (qb, qe) = list(&queries);
        for threads in [1, 2, 3, 8] {
            let (bytes, ends) = list(&ids);
            let (index, repeats) = IdIndex::build(bytes, ends, threads);
            let expected: Vec<(u32, u32)> = ids
                .iter()
                .enumerate()
                .filter(|&(i, id)| first[id.as_str()] != i as u32)
                .map(|(i, id)| (i as u32, first[id.as_str()]))
                .collect();
            assert_eq!(repeats, expected, "{threads} threads");
            let want: Vec<u32> = queries.iter().map(|q| first.get(q.as_str()).copied().unwrap_or(NONE)).collect();
            let one_by_one: Vec<u32> = queries.iter().map(|q| index.get(q).unwrap_or(NONE)).collect();
            assert_eq!(one_by_one, want, "{threads} threads");
            assert_eq!(index.get_many(&qb, &qe, threads), want, "{threads} threads");
        }
        let (index, repeats) = IdIndex::build(Vec::new(), Vec::new(), 2);
        assert!(repeats.is_empty());
        assert_eq!(index.get("o1"), None);
        assert_eq!(index.get_many(&qb, &qe, 2), vec![NONE; queries.len()]);
    }

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
