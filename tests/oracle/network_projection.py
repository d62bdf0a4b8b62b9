"""An independent computation of chiiki's joint-research network from a data package, with NetworkX.

Usage: network_projection.py PACKAGE_DIR [REGION]
Reads organizations.csv and collaborations.csv, projects the organisation-project table onto
organisations (an edge per pair sharing a project, weight = projects shared), optionally keeping only
one region's organisations, and prints JSON: edges with weights, betweenness (normalized=False),
articulation points and the number of projects per combination of kinds.
"""

import csv
import json
import sys
from collections import Counter, defaultdict
from itertools import combinations

import networkx as nx

package = sys.argv[1]
region = sys.argv[2] if len(sys.argv) > 2 else None
orgs = {r["id"]: r for r in csv.DictReader(open(f"{package}/organizations.csv", encoding="utf-8"))}
projects = defaultdict(set)
for row in csv.DictReader(open(f"{package}/collaborations.csv", encoding="utf-8")):
    if region is None or orgs[row["org_id"]]["region_id"] == region:
        projects[row["project_id"]].add(row["org_id"])

g = nx.Graph()
for members in projects.values():
    g.add_nodes_from(members)
    for a, b in combinations(sorted(members), 2):
        w = g.get_edge_data(a, b, {"weight": 0})["weight"]
        g.add_edge(a, b, weight=w + 1)

kinds = Counter("+".join(sorted({orgs[o]["kind"] for o in members})) for members in projects.values())
json.dump(
    {
        "edges": sorted([a, b, d["weight"]] if a < b else [b, a, d["weight"]] for a, b, d in g.edges(data=True)),
        "betweenness": nx.betweenness_centrality(g, normalized=False),
        "articulation_points": sorted(nx.articulation_points(g)),
        "kinds": kinds,
        "projects": len(projects),
    },
    sys.stdout,
)
