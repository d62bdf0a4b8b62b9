"""An independent pandas implementation of chiiki's evidence indicators (docs/indicators.md).

Usage: indicators_pandas.py PKG_DIR [--out FILE] [--year Y ...] [--timings]

PKG_DIR holds a `datapackage.json` whose `resources` list `{name, path, format}`; the tables are CSV or Parquet
(the `format`, or else the file's extension `.csv` or `.parquet`; the regional data package of docs/guide.md).
A Parquet table is read with pyarrow into the same pandas columns as the CSV would give: text as strings, where
a null or an empty string is a missing cell, and whole numbers and counts as floats, where a null is missing.
Every indicator of docs/indicators.md is computed for every region of `regions` and every year of the year axis
(or of `--year`) and written as a long CSV `indicator,region_id,year,value`, sorted by indicator, region id and
year; an empty value is null; every number is printed with Python's `repr` of a float (shortest round trip, so
counts read `3.0`). An indicator whose table is absent from the package gets no rows at all (no evidence); one
whose table is present but lacks a needed column gets rows with empty values.

`--year Y` (repeatable, or comma-separated) evaluates only those years, each of which must be on the year axis
(otherwise exit 1, once the yearly tables are read: their years make the axis). The lines are exactly those of
the all-years run for these years, but each yearly table is cut to the years its indicators look at as soon as a
chunk is read: employment rows of Y and Y-5 (and, for the sharpest drop, only the regions' totals of
Y-10 ... Y), patents, collaborations and migrations of W(Y), funding of Y, mentions of W'(Y) and W(Y); only the
set of years of all rows is kept whole (the year axis, and which years a table covers). Sums are taken in the
same order either way (row order within a chunk, then chunk after chunk), so the floats agree to the last bit.

Written from the specification alone, the way an analyst writes it for speed with pandas, NumPy and pyarrow:
only the needed columns (CSV chunks of read_csv, Parquet record batches of pyarrow), categorical or integer
codes for ids, bincount/groupby/factorize, no Python loop over rows (the loops run over years); because it is
also the benchmark peer of `chiiki evidence`. `--timings` prints the seconds of each phase and the resident
memory (current and peak so far) to standard error.

Choices where the specification is silent (one place, so the tests can follow or change them):
- ids and codes are strings; only an empty cell is missing (`NA` is an id like any other); in Parquet, a null or
  an empty string is an empty cell;
- a row naming a region, organisation or person id that is not in its table, or leaving a required cell empty,
  counts for no region and in no package total (a warning goes to standard error; the product rejects such a
  package); in particular degree and project involvement use only organisations of `organizations`;
- several `employment` rows for one (region, industry, year) are summed;
- an empty `citations`, organisation `employees`, `amount` or `count` cell counts 0; a patent without
  `tech_class` counts in `patents_per_100k` but not in `top_patent_rca`; an empty `establishments` cell fails the
  establishment test of a strong cluster (its quantile is taken over the non-empty cells);
- without a `founded` (`closed`) column every organisation counts as founded (never closed) for "active", and
  the start-up birth indicators are null; a spin-off with an empty `founded` counts as founded <= Y;
- "years a table does not cover": a table has a year when one of its rows names it, whatever its other cells
  (so the years of a table are the ones it adds to the year axis); the indicators listed in `COVERAGE` are null
  for every region in a year Y without a row of their table in Y (employment, funding, mentions_per_100k) or in
  W(Y) (patents_per_100k, collaborations, migrations); e.g. `regional_shift_pct` is null when Y has no employment
  rows, even if Y-5 has; the other indicators of these tables are null there anyway (a denominator of 0), except
  `mentions_trend_pct` and `sharpest_drop_pct`, which the rule does not name;
- the sharpest drop takes its pairs s < t among the years of the employment table, and E_r(s) = 0 for a region
  without rows in a year the table has;
- the rest follows the text literally, e.g. windows reaching before the data count the missing years as 0 (as
  long as the window has a row somewhere);
- quantiles are the specification's formula itself, h = (n-1)p in float64, x[lo] + (h-lo)(x[lo+1]-x[lo]);
  NumPy's 'linear' method is the same type 7 but rounds differently for h-lo >= 0.5.
"""

import argparse
import json
import os
import resource
import sys
import time

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

FIRM_KINDS = ("startup", "small", "mid_sized", "large")
RESEARCH_KINDS = ("university", "public_research")
YEARLY_TABLES = ("employment", "patents", "collaborations", "funding", "mentions", "migrations")
CHUNK_ROWS = 2_000_000

# "Years a table does not cover": indicator -> (its table, how many years before Y it looks back). The indicator
# is null for every region in a year Y when the table has no row in Y - back ... Y.
COVERAGE = {
    **{name: ("employment", 0) for name in ("top_lq", "strong_clusters", "eco_stars_max", "regional_shift_pct")},
    "public_funding_per_capita": ("funding", 0),
    "mentions_per_100k": ("mentions", 0),
    "patents_per_100k": ("patents", 4),
    **{
        name: ("collaborations", 4)
        for name in (
            "central_mid_sized_per_100k",
            "central_startups_per_100k",
            "local_iar_projects_per_100k",
            "projects_with_local_large_per_100k",
            "projects_with_outside_large_per_100k",
            "partner_regions",
            "active_leaders",
        )
    },
    "net_firm_inflow_per_100k": ("migrations", 4),
    "net_person_inflow_per_100k": ("migrations", 4),
}

# The columns each table may contribute and how to read them: low-cardinality ids as categoricals (their codes
# are what the computation uses), the keys of big tables as plain strings.
COLUMNS = {
    "regions": {"id": object, "population": "float64"},
    "organizations": {
        "id": object,
        "kind": "category",
        "region_id": "category",
        "founded": "float64",
        "closed": "float64",
        "parent_id": object,
        "employees": "float64",
    },
    "people": {"id": object, "region_id": "category", "org_id": object, "role": "category"},
    "collaborations": {"project_id": object, "org_id": object, "year": "float64", "person_id": object},
    "employment": {
        "region_id": "category",
        "industry": "category",
        "year": "float64",
        "employees": "float64",
        "establishments": "float64",
    },
    "patents": {"region_id": "category", "tech_class": "category", "year": "float64", "citations": "float64"},
    "funding": {"region_id": "category", "year": "float64", "amount": "float64"},
    "mentions": {"region_id": "category", "year": "float64", "count": "float64"},
    "migrations": {
        "origin_id": "category",
        "destination_id": "category",
        "year": "float64",
        "kind": "category",
        "count": "float64",
    },
}


class Timings:
    """Seconds per phase, printed to standard error when asked."""

    def __init__(self, enabled):
        self.enabled = enabled
        self.start = self.last = time.perf_counter()

    def mark(self, phase):
        now = time.perf_counter()
        if self.enabled:
            print(
                f"{phase:<28} {now - self.last:9.3f} s  RSS {current_rss_gb():.2f} GB  peak {peak_rss_gb():.2f} GB",
                file=sys.stderr,
            )
        self.last = now

    def total(self):
        if self.enabled:
            seconds = time.perf_counter() - self.start
            print(f"{'total':<28} {seconds:9.3f} s  peak RSS {peak_rss_gb():.2f} GB", file=sys.stderr)


def peak_rss_gb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024**2


def current_rss_gb():
    try:
        with open("/proc/self/statm") as f:
            return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 1024**3
    except (OSError, ValueError):
        return float("nan")


def warn(message):
    print(f"indicators_pandas: {message}", file=sys.stderr)


class Package:
    """The tables a data package names, read on demand with only the known columns: CSV with pandas, Parquet with
    pyarrow, into the same pandas columns (the dtypes of COLUMNS)."""

    def __init__(self, folder):
        with open(os.path.join(folder, "datapackage.json"), encoding="utf-8") as f:
            descriptor = json.load(f)
        self.paths, self.formats, self.used = {}, {}, {}
        for res in descriptor.get("resources", []):
            path = res.get("path")
            if isinstance(path, list):
                path = path[0]
            fmt = (res.get("format") or os.path.splitext(path)[1].lstrip(".")).lower()
            if fmt not in ("csv", "parquet"):
                raise SystemExit(f"{res.get('name')}: format {fmt!r} is not supported here (CSV or Parquet)")
            self.paths[res["name"]] = os.path.join(folder, path)
            self.formats[res["name"]] = fmt

    def columns(self, name):
        """The table's known columns that are present, in the order of COLUMNS (None if the table is absent)."""
        if name not in self.paths:
            return None
        if name not in self.used:
            path = self.paths[name]
            if self.formats[name] == "parquet":
                header = pq.ParquetFile(path).schema_arrow.names
            else:
                header = pd.read_csv(path, nrows=0, engine="c").columns
            self.used[name] = [c for c in COLUMNS[name] if c in header]
        return self.used[name]

    def options(self, name):
        """read_csv arguments for the known columns of a CSV table."""
        use = self.columns(name)
        return dict(
            filepath_or_buffer=self.paths[name],
            usecols=use,
            dtype={c: COLUMNS[name][c] for c in use},
            keep_default_na=False,
            na_values=[""],
            engine="c",
        )

    def chunks(self, name):
        """The table's known columns in frames of CHUNK_ROWS rows (the last one shorter): read_csv's chunks, or the
        record batches of a Parquet file, each turned into the frame read_csv would give for the same cells. A
        table without rows gives one empty frame, as read_csv does. Nothing if the table is absent."""
        if name not in self.paths:
            return
        if self.formats[name] == "csv":
            yield from pd.read_csv(**self.options(name), chunksize=CHUNK_ROWS)
            return
        use, start = self.columns(name), 0
        for batch in pq.ParquetFile(self.paths[name]).iter_batches(batch_size=CHUNK_ROWS, columns=use):
            yield arrow_frame(batch, name, start)
            start += batch.num_rows
        if start == 0:
            yield arrow_frame(pq.ParquetFile(self.paths[name]).schema_arrow.empty_table().select(use), name, 0)

    def read(self, name):
        """The whole table's known columns (None if the table is absent)."""
        if name not in self.paths:
            return None
        if self.formats[name] == "csv":
            return pd.read_csv(**self.options(name))
        return arrow_frame(pq.read_table(self.paths[name], columns=self.columns(name)), name, 0)


def arrow_frame(data, name, start):
    """The pandas frame of a pyarrow record batch or table of `name` whose first row is row `start` of the table,
    with what read_csv gives for the same cells: ids and codes as Python strings (None and empty strings become
    NaN) or as categoricals with sorted string categories, numbers as float64 (a null becomes NaN)."""
    index, columns = pd.RangeIndex(start, start + data.num_rows), {}
    for c in data.column_names:
        column = data.column(c)
        if isinstance(column, pa.ChunkedArray):
            column = column.combine_chunks()
        if COLUMNS[name][c] == "float64":
            if not pa.types.is_integer(column.type) and not pa.types.is_floating(column.type):
                column = arrow_text(column)  # numbers written as text: an empty string is missing
            columns[c] = pc.cast(column, pa.float64(), safe=False).to_numpy(zero_copy_only=False)
        elif COLUMNS[name][c] == "category":
            columns[c] = arrow_categorical(arrow_text(column))
        else:
            column = arrow_text(column)
            values = column.to_numpy(zero_copy_only=False)
            values[column.is_null().to_numpy(zero_copy_only=False)] = np.nan
            columns[c] = pd.Series(values, index=index, dtype=object)  # not inferred as pandas' str dtype
    return pd.DataFrame(columns, index=index)


def arrow_text(column):
    """A pyarrow column as a plain string array in which an empty string is null (read_csv's empty cell)."""
    if pa.types.is_dictionary(column.type):
        column = column.dictionary_decode()
    if not pa.types.is_string(column.type):
        column = column.cast(pa.string())
    empty = pc.equal(column, "")
    return pc.if_else(empty, pa.scalar(None, pa.string()), column) if pc.any(empty).as_py() else column


def arrow_categorical(column):
    """A pandas categorical of a pyarrow string array: dictionary-encoded by pyarrow, then the categories sorted
    (and the codes renumbered) as read_csv sorts them; a null is missing (code -1)."""
    encoded = pc.dictionary_encode(column)
    categories = pd.Index(encoded.dictionary.to_numpy(zero_copy_only=False))
    categories, order = categories.sort_values(return_indexer=True)
    rank = np.empty(len(order) + 1, dtype=np.int64)
    rank[order] = np.arange(len(order))
    rank[-1] = -1  # a null's code
    codes = rank[encoded.indices.fill_null(-1).to_numpy(zero_copy_only=False)]
    return pd.Categorical.from_codes(codes, dtype=pd.CategoricalDtype(categories))


def codes_into(index, column):
    """Positions of a column's values in `index` (-1 for empty or unknown), as int64."""
    if isinstance(column.dtype, pd.CategoricalDtype):
        mapping = np.append(index.get_indexer(column.cat.categories), -1)
        return mapping[column.cat.codes.to_numpy()].astype(np.int64)
    return index.get_indexer(column.to_numpy(dtype=object)).astype(np.int64)


def years_of(df):
    return df["year"].to_numpy(dtype=np.float64)


def note_years(seen, y):
    """Add the (non-empty) years of a float array to the set `seen`."""
    u = pd.unique(y)
    seen.update(u[~np.isnan(u)].astype(np.int64).tolist())


class YearSet:
    """The calendar years a table's rows are kept for: the union over the chosen years Y of Y - k for k in
    `offsets`. `mask` is a lookup in a dense boolean table (an empty year is never kept)."""

    def __init__(self, chosen, offsets):
        years = np.unique(np.array([y - k for y in chosen for k in offsets], dtype=np.int64))
        self.lo = int(years[0])
        self.lut = np.zeros(int(years[-1]) - self.lo + 1, dtype=bool)
        self.lut[years - self.lo] = True

    def mask(self, y):
        off = y - self.lo  # NaN stays NaN and fails both tests
        ok = (off >= 0) & (off < len(self.lut))
        keep = np.zeros(len(y), dtype=bool)
        keep[ok] = self.lut[off[ok].astype(np.int64)] & (off[ok] == np.floor(off[ok]))
        return keep


def keep_rows(keep, y):
    """The rows of a chunk to keep: all of them without a year filter."""
    return np.ones(len(y), dtype=bool) if keep is None else keep.mask(y)


def concat_chunks(parts):
    """One frame from chunks of a table, with the categoricals' categories united (pd.concat would turn
    differing categories into strings)."""
    if len(parts) == 1:
        return parts[0]
    columns = {}
    for c in parts[0].columns:
        pieces = [p[c] for p in parts]
        if isinstance(pieces[0].dtype, pd.CategoricalDtype):
            columns[c] = pd.Series(pd.api.types.union_categoricals(pieces))
        else:
            columns[c] = pd.Series(np.concatenate([p.to_numpy() for p in pieces]), dtype=pieces[0].dtype)
    return pd.DataFrame(columns)


def read_yearly(pkg, name, keep):
    """A yearly table other than employment and collaborations, read in chunks, each cut at once to the rows of
    the years in `keep` (all rows if None). Returns the frame (None if the table is absent) and the years of all
    its rows."""
    if pkg.columns(name) is None:
        return None, set()
    seen, parts = set(), []
    for chunk in pkg.chunks(name):
        y = years_of(chunk)
        note_years(seen, y)
        parts.append(chunk if keep is None else chunk[keep.mask(y)].reset_index(drop=True))
    if not parts:  # a header without rows
        parts = [pkg.read(name)]
    return concat_chunks(parts), seen


class GroupQuantiles:
    """R's type-7 quantiles of the non-NaN `values` of each group code 0..ngroups-1, with the specification's
    formula: h = (n-1)p, Q = x[floor h] + (h - floor h)(x[floor h + 1] - x[floor h]) over the sorted x of the
    group (0-based); NaN for a group without values. The rows are sorted once (value first, then a stable radix
    sort by group) and each quantile is then a lookup."""

    def __init__(self, groups, values, ngroups):
        ok = np.flatnonzero(~np.isnan(values))
        order = ok[np.argsort(values[ok], kind="quicksort")]
        g = groups[order]
        self.perm = order[np.argsort(g.astype(np.int16) if ngroups < 2**15 else g, kind="stable")]
        self.v = values[self.perm]
        self.n = np.bincount(groups[self.perm], minlength=ngroups)
        self.start = np.concatenate(([0], np.cumsum(self.n)[:-1]))

    @classmethod
    def sorted_like(cls, values, other):
        """Quantiles of other values (without NaN) that `other`'s order also sorts within each group; checked."""
        q = cls.__new__(cls)
        q.perm, q.n, q.start = other.perm, other.n, other.start
        q.v = values[other.perm]
        same_group = np.ones(len(q.v) - 1 if len(q.v) else 0, dtype=bool)
        boundaries = q.start[(q.n > 0) & (q.start > 0)]
        same_group[boundaries - 1] = False
        assert not np.isnan(values).any() and (np.diff(q.v)[same_group] >= 0).all()
        return q

    def __call__(self, p):
        q = np.full(len(self.n), np.nan)
        has = self.n > 0
        n, start = self.n[has], self.start[has]
        h = (n - 1) * p
        lo = np.floor(h).astype(np.int64)
        hi = np.minimum(lo + 1, n - 1)
        x_lo, x_hi = self.v[start + lo], self.v[start + hi]
        q[has] = x_lo + (h - lo) * (x_hi - x_lo)
        return q


def distinct(keys):
    """The distinct values of an int64 array, sorted (np.sort is far faster here than a hash-based unique)."""
    s = np.sort(keys)
    return s[np.concatenate(([True], s[1:] != s[:-1]))] if len(s) else s


def pairs_in_groups(groups, items):
    """Every ordered pair (a, b) of distinct rows sharing a group; the rows are unique (group, item) and sorted
    by group."""
    n = len(groups)
    starts = np.flatnonzero(np.concatenate(([True], groups[1:] != groups[:-1]))) if n else np.zeros(0, np.int64)
    sizes = np.diff(np.append(starts, n))
    size_of = np.repeat(sizes, sizes)  # for each row, the size of its group ...
    left = np.repeat(np.arange(n), size_of)  # ... that many copies of it, paired with its whole group
    first = np.repeat(np.repeat(starts, sizes), size_of)
    right = first + (np.arange(len(left)) - np.repeat(np.cumsum(size_of) - size_of, size_of))
    keep = left != right
    return items[left[keep]], items[right[keep]]


class Calendar:
    """Dense calendar years from the first year of W'(first axis year) to the last axis year."""

    def __init__(self, axis, nregions):
        self.axis = axis
        self.lo = int(axis.min()) - 9
        self.n = int(axis.max()) - self.lo + 1
        self.R = nregions

    def matrix(self, reg, yr, weights=None, nrows=None):
        """Sum of weights (or count of rows) per (row code, calendar year), as floats."""
        nrows = self.R if nrows is None else nrows
        ok = (reg >= 0) & (yr >= self.lo) & (yr <= self.lo + self.n - 1)
        idx = reg[ok].astype(np.int64) * self.n + (yr[ok].astype(np.int64) - self.lo)
        w = None if weights is None else weights[ok]
        return np.bincount(idx, weights=w, minlength=nrows * self.n).reshape(nrows, self.n).astype(np.float64)

    def at(self, m):
        """The columns of the axis years."""
        return m[:, self.axis - self.lo]

    def window(self, m, back=0):
        """Sum over W(Y) (back=0) or W'(Y) (back=5) for each axis year."""
        cols = self.axis - self.lo - back
        total = m[:, cols].copy()
        for k in range(1, 5):
            total += m[:, cols - k]
        return total


class ChunkCodes:
    """Integer codes of a string column read in chunks: each chunk is factorised, then the chunks' distinct values
    once more, and (optionally) those looked up in the index of the table the column refers to (-1: empty or
    unknown). Only one chunk of strings lives at a time, and each distinct string is looked up once."""

    def __init__(self):
        self.codes, self.uniques = [], []
        self.n = 0  # distinct values, after finish() without an index

    def add(self, values):
        codes, uniques = pd.factorize(values)
        self.add_coded(codes, uniques)

    def add_coded(self, codes, uniques):
        """A chunk already coded (a categorical's codes and categories)."""
        self.codes.append(codes)
        self.uniques.append(np.asarray(uniques, dtype=object))

    def finish(self, index=None, dtype=np.int64):
        if not self.codes:
            return np.zeros(0, dtype=dtype)
        codes, uniques = pd.factorize(np.concatenate(self.uniques))
        self.n = len(uniques)
        if index is not None:
            codes = index.get_indexer(uniques)[codes] if len(codes) else codes
        parts, offset = [], 0
        for chunk_codes, chunk_uniques in zip(self.codes, self.uniques):
            mapping = np.append(codes[offset : offset + len(chunk_uniques)], -1).astype(dtype)
            parts.append(mapping[chunk_codes])
            offset += len(chunk_uniques)
        self.codes, self.uniques = [], []
        return np.concatenate(parts)


def read_employment(pkg, region_index, keep_rows_of=None, keep_totals_of=None):
    """Employment as compact arrays, read in chunks: region (position in `regions`) and industry codes (int32),
    year (int32), employees and establishments (float64; None without the column) of the rows in the years of
    `keep_rows_of`; "totals" maps each year of `keep_totals_of` (a superset) to the regions' total employees (each
    chunk's sums in row order, added chunk after chunk, so that they do not depend on the other years kept); None:
    every year. Rows without a known region, an industry, a year or employees are left out; "years" are the years
    of all rows."""
    cols = pkg.columns("employment")
    if cols is None:
        return None
    R = len(region_index)
    has_est = "establishments" in cols
    industry = ChunkCodes()
    parts = {"region": [], "year": [], "e": [], "est": []}
    seen, totals, dropped = set(), {}, 0
    for chunk in pkg.chunks("employment"):
        y = years_of(chunk)
        note_years(seen, y)
        looked_at = keep_rows(keep_totals_of, y)
        if keep_totals_of is not None:  # cut the chunk at once
            chunk = chunk[looked_at]
            y = y[looked_at]
        reg = codes_into(region_index, chunk["region_id"])
        e = chunk["employees"].to_numpy(np.float64)
        ind = chunk["industry"]
        ind_codes = ind.cat.codes.to_numpy()
        valid = (reg >= 0) & (ind_codes >= 0) & ~np.isnan(y) & ~np.isnan(e)
        dropped += int((~valid).sum())
        # The regions' totals per year of this chunk.
        if valid.any():
            ty = y[valid].astype(np.int64)
            t_lo, t_n = int(ty.min()), int(ty.max()) - int(ty.min()) + 1
            part = np.bincount((ty - t_lo) * R + reg[valid], weights=e[valid], minlength=t_n * R).reshape(t_n, R)
            for year in np.unique(ty).tolist():
                totals[year] = totals[year] + part[year - t_lo] if year in totals else part[year - t_lo].copy()
            del ty, part
        keep = valid if keep_rows_of is None else valid & keep_rows_of.mask(y)
        industry.add_coded(ind_codes[keep], ind.cat.categories)
        parts["region"].append(reg[keep].astype(np.int32))
        parts["year"].append(y[keep].astype(np.int32))
        parts["e"].append(e[keep])
        if has_est:
            parts["est"].append(chunk["establishments"].to_numpy(np.float64)[keep])
        del chunk, reg, e, ind, ind_codes, valid, keep
    if dropped:
        warn(f"employment: {dropped} rows without a known region, industry, year or employees are left out")
    table = {"industry": industry.finish(dtype=np.int32), "industries": industry.n}
    for key, dtype in (("region", np.int32), ("year", np.int32), ("e", np.float64), ("est", np.float64)):
        chunks = parts.pop(key)  # one column at a time, so that the chunks and the whole never all coexist
        table[key] = np.concatenate(chunks) if chunks else np.zeros(0, dtype=dtype)
        del chunks
    if not has_est:
        table["est"] = None
    table["totals"] = totals
    table["years"] = seen
    return table


def read_collaborations(pkg, org_index, person_index, keep=None):
    """Collaborations as integer arrays: project (factorised), organisation and person (positions in their tables,
    -1 if empty or unknown; None if that table or column is absent) and year, of the rows in the years of `keep`
    (None: all rows); "years" are the years of all rows."""
    cols = pkg.columns("collaborations")
    if cols is None:
        return None
    with_person = person_index is not None and "person_id" in cols
    proj, org, person, year, seen = ChunkCodes(), ChunkCodes(), ChunkCodes(), [], set()
    for chunk in pkg.chunks("collaborations"):
        y = years_of(chunk)
        note_years(seen, y)
        rows = keep_rows(keep, y)

        def column(name):
            values = chunk[name].to_numpy(dtype=object)
            return values if keep is None else values[rows]

        proj.add(column("project_id"))
        year.append(y if keep is None else y[rows])
        if org_index is not None:
            org.add(column("org_id"))
        if with_person:
            person.add(column("person_id"))
        del chunk
    return {
        "project": proj.finish(),
        "org": org.finish(org_index) if org_index is not None else None,
        "person": person.finish(person_index) if with_person else None,
        "year": np.concatenate(year) if year else np.zeros(0, dtype=np.float64),
        "years": seen,
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("pkg_dir")
    parser.add_argument("--out", default="-", help="output CSV (default: standard output)")
    parser.add_argument(
        "--year",
        action="append",
        metavar="Y",
        help="evaluate only year Y (repeatable, or comma-separated years); default: every year of the axis",
    )
    parser.add_argument("--timings", action="store_true", help="print seconds per phase to standard error")
    args = parser.parse_args()
    chosen = None  # the years asked for with --year (None: the whole axis)
    if args.year is not None:
        try:
            chosen = sorted({int(part) for value in args.year for part in value.split(",") if part.strip()})
        except ValueError:
            raise SystemExit(f"--year {','.join(args.year)}: years are whole numbers") from None
        if not chosen:
            raise SystemExit("--year: no year given")
    clock = Timings(args.timings)
    np.seterr(divide="ignore", invalid="ignore")

    pkg = Package(args.pkg_dir)
    out = {}  # indicator -> float matrix (regions x axis years); NaN = null

    # ---- regions, organisations, people (keys of the other tables) -------------------------------------
    regions = pkg.read("regions")
    if regions is None:
        raise SystemExit("the package has no regions table")
    regions = regions[regions["id"].notna()]
    if regions["id"].duplicated().any():
        warn("regions: duplicate ids; the first row of each is used")
        regions = regions.drop_duplicates("id")
    region_ids = regions["id"].to_numpy(dtype=object)
    region_index = pd.Index(region_ids, dtype=object)
    R = len(region_ids)
    pop = regions["population"].to_numpy(np.float64) if "population" in regions else np.full(R, np.nan)
    pop = np.where(pop == 0, np.nan, pop)  # per-capita values are null where the population is empty or 0
    clock.mark("read regions")

    def region_codes(df, column, table):
        codes = codes_into(region_index, df[column])
        bad = int((codes < 0).sum())
        if bad:
            warn(f"{table}: {bad} rows with an empty or unknown {column} count for no region")
        return codes

    orgs = pkg.read("organizations")
    org_index = None
    if orgs is not None:
        orgs = orgs[orgs["id"].notna()].reset_index(drop=True)
        org_index = pd.Index(orgs["id"].to_numpy(dtype=object), dtype=object)
        if not org_index.is_unique:
            raise SystemExit("organizations: duplicate ids")
        n_org = len(orgs)
        oreg = region_codes(orgs, "region_id", "organizations")
        kind = orgs["kind"].astype("category") if "kind" in orgs else pd.Series(pd.Categorical([None] * n_org))

        def kind_in(*kinds):
            return kind.isin(kinds).to_numpy() & (oreg >= 0)

        is_research, is_firm = kind_in(*RESEARCH_KINDS), kind_in(*FIRM_KINDS)
        is_mid, is_startup, is_large = kind_in("mid_sized"), kind_in("startup"), kind_in("large")
        is_support, is_finance = kind_in("support"), kind_in("finance")
        has_founded = "founded" in orgs
        founded = orgs["founded"].to_numpy(np.float64) if has_founded else np.full(n_org, np.nan)
        closed = orgs["closed"].to_numpy(np.float64) if "closed" in orgs else np.full(n_org, np.nan)
        has_employees = "employees" in orgs
        jobs = np.nan_to_num(orgs["employees"].to_numpy(np.float64)) if has_employees else None
        has_parent = "parent_id" in orgs
        # The first year in which an organisation founded by then names each organisation as its parent (a child
        # with an empty `founded` counts as founded in every year).
        first_child = np.full(n_org, np.inf)
        if has_parent:
            parent = org_index.get_indexer(orgs["parent_id"].to_numpy(dtype=object))
            named = parent >= 0
            child_year = np.where(np.isnan(founded), -np.inf, founded)[named]
            earliest = pd.Series(child_year).groupby(parent[named]).min()
            first_child[earliest.index.to_numpy()] = earliest.to_numpy()
        del orgs
        clock.mark("read organizations")

    people = pkg.read("people")
    person_index = None
    if people is not None:
        people = people[people["id"].notna()].reset_index(drop=True)
        person_index = pd.Index(people["id"].to_numpy(dtype=object), dtype=object)
        if not person_index.is_unique:
            raise SystemExit("people: duplicate ids")
        # A person's region is their own, or their organisation's when theirs is empty.
        if "region_id" in people:
            preg = codes_into(region_index, people["region_id"])
            own = people["region_id"].notna().to_numpy()
        else:
            preg = np.full(len(people), -1, dtype=np.int64)
            own = np.zeros(len(people), dtype=bool)
        if org_index is not None and "org_id" in people:
            porg = org_index.get_indexer(people["org_id"].to_numpy(dtype=object))
            preg = np.where(own, preg, np.where(porg >= 0, oreg[np.maximum(porg, 0)], -1))
        role = people["role"].astype("category") if "role" in people else None
        del people
        clock.mark("read people")

    # ---- the yearly tables and the year axis ----------------------------------------------------------
    # With --year, each table keeps only the rows of the years its indicators look at (see the docstring).
    def years_back(*offsets):
        return None if chosen is None else YearSet(chosen, offsets)

    tables, table_years = {}, {}
    for name in YEARLY_TABLES:
        if name == "collaborations":  # W(Y)
            table = read_collaborations(pkg, org_index, person_index, years_back(*range(5)))
            seen = None if table is None else table["years"]
        elif name == "employment":  # Y and Y-5 (the totals of Y-10 ... Y)
            table = read_employment(pkg, region_index, years_back(0, 5), years_back(*range(11)))
            seen = None if table is None else table["years"]
        else:  # the n years up to Y: W(Y) for patents and migrations, Y for funding, W'(Y) and W(Y) for mentions
            n = {"patents": 5, "funding": 1, "mentions": 10, "migrations": 5}[name]
            table, seen = read_yearly(pkg, name, years_back(*range(n)))
        if table is not None:
            table_years[name] = seen
        tables[name] = table
        clock.mark(f"read {name}")
    # The year axis: every year in a yearly table that is present.
    axis_years = sorted(set().union(*table_years.values()))
    if chosen is not None:
        off_axis = [y for y in chosen if y not in set(axis_years)]
        if off_axis:
            span = f"{axis_years[0]}-{axis_years[-1]}" if axis_years else "empty"
            raise SystemExit(
                f"--year {','.join(map(str, off_axis))}: not on the year axis of the package ({span}; "
                "the years of its yearly tables)"
            )
        axis_years = chosen
    axis = np.array(axis_years, dtype=np.int64)
    A = len(axis)
    clock.mark("year axis")
    if A == 0:
        write(args.out, {}, region_ids, axis)
        clock.total()
        return
    cal = Calendar(axis, R)

    def per100k(count):
        return count * 100000.0 / pop[:, None]

    def nulls():
        return np.full((R, A), np.nan)

    def count_by_region(reg, mask=None, weights=None):
        if mask is not None:
            reg = reg[mask]
            weights = None if weights is None else weights[mask]
        return np.bincount(reg, weights=weights, minlength=R).astype(np.float64)

    # ---- organisations --------------------------------------------------------------------------------
    if org_index is not None:
        research, support, finance, mid_share, spin = nulls(), nulls(), nulls(), nulls(), nulls()
        for j, year in enumerate(axis):
            active = (np.isnan(founded) | (founded <= year)) & (np.isnan(closed) | (closed > year))
            research[:, j] = count_by_region(oreg, active & is_research)
            support[:, j] = count_by_region(oreg, active & is_support)
            finance[:, j] = count_by_region(oreg, active & is_finance)
            spin[:, j] = count_by_region(oreg, active & is_startup & (first_child <= year))
            if has_employees:
                num = count_by_region(oreg, active & is_mid, jobs)
                den = count_by_region(oreg, active & is_firm, jobs)
                mid_share[:, j] = np.where(den != 0, 100.0 * num / den, np.nan)
        out["research_orgs_per_100k"] = per100k(research)
        out["support_orgs_per_100k"] = per100k(support)
        out["finance_orgs_per_100k"] = per100k(finance)
        out["startups_with_spinoffs_per_100k"] = per100k(spin) if has_parent else nulls()
        out["mid_sized_job_share"] = mid_share
        if has_founded:
            born = is_startup & ~np.isnan(founded)
            births = cal.matrix(oreg[born], founded[born])
            b_now, b_before = cal.window(births), cal.window(births, back=5)
            out["startup_births_per_100k"] = per100k(b_now / 5.0)
            out["startup_birth_trend_pct"] = np.where(b_before != 0, 100.0 * (b_now - b_before) / b_before, np.nan)
        else:
            out["startup_births_per_100k"] = nulls()
            out["startup_birth_trend_pct"] = nulls()
        clock.mark("organisation indicators")

    # ---- people ---------------------------------------------------------------------------------------
    if person_index is not None:
        if role is not None:
            count = count_by_region(preg, role.eq("researcher").to_numpy() & (preg >= 0))
            out["researchers_per_100k"] = per100k(np.repeat(count[:, None], A, axis=1))
        else:
            out["researchers_per_100k"] = nulls()
        clock.mark("people indicators")

    # ---- patents --------------------------------------------------------------------------------------
    pat = tables.pop("patents")
    if pat is not None:
        y = years_of(pat)
        pat = pat[~np.isnan(y)]
        y = years_of(pat).astype(np.int64)
        preg_p = region_codes(pat, "region_id", "patents")
        out["patents_per_100k"] = per100k(cal.window(cal.matrix(preg_p, y)))
        if "citations" in pat:
            cit = np.nan_to_num(pat["citations"].to_numpy(np.float64))
            mine = cal.window(cal.matrix(preg_p, y, cit))
            total = cal.window(cal.matrix(np.zeros(len(y), dtype=np.int64), y, cit, nrows=1))
            out["citation_share"] = np.where(total != 0, 100.0 * mine / total, np.nan)
        else:
            out["citation_share"] = nulls()
        rca = nulls()
        if "tech_class" in pat:
            tc = pat["tech_class"].cat.codes.to_numpy().astype(np.int64)
            C = len(pat["tech_class"].cat.categories)
            ok = (tc >= 0) & (preg_p >= 0)
            # Patents per (region, class, year) once; then per window n_rc, n_r, n_c and n.
            cell = pd.DataFrame({"r": preg_p[ok], "c": tc[ok], "y": y[ok]}).value_counts(sort=False)
            cr, cc, cy = (cell.index.get_level_values(k).to_numpy() for k in ("r", "c", "y"))
            cn = cell.to_numpy().astype(np.float64)
            for j, year in enumerate(axis):
                w = (cy >= year - 4) & (cy <= year)
                sums = pd.Series(cn[w]).groupby([cr[w], cc[w]], sort=False).sum()
                r = sums.index.get_level_values(0).to_numpy()
                c = sums.index.get_level_values(1).to_numpy()
                n_rc = sums.to_numpy()
                n_r = np.bincount(r, weights=n_rc, minlength=R)
                n_c = np.bincount(c, weights=n_rc, minlength=C)
                n = n_rc.sum()
                top = pd.Series((n_rc / n_r[r]) / (n_c[c] / n)).groupby(r).max()
                rca[top.index.to_numpy(), j] = top.to_numpy()
        out["top_patent_rca"] = rca
        del pat
        clock.mark("patent indicators")

    # ---- employment -----------------------------------------------------------------------------------
    if tables["employment"] is not None:
        employment_indicators(tables, R, axis, out, clock)

    # ---- collaborations -------------------------------------------------------------------------------
    col = tables.pop("collaborations")
    if col is not None and org_index is not None:
        y, proj, corg = col["year"], col["project"], col["org"]
        bad = int((corg < 0).sum())
        if bad:
            warn(f"collaborations: {bad} rows with an empty or unknown org_id are left out")
        use = ~np.isnan(y) & (proj >= 0) & (corg >= 0)
        c_p, c_o, c_y = proj[use], corg[use], y[use].astype(np.int64)
        n_proj = int(c_p.max()) + 1 if len(c_p) else 0
        c_r = oreg[c_o]
        has_r = c_r >= 0
        # The kinds of each participation as bits: research org 1, firm 2, large 4, non-large 8.
        bits = (is_research[c_o] * 1 + is_firm[c_o] * 2 + is_large[c_o] * 4 + (has_r & ~is_large[c_o]) * 8)
        c_pr = c_p * R + c_r  # (project, region) of the participation

        central_mid, central_start = np.zeros((R, A)), np.zeros((R, A))
        iar, involved, local_large, outside_large, inter, partners = (np.zeros((R, A)) for _ in range(6))
        for j, year in enumerate(axis):
            w = (c_y >= year - 4) & (c_y <= year)
            # Degree in W(Y): distinct other organisations sharing a project, from the distinct (project, org).
            po = distinct(c_p[w] * n_org + c_o[w])
            a, b = pairs_in_groups(po // n_org, po % n_org)
            links = distinct(a * n_org + b)
            central = np.bincount(links // n_org, minlength=n_org) >= 3
            central_mid[:, j] = count_by_region(oreg, central & is_mid)
            central_start[:, j] = count_by_region(oreg, central & is_startup)

            # One row per (project, region) involved, with the union of its participants' kind bits.
            wr = w & has_r
            prb = distinct(c_pr[wr] * 16 + bits[wr])
            pr = prb // 16
            first = np.concatenate(([True], pr[1:] != pr[:-1])) if len(pr) else np.zeros(0, dtype=bool)
            kinds = np.bitwise_or.reduceat(prb % 16, np.flatnonzero(first)) if len(pr) else np.zeros(0, np.int64)
            u_p, u_r = pr[first] // R, pr[first] % R
            has_res, has_firm = (kinds & 1) > 0, (kinds & 2) > 0
            has_large, has_nonlarge = (kinds & 4) > 0, (kinds & 8) > 0
            regions_in = np.bincount(u_p, minlength=n_proj)[u_p]
            large_regions = np.bincount(u_p, weights=has_large, minlength=n_proj)[u_p]
            iar[:, j] = count_by_region(u_r, has_res & has_firm)
            involved[:, j] = count_by_region(u_r)
            local_large[:, j] = count_by_region(u_r, has_nonlarge & has_large)
            outside_large[:, j] = count_by_region(u_r, has_nonlarge & (large_regions - has_large > 0))
            inter[:, j] = count_by_region(u_r, regions_in >= 2)
            multi = regions_in >= 2
            ra, rb = pairs_in_groups(u_p[multi], u_r[multi])
            partners[:, j] = np.bincount(distinct(ra * R + rb) // R, minlength=R)
        out["central_mid_sized_per_100k"] = per100k(central_mid)
        out["central_startups_per_100k"] = per100k(central_start)
        out["local_iar_projects_per_100k"] = per100k(iar)
        out["local_iar_share"] = np.where(involved > 0, 100.0 * iar / involved, np.nan)
        out["projects_with_local_large_per_100k"] = per100k(local_large)
        out["projects_with_outside_large_per_100k"] = per100k(outside_large)
        out["interregional_share"] = np.where(involved > 0, 100.0 * inter / involved, np.nan)
        out["partner_regions"] = partners
        clock.mark("collaboration indicators")

    if col is not None and person_index is not None:
        if col["person"] is not None and role is not None:
            pidx, y, proj = col["person"], col["year"], col["project"]
            leader = role.eq("leader").to_numpy() & (preg >= 0)
            named = ~np.isnan(y) & (proj >= 0) & (pidx >= 0)
            named &= leader[np.maximum(pidx, 0)]
            # Rows naming each leader per year once; then per window.
            cell = pd.DataFrame({"p": pidx[named], "y": y[named].astype(np.int64)}).value_counts(sort=False)
            lp, ly = (cell.index.get_level_values(k).to_numpy() for k in ("p", "y"))
            ln = cell.to_numpy().astype(np.float64)
            active, top_share = np.zeros((R, A)), nulls()
            for j, year in enumerate(axis):
                w = (ly >= year - 4) & (ly <= year)
                rows = pd.Series(ln[w]).groupby(lp[w]).sum()
                stats = rows.groupby(preg[rows.index.to_numpy()]).agg(["size", "max", "sum"])
                at = stats.index.to_numpy()
                active[at, j] = stats["size"].to_numpy()
                top_share[at, j] = 100.0 * stats["max"].to_numpy() / stats["sum"].to_numpy()
            out["active_leaders"] = active
            out["top_leader_share"] = top_share
        else:
            out["active_leaders"] = nulls()
            out["top_leader_share"] = nulls()
        clock.mark("leader indicators")
    del col

    # ---- funding, mentions, migrations ----------------------------------------------------------------
    fund = tables.pop("funding")
    if fund is not None:
        y = years_of(fund)
        r = region_codes(fund, "region_id", "funding")
        ok = ~np.isnan(y)
        if "amount" in fund:
            amount = np.nan_to_num(fund["amount"].to_numpy(np.float64))
            out["public_funding_per_capita"] = cal.at(cal.matrix(r[ok], y[ok], amount[ok])) / pop[:, None]
        else:
            out["public_funding_per_capita"] = nulls()
        clock.mark("funding indicators")

    men = tables.pop("mentions")
    if men is not None:
        y = years_of(men)
        r = region_codes(men, "region_id", "mentions")
        ok = ~np.isnan(y)
        if "count" in men:
            m = cal.matrix(r[ok], y[ok], np.nan_to_num(men["count"].to_numpy(np.float64))[ok])
            out["mentions_per_100k"] = per100k(cal.at(m))
            now, before = cal.window(m), cal.window(m, back=5)
            out["mentions_trend_pct"] = np.where(before != 0, 100.0 * (now - before) / before, np.nan)
        else:
            out["mentions_per_100k"] = nulls()
            out["mentions_trend_pct"] = nulls()
        clock.mark("mention indicators")

    mig = tables.pop("migrations")
    if mig is not None:
        y = years_of(mig)
        origin = region_codes(mig, "origin_id", "migrations")
        dest = region_codes(mig, "destination_id", "migrations")
        ok = ~np.isnan(y)
        for kind_name, name in (("firm", "net_firm_inflow_per_100k"), ("person", "net_person_inflow_per_100k")):
            if "kind" not in mig or "count" not in mig:
                out[name] = nulls()
                continue
            k = ok & mig["kind"].astype("category").eq(kind_name).to_numpy()
            cnt = np.nan_to_num(mig["count"].to_numpy(np.float64))
            inflow = cal.window(cal.matrix(dest[k], y[k], cnt[k]))
            outflow = cal.window(cal.matrix(origin[k], y[k], cnt[k]))
            out[name] = per100k(inflow - outflow)
        clock.mark("migration indicators")

    # ---- years a table does not cover: no evidence ------------------------------------------------------
    for name, (table, back) in COVERAGE.items():
        if name in out:
            has = table_years[table]
            covered = np.array([any(y - k in has for k in range(back + 1)) for y in axis.tolist()], dtype=bool)
            out[name][:, ~covered] = np.nan

    write(args.out, out, region_ids, axis)
    clock.mark("write")
    clock.total()


def employment_indicators(tables, R, axis, out, clock):
    """top_lq, strong_clusters, eco_stars_max, regional_shift_pct and sharpest_drop_pct (the table is taken out
    of `tables`, so that its arrays are freed as soon as they are reordered)."""
    A = len(axis)
    emp = tables.pop("employment")
    I = emp["industries"]
    has_est = emp["est"] is not None
    # The years of the table (of any row) and the regions' total employment in each of them (none in a year whose
    # rows were all left out: 0).
    emp_years = sorted(emp.pop("years"))
    totals = emp.pop("totals")
    # Sort the rows by year once (a stable radix sort of small offsets); each year is then a slice.
    y_min = int(emp["year"].min()) if len(emp["year"]) else 0
    y_off = emp.pop("year") - y_min
    order = np.argsort(y_off.astype(np.int16) if int(y_off.max(initial=0)) < 2**15 else y_off, kind="stable")
    y_sorted = y_off[order]
    del y_off
    ereg = emp.pop("region")[order]
    ind = emp.pop("industry")[order]
    e_all = emp.pop("e")[order]
    est_all = emp.pop("est")[order] if has_est else None
    del order, emp
    first = np.concatenate(([True], y_sorted[1:] != y_sorted[:-1])) if len(y_sorted) else np.zeros(0, dtype=bool)
    row_years = y_sorted[first].astype(np.int64) + y_min  # the years with rows kept
    del first
    bounds = np.searchsorted(y_sorted, np.append(row_years - y_min, np.iinfo(np.int32).max))

    by_year = {}  # year -> (region, industry, e, est) with one row per (region, industry)
    for k, year in enumerate(row_years):
        s = slice(bounds[k], bounds[k + 1])
        r, i, e = ereg[s], ind[s], e_all[s]
        est = est_all[s] if has_est else None
        key = r.astype(np.int64) * I + i
        if np.bincount(key).max(initial=0) > 1:  # several rows for one cell: sum them
            frame = pd.DataFrame({"key": key, "e": e})
            if has_est:
                frame["est"] = est
            agg = frame.groupby("key", sort=False).sum(min_count=1)
            key = agg.index.to_numpy()
            r, i, e = key // I, key % I, agg["e"].to_numpy()
            est = agg["est"].to_numpy() if has_est else None
        by_year[int(year)] = (r, i, e, est)
    del ereg, ind, e_all, est_all, y_sorted
    clock.mark("employment by year")

    # Null in a year without employment rows (years a table does not cover); counts are 0 for a region without
    # employment in a year with rows.
    top_lq, shift = np.full((R, A), np.nan), np.full((R, A), np.nan)
    strong, stars = np.full((R, A), np.nan), np.full((R, A), np.nan)
    covered = set(emp_years)
    for j, year in enumerate(axis):
        year = int(year)
        if year not in covered:
            continue
        strong[:, j] = stars[:, j] = 0.0
        if year in by_year:
            r, i, e, est = by_year[year]
            e_r = np.bincount(r, weights=e, minlength=R)
            e_i = np.bincount(i, weights=e, minlength=I)
            lq = (e / e_r[r]) / (e_i[i] / e.sum())
            best = pd.Series(lq).groupby(r).max()
            top_lq[best.index.to_numpy(), j] = best.to_numpy()
            # Cluster Mapping and ECO quantiles over the regions with e_ri > 0 of each industry.
            pos = e > 0
            rp, ip, ep, lqp = r[pos], i[pos], e[pos], lq[pos]
            share = ep / e_r[rp]
            of_e = GroupQuantiles(ip, ep, I)
            of_share = GroupQuantiles(ip, share, I)
            # Within one industry the LQ is the share divided by one positive number, so the share's order sorts
            # the LQ too (rounding is monotone).
            of_lq = GroupQuantiles.sorted_like(lqp, of_share)
            q25_e, q90_e, q75_lq, q90_share = of_e(0.25), of_e(0.9), of_lq(0.75), of_share(0.9)
            is_strong = (ep > q25_e[ip]) & (lqp >= q75_lq[ip]) & (lqp >= 1)
            if has_est:
                estp = est[pos]
                is_strong &= estp > GroupQuantiles(ip, estp, I)(0.25)[ip]
            strong[:, j] = np.bincount(rp[is_strong], minlength=R)
            n_stars = (ep >= q90_e[ip]).astype(np.int64) + (lqp >= 2) + (share >= q90_share[ip])
            most = pd.Series(n_stars).groupby(rp).max()
            stars[most.index.to_numpy(), j] = most.to_numpy()
        # Dunn's regional shift from t0 = Y-5 to Y over the industries with e_ri(t0) > 0.
        t0 = year - 5
        if t0 in by_year:
            r0, i0, e0, _ = by_year[t0]
            E0_i = np.bincount(i0, weights=e0, minlength=I)
            if year in by_year:
                r1, i1, e1, _ = by_year[year]
                at1 = pd.Index(r1.astype(np.int64) * I + i1).get_indexer(r0.astype(np.int64) * I + i0)
                e1_ri = np.where(at1 >= 0, e1[np.maximum(at1, 0)], 0.0)
                E1_i = np.bincount(i1, weights=e1, minlength=I)
            else:
                e1_ri, E1_i = np.zeros(len(e0)), np.zeros(I)
            base = e0 > 0
            rb, ib, eb, e1b = r0[base], i0[base], e0[base], e1_ri[base]
            term = eb * ((e1b / eb - 1.0) - (E1_i[ib] / E0_i[ib] - 1.0))
            regional = np.bincount(rb, weights=term, minlength=R)
            e_r0 = np.bincount(r0, weights=e0, minlength=R)
            shift[:, j] = np.where(e_r0 != 0, 100.0 * regional / e_r0, np.nan)
    out["top_lq"] = top_lq
    out["strong_clusters"] = strong
    out["eco_stars_max"] = stars
    out["regional_shift_pct"] = shift

    # Sharpest drop of total employment over pairs s < t of employment-table years, t - s <= 3.
    zero = np.zeros(R)
    drop_of = {}  # (s, t) -> the drop of every region (NaN where E_r(s) = 0)
    drop = np.full((R, A), np.nan)
    for j, year in enumerate(axis):
        pairs = [(a, b) for a in emp_years for b in emp_years if year - 10 <= a < b <= year and b - a <= 3]
        for a, b in pairs:
            if (a, b) not in drop_of:
                es, et = totals.get(a, zero), totals.get(b, zero)
                drop_of[(a, b)] = np.where(es > 0, 100.0 * (es - et) / es, np.nan)
        if pairs:
            best = np.fmax.reduce(np.vstack([drop_of[p] for p in pairs]), axis=0)
            drop[:, j] = np.where(np.isnan(best), np.nan, np.maximum(best, 0.0))
    out["sharpest_drop_pct"] = drop
    clock.mark("employment indicators")


def csv_field(text):
    if any(ch in text for ch in ',"\r\n'):
        return '"' + text.replace('"', '""') + '"'
    return text


def write(path, out, region_ids, axis):
    """The long CSV, sorted by indicator, region id and year; an empty value is null."""
    order = sorted(range(len(region_ids)), key=lambda k: str(region_ids[k]))
    ids = [csv_field(str(region_ids[k])) for k in order]
    years = [str(int(v)) for v in axis]
    A = len(axis)
    lines = ["indicator,region_id,year,value\n"]
    for name in sorted(out):
        values = out[name][order, :] + 0.0  # -0.0 becomes 0.0
        text = ["" if v != v else repr(v) for v in values.ravel().tolist()]
        for k, rid in enumerate(ids):
            lines.extend(f"{name},{rid},{years[j]},{text[k * A + j]}\n" for j in range(A))
    data = "".join(lines)
    if path == "-":
        sys.stdout.write(data)
    else:
        with open(path, "w", encoding="utf-8", newline="") as f:
            f.write(data)


if __name__ == "__main__":
    main()
