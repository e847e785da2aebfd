// Renders a file with markdown-it (HTML allowed, GFM tables and
// strikethrough built in) and prints the median time of the runs as JSON.
// Usage: node markdown-it.mjs FILE [RUNS]
import { readFileSync } from "node:fs";
import MarkdownIt from "markdown-it";

const [file, runsArg] = process.argv.slice(2);
const text = readFileSync(file, "utf8");
const runs = Number(runsArg ?? 30);
const md = new MarkdownIt({ html: true });
let sink = 0;
// Warm up the JIT first, as criterion warms up the Rust peers.
for (const end = performance.now() + 1000; performance.now() < end; ) sink += md.render(text).length;
const times = [];
for (let k = 0; k < runs; k++) {
  const t = process.hrtime.bigint();
  sink += md.render(text).length;
  times.push(Number(process.hrtime.bigint() - t));
}
times.sort((a, b) => a - b);
console.log(JSON.stringify({ median_ns: times[Math.floor(times.length / 2)], runs, sink }));
