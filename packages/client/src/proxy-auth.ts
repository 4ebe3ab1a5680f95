import { formatBasicCredentials } from "@hyperwire/headers";
import {
  type AuthAnswer,
  type AuthCredentials,
  type AuthRequest,
  answerChallenge,
  forgetAuthorization,
  preemptiveAuthorization,
} from "./http-auth.js";
import type { ProxyCredentials } from "./proxy-option.js";

// The scope under which http-auth remembers what the proxy accepted (one authenticator per pool).
const PROXY_SCOPE = "proxy";

/**
 * The Proxy-Authorization of one pool's proxy (internal): a value given
 * whole is sent as is; credentials go out as Basic up front (unless
 * `preemptive: false`) and answer a 407's Proxy-Authenticate challenges
 * (RFC 9110 §11.7.1) with the strongest scheme offered, Digest (RFC 7616)
 * before Basic. Once the proxy accepted a Digest answer, later requests send
 * Digest with the same nonce and the next nonce count (RFC 7616 §3.4).
 * For a forwarded request Digest signs the absolute-form target; for a
 * tunnel, CONNECT and the authority (RFC 7616 §3.4: the request-target).
 */
export class ProxyAuthenticator {
  readonly #fixed: string | undefined;
  /** A private copy: its identity keys the remembered Digest state. */
  readonly #credentials: AuthCredentials | undefined;
  readonly #upFront: boolean;

  constructor(fixed: string | undefined, credentials: ProxyCredentials | undefined) {
    this.#fixed = fixed;
    this.#credentials =
      credentials === undefined
        ? undefined
        : { username: credentials.username, password: credentials.password };
    this.#upFront = credentials?.preemptive !== false;
  }

  /** Whether a 407 can be answered (credentials, not a fixed value). */
  get canAnswer(): boolean {
    return this.#credentials !== undefined;
  }

  /** The value to send before any challenge, if any. */
  authorizationFor(request: AuthRequest): string | undefined {
    if (this.#fixed !== undefined) return this.#fixed;
    const credentials = this.#credentials;
    if (credentials === undefined) return undefined;
    const remembered = preemptiveAuthorization(credentials, PROXY_SCOPE, request);
    if (remembered !== undefined) return remembered;
    return this.#upFront
      ? formatBasicCredentials(credentials.username, credentials.password)
      : undefined;
  }

  /**
   * The answer to a 407 that refused `sent` (the Proxy-Authorization of the
   * refused request, if any), or null when there is none worth sending: no
   * credentials, no usable challenge, or the same Basic value again.
   */
  answer(
    challengeLines: readonly string[],
    request: AuthRequest,
    sent: string | undefined,
  ): AuthAnswer | null {
    const credentials = this.#credentials;
    if (credentials === undefined) return null;
    const answer = answerChallenge(credentials, PROXY_SCOPE, challengeLines, request);
    if (answer === null || answer.authorization === sent) {
      forgetAuthorization(credentials, PROXY_SCOPE);
      return null;
    }
    return answer;
  }

  /** The proxy refused the answer: stop sending it ahead of a challenge. */
  refused(): void {
    if (this.#credentials !== undefined) forgetAuthorization(this.#credentials, PROXY_SCOPE);
  }
}
