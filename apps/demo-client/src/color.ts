/** ANSI styles, applied only when the stream is a TTY and NO_COLOR is unset (https://no-color.org). */
export interface Palette {
  readonly dim: (text: string) => string;
  readonly bold: (text: string) => string;
  readonly cyan: (text: string) => string;
  readonly green: (text: string) => string;
  readonly yellow: (text: string) => string;
  readonly red: (text: string) => string;
  readonly magenta: (text: string) => string;
}

const plain = (text: string): string => text;

const style =
  (open: number, close: number) =>
  (text: string): string =>
    `\u001b[${open}m${text}\u001b[${close}m`;

/** A palette that leaves text alone. */
export const NO_COLOR: Palette = {
  dim: plain,
  bold: plain,
  cyan: plain,
  green: plain,
  yellow: plain,
  red: plain,
  magenta: plain,
};

const ANSI: Palette = {
  dim: style(2, 22),
  bold: style(1, 22),
  cyan: style(36, 39),
  green: style(32, 39),
  yellow: style(33, 39),
  red: style(31, 39),
  magenta: style(35, 39),
};

/**
 * The palette for a stream: colors on a TTY unless `NO_COLOR` is set to a
 * non-empty value.
 */
export function paletteFor(
  stream: { readonly isTTY?: boolean },
  env: NodeJS.ProcessEnv = process.env,
): Palette {
  if (stream.isTTY !== true) return NO_COLOR;
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== "") return NO_COLOR;
  return ANSI;
}

/** Colors a status code by class: 2xx green, 3xx cyan, 4xx yellow, 5xx red. */
export function colorStatus(palette: Palette, status: number, text: string): string {
  if (status >= 500) return palette.red(text);
  if (status >= 400) return palette.yellow(text);
  if (status >= 300) return palette.cyan(text);
  if (status >= 200) return palette.green(text);
  return palette.magenta(text);
}
