/**
 * The bulk pseudonym path: newline-separated values in, newline-separated tokens out, as bytes. For
 * printable-ASCII values (nearly every identifier) canonicalization runs on the bytes themselves and
 * the only per-token allocations are the HMAC and its digest; anything else takes the string path.
 * Gives exactly `pseudonymWith(fk, value, issuer)` for every line. Values are not validated here.
 */
import { createHmac } from 'node:crypto';
import { canonicalize } from './fields.ts';
import type { FieldKey } from './keyring.ts';

const NL = 0x0a;
const MAX_FAST = 1024;

/** Number of values in a newline-separated buffer (a final line without newline counts). */
export function countLines(input: Uint8Array): number {
  let n = 0;
  for (let i = 0; i < input.length; i++) if (input[i] === NL) n++;
  return input.length > 0 && input[input.length - 1] !== NL ? n + 1 : n;
}

export function pseudonymizeLines(fk: FieldKey, input: Buffer, issuer: string | undefined): Buffer {
  const prefix = Buffer.from(fk.prefix, 'latin1');
  const scope = fk.domain.shared ? undefined : Buffer.from(`${issuer ?? ''}\u0000`, 'utf8');
  const identifier = fk.domain.identifier;
  const width = prefix.length + 33;
  // Its own ArrayBuffer (not the shared pool), so a worker can transfer it without copying.
  const out = Buffer.allocUnsafeSlow(countLines(input) * width);
  // The issuer scope is written once at the head of the scratch buffer: one HMAC update per token.
  const scratch = Buffer.allocUnsafeSlow((scope?.length ?? 0) + MAX_FAST);
  const head = scope ? scope.copy(scratch, 0) : 0;
  let o = 0;
  let start = 0;
  while (start < input.length) {
    let end = input.indexOf(NL, start);
    if (end < 0) end = input.length;
    let len = head;
    let plain = end - start <= MAX_FAST;
    for (let i = start; plain && i < end; i++) {
      let b = input[i] as number;
      if (b < 0x21 || b > 0x7e) plain = false;
      else if (identifier && (b === 0x2d || b === 0x2e || b === 0x2f || b === 0x5f)) continue;
      else {
        if (b >= 0x41 && b <= 0x5a) b |= 0x20;
        scratch[len++] = b;
      }
    }
    const mac = createHmac('sha256', fk.key);
    if (plain) mac.update(scratch.subarray(0, len));
    else {
      if (scope) mac.update(scope);
      mac.update(canonicalize(fk.domain, input.toString('utf8', start, end)));
    }
    o += prefix.copy(out, o);
    o += out.write(mac.digest('base64url'), o, 32, 'latin1');
    out[o++] = NL;
    start = end + 1;
  }
  return out;
}
