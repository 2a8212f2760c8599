#!/usr/bin/env bash
# A smoke test of etl-workbook on a real Amazon Redshift (Serverless workgroup or cluster), for
# someone with an AWS account: it was written without one and has not been run (see README.md).
#
#   REDSHIFT_URL=postgres://user:pass@wg.123456789012.eu-west-1.redshift-serverless.amazonaws.com:5439/dev?sslmode=require \
#   S3_BUCKET=my-bucket AWS_REGION=eu-west-1 REDSHIFT_IAM_ROLE=arn:aws:iam::123456789012:role/my-role \
#   bash scripts/redshift-smoke.sh
#
# AWS credentials for the upload come from the usual AWS_* variables or ~/.aws. Needs psql.
# Steps (a few minutes on an 8-RPU workgroup; it writes to schemas raw, seeds, staging, marts...):
#   1. the local run on the committed dataset: the reference KPIs
#   2. the Redshift dry run, kept for review (target/smoke/redshift-run.sql)
#   3. stage + load on Redshift (etl-workbook load)
#   4. COPY ... NOLOAD of every staged file: each file parses under the COPY options, nothing loads
#   5. one full run on Redshift (load, seeds, models, tests, unit tests, KPIs)
#   6. its KPIs compared with the local ones, value for value
set -euo pipefail
cd "$(dirname "$0")/.."

for variable in REDSHIFT_URL S3_BUCKET REDSHIFT_IAM_ROLE; do
  if [ -z "${!variable:-}" ]; then
    echo "redshift-smoke: set $variable (see the comment at the top of $0)." >&2
    exit 2
  fi
done
command -v psql >/dev/null || { echo 'redshift-smoke: psql is needed (apt-get install postgresql-client).' >&2; exit 2; }

out=target/smoke
mkdir -p "$out"
cli=(node bin/etl-workbook.js)
started=$SECONDS

echo "1/6 local run (reference KPIs) -> $out/local"
"${cli[@]}" run --target local --out "$out/local" -q

echo "2/6 Redshift dry run -> $out/redshift-run.sql"
"${cli[@]}" run --target redshift --dry-run > "$out/redshift-run.sql"

echo "3/6 stage and load on Redshift"
"${cli[@]}" load --target redshift --out "$out/redshift"

echo "4/6 COPY ... NOLOAD of every staged file"
# Each COPY of the dry run, from its first line to the line ending in ';', with NOLOAD added.
awk '/^copy /{copy=1} copy{buf=buf $0 "\n"} copy && /;$/{sub(/;\n$/, "\nnoload;\n", buf); printf "%s", buf; buf=""; copy=0}' \
  "$out/redshift-run.sql" > "$out/noload.sql"
copies=$(grep -c '^copy ' "$out/noload.sql" || true)
[ "$copies" -gt 0 ] || { echo 'redshift-smoke: the dry run has no COPY statement' >&2; exit 1; }
psql "$REDSHIFT_URL" -v ON_ERROR_STOP=1 -q -f "$out/noload.sql"
echo "    $copies COPY statements validated with NOLOAD"

echo "5/6 full run on Redshift -> $out/redshift"
"${cli[@]}" run --target redshift --out "$out/redshift"

echo "6/6 KPIs: Redshift against local"
node -e '
const assert = require("node:assert");
const [local, remote] = process.argv.slice(1).map((file) => JSON.parse(require("node:fs").readFileSync(file, "utf8")).kpis);
assert.deepStrictEqual(remote, local, "the Redshift KPIs differ from the local ones");
console.log(`    ${Object.keys(local).length} KPIs equal`);
' "$out/local/kpis.json" "$out/redshift/kpis.json"

echo "redshift-smoke: passed in $((SECONDS - started)) s"
