#!/usr/bin/env bash
# Publishes `mine` as one self-contained linux-x64 executable: the .NET runtime, the native graph library and the
# web UI inside, nothing to install beside it (no .NET, no Node.js). docs/packaging.md says what it holds.
# Usage: packaging/publish.sh [OUTPUT_DIR]   (default artifacts/publish/linux-x64; the binary is OUTPUT_DIR/mine)
set -euo pipefail
cd "$(dirname "$0")/.."
out="${1:-artifacts/publish/linux-x64}"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

# IncludeNativeLibrariesForSelfExtract: libSkiaSharp.so (graph drawing) travels inside the file and is extracted
# once to $DOTNET_BUNDLE_EXTRACT_BASE_DIR, by default $HOME/.net. Not compressed: the runtime then maps the
# assemblies from the file instead of inflating them into memory at every start (about 40 MB less resident, a faster
# start); packages and downloads compress it. Not trimmed and not ReadyToRun: configuration binding and the command
# line use reflection; ReadyToRun made the publish several times slower and the start no faster (the first
# graph drew in 0.6 s instead of 1.3 s, /health answered as late).
# DebugType=embedded: no .pdb beside the binary, stack traces still name source lines.
rm -rf "$out"
dotnet publish src/Mine/Mine.csproj -c Release -r linux-x64 --self-contained true \
  -p:PublishSingleFile=true -p:IncludeNativeLibrariesForSelfExtract=true \
  -p:DebugType=embedded -p:GenerateDocumentationFile=false \
  -o "$out" "${@:2}"
# The web SDK's static-asset manifest is empty (the UI is embedded in the binary): nothing beside the binary.
rm -f "$out"/*.staticwebassets.*.json
echo "packaging/publish.sh: $out/mine ($(du -h "$out/mine" | cut -f1), self-contained, linux-x64)"
