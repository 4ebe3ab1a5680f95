import { asciiLower } from "./ascii-lower.js";
import { FIELD_FACTS, type FieldContext, type FieldKind } from "./field-facts.js";
import { FIELD_NAMES_CANONICAL, FIELD_NAMES_LOWER, fieldNameIndex } from "./field-names.js";
import type {
  FieldRegistration,
  FieldRegistrationStatus,
  StructuredFieldType,
} from "./field-registration.js";
import { IANA_FIELD_REGISTRY } from "./field-registry.generated.js";

/**
 * Everything hyperwire knows about a field name: its IANA registration merged
 * with the hand-written protocol facts. Facts hyperwire does not keep for a
 * field are `undefined` (never guessed).
 */
export interface FieldDefinition {
  /** Canonical casing. */
  readonly name: string;
  /** Lowercase name (the shared interned string). */
  readonly lowerName: string;
  /** Index in `FIELD_NAMES_LOWER`, as `findFieldName` returns it. */
  readonly index: number;
  /** IANA status, or `"unregistered"` for the de-facto names hyperwire also knows. */
  readonly status: FieldRegistrationStatus | "unregistered";
  /** The IANA row, when the name is registered. */
  readonly registration: FieldRegistration | undefined;
  /** The Structured Field type (RFC 9651) the registration declares. */
  readonly structuredType: StructuredFieldType | undefined;
  /** How repeated lines combine (RFC 9110 §5.3), when known. */
  readonly kind: FieldKind | undefined;
  /** Which messages carry the field, when known. */
  readonly context: FieldContext | undefined;
  /** Hop-by-hop (RFC 9110 §7.6.1). `false` for every field not in the fixed hop-by-hop set. */
  readonly hopByHop: boolean;
  /** Forbidden in trailers (RFC 9110 §6.5.1), when known. */
  readonly forbiddenInTrailers: boolean | undefined;
  /** Where the field is defined, from the facts table or else IANA's reference. */
  readonly specification: string | undefined;
}

const definitions: FieldDefinition[] = [];
{
  const registrations = new Map<string, FieldRegistration>();
  for (const entry of IANA_FIELD_REGISTRY) registrations.set(entry.name.toLowerCase(), entry);
  const facts = new Map(FIELD_FACTS.map((row) => [row.name.toLowerCase(), row]));
  for (let index = 0; index < FIELD_NAMES_LOWER.length; index++) {
    const lowerName = FIELD_NAMES_LOWER[index]!;
    const registration = registrations.get(lowerName);
    const row = facts.get(lowerName);
    definitions.push(
      Object.freeze({
        name: FIELD_NAMES_CANONICAL[index]!,
        lowerName,
        index,
        status: registration?.status ?? "unregistered",
        registration,
        structuredType: registration?.structuredType,
        kind: row?.kind,
        context: row?.context,
        hopByHop: row?.hopByHop ?? false,
        forbiddenInTrailers: row?.forbiddenInTrailers,
        specification: row?.specification ?? registration?.reference,
      }),
    );
  }
}

/**
 * Looks a field name up in the merged registry. The name may be in any
 * casing (ASCII letters fold); returns `undefined` for unknown names.
 *
 * @example
 * ```ts
 * getFieldDefinition("content-length");
 * // { name: "Content-Length", kind: "singleton", forbiddenInTrailers: true,
 * //   status: "permanent", specification: "RFC 9110 §8.6", … }
 * ```
 */
export function getFieldDefinition(lowerName: string): FieldDefinition | undefined {
  const index = fieldNameIndex(asciiLower(lowerName));
  return index === -1 ? undefined : definitions[index];
}

/** The definition at an index `findFieldName` returned (no string lookup). */
export function getFieldDefinitionAt(index: number): FieldDefinition | undefined {
  return definitions[index];
}

/**
 * Whether a sender must not put the field in a trailer section (RFC 9110
 * §6.5.1): framing, routing, request modifiers, authentication (cookies
 * included), response control data, Content-Encoding/-Type/-Range, Trailer,
 * and every hop-by-hop field. Unknown fields are allowed, as the RFC lets a
 * field's own definition decide.
 */
export function isForbiddenInTrailers(lowerName: string): boolean {
  return getFieldDefinition(lowerName)?.forbiddenInTrailers === true;
}

/**
 * Whether the field is defined to hold one value, so several lines of it
 * are an error (RFC 9110 §5.3 ¶5), e.g. Content-Length, Host, Content-Type,
 * Authorization. Unknown fields are not singletons.
 */
export function isSingletonField(lowerName: string): boolean {
  return getFieldDefinition(lowerName)?.kind === "singleton";
}
