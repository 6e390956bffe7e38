"""What a researcher writes once and imports from each MNIST claim script: PyTorch + scipy, no ReproSpec.

Mirrors src/ReproSpec.Torch (Experiments/MnistClassifier.cs, Training/ClassifierTraining.cs, Models/Mlp.cs):
the vendored 10,000 MNIST digits (data/mnist10k-*.gz, IDX), a seeded stratified split (20 % test: 8,000 / 2,000),
pixels / 255 (a fixed scale, no standardisation), PyTorch's default Linear initialisation, Adam, cross-entropy,
mini-batches in a seeded order, test accuracy in evaluation mode. Seed s seeds the split, the initial weights
(then dropout, from the same generator) and the data order, so run s of two arms shares its split and order and
the arms are paired by design, as in ReproSpec.

Where it differs from ReproSpec, on purpose (what a user would write): the split comes from numpy's generator
and the order from torch's, not from ReproSpec's SeededShuffle, so per-seed values differ; their distribution
should not.
"""
import argparse
import gzip
import json
import os
import time

import numpy as np
import torch

DATA = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "data")


def read_idx(path):
    with gzip.open(path, "rb") as f:
        data = f.read()
    dims = data[3]
    shape = [int.from_bytes(data[4 + 4 * i: 8 + 4 * i], "big") for i in range(dims)]
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * dims).reshape(shape)


def load_mnist10k(data=DATA):
    """Images as float32 in [0, 1] (grey levels / 255) and labels as int64 tensors."""
    images = read_idx(os.path.join(data, "mnist10k-images-idx3-ubyte.gz"))
    labels = read_idx(os.path.join(data, "mnist10k-labels-idx1-ubyte.gz")).astype(np.int64)
    return torch.tensor(images, dtype=torch.float32) / 255, torch.tensor(labels)


def stratified_split(labels, test_fraction, seed):
    """Train and test positions, class by class; each class gives round(test_fraction * its count) to the test set."""
    labels = labels.numpy()
    rng = np.random.default_rng(seed)
    train, test = [], []
    for c in np.unique(labels):
        idx = rng.permutation(np.flatnonzero(labels == c))
        k = int(round(len(idx) * test_fraction))
        test.extend(idx[:k])
        train.extend(idx[k:])
    return torch.tensor(np.array(train)), torch.tensor(np.array(test))


def mlp(hidden=256, dropout=0.0):
    """784-hidden-10 with ReLU, and dropout after the hidden ReLU when dropout > 0."""
    layers = [torch.nn.Flatten(), torch.nn.Linear(784, hidden), torch.nn.ReLU()]
    if dropout > 0:
        layers.append(torch.nn.Dropout(dropout))
    return torch.nn.Sequential(*layers, torch.nn.Linear(hidden, 10))


def two_layer_mlp(hidden=256, input_dropout=0.0, dropout=0.0):
    """784-hidden-hidden-10 with ReLU, dropout on the input pixels and after each hidden ReLU when above 0."""
    layers = [torch.nn.Flatten()]
    if input_dropout > 0:
        layers.append(torch.nn.Dropout(input_dropout))
    for inputs in (784, hidden):
        layers += [torch.nn.Linear(inputs, hidden), torch.nn.ReLU()]
        if dropout > 0:
            layers.append(torch.nn.Dropout(dropout))
    return torch.nn.Sequential(*layers, torch.nn.Linear(hidden, 10))


def softmax_regression():
    return torch.nn.Sequential(torch.nn.Flatten(), torch.nn.Linear(784, 10))


def run(build, seed, images, labels, epochs, lr=1e-3, batch_size=64, test_fraction=0.2):
    """Trains build() for one seed; returns (test accuracy, seconds)."""
    start = time.time()
    train_idx, test_idx = stratified_split(labels, test_fraction, seed)
    x_train, y_train, x_test, y_test = images[train_idx], labels[train_idx], images[test_idx], labels[test_idx]
    torch.manual_seed(seed)
    model = build()
    optimizer = torch.optim.Adam(model.parameters(), lr=lr)
    order = torch.Generator().manual_seed(seed)
    model.train()
    for _ in range(epochs):
        permutation = torch.randperm(len(x_train), generator=order)
        for first in range(0, len(permutation), batch_size):
            batch = permutation[first:first + batch_size]
            optimizer.zero_grad()
            loss = torch.nn.functional.cross_entropy(model(x_train[batch]), y_train[batch])
            loss.backward()
            optimizer.step()
    model.eval()
    with torch.no_grad():
        accuracy = (model(x_test).argmax(1) == y_test).sum().item() / len(y_test)
    return accuracy, time.time() - start


def arm(name, build, seeds, images, labels, epochs):
    results = [run(build, s, images, labels, epochs) for s in range(seeds)]
    return {"name": name, "values": [a for a, _ in results], "seconds": [t for _, t in results]}


def one_sided(test, a, b, margin):
    """p-values of H0 "mean A - mean B <= margin" (for the claim) and H0 "... >= margin" (against it)."""
    from scipy import stats  # here, not at the top: a single run (mnist_arm.py) needs torch and numpy only

    a, b = np.asarray(a), np.asarray(b)
    if test == "Welch":
        def p(alternative): return stats.ttest_ind(a - margin, b, equal_var=False, alternative=alternative).pvalue
    elif test == "paired t":
        def p(alternative): return stats.ttest_rel(a - margin, b, alternative=alternative).pvalue
    else:
        raise ValueError(f"unknown test {test}")
    return float(p("greater")), float(p("less"))


def finite_or_none(x):
    """NaN (no test with one seed) as null: json.dumps would write NaN, which is not JSON."""
    return x if np.isfinite(x) else None


def report(claim, test, margin, alpha, a, b, start):
    """Prints the verdict (Supported, Refuted or Inconclusive, each one-sided test at alpha) as one JSON line."""
    p_for, p_against = one_sided(test, a["values"], b["values"], margin)
    verdict = "Supported" if p_for < alpha else "Refuted" if p_against < alpha else "Inconclusive"
    print(json.dumps({
        "claim": claim, "test": test, "margin": margin, "alpha": alpha, "a": a, "b": b,
        "p_for": finite_or_none(p_for), "p_against": finite_or_none(p_against), "verdict": verdict,
        "torch": torch.__version__, "threads": torch.get_num_threads(), "seconds_in_script": time.time() - start,
    }))


def run_claim(claim, test, margin, arms, epochs, alpha=0.05, default_seeds=20):
    """The command line every claim script shares: train each (name, build) arm on --seeds seeds, then report."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--data", default=DATA)
    parser.add_argument("--seeds", type=int, default=default_seeds)
    args = parser.parse_args()
    start = time.time()
    images, labels = load_mnist10k(args.data)
    a, b = (arm(name, build, args.seeds, images, labels, epochs) for name, build in arms)
    report(claim, test, margin, alpha, a, b, start)
