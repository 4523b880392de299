#!/usr/bin/env bash
# Sets everything up, then runs every suite: formatting, the Hardhat suites (Solidity tests with
# fuzzing, node:test tests), the .NET xunit suites against real Hardhat nodes, LiteDB files
# and Kestrel, and the fairness demo. Ends with one line: "N passed, N failed, N skipped". Exit code 0 only if all pass.
set -uo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$ROOT/scripts/bootstrap.sh" || exit 1
set +e
cd "$ROOT"

RESULTS="$ROOT/.data/test-results"
rm -rf "$RESULTS"
mkdir -p "$RESULTS"
status=0

echo "== dotnet format --verify-no-changes"
if ! dotnet format DataUnionNode.sln --verify-no-changes --no-restore -v quiet; then
  echo "formatting differs: run 'dotnet format DataUnionNode.sln'"
  status=1
fi

echo "== hardhat test (Solidity + node:test)"
npx --no-install hardhat test 2>&1 | tee "$RESULTS/hardhat.txt"
[[ ${PIPESTATUS[0]} -eq 0 ]] || status=1

echo "== dotnet test"
dotnet test DataUnionNode.sln --no-build --nologo \
  --logger "trx" --logger "console;verbosity=minimal" --results-directory "$RESULTS/dotnet"
[[ $? -eq 0 ]] || status=1

# LiteDB hands stored dates back in local time: the labeling state is tested again on both sides of UTC.
for zone in Pacific/Chatham America/Los_Angeles; do
  echo "== dotnet test: labeling state with TZ=$zone"
  TZ="$zone" dotnet test tests/DataUnion.Storage.Tests --no-build --nologo --filter "FullyQualifiedName~Labeling" \
    --logger "trx" --logger "console;verbosity=minimal" --results-directory "$RESULTS/dotnet-tz-${zone//\//-}"
  [[ $? -eq 0 ]] || status=1
done

# The fairness demo end to end (real detectors on a real node), so that it keeps running on a fresh clone.
echo "== scripts/fairness-demo.sh"
if ! bash "$ROOT/scripts/fairness-demo.sh" "$RESULTS/fairness-demo" > "$RESULTS/fairness-demo.txt" 2>&1; then
  tail -30 "$RESULTS/fairness-demo.txt"
  echo "the fairness demo failed (log: $RESULTS/fairness-demo.txt)"
  status=1
fi

node "$ROOT/scripts/summarize-tests.mjs" "$RESULTS" || status=1
exit $status
