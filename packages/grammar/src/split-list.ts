import { trimOws } from "./ows.js";

/**
 * Splits a comma-separated list into its elements (RFC 9110 §5.6.1).
 *
 * ```abnf
 * #element = [ element ] *( OWS "," OWS [ element ] )
 * ; RFC 9110 §5.6.1.2: a recipient must accept and ignore empty elements
 * ```
 *
 * Commas inside a quoted-string (including after a quoted-pair `\"`) do not
 * split; commas inside parentheses do, since few fields allow comments in
 * list elements and the rule is the fields' to state. Each element is
 * trimmed of OWS and empty elements are dropped. Elements are returned as
 * written (still quoted); an unterminated quoted-string runs to the end of the
 * text. Use {@link parseList} to have that, or a `1#` minimum, reported.
 *
 * @example
 * ```ts
 * splitList("foo , ,bar,charlie");   // ["foo", "bar", "charlie"]
 * splitList('a, "b, c", d');         // ["a", '"b, c"', "d"]
 * splitList("");                     // []
 * ```
 */
export function splitList(text: string): string[] {
  return scanList(text).elements;
}

/** @internal The elements of a list and whether a quoted-string was left open. */
export function scanList(text: string): { elements: string[]; unterminatedAt: number } {
  const elements: string[] = [];
  const length = text.length;
  let elementStart = 0;
  let quoteStart = -1;
  for (let i = 0; i < length; i++) {
    const code = text.charCodeAt(i);
    if (quoteStart >= 0) {
      if (code === 0x5c) i++;
      else if (code === 0x22) quoteStart = -1;
    } else if (code === 0x22) {
      quoteStart = i;
    } else if (code === 0x2c) {
      const element = trimOws(text.slice(elementStart, i));
      if (element !== "") elements.push(element);
      elementStart = i + 1;
    }
  }
  const last = trimOws(text.slice(elementStart));
  if (last !== "") elements.push(last);
  return { elements, unterminatedAt: quoteStart };
}
