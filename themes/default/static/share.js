/* 分享 and 复制信息 on a record page. The record's lines and weekly hours
   (compiled as for search's "open now") are in the paragraph's data; today
   is the day in the site's time zone. */
(() => {
  const box = document.querySelector('.share');
  if (!box) return;
  const d = box.dataset;
  const note = box.querySelector('.share-note');
  const two = (n) => String(n).padStart(2, '0');
  const hm = (m) => two(Math.floor(m / 60)) + ':' + two(m % 60);
  const today = () => {
    if (!d.week) return '';
    const w = JSON.parse(d.week);
    const now = new Date(Date.now() + Number(d.offset) * 60000);
    const iso = now.toISOString().slice(0, 10);
    let spans = [];
    if (!w.s || (iso >= w.s[0] && iso <= w.s[1])) {
      const row = w.w.length === 1 ? w.w[0] : w.w[(now.getUTCDate() === 1 ? 12 : 0) + now.getUTCMonth()];
      const p = row[(now.getUTCDay() + 6) % 7];
      if (p < 0) return '';
      spans = w.d[p];
    }
    if (!spans.length) return d.closed;
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
