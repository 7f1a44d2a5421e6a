#!/usr/bin/env bash
# The test command: every module's unit tests plus the end-to-end tests, from a clean checkout.
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -B verify "$@"
