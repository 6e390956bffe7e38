#!/usr/bin/env python3
"""The LeCun1998 claim as a user would write it without ReproSpec: PyTorch + scipy.

Mirrors claims/ReproSpec.Claims/LeCun1998.cs: the vendored 10,000 MNIST digits (data/mnist10k-*.gz),
a seeded stratified 8,000/2,000 split, pixels / 255, MLP 784-256-10 (ReLU) against softmax regression,
Adam 1e-3, batch 64, 3 epochs, 5 seeds per arm, one-sided Welch test of "MLP beats linear by >= 3 pp" at 0.05.
Prints one JSON line with the per-seed test accuracies, the p-value and the verdict.

    /usr/bin/python3 bench/python/lecun_claim.py [--data data] [--seeds 5]
"""
import argparse
import gzip
import json
import os
import time

import numpy as np
import torch
from scipy import stats


def read_idx(path):
    with gzip.open(path, "rb") as f:
        data = f.read()
    dims = data[3]
    shape = [int.from_bytes(data[4 + 4 * i: 8 + 4 * i], "big") for i in range(dims)]
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * dims).reshape(shape)


def stratified_split(labels, test_fraction, seed):
    rng = np.random.default_rng(seed)
    train, test = [], []
    for c in np.unique(labels):
        idx = rng.permutation(np.flatnonzero(labels == c))
        k = int(round(len(idx) * test_fraction))
        test.extend(idx[:k])
        train.extend(idx[k:])
    return np.array(train), np.array(test)


def model_for(arm):
    if arm == "mlp":
        return torch.nn.Sequential(torch.nn.Flatten(), torch.nn.Linear(784, 256), torch.nn.ReLU(), torch.nn.Linear(256, 10))
    return torch.nn.Sequential(torch.nn.Flatten(), torch.nn.Linear(784, 10))


def run(arm, seed, images, labels):
    train_idx, test_idx = stratified_split(labels, 0.2, seed)
    x = torch.tensor(images, dtype=torch.float32) / 255
    y = torch.tensor(labels, dtype=torch.int64)
    x_train, y_train, x_test, y_test = x[train_idx], y[train_idx], x[test_idx], y[test_idx]
    torch.manual_seed(seed)
    model = model_for(arm)
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    generator = torch.Generator().manual_seed(seed)
    model.train()
    for _ in range(3):
        order = torch.randperm(len(x_train), generator=generator)
        for start in range(0, len(order), 64):
            batch = order[start:start + 64]
            optimizer.zero_grad()
            loss = torch.nn.functional.cross_entropy(model(x_train[batch]), y_train[batch])
            loss.backward()
            optimizer.step()
    model.eval()
    with torch.no_grad():
        return (model(x_test).argmax(1) == y_test).float().mean().item()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--data", default=os.path.join(os.path.dirname(__file__), "..", "..", "data"))
    parser.add_argument("--seeds", type=int, default=5)
    args = parser.parse_args()
    start = time.time()
    images = read_idx(os.path.join(args.data, "mnist10k-images-idx3-ubyte.gz"))
    labels = read_idx(os.path.join(args.data, "mnist10k-labels-idx1-ubyte.gz")).astype(np.int64)
    mlp = [run("mlp", s, images, labels) for s in range(args.seeds)]
    linear = [run("linear", s, images, labels) for s in range(args.seeds)]
    margin, alpha = 0.03, 0.05
    t = stats.ttest_ind(np.array(mlp) - margin, np.array(linear), equal_var=False, alternative="greater")
    print(json.dumps({
        "mlp": mlp, "linear": linear, "p": float(t.pvalue), "statistic": float(t.statistic),
        "verdict": "Supported" if t.pvalue < alpha else "not supported",
        "torch": torch.__version__, "threads": torch.get_num_threads(), "seconds_in_script": time.time() - start,
    }))


if __name__ == "__main__":
    main()
