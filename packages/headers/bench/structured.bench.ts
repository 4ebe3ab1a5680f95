/**
 * Structured Field Values (RFC 9651): hyperwire's parser side by side with the
 * `structured-headers` package, on a Dictionary and a List typical of real
 * fields. Run: `npx tsx packages/headers/bench/structured.bench.ts`.
 */
import * as sh from "structured-headers";
import { Bench } from "tinybench";
import { parseSfDictionary, parseSfList } from "../src/index.js";

const DICTIONARY =
  'geolocation=(self "https://maps.example"), camera=(), fullscreen=*, u=1, i, rating=1.5, ' +
  'sig1=("@method" "@authority" "content-digest");created=1618884473;keyid="test-key-rsa-pss"';
const LIST =
  'sugar, tea;q=0.5, rum, ("foo" "bar");lvl=5, :cHJldGVuZCB0aGlzIGlzIGJpbmFyeSBjb250ZW50Lg==:, ?1, 42, 4.5, "hello world"';

// Both must accept the inputs, or the comparison means nothing.
if (!parseSfDictionary(DICTIONARY).ok || !parseSfList(LIST).ok)
  throw new Error("hyperwire rejected a bench input");
sh.parseDictionary(DICTIONARY);
sh.parseList(LIST);

const bench = new Bench({ time: 500 });
bench
  .add("dictionary: hyperwire", () => void parseSfDictionary(DICTIONARY))
  .add("dictionary: structured-headers", () => void sh.parseDictionary(DICTIONARY))
  .add("list: hyperwire", () => void parseSfList(LIST))
  .add("list: structured-headers", () => void sh.parseList(LIST));

await bench.run();

const hz = (name: string) => {
  const r = bench.tasks.find((t) => t.name === name)?.result as
    | { throughput?: { mean: number }; hz?: number }
    | undefined;
  return r?.throughput?.mean ?? r?.hz ?? Number.NaN;
};
console.table(bench.tasks.map((t) => ({ task: t.name, "ops/s": Math.round(hz(t.name)) })));
for (const kind of ["dictionary", "list"]) {
  const ratio = hz(`${kind}: hyperwire`) / hz(`${kind}: structured-headers`);
  console.log(`${kind}: hyperwire is ${ratio.toFixed(2)}x structured-headers`);
}
