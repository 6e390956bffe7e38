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
import mnist_peer

if __name__ == "__main__":
    mnist_peer.run_claim("Srivastava2014", "paired t", 0.0035, [("MLP 784-256-10, dropout 0.5", lambda: mnist_peer.mlp(256, dropout=0.5)),
                                                                ("MLP 784-256-10", lambda: mnist_peer.mlp(256))], epochs=10)
