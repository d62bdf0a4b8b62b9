"""Reference betweenness centrality from NetworkX and python-igraph, for chiiki's golden tests.

Reads JSON from standard input:
    {"cases": [{"name": ..., "graph": "florentine" | "karate" | "edges",
                "n": nodes, "edges": [[u, v], ...], "directed": bool,
                "networkx": bool (default true)}]}
For "florentine" (Padgett's Florentine families, networkx.florentine_families_graph(): 15 families,
20 marriage ties) and "karate" (Zachary's karate club, networkx.karate_club_graph(): 34 members, 78
ties) the graph comes from NetworkX itself; "n", "edges" and "directed" are then ignored.

Prints JSON: {"versions": {...}, "cases": [{"name", "nodes": [label per node index], "edges": [[i, j], ...]
(node indices), "directed", "networkx": [...] (betweenness_centrality(G, normalized=False)),
"networkx_normalized": [...] (normalized=True), "igraph": [...] (Graph.betweenness(directed=...))}]},
values listed by node index; the NetworkX entries are null when the case asked "networkx": false.
Edge weights (the karate club has some) are ignored on both sides: shortest paths by hop count.
"""

import json
import sys

import igraph
import networkx as nx


def graph_of(case):
    kind = case.get("graph", "edges")
    if kind == "florentine":
        return nx.florentine_families_graph()
    if kind == "karate":
        return nx.karate_club_graph()
    g = nx.DiGraph() if case["directed"] else nx.Graph()
    g.add_nodes_from(range(case["n"]))
    g.add_edges_from((u, v) for u, v in case["edges"])
    return g


out = []
for case in json.load(sys.stdin)["cases"]:
    g = graph_of(case)
    nodes = list(g.nodes())
    index = {v: i for i, v in enumerate(nodes)}
    edges = [[index[u], index[v]] for u, v in g.edges()]
    directed = g.is_directed()
    result = {"name": case["name"], "nodes": [str(v) for v in nodes], "edges": edges, "directed": directed}
    if case.get("networkx", True):
        raw = nx.betweenness_centrality(g, normalized=False)
        norm = nx.betweenness_centrality(g, normalized=True)
        result["networkx"] = [raw[v] for v in nodes]
        result["networkx_normalized"] = [norm[v] for v in nodes]
    else:
        result["networkx"] = result["networkx_normalized"] = None
    ig = igraph.Graph(n=len(nodes), edges=edges, directed=directed)
    result["igraph"] = ig.betweenness(directed=directed)
    out.append(result)

versions = {"networkx": nx.__version__, "igraph": igraph.__version__}
json.dump({"versions": versions, "cases": out}, sys.stdout)
