#!/usr/bin/env bash
# Start the task worker and the web server together; stop both on Ctrl-C.
set -euo pipefail
cd "$(dirname "$0")/.."
swl=.venv/bin/safeworkload

$swl db_worker &
worker=$!
trap 'kill $worker 2>/dev/null || true' EXIT INT TERM

cat <<'TEXT'

Safe Workload is starting at http://127.0.0.1:8000/
Demo sign-ins (password for all: demo-password-1; the demo region is fictional):
TEXT
$swl demo_sign_ins
echo
$swl runserver 127.0.0.1:8000 --noreload
