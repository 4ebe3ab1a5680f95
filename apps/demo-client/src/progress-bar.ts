/** A stream a progress bar can draw on. */
export interface ProgressSink {
  readonly isTTY?: boolean;
  readonly columns?: number;
  write(text: string): unknown;
}

function size(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  if (bytes < 1024 ** 3) return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
  return `${(bytes / 1024 ** 3).toFixed(2)} GiB`;
}

/**
 * The line of a progress bar: a bar and a percentage when the total is
 * known, else the bytes so far; then the rate.
 *
 * @example
 * ```ts
 * renderProgress(512, 1024, 2, 40); // "[##########----------]  50%  512 B / 1.0 KiB  256 B/s"
 * ```
 */
export function renderProgress(
  loaded: number,
  total: number | undefined,
  elapsedSeconds: number,
  width: number,
): string {
  const rate = elapsedSeconds > 0 ? `${size(Math.round(loaded / elapsedSeconds))}/s` : "";
  if (total === undefined || total <= 0) return `${size(loaded)} received  ${rate}`.trimEnd();
  const fraction = Math.min(1, loaded / total);
  const barWidth = Math.max(10, Math.min(40, width - 40));
  const filled = Math.round(fraction * barWidth);
  const bar = `[${"#".repeat(filled)}${"-".repeat(barWidth - filled)}]`;
  const percent = `${Math.floor(fraction * 100)}%`.padStart(4);
  return `${bar} ${percent}  ${size(loaded)} / ${size(total)}  ${rate}`.trimEnd();
}

/**
 * A download progress bar on a TTY; on anything else it draws nothing, so
 * logs and pipes stay clean. Redraws at most every 100 ms.
 */
export class ProgressBar {
  readonly #out: ProgressSink;
  readonly #enabled: boolean;
  readonly #startedAt = performance.now();
  #lastDraw = 0;
  #drawn = false;

  constructor(out: ProgressSink, enabled: boolean) {
    this.#out = out;
    this.#enabled = enabled && out.isTTY === true;
  }

  /** Reports progress (the client's `onDownloadProgress`). */
  readonly update = ({ loaded, total }: { loaded: number; total: number | undefined }): void => {
    if (!this.#enabled) return;
    const now = performance.now();
    if (now - this.#lastDraw < 100 && (total === undefined || loaded < total)) return;
    this.#lastDraw = now;
    this.#draw(loaded, total, now);
  };

  #draw(loaded: number, total: number | undefined, now: number): void {
    const line = renderProgress(
      loaded,
      total,
      (now - this.#startedAt) / 1000,
      this.#out.columns ?? 80,
    );
    // \r and "erase to end of line": redraw in place.
    this.#out.write(`\r${line}\u001b[K`);
    this.#drawn = true;
  }

  /** Ends the bar's line (only if something was drawn). */
  finish(): void {
    if (this.#drawn) this.#out.write("\n");
    this.#drawn = false;
  }
}
