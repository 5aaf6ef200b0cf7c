#!/bin/bash
# Samples an `rwb sft` (kb-search level 3) every 5 s: RSS, peak RSS since the last sample (VmHWM, reset
# through /proc/PID/clear_refs), JVM heap committed/used (jstat) and the JVM's own native memory (NMT).
# usage: bench/rss-probe.sh LABEL MINUTES [VAR=value ...]   (run from anywhere; writes /tmp/soak/LABEL.csv)
label=$1; mins=$2; shift 2
cd "$(dirname "$0")/.."; mkdir -p /tmp/soak
rm -rf /tmp/soak/ws-$label /tmp/soak/$label.db
env "$@" RWB_JAVA_OPTS="-XX:NativeMemoryTracking=summary ${EXTRA_OPTS:-}" ./rwb sft --task kb-search --level 3 --steps 1000000 --minutes $mins --out /tmp/soak/ws-$label --db /tmp/soak/$label.db --json > /tmp/soak/$label.out 2> /tmp/soak/$label.err &
sleep 2
pid=$(pgrep -f "ws-$label" | head -1)
echo "t,peak_rss_mb_since_last_sample,rss_mb,heap_committed_mb,heap_used_mb,nmt_committed_mb,load1" > /tmp/soak/$label.csv
start=$(date +%s)
while kill -0 $pid 2>/dev/null; do
  rss=$(ps -o rss= -p $pid 2>/dev/null); hwm=$(grep VmHWM /proc/$pid/status 2>/dev/null | awk "{print \$2}"); echo 5 > /proc/$pid/clear_refs 2>/dev/null
  gc=$(jstat -gc $pid 2>/dev/null | tail -1)
  hc=$(echo $gc | awk '{printf "%.0f", ($1+$2+$5+$7)/1024}')
  hu=$(echo $gc | awk '{printf "%.0f", ($3+$4+$6+$8)/1024}')
  nmt=$(jcmd $pid VM.native_memory summary 2>/dev/null | grep -m1 "^Total" | sed 's/.*committed=\([0-9]*\)KB.*/\1/')
  echo "$(( $(date +%s)-start )),$(( ${hwm:-0}/1024 )),$((rss/1024)),$hc,$hu,$(( ${nmt:-0}/1024 )),$(cut -d' ' -f1 /proc/loadavg)" >> /tmp/soak/$label.csv
  sleep 5
done
