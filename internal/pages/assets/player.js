/* feedcast episode player: enhances the page's own <audio> or <video>
   (data-media). Links to "#t=1:05" (chapters, transcript cue times, the
   show notes) seek the player; a page opened at #t= starts there. The
   current chapter and transcript cue (elements with data-start, cues with
   data-end) are marked with aria-current; the cue is scrolled into view
   when the one before was in view, without moving the focus. It shows the
   speed menu and the link to the current time (data-play-tools). Without
   this script the page reads the same: the chapters, the transcript and
   its times are plain HTML. */
(() => {
  'use strict';
  const media = document.querySelector('[data-media]');
  if (!media) return;

  // seconds reads a time as #t= gives it (Media Fragments URI, npt):
  // "75", "1:15", "0:01:15.5", "npt:75", "75,90" (the end is ignored).
  const seconds = (value) => {
    const m = /^(?:npt:)?(\d+(?::\d{1,2}){0,2}(?:\.\d+)?)(?:,.*)?$/.exec(value || '');
    if (!m) return null;
    const t = m[1].split(':').reduce((sum, part) => sum * 60 + parseFloat(part), 0);
    return Number.isFinite(t) ? t : null;
  };
  const two = (n) => (n < 10 ? '0' : '') + n;
  // clock writes a time as the page does: "1:05", "1:02:03".
  const clock = (t) => {
    const s = Math.max(0, Math.floor(t));
    const h = Math.floor(s / 3600);
    const m = Math.floor(s / 60) % 60;
    return (h ? h + ':' + two(m) : m) + ':' + two(s % 60);
  };
  const hashTime = () => seconds(new URLSearchParams(location.hash.slice(1)).get('t'));

  const chapters = [...document.querySelectorAll('.chapters [data-start]')];
  const cues = [...document.querySelectorAll('.transcript [data-start]')];
  const startOf = (el) => parseFloat(el.dataset.start);
  const tools = document.querySelector('[data-play-tools]');
  const speed = document.querySelector('[data-speed]');
  const share = document.querySelector('[data-share]');
  const nowBox = document.querySelector('[data-chapter-now-box]');
  const nowText = document.querySelector('[data-chapter-now]');

  // last returns the last element of list that starts at or before t.
  const last = (list, t) => {
    let found = null;
    for (const el of list) {
      if (startOf(el) <= t + 0.001) found = el;
      else break;
    }
    return found;
  };
  const visible = (el) => {
    const r = el.getBoundingClientRect();
    return r.bottom > 0 && r.top < innerHeight;
  };
  const mark = (el, on) => {
    if (!el) return;
    el.classList.toggle('now', on);
    if (on) el.setAttribute('aria-current', 'true');
    else el.removeAttribute('aria-current');
  };

  let chapter = null;
  let cue = null;
  let seen = null; // the last cue marked
  let shared = -1;
  const update = (t) => {
    const c = last(chapters, t);
    if (c !== chapter) {
      mark(chapter, false);
      mark(c, true);
      chapter = c;
      if (nowText) {
        nowText.textContent = c ? c.lastChild.textContent.trim() : '';
        nowBox.hidden = !c;
      }
    }
    let q = last(cues, t);
    if (q && q.dataset.end && t >= parseFloat(q.dataset.end)) q = null;
    if (q !== cue) {
      // Follow the reading only while the reader follows it (the last
      // cue marked is in view), and only while playing: a seek by the
      // reader must not move the page.
      const follow = seen && visible(seen);
      mark(cue, false);
      mark(q, true);
      if (q && follow && !media.paused) q.scrollIntoView({ block: 'nearest' });
      cue = q;
      if (q) seen = q;
    }
    const s = Math.floor(t);
    if (share && s !== shared) {
      shared = s;
      share.value = share.dataset.share + '#t=' + clock(s);
    }
  };
  const now = () => update(media.currentTime);
  for (const type of ['timeupdate', 'seeking', 'seeked', 'loadedmetadata', 'play', 'pause']) {
    media.addEventListener(type, now);
  }

  // seek sets the time. Before the media is loaded (preload="none") the
  // browser keeps it as the default playback start position.
  const seek = (t, play) => {
    media.currentTime = t;
    update(t);
    if (play && media.paused) {
      const p = media.play();
      if (p) p.catch(() => {});
    }
  };

  document.addEventListener('click', (event) => {
    if (event.button !== 0 || event.ctrlKey || event.metaKey || event.shiftKey || event.altKey) return;
    const link = event.target.closest('a[href^="#t="]');
    const target = link || event.target.closest('.transcript [data-start]');
    if (!target) return;
    // A click that ends a text selection in the transcript selects, it
    // does not seek.
    if (!link && !getSelection().isCollapsed) return;
    const holder = target.closest('[data-start]');
    const t = holder ? startOf(holder) : seconds(link.getAttribute('href').slice(3));
    if (t === null || Number.isNaN(t)) return;
    event.preventDefault();
    seek(t, true);
  });
  // Space activates a time link as Enter does, as it would a button,
  // instead of scrolling the page (which some browsers do on keypress).
  const spaceOnLink = (event) => event.key === ' ' && event.target.matches && event.target.matches('a[href^="#t="]');
  document.addEventListener('keydown', (event) => {
    if (!spaceOnLink(event)) return;
    event.preventDefault();
    event.target.click();
  });
  document.addEventListener('keypress', (event) => {
    if (spaceOnLink(event)) event.preventDefault();
  });
  addEventListener('hashchange', () => {
    const t = hashTime();
    if (t !== null) seek(t, false);
  });

  if (speed) {
    let saved = null;
    try {
      saved = localStorage.getItem('feedcast-speed');
    } catch (e) { /* storage may be off */ }
    if (saved && [...speed.options].some((o) => o.value === saved)) speed.value = saved;
    const apply = () => {
      const rate = parseFloat(speed.value);
      if (rate > 0) media.playbackRate = media.defaultPlaybackRate = rate;
    };
    apply();
    speed.addEventListener('change', () => {
      apply();
      try {
        localStorage.setItem('feedcast-speed', speed.value);
      } catch (e) { /* storage may be off */ }
    });
    media.addEventListener('ratechange', () => {
      const v = String(media.playbackRate);
      if ([...speed.options].some((o) => o.value === v)) speed.value = v;
    });
  }
  if (tools) tools.hidden = false;

  const start = hashTime();
  if (start !== null) seek(start, false);
  else now();
})();
