// @hyperwire/methods: the IANA HTTP Method Registry and the rules RFC 9110 §9
// and RFC 9112 attach to methods. Curated public surface; everything else is internal.
export { allowedTargetForms, type TargetForm } from "./allowed-target-forms.js";
export { getMethodDefinition, isMethodToken } from "./get-method-definition.js";
export {
  Method,
  type MethodConstantName,
  type MethodConstants,
  type StandardMethodName,
} from "./method.js";
export {
  isCacheableMethod,
  isIdempotentMethod,
  isSafeMethod,
  requestContentSemantics,
} from "./method-properties.js";
export {
  METHODS,
  type MethodDefinition,
  type RegisteredMethodName,
  type RequestContentSemantics,
} from "./method-registry.js";
export { responseMayHaveContent, successfulResponseIsTunnel } from "./response-rules.js";
export { canPipeline, canRetryAutomatically, type RetryOptions } from "./retry-and-pipelining.js";
