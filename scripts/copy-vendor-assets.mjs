// Copies the files the pages load from the npm packages (installed by
// `npm ci` from package-lock.json) into core/static/vendor/, which is not
// kept in git: `make install` and the image build make it. Each package's
// licence goes with its files. Pages work without these files (the map
// falls back to the plot list, the camera reader to typing the code).
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const modules = join(root, "node_modules");
const target = join(root, "core", "static", "vendor");

// package -> [source inside the package, destination inside vendor/<package>]
const FILES = {
  leaflet: [
    ["dist/leaflet.js", "leaflet.js"],
    ["dist/leaflet.css", "leaflet.css"],
    ["dist/images", "images"],
    ["LICENSE", "LICENSE"],
  ],
  jsqr: [
    ["dist/jsQR.js", "jsQR.js"],
    ["LICENSE", "LICENSE"],
  ],
};

rmSync(target, { recursive: true, force: true });
const versions = {};
for (const [name, files] of Object.entries(FILES)) {
  const from = join(modules, name);
  if (!existsSync(from)) {
    console.error(`${name} is not installed: run npm ci first`);
    process.exit(1);
  }
  versions[name] = JSON.parse(readFileSync(join(from, "package.json"), "utf8")).version;
  for (const [source, destination] of files) {
    const to = join(target, name, destination);
    mkdirSync(dirname(to), { recursive: true });
    cpSync(join(from, source), to, { recursive: true });
  }
}
console.log(`core/static/vendor: ${Object.entries(versions).map(([n, v]) => `${n} ${v}`).join(", ")}`);
