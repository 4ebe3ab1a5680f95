/**
 * Command-line parsing for `hyperwire`: curl's option names, short-option
 * clustering (`-sSL`, `-XPOST`, `-ofile`), `--name=value` and `--name value`,
 * and `--` to end options. Pure: it reads no files (values such as `@file`
 * are resolved later by the request builder).
 */

/** One `-d`/`--data`/`--data-binary`/`--data-raw` value, kept in order. */
export interface DataArgument {
  /** `ascii` strips CR and LF from `@file` contents like curl's `-d`; `binary` keeps bytes; `raw` never reads a file. */
  readonly kind: "ascii" | "binary" | "raw";
  readonly value: string;
}

/** Everything the command line asked for. */
export interface CliOptions {
  url: string | undefined;
  method: string | undefined;
  /** Header lines as given (`Name: value`, `Name;` for an empty value, `Name:` to remove). */
  headers: string[];
  data: DataArgument[];
  /** `-F` values: `name=value`, `name=@file[;type=…][;filename=…]`, `name=<file`. */
  form: string[];
  include: boolean;
  head: boolean;
  location: boolean;
  maxRedirs: number;
  output: string | undefined;
  remoteName: boolean;
  user: string | undefined;
  digest: boolean;
  range: string | undefined;
  compressed: boolean;
  /** `-b` values: a file name, or a literal `name=value; …` string (it contains `=`). */
  cookies: string[];
  cookieJar: string | undefined;
  proxy: string | undefined;
  /** `-U user:password` for the proxy. */
  proxyUser: string | undefined;
  /** `--proxy-digest`: send the proxy credentials only in answer to its challenge. */
  proxyDigest: boolean;
  insecure: boolean;
  /** Seconds. */
  connectTimeout: number | undefined;
  /** Seconds. */
  maxTime: number | undefined;
  retry: number;
  silent: boolean;
  showError: boolean;
  verbose: boolean;
  writeOut: string | undefined;
  http10: boolean;
  fail: boolean;
  userAgent: string | undefined;
  referer: string | undefined;
  help: boolean;
  version: boolean;
}

/** A problem with the command line (exit code 2). */
export class UsageError extends Error {
  override readonly name = "UsageError";
}

type Flag = { readonly kind: "flag"; readonly apply: (o: CliOptions) => void };
type Valued = { readonly kind: "value"; readonly apply: (o: CliOptions, value: string) => void };
type Spec = Flag | Valued;

const flag = (apply: (o: CliOptions) => void): Flag => ({ kind: "flag", apply });
const valued = (apply: (o: CliOptions, value: string) => void): Valued => ({
  kind: "value",
  apply,
});

function seconds(name: string, value: string): number {
  const n = Number(value);
  if (value.trim() === "" || !Number.isFinite(n) || n < 0) {
    throw new UsageError(`${name} expects a number of seconds, got "${value}"`);
  }
  return n;
}

function count(name: string, value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(n)) {
    throw new UsageError(`${name} expects a whole number, got "${value}"`);
  }
  return n;
}

/** Long options, by name without the dashes. */
const LONG: Readonly<Record<string, Spec>> = {
  request: valued((o, v) => {
    o.method = v;
  }),
  header: valued((o, v) => {
    o.headers.push(v);
  }),
  data: valued((o, v) => {
    o.data.push({ kind: "ascii", value: v });
  }),
  "data-ascii": valued((o, v) => {
    o.data.push({ kind: "ascii", value: v });
  }),
  "data-binary": valued((o, v) => {
    o.data.push({ kind: "binary", value: v });
  }),
  "data-raw": valued((o, v) => {
    o.data.push({ kind: "raw", value: v });
  }),
  form: valued((o, v) => {
    o.form.push(v);
  }),
  include: flag((o) => {
    o.include = true;
  }),
  head: flag((o) => {
    o.head = true;
  }),
  location: flag((o) => {
    o.location = true;
  }),
  "max-redirs": valued((o, v) => {
    o.maxRedirs = count("--max-redirs", v);
  }),
  output: valued((o, v) => {
    o.output = v;
  }),
  "remote-name": flag((o) => {
    o.remoteName = true;
  }),
  user: valued((o, v) => {
    o.user = v;
  }),
  digest: flag((o) => {
    o.digest = true;
  }),
  basic: flag((o) => {
    o.digest = false;
  }),
  range: valued((o, v) => {
    o.range = v;
  }),
  compressed: flag((o) => {
    o.compressed = true;
  }),
  cookie: valued((o, v) => {
    o.cookies.push(v);
  }),
  "cookie-jar": valued((o, v) => {
    o.cookieJar = v;
  }),
  proxy: valued((o, v) => {
    o.proxy = v;
  }),
  "proxy-user": valued((o, v) => {
    o.proxyUser = v;
  }),
  "proxy-digest": flag((o) => {
    o.proxyDigest = true;
  }),
  "proxy-basic": flag((o) => {
    o.proxyDigest = false;
  }),
  insecure: flag((o) => {
    o.insecure = true;
  }),
  "connect-timeout": valued((o, v) => {
    o.connectTimeout = seconds("--connect-timeout", v);
  }),
  "max-time": valued((o, v) => {
    o.maxTime = seconds("--max-time", v);
  }),
  retry: valued((o, v) => {
    o.retry = count("--retry", v);
  }),
  silent: flag((o) => {
    o.silent = true;
  }),
  "show-error": flag((o) => {
    o.showError = true;
  }),
  verbose: flag((o) => {
    o.verbose = true;
  }),
  "write-out": valued((o, v) => {
    o.writeOut = v;
  }),
  "http1.0": flag((o) => {
    o.http10 = true;
  }),
  "http1.1": flag((o) => {
    o.http10 = false;
  }),
  fail: flag((o) => {
    o.fail = true;
  }),
  "user-agent": valued((o, v) => {
    o.userAgent = v;
  }),
  referer: valued((o, v) => {
    o.referer = v;
  }),
  url: valued((o, v) => {
    setUrl(o, v);
  }),
  help: flag((o) => {
    o.help = true;
  }),
  version: flag((o) => {
    o.version = true;
  }),
};

/** Short options and the long option each stands for (curl's letters). */
const SHORT: Readonly<Record<string, string>> = {
  X: "request",
  H: "header",
  d: "data",
  F: "form",
  i: "include",
  I: "head",
  L: "location",
  o: "output",
  O: "remote-name",
  u: "user",
  r: "range",
  b: "cookie",
  c: "cookie-jar",
  x: "proxy",
  U: "proxy-user",
  k: "insecure",
  m: "max-time",
  s: "silent",
  S: "show-error",
  v: "verbose",
  w: "write-out",
  f: "fail",
  A: "user-agent",
  e: "referer",
  h: "help",
  V: "version",
  "0": "http1.0",
};

function setUrl(o: CliOptions, url: string): void {
  if (o.url !== undefined) {
    throw new UsageError(`only one URL per call (got "${o.url}" and "${url}")`);
  }
  o.url = url;
}

function defaults(): CliOptions {
  return {
    url: undefined,
    method: undefined,
    headers: [],
    data: [],
    form: [],
    include: false,
    head: false,
    location: false,
    maxRedirs: 50,
    output: undefined,
    remoteName: false,
    user: undefined,
    digest: false,
    range: undefined,
    compressed: false,
    cookies: [],
    cookieJar: undefined,
    proxy: undefined,
    proxyUser: undefined,
    proxyDigest: false,
    insecure: false,
    connectTimeout: undefined,
    maxTime: undefined,
    retry: 0,
    silent: false,
    showError: false,
    verbose: false,
    writeOut: undefined,
    http10: false,
    fail: false,
    userAgent: undefined,
    referer: undefined,
    help: false,
    version: false,
  };
}

/**
 * Parses the arguments after the program name. Throws {@link UsageError}
 * for unknown options, missing values, bad numbers and conflicting options.
 *
 * @example
 * ```ts
 * parseArgs(["-sSL", "-XPOST", "-d", "a=1", "http://127.0.0.1:8080/post"]);
 * ```
 */
export function parseArgs(argv: readonly string[]): CliOptions {
  const o = defaults();
  let i = 0;
  const next = (name: string): string => {
    const value = argv[++i];
    if (value === undefined) throw new UsageError(`option ${name} needs a value`);
    return value;
  };
  for (; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === "--") {
      for (const rest of argv.slice(i + 1)) setUrl(o, rest);
      break;
    }
    if (arg.startsWith("--")) {
      const eq = arg.indexOf("=");
      const name = arg.slice(2, eq === -1 ? undefined : eq);
      const spec = LONG[name];
      if (spec === undefined) throw new UsageError(`unknown option --${name}`);
      if (spec.kind === "flag") {
        if (eq !== -1) throw new UsageError(`option --${name} takes no value`);
        spec.apply(o);
      } else {
        spec.apply(o, eq === -1 ? next(`--${name}`) : arg.slice(eq + 1));
      }
      continue;
    }
    if (arg.startsWith("-") && arg.length > 1) {
      // Clustered short options: flags run together; the first one that takes
      // a value takes the rest of the word, or else the next argument.
      for (let j = 1; j < arg.length; j++) {
        const letter = arg[j] as string;
        const long = SHORT[letter];
        const spec = long === undefined ? undefined : LONG[long];
        if (spec === undefined) throw new UsageError(`unknown option -${letter}`);
        if (spec.kind === "flag") {
          spec.apply(o);
          continue;
        }
        const rest = arg.slice(j + 1);
        spec.apply(o, rest !== "" ? rest : next(`-${letter}`));
        break;
      }
      continue;
    }
    setUrl(o, arg);
  }
  if (o.help || o.version) return o;
  if (o.url === undefined) throw new UsageError("no URL given");
  if (o.data.length > 0 && o.form.length > 0) {
    throw new UsageError("-d/--data and -F/--form cannot be used together");
  }
  if (o.head && (o.data.length > 0 || o.form.length > 0)) {
    throw new UsageError("-I/--head cannot send a body (-d or -F)");
  }
  if (o.output !== undefined && o.remoteName) {
    throw new UsageError("-o and -O cannot be used together");
  }
  return o;
}
