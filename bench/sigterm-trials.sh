#!/bin/bash
# SIGTERM `rwb sft` (kb-search level 3) N times at random moments and count native crashes (issue 17).
# usage: bench/sigterm-trials.sh LABEL TREE N   (TREE: a checkout with engine/target built by ./rwb or mvn package)
label=$1; tree=$2; n=$3
out=${OUT:-/tmp/sigterm-trials}/$label; mkdir -p $out
export OPT_OUT_TRACKING=true ENGINE_CACHE_DIR=$HOME/.cache/rollout-workbench/djl
for i in $(seq 1 $n); do
  rm -rf $out/ws-$i $out/db-$i.db
  java -XX:ErrorFile=$out/hs_err_%p.log -Dai.djl.offline=true -cp "$tree/engine/target/engine.jar:$tree/engine/target/lib/*" dev.rwb.engine.cli.Rwb \
     sft --task kb-search --level 3 --steps 1000 --out $out/ws-$i --db $out/db-$i.db > $out/run-$i.out 2> $out/run-$i.err &
  pid=$!
  # wait until the warm start is under way (model line printed), then a random 5-40 s more
  for k in $(seq 1 120); do grep -q "parameters" $out/run-$i.err 2>/dev/null && break; sleep 1; done
  d=$(( 5 + RANDOM % 36 )); sleep $d
  kill -TERM $pid; wait $pid; rc=$?
  echo "$label trial $i: SIGTERM ${d}s after the model line, rc $rc, hs_err files: $(ls $out/hs_err_* 2>/dev/null | wc -l), load $(cut -d' ' -f1 /proc/loadavg)" | tee -a $out/summary.txt
done
