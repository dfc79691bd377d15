// SHA-1 in JavaScript, for the few short texts a command hashes (a file's version, a
// lease token, a lock's folder name) without loading node:crypto (~5 ms CPU a process).

/** SHA-1 (FIPS 180-4) of the UTF-8 bytes of `text`, as 40 lowercase hex digits. */
export function sha1Hex(text: string): string {
  const bytes = Buffer.from(text, "utf8");
  const n = bytes.length;
  // the message, the 0x80 marker, zeros and the length in bits (64 bits): whole 64-byte blocks
  const size = Math.ceil((n + 9) / 64) * 64;
  const p = new Uint8Array(size);
  p.set(bytes);
  p[n] = 0x80;
  const bitsHigh = Math.floor(n / 0x20000000);
  const bitsLow = (n * 8) >>> 0;
  for (let i = 0; i < 4; i++) {
    p[size - 8 + i] = (bitsHigh >>> (24 - 8 * i)) & 0xff;
    p[size - 4 + i] = (bitsLow >>> (24 - 8 * i)) & 0xff;
  }
  let h0 = 0x67452301;
  let h1 = 0xefcdab89 | 0;
  let h2 = 0x98badcfe | 0;
  let h3 = 0x10325476;
  let h4 = 0xc3d2e1f0 | 0;
  const w = new Int32Array(80);
  for (let block = 0; block < size; block += 64) {
    for (let t = 0, i = block; t < 16; t++, i += 4)
      w[t] = (p[i]! << 24) | (p[i + 1]! << 16) | (p[i + 2]! << 8) | p[i + 3]!;
    for (let t = 16; t < 80; t++) {
      const x = w[t - 3]! ^ w[t - 8]! ^ w[t - 14]! ^ w[t - 16]!;
      w[t] = (x << 1) | (x >>> 31);
    }
    let a = h0;
    let b = h1;
    let c = h2;
    let d = h3;
    let e = h4;
    let next: number;
    for (let t = 0; t < 20; t++) {
      next = (((a << 5) | (a >>> 27)) + ((b & c) | (~b & d)) + e + 0x5a827999 + w[t]!) | 0;
      e = d;
      d = c;
      c = (b << 30) | (b >>> 2);
      b = a;
      a = next;
    }
    for (let t = 20; t < 40; t++) {
      next = (((a << 5) | (a >>> 27)) + (b ^ c ^ d) + e + 0x6ed9eba1 + w[t]!) | 0;
      e = d;
      d = c;
      c = (b << 30) | (b >>> 2);
      b = a;
      a = next;
    }
    for (let t = 40; t < 60; t++) {
      next = (((a << 5) | (a >>> 27)) + ((b & c) | (b & d) | (c & d)) + e + 0x8f1bbcdc + w[t]!) | 0;
      e = d;
      d = c;
      c = (b << 30) | (b >>> 2);
      b = a;
      a = next;
    }
    for (let t = 60; t < 80; t++) {
      next = (((a << 5) | (a >>> 27)) + (b ^ c ^ d) + e + 0xca62c1d6 + w[t]!) | 0;
      e = d;
      d = c;
      c = (b << 30) | (b >>> 2);
      b = a;
      a = next;
    }
    h0 = (h0 + a) | 0;
    h1 = (h1 + b) | 0;
    h2 = (h2 + c) | 0;
    h3 = (h3 + d) | 0;
    h4 = (h4 + e) | 0;
  }
  return hex(h0) + hex(h1) + hex(h2) + hex(h3) + hex(h4);
}

const hex = (word: number): string => (word >>> 0).toString(16).padStart(8, "0");
