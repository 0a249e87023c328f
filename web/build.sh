#!/bin/sh
# Rebuilds Sightline's front-end assets into http/assets/, which the web server
# embeds with //go:embed. Run it at development time after changing
# sightline.scss, _chart.scss (keep it identical to chart.CSS) or the pinned
# versions in package.json, and commit the output; the Go build and CI never
# need Node.js.
#
#   web/build.sh        (or: cd web && npm run build)
set -eu
cd "$(dirname "$0")"

# Exact versions from package-lock.json. Install scripts are skipped: Sass is
# plain JavaScript and only its optional file watcher has one.
npm ci --ignore-scripts

out=../http/assets
gf=node_modules/govuk-frontend/dist/govuk
mkdir -p "$out"

# Sass: compressed, no source map. GOV.UK Frontend 5 uses @import, which Dart
# Sass deprecates; its warnings (and those from inside the package) are noise
# here, not something this project can fix.
npx --no-install sass \
	--pkg-importer=node \
	--style=compressed \
	--no-source-map \
	--quiet-deps \
	--silence-deprecation=import \
	sightline.scss "$out/sightline.css"

# JavaScript for components that need it (header menu, accordion, tabs…). The
# source-map comment is left as shipped; the map itself is not copied.
cp "$gf/govuk-frontend.min.js" "$out/govuk-frontend.min.js"

# Images and the web app manifest, exactly as shipped. No fonts: Sightline
# uses a system font stack (GDS Transport is for GOV.UK only).
rm -rf "$out/images"
mkdir "$out/images"
cp "$gf"/assets/images/* "$out/images/"
if [ -f "$gf/assets/manifest.json" ]; then
	cp "$gf/assets/manifest.json" "$out/manifest.json"
fi

ls -l "$out" "$out/images"
printf 'sightline.css: %s bytes, %s gzipped\n' "$(wc -c <"$out/sightline.css")" "$(gzip -9c "$out/sightline.css" | wc -c)"
