# Gould-Fernandez brokerage by R's sna package: the oracle for chiiki-graph's brokerage tests
# (crates/graph/tests/brokerage_oracle.rs).
#
# Usage:
#   Rscript brokerage_oracle.R flo
#       Padgett's Florentine marriage network (data(flo) from the network package) with groups
#       rep(1:3, length.out = 16). Prints CSV lines:
#         name,<node>,<family>          one per family, nodes 0-based in the data's order
#         edge,<from>,<to>              one per nonzero cell of the (symmetric) adjacency matrix
#         raw,<node>,w_I,w_O,b_IO,b_OI,b_O,t
#   Rscript brokerage_oracle.R <cases.csv> <edges.csv> <groups.csv>
#       cases.csv:  case,n,directed        (directed: 0 or 1)
#       edges.csv:  case,from,to           (0-based; an undirected edge once, either way)
#       groups.csv: case,node,group
#       Prints one CSV line per case and node:
#         case,node,raw w_I..t (6),exp w_I..t (6),sd w_I..t (6),z w_I..t (6)
#       from sna::brokerage's $raw.nli, $exp.nli, $sd.nli and $z.nli (NaN/Inf printed as R does).
# Undirected graphs are given to sna as symmetric adjacency matrices, so each open path counts in
# both directions.

suppressPackageStartupMessages(library(sna))

fmt <- function(x) ifelse(is.finite(x), sprintf("%.17g", x), as.character(x))

args <- commandArgs(trailingOnly = TRUE)
if (length(args) == 1 && args[1] == "flo") {
  data(flo, package = "network")
  n <- nrow(flo)
  for (i in seq_len(n)) cat(sprintf("name,%d,%s\n", i - 1, rownames(flo)[i]))
  nz <- which(flo != 0, arr.ind = TRUE)
  for (r in seq_len(nrow(nz))) cat(sprintf("edge,%d,%d\n", nz[r, 1] - 1, nz[r, 2] - 1))
  b <- brokerage(flo, rep(1:3, length.out = n))$raw.nli
  for (i in seq_len(n)) cat(sprintf("raw,%d,%s\n", i - 1, paste(fmt(b[i, ]), collapse = ",")))
} else if (length(args) == 3) {
  cases <- read.csv(args[1])
  edges <- read.csv(args[2])
  groups <- read.csv(args[3])
  for (r in seq_len(nrow(cases))) {
    id <- cases$case[r]
    n <- cases$n[r]
    m <- matrix(0, n, n)
    e <- edges[edges$case == id, ]
    for (k in seq_len(nrow(e))) {
      m[e$from[k] + 1, e$to[k] + 1] <- 1
      if (cases$directed[r] == 0) m[e$to[k] + 1, e$from[k] + 1] <- 1
    }
    gr <- groups[groups$case == id, ]
    cl <- gr$group[order(gr$node)]
    b <- brokerage(m, cl)
    for (i in seq_len(n)) {
      cat(sprintf("%d,%d,%s\n", id, i - 1,
                  paste(fmt(c(b$raw.nli[i, ], b$exp.nli[i, ], b$sd.nli[i, ], b$z.nli[i, ])), collapse = ",")))
    }
  }
} else {
  stop("usage: brokerage_oracle.R flo | brokerage_oracle.R cases.csv edges.csv groups.csv")
}
