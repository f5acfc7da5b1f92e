#!/usr/bin/env bash
# A schema change, step by step: AnnualRevenue on Account becomes a formula and
# Industry gets a new picklist value. Run it from the workspace root:
#
#   bash examples/schema-change/walkthrough.sh
#
# Everything it writes goes to a temporary directory, removed at the end; paths
# in the output show that directory as $WORK. No org and no network are needed.
set -euo pipefail

cd "$(dirname "$0")/../.."
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT

# Shows a command, runs it, and prints its output with $WORK in place of the
# temporary path. The command's exit status is returned.
run() {
    printf '$ %s\n' "$*" |
        sed -e "s|$WORK|\$WORK|g" -e 's|^\$ sf_codegen |$ cargo run -q -p sf-codegen -- |'
    local status=0
    "$@" >"$WORK/out.txt" 2>&1 || status=$?
    sed "s|$WORK|\$WORK|g" "$WORK/out.txt"
    return "$status"
}

sf_codegen() { cargo run -q -p sf-codegen -- "$@"; }
step() { printf '\n== %s\n\n' "$*"; }

# Built up front so the steps below show their own output, not compilation.
cargo build -q -p sf-codegen -p example-schema-change --bins

step "1. The 'before' snapshot: the real Account describe bundled in schema/default"
mkdir -p "$WORK/before" "$WORK/after"
run cp schema/default/Account.json "$WORK/before/Account.json"

step "2. The 'after' snapshot, derived from it in code (examples/schema-change/src/derive.rs)"
run cargo run -q -p example-schema-change --bin derive_after -- \
    "$WORK/before/Account.json" "$WORK/after/Account.json"

step "3. What changed, as sf-codegen diff sees it"
run sf_codegen diff "$WORK/before" "$WORK/after"

step "4. Code generated from 'before' and committed: check says it is up to date"
run sf_codegen generate --schema "$WORK/before" --out "$WORK/app/src/sobjects"
run sf_codegen check --schema "$WORK/before" --out "$WORK/app/src/sobjects"

step "5. The org now has the 'after' schema: check fails and shows the drift"
status=0
run sf_codegen check --schema "$WORK/after" --out "$WORK/app/src/sobjects" || status=$?
echo "(exit status $status)"
if [ "$status" -eq 0 ]; then
    echo "unexpected: check passed on a changed schema" >&2
    exit 1
fi

step "6. Regenerate from 'after': check passes again"
run sf_codegen generate --schema "$WORK/after" --out "$WORK/app/src/sobjects"
run sf_codegen check --schema "$WORK/after" --out "$WORK/app/src/sobjects"

step "7. The app's typed write to AnnualRevenue (examples/schema-change/src/app.rs)"
echo "Built from 'before', it compiles and runs against the emulator:"
run cargo run -q -p example-schema-change
echo
echo "Built from 'after' (SCHEMA_CHANGE_APP_AFTER=1, see build.rs), the same write no longer compiles:"
status=0
SCHEMA_CHANGE_APP_AFTER=1 cargo build -q -p example-schema-change >"$WORK/build.txt" 2>&1 || status=$?
# Only the compiler's error blocks (warnings of other crates are not the point
# here), with paths relative to the workspace root.
awk '/^error/{p=1} p{print} /^$/{p=0}' "$WORK/build.txt" | sed "s|$PWD/||g"
echo "(exit status $status)"
if [ "$status" -eq 0 ]; then
    echo "unexpected: the write to a formula field compiled" >&2
    exit 1
fi
