// Copy the pinned browser builds into ../static/vendor, the only place pages load them from.
// Run after `npm ci`; the output is generated at set-up time and never committed.
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const out = join(here, "..", "static", "vendor");
const files = {
  "cytoscape.min.js": "node_modules/cytoscape/dist/cytoscape.min.js",
  "d3.min.js": "node_modules/d3/dist/d3.min.js",
  "d3-sankey.min.js": "node_modules/d3-sankey/dist/d3-sankey.min.js",
};
mkdirSync(out, { recursive: true });
const versions = {};
for (const [name, source] of Object.entries(files)) {
  copyFileSync(join(here, source), join(out, name));
  const pkg = JSON.parse(readFileSync(join(here, dirname(dirname(source)), "package.json")));
  versions[name] = `${pkg.name}@${pkg.version}`;
}
writeFileSync(join(out, "VERSIONS.json"), JSON.stringify(versions, null, 2) + "\n");
console.log(`vendor assets written to ${out}: ${Object.values(versions).join(", ")}`);
