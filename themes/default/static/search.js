/* yizhan search client: window.yizhan.search(query, filters). The index
   format is described in src/search/mod.rs and docs/search.md; this file
   follows it. Plain ES2018, no dependencies. */
(() => {
  'use strict';
  const script = document.currentScript;
  const base = new URL((script && script.dataset.index) || 'search/', script ? script.src : location.href);
  /* Results link to pages in the language of the page searching. */
  const root = script && script.dataset.root;
  /* The head and rows in the page's language (zh-hant/; src/search/langs.rs). */
  const words = (script && script.dataset.words) || '';
  const cache = new Map();
  const decoded = new Map();

  /* Index files are gzipped (src/search/stored.rs); without
     DecompressionStream, search-inflate.js decompresses them. */
  let inflater;
  const inflate = () => {
    if (!inflater) {
      inflater = new Promise((resolve, reject) => {
        const s = document.createElement('script');
        s.src = new URL('search-inflate.js', script ? script.src : location.href);
        s.onload = () => (window.yizhan && window.yizhan.inflate ? resolve(window.yizhan.inflate) : reject(new Error(s.src)));
        s.onerror = () => reject(new Error(s.src));
        document.head.appendChild(s);
      });
      inflater.catch(() => { inflater = null; });
    }
    return inflater;
  };
  const unpack = async (buffer) => {
    const bytes = new Uint8Array(buffer);
    if (bytes[0] !== 0x1f || bytes[1] !== 0x8b) return bytes;
    if (typeof DecompressionStream === 'function') {
      const stream = new Response(bytes).body.pipeThrough(new DecompressionStream('gzip'));
      return new Uint8Array(await new Response(stream).arrayBuffer());
    }
    return (await inflate())(bytes);
  };
  const utf8 = new TextDecoder();
  const json = (bytes) => JSON.parse(utf8.decode(bytes));

  /* An index file, decoded (JSON unless `decode` says otherwise). */
  const load = (name, decode) => {
    let p = cache.get(name);
    if (!p) {
      p = fetch(new URL(name + '.bin', base)).then((r) => {
        if (!r.ok) throw new Error(name + ': HTTP ' + r.status);
        return r.arrayBuffer();
      }).then(unpack).then(decode || json);
      p.catch(() => cache.delete(name));
      cache.set(name, p);
    }
    return p;
  };

  let ready;
  const start = () => {
    if (!ready) {
      ready = Promise.all([load(words + 'head'), load('fold')]).then(([head, fold]) => {
        const map = new Map();
        const pairs = Array.from(fold.map);
        for (let i = 0; i + 1 < pairs.length; i += 2) map.set(pairs[i], pairs[i + 1]);
        const syllables = new Set(head.syllables.split(' ').filter(Boolean));
        const prefixes = new Set();
        for (const s of syllables) for (let i = 1; i < s.length; i++) prefixes.add(s.slice(0, i));
        const areaIndex = new Map(head.areas.map((a, i) => [a[0], i]));
        const holidays = new Set(head.holidays);
        const clock = new Intl.DateTimeFormat('en-US', {
          timeZone: head.tz, hour12: false, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit',
        });
        return { head, map, syllables, prefixes, areaIndex, holidays, clock };
      });
      ready.catch(() => { ready = null; });
    }
    return ready;
  };

  /* Folding and query terms, as src/search/{fold,ngram,pinyin,synonyms}.rs */
  const fold = (ix, q) => Array.from(q.normalize('NFKC').toLowerCase(), (c) => ix.map.get(c) || c).join('');
  const WORD = /[\p{Alphabetic}\p{N}]/u;

  const runs = (chars) => {
    const out = [];
    let s = -1;
    chars.forEach((c, i) => {
      const w = WORD.test(c);
      if (w && s < 0) s = i;
      if (!w && s >= 0) { out.push(chars.slice(s, i)); s = -1; }
    });
    if (s >= 0) out.push(chars.slice(s));
    return out;
  };

  const charGrams = (run) => run.length === 1
    ? [{ t: run[0], q: 0 }]
    : run.slice(1).map((c, i) => ({ t: run[i] + c, q: i }));

  const MAX_ALT = 4;
  const pinyinAlternatives = (ix, run) => {
    const text = run.join('');
    if (run.length < 2 || !/^[a-z]+$/.test(text)) return [];
    const found = [];
    const segment = (rest, path) => {
      if (found.length >= MAX_ALT) return;
      if (!rest) { found.push(path); return; }
      for (let len = Math.min(rest.length, 6); len >= 1; len--) {
        const head = rest.slice(0, len);
        if (ix.syllables.has(head)) segment(rest.slice(len), path.concat([['f', head]]));
      }
      if (path.length && ix.prefixes.has(rest)) found.push(path.concat([['i', rest[0]]]));
    };
    segment(text, []);
    if (!found.some((p) => p.every((t) => t[0] === 'f'))) found.push(Array.from(text, (c) => ['i', c]));
    const out = [];
    for (const tokens of found) {
      if (tokens.length === 1) {
        if (tokens[0][0] === 'f') out.push([{ t: "'" + tokens[0][1], q: 0 }]);
        continue;
      }
      const grams = [];
      for (let i = 0; i + 1 < tokens.length; i++) {
        const [a, b] = [tokens[i], tokens[i + 1]];
        if (a[0] === 'i' && b[0] === 'f') break;
        grams.push({ t: (a[0] === 'f' ? "'" : '^') + a[1] + (b[0] === 'f' ? "'" : '^') + b[1], q: i });
      }
      if (grams.length === tokens.length - 1) out.push(grams);
    }
    return out.slice(0, MAX_ALT);
  };

  const expand = (ix, q) => {
    const out = [q];
    let key = null;
    for (const k of Object.keys(ix.head.synonyms)) {
      if (!q.includes(k)) continue;
      const d = key === null ? 1 : Array.from(k).length - Array.from(key).length;
      if (d > 0 || (d === 0 && k < key)) key = k;
    }
    if (key !== null) {
      for (const v of ix.head.synonyms[key]) {
        const alt = q.replace(key, () => v);
        if (out.length < 8 && !out.includes(alt)) out.push(alt);
      }
    }
    return out;
  };

  /* Postings of a term: its documents in order, and a code per document
     number: >= 0 a name hit (pos * 2 + end), -1 category, -2 text, NONE
     absent. A dense term (src/search/dense.rs) has docs null unless
     `whole` loads its text tier. The last terms used stay decoded. */
  const NONE = -32768;
  const KEEP = 64;
  const hash = (term) => {
    let h = 0x811c9dc5;
    for (let i = 0; i < term.length; i++) h = Math.imul(h ^ term.charCodeAt(i), 0x01000193) >>> 0;
    return h;
  };

  /* LEB128 numbers: next() reads one. */
  const reader = (bytes, at) => ({
    at,
    next() {
      let n = 0;
      let shift = 0;
      let b;
      do {
        b = bytes[this.at++];
        n += (b & 0x7f) * 2 ** shift;
        shift += 7;
      } while (b & 0x80);
      return n;
    },
  });

  /* A term shard or x file: term -> body. */
  const entries = (bytes) => {
    const terms = new Map();
    const r = reader(bytes, 0);
    while (r.at < bytes.length) {
      const len = r.next();
      const term = utf8.decode(bytes.subarray(r.at, r.at + len));
      r.at += len;
      const body = r.next();
      terms.set(term, bytes.subarray(r.at, r.at + body));
      r.at += body;
    }
    return terms;
  };

  const postings = async (ix, term, whole) => {
    let p = decoded.get(term);
    if (p && (p.docs || !whole)) {
      decoded.delete(term);
      decoded.set(term, p);
      return p;
    }
    const h = hash(term);
    const body = (await load('t/' + (h % ix.head.shards.terms), entries)).get(term);
    const code = new Int16Array(ix.head.n).fill(NONE);
    let docs = [];
    let absent = 0;
    if (body) {
      const r = reader(body, 0);
      const dense = r.next();
      const counts = [r.next(), r.next(), r.next()];
      let text = null;
      if (dense && whole) {
        const x = (await load('x/' + h.toString(16).padStart(8, '0'), entries)).get(term);
        text = reader(x, 0);
      } else if (dense) {
        code.fill(-2);
        docs = null;
      }
      let doc = 0;
      for (let i = 0; i + 1 < counts[0]; i += 2) {
        doc += r.next();
        code[doc] = Math.min(r.next(), 32767);
        if (docs) docs.push(doc);
      }
      doc = 0;
      for (let i = 0; i < counts[1]; i++) {
        doc += r.next();
        code[doc] = -1;
        if (docs) docs.push(doc);
      }
      const from = text || r;
      const count = text ? text.next() : counts[2];
      doc = 0;
      for (let i = 0; i < count; i++) {
        doc += from.next();
        if (dense && !text) {
          code[doc] = NONE;
          absent++;
        } else {
          code[doc] = -2;
          docs.push(doc);
        }
      }
    }
    p = { docs, code, absent };
    decoded.set(term, p);
    if (decoded.size > KEEP) decoded.delete(decoded.keys().next().value);
    return p;
  };

  /* Ranks one alternative (grams of one run) into best[doc] (kept when
     higher), listing newly found documents in found: 5 exact name, 4 name
     prefix, 3 name substring, 2 category, 1 text. */
  const scoreGrams = (lists, grams, best, found) => {
    let small = null;
    for (const l of lists) if (l.docs && (!small || l.docs.length < small.docs.length)) small = l;
    if (!small) return;
    const n = lists.length;
    for (const doc of small.docs) {
      let worst = 0;
      let consecutive = true;
      let last = 0;
      let first = -1;
      let i = 0;
      for (; i < n; i++) {
        const c = lists[i].code[doc];
        if (c === NONE) break;
        if (c < 0) {
          if (c < worst) worst = c;
          continue;
        }
        if (i === 0) first = c >> 1;
        else if ((c >> 1) !== first + grams[i].q - grams[0].q) consecutive = false;
        last = c;
      }
      if (i < n) continue;
      const s = worst < 0 ? 3 + worst : first === 0 && consecutive ? (last & 1 ? 5 : 4) : 3;
      if (!best[doc]) found.push(doc);
      if (best[doc] < s) best[doc] = s;
    }
  };

  /* Ranks of one folded query: [documents, rank by document number]. */
  const scoreQuery = async (ix, q) => {
    let docs = null;
    let total = null;
    for (const run of runs(Array.from(q))) {
      const best = new Uint8Array(ix.head.n);
      const found = [];
      for (const grams of [charGrams(run)].concat(pinyinAlternatives(ix, run))) {
        const lists = await Promise.all(grams.map((g) => postings(ix, g.t)));
        if (!lists.some((l) => l.docs)) {
          // All dense: list the documents of the rarest.
          let i = 0;
          lists.forEach((l, j) => { if (l.absent > lists[i].absent) i = j; });
          lists[i] = await postings(ix, grams[i].t, true);
        }
        scoreGrams(lists, grams, best, found);
      }
      if (total === null) {
        docs = found;
        total = best;
      } else {
        docs = docs.filter((d) => best[d]);
        for (const d of docs) total[d] = Math.min(total[d], best[d], 3);
      }
    }
    return [docs || [], total];
  };

  /* Time in the site's zone: day numbers (days since 1970-01-01) and minutes. */
  const DAY_MS = 864e5;
  const localNow = (ix, when) => {
    const p = {};
    for (const part of ix.clock.formatToParts(new Date(when))) p[part.type] = +part.value;
    return { day: Date.UTC(p.year, p.month - 1, p.day) / DAY_MS, minute: (p.hour % 24) * 60 + p.minute };
  };
  const isoDay = (day) => new Date(day * DAY_MS).toISOString().slice(0, 10);
  const weekday = (day) => (new Date(day * DAY_MS).getUTCDay() + 6) % 7;
  const holiday = (ix, day) => ix.holidays.has(isoDay(day));

  /* Whether a day falls in one of the record's temporary closures. */
  const paused = (sched, day) => {
    const iso = isoDay(day);
    return !!sched.c && sched.c.some((c) => c[0] <= iso && iso <= c[1]);
  };

  /* The open spans of a schedule on a day, [] when closed, null when unknown. */
  const spans = (ix, sched, day) => {
    const iso = isoDay(day);
    if ((sched.s && (iso < sched.s[0] || iso > sched.s[1])) || paused(sched, day)) return [];
    const date = new Date(day * DAY_MS);
    const row = sched.w.length === 1 ? sched.w[0] : sched.w[(date.getUTCDate() === 1 ? 12 : 0) + date.getUTCMonth()];
    const p = row[weekday(day) + (holiday(ix, day) ? 7 : 0) + (holiday(ix, day - 1) ? 14 : 0)];
    return p < 0 ? null : sched.d[p];
  };

  const openDuring = (ix, sched, day, from, to) => {
    const s = spans(ix, sched, day);
    if (!s) return false;
    for (let i = 0; i < s.length; i += 2) if (s[i] < to && s[i + 1] > from) return true;
    return false;
  };

  const EVENING = 18 * 60;
  const workday = (ix, day) => weekday(day) < 5 && !holiday(ix, day);
  const hhmm = (m) => String(Math.floor(m / 60)).padStart(2, '0') + ':' + String(m % 60).padStart(2, '0');

  /* Open state now: {open, state: open|later|closed|ended|paused, opens?}; null if unknown. */
  const openState = (ix, sched, now) => {
    if (paused(sched, now.day)) return { open: false, state: 'paused' };
    const s = spans(ix, sched, now.day);
    if (!s) return null;
    for (let i = 0; i < s.length; i += 2) {
      if (s[i] <= now.minute && now.minute < s[i + 1]) return { open: true, state: 'open' };
      if (s[i] > now.minute) return { open: false, state: 'later', opens: hhmm(s[i]) };
    }
    return { open: false, state: s.length ? 'ended' : 'closed' };
  };

  /* After work: the evening (18:00-24:00) of today if a working day, else of
     the next one. Weekends: the rest of this Saturday and Sunday, or the next. */
  const afterWork = (ix, sched, now) => {
    if (workday(ix, now.day)) return openDuring(ix, sched, now.day, Math.max(EVENING, now.minute), 1440);
    for (let d = now.day + 1; d < now.day + 15; d++) if (workday(ix, d)) return openDuring(ix, sched, d, EVENING, 1440);
    return false;
  };
  const weekend = (ix, sched, now) => {
    const wd = weekday(now.day);
    if (wd >= 5) {
      return openDuring(ix, sched, now.day, now.minute, 1440) || (wd === 5 && openDuring(ix, sched, now.day + 1, 0, 1440));
    }
    const sat = now.day + 5 - wd;
    return openDuring(ix, sched, sat, 0, 1440) || openDuring(ix, sched, sat + 1, 0, 1440);
  };

  const decodeSet = (deltas) => {
    const s = new Set();
    let n = 0;
    for (const d of deltas) { n += d; s.add(n); }
    return s;
  };
  const facet = (name) => load('f/' + name).then(decodeSet);
  const indexOf = (list, id) => list.findIndex((x) => x[0] === id);

  const distance = (lat1, lon1, lat2, lon2) => {
    const r = Math.PI / 180;
    const a = Math.sin((lat2 - lat1) * r / 2) ** 2 + Math.cos(lat1 * r) * Math.cos(lat2 * r) * Math.sin((lon2 - lon1) * r / 2) ** 2;
    return 12742000 * Math.asin(Math.min(1, Math.sqrt(a)));
  };

  /* Sort keys: document numbers (slots) below 2^22, distances capped at
     half the Earth's circumference, so a key stays an exact integer below
     2^53. News are numbered oldest first; ties list them newest first. */
  const DOCS = 4194304;
  const FAR = 20040000;

  const typeOf = (head, doc) => head.types.find((t) => doc >= t.from && doc < t.from + t.count);

  /* filters: {category, audience, area (ids), type, free, online, open,
     evening, weekend, accessible (booleans), near: {lat, lon}, now (Date or ms),
     offset, limit}. Resolves to result objects; the array's `total` is the
     number of matches. */
  const search = async (query, filters) => {
    const f = filters || {};
    const ix = await start();
    const head = ix.head;
    const q = fold(ix, String(query || '')).trim();
    let scores = null;
    let matched = null;
    if (runs(Array.from(q)).length) {
      // Per document: rank * 16 + the first query (synonym) that found it.
      scores = new Uint8Array(head.n);
      matched = [];
      const queries = expand(ix, q);
      for (let i = 0; i < queries.length; i++) {
        const [docs, rank] = await scoreQuery(ix, queries[i]);
        for (const doc of docs) {
          const prev = scores[doc];
          if (!prev) {
            scores[doc] = rank[doc] * 16 + i;
            matched.push(doc);
          } else if (prev >> 4 < rank[doc]) scores[doc] = rank[doc] * 16 + (prev & 15);
        }
      }
    }
    const sets = [];
    const named = (list, id, prefix, index) => {
      if (!id) return;
      const i = index ? (index.has(id) ? index.get(id) : -1) : indexOf(list, id);
      sets.push(i < 0 ? Promise.resolve(new Set()) : facet(prefix + i));
    };
    named(head.categories, f.category, 'c');
    named(head.audiences, f.audience, 'a');
    named(null, f.area, 'r', ix.areaIndex);
    if (f.free) sets.push(facet('free'));
    if (f.online) sets.push(facet('online'));
    if (f.accessible) sets.push(facet('accessible'));
    const timed = f.open || f.evening || f.weekend;
    const filtered = sets.length > 0;
    // Without a query or a filter list, only the slots that hold a
    // document are listed.
    if (scores === null && !filtered && !timed && (f.near || f.type)) sets.push(facet('all'));
    const [facets, schedOf, geo] = await Promise.all([
      Promise.all(sets),
      timed ? load('s') : null,
      f.near ? load('g') : null,
    ]);
    if (scores === null && !filtered && !timed && !f.near && !f.type) {
      const none = [];
      none.total = 0;
      return none;
    }
    const now = localNow(ix, f.now === undefined ? Date.now() : f.now);
    const type = f.type ? head.types.find((t) => t.type === f.type) : null;
    const news = head.types.find((t) => t.type === 'news');
    const docs = matched || Array.from({ length: head.n }, (_, i) => i);
    // Order by one number per hit, sorted as a typed array: (distance,)
    // rank, synonym, document; distances in metres, unknown ones last.
    const keys = new Float64Array(docs.length);
    const metres = new Map();
    let count = 0;
    for (const doc of docs) {
      if (f.type && !(type && doc >= type.from && doc < type.from + type.count)) continue;
      if (!facets.every((s) => s.has(doc))) continue;
      if (timed) {
        const sched = head.schedules[schedOf[doc]];
        if (!sched) continue;
        if (f.open && !(openState(ix, sched, now) || {}).open) continue;
        if (f.evening && !afterWork(ix, sched, now)) continue;
        if (f.weekend && !weekend(ix, sched, now)) continue;
      }
      const packed = scores ? scores[doc] : 0;
      let key = (5 - (packed >> 4)) * 8 + Math.min(packed & 15, 7);
      if (geo) {
        let best = Infinity;
        for (const p of geo.d[doc] || []) {
          best = Math.min(best, distance(f.near.lat, f.near.lon, geo.p[2 * p] / 1e5, geo.p[2 * p + 1] / 1e5));
        }
        if (best < Infinity) metres.set(doc, Math.round(best));
        key += Math.min(best < Infinity ? Math.round(best) : FAR, FAR) * 48;
      }
      const tie = news && doc >= news.from ? 2 * news.from + news.count - 1 - doc : doc;
      keys[count++] = key * DOCS + tie;
    }
    const sorted = keys.subarray(0, count).sort();
    const total = count;
    const offset = Math.max(0, f.offset | 0);
    const hits = Array.from(sorted.subarray(offset, offset + (f.limit === undefined ? 20 : f.limit)), (k) => {
      const tie = k % DOCS;
      const doc = news && tie >= news.from ? 2 * news.from + news.count - 1 - tie : tie;
      const hit = { doc, score: scores ? scores[doc] >> 4 : 0 };
      if (metres.has(doc)) hit.distance = metres.get(doc);
      return hit;
    });
    const per = head.shards.docs;
    const chunks = new Map();
    await Promise.all(hits.map((h) => {
      const k = Math.floor(h.doc / per);
      if (!chunks.has(k)) chunks.set(k, load(words + 'd/' + k));
      return chunks.get(k);
    }));
    const results = await Promise.all(hits.map(async (h) => {
      const row = (await chunks.get(Math.floor(h.doc / per)))[h.doc % per];
      const t = typeOf(head, h.doc);
      const area = head.areas[row[2]];
      const r = {
        id: row[0], type: t.type, url: (root || head.root) + t.url.replace('{id}', row[0]), name: row[1], score: h.score,
        area: area ? area[1] : '', phone: row[4], free: row[3] & 1 ? true : row[3] & 2 ? false : undefined, online: !!(row[3] & 4),
      };
      if (h.distance !== undefined) r.distance_m = h.distance;
      const sched = head.schedules[row[7]];
      const st = sched && openState(ix, sched, now);
      if (st) Object.assign(r, st);
      return r;
    }));
    results.total = total;
    return results;
  };

  const api = window.yizhan || {};
  api.search = search;
  api.ready = () => start().then((ix) => ix.head);
  window.yizhan = api;
  document.dispatchEvent(new Event('yizhan:search'));
})();
