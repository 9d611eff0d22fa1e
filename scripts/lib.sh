#!/usr/bin/env bash
# Shared by ./run-tests, ./run-server, ./run-benchmark and ./run-topology-benchmark.

SYSTEM_PACKAGES=(chromium firefox-esr coturn pulseaudio iproute2 util-linux ethtool nodejs)

# The server's JVM options, for ./run-server and ./run-load-test alike. G1 aims at 10 ms pauses
# (its default, 200 ms, let young collections of ~40 ms show as the tail of the clock-probe round
# trip under load).
SERVER_JVM_OPTIONS=(-XX:MaxGCPauseMillis=10)

say() { printf '\033[1m==> %s\033[0m\n' "$*"; }

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"
  elif command -v sudo >/dev/null; then sudo "$@"
  else echo "need root to run: $*" >&2; return 1
  fi
}

# Installs the browsers and tools the tests drive, from Debian's packages, if any is missing.
ensure_system_packages() {
  local missing=()
  for p in "${SYSTEM_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    say "installing ${missing[*]} (apt-get)"
    as_root apt-get update -q
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
  fi
  for tool in java mvn; do
    command -v "$tool" >/dev/null || { echo "$tool is required (Java 17 JDK and Maven 3.8+)" >&2; exit 1; }
  done
  if ! command -v npm >/dev/null; then
    say "installing npm (apt-get)"
    as_root apt-get update -q
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends npm
  fi
}

# Installs the scale test's pinned Node.js packages (@roamhq/wrtc) from its lock file.
ensure_scale_tools() {
  if ! cmp -s e2e-tests/scale/package-lock.json e2e-tests/scale/node_modules/.installed-from-lock 2>/dev/null; then
    say "installing the scale test's packages (npm ci)"
    (cd e2e-tests/scale && npm ci --no-audit --no-fund --loglevel=error && cp package-lock.json node_modules/.installed-from-lock)
  fi
}

# Installs the browser client's pinned dev tools (TypeScript for the type check) from
# web/package-lock.json, unless they are already there at the locked versions.
ensure_web_tools() {
  if ! cmp -s web/package-lock.json web/node_modules/.installed-from-lock 2>/dev/null; then
    say "installing the web client's dev tools (npm ci)"
    (cd web && npm ci --no-audit --no-fund --loglevel=error && cp package-lock.json node_modules/.installed-from-lock)
  fi
}

# Builds every module once (downloading dependencies) and runs the unit tests unless told not to.
build() {
  MAVEN_OPTS="${MAVEN_OPTS:-} -Djansi.noreset=true" mvn -B -ntp -Dstyle.color=never install "$@"
}

# Runs a command in a fresh network namespace that has only loopback: WebRTC, the server
# and the browsers can then talk to nothing but each other.
in_netns() {
  local ns=(unshare --net)
  [ "$(id -u)" -eq 0 ] || ns=(unshare --user --map-root-user --net)
  "${ns[@]}" -- bash -c 'ip link set lo up && exec "$@"' netns "$@"
}
