#!/usr/bin/env python3
"""The LeCun1998 claim as a user would write it without ReproSpec: PyTorch + scipy.

Mirrors claims/ReproSpec.Claims/LeCun1998.cs: MLP 784-256-10 (ReLU) against softmax regression, Adam 1e-3,
batch 64, 3 epochs, one-sided Welch test of "MLP beats linear by >= 3 pp" at 0.05 (data, split and training in
mnist_peer.py). Where the claim adds seeds five at a time up to 20 (sequential design), this script does what a
researcher without ReproSpec does: a fixed 20 seeds per arm (the claim's MaxSeeds). Prints one JSON line with the per-seed test accuracies, the
p-values and the verdict.

    /usr/bin/python3 bench/python/lecun_claim.py [--seeds 20]
"""
import mnist_peer

if __name__ == "__main__":
    mnist_peer.run_claim("LeCun1998", "Welch", 0.03, [("MLP 784-256-10", lambda: mnist_peer.mlp(256)),
                                                    ("softmax regression", mnist_peer.softmax_regression)], epochs=3)
