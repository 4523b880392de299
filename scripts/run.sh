#!/usr/bin/env bash
# Sets everything up, then runs the node in the foreground against a local Hardhat chain that
# it starts and deploys the contracts to. Ctrl+C stops the node and the chain.
#
#   scripts/run.sh [--Section:Key=value ...]
#
# Data lives in ~/.dataunion, the node's and the CLI's default (override with DATAUNION_DATA_DIR).
# Any setting can be passed as --Section:Key=value, e.g. --Http:Port=5081, or --Chain:RpcUrl=...
# with --Chain:DeploymentRecordPath=... to use an existing chain instead.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$ROOT/scripts/bootstrap.sh"

DATA_DIR="${DATAUNION_DATA_DIR:-$HOME/.dataunion}"
cd "$ROOT"

# On the local chain the contracts' operator roles belong to Hardhat's first development account
# (a public test key), so the node uses it to publish unless a wallet or key is already set up.
# Never for another chain: the node refuses DATAUNION_DEV_PRIVATE_KEY there.
if [[ -z "${DATAUNION_DEV_PRIVATE_KEY:-}" && ! -f "$DATA_DIR/keystore/operator.json" && " $* " != *"--Chain:RpcUrl="* ]]; then
  export DATAUNION_DEV_PRIVATE_KEY=0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80
  echo "[run] local chain: operator is Hardhat's development account 0 (public test key)" >&2
fi

exec dotnet "$ROOT/src/DataUnion.Node/bin/Debug/net10.0/DataUnion.Node.dll" \
  "--Node:DataDirectory=$DATA_DIR" \
  "--Chain:LocalNode:ProjectRoot=$ROOT" \
  "$@"
