/** ECDSA over a caller-supplied digest, which node:crypto cannot do directly (it always hashes again). */
import { createECDH, type KeyObject, randomBytes } from 'node:crypto';

interface Curve {
  /** OpenSSL curve name, as used by createECDH. */
  name: string;
  bytes: number;
  order: bigint;
}

const CURVES: Record<string, Curve> = {
  prime256v1: {
    name: 'prime256v1',
    bytes: 32,
    order: 0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551n,
  },
  secp384r1: {
    name: 'secp384r1',
    bytes: 48,
    order:
      0xffffffffffffffffffffffffffffffffffffffffffffffffc7634d81f4372ddf581a0db248b0a77aecec196accc52973n,
  },
};

const toBigInt = (bytes: Uint8Array): bigint =>
  bytes.length ? BigInt(`0x${Buffer.from(bytes).toString('hex')}`) : 0n;

function toBytes(n: bigint, length: number): Buffer {
  return Buffer.from(n.toString(16).padStart(length * 2, '0'), 'hex');
}

function modPow(base: bigint, exp: bigint, mod: bigint): bigint {
  let result = 1n;
  let b = base % mod;
  let e = exp;
  while (e > 0n) {
    if (e & 1n) result = (result * b) % mod;
    b = (b * b) % mod;
    e >>= 1n;
  }
  return result;
}

/** DER INTEGER: minimal big-endian, with a 0x00 pad when the top bit would read as a sign. */
function derInteger(n: bigint): Buffer {
  let hex = n.toString(16);
  if (hex.length % 2) hex = `0${hex}`;
  let body = Buffer.from(hex, 'hex');
  if ((body[0] as number) & 0x80) body = Buffer.concat([Buffer.from([0]), body]);
  return Buffer.concat([Buffer.from([0x02, body.length]), body]);
}

/** SEQUENCE { r, s }: the signature encoding Cloud KMS returns and node's verify() expects by default. */
export function derSignature(r: bigint, s: bigint): Buffer {
  const body = Buffer.concat([derInteger(r), derInteger(s)]);
  return Buffer.concat([Buffer.from([0x30, body.length]), body]);
}

const scalars = new WeakMap<KeyObject, bigint>();

function privateScalar(key: KeyObject): bigint {
  let d = scalars.get(key);
  if (d === undefined) {
    const jwk = key.export({ format: 'jwk' });
    if (!jwk.d) throw new Error('not an EC private key');
    d = toBigInt(Buffer.from(jwk.d, 'base64url'));
    scalars.set(key, d);
  }
  return d;
}

/**
 * Signs `digest` as-is: r = x(kG) mod n, s = k⁻¹(z + r·d) mod n, with kG computed natively by ECDH.
 * `curveName` is the OpenSSL name; the digest is as long as the curve order, so z is all of it.
 */
export function signDigest(key: KeyObject, curveName: string, digest: Uint8Array): Buffer {
  const curve = CURVES[curveName];
  if (!curve) throw new Error(`unsupported curve ${curveName}`);
  const n = curve.order;
  const z = toBigInt(digest.subarray(0, curve.bytes));
  const d = privateScalar(key);
  const ecdh = createECDH(curve.name);
  for (;;) {
    // Oversample k so the reduction mod n is unbiased enough; retry the (negligible) degenerate cases.
    const k = toBigInt(randomBytes(curve.bytes + 8)) % n;
    if (k === 0n) continue;
    ecdh.setPrivateKey(toBytes(k, curve.bytes));
    const point = ecdh.getPublicKey();
    const r = toBigInt(point.subarray(1, 1 + curve.bytes)) % n;
    if (r === 0n) continue;
    const s = (modPow(k, n - 2n, n) * ((z + r * d) % n)) % n;
    if (s === 0n) continue;
    return derSignature(r, s);
  }
}
