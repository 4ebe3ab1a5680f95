import { HyperwireError, type HyperwireErrorOptions } from "@hyperwire/grammar";

/**
 * A protocol error found by the HTTP/1.x codec. `code` is stable
 * (`HW_H1_INVALID_CHUNK_SIZE`, …), `offset` counts bytes from the start of the
 * connection's input, and `statusHint` is the status a server should answer
 * with before closing.
 */
export class H1Error extends HyperwireError {
  /** Which side broke the rules: the peer that sent the bytes, or the local caller. */
  readonly side: "peer" | "local";

  constructor(
    code: string,
    message: string,
    options: HyperwireErrorOptions & { side?: "peer" | "local" } = {},
  ) {
    super(code, message, options);
    this.side = options.side ?? "peer";
  }
}
