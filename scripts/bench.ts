/** npm run bench <name>: runs scripts/bench-<name>.ts. `npm run bench` lists them. */
import { readdir } from 'node:fs/promises';

const name = process.argv[2];
const available = (await readdir(new URL('.', import.meta.url)))
  .filter((f) => /^bench-.+\.ts$/.test(f))
  .map((f) => f.slice(6, -3));
if (!name || !available.includes(name)) {
  console.log(`Usage: npm run bench <name>\nBenchmarks: ${available.join(', ')}`);
  process.exit(name ? 1 : 0);
}
await import(`./bench-${name}.ts`);
