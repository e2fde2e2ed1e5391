#!/usr/bin/env bash
# Builds LearnLoop's front-end assets into forms/static, which is committed:
# running LearnLoop never needs npm or the internet. See README.md.
set -euo pipefail

assets_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
static_dir="$(cd "$assets_dir/../static" && pwd)"
govuk_dist="$assets_dir/node_modules/govuk-frontend/dist/govuk"

cd "$assets_dir"

# Exact versions from package-lock.json. No install scripts: the only one is
# @parcel/watcher's native build, which `sass --watch` alone would need.
npm ci --ignore-scripts --no-audit --no-fund

npx --no-install sass \
  --pkg-importer=node \
  --style=compressed \
  --no-source-map \
  learnloop.scss "$static_dir/learnloop.css"

# The JavaScript bundle only. Its source map is not shipped, so drop the
# comment that would make browser developer tools ask for it.
sed '/^\/\/# sourceMappingURL=/d; s|//# sourceMappingURL=govuk-frontend\.min\.js\.map$||' \
  "$govuk_dist/govuk-frontend.min.js" > "$static_dir/govuk-frontend.min.js"

# Deliberately not copied from $govuk_dist/assets: the GDS Transport fonts and
# the crown icons, manifest and crest (GOV.UK branding, not ours). No component
# we render needs any other image; our own icon is in forms/static/images.

echo "Built $(cd "$static_dir" && ls learnloop.css govuk-frontend.min.js | tr '\n' ' ')in $static_dir"
