#!/usr/bin/env bash
# Regenerates the three real-Redis RDB samples of this folder with a local redis-server
# (Debian 12's 7.0.15: apt-get install redis-server redis-tools). See README.md beside this
# script: the committed .rdb files are the originals, and a run of this script produces
# equivalent files, not byte-identical ones (ctime, used-mem, key order, LFU counters and the
# stream PEL/consumer times come from the clock and from the server's hash seed).
#
# Usage: generate.sh [OUT_DIR]     (default: the folder of this script)
#
# Each file gets a fresh redis-server on 127.0.0.1, on a free high port, with an empty
# temporary data directory, no save points and no AOF. The recipe's commands are run with
# redis-cli, then SAVE; redis-check-rdb must accept the result before it is copied to OUT_DIR.
# Only the servers this script started are stopped (by PID), also on error or Ctrl-C.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
out="${1:-$here}"
mkdir -p "$out"
out="$(cd "$out" && pwd)"

for tool in redis-server redis-cli redis-check-rdb sha256sum; do
  command -v "$tool" >/dev/null 2>&1 || { echo "generate.sh: $tool not found" >&2; exit 1; }
done
version="$(redis-server --version)"
case "$version" in
  *"v=7.0."*) ;;
  *) echo "generate.sh: warning: the samples were made with 7.0.15; this is: $version" >&2 ;;
esac

work="$(mktemp -d "${TMPDIR:-/tmp}/rdb-samples.XXXXXX")"
pid=""
port=""

stop_server() {
  if [[ -n "$pid" ]]; then
    if kill -0 "$pid" 2>/dev/null; then
      kill "$pid" 2>/dev/null || true
    fi
    wait "$pid" 2>/dev/null || true
    pid=""
  fi
}
cleanup() {
  stop_server
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

port_in_use() {
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

# start_server DIR [extra redis-server flags...]: sets pid and port.
start_server() {
  local dir="$1"
  shift
  mkdir -p "$dir"
  local attempt
  for attempt in $(seq 1 20); do
    port=$((20000 + RANDOM % 40000))
    if port_in_use "$port"; then
      continue
    fi
    redis-server --port "$port" --bind 127.0.0.1 --dir "$dir" --dbfilename dump.rdb \
      --save "" --appendonly no --daemonize no "$@" >"$dir/redis.log" 2>&1 &
    pid=$!
    local i
    for i in $(seq 1 200); do
      if ! kill -0 "$pid" 2>/dev/null; then
        break
      fi
      if [[ "$(redis-cli -h 127.0.0.1 -p "$port" ping 2>/dev/null || true)" == "PONG" ]]; then
        return 0
      fi
      sleep 0.05
    done
    if kill -0 "$pid" 2>/dev/null; then
      echo "generate.sh: redis-server (pid $pid) did not answer PING on port $port" >&2
      cat "$dir/redis.log" >&2
      exit 1
    fi
    wait "$pid" 2>/dev/null || true
    pid=""
    if ! grep -q "Address already in use" "$dir/redis.log"; then
      echo "generate.sh: redis-server exited at startup:" >&2
      cat "$dir/redis.log" >&2
      exit 1
    fi
    # Lost a race for the port: try another one.
  done
  echo "generate.sh: no free port found" >&2
  exit 1
}

# R ARGS...: one redis-cli command against the current server; an error reply fails the script.
R() {
  local reply
  reply="$(redis-cli --no-raw -h 127.0.0.1 -p "$port" "$@")"
  if grep -q '^(error)' <<<"$reply"; then
    echo "generate.sh: redis-cli $*: $reply" >&2
    exit 1
  fi
}

# finish NAME DIR: SAVE, check the dump with redis-check-rdb, copy it to OUT_DIR/NAME, stop the server.
finish() {
  local name="$1" dir="$2"
  R save
  stop_server
  local check
  if ! check="$(redis-check-rdb "$dir/dump.rdb" 2>&1)" || ! grep -q 'RDB looks OK' <<<"$check"; then
    echo "generate.sh: redis-check-rdb rejected $name:" >&2
    echo "$check" >&2
    exit 1
  fi
  cp "$dir/dump.rdb" "$out/$name"
  echo "$name: $(wc -c <"$out/$name") bytes, redis-check-rdb OK"
}

repeat() { # repeat CHAR N
  local s
  printf -v s '%*s' "$2" ''
  printf '%s' "${s// /$1}"
}

# 300 printable bytes with no repeated 3-byte sequence: the README's LCG generator
# (bash arithmetic is 64-bit, enough for x * 1103515245 with x < 2^31).
incompressible300() {
  local -a codes=()
  local -A seen=()
  local x=1 c n tri
  while ((${#codes[@]} < 300)); do
    x=$(((x * 1103515245 + 12345) & 0x7fffffff))
    c=$((33 + (x >> 16) % 94))
    n=${#codes[@]}
    if ((n >= 2)); then
      tri="${codes[n - 2]}.${codes[n - 1]}.$c"
      [[ -n "${seen[$tri]:-}" ]] && continue
      seen[$tri]=1
    fi
    codes+=("$c")
  done
  local s="" code
  for code in "${codes[@]}"; do
    printf -v code '%03o' "$code"
    printf -v code "\\$code"
    s+="$code"
  done
  printf '%s' "$s"
}

len14="$(incompressible300)"
if [[ "$(printf '%s' "$len14" | sha256sum | cut -d' ' -f1)" \
      != 360ff8c7c58c2ae879dc99d30925a206d8643f5886109d127d33f7d4042a1989 ]]; then
  echo "generate.sh: the 300-byte incompressible string does not match its SHA-256" >&2
  exit 1
fi

# --- 1. v10_strings_small.rdb (defaults) --------------------------------------------------
dir="$work/strings_small"
start_server "$dir"
R set s:int8 100
R set s:neg -5
R set s:min8 -128
R set s:int16 1000
R set s:min16 -32768
R set s:int32 100000
R set s:max32 2147483647
R set s:min32 -2147483648
R set s:over32 2147483648
R set s:bigint 12345678901234
R set s:lead0 007
R set s:empty ""
R set s:short hello
R set s:lzf "$(repeat a 100)"
R set s:lorem "Lorem ipsum dolor sit amet, Lorem ipsum dolor sit amet, Lorem ipsum dolor sit amet"
R set s:len14 "$len14"
R set s:utf8 "héllo wörld"
printf 'a\x00b\r\n\xff' | R -x set s:bin
R set s:exp-ms v PXAT 4102444800123
R set s:exp-s v EXAT 4102444800
R rpush list:tiny a b c
R rpush list:small a 1 -1 1000 30000 100000 100000000 5000000000 -5000000000 "hello world" \
  "$(repeat x 70)" "$(repeat y 200)"
R hset hash:small f1 v1 f2 v2 num 42
R sadd set:int16 1 2 3 -5
R sadd set:int32 100000 -100000 7
R sadd set:int64 5000000000 1
R sadd set:strs apple banana cherry
R zadd zset:small 1 a 2.5 b -3 c inf d -inf e 1e100 f 0.1 g
finish v10_strings_small.rdb "$dir"

# --- 2. v10_large.rdb (defaults) ------------------------------------------------------------
dir="$work/large"
start_server "$dir"
args=()
for i in $(seq 0 1999); do args+=("$(printf 'item-%04d' "$i")"); done
R rpush list:big "${args[@]}"
args=()
for i in $(seq 0 599); do args+=("$(printf 'field-%04d' "$i")" "$(printf 'value-%04d' "$i")"); done
R hset hash:big "${args[@]}"
R hset hash:bigval small 1 big "$(repeat z 100)"
# shellcheck disable=SC2046 # word splitting wanted: one member per number
R sadd set:big $(seq 0 599)
args=()
for i in $(seq 0 199); do args+=("$(printf 'member-%03d' "$i")"); done
R sadd set:bigstr "${args[@]}"
# shellcheck disable=SC2046
R zadd zset:big $(awk 'BEGIN{for(i=0;i<200;i++) printf "%s m-%03d ", i*1.5, i}')
R zadd zset:bigval 1 "$(repeat w 100)" -inf neg inf pos 3.25 mid
finish v10_large.rdb "$dir"

# --- 3. v10_stream_multidb_lfu_nochecksum.rdb (no checksum, no compression, LFU) -----------
dir="$work/stream_multidb"
start_server "$dir" --rdbchecksum no --rdbcompression no --list-compress-depth 1 \
  --maxmemory-policy allkeys-lfu
R function load "#!lua name=mylib
redis.register_function('myfunc', function(keys, args) return args[1] end)"
R xadd mystream 1700000000000-0 name Alice age 30
R xadd mystream 1700000000000-1 name Bob age 25
R xadd mystream 1700000000001-0 city Paris
R xadd mystream 1700000000002-0 name Carol age 41
R xdel mystream 1700000000000-1
R xgroup create mystream grp 0
R xreadgroup group grp alice count 2 streams mystream '>'
R xgroup createconsumer mystream grp bob
R xgroup create mystream grp2 '$'
R xgroup create emptystream g '$' mkstream
R set k:db0 hello PXAT 4102444800000
R set s:lzf-off "$(repeat a 100)"
args=()
for i in $(seq 0 1999); do args+=("$(printf 'item-%04d' "$i")"); done
R rpush list:deep "${args[@]}"
R -n 1 set k:db1 one
R -n 1 hset h:db1 a 1 b 2
R -n 15 rpush k:db15 x y z
finish v10_stream_multidb_lfu_nochecksum.rdb "$dir"

if [[ "$out" == "$here" ]]; then
  echo "Replaced the committed originals with equivalent files. A few assertions pin the"
  echo "originals' CRC64 and stream times (see README.md): git checkout -- rdb/src/test/resources/rdb-samples"
  echo "restores them."
fi
