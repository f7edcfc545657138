// Bundles the UI into dist/ (run by `npm run build`, which src/Mine/Mine.csproj runs when a source changed).
// Entry points get content hashes (served as immutable); index.html is written with their names.
import { build } from "esbuild";
import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = dirname(fileURLToPath(import.meta.url));
const dist = join(root, "dist");
rmSync(dist, { recursive: true, force: true });
mkdirSync(dist, { recursive: true });

const common = {
  bundle: true,
  minify: true,
  sourcemap: process.env.MINE_UI_SOURCEMAP === "1" ? "linked" : false,
  target: ["es2022", "chrome110", "firefox115", "safari16"],
  outdir: dist,
  metafile: true,
  logLevel: "warning",
  legalComments: "none",
};

// The app: ES modules, code-split so pages other than the Fleet (and uPlot) load on first visit.
const app = await build({
  ...common,
  entryPoints: { main: join(root, "src/main.ts") },
  format: "esm",
  splitting: true,
  entryNames: "[name]-[hash]",
  chunkNames: "chunk-[hash]",
  assetNames: "[name]-[hash]",
});
// The theme script: a classic script in <head>, so the stored theme applies before the first paint.
const theme = await build({
  ...common,
  entryPoints: { "theme-init": join(root, "src/theme-init.ts") },
  format: "iife",
  entryNames: "[name]-[hash]",
});

// index.html's {{main.js}}, {{main.css}}, {{theme-init.js}} → the hashed names of the entry points' outputs.
const entries = { "src/main.ts": "main", "src/theme-init.ts": "theme-init" };
const names = {};
for (const result of [app, theme]) {
  for (const [file, output] of Object.entries(result.metafile.outputs)) {
    const entry = entries[output.entryPoint ?? ""];
    if (!entry || !file.endsWith(".js")) continue;
    names[`${entry}.js`] = basename(file);
    if (output.cssBundle) names[`${entry}.css`] = basename(output.cssBundle);
  }
}

let html = readFileSync(join(root, "index.html"), "utf8");
html = html.replace(/\{\{([\w.-]+)\}\}/g, (_, key) => {
  if (!names[key]) throw new Error(`index.html refers to {{${key}}}, which the build did not produce (${Object.keys(names).join(", ")})`);
  return names[key];
});
writeFileSync(join(dist, "index.html"), html);
copyFileSync(join(root, "favicon.svg"), join(dist, "favicon.svg"));

let total = 0;
for (const [file, output] of Object.entries(app.metafile.outputs)) total += output.bytes;
console.log(`mine-ui: ${Object.values(names).join(", ")} (${Math.round(total / 1024)} KiB of app bundles)`);
