#!/usr/bin/env bash
# Sets everything up, then runs the node in the foreground against a local Hardhat chain that
# it starts and deploys the contracts to. Ctrl+C stops the node and the chain.
#
#   scripts/run.sh [--Section:Key=value ...]
#
# Data lives in .data/node (override with DATAUNION_DATA_DIR). Any setting can be passed as
# --Section:Key=value, e.g. --Http:Port=5081, or --Chain:RpcUrl=... with
# --Chain:DeploymentRecordPath=... to use an existing chain instead.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$ROOT/scripts/bootstrap.sh"

DATA_DIR="${DATAUNION_DATA_DIR:-$ROOT/.data/node}"
cd "$ROOT"
exec dotnet "$ROOT/src/DataUnion.Node/bin/Debug/net10.0/DataUnion.Node.dll" \
  "--Node:DataDirectory=$DATA_DIR" \
  "--Chain:LocalNode:ProjectRoot=$ROOT" \
  "$@"
