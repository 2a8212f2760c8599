#!/usr/bin/env bash
# Executes every notebook with Jupyter's own client (jupyter nbconvert --execute) and the tslab
# kernel, so a real Jupyter proves the notebooks run, not only our headless runner. Needs Debian's
# jupyter-nbconvert (installed by .ci/run); without it this check says it is skipped.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v jupyter-nbconvert >/dev/null 2>&1 || [ ! -x /usr/bin/python3 ]; then
  echo "nbconvert check skipped: jupyter-nbconvert (Debian: apt-get install jupyter-nbconvert python3-nbclient jupyter-client python3-ipython) is not installed"
  exit 0
fi

work=$(mktemp -d)
home="$work/warehouse"
cleanup() {
  ETL_WAREHOUSE_HOME="$home" node bin/etl-workbook.js warehouse stop >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

# The kernel spec goes into a private folder named by JUPYTER_PATH: nothing is installed for the user.
# --binary is the project's own tslab, so the kernel is the version package-lock.json pins.
npx tslab install --python /usr/bin/python3 --prefix "$work/jupyter" --binary "$PWD/node_modules/.bin/tslab" >/dev/null
export JUPYTER_PATH="$work/jupyter/share/jupyter"
# The notebooks start their own embedded PostgreSQL here, away from the user's .warehouse/.
export ETL_WAREHOUSE_HOME="$home"

out=target/nbconvert
mkdir -p "$out"
for notebook in notebooks/[0-9][0-9]-*.ipynb; do
  echo "nbconvert --execute $notebook"
  jupyter nbconvert --to notebook --execute --ExecutePreprocessor.timeout=600 \
    --ExecutePreprocessor.kernel_name=tslab --output-dir "$out" "$notebook" 2>&1 | grep -v '^\[NbConvertApp\] Writing' || {
    echo "nbconvert failed on $notebook (see the traceback above)"
    exit 1
  }
done

# Charts must be there: a vega-lite and an SVG output in the executed copies.
python3 - "$out" <<'PY'
import json, pathlib, sys
missing = []
for path in sorted(pathlib.Path(sys.argv[1]).glob('[0-9][0-9]-*.ipynb')):
    doc = json.loads(path.read_text())
    mimes = {m for c in doc['cells'] if c['cell_type'] == 'code' for o in c.get('outputs', []) for m in o.get('data', {})}
    errors = [o for c in doc['cells'] if c['cell_type'] == 'code' for o in c.get('outputs', []) if o.get('output_type') == 'error']
    if errors:
        missing.append(f'{path.name}: has error outputs')
    print(f'{path.name}: {len(doc["cells"])} cells, outputs: {", ".join(sorted(mimes)) or "text only"}')
if missing:
    sys.exit('\n'.join(missing))
PY
echo "nbconvert check passed: executed copies in $out/"
