#!/usr/bin/env bash
# Install the Debian packages listed in system-packages.txt that are not installed yet.
# Needs root (as on CI and the developers' machines); elsewhere it says what to install.
set -euo pipefail
cd "$(dirname "$0")/.."
missing=()
while read -r pkg; do
  pkg="${pkg%%#*}"; pkg="$(echo "$pkg" | xargs)"
  [ -z "$pkg" ] && continue
  dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
done < system-packages.txt
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null; then
  echo "backchannel: please install these Debian packages (browser tests and PDF reports need them): ${missing[*]}" >&2
  exit 0
fi
echo "backchannel: installing Debian packages: ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
