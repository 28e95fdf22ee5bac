// Where in the document a signature's issue points: its 1-based slot and the path of its ds:Signature.
export interface Where {
  readonly index: number;
  /** `DSCKS/CKS[n]/Signature`: issue paths are written below it. */
  readonly base: string;
}
