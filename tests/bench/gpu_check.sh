#!/usr/bin/env bash
# The one GPU check for the SVD engine (issue 3), for a lent H100/H200. From the repo root:
#
#     bash tests/bench/gpu_check.sh          # with the wheels in .whl/ carried along
#
# 1. installs, from .whl/, diffusers and whichever of its requirements the image lacks (and pytest, and
#    pydantic-settings for studio.config) into /tmp/site: nothing is downloaded, the image's own packages
#    are left alone;
# 2. runs tests/test_svd_engine.py on CUDA (tiny fp16 pipeline: placement, cancel frees memory,
#    OOM retry with offload); tests that need PyAV/ffmpeg skip on a bare image;
# 3. runs the full SVD-XT benchmark (python -m tests.bench.svd) with what is left of the budget,
#    skipping variants that would not fit (torch.compile first) and saying so in the table.
#
# Writes $OUT/svd_bench.md (the table), $OUT/svd_tests.txt, $OUT/svd_bench.log, $OUT/gpu_check.log.
# Knobs: GPU_CHECK_BUDGET_S (default 450: the whole script), SVD_BENCH_VARIANTS (default: all five).
set -uo pipefail
cd "$(dirname "$0")/../.."
OUT="${OUT:-/tmp/svd-gpu-check}"
mkdir -p "$OUT"
BUDGET="${GPU_CHECK_BUDGET_S:-450}"
T0=$SECONDS
log() { printf '[gpu_check +%ds] %s\n' $((SECONDS - T0)) "$*" | tee -a "$OUT/gpu_check.log"; }

log "GPU: $(nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv,noheader 2>&1 | head -1)"

# --- 1. wheels: diffusers always; a requirement only when the image lacks it or has too old a version ---
WHEELS=$(python3 - <<'PY'
import email
import sys
import zipfile
from importlib import metadata
from pathlib import Path

from packaging.requirements import Requirement
from packaging.tags import sys_tags
from packaging.utils import canonicalize_name, parse_wheel_filename

supported = set(sys_tags())
wheels = {}
for path in sorted(Path(".whl").glob("*.whl")):
    name, _version, _build, tags = parse_wheel_filename(path.name)
    if tags & supported:
        wheels[canonicalize_name(name)] = path


def requires(path):
    with zipfile.ZipFile(path) as archive:
        meta = next(n for n in archive.namelist() if n.endswith(".dist-info/METADATA"))
        return [Requirement(r) for r in email.message_from_bytes(archive.read(meta)).get_all("Requires-Dist") or []]


def installed(name):
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return None


STDLIB = {"importlib-metadata"}  # diffusers imports importlib.metadata on Python >= 3.8
# pydantic-settings: the engines check requests against studio.config (Frame, RenderControls).
chosen, queue = [], [Requirement("diffusers"), Requirement("pytest"), Requirement("pydantic-settings")]
while queue:
    req = queue.pop(0)
    if req.marker is not None and not req.marker.evaluate({"extra": ""}):
        continue
    name = canonicalize_name(req.name)
    if name in STDLIB:
        continue
    have = installed(name)
    if name in chosen or (name != "diffusers" and have is not None and req.specifier.contains(have, prereleases=True)):
        continue
    if name not in wheels:
        print(f"note: {req} is wanted (image has {have}) but no wheel for it was carried", file=sys.stderr)
        continue
    chosen.append(name)
    queue.extend(requires(wheels[name]))
print(" ".join(str(wheels[n]) for n in chosen))
PY
)
log "installing: ${WHEELS:-nothing}"
if [ -z "$WHEELS" ] || ! python3 -m pip install -q --no-index --no-deps --target /tmp/site $WHEELS 2>&1 | tee -a "$OUT/gpu_check.log"; then
    log "wheel install failed; is .whl/ there with diffusers-0.42.1-py3-none-any.whl?"
    exit 1
fi
export PYTHONPATH="/tmp/site${PYTHONPATH:+:$PYTHONPATH}"
python3 -c "import sys, torch, diffusers, transformers, accelerate, huggingface_hub as h; print('python', sys.version.split()[0], '| torch', torch.__version__, 'cuda', torch.version.cuda, torch.cuda.is_available(), '| diffusers', diffusers.__version__, '| transformers', transformers.__version__, '| accelerate', accelerate.__version__, '| hub', h.__version__)" 2>&1 | tee -a "$OUT/gpu_check.log"

# --- 2. the engine's tests on CUDA (--noconftest: tests/conftest.py needs the studio's database stack) ---
log "tests/test_svd_engine.py on CUDA"
timeout 150 python3 -m pytest --noconftest -p no:cacheprovider -q -rs tests/test_svd_engine.py > "$OUT/svd_tests.txt" 2>&1
log "tests exit $?: $(tail -1 "$OUT/svd_tests.txt")"

# --- 3. the benchmark, in what is left ---
LEFT=$((BUDGET - (SECONDS - T0) - 15))
log "benchmark with a ${LEFT}s budget"
timeout $((LEFT + 45)) python3 -m tests.bench.svd --out "$OUT/svd_bench.md" --budget-s "$LEFT" \
    ${SVD_BENCH_VARIANTS:+--variants "$SVD_BENCH_VARIANTS"} > "$OUT/svd_bench.log" 2>&1
log "benchmark exit $? (124: out of time; the table keeps every finished row)"
cat "$OUT/svd_bench.md" 2>/dev/null || tail -20 "$OUT/svd_bench.log"
log "done"
