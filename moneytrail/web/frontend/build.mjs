// Copy the pinned browser builds into ../static/vendor, the only place pages load them from.
// Run after `npm ci`; the output is generated at set-up time and never committed.
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const out = join(here, "..", "static", "vendor");
// vendor file -> [package, file inside the package]
const files = {
  "cytoscape.min.js": ["cytoscape", "dist/cytoscape.min.js"],
  "d3.min.js": ["d3", "dist/d3.min.js"],
  "d3-sankey.min.js": ["d3-sankey", "dist/d3-sankey.min.js"],
  // Swagger UI for /docs, served from here so the API docs work offline (no CDN).
  "swagger-ui-bundle.js": ["swagger-ui-dist", "swagger-ui-bundle.js"],
  "swagger-ui.css": ["swagger-ui-dist", "swagger-ui.css"],
  "swagger-favicon.png": ["swagger-ui-dist", "favicon-32x32.png"],
  // ReDoc for /redoc, likewise: its standalone bundle, started by ../static/redoc-init.js.
  "redoc.standalone.js": ["redoc", "bundles/redoc.standalone.js"],
};
// axe-core (a devDependency) is for the accessibility tests only: they read it from
// node_modules and inject it into pages; it is never copied here, so no page can load it.
mkdirSync(out, { recursive: true });
const versions = {};
for (const [name, [pkgName, source]] of Object.entries(files)) {
  const root = join(here, "node_modules", pkgName);
  copyFileSync(join(root, source), join(out, name));
  const pkg = JSON.parse(readFileSync(join(root, "package.json")));
  versions[name] = `${pkg.name}@${pkg.version}`;
}
writeFileSync(join(out, "VERSIONS.json"), JSON.stringify(versions, null, 2) + "\n");
console.log(`vendor assets written to ${out}: ${Object.values(versions).join(", ")}`);
