#!/usr/bin/env bash
# The dataunion CLI, as built by the bootstrap: bash scripts/dataunion.sh node info
# It reads the operator token from the node's data directory (~/.dataunion, or DATAUNION_DATA_DIR).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CLI="$ROOT/src/DataUnion.Cli/bin/Debug/net10.0/dataunion.dll"
[[ -f "$CLI" ]] || { echo "dataunion: not built yet; run 'bash scripts/run.sh' or 'bash scripts/test.sh' once" >&2; exit 2; }
exec dotnet "$CLI" "$@"
