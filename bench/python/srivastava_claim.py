#!/usr/bin/env python3
"""The Srivastava2014 dropout claim as a user would write it without ReproSpec: PyTorch + scipy.

Mirrors claims/ReproSpec.Claims/Srivastava2014.cs: MLP 784-256-10 (ReLU) with dropout 0.5 after the hidden
layer against the same net without dropout, Adam 1e-3, batch 64, 10 epochs (data, split and training in
mnist_peer.py). Where the claim adds seeds five at a time up to 20 (sequential design), this script does what a
researcher without ReproSpec does: a fixed 20 seeds per arm (the claim's MaxSeeds), then the claim's test,
the one-sided paired t test of "dropout beats plain by >= 0.35 pp" at 0.05 (and against it, for Refuted).
Prints one JSON line with the per-seed test accuracies, the p-values and the verdict.

    /usr/bin/python3 bench/python/srivastava_claim.py [--seeds 20]
"""
import argparse
import time

import mnist_peer


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--data", default=mnist_peer.DATA)
    parser.add_argument("--seeds", type=int, default=20)
    args = parser.parse_args()
    start = time.time()
    images, labels = mnist_peer.load_mnist10k(args.data)
    dropout = mnist_peer.arm("MLP 784-256-10, dropout 0.5", lambda: mnist_peer.mlp(256, dropout=0.5), args.seeds, images, labels, epochs=10)
    plain = mnist_peer.arm("MLP 784-256-10", lambda: mnist_peer.mlp(256), args.seeds, images, labels, epochs=10)
    mnist_peer.report("Srivastava2014", "paired t", 0.0035, 0.05, dropout, plain, start)


if __name__ == "__main__":
    main()
