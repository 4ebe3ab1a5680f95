/**
 * OWS = *( SP / HTAB )
 * RFC 9110 §5.6.3
 */

/**
 * The index of the first character at or after `index` that is not SP or
 * HTAB (optional whitespace, RFC 9110 §5.6.3). Returns `text.length` when only
 * whitespace remains.
 *
 * @example
 * ```ts
 * skipOws("a ; b", 1); // 2
 * skipOws("a", 1);     // 1
 * ```
 */
export function skipOws(text: string, index: number): number {
  const length = text.length;
  while (index < length) {
    const code = text.charCodeAt(index);
    if (code !== 0x20 && code !== 0x09) break;
    index++;
  }
  return index;
}

/**
 * `text` without leading and trailing SP and HTAB (RFC 9110 §5.6.3). Unlike
 * `String.prototype.trim`, it leaves CR, LF, NBSP and other Unicode spaces
 * alone: they are not OWS, and a parser that silently dropped them would
 * disagree with its peers about where a value ends.
 *
 * @example
 * ```ts
 * trimOws(" \tgzip \t"); // "gzip"
 * trimOws("\u00a0x");    // "\u00a0x"
 * ```
 */
export function trimOws(text: string): string {
  let start = 0;
  let end = text.length;
  while (start < end) {
    const code = text.charCodeAt(start);
    if (code !== 0x20 && code !== 0x09) break;
    start++;
  }
  while (end > start) {
    const code = text.charCodeAt(end - 1);
    if (code !== 0x20 && code !== 0x09) break;
    end--;
  }
  return start === 0 && end === text.length ? text : text.slice(start, end);
}
