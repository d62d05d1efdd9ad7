# bench/truth.sh: the sections bench/run prints after its main table (sourced by
# bench/run, which defines CUR_JAR, JAVA_OPTS, WORK, ROOT, FILES, REPEAT,
# TIMEOUT, GNU_TIME, EXAMPLES, say and note).  What each section measures and
# why is in bench/README.md ("What the sections after the table say").
# Everything here is a whole process or a ratio measured side by side in this
# run; nothing is asserted.

# json FILE KEY: a top-level number or string of the first JSON line of FILE
json() {
  python3 - "$1" "$2" <<'PY' 2>/dev/null
import json, sys
try:
    line = next(l for l in open(sys.argv[1]) if l.startswith("{"))
    d = json.loads(line)
    k = sys.argv[2]
    if k == "live_seconds":
        v = (d.get("liveness") or {}).get("seconds", "")
    else:
        v = d.get(k, "")
    print("" if v is None else v)
except Exception:
    print("")
PY
}

# wall PREFIX cmd...: runs a whole process; sets W (wall s), R (peak RSS KiB or -), RC
wall() {
  local o=$1 t0 t1; shift
  t0=$(date +%s.%N)
  if [ -n "$GNU_TIME" ]; then
    "$GNU_TIME" -f '%M' -o "$o.rss" timeout "$TIMEOUT" "$@" >"$o" 2>"$o.err"
  else
    timeout "$TIMEOUT" "$@" >"$o" 2>"$o.err"
  fi
  RC=$?
  t1=$(date +%s.%N)
  W=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", b - a }')
  R=-
  [ -n "$GNU_TIME" ] && [ -s "$o.rss" ] && R=$(tail -1 "$o.rss" | tr -dc 0-9)
  [ -z "$R" ] && R=-
}

fmt3() { awk -v x="$1" 'BEGIN { if (x == "") print "-"; else printf "%.3f", x }'; }
min3() { printf '%s\n' "$@" | sort -g | head -1; }
# med x...: the median of the non-empty numbers given (the lower one of an even count)
med() { printf '%s\n' "$@" | grep -E '^[0-9.]+$' | sort -g | awk '{ a[NR] = $1 } END { if (NR > 0) print a[int((NR + 1) / 2)] }'; }
div() { awk -v a="$1" -v b="$2" 'BEGIN { if (a + 0 > 0 && b + 0 > 0) printf "%.2f", a / b; else print "-" }'; }
mib() { awk -v k="$1" 'BEGIN { if (k + 0 > 0) printf "%.0f", k / 1024; else print "-" }'; }
commas() { awk -v x="$1" 'BEGIN { if (x == "" || x == "-") { print "-"; exit } x = sprintf("%.0f", x); s = "";
  while (length(x) > 3) { s = "," substr(x, length(x) - 2) s; x = substr(x, 1, length(x) - 3) } print x s }'; }

# over1 X: whether the number X is above 1 (a search over 1 s)
over1() { awk -v s="$1" 'BEGIN { exit !(s + 0 > 1) }'; }
# plus A B: A + B, an empty B counting 0 (no liveness pass)
plus() { awk -v a="$1" -v b="$2" 'BEGIN { if (a == "") print ""; else printf "%.3f", a + b }'; }

# why_over BENCHJSON COLD: why a search that took COLD s (safety + liveness, cold check) took over
# 1 s: the "why" of `schedcheck bench --json --repeat K` (SearchCost in the app, which tells JIT
# warm-up from search by the warm runs); "-" when COLD is within 1 s and bench agrees
why_over() {
  local j=$1 cold=$2 why cause
  why=$(json "$j" why); cause=$(json "$j" cause)
  if [ -n "$why" ]; then echo "$why"
  elif over1 "$cold"; then
    if [ -n "$cause" ]; then echo "under 1 s in bench's own first run ($(fmt3 "$(json "$j" cold_seconds)") s): the cold check's $cold s was load or start-up noise"
    else echo "? (no bench figures)"; fi
  else echo "-"; fi
}

# truth_parallel DIR: the 2-core speed-up table, warm and cold (uses FILES, REPEAT, CUR_JAR, JAVA_OPTS)
truth_parallel() {
  local d=$1 plain="$JAVA_OPTS" name
  say "truth: parallel search speed-up"
  echo
  echo "### Parallel breadth-first search: speed-up of \`--workers 2\` over \`--workers 1\` ($(nproc) cpus, load average $(cut -d' ' -f1-3 /proc/loadavg) at the start)"
  echo
  echo "Warm: \`bench --repeat $REPEAT\`, the fastest search of each JVM. Cold: \`check --json\` (what a user runs), one whole"
  echo "process each, the two alternating $REPEAT times; medians of the JSON's \`seconds\` (the search alone) and of the"
  echo "whole process (start-up and the liveness pass included, which stay single-threaded)."
  echo
  echo "| scenario | states (1 worker) | states (2 workers) | warm s, 1 worker | warm s, 2 workers | warm speed-up | cold search s, 1 / 2 workers | cold search speed-up | cold process s, 1 / 2 workers | cold process speed-up |"
  echo "|---|---|---|---|---|---|---|---|---|---|"
  local o1 o2 st1 st2 t1 t2 i c1s c2s c1w c2w
  for f in "${FILES[@]}"; do
    name=$(basename "$f" .yaml)
    wall "$d/w1" java $plain -jar "$CUR_JAR" bench --json --repeat "$REPEAT" --workers 1 "$f"
    wall "$d/w2" java $plain -jar "$CUR_JAR" bench --json --repeat "$REPEAT" --workers 2 "$f"
    st1=$(json "$d/w1" states); st2=$(json "$d/w2" states); t1=$(json "$d/w1" seconds); t2=$(json "$d/w2" seconds)
    c1s=(); c2s=(); c1w=(); c2w=()
    for ((i = 0; i < REPEAT; i++)); do
      wall "$d/c1" java $plain -jar "$CUR_JAR" check --json --workers 1 "$f"; c1w+=("$W"); c1s+=("$(json "$d/c1" seconds)")
      [ "$(json "$d/c1" states)" != "$st1" ] && st1="$st1 / $(json "$d/c1" states)"
      wall "$d/c2" java $plain -jar "$CUR_JAR" check --json --workers 2 "$f"; c2w+=("$W"); c2s+=("$(json "$d/c2" seconds)")
      [ "$(json "$d/c2" states)" != "$st2" ] && st2="$st2 / $(json "$d/c2" states)"
    done
    local m1s m2s m1w m2w
    m1s=$(med "${c1s[@]}"); m2s=$(med "${c2s[@]}"); m1w=$(med "${c1w[@]}"); m2w=$(med "${c2w[@]}")
    local s2txt; s2txt=$(commas "$st2")
    [ "$st1" != "$st2" ] && s2txt="**$st2 (DIFFERS from $st1)**"
    echo "| $name | $(commas "$st1") | $s2txt | $(fmt3 "$t1") | $(fmt3 "$t2") | $(div "$t1" "$t2") | $(fmt3 "$m1s") / $(fmt3 "$m2s") | $(div "$m1s" "$m2s") | $(fmt3 "$m1w") / $(fmt3 "$m2w") | $(div "$m1w" "$m2w") |"
  done
  echo
  echo "Load average at the end: $(cut -d' ' -f1-3 /proc/loadavg) (a loaded machine leaves the second worker nothing to run on)."
}

truth_sections() {
  local d=$WORK/truth; mkdir -p "$d"
  local plain="$JAVA_OPTS" cds c1 jsa=$d/schedcheck.jsa
  # ---------------------------------------------------------------- start-up and CDS
  say "truth: JVM start-up, AppCDS archive"
  local train=${FILES[0]}
  for f in "${FILES[@]}"; do case $f in *futex-mutex*) train=$f ;; esac; done
  java -XX:ArchiveClassesAtExit="$jsa" $JAVA_OPTS -jar "$CUR_JAR" check --json "$train" >"$d/train.out" 2>"$d/train.err"
  if [ -s "$jsa" ]; then
    cds="$JAVA_OPTS -XX:SharedArchiveFile=$jsa"
    c1="$cds -XX:TieredStopAtLevel=1"
  else
    note "truth: no AppCDS archive could be created ($(head -c 160 "$d/train.err" | tr '\n' ' ')): CDS columns show the plain JVM"
    cds="$JAVA_OPTS"; c1="$JAVA_OPTS -XX:TieredStopAtLevel=1"
  fi
  local s_plain=() s_cds=() s_c1=() s_bare=() i
  for i in 1 2 3; do
    wall "$d/su" java $plain -jar "$CUR_JAR" help; s_plain+=("$W")
    wall "$d/su" java $cds -jar "$CUR_JAR" help; s_cds+=("$W")
    wall "$d/su" java $c1 -jar "$CUR_JAR" help; s_c1+=("$W")
    wall "$d/su" java -Xshare:auto -version; s_bare+=("$W")
  done
  local sp sc s1 sb
  sp=$(min3 "${s_plain[@]}"); sc=$(min3 "${s_cds[@]}"); s1=$(min3 "${s_c1[@]}"); sb=$(min3 "${s_bare[@]}")
  echo
  echo "### JVM start-up (whole process, best of 3: \`java OPTS -jar schedcheck.jar help\`)"
  echo
  echo "| configuration | start-up s | ÷ plain |"
  echo "|---|---|---|"
  echo "| \`java -version\` alone (the JDK's own floor, its default CDS archive) | $sb | $(div "$sb" "$sp") |"
  echo "| plain ($plain) | $sp | 1.00 |"
  echo "| + AppCDS archive of schedcheck's classes (-XX:SharedArchiveFile) | $sc | $(div "$sc" "$sp") |"
  echo "| + AppCDS + C1 only (-XX:TieredStopAtLevel=1) | $s1 | $(div "$s1" "$sp") |"

  # ---------------------------------------------------------------- cold check runs
  say "truth: cold check runs"
  echo
  echo "### Cold \`check\` (what a user waits for: one whole process per run) next to the warm search"
  echo
  echo "| scenario | verdict | states | warm search s (bench, best of $REPEAT) | cold search s | cold liveness s | whole process s: plain | AppCDS | AppCDS + C1 | start-up share (plain) | peak RSS MiB | bytes/state (peak RSS) | cold states/s (whole process, plain) | why search + liveness > 1 s |"
  echo "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|"
  local f name verdict states secs live wp wc w1 rss warm slow_scen=0
  for f in "${FILES[@]}"; do
    name=$(basename "$f" .yaml)
    warm=$(awk -F'\t' -v k="$name" '$1 == k && $3 == "current" { print $6; exit }' "$RES")
    wall "$d/cold" java $plain -jar "$CUR_JAR" check --json "$f"; wp=$W; rss=$R
    verdict=$(json "$d/cold" verdict); states=$(json "$d/cold" states); secs=$(json "$d/cold" seconds)
    live=$(json "$d/cold" live_seconds)
    wall "$d/coldc" java $cds -jar "$CUR_JAR" check --json "$f"; wc=$W
    wall "$d/cold1" java $c1 -jar "$CUR_JAR" check --json "$f"; w1=$W
    # why: from the main table's bench run of the current build (bench/run keeps its JSON)
    local why; why=$(why_over "$WORK/json/$name.json" "$(plus "$secs" "$live")")
    [ "$why" != - ] && slow_scen=$((slow_scen + 1))
    echo "| $name | ${verdict:-?} | $(commas "$states") | $(fmt3 "$warm") | ${secs:--} | ${live:--} | $wp | $wc | $w1 | $(div "$sp" "$wp") | $(mib "$rss") | $(commas "$(awk -v r="$rss" -v s="$states" 'BEGIN { if (r + 0 > 0 && s + 0 > 0) print r * 1024 / s; else print "-" }')") | $(commas "$(awk -v s="$states" -v w="$wp" 'BEGIN { if (s + 0 > 0 && w + 0 > 0) print s / w; else print "-" }')") | $why |"
  done
  echo
  echo "$slow_scen of ${#FILES[@]} bench scenarios search (safety search + liveness pass, cold) for more than 1 s; the last column says why"
  echo "(\`schedcheck bench\`'s \`why\`, from its best-of-$REPEAT run: JIT warm-up when a warm run is within 1 s, else cut by a limit,"
  echo "liveness pass (half the time or more), per-state cost (under 100,000 states/s) or state space; see bench/README.md)."

  # ---------------------------------------------------------------- 2-core speed-up
  truth_parallel "$d"

  # ---------------------------------------------------------------- reduction factors
  say "truth: reduction factors"
  java $plain -jar "$CUR_JAR" check --help >"$d/help.txt" 2>&1
  local sw switches=(--no-reduction --movers --por --no-symmetry) present=() absent=()
  for sw in "${switches[@]}"; do
    if grep -q -- "$sw\b" "$d/help.txt"; then present+=("$sw"); else absent+=("$sw"); fi
  done
  echo
  echo "### Reduction factor of each technique (states with the switch ÷ states by default; verdicts compared)"
  echo
  if [ ${#present[@]} -eq 0 ]; then
    echo "No reduction switch exists in this build (looked for ${switches[*]})."
  else
    local hdr="| scenario | states (default) |" sep="|---|---|"
    for sw in "${present[@]}"; do hdr="$hdr states $sw | factor | same verdict |"; sep="$sep---|---|---|"; done
    echo "$hdr"; echo "$sep"
    # the bench scenarios, then the shipped examples with interchangeable tasks (symmetry's
    # factors: tasks, and cpus when every task may run on every cpu)
    local scen=("${FILES[@]}") ex
    for ex in atomic-counter racy-counter racy-critical-section futex-mutex-broken proxy/many-waiters; do
      [ -f "$ROOT/examples/$ex.yaml" ] && scen+=("$ROOT/examples/$ex.yaml")
    done
    local skipped=()
    for f in "${scen[@]}"; do
      name=$(basename "$f" .yaml)
      # no reduction applies at kernel.detail: syscall (the reference has its own steps)
      if grep -qE '^ *detail: *syscall' "$f"; then skipped+=("$name"); continue; fi
      wall "$d/r0" java $plain -jar "$CUR_JAR" check --json "$f"
      local s0 v0 line
      s0=$(json "$d/r0" states); v0=$(json "$d/r0" verdict)
      line="| $name | $(commas "$s0") |"
      for sw in "${present[@]}"; do
        wall "$d/r1" java $plain -jar "$CUR_JAR" check --json "$sw" "$f"
        local s1v v1
        s1v=$(json "$d/r1" states); v1=$(json "$d/r1" verdict)
        line="$line $(commas "$s1v") | $(div "$s1v" "$s0") | $([ "$v1" = "$v0" ] && echo yes || echo "**NO ($v1)**") |"
      done
      echo "$line"
    done
    [ ${#skipped[@]} -gt 0 ] && { echo; echo "Not run at \`kernel.detail: syscall\` (no reduction applies there): ${skipped[*]}."; }
  fi
  if [ ${#absent[@]} -gt 0 ]; then echo; echo "Switches not in this build (no column): ${absent[*]}."; fi

  # ---------------------------------------------------------------- every example
  [ "$EXAMPLES" = 1 ] || return 0
  say "truth: every shipped example"
  echo
  echo "### Every shipped example: time to verdict (cold \`check --json\`, AppCDS, one process each)"
  echo
  echo "| example | expect | verdict | as expected | states | search s | liveness s | whole process s | over 1 s? (search + liveness) | why (\`bench --repeat $REPEAT\`) |"
  echo "|---|---|---|---|---|---|---|---|---|---|"
  local over=0 total=0 jit=0 ex rel exp asx
  while IFS= read -r ex; do
    rel=${ex#"$ROOT"/}
    wall "$d/ex" java $cds -jar "$CUR_JAR" check --json "$ex"
    verdict=$(json "$d/ex" verdict); states=$(json "$d/ex" states); secs=$(json "$d/ex" seconds)
    live=$(json "$d/ex" live_seconds); exp=$(json "$d/ex" expect); asx=$(json "$d/ex" as-expected)
    total=$((total + 1))
    local slow="" why="-" both wp=$W
    both=$(plus "$secs" "$live")
    if over1 "$both"; then
      slow="**$both s**"; over=$((over + 1))
      # the same search warm: best of REPEAT in one JVM tells JIT warm-up from search
      wall "$d/exb" java $cds -jar "$CUR_JAR" bench --json --repeat "$REPEAT" "$ex"
      why=$(why_over "$d/exb" "$both")
      case $(json "$d/exb" cause) in "JIT warm-up" | "under 1 s") jit=$((jit + 1)) ;; esac
    fi
    echo "| $rel | ${exp:--} | ${verdict:-FAILED rc=$RC} | ${asx:--} | $(commas "$states") | ${secs:--} | ${live:--} | $wp | $slow | $why |"
  done < <(find "$ROOT/examples" -name '*.yaml' | sort)
  echo
  echo "$over of $total examples search (safety search + liveness pass, cold) for more than 1 s; $jit of them only"
  echo "cold (JIT warm-up: a warm run in the same JVM is within 1 s, or bench's own first run was)."
}
