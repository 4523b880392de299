#!/usr/bin/env bash
# The fairness report with a real detector. Everything runs offline on this machine:
#
#   1. a local Hardhat chain and a node (the same in-process node the tests drive);
#   2. face-api's six sample photos contributed by six members, each with signed consent and
#      INVENTED attributes (inventedRegion, inventedAgeBand: made up for the demo, saying nothing
#      about the people in the photos);
#   3. three members qualify on gold items and draw the photos' true face boxes
#      (scripts/fairness-demo/truth.json, placed by eye); the consensus is built into a version draft;
#   4. face-api's SSD MobileNet v1 and Tiny Face Detector run over the draft's images (tfjs WASM
#      backend, weights from the npm package), each writing COCO results;
#   5. `dataunion fairness report` for each, and a page with the two side by side.
#
#   bash scripts/fairness-demo.sh [OUT_DIR]     default: .data/fairness-demo
#
# Opens nothing and serves nothing: open OUT_DIR/index.html in a browser.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$ROOT/scripts/bootstrap.sh"
OUT="${1:-$ROOT/.data/fairness-demo}"
mkdir -p "$OUT"
dotnet run --no-build --project "$ROOT/tests/DataUnion.Demo" -- --out "$OUT"
echo "[fairness-demo] open $OUT/index.html (the reports: ssd-report.html, tiny-report.html)" >&2
