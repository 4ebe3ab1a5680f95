import { readFileSync } from "node:fs";

/** The version of this command, from its package.json. */
export const VERSION: string = (
  JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as {
    version: string;
  }
).version;

/** The User-Agent sent unless -A or -H sets one. */
export const DEFAULT_USER_AGENT = `hyperwire/${VERSION}`;
