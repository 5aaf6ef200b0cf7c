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
if [ -z "${PYTORCH_LIBRARY_PATH:-}" ]; then
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
[ -n "${PYTORCH_LIBRARY_PATH:-}" ] && export LD_LIBRARY_PATH="$PYTORCH_LIBRARY_PATH:${LD_LIBRARY_PATH:-}"
export OPT_OUT_TRACKING=true
export ENGINE_CACHE_DIR="${ENGINE_CACHE_DIR:-$HOME/.cache/rollout-workbench/djl}"

if [ ! -f engine/target/engine.jar ] || [ ! -d engine/target/lib ]; then
  say "building engine (mvn package -DskipTests)"
  mvn -B -q -o -DskipTests -pl engine -am package >&2
fi
cp=engine/target/engine.jar
for j in engine/target/lib/*.jar; do
  case "$j" in *pytorch-native-cpu*) ;; *) cp="$cp:$j" ;; esac
done
RWB=(java -Dai.djl.offline=$offline -cp "$cp" dev.rwb.engine.cli.Rwb)

step() {  # step NAME SECONDS ARGS...: runs rwb ARGS with a time limit, stdout to $OUT/NAME.json
  local name="$1" limit="$2"; shift 2
  local t0=$SECONDS code=0
  timeout "$limit" "${RWB[@]}" "$@" > "$OUT/$name.json" 2> "$OUT/$name.log" || code=$?
  if [ "$code" = 0 ]; then
    say "$name: ok in $((SECONDS - t0))s: $(tail -n 1 "$OUT/$name.json" | cut -c1-600)"
  else
    say "$name: FAILED (exit $code after $((SECONDS - t0))s), see $OUT/$name.log: $(tail -n 3 "$OUT/$name.log" | tr '\n' ' ')"
  fi
}

model="$OUT/qwen2.5-0.5b-random"
step random-model 120 random-model --preset qwen2.5-0.5b --dtype bf16 --out "$model"
python3 -c 'import json,random; random.seed(0); print(json.dumps([random.randrange(151936) for _ in range(512)]))' > "$OUT/ids.json" \
  || awk 'BEGIN{srand(0); printf "["; for(i=0;i<512;i++){printf "%s%d", (i?",":""), int(rand()*151936)}; print "]"}' > "$OUT/ids.json"
head -c 200 "$OUT/ids.json" | tr -d '[]' | tr ',' ' ' | tr -s ' ' | cut -d' ' -f1-32 > "$OUT/prompt-ids.txt"
step score 120 score --model "$model" --ids-file "$OUT/ids.json" --device gpu --dtype float16 --json
step generate 120 generate --model "$model" --prompt-ids-file "$OUT/prompt-ids.txt" --max-new-tokens 64 --temperature 0 --device gpu --dtype float16 --json
step grpo-lora 180 bench hf-grpo --model "$model" --steps 5 --lora-rank 16 --group 8 --answer-tokens 32 --device gpu --dtype float16
step bench-0.5b 180 bench hf --preset qwen2.5-0.5b --dtype float16 --batch 8 --seq 512 --decode-batch 8 --json
step bench-mini 90 bench hf --preset mini --dtype float16 --json
# bfloat16 mixed precision (frozen base in bfloat16 through the TorchScript cast; untested on a GPU so far)
step grpo-lora-bf16 120 bench hf-grpo --model "$model" --steps 5 --lora-rank 16 --group 8 --answer-tokens 32 --device gpu --dtype bfloat16
step bench-0.5b-bf16 180 bench hf --preset qwen2.5-0.5b --dtype bfloat16 --batch 8 --seq 512 --decode-batch 8 --gradient-checkpointing --json
say "== done; GPU fp16 tensor-core peak for MFU: divide train_matmul_tflops_per_s (bench-0.5b) by the card's dense fp16 peak"
