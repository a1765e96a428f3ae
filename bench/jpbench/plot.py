"""Draws the series given as JSON on stdin into the PNG named by argv[1] (run with the venv's python)."""
import json
import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

data = json.load(sys.stdin)
data = [d for d in data if d["systems"]]
fig, axes = plt.subplots(1, len(data), figsize=(6 * len(data), 4.2), squeeze=False)
for ax, d in zip(axes[0], data):
    for system, pts in sorted(d["systems"].items()):
        ns = [p[0] for p in pts]
        med = [p[1] for p in pts]
        lo = [p[1] - p[2] for p in pts]
        hi = [p[3] - p[1] for p in pts]
        ax.errorbar(ns, med, yerr=[lo, hi], marker="o", capsize=3, label=system)
    ax.set_title(d["title"])
    ax.set_xlabel("engines")
    ax.set_ylabel(d["unit"])
    ax.set_ylim(bottom=0)
    ax.set_xticks(sorted({p[0] for pts in d["systems"].values() for p in pts}))
    ax.grid(True, alpha=0.3)
    ax.legend()
fig.tight_layout()
fig.savefig(sys.argv[1], dpi=110)
