"""Softmax regression on the 8x8 UCI digits, trained with minibatch SGD.

Standard library only, so it runs anywhere Python 3.8+ does. Run it from this folder:

    python main.py --seed 1 --epochs 3

It reads ../data/digits.csv.gz (64 grey levels 0-16 and the label per line) and prints the
test loss and accuracy after every epoch.
"""
import argparse
import gzip
import math
import os
import random
import sys
import time

DATA_DIR = os.path.join("..", "data")
DATA_FILE = "digits.csv.gz"
CLASSES = 10


def load(path):
    rows = []
    with gzip.open(path, "rt") as f:
        for line in f:
            values = [float(v) for v in line.strip().split(",")]
            rows.append(([v / 16.0 for v in values[:-1]], int(values[-1])))
    return rows


def split(rows, test_size):
    # The test set is fixed (as an official test set is): shuffled with its own seed, not --seed.
    order = list(range(len(rows)))
    random.Random(20240101).shuffle(order)
    test = [rows[i] for i in order[:test_size]]
    train = [rows[i] for i in order[test_size:]]
    return train, test


def softmax(z):
    m = max(z)
    e = [math.exp(v - m) for v in z]
    s = sum(e)
    return [v / s for v in e]


def scores(weights, bias, x):
    return [sum(w * xi for w, xi in zip(row, x)) + b for row, b in zip(weights, bias)]


def train_epoch(args, weights, bias, train, rng, epoch):
    rng.shuffle(train)
    for start in range(0, len(train), args.batch_size):
        batch = train[start:start + args.batch_size]
        grad_w = [[0.0] * len(weights[0]) for _ in range(CLASSES)]
        grad_b = [0.0] * CLASSES
        for x, y in batch:
            p = softmax(scores(weights, bias, x))
            p[y] -= 1.0
            for k in range(CLASSES):
                if p[k] != 0.0:
                    gk = grad_w[k]
                    pk = p[k]
                    for j, xj in enumerate(x):
                        gk[j] += pk * xj
                    grad_b[k] += pk
        scale = args.lr / len(batch)
        for k in range(CLASSES):
            wk = weights[k]
            for j in range(len(wk)):
                wk[j] -= scale * (grad_w[k][j] + args.weight_decay * wk[j])
            bias[k] -= scale * grad_b[k]
        if args.log_interval and (start // args.batch_size) % args.log_interval == 0:
            print("Train Epoch: {} [{}/{} ({:.0f}%)]".format(epoch, start, len(train), 100.0 * start / len(train)))


def test(weights, bias, rows):
    loss = 0.0
    correct = 0
    for x, y in rows:
        p = softmax(scores(weights, bias, x))
        loss -= math.log(max(p[y], 1e-12))
        correct += int(max(range(CLASSES), key=lambda k: p[k]) == y)
    loss /= len(rows)
    print("\nTest set: Average loss: {:.4f}, Accuracy: {}/{} ({:.0f}%)\n".format(
        loss, correct, len(rows), 100.0 * correct / len(rows)))
    return correct / len(rows)


def main():
    parser = argparse.ArgumentParser(description="Softmax regression on 8x8 digits")
    parser.add_argument("--batch-size", type=int, default=32, metavar="N", help="input batch size for training (default: 32)")
    parser.add_argument("--epochs", type=int, default=3, metavar="N", help="number of epochs to train (default: 3)")
    parser.add_argument("--lr", type=float, default=0.5, metavar="LR", help="learning rate (default: 0.5)")
    parser.add_argument("--weight-decay", type=float, default=1e-4, metavar="WD", help="L2 penalty (default: 1e-4)")
    parser.add_argument("--test-size", type=int, default=597, metavar="N", help="rows held out for testing (default: 597)")
    parser.add_argument("--seed", type=int, default=1, metavar="S", help="random seed (default: 1)")
    parser.add_argument("--log-interval", type=int, default=10, metavar="N", help="batches between training logs (default: 10)")
    parser.add_argument("--save-model", action="store_true", default=False, help="save the trained weights to digits_softmax.csv")
    args = parser.parse_args()

    path = os.path.join(DATA_DIR, DATA_FILE)
    if not os.path.exists(path):
        sys.exit("{} not found: put the UCI digits there (see ../README.md)".format(path))
    rng = random.Random(args.seed)
    train, test_rows = split(load(path), args.test_size)
    features = len(train[0][0])
    weights = [[rng.gauss(0.0, 0.01) for _ in range(features)] for _ in range(CLASSES)]
    bias = [0.0] * CLASSES

    started = time.time()
    for epoch in range(1, args.epochs + 1):
        train_epoch(args, weights, bias, train, rng, epoch)
        test(weights, bias, test_rows)
    print("trained in {:.1f} s".format(time.time() - started), file=sys.stderr)

    if args.save_model:
        with open("digits_softmax.csv", "w") as f:
            for row, b in zip(weights, bias):
                f.write(",".join("{:.6f}".format(v) for v in row + [b]) + "\n")


if __name__ == "__main__":
    main()
