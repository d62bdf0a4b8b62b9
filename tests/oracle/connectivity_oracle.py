"""Components, articulation points and node-removal impact by igraph and NetworkX: the oracle for
chiiki-graph's connectivity tests (crates/graph/tests/connectivity_oracle.rs).

Reads JSON from stdin and writes JSON to stdout.

  {"named": true}
      -> {"florentine": {"nodes": [...], "edges": [[a, b], ...]}, "karate": {...}}
      The named graphs, by node name: NetworkX's florentine_families_graph() (Padgett's marriage
      network, 15 families; the isolated Pucci is not in it) and igraph's Famous("Zachary") (34
      members, nodes 0..33), plus the top-betweenness node of each (NetworkX, "top").

  {"cases": [{"n": 5, "directed": false, "edges": [[0, 1], ...], "remove": [2]}, ...]}
      -> {"results": [{"articulation_points": [...],   igraph, sorted
                       "membership": [...],            igraph weak components
                       "removal": {...}}, ...]}        NetworkX, after removing "remove"
      "removal" holds nodes, components, largest component and connected pairs before and after.
"""

import json
import sys

import igraph
import networkx as nx


def named():
    flo = nx.florentine_families_graph()
    karate = igraph.Graph.Famous("Zachary")
    kn = nx.Graph(karate.get_edgelist())
    out = {
        "florentine": {"nodes": sorted(flo.nodes), "edges": [list(e) for e in flo.edges]},
        "karate": {"nodes": list(range(karate.vcount())), "edges": [list(e) for e in karate.get_edgelist()]},
    }
    for name, g in (("florentine", flo), ("karate", kn)):
        bc = nx.betweenness_centrality(g)
        out[name]["top"] = max(bc, key=bc.get)
    return out


def summary(g, directed):
    comps = list(nx.weakly_connected_components(g) if directed else nx.connected_components(g))
    sizes = [len(c) for c in comps]
    return {
        "nodes": g.number_of_nodes(),
        "components": len(comps),
        "largest": max(sizes, default=0),
        "pairs": sum(s * (s - 1) // 2 for s in sizes),
    }


def case(c):
    n, directed, edges = c["n"], c["directed"], [tuple(e) for e in c["edges"]]
    ig = igraph.Graph(n=n, edges=edges, directed=directed)
    # igraph's articulation points ignore direction; simplify so mutual arcs are one edge.
    und = ig.as_undirected().simplify() if directed else ig.copy().simplify()
    membership = ig.connected_components(mode="weak").membership
    g = nx.DiGraph() if directed else nx.Graph()
    g.add_nodes_from(range(n))
    g.add_edges_from(edges)
    before = summary(g, directed)
    h = g.copy()
    h.remove_nodes_from(c.get("remove", []))
    after = summary(h, directed)
    return {
        "articulation_points": sorted(und.articulation_points()),
        "membership": membership,
        "removal": {"before": before, "after": after},
    }


def main():
    req = json.load(sys.stdin)
    if req.get("named"):
        json.dump(named(), sys.stdout)
    else:
        json.dump({"results": [case(c) for c in req["cases"]]}, sys.stdout)


if __name__ == "__main__":
    main()
