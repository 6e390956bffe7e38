#!/usr/bin/python3
"""Two CSV files of runs for bench/compare/compare_scale.sh: seed,acc with acc a share of 10,000 items (ties),
A's mean 0.2 pp above B's, seeds 0..rows-1 in shuffled order (pairing must follow the seed column)."""
import sys

import numpy as np

rows, path_a, path_b = int(sys.argv[1]), sys.argv[2], sys.argv[3]
rng = np.random.default_rng(20261207)
shared = rng.normal(0, 0.004, rows)  # the seed's own effect, shared by both arms (paired by design)
for path, mean in [(path_a, 0.902), (path_b, 0.900)]:
    acc = np.round(np.clip(mean + shared + rng.normal(0, 0.003, rows), 0, 1) * 10_000) / 10_000
    order = rng.permutation(rows)
    with open(path, "w") as f:
        f.write("seed,acc\n")
        f.write("\n".join(f"{s},{a:.4f}" for s, a in zip(order, acc[order])))
        f.write("\n")
