#!/usr/bin/env bash
# Refresh the vendored front-end files from the npm registry.
# The results are committed, so `make run` and `make test` never need npm.
# Change a version here, run this script, and commit what it writes.
set -euo pipefail
GOVUK_FRONTEND_VERSION=6.6.0
AXE_CORE_VERSION=4.14.1

root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
npm pack --silent "govuk-frontend@${GOVUK_FRONTEND_VERSION}" "axe-core@${AXE_CORE_VERSION}" >/dev/null
mkdir govuk axe
tar -xzf "govuk-frontend-${GOVUK_FRONTEND_VERSION}.tgz" -C govuk
tar -xzf "axe-core-${AXE_CORE_VERSION}.tgz" -C axe

dist=govuk/package/dist/govuk
target="$root/src/safeworkload/core/static/govuk"
rm -rf "$target"
mkdir -p "$target"
# The minified script is one line: strip the map comment, not the line.
sed 's#//\# sourceMappingURL=.*$##' "$dist/govuk-frontend.min.js" > "$target/govuk-frontend.min.js"
cp -r "$dist/assets" "$target/assets"
# The GDS Transport font and the crown are for services on GOV.UK only; this
# product runs on employers' own domains, so the font faces are left out and
# text falls back to Arial, as the Design System asks of other services.
rm -rf "$target/assets/fonts" "$target/assets/images/govuk-crest.svg"
# The compiled CSS looks for images under /assets/; ours sit beside it.
# The crown is only drawn by the GOV.UK header, which this service does not use.
sed -e 's#@font-face{[^}]*}##g' -e 's#url(/assets/images/govuk-crest.svg)#none#g' \
  -e 's#url(/assets/#url(assets/#g' -e 's#/\*\# sourceMappingURL=[^*]*\*/##' \
  "$dist/govuk-frontend.min.css" > "$target/govuk-frontend.min.css"
rm -f "$target"/*.map
echo "$GOVUK_FRONTEND_VERSION" > "$target/VERSION"

mkdir -p "$root/tests/browser/vendor"
cp axe/package/axe.min.js "$root/tests/browser/vendor/axe.min.js"
echo "$AXE_CORE_VERSION" > "$root/tests/browser/vendor/AXE_VERSION"
echo "GOV.UK Frontend $GOVUK_FRONTEND_VERSION and axe-core $AXE_CORE_VERSION vendored."
