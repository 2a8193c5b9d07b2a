# shellcheck shell=bash
# Small INI helpers (awk, fast enough to run hundreds of times per bring-up).

# ini_get FILE SECTION KEY: print the active value; exit 1 if not set.
ini_get() {
  awk -v sec="$2" -v key="$3" '
    function trim(s) { sub(/^[ \t]+/, "", s); sub(/[ \t]+$/, "", s); return s }
    /^[ \t]*\[[^]]*\][ \t]*$/ { s = $0; sub(/^[ \t]*\[/, "", s); sub(/\][ \t]*$/, "", s); cur = s; next }
    cur != sec { next }
    /^[ \t]*[#;]/ { next }
    index($0, "=") {
      k = trim(substr($0, 1, index($0, "=") - 1))
      if (k == key) { v = trim(substr($0, index($0, "=") + 1)); found = 1 }
    }
    END { if (found) { print v; exit 0 } exit 1 }
  ' "$1"
}

# ini_apply FILE EDITS: EDITS is a file of "SECTION<TAB>KEY<TAB>VALUE" lines.
# An active KEY line in SECTION is replaced; otherwise the line goes right
# after the commented-out default ("#KEY=..." / "# KEY = ..."), or at the end
# of the section, or in a new section at the end of the file. The file's own
# style (key=value or key = value) is kept.
ini_apply() {
  local tmp
  tmp=$(mktemp "$1.XXXXXX")
  awk -F'\t' '
    function trim(s) { sub(/^[ \t]+/, "", s); sub(/[ \t]+$/, "", s); return s }
    function is_header(l) { return l ~ /^[ \t]*\[[^]]*\][ \t]*$/ }
    function hname(l) { sub(/^[ \t]*\[/, "", l); sub(/\][ \t]*$/, "", l); return l }
    function insert_after(pos, text,   j) {
      for (j = n; j > pos; j--) L[j + 1] = L[j]
      L[pos + 1] = text; n++
    }
    function apply(sec, key, val,   i, cur, start, stop, active, commented, t, k, spaced, last) {
      cur = ""; start = 0; stop = n; active = 0; commented = 0; spaced = 0
      for (i = 1; i <= n; i++) {
        if (is_header(L[i])) {
          if (start && !stop_set) { stop = i - 1; stop_set = 1 }
          cur = hname(L[i]); if (cur == sec && !start) start = i
          continue
        }
        if (cur != sec) continue
        if (L[i] ~ /^[ \t]*[#;]/) {
          t = L[i]; sub(/^[ \t]*[#;]+[ \t]*/, "", t)
          if (index(t, "=")) {
            k = substr(t, 1, index(t, "=") - 1)
            if (trim(k) == key && k !~ /[ \t][^ \t]/ && !commented) { commented = i; spaced = (t ~ /^[^=]*[ \t]=/) }
          }
          continue
        }
        if (index(L[i], "=")) {
          k = trim(substr(L[i], 1, index(L[i], "=") - 1))
          if (k == key && !active) { active = i; spaced = (L[i] ~ /^[^=]*[ \t]=/) }
        }
      }
      stop_set = 0
      t = spaced ? key " = " val : key "=" val
      if (active) { L[active] = t; return }
      if (commented) { insert_after(commented, t); return }
      if (start) {
        last = start
        for (i = start + 1; i <= stop; i++) if (L[i] !~ /^[ \t]*$/) last = i
        insert_after(last, t); return
      }
      if (n > 0 && L[n] !~ /^[ \t]*$/) L[++n] = ""
      L[++n] = "[" sec "]"; L[++n] = t
    }
    NR == FNR { if ($0 != "") { ne++; es[ne] = $1; ek[ne] = $2; ev[ne] = $3 } next }
    { L[++n] = $0 }
    END {
      for (e = 1; e <= ne; e++) apply(es[e], ek[e], ev[e])
      for (i = 1; i <= n; i++) print L[i]
    }
  ' "$2" "$1" >"$tmp" && cat "$tmp" >"$1"
  rm -f "$tmp"
}
