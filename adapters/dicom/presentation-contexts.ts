/**
 * Presentation context negotiation (PS3.8 §9.3.3.2): Verification with any uncompressed syntax, image
 * storage with the syntaxes of storage-conformance.ts. The sender's order is its preference, so the first
 * proposed syntax we take is the one accepted: a compressed file stays compressed end to end.
 */
import {
  isAcceptedTransferSyntax,
  isImageStorageClass,
  NATIVE_TRANSFER_SYNTAXES,
  VERIFICATION_SOP_CLASS,
} from './storage-conformance.ts';

export interface ProposedContext {
  id: number;
  abstractSyntax: string;
  transferSyntaxes: readonly string[];
}

export type ContextDecision =
  | { id: number; result: 'accept'; transferSyntax: string }
  | { id: number; result: 'abstract-syntax-not-supported' }
  | { id: number; result: 'transfer-syntaxes-not-supported' };

const strip = (uid: string) => uid.replace(/[\0 ]+$/, '');

export function decideContext(proposed: ProposedContext): ContextDecision {
  const abstract = strip(proposed.abstractSyntax);
  const syntaxes = proposed.transferSyntaxes.map(strip);
  const takes =
    abstract === VERIFICATION_SOP_CLASS
      ? (ts: string) => NATIVE_TRANSFER_SYNTAXES.has(ts)
      : isImageStorageClass(abstract)
        ? isAcceptedTransferSyntax
        : undefined;
  if (!takes) return { id: proposed.id, result: 'abstract-syntax-not-supported' };
  const chosen = syntaxes.find(takes);
  return chosen
    ? { id: proposed.id, result: 'accept', transferSyntax: chosen }
    : { id: proposed.id, result: 'transfer-syntaxes-not-supported' };
}

export const negotiate = (proposed: readonly ProposedContext[]): ContextDecision[] =>
  proposed.map(decideContext);
