import { GrammarError, GrammarErrorCode } from "./errors.js";
import { err, ok, type Result } from "./result.js";
import { scanList } from "./split-list.js";

/** Options of {@link parseList}. */
export interface ParseListOptions {
  /** The least number of non-empty elements: 1 for the `1#element` rule. Default 0. */
  minimum?: number;
  /** The most elements accepted; a limit against lists built to exhaust memory. Default unlimited. */
  maximum?: number;
}

/**
 * Splits a list like {@link splitList} and checks it (RFC 9110 §5.6.1).
 *
 * ```abnf
 * 1#element = [ element ] *( OWS "," OWS [ element ] ) with at least one non-empty element
 * ; RFC 9110 §5.6.1.2
 * ```
 *
 * Fails with `HW_GRAMMAR_LIST_LENGTH` when there are fewer than `minimum` or
 * more than `maximum` non-empty elements, and with `HW_GRAMMAR_INVALID_LIST`
 * when a quoted-string is not closed.
 *
 * @example
 * ```ts
 * parseList("foo ,bar,", { minimum: 1 });  // { ok: true, value: ["foo", "bar"] }
 * parseList(",   ,", { minimum: 1 });      // { ok: false, error: HW_GRAMMAR_LIST_LENGTH }
 * ```
 */
export function parseList(
  text: string,
  options: ParseListOptions = {},
): Result<string[], GrammarError> {
  const { elements, unterminatedAt } = scanList(text);
  if (unterminatedAt >= 0) {
    return err(
      new GrammarError(
        GrammarErrorCode.INVALID_LIST,
        `quoted-string opened at index ${unterminatedAt} is not closed`,
        { offset: unterminatedAt },
      ),
    );
  }
  const minimum = options.minimum ?? 0;
  if (elements.length < minimum) {
    return err(
      new GrammarError(
        GrammarErrorCode.LIST_LENGTH,
        `list has ${elements.length} element(s), at least ${minimum} required`,
      ),
    );
  }
  const maximum = options.maximum ?? Number.POSITIVE_INFINITY;
  if (elements.length > maximum) {
    return err(
      new GrammarError(
        GrammarErrorCode.LIST_LENGTH,
        `list has ${elements.length} elements, at most ${maximum} allowed`,
      ),
    );
  }
  return ok(elements);
}
