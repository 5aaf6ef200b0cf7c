#!/bin/bash
# Samples one `rwb sft --task kb-search --level 3` every 10 s (issue 17's soak criterion): RSS, the peak RSS
# since the previous sample (VmHWM, reset through /proc/PID/clear_refs), the process's CPU seconds
# (utime + stime) and the load average; with NMT=1 also the JVM heap (jstat) and the JVM's own native
# memory (Native Memory Tracking). Every stderr line of the run (its "warm start step N/M" lines every
# 50 steps) is written with the elapsed seconds and CPU seconds at which it appeared, so CPU s per step
# is the CPU difference between two progress lines divided by their step difference.
# usage: bench/rss-probe.sh LABEL MINUTES [TREE] [VAR=value ...]
#   TREE: a checkout with engine/target built (default: this one); VAR=value: environment of the run
#   writes /tmp/soak/LABEL.csv (samples), LABEL.log (timed stderr), LABEL.out (the --json result)
label=$1; mins=$2; tree=$(cd "${3:-$(dirname "$0")/..}" && pwd); shift 3 2>/dev/null || shift $#
mkdir -p /tmp/soak; rm -rf /tmp/soak/ws-$label /tmp/soak/$label.db*
export OPT_OUT_TRACKING=true ENGINE_CACHE_DIR=$HOME/.cache/rollout-workbench/djl
opts="-Dai.djl.offline=true ${EXTRA_OPTS:-}"; [ "${NMT:-0}" = 1 ] && opts="$opts -XX:NativeMemoryTracking=summary"
tck=$(getconf CLK_TCK)
cpu_s() { awk -v t=$tck '{printf "%.1f", ($14+$15)/t}' /proc/$1/stat 2>/dev/null; }
env "$@" ${NICE:-nice -n 5} java $opts -cp "$tree/engine/target/engine.jar:$tree/engine/target/lib/*" dev.rwb.engine.cli.Rwb \
  sft --task kb-search --level 3 --steps ${STEPS:-1000000} --minutes $mins ${SFT_ARGS:-} --out /tmp/soak/ws-$label \
  --db /tmp/soak/$label.db --json > /tmp/soak/$label.out 2> /tmp/soak/$label.err &
pid=$!
start=$(date +%s)
( tail -n +1 -F /tmp/soak/$label.err 2>/dev/null | while IFS= read -r line; do
    echo "$(( $(date +%s)-start )),$(cpu_s $pid),$line"; done > /tmp/soak/$label.log ) &
tailer=$!
echo "t,rss_mb,peak_rss_mb_since_last_sample,cpu_s,heap_committed_mb,heap_used_mb,nmt_committed_mb,load1" > /tmp/soak/$label.csv
while kill -0 $pid 2>/dev/null; do
  rss=$(awk '/VmRSS/{print $2}' /proc/$pid/status 2>/dev/null); hwm=$(awk '/VmHWM/{print $2}' /proc/$pid/status 2>/dev/null)
  echo 5 > /proc/$pid/clear_refs 2>/dev/null; cpu=$(cpu_s $pid); hc=; hu=; nmt=
  if [ "${NMT:-0}" = 1 ]; then
    gc=$(jstat -gc $pid 2>/dev/null | tail -1)
    hc=$(echo $gc | awk '{printf "%.0f", ($1+$2+$5+$7)/1024}'); hu=$(echo $gc | awk '{printf "%.0f", ($3+$4+$6+$8)/1024}')
    nmt=$(jcmd $pid VM.native_memory summary 2>/dev/null | grep -m1 "^Total" | sed 's/.*committed=\([0-9]*\)KB.*/\1/')
    nmt=$(( ${nmt:-0}/1024 ))
  fi
  [ -n "$rss" ] && echo "$(( $(date +%s)-start )),$((rss/1024)),$(( ${hwm:-0}/1024 )),$cpu,$hc,$hu,$nmt,$(cut -d' ' -f1 /proc/loadavg)" >> /tmp/soak/$label.csv
  sleep 10
done
wait $pid; echo "rc $?" >> /tmp/soak/$label.log
sleep 1; pkill -P $tailer 2>/dev/null; kill $tailer 2>/dev/null
