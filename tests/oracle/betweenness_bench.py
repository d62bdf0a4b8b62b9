"""Times exact betweenness centrality in python-igraph and NetworkX on the graph chiiki's benchmark writes.

Usage: betweenness_bench.py EDGES.txt NODES K SEED — EDGES.txt holds one undirected edge "u v" per line over
nodes 0..NODES-1. igraph computes all sources (`Graph.betweenness()`, C, single-threaded); NetworkX computes
K sources drawn with `seed` (`betweenness_centrality(G, k=K, normalized=False, seed=SEED)`), since its cost
is linear in the number of sources and a full run takes hours. Only the calls are timed; loading is not.
Prints JSON: {"igraph_seconds", "igraph_cpu_seconds", "igraph": [value per node], "networkx_seconds",
"networkx_cpu_seconds", "networkx_sources", versions}.
"""

import json
import platform
import sys
import time

import igraph
import networkx as nx

path, n, k, seed = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
with open(path) as f:
    edges = [tuple(map(int, line.split())) for line in f if line.strip()]

ig = igraph.Graph(n=n, edges=edges, directed=False)
wall, cpu = time.perf_counter(), time.process_time()
values = ig.betweenness(directed=False)
ig_wall, ig_cpu = time.perf_counter() - wall, time.process_time() - cpu

g = nx.Graph()
g.add_nodes_from(range(n))
g.add_edges_from(edges)
wall, cpu = time.perf_counter(), time.process_time()
nx.betweenness_centrality(g, k=k, normalized=False, seed=seed)
nx_wall, nx_cpu = time.perf_counter() - wall, time.process_time() - cpu

json.dump(
    {
        "igraph_seconds": ig_wall,
        "igraph_cpu_seconds": ig_cpu,
        "igraph": values,
        "networkx_seconds": nx_wall,
        "networkx_cpu_seconds": nx_cpu,
        "networkx_sources": k,
        "igraph_version": igraph.__version__,
        "networkx_version": nx.__version__,
        "python_version": platform.python_version(),
    },
    sys.stdout,
)
