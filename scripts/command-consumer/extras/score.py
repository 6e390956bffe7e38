"""Prints a score from the third-party module fancyscore, which a fresh machine does not have."""
import argparse
import json

import fancyscore

parser = argparse.ArgumentParser()
parser.add_argument("--seed", type=int, required=True)
args = parser.parse_args()
print(json.dumps({"score": fancyscore.score(args.seed)}))
