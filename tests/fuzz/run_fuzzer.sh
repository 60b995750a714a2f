#!/usr/bin/env bash
# Runs one libFuzzer target for a bounded time (what the `fuzz` build target calls per reader).
#   run_fuzzer.sh FUZZER DEFAULT_SECONDS WORK_DIR ARTIFACT_DIR SEED...
# FUZZ_SECONDS in the environment overrides DEFAULT_SECONDS. New inputs go to WORK_DIR (kept
# between runs), a crashing input to ARTIFACT_DIR; SEED folders and files are only read.
# Exits non-zero when the fuzzer found a crash, a leak, undefined behaviour or a hang.
set -euo pipefail
fuzzer=$1 seconds=${FUZZ_SECONDS:-$2} work=$3 artifacts=$4
shift 4
mkdir -p "$work" "$artifacts"
dirs=() files=()
for s in "$@"; do
  if [ -d "$s" ]; then dirs+=("$s"); elif [ -f "$s" ]; then files+=("$s"); fi
done
seed_files=$(IFS=,; echo "${files[*]:-}")
echo "== $(basename "$fuzzer"): ${seconds} s"
args=(-max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=65536 -print_final_stats=1
      -artifact_prefix="$artifacts/")
[ -n "$seed_files" ] && args+=(-seed_inputs="$seed_files")
exec "$fuzzer" "${args[@]}" "$work" "${dirs[@]}"
