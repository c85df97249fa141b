// Flattens the chinese-poetry npm package into the query benchmark's corpus:
// one poem per line, "collection<TAB>title<TAB>text" ("\n" escaped as "\\n").
//   node flatten_poetry.js <chinese-poetry dir> > poems.tsv
const fs = require("fs");
const path = require("path");

const root = path.join(process.argv[2], "dist");
const clean = (s) => String(s || "").replace(/[\t\r]/g, " ").replace(/\n/g, "\\n");
let count = 0;

function walk(dir) {
  for (const name of fs.readdirSync(dir).sort()) {
    const file = path.join(dir, name);
    if (fs.statSync(file).isDirectory()) {
      walk(file);
      continue;
    }
    if (!name.endsWith(".json")) continue;
    let items;
    try {
      items = JSON.parse(fs.readFileSync(file, "utf8"));
    } catch (e) {
      continue;
    }
    if (!Array.isArray(items)) continue;
    const collection = path.relative(root, dir);
    for (const item of items) {
      if (!item || !Array.isArray(item.paragraphs) || item.paragraphs.length === 0) continue;
      const title = item.title || item.rhythmic || item.chapter || "";
      process.stdout.write(`${collection}\t${clean(title)}\t${clean(item.paragraphs.join("\n"))}\n`);
      ++count;
    }
  }
}

walk(root);
process.stderr.write(`flatten_poetry: ${count} documents\n`);
