"""A stand-in training script (standard library only): prints progress, then its metrics as one JSON line."""
import argparse
import json
import random

parser = argparse.ArgumentParser()
parser.add_argument("--seed", type=int, required=True)
parser.add_argument("--base", type=float, required=True)
args = parser.parse_args()

rng = random.Random(args.seed)
print(f"training with seed {args.seed}")
print(json.dumps({"score": args.base + rng.gauss(0, 0.02)}))
