#!/bin/bash
# Which backend a BPTT run is fastest on, and what `auto` chose: for each round and each configuration DTYPE:HIDDEN,
# one `teach run` per (tree, backend) pair, one after the other, printing results.json's ms_per_epoch_steady and,
# where there was one, the epoch trial's choice and timings.
#
#   bench/scripts/epoch_trial_compare.sh BEFORE_TREE AFTER_TREE ROUNDS DTYPE:HIDDEN...
#   bench/scripts/epoch_trial_compare.sh /work/wt/base . 3 float32:16 float64:16 float64:32 float32:64 float64:64 float64:128
#
# BEFORE_TREE runs `auto` only; AFTER_TREE runs auto, openblas and vector. 300 epochs at --lr 0.001 (the default
# 0.01 diverges at hidden 128, and diverging float32 epochs are several times slower). Each tree's ./teach builds it
# when its sources are newer than its jar: build both first, and edit neither while this runs.
set -euo pipefail
before=$(cd "$1" && pwd); after=$(cd "$2" && pwd); rounds=$3; shift 3
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
for round in $(seq "$rounds"); do
  for cfg in "$@"; do
    dtype=${cfg%%:*}; hidden=${cfg##*:}
    for run in before:auto after:auto after:openblas after:vector; do
      tree=$after; [ "${run%%:*}" = before ] && tree=$before
      backend=${run##*:}
      dir=$out/$round-$cfg-$run
      (cd "$tree" && ./teach run --quiet --hidden "$hidden" --dtype "$dtype" --epochs 300 --lr 0.001 \
          --backend "$backend" --out "$dir" > /dev/null)
      python3 - "$dir/results.json" "$dtype" "$hidden" "${run/:/-}" "$round" <<'PY'
import json, sys
path, dtype, hidden, run, rnd = sys.argv[1:]
r = json.load(open(path))
t = r.get("epoch_trial")
trial = "-" if t is None else "%s %s %s" % (t["choice"], t["source"],
        " / ".join("%s %.4g" % kv for kv in t["ms_per_epoch"].items()))
print("%s h%s %-14s round %s steady %.4f ms  backend %-10s trial %s" % (
    dtype, hidden, run, rnd, r["timing"]["ms_per_epoch_steady"], r["backend"].split("(")[0], trial), flush=True)
PY
    done
  done
done
