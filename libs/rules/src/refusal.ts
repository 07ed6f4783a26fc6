/** A rule's refusal: a code of the contract, the rule id, a French message, optional details. */
export interface Refusal {
  code: string;
  rule: string;
  message: string;
  /** An admin may lift it with a reason (centre policy: R-ELIG-4, R-ELIG-5). */
  overridable?: boolean;
  details?: unknown;
}
