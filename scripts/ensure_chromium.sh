#!/usr/bin/env bash
# Browser tests drive Debian's Chromium (never a downloaded browser). Install it when we can
# (root with apt); otherwise the browser tests skip and say so.
set -u
if command -v chromium >/dev/null 2>&1; then exit 0; fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing Debian's chromium for the browser tests..."
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) \
    || echo "chromium could not be installed: browser tests will be skipped."
else
  echo "chromium is not installed and cannot be installed here: browser tests will be skipped."
fi
exit 0
