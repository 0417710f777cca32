#!/usr/bin/env python3
"""Makes the compact built-in NIST SP 800-53 Rev. 5 Moderate catalog from NIST's
resolved profile catalog (public domain): a valid OSCAL catalog that keeps only what
the app shows (groups, controls and enhancements with their labels, parameters and
statement) and drops guidance, assessment objectives, links and back-matter.

    python3 src-tauri/src/templates/data/prune_oscal.py \
        ../shared/data/oscal/NIST_SP-800-53_rev5_MODERATE-baseline-resolved-profile_catalog-min.json \
        src-tauri/src/templates/data/nist-800-53r5-moderate.oscal.json

The app reads the result with its own OSCAL importer, so the built-in template and an
imported catalog take the same path.
"""
import json
import sys

KEEP_PROPS = {"label", "status"}


def props(items):
    kept = [
        {k: p[k] for k in ("name", "value", "class") if k in p}
        for p in items or []
        if p["name"] in KEEP_PROPS
    ]
    return {"props": kept} if kept else {}


def param(p):
    out = {"id": p["id"]}
    for key in ("label", "values", "select"):
        if key in p:
            out[key] = p[key]
    return out


def part(p):
    out = {"id": p["id"], "name": p["name"], **props(p.get("props"))}
    if "prose" in p:
        out["prose"] = p["prose"]
    if p.get("parts"):
        out["parts"] = [part(q) for q in p["parts"]]
    return out


def control(c):
    out = {"id": c["id"], "class": c.get("class", ""), "title": c["title"]}
    if c.get("params"):
        out["params"] = [param(p) for p in c["params"]]
    out.update(props(c.get("props")))
    statements = [part(p) for p in c.get("parts", []) if p["name"] == "statement"]
    if statements:
        out["parts"] = statements
    if c.get("controls"):
        out["controls"] = [control(x) for x in c["controls"]]
    return out


def group(g):
    out = {"id": g["id"], "class": g.get("class", ""), "title": g["title"]}
    if g.get("groups"):
        out["groups"] = [group(x) for x in g["groups"]]
    if g.get("controls"):
        out["controls"] = [control(x) for x in g["controls"]]
    return out


def main(source, target):
    catalog = json.load(open(source, encoding="utf-8"))["catalog"]
    meta = catalog["metadata"]
    pruned = {
        "catalog": {
            "uuid": catalog["uuid"],
            "metadata": {
                "title": meta["title"],
                "last-modified": meta["last-modified"],
                "version": meta["version"],
                "oscal-version": meta["oscal-version"],
                "remarks": "Pruned by Compliance Desk (prune_oscal.py): statements and parameters only.",
            },
            "groups": [group(g) for g in catalog["groups"]],
        }
    }
    with open(target, "w", encoding="utf-8") as out:
        json.dump(pruned, out, ensure_ascii=False, separators=(",", ":"))
        out.write("\n")


if __name__ == "__main__":
    main(*sys.argv[1:3])
