#!/usr/bin/env bash
# GPU check of the Hugging Face model path (issue 13), for the first machine with an NVIDIA GPU:
#   1. writes a random-weight Qwen2.5-0.5B-shaped checkpoint (24 layers, bf16) in Hugging Face layout
#   2. rwb score     (teacher-forced log-probs + entropies of 512 tokens) on the GPU
#   3. rwb generate  (64 new tokens, KV cache, greedy) on the GPU
#   4. rwb bench hf-grpo: 5 GRPO steps with LoRA (rank 16, all projections; float16 frozen base, float32 adapters)
#   5. rwb bench hf on the full 0.5B shape (float16) and on the reference's mini preset
#   6. the LoRA GRPO steps and the 0.5B benchmark again in bfloat16 mixed precision (with gradient checkpointing)
# Every step has its own time limit; the whole script is meant to finish in under 10 minutes.
# Output: one folder ($OUT, default /tmp/rwb-gpu-check) with each step's JSON and a summary.txt.
#
# SMOKE=1 runs the same steps on the CPU at toy sizes (2 layers, short sequences, 2 GRPO steps), with
# DJL's CPU natives, so that the script itself (every command and flag) is exercised on a machine
# without a GPU; its figures mean nothing. A step that fails makes the script exit non-zero.
#
# libtorch with CUDA (docs/CUDA.md): PYTORCH_LIBRARY_PATH if set; else the torch/lib folder of a
# python3 torch 2.7.1 with CUDA if one is installed; else DJL downloads its cu128 build (needs network
# once). The CPU natives jar is left off the class path so DJL cannot fall back to the CPU silently.
set -euo pipefail
cd "$(dirname "$0")/.."
OUT="${OUT:-/tmp/rwb-gpu-check}"
mkdir -p "$OUT"
summary="$OUT/summary.txt"
: > "$summary"
say() { echo "$*" | tee -a "$summary" >&2; }

say "== gpu-check $(date -u +%FT%TZ) on $(hostname)"
nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv,noheader 2>&1 | tee -a "$summary" >&2 || say "nvidia-smi failed"

offline=true
SMOKE="${SMOKE:-0}"
DEVICE=gpu LAYERS=0 STEPS=5 BATCH=8 SEQ=512 NEW=64 SCORE_IDS=512 HALF=float16 GROUP=8 ANSWER=32 SLOW=1
if [ "$SMOKE" = 1 ]; then
  # float16 arithmetic on a CPU is emulated and very slow: the smoke runs the float16 steps in float32
  DEVICE=cpu LAYERS=2 STEPS=2 BATCH=2 SEQ=64 NEW=8 SCORE_IDS=64 HALF=float32 GROUP=4 ANSWER=8 SLOW=6
  say "SMOKE=1: CPU, toy sizes; the figures mean nothing"
elif [ -z "${PYTORCH_LIBRARY_PATH:-}" ]; then
  lib=$(python3 - <<'PY' 2>/dev/null || true
import os, torch
assert torch.__version__.startswith("2.7.1") and torch.cuda.is_available()
print(os.path.join(os.path.dirname(torch.__file__), "lib"))
PY
)
  if [ -n "$lib" ]; then
    export PYTORCH_LIBRARY_PATH="$lib"
    say "libtorch: python torch 2.7.1 at $lib"
  else
    export PYTORCH_FLAVOR="${PYTORCH_FLAVOR:-cu128}"
    offline=false
    say "libtorch: DJL download of flavour $PYTORCH_FLAVOR (needs network once)"
  fi
else
  say "libtorch: PYTORCH_LIBRARY_PATH=$PYTORCH_LIBRARY_PATH"
fi
export PYTORCH_VERSION=2.7.1
if [ -n "${PYTORCH_LIBRARY_PATH:-}" ]; then export LD_LIBRARY_PATH="$PYTORCH_LIBRARY_PATH:${LD_LIBRARY_PATH:-}"; fi
export OPT_OUT_TRACKING=true
export ENGINE_CACHE_DIR="${ENGINE_CACHE_DIR:-$HOME/.cache/rollout-workbench/djl}"

if [ ! -f engine/target/engine.jar ] || [ ! -d engine/target/lib ]; then
  say "building engine (mvn package -DskipTests)"
  mvn -B -q -o -DskipTests -pl engine -am package >&2
fi
cp=engine/target/engine.jar
for j in engine/target/lib/*.jar; do
  case "$j" in *pytorch-native-cpu*) [ "$SMOKE" = 1 ] && cp="$cp:$j" ;; *) cp="$cp:$j" ;; esac
done
RWB=(java -Dai.djl.offline=$offline -cp "$cp" dev.rwb.engine.cli.Rwb)

failures=0
step() {  # step NAME SECONDS ARGS...: runs rwb ARGS with a time limit, stdout to $OUT/NAME.json
  local name="$1" limit="$2"; shift 2
  local t0=$SECONDS code=0
  timeout "$((limit * SLOW))" "${RWB[@]}" "$@" > "$OUT/$name.json" 2> "$OUT/$name.log" || code=$?
  if [ "$code" = 0 ]; then
    say "$name: ok in $((SECONDS - t0))s: $(tail -n 1 "$OUT/$name.json" | cut -c1-600)"
  else
    failures=$((failures + 1))
    say "$name: FAILED (exit $code after $((SECONDS - t0))s), see $OUT/$name.log: $(tail -n 3 "$OUT/$name.log" | tr '\n' ' ')"
  fi
}

model="$OUT/qwen2.5-0.5b-random"
step random-model 120 random-model --preset qwen2.5-0.5b --layers $LAYERS --dtype bf16 --out "$model"
python3 -c "import json,random; random.seed(0); print(json.dumps([random.randrange(151936) for _ in range($SCORE_IDS)]))" > "$OUT/ids.json" \
  || awk -v n=$SCORE_IDS 'BEGIN{srand(0); printf "["; for(i=0;i<n;i++){printf "%s%d", (i?",":""), int(rand()*151936)}; print "]"}' > "$OUT/ids.json"
head -c 200 "$OUT/ids.json" | tr -d '[]' | tr ',' ' ' | tr -s ' ' | cut -d' ' -f1-32 > "$OUT/prompt-ids.txt"
shape=(--batch $BATCH --seq $SEQ --decode-batch 8 --new-tokens $NEW)
[ "$LAYERS" != 0 ] && shape+=(--layers $LAYERS)
[ "$SMOKE" = 1 ] && shape+=(--reps 1 --prompt 16)
step score 120 score --model "$model" --ids-file "$OUT/ids.json" --device $DEVICE --dtype $HALF --json
step generate 120 generate --model "$model" --prompt-ids-file "$OUT/prompt-ids.txt" --max-new-tokens $NEW --temperature 0 --device $DEVICE --dtype $HALF --json
step grpo-lora 180 bench hf-grpo --model "$model" --steps $STEPS --lora-rank 16 --group $GROUP --answer-tokens $ANSWER --device $DEVICE --dtype $HALF
step bench-0.5b 180 bench hf --preset qwen2.5-0.5b --dtype $HALF "${shape[@]}" --json
step bench-mini 90 bench hf --preset mini --dtype $HALF $([ "$SMOKE" = 1 ] && echo "--batch $BATCH --seq $SEQ --reps 1 --prompt 16 --new-tokens $NEW") --json
# bfloat16 mixed precision (frozen base in bfloat16 through the TorchScript cast; untested on a GPU so far)
step grpo-lora-bf16 120 bench hf-grpo --model "$model" --steps $STEPS --lora-rank 16 --group $GROUP --answer-tokens $ANSWER --device $DEVICE --dtype bfloat16
step bench-0.5b-bf16 180 bench hf --preset qwen2.5-0.5b --dtype bfloat16 "${shape[@]}" --gradient-checkpointing --json
say "== done, $failures step(s) failed; GPU fp16 tensor-core peak for MFU: divide train_matmul_tflops_per_s (bench-0.5b) by the card's dense fp16 peak"
[ "$failures" = 0 ]
