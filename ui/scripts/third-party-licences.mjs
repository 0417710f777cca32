// Merges cargo-about's JSON (Rust crates) and license-checker-rseidelsohn's JSON (npm
// packages the UI ships) into the list Settings → Third-party licences shows: one
// entry per distinct licence text, with the packages under it. Written by .ci/licences.
import { existsSync, readFileSync } from "node:fs";

const [rustFile, npmFile] = process.argv.slice(2);
if (!rustFile || !npmFile) throw new Error("usage: third-party-licences.mjs RUST.json NPM.json");

const groups = new Map();
const add = (licence, text, pkg) => {
  const key = `${licence}\u0000${text.trim()}`;
  if (!groups.has(key)) groups.set(key, { licence, text: text.trim(), packages: [] });
  const packages = groups.get(key).packages;
  if (!packages.some((p) => p.name === pkg.name && p.version === pkg.version)) packages.push(pkg);
};

for (const licence of JSON.parse(readFileSync(rustFile, "utf8")).licenses) {
  for (const use of licence.used_by) {
    add(licence.id, licence.text, { name: use.crate.name, version: use.crate.version, ecosystem: "Rust" });
  }
}

for (const [id, info] of Object.entries(JSON.parse(readFileSync(npmFile, "utf8")))) {
  const at = id.lastIndexOf("@");
  const [name, version] = [id.slice(0, at), id.slice(at + 1)];
  const file = info.licenseFile && existsSync(info.licenseFile) ? info.licenseFile : null;
  const readable = file && /licen[cs]e|copying/i.test(file);
  const text = readable
    ? readFileSync(file, "utf8")
    : `${info.licenses}. The package ships no licence file${info.repository ? `; see ${info.repository}` : ""}.`;
  add(String(info.licenses), text, { name, version, ecosystem: "npm" });
}

const byName = (a, b) => a.name.localeCompare(b.name) || a.version.localeCompare(b.version);
// A package with several texts under one licence (ring's, say) becomes one entry.
const merged = new Map();
for (const g of groups.values()) {
  g.packages.sort(byName);
  const key = `${g.licence}\u0000${g.packages.map((p) => `${p.name}@${p.version}`).join(" ")}`;
  const same = merged.get(key);
  if (same) same.text = `${same.text}\n\n${"-".repeat(72)}\n\n${g.text}`;
  else merged.set(key, { ...g });
}
const list = [...merged.values()]
  .sort((a, b) => a.licence.localeCompare(b.licence) || byName(a.packages[0], b.packages[0]));
process.stdout.write(`${JSON.stringify(list, null, 1)}\n`);
