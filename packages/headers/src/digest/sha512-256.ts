/**
 * SHA-512/256, FIPS 180-4 §6.7: SHA-512 with its own initial value, cut to 256
 * bits. RFC 7616 §3.3 lists it as "SHA-512-256". Inputs to Digest
 * authentication are a few hundred bytes, so this version favours obviously
 * correct 64-bit BigInt arithmetic over speed, and derives its constants from
 * their definitions instead of carrying 88 hand-copied 64-bit literals.
 */

const MASK = (1n << 64n) - 1n;

function firstPrimes(count: number): number[] {
  const primes: number[] = [];
  for (let n = 2; primes.length < count; n++) if (primes.every((p) => n % p !== 0)) primes.push(n);
  return primes;
}

/** floor(x^(1/k)) for a non-negative BigInt, by Newton's method. */
function integerRoot(x: bigint, k: bigint): bigint {
  if (x < 2n) return x;
  let r = 1n << (BigInt(x.toString(2).length) / k + 1n);
  for (;;) {
    const next = ((k - 1n) * r + x / r ** (k - 1n)) / k;
    if (next >= r) return r;
    r = next;
  }
}

/** First 64 bits of the fractional part of the k-th root of p: floor(p^(1/k) * 2^64) mod 2^64. */
function fractionBits(p: number, k: bigint): bigint {
  return integerRoot(BigInt(p) << (64n * k), k) & MASK;
}

let K: bigint[] | undefined;
let IV256: bigint[] | undefined;

// FIPS 180-4 §4.2.3: K = cube roots of the first 80 primes; §5.3.5: SHA-512 IV = square roots of the first 8.
function constants(): { k: bigint[]; iv: bigint[] } {
  if (K === undefined || IV256 === undefined) {
    const primes = firstPrimes(80);
    K = primes.map((p) => fractionBits(p, 3n));
    const sha512Iv = primes.slice(0, 8).map((p) => fractionBits(p, 2n));
    // FIPS 180-4 §5.3.6: the SHA-512/t IV is SHA-512, started from IV ^ 0xa5a5…, of the ASCII text "SHA-512/256".
    const ivGen = sha512Iv.map((v) => v ^ 0xa5a5a5a5a5a5a5a5n);
    const name = Uint8Array.from("SHA-512/256", (c) => c.charCodeAt(0));
    IV256 = compress(name, ivGen, K);
  }
  return { k: K, iv: IV256 };
}

const rotr = (x: bigint, n: bigint) => ((x >> n) | (x << (64n - n))) & MASK;

function compress(data: Uint8Array, iv: readonly bigint[], k: readonly bigint[]): bigint[] {
  // FIPS 180-4 §5.1.2: 0x80, zeros to 112 mod 128, 128-bit big-endian bit length.
  const blocks = Math.ceil((data.length + 17) / 128);
  const buf = new Uint8Array(blocks * 128);
  buf.set(data);
  buf[data.length] = 0x80;
  const view = new DataView(buf.buffer);
  view.setBigUint64(buf.length - 8, BigInt(data.length) * 8n, false);
  const h = iv.slice();
  const w: bigint[] = new Array(80);
  for (let off = 0; off < buf.length; off += 128) {
    for (let t = 0; t < 16; t++) w[t] = view.getBigUint64(off + t * 8, false);
    for (let t = 16; t < 80; t++) {
      const x = w[t - 15]!;
      const y = w[t - 2]!;
      const s0 = rotr(x, 1n) ^ rotr(x, 8n) ^ (x >> 7n);
      const s1 = rotr(y, 19n) ^ rotr(y, 61n) ^ (y >> 6n);
      w[t] = (w[t - 16]! + s0 + w[t - 7]! + s1) & MASK;
    }
    let [a, b, c, d, e, f, g, hh] = h as [
      bigint,
      bigint,
      bigint,
      bigint,
      bigint,
      bigint,
      bigint,
      bigint,
    ];
    for (let t = 0; t < 80; t++) {
      const ch = (e & f) ^ (~e & MASK & g);
      const t1 = (hh + (rotr(e, 14n) ^ rotr(e, 18n) ^ rotr(e, 41n)) + ch + k[t]! + w[t]!) & MASK;
      const maj = (a & b) ^ (a & c) ^ (b & c);
      const t2 = ((rotr(a, 28n) ^ rotr(a, 34n) ^ rotr(a, 39n)) + maj) & MASK;
      hh = g;
      g = f;
      f = e;
      e = (d + t1) & MASK;
      d = c;
      c = b;
      b = a;
      a = (t1 + t2) & MASK;
    }
    const vars = [a, b, c, d, e, f, g, hh];
    for (let i = 0; i < 8; i++) h[i] = (h[i]! + vars[i]!) & MASK;
  }
  return h;
}

/**
 * The SHA-512/256 digest (32 bytes) of `data`, FIPS 180-4 §6.7.
 *
 * @example
 * ```ts
 * toHex(sha512_256(new TextEncoder().encode("abc")));
 * // "53048e2681941ef99b2e29b76b4c7dabe4c2d0c634fc6d46e0e2f13107e7af23"
 * ```
 */
export function sha512_256(data: Uint8Array): Uint8Array {
  const { k, iv } = constants();
  const h = compress(data, iv, k);
  const out = new Uint8Array(32);
  const view = new DataView(out.buffer);
  for (let i = 0; i < 4; i++) view.setBigUint64(i * 8, h[i]!, false);
  return out;
}
