#!/usr/bin/env python3
"""The Srivastava2014 dropout claim as a user would write it without ReproSpec: PyTorch + scipy.

Mirrors claims/ReproSpec.Claims/Srivastava2014.cs (The_same_mlp_is_better_with_dropout, Fig. 4's same-architecture
comparison): MLP 784-256-256-10 (ReLU) with dropout 0.2 on the input and 0.5 after each hidden layer against the
same net without dropout, Adam 1e-3, batch 64, 15 epochs (data, split and training in mnist_peer.py). Where the
claim adds seeds five at a time from 10 up to 25 (sequential design), this script does what a researcher without
ReproSpec does: a fixed 25 seeds per arm (the claim's MaxSeeds), then the claim's test, the one-sided paired t test
of "dropout beats plain" (margin 0) at 0.05 (and against it, for Refuted).
Prints one JSON line with the per-seed test accuracies, the p-values and the verdict.

    /usr/bin/python3 bench/python/srivastava_claim.py [--seeds 25]
"""
import mnist_peer

if __name__ == "__main__":
    mnist_peer.run_claim("Srivastava2014", "paired t", 0.0,
                         [("MLP 784-256-256-10, dropout 0.2 in / 0.5 hidden", lambda: mnist_peer.two_layer_mlp(256, input_dropout=0.2, dropout=0.5)),
                          ("MLP 784-256-256-10", lambda: mnist_peer.two_layer_mlp(256))],
                         epochs=15, default_seeds=25)
