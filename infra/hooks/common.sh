#!/usr/bin/env bash
# Shared by the shell hooks (sourced): stopping with a message that names the hook.

fail() {
  printf '%s: %s\n' "$(basename "$0" .sh)" "$*" >&2
  exit 1
}
