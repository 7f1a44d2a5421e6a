#!/usr/bin/env bash
# The test command: fetch and verify the real datasets the end-to-end tests read (idempotent,
# fast when present), then every module's tests.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/fetch-data.sh
./mvnw -B verify "$@"
