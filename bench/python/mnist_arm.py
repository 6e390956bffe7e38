#!/usr/bin/env python3
"""One run of the PyTorch MLP for one seed, as a ReproSpec CommandExperiment arm (claims/ReproSpec.Claims/PyTorchCrossFramework.cs).

The model, data, split sizes, optimiser and epochs of mnist_peer.py (the PyTorch side of the benchmark peers); prints
the metrics as one JSON line. Needs torch and numpy only (Debian: apt-get install python3-torch).

    /usr/bin/python3 bench/python/mnist_arm.py --seed 0 [--hidden 256] [--epochs 3] [--data data]
"""
import argparse
import json

import torch

import mnist_peer

if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--seed", type=int, required=True)
    parser.add_argument("--hidden", type=int, default=256)
    parser.add_argument("--epochs", type=int, default=3)
    parser.add_argument("--data", default=mnist_peer.DATA)
    args = parser.parse_args()
    images, labels = mnist_peer.load_mnist10k(args.data)
    accuracy, seconds = mnist_peer.run(lambda: mnist_peer.mlp(args.hidden), args.seed, images, labels, args.epochs)
    print(json.dumps({"test_accuracy": accuracy, "seconds": seconds, "torch_threads": torch.get_num_threads()}))
