/**
 * Fails when two folders of `src/` import each other, directly or through others (type-only
 * imports count: they couple the folders all the same). Each file at the top of `src/` (the
 * composition root, config, logger) is a node of its own. `npm run --silent check:cycles`.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";

const root = path.resolve("src");

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return files(full);
    return full.endsWith(".ts") ? [full] : [];
  });
}

/** `bot` for src/bot/x.ts, `app.ts` for src/app.ts. */
function nodeOf(file: string): string {
  const relative = path.relative(root, file).split(path.sep);
  return relative.length === 1 ? (relative[0] as string) : (relative[0] as string);
}

const edges = new Map<string, Map<string, string>>();
for (const file of files(root)) {
  const from = nodeOf(file);
  const text = readFileSync(file, "utf8");
  for (const match of text.matchAll(/(?:from|import)\s*\(?\s*"(\.{1,2}\/[^"]+)"/g)) {
    const target = path.resolve(path.dirname(file), match[1] as string);
    if (!target.startsWith(root)) continue;
    const to = nodeOf(target);
    if (to === from) continue;
    const out = edges.get(from) ?? new Map<string, string>();
    if (!out.has(to)) out.set(to, path.relative(root, file));
    edges.set(from, out);
  }
}

// Tarjan's strongly connected components: any component of two or more nodes is a cycle.
let index = 0;
const indices = new Map<string, number>();
const low = new Map<string, number>();
const stack: string[] = [];
const onStack = new Set<string>();
const cycles: string[][] = [];
function visit(node: string) {
  indices.set(node, index);
  low.set(node, index);
  index += 1;
  stack.push(node);
  onStack.add(node);
  for (const next of edges.get(node)?.keys() ?? []) {
    if (!indices.has(next)) {
      visit(next);
      low.set(node, Math.min(low.get(node) as number, low.get(next) as number));
    } else if (onStack.has(next)) {
      low.set(node, Math.min(low.get(node) as number, indices.get(next) as number));
    }
  }
  if (low.get(node) === indices.get(node)) {
    const component: string[] = [];
    let member: string | undefined;
    do {
      member = stack.pop() as string;
      onStack.delete(member);
      component.push(member);
    } while (member !== node);
    if (component.length > 1) cycles.push(component.sort());
  }
}
for (const node of edges.keys()) if (!indices.has(node)) visit(node);

if (cycles.length === 0) {
  console.log(`no import cycles between the ${edges.size} folders and top-level files of src/`);
} else {
  for (const cycle of cycles) {
    console.error(`cycle: ${cycle.join(" ↔ ")}`);
    for (const from of cycle)
      for (const [to, file] of edges.get(from) ?? [])
        if (cycle.includes(to)) console.error(`  ${from} → ${to} (e.g. ${file})`);
  }
  process.exitCode = 1;
}
