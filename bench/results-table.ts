/** Prints bench/results.json (or the file named) as the Markdown table bench/README.md shows. */
import { readFileSync } from "node:fs";
import path from "node:path";
import { markdownTable, type BenchResult } from "./support/report";

const file = process.argv[2] ?? path.join(import.meta.dirname, "results.json");
const { results } = JSON.parse(readFileSync(file, "utf8")) as { results: BenchResult[] };
console.log(markdownTable(results));
