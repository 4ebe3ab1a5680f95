/** The registration status of a field name in the IANA registry (RFC 9110 §16.3.1). */
export type FieldRegistrationStatus = "permanent" | "provisional" | "deprecated" | "obsoleted";

/** The Structured Field type a registration declares (RFC 9651 §2, RFC 9110 §16.3.2.2). */
export type StructuredFieldType = "Item" | "List" | "Dictionary" | "Token";

/** One row of the IANA HTTP Field Name Registry, as published. */
export interface FieldRegistration {
  /** The field name with the casing IANA registered. */
  readonly name: string;
  /** Registration status. */
  readonly status: FieldRegistrationStatus;
  /** The Structured Field type, when the registration names one. */
  readonly structuredType?: StructuredFieldType;
  /** The specification document(s), as IANA lists them. */
  readonly reference: string;
  /** IANA's comments, whitespace collapsed. */
  readonly comments?: string;
}
