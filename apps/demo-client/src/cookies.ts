import { readFile, writeFile } from "node:fs/promises";
import { CookieJar } from "@hyperwire/client";

/** What `-b` and `-c` set up: a jar (when cookies are on) and literal Cookie values. */
export interface CookieSetup {
  readonly jar: CookieJar | undefined;
  /** `-b "a=1; b=2"` values, sent as they are. */
  readonly literal: readonly string[];
  /** Lines of cookie files that did not parse, for a warning. */
  readonly invalidLines: number;
}

/**
 * Reads `-b` values: one that contains `=` is a literal Cookie value (as in
 * curl); anything else names a Netscape cookie file to load into the jar. A
 * file that does not exist is not an error (so `-b jar.txt -c jar.txt` works
 * on the first run), and `-b ""` just turns the cookie engine on. With `-c`
 * the jar exists even without `-b`, to collect what the server sets.
 */
export async function loadCookies(
  values: readonly string[],
  cookieJarFile: string | undefined,
): Promise<CookieSetup> {
  const literal: string[] = [];
  let jar: CookieJar | undefined = cookieJarFile === undefined ? undefined : new CookieJar();
  let invalidLines = 0;
  for (const value of values) {
    if (value.includes("=")) {
      literal.push(value);
      continue;
    }
    jar ??= new CookieJar();
    if (value === "") continue;
    let text: string;
    try {
      text = await readFile(value, "utf8");
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") continue;
      throw error;
    }
    invalidLines += jar.importNetscape(text).invalidLines.length;
  }
  return { jar, literal, invalidLines };
}

/** Writes the jar to the `-c` file in the Netscape format (`-` writes to stdout). */
export async function saveCookies(jar: CookieJar, file: string): Promise<void> {
  const text = jar.toNetscape();
  if (file === "-") process.stdout.write(text);
  else await writeFile(file, text);
}
