/**
 * What a document's data is: plain JSON-like fields (`DocData`), with `Double` for a number that
 * must stay a Firestore double. The leaf of shared/store: it imports nothing.
 */

export type DocData = Record<string, unknown>;

/**
 * A number that must be stored as a Firestore double even when it is whole (firebase-admin
 * stores whole JS numbers as integers). The file store writes it as a plain JSON number.
 */
export class Double {
  constructor(readonly value: number) {
    if (!Number.isFinite(value)) throw new Error(`Double: not a finite number: ${value}`);
  }
  toJSON(): number {
    return this.value;
  }
  valueOf(): number {
    return this.value;
  }
}
