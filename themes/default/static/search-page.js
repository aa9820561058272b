/* The search page: instant results, filters, near me and the area picker,
   with the query and filters kept in the URL. Uses window.yizhan.search
   (search.js). Wording comes from the page (data-* of #search-app). */
(() => {
  'use strict';
  const app = document.getElementById('search-app');
  const form = document.getElementById('search-form');
  if (!app || !form || !window.yizhan) return;
  const W = app.dataset;
  const el = { q: form.elements.q };
  for (const control of document.querySelectorAll('#search-filters [name]')) el[control.name] = control;
  const input = el.q;
  const list = document.getElementById('search-results');
  const summary = document.getElementById('search-summary');
  const more = document.getElementById('search-more');
  const browse = document.getElementById('search-browse');
  const nearButton = document.getElementById('near-me');
  const nearStatus = document.getElementById('near-status');
  const picker = document.getElementById('area-picker');
  const panel = document.getElementById('filter-panel');
  const levels = [el.r1, el.r2, el.r3];
  const CHECKS = ['open', 'evening', 'weekend', 'free', 'online', 'accessible'];
  const PAGE = 20;
  let head = null;
  let position = null;
  let wantNear = false;
  let shown = PAGE;
  let seq = 0;

  const say = (template, values) => template.replace(/\{(\w+)\}/g, (_, k) => values[k]);
  const node = (tag, cls, text) => {
    const n = document.createElement(tag);
    if (cls) n.className = cls;
    if (text !== undefined) n.textContent = text;
    return n;
  };
  const option = (value, text) => {
    const o = node('option', '', text);
    o.value = value;
    return o;
  };

  /* The area tree: children of each area index (-1 for the top). */
  const children = (parent) => head.areas.map((a, i) => [a, i]).filter(([a]) => a[2] === parent);
  const fillLevel = (level, parent) => {
    const select = levels[level];
    while (select.options.length > 1) select.remove(1);
    const kids = parent === null ? [] : children(parent);
    for (const [a] of kids) select.add(option(a[0], a[1]));
    select.disabled = !kids.length;
    select.value = '';
    if (level + 1 < levels.length) fillLevel(level + 1, null);
  };
  const areaPath = (id) => {
    const path = [];
    let i = head.areas.findIndex((a) => a[0] === id);
    while (i >= 0) {
      path.unshift(head.areas[i][0]);
      i = head.areas[i][2];
    }
    return path;
  };
  const pickedArea = () => {
    let id = '';
    for (const s of levels) if (s.value) id = s.value;
    return id;
  };
  const setArea = (id) => {
    fillLevel(0, -1);
    areaPath(id).slice(0, levels.length).forEach((a, level) => {
      levels[level].value = a;
      if (level + 1 < levels.length) fillLevel(level + 1, head.areas.findIndex((x) => x[0] === a));
    });
  };

  /* URL state: q, c (category), a (audience), r (area), the checks, near. */
  const params = () => {
    const p = new URLSearchParams();
    const q = input.value.trim();
    if (q) p.set('q', q);
    if (el.c.value) p.set('c', el.c.value);
    if (el.a.value) p.set('a', el.a.value);
    if (pickedArea()) p.set('r', pickedArea());
    for (const k of CHECKS) if (el[k].checked) p.set(k, '1');
    if (wantNear) p.set('near', '1');
    return p;
  };
  const urlOf = (p) => {
    const s = p.toString();
    return location.pathname + (s ? '?' + s : '');
  };
  const record = (push) => {
    const url = urlOf(params());
    if (url === location.pathname + location.search) return;
    history[push ? 'pushState' : 'replaceState'](null, '', url);
  };
  const fromUrl = () => {
    const p = new URLSearchParams(location.search);
    input.value = p.get('q') || '';
    el.c.value = p.get('c') || '';
    el.a.value = p.get('a') || '';
    setArea(p.get('r') || '');
    for (const k of CHECKS) el[k].checked = p.get(k) === '1';
    if (['c', 'a', 'r'].concat(CHECKS).some((k) => p.get(k))) panel.open = true;
    const near = p.get('near') === '1';
    if (near && !wantNear) locate();
    if (!near) setNear(false);
  };

  const distanceText = (m) => (m < 1000
    ? say(W.m, { n: Math.max(10, Math.round(m / 10) * 10) })
    : say(W.km, { n: (m / 1000).toFixed(1) }));

  const row = (r) => {
    const li = node('li', 'result');
    const name = node('h2', 'result-name');
    const link = node('a', '', r.name);
    link.href = r.url;
    name.append(link);
    const meta = node('p', 'result-meta');
    const bits = [W[r.type], r.area, r.distance_m === undefined ? '' : distanceText(r.distance_m)];
    bits.filter(Boolean).forEach((b, i) => {
      if (i) meta.append(' · ');
      meta.append(node('span', i === 2 ? 'distance' : '', b));
    });
    const badges = node('p', 'badges');
    const badge = (cls, text) => badges.append(node('span', 'badge ' + cls, text));
    if (r.state === 'open') badge('open', W.open);
    if (r.state === 'later') badge('later', say(W.later, { time: r.opens }));
    if (r.state === 'closed') badge('closed', W.closed);
    if (r.state === 'ended') badge('closed', W.ended);
    if (r.state === 'paused') badge('closed', W.paused);
    if (r.free === true) badge('cost', W.free);
    if (r.free === false) badge('cost', W.paid);
    if (r.online) badge('cost', W.online);
    li.append(meta, name);
    if (badges.childNodes.length) li.append(badges);
    if (r.phone) {
      const call = node('a', 'call', W.call + ' ' + r.phone);
      call.href = 'tel:' + r.phone.replace(/[^0-9+\-]/g, '');
      li.append(call);
    }
    return li;
  };

  const filters = () => {
    const f = { limit: shown };
    if (el.c.value) f.category = el.c.value;
    if (el.a.value) f.audience = el.a.value;
    if (pickedArea()) f.area = pickedArea();
    for (const k of CHECKS) if (el[k].checked) f[k] = true;
    if (position) f.near = position;
    return f;
  };

  const run = async () => {
    const mine = ++seq;
    let results;
    try {
      results = await window.yizhan.search(input.value, filters());
    } catch (e) {
      if (mine === seq) {
        summary.textContent = W.failed;
        app.hidden = false;
      }
      return;
    }
    if (mine !== seq) return;
    const active = params();
    active.delete('near');
    const searching = Array.from(active.keys()).length > 0 || !!position;
    list.textContent = '';
    list.append(...results.map(row));
    app.hidden = !searching;
    browse.hidden = searching && results.length > 0;
    summary.textContent = results.total ? say(W.found, { n: results.total }) : W.none;
    more.hidden = results.total <= results.length;
  };

  const setNear = (on, message) => {
    wantNear = on;
    if (!on) position = null;
    nearButton.setAttribute('aria-pressed', on && position ? 'true' : 'false');
    nearStatus.textContent = message || '';
  };
  const refuse = (message) => {
    setNear(false, message);
    picker.classList.add('suggested');
    panel.open = true;
    levels[0].focus();
    record(false);
    run();
  };
  function locate() {
    wantNear = true;
    if (!window.isSecureContext) return refuse(W.insecure);
    if (!navigator.geolocation) return refuse(W.unavailable);
    nearStatus.textContent = W.locating;
    navigator.geolocation.getCurrentPosition((p) => {
      position = { lat: p.coords.latitude, lon: p.coords.longitude };
      setNear(true, W.located);
      run();
    }, (err) => refuse(err.code === 1 ? W.denied : W.unavailable), { enableHighAccuracy: false, timeout: 15000, maximumAge: 300000 });
  }

  const changed = (push) => {
    shown = PAGE;
    record(push);
    run();
  };

  window.yizhan.ready().then((h) => {
    head = h;
    for (const [id, name] of head.categories) el.c.add(option(id, name));
    for (const [id, name] of head.audiences) el.a.add(option(id, name));
    fromUrl();
    run();
    input.addEventListener('input', () => {
      shown = PAGE;
      record(!new URLSearchParams(location.search).get('q'));
      run();
    });
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      changed(true);
    });
    for (const name of ['c', 'a'].concat(CHECKS)) el[name].addEventListener('change', () => changed(true));
    levels.forEach((select, level) => select.addEventListener('change', () => {
      if (level + 1 < levels.length) {
        fillLevel(level + 1, select.value ? head.areas.findIndex((a) => a[0] === select.value) : null);
      }
      changed(true);
    }));
    nearButton.addEventListener('click', () => {
      if (wantNear) {
        setNear(false);
        changed(true);
      } else {
        locate();
        record(true);
      }
    });
    more.addEventListener('click', () => {
      shown += PAGE;
      run();
    });
    window.addEventListener('popstate', () => {
      shown = PAGE;
      fromUrl();
      run();
    });
  }, () => {
    summary.textContent = W.failed;
    app.hidden = false;
  });
})();
