/** The values `-w` can print (curl's names). */
export interface WriteOutValues {
  readonly httpCode: number;
  /** Seconds since the command started. */
  readonly timeTotal: number;
  readonly timeNamelookup: number;
  readonly timeConnect: number;
  readonly timeAppconnect: number;
  readonly timeStarttransfer: number;
  readonly sizeDownload: number;
  readonly sizeHeader: number;
  readonly urlEffective: string;
  readonly numRedirects: number;
  readonly contentType: string;
  readonly exitCode: number;
}

const ESCAPES: Readonly<Record<string, string>> = { n: "\n", r: "\r", t: "\t", "\\": "\\" };

const seconds = (n: number): string => n.toFixed(6);

const VARIABLES: Readonly<Record<string, (v: WriteOutValues) => string>> = {
  http_code: (v) => String(v.httpCode).padStart(3, "0"),
  response_code: (v) => String(v.httpCode).padStart(3, "0"),
  time_total: (v) => seconds(v.timeTotal),
  time_namelookup: (v) => seconds(v.timeNamelookup),
  time_connect: (v) => seconds(v.timeConnect),
  time_appconnect: (v) => seconds(v.timeAppconnect),
  time_starttransfer: (v) => seconds(v.timeStarttransfer),
  size_download: (v) => String(v.sizeDownload),
  size_header: (v) => String(v.sizeHeader),
  url_effective: (v) => v.urlEffective,
  num_redirects: (v) => String(v.numRedirects),
  content_type: (v) => v.contentType,
  exitcode: (v) => String(v.exitCode),
};

/** The variable names `-w` knows. */
export const WRITE_OUT_VARIABLES: readonly string[] = Object.keys(VARIABLES);

/**
 * Expands a `-w` format: `%{name}` variables, `%%`, and the escapes `\n`,
 * `\r`, `\t` and `\\`. Unknown variables expand to nothing and are reported
 * through `onUnknown`.
 *
 * @example
 * ```ts
 * formatWriteOut("%{http_code} %{time_total}\\n", values); // "200 0.012345\n"
 * ```
 */
export function formatWriteOut(
  format: string,
  values: WriteOutValues,
  onUnknown: (name: string) => void = () => {},
): string {
  return format.replace(
    /%\{([a-z_]+)\}|%%|\\([nrt\\])/g,
    (match, name?: string, escaped?: string) => {
      if (match === "%%") return "%";
      if (escaped !== undefined) return ESCAPES[escaped] ?? "\\";
      const get = VARIABLES[name as string];
      if (get === undefined) {
        onUnknown(name as string);
        return "";
      }
      return get(values);
    },
  );
}
