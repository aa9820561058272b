/* yizhan search: gzip decompression (RFC 1952 around RFC 1951 deflate) for
   browsers without DecompressionStream. search.js loads this file only
   there; it sets window.yizhan.inflate(bytes) -> bytes. A canonical
   Huffman decoder read bit by bit, after zlib's puff.c. Plain ES2018. */
(() => {
  'use strict';
  const LENGTH_BASE = [3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258];
  const LENGTH_EXTRA = [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0];
  const DIST_BASE = [1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577];
  const DIST_EXTRA = [0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13];
  /* The order in which a dynamic block lists its code length code lengths. */
  const ORDER = [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15];

  /* A canonical Huffman code from its code lengths: how many codes of each
     length, and the symbols in code order. */
  const huffman = (lengths) => {
    const count = new Uint16Array(16);
    for (const l of lengths) count[l]++;
    const offset = new Uint16Array(16);
    for (let len = 1; len < 15; len++) offset[len + 1] = offset[len] + count[len];
    const symbol = new Uint16Array(lengths.length);
    lengths.forEach((l, s) => {
      if (l) symbol[offset[l]++] = s;
    });
    count[0] = 0;
    return { count, symbol };
  };

  const fixed = (() => {
    const lengths = new Uint8Array(288);
    lengths.fill(8, 0, 144).fill(9, 144, 256).fill(7, 256, 280).fill(8, 280, 288);
    return [huffman(lengths), huffman(new Uint8Array(30).fill(5))];
  })();

  /* Deflate data from `at` in `input` to bytes. */
  const inflateRaw = (input, at) => {
    let pos = at;
    let bitBuf = 0;
    let bitCount = 0;
    let out = new Uint8Array(Math.max(1024, input.length * 4));
    let size = 0;
    const fail = () => { throw new Error('inflate: bad data'); };
    const bits = (n) => {
      while (bitCount < n) {
        if (pos >= input.length) fail();
        bitBuf |= input[pos++] << bitCount;
        bitCount += 8;
      }
      const v = bitBuf & ((1 << n) - 1);
      bitBuf >>>= n;
      bitCount -= n;
      return v;
    };
    const room = (n) => {
      if (size + n <= out.length) return;
      const grown = new Uint8Array(Math.max(out.length * 2, size + n));
      grown.set(out.subarray(0, size));
      out = grown;
    };
    const decode = (h) => {
      let code = 0;
      let first = 0;
      let index = 0;
      for (let len = 1; len < 16; len++) {
        code |= bits(1);
        const count = h.count[len];
        if (code - count < first) return h.symbol[index + (code - first)];
        index += count;
        first = (first + count) << 1;
        code <<= 1;
      }
      return fail();
    };
    const codes = (lit, dist) => {
      for (;;) {
        const sym = decode(lit);
        if (sym < 256) {
          room(1);
          out[size++] = sym;
        } else if (sym === 256) {
          return;
        } else {
          const l = sym - 257;
          if (l >= 29) fail();
          const len = LENGTH_BASE[l] + bits(LENGTH_EXTRA[l]);
          const d = decode(dist);
          if (d >= 30) fail();
          const back = DIST_BASE[d] + bits(DIST_EXTRA[d]);
          if (back > size) fail();
          room(len);
          for (let i = 0; i < len; i++, size++) out[size] = out[size - back];
        }
      }
    };
    const dynamic = () => {
      const nlen = bits(5) + 257;
      const ndist = bits(5) + 1;
      const ncode = bits(4) + 4;
      const lengths = new Uint8Array(19);
      for (let i = 0; i < ncode; i++) lengths[ORDER[i]] = bits(3);
      const lencode = huffman(lengths);
      const all = new Uint8Array(nlen + ndist);
      for (let i = 0; i < nlen + ndist;) {
        const sym = decode(lencode);
        if (sym < 16) {
          all[i++] = sym;
          continue;
        }
        let value = 0;
        let repeat;
        if (sym === 16) {
          if (i === 0) fail();
          value = all[i - 1];
          repeat = 3 + bits(2);
        } else if (sym === 17) repeat = 3 + bits(3);
        else repeat = 11 + bits(7);
        if (i + repeat > nlen + ndist) fail();
        all.fill(value, i, i + repeat);
        i += repeat;
      }
      codes(huffman(all.subarray(0, nlen)), huffman(all.subarray(nlen)));
    };
    let last;
    do {
      last = bits(1);
      const type = bits(2);
      if (type === 0) {
        bitBuf = 0;
        bitCount = 0;
        if (pos + 4 > input.length) fail();
        const len = input[pos] | (input[pos + 1] << 8);
        pos += 4;
        if (pos + len > input.length) fail();
        room(len);
        out.set(input.subarray(pos, pos + len), size);
        size += len;
        pos += len;
      } else if (type === 1) codes(fixed[0], fixed[1]);
      else if (type === 2) dynamic();
      else fail();
    } while (!last);
    return out.slice(0, size);
  };

  /* A gzip member: its header skipped, its deflate data inflated. */
  const inflate = (bytes) => {
    if (bytes[0] !== 0x1f || bytes[1] !== 0x8b || bytes[2] !== 8) throw new Error('inflate: not gzip');
    const flags = bytes[3];
    let at = 10;
    if (flags & 4) at += 2 + (bytes[at] | (bytes[at + 1] << 8));
    for (const bit of [8, 16]) {
      if (flags & bit) {
        while (bytes[at] !== 0) at++;
        at++;
      }
    }
    if (flags & 2) at += 2;
    return inflateRaw(bytes, at);
  };

  const api = window.yizhan || {};
  api.inflate = inflate;
  window.yizhan = api;
})();
