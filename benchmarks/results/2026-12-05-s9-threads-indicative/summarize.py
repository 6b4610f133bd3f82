#!/usr/bin/env python3
"""Medians per build of the PerfTool sink runs (sink-rot/, sink-pairs/): records/s and process CPU-s per million."""
import glob, json, os, re, statistics as st
here = os.path.dirname(os.path.abspath(__file__))
rows = {}
for d in ("sink-rot", "sink-pairs"):
    for f in sorted(glob.glob(os.path.join(here, d, "*.json"))):
        name = os.path.basename(f)[:-5]
        parts = name.split("-")
        case = "8 platform threads" if parts[0].startswith("p8") else "10,000 virtual threads"
        build = next((p for p in parts if p in ("before", "after1", "after2", "after3")), None)
        if build is None:  # vt10kT*: tip-main / tip-h-thr2
            build = "tip-h-thr2 (= after3 rebased)" if "h" in parts and "thr2" in parts else "tip-main (1ea410f)"
        kind = parts[-1]
        if kind == "t1":
            build = "any (one thread never diverts)"
        j = json.load(open(f))
        rows.setdefault((case, kind, build), []).append((j["recordsPerSecond"], j["cpuSecondsPerMillion"], name))
print("| case | threads | build | runs | records/s (median) | CPU-s/M (median) | CPU-s/M, each run |")
print("|---|---|---|---:|---:|---:|---|")
for (case, kind, build), v in sorted(rows.items()):
    print(f"| {case} | {'1' if kind == 't1' else 'many'} | {build} | {len(v)} | {st.median(x[0] for x in v):,.0f} | "
          f"{st.median(x[1] for x in v):.2f} | {', '.join(f'{x[1]:.2f}' for x in v)} |")
