#!/usr/bin/env bash
# Regenerates docs/gallery: every request of requests.txt drawn by Mine (PNG, SVG) and by the real graphite-web (PNG)
# on the differential test's data, and index.html to compare them. Needs Debian's graphite-web graphite-carbon
# python3-whisper gunicorn (the test starts them on loopback). CI runs the same test and keeps its images as an
# artifact ($MINE_ARTIFACTS/gallery, artifacts/gallery under .ci/run).
set -euo pipefail
cd "$(dirname "$0")/../.."
MINE_GALLERY_OUT="$(pwd)/docs/gallery" dotnet test tests/Mine.Server.Tests --filter "FullyQualifiedName~GalleryTests"
echo "open docs/gallery/index.html"
