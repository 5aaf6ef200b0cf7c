#!/bin/bash
# Runs `rwb train --config CONFIG` under /usr/bin/time -v (niced) and samples it every 10 s: RSS, the peak
# RSS since the previous sample (VmHWM, reset through /proc/PID/clear_refs), its CPU seconds (utime + stime)
# and the load average. Every stdout line (the JSON progress events: warm-start steps, RL steps,
# evaluations) is written with the elapsed seconds and CPU seconds at which it appeared, so the wall and
# CPU time at any step of the run can be read off (e.g. at RL step 25 of a run continued to 300).
# usage: bench/train-soak.sh LABEL CONFIG [TREE]   (TREE: a checkout with engine/target built; default this one)
#   writes /tmp/soak/LABEL.csv (samples), LABEL.events (timed stdout), LABEL.err, LABEL.time (time -v)
label=$1; config=$(realpath "$2"); tree=$(cd "${3:-$(dirname "$0")/..}" && pwd)
mkdir -p /tmp/soak; rm -rf /tmp/soak/$label.db* /tmp/soak/$label.db-checkpoints
export OPT_OUT_TRACKING=true ENGINE_CACHE_DIR=$HOME/.cache/rollout-workbench/djl
tck=$(getconf CLK_TCK)
cpu_s() { awk -v t=$tck '{printf "%.1f", ($14+$15)/t}' /proc/$1/stat 2>/dev/null; }
nice -n ${NICE:-5} /usr/bin/time -v -o /tmp/soak/$label.time java -Dai.djl.offline=true \
  -cp "$tree/engine/target/engine.jar:$tree/engine/target/lib/*" dev.rwb.engine.cli.Rwb \
  train --config "$config" --db /tmp/soak/$label.db > /tmp/soak/$label.stdout 2> /tmp/soak/$label.err &
tpid=$!
start=$(date +%s)
for k in $(seq 1 50); do pid=$(pgrep -P $tpid java); [ -n "$pid" ] && break; sleep 0.2; done
( tail -n +1 -F /tmp/soak/$label.stdout 2>/dev/null | while IFS= read -r line; do
    echo "$(( $(date +%s)-start )),$(cpu_s $pid),$line"; done > /tmp/soak/$label.events ) &
tailer=$!
echo "t,rss_mb,peak_rss_mb_since_last_sample,cpu_s,load1" > /tmp/soak/$label.csv
while kill -0 $pid 2>/dev/null; do
  rss=$(awk '/VmRSS/{print $2}' /proc/$pid/status 2>/dev/null); hwm=$(awk '/VmHWM/{print $2}' /proc/$pid/status 2>/dev/null)
  echo 5 > /proc/$pid/clear_refs 2>/dev/null; cpu=$(cpu_s $pid)
  [ -n "$rss" ] && echo "$(( $(date +%s)-start )),$((rss/1024)),$(( ${hwm:-0}/1024 )),$cpu,$(cut -d' ' -f1 /proc/loadavg)" >> /tmp/soak/$label.csv
  sleep 10
done
wait $tpid; echo "rc $?" >> /tmp/soak/$label.events
sleep 1; pkill -P $tailer 2>/dev/null; kill $tailer 2>/dev/null
