#!/usr/bin/env bash
# Runs the throughput benchmark of docs/benchmarks.md (Release build, after the bootstrap).
#   bash scripts/bench.sh            full inputs: 1000 images of 256-300 KiB and a 1 GiB file
#   bash scripts/bench.sh --quick    a smoke run on small inputs
#   bash scripts/bench.sh chain      chain layer: indexer catch-up over 100,000 events, outbox throughput
#                                    (--events N, --transactions N, --rounds N)
#   bash scripts/bench.sh labeling   consensus aggregation of 1,000,000 submissions (--images N)
#   bash scripts/bench.sh crowd      the consensus on real crowd answers against expert boxes, with and without gold
#                                    (--data DIR, default ../shared/crowd/pedestrians-train; --seeds N)
#   bash scripts/bench.sh members    member API: 300 KiB photo uploads against bare durable ingest, and 200
#                                    members fetching bundles and answering (--members N, --rounds N, --uploads N)
#   bash scripts/bench.sh versions   building a version of 100,000 stored images; shares trees of 1,000,000 leaves,
#                                    and of 100,000 against @openzeppelin/merkle-tree, a 1 GiB verified download
#                                    against the disk's read (--images N, --leaves N, --reference-leaves N,
#                                    --download-mib N, --download-runs N)
#   bash scripts/bench.sh fairness   a detector's evaluation per group: 100,000 images, 4 attributes × 5 groups, 1,000 resamples,
#                                    and pycocotools on the same data where installed (--images N, --resamples N)
#   bash scripts/bench.sh web        the web app in Chromium: first load of each page to interactive, and the labeling
#                                    canvas with 200 boxes while one is dragged (--loads N, --boxes N)
#   bash scripts/bench.sh bdn --filter '*'   BenchmarkDotNet micro-benchmarks
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$ROOT/scripts/bootstrap.sh"
dotnet run -c Release --project "$ROOT/tests/DataUnion.Benchmarks" -- "$@"
