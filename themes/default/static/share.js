/* 分享 and 复制信息 on a record page, and today's state beside its hours
   (营业中, 18:30 开始, 今日休息). The record's lines and weekly hours
   (compiled as for search's "open now") are in the paragraph's data; today
   is the day in the site's time zone, when the page opens; public holidays
   (when they change the hours) and temporary closures are in the data too. */
(() => {
  const box = document.querySelector('.share');
  if (!box) return;
  const d = box.dataset;
  const note = box.querySelector('.share-note');
  const two = (n) => String(n).padStart(2, '0');
  const hm = (m) => two(Math.floor(m / 60)) + ':' + two(m % 60);
  const now = new Date(Date.now() + Number(d.offset || 0) * 60000);
  /* Today's open spans [start, end, …] in minutes, null when unknown. */
  const iso = now.toISOString().slice(0, 10);
  const week = d.week ? JSON.parse(d.week) : null;
  /* A temporary closure (closed:) covers today. */
  const paused = !!week && !!week.c && week.c.some((c) => c[0] <= iso && iso <= c[1]);
  const spans = (() => {
    if (!week) return null;
    const w = week;
    if ((w.s && (iso < w.s[0] || iso > w.s[1])) || paused) return [];
    const row = w.w.length === 1 ? w.w[0] : w.w[(now.getUTCDate() === 1 ? 12 : 0) + now.getUTCMonth()];
    const hol = (d.holidays || '').split(' ');
    const yesterday = new Date(now.getTime() - 864e5).toISOString().slice(0, 10);
    const p = row[(now.getUTCDay() + 6) % 7 + (hol.includes(iso) ? 7 : 0) + (hol.includes(yesterday) ? 14 : 0)];
    return p < 0 ? null : w.d[p];
  })();
  const state = document.querySelector('.today-state');
  if (state && spans) {
    const minute = now.getUTCHours() * 60 + now.getUTCMinutes();
    let text = paused ? d.paused : spans.length ? d.ended : d.closed;
    for (let i = spans.length - 2; i >= 0; i -= 2) {
      if (spans[i] <= minute && minute < spans[i + 1]) { text = d.open; break; }
      if (spans[i] > minute) text = d.starts.replace('{time}', hm(spans[i]));
    }
    state.textContent = text;
    state.hidden = false;
  }
  const today = () => {
    if (!spans) return '';
    if (!spans.length) return paused ? d.pausedToday : d.closed;
    const parts = [];
    for (let i = 0; i < spans.length; i += 2) parts.push(hm(spans[i]) + '–' + hm(spans[i + 1]));
    return d.today + ' ' + parts.join('、');
  };
  const copied = (ok, done) => { note.textContent = ok ? done : d.failed; };
  const copy = (text, done) => {
    const fallback = () => {
      const t = document.createElement('textarea');
      t.value = text;
      t.setAttribute('readonly', '');
      t.style.position = 'fixed';
      t.style.opacity = '0';
      document.body.appendChild(t);
      t.select();
      let ok = false;
      try { ok = document.execCommand('copy'); } catch (e) { ok = false; }
      t.remove();
      copied(ok, done);
    };
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text).then(() => copied(true, done), fallback);
    } else fallback();
  };
  box.addEventListener('click', (e) => {
    const b = e.target.closest('button');
    if (!b) return;
    if (b.dataset.do === 'copy') {
      copy([d.text, today(), d.url].filter(Boolean).join('\n'), d.copied);
    } else if (navigator.share) {
      navigator.share({ title: document.title, url: d.url }).catch(() => {});
    } else copy(d.url, d.linkCopied);
  });
  box.hidden = false;
})();
