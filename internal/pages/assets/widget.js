/* feedcast widget: lists the latest episodes of a JSON Feed on any page.

     <div data-feedcast-feed="https://example.org/feed.json" data-limit="5"></div>
     <script src="https://example.org/widget.js" defer></script>

   Attributes of the div: data-limit (1 to 50, default 5); data-target
   ("_blank" opens the episodes in a new tab). The texts follow the page's
   lang (French or English). Each episode shows its small image
   (_feedcast.small_image) when the feed gives one, else its image.
   Restyle it with CSS custom properties set on the div or a parent:
   --feedcast-font, --feedcast-color, --feedcast-accent, --feedcast-muted,
   --feedcast-gap, --feedcast-thumb (thumbnail width), --feedcast-radius.
   In embed.html, inside an iframe, it posts the page's height to the host
   page: {type: "feedcast:resize", height}. The feed's server must send
   Access-Control-Allow-Origin. Nothing read from the feed is parsed as
   HTML, and only http(s) links and images are used. */
(() => {
  'use strict';

  const CSS = [
    '.feedcast{font-family:var(--feedcast-font,inherit);color:var(--feedcast-color,inherit)}',
    '.feedcast .feedcast-list{list-style:none;margin:0;padding:0;display:grid;gap:var(--feedcast-gap,.75rem)}',
    '.feedcast .feedcast-item{display:flex;align-items:flex-start;gap:var(--feedcast-gap,.75rem);margin:0;padding:0}',
    '.feedcast .feedcast-thumb{flex:none;width:var(--feedcast-thumb,6rem);height:auto;aspect-ratio:16/9;object-fit:cover;border-radius:var(--feedcast-radius,.25rem)}',
    '.feedcast .feedcast-body{display:flex;flex-direction:column;min-width:0}',
    '.feedcast .feedcast-title{color:var(--feedcast-accent,inherit);font-weight:600;overflow-wrap:anywhere}',
    '.feedcast .feedcast-date,.feedcast .feedcast-error{color:var(--feedcast-muted,inherit);font-size:.875em;margin:0}',
    '.feedcast a:focus-visible{outline:2px solid currentColor;outline-offset:2px}',
  ].join('\n');

  const WORDS = {
    fr: { list: 'Derniers épisodes', error: 'Les épisodes n’ont pas pu être chargés.', open: 'Ouvrir le flux' },
    en: { list: 'Latest episodes', error: 'The episodes could not be loaded.', open: 'Open the feed' },
  };
  const TARGETS = ['_blank', '_self', '_parent', '_top'];

  // httpURL returns value resolved against base when it is an http(s)
  // URL, else null: no javascript:, data: or other scheme gets through.
  const httpURL = (value, base) => {
    if (typeof value !== 'string' || value.trim() === '') return null;
    try {
      const u = new URL(value.trim(), base);
      return u.protocol === 'https:' || u.protocol === 'http:' ? u.href : null;
    } catch (e) {
      return null;
    }
  };

  const el = (name, className, text) => {
    const node = document.createElement(name);
    if (className) node.className = className;
    if (text) node.textContent = text;
    return node;
  };

  let styled = false;
  const addStyle = () => {
    if (styled) return;
    styled = true;
    try {
      // A constructed style sheet passes a strict style-src policy.
      const sheet = new CSSStyleSheet();
      sheet.replaceSync(CSS);
      document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
    } catch (e) {
      const style = el('style', '', CSS);
      document.head.appendChild(style);
    }
  };

  // day returns the calendar day of an RFC 3339 date as published, in the
  // publisher's zone, whatever the reader's.
  const day = (value, lang) => {
    const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(typeof value === 'string' ? value : '');
    if (!m) return null;
    const date = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3]));
    if (isNaN(date.getTime())) return null;
    let text = m[0];
    try {
      text = date.toLocaleDateString(lang, { year: 'numeric', month: 'long', day: 'numeric', timeZone: 'UTC' });
    } catch (e) { /* an unknown language: keep the ISO date */ }
    return { iso: m[0], text };
  };

  const episode = (entry, base, lang, target) => {
    if (!entry || typeof entry !== 'object') return null;
    const href = httpURL(entry.url, base) || httpURL(entry.external_url, base);
    let title = typeof entry.title === 'string' ? entry.title.trim() : '';
    if (!title && typeof entry.summary === 'string') title = entry.summary.trim().slice(0, 100);
    if (!title) return null;
    const li = el('li', 'feedcast-item');
    // The small rendition (_feedcast.small_image) spares the reader the
    // full image; feeds without it give image or banner_image.
    const ext = entry._feedcast && typeof entry._feedcast === 'object' ? entry._feedcast : {};
    const src = httpURL(ext.small_image, base) || httpURL(entry.image, base) || httpURL(entry.banner_image, base);
    if (src) {
      const img = el('img', 'feedcast-thumb');
      img.src = src;
      img.alt = ''; // the title follows
      img.width = 160;
      img.height = 90;
      img.loading = 'lazy';
      img.decoding = 'async';
      li.append(img);
    }
    const body = el('div', 'feedcast-body');
    const name = el(href ? 'a' : 'span', 'feedcast-title', title);
    if (href) {
      name.href = href;
      if (target) {
        name.target = target;
        name.rel = 'noopener';
      }
    }
    body.append(name);
    const date = day(entry.date_published || entry.date_modified, lang);
    if (date) {
      const time = el('time', 'feedcast-date', date.text);
      time.dateTime = date.iso;
      body.append(time);
    }
    li.append(body);
    return li;
  };

  const render = async (box) => {
    if (box.dataset.feedcastState) return;
    box.dataset.feedcastState = 'loading';
    const lang = (box.closest('[lang]') || document.documentElement).getAttribute('lang') || navigator.language || 'en';
    const words = WORDS[lang.slice(0, 2).toLowerCase()] || WORDS.en;
    let feed = httpURL(box.getAttribute('data-feedcast-feed'), location.href);
    let limit = parseInt(box.getAttribute('data-limit'), 10);
    if (box.hasAttribute('data-feedcast-query')) {
      // The embed page: ?feed=&limit= choose among the site's own feeds.
      const query = new URLSearchParams(location.search);
      if (query.has('feed')) {
        const asked = httpURL(query.get('feed'), location.href);
        feed = asked && new URL(asked).origin === location.origin ? asked : null;
      }
      if (query.has('limit')) limit = parseInt(query.get('limit'), 10);
    }
    limit = Number.isFinite(limit) ? Math.min(Math.max(limit, 1), 50) : 5;
    const target = TARGETS.indexOf(box.getAttribute('data-target')) >= 0 ? box.getAttribute('data-target') : '';
    addStyle();
    box.classList.add('feedcast');
    box.setAttribute('aria-busy', 'true');
    const abort = new AbortController();
    const timer = setTimeout(() => abort.abort(), 15000);
    try {
      if (!feed) throw new Error('no http(s) feed URL');
      const res = await fetch(feed, { credentials: 'omit', signal: abort.signal });
      if (!res.ok) throw new Error('HTTP ' + res.status);
      const data = await res.json();
      if (!data || !Array.isArray(data.items)) throw new Error('not a JSON Feed');
      const list = el('ul', 'feedcast-list');
      const name = typeof data.title === 'string' ? data.title.trim() : '';
      list.setAttribute('aria-label', name ? words.list + ' – ' + name : words.list);
      for (const entry of data.items) {
        if (list.childElementCount >= limit) break;
        const li = episode(entry, feed, lang, target);
        if (li) list.append(li);
      }
      box.replaceChildren(list);
      box.dataset.feedcastState = 'done';
    } catch (e) {
      const p = el('p', 'feedcast-error', words.error);
      if (feed) {
        const a = el('a', '', words.open);
        a.href = feed;
        p.append(' ', a);
      }
      box.replaceChildren(p);
      box.dataset.feedcastState = 'error';
    } finally {
      clearTimeout(timer);
      box.removeAttribute('aria-busy');
    }
  };

  // In the embed page, in an iframe: tell the host page the height of the
  // content, now and whenever it changes, so that the iframe fits it (see
  // the snippet in the README). The height is no secret: any origin may
  // read it; the host checks where it comes from.
  const fit = () => {
    if (window.parent === window || !document.querySelector('[data-feedcast-query]')) return;
    let sent = -1;
    const post = () => {
      const height = Math.ceil(document.documentElement.getBoundingClientRect().height);
      if (height === sent) return;
      sent = height;
      window.parent.postMessage({ type: 'feedcast:resize', height }, '*');
    };
    if (typeof ResizeObserver === 'function') new ResizeObserver(post).observe(document.documentElement);
    addEventListener('load', post);
    post();
  };

  const start = () => {
    document.querySelectorAll('[data-feedcast-feed]').forEach(render);
    fit();
  };
  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', start);
  } else {
    start();
  }
})();
