// What the user sees: a badge beside each compose box and a panel of findings, both in a shadow
// root so the site's CSS and ours cannot touch each other; the confirm dialog of the gate; and the
// marks on matched words (CSS Custom Highlight API, or drawn boxes where it is missing). Nothing
// here ever changes the site's editor.
(function (root) {
  'use strict';
  const PG = root.PostGuard;
  const { POLICY_QUESTION, summarize } = PG.risk;
  const PANEL_WIDTH = 360;
  const PANEL_MIN_WIDTH = 240;
  const SEVERITY_LABEL = { low: 'Low', medium: 'Medium', high: 'High' };
  const HOW_TO_START =
    'To start it, run "postguard serve" on this computer (or ask IT). Until then your drafts are not checked, ' +
    'and posting works as usual.';

  const STYLE = `
    :host { all: initial !important; position: fixed !important; top: 0 !important; left: 0 !important;
      width: 0 !important; height: 0 !important; z-index: 2147483647 !important; display: block !important; }
    * { box-sizing: border-box; }
    .ui { font: 13px/1.4 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #1f2328; }
    button { font: inherit; cursor: pointer; }
    :focus-visible { outline: 3px solid #0b57d0; outline-offset: 2px; }
    .badge { position: fixed; display: inline-flex; align-items: center; gap: 6px; max-width: 260px;
      padding: 2px 10px 2px 6px; border-radius: 999px; border: 1px solid transparent; white-space: nowrap;
      font-size: 12px; font-weight: 600; line-height: 18px; box-shadow: 0 1px 3px rgb(0 0 0 / 0.25); }
    .badge[hidden], .panel[hidden], .marks[hidden] { display: none; }
    .dot { width: 10px; height: 10px; border-radius: 50%; background: currentColor; flex: none; }
    .busy .dot { animation: pulse 1s ease-in-out infinite; }
    @keyframes pulse { 50% { opacity: 0.35; } }
    .tone-none { background: #e7f5ec; color: #116329; border-color: #9fd8b1; }
    .tone-low { background: #fff8c5; color: #6b4d00; border-color: #e3c45a; }
    .tone-medium { background: #fff0e0; color: #8a3c00; border-color: #f0a35e; }
    .tone-high { background: #ffebe9; color: #a40e26; border-color: #ff8182; }
    .tone-down, .tone-idle { background: #f6f8fa; color: #57606a; border-color: #d0d7de; font-weight: 500; }
    .panel { position: fixed; width: 360px; max-width: calc(100vw - 8px); max-height: min(60vh, 460px);
      overflow: auto; background: #fff; border: 1px solid #d0d7de; border-radius: 10px; padding: 12px 14px;
      box-shadow: 0 8px 24px rgb(0 0 0 / 0.2); }
    .panel h2 { font-size: 14px; margin: 0 28px 6px 0; }
    .close { position: absolute; top: 6px; right: 6px; border: 0; background: transparent; font-size: 18px;
      line-height: 1; padding: 4px 8px; border-radius: 6px; color: #57606a; }
    .findings { list-style: none; margin: 8px 0; padding: 0; }
    .finding { border-left: 4px solid #d0d7de; padding: 6px 0 6px 10px; margin: 0 0 10px; }
    .finding[data-severity="high"] { border-left-color: #cf222e; }
    .finding[data-severity="medium"] { border-left-color: #e16f24; }
    .finding[data-severity="low"] { border-left-color: #d4a72c; }
    .finding h3 { font-size: 13px; margin: 0 0 2px; }
    .meta { color: #57606a; font-size: 12px; margin: 0 0 4px; }
    .finding p { margin: 0 0 4px; }
    .matched mark { background: #ffebe9; color: inherit; border-radius: 3px; padding: 0 2px; }
    .feedback { display: flex; align-items: center; gap: 8px; flex-wrap: wrap; }
    .link { border: 1px solid #d0d7de; background: #f6f8fa; border-radius: 6px; padding: 2px 8px; font-size: 12px; }
    .sent { color: #116329; font-size: 12px; }
    .share { display: flex; gap: 6px; align-items: flex-start; font-size: 12px; color: #57606a; margin-top: 6px; }
    .note { font-size: 12px; color: #57606a; margin: 6px 0 0; }
    .visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0);
      white-space: nowrap; }
    .marks { position: fixed; left: 0; top: 0; pointer-events: none; }
    .mark { position: fixed; pointer-events: none; border-bottom: 2px solid #cf222e; background: rgb(207 34 46 / 0.15); }
    dialog { max-width: min(560px, calc(100vw - 32px)); border: 0; border-radius: 12px; padding: 20px 22px;
      box-shadow: 0 12px 40px rgb(0 0 0 / 0.35); font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
      color: #1f2328; }
    dialog::backdrop { background: rgb(0 0 0 / 0.45); }
    dialog h2 { font-size: 18px; margin: 0 0 8px; }
    dialog ul { padding-left: 20px; margin: 8px 0 12px; }
    dialog li { margin-bottom: 6px; }
    blockquote { margin: 12px 0 16px; padding: 10px 12px; background: #f6f8fa; border-left: 4px solid #0b57d0;
      border-radius: 4px; }
    .actions { display: flex; gap: 10px; justify-content: flex-end; flex-wrap: wrap; }
    .primary { background: #0b57d0; color: #fff; border: 1px solid #0b57d0; border-radius: 8px; padding: 8px 16px; font-weight: 600; }
    .secondary { background: #fff; color: #a40e26; border: 1px solid #cf222e; border-radius: 8px; padding: 8px 16px; }
  `;

  // Builds an element: h('p', {class: 'x'}, 'text', child). Text always goes in as text, never HTML.
  function h(tag, attrs, ...children) {
    const el = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs || {})) {
      if (value === false || value === null || value === undefined) continue;
      if (key.startsWith('on')) el.addEventListener(key.slice(2), value);
      else el.setAttribute(key, value === true ? '' : value);
    }
    for (const child of children.flat(Infinity)) {
      if (child !== null && child !== undefined && child !== false) el.append(child);
    }
    return el;
  }

  // A host element with an open shadow root holding our stylesheet, attached outside the site's app.
  function makeHost(kind) {
    const host = document.createElement('postguard-ui');
    host.setAttribute('data-postguard', kind);
    const shadow = host.attachShadow({ mode: 'open' });
    shadow.append(h('style', {}, STYLE));
    // Keys pressed in our UI are ours: the site's shortcuts must not see them.
    for (const type of ['keydown', 'keyup', 'keypress']) shadow.addEventListener(type, (e) => e.stopPropagation());
    document.documentElement.append(host);
    return { host, shadow };
  }

  let uid = 0;

  class BoxUI {
    constructor({ box, onFeedback }) {
      this.box = box;
      this.onFeedback = onFeedback;
      this.outcome = null;
      this.announced = '';
      this.autoOpened = false;
      this.marks = [];
      const id = `postguard-panel-${(uid += 1)}`;
      ({ host: this.host, shadow: this.shadow } = makeHost('badge'));
      // Which box this badge belongs to, by the box's own accessible name.
      this.host.setAttribute('data-for', box.getAttribute('aria-label') || '');
      this.badge = h('button', {
        class: 'badge tone-idle', type: 'button', hidden: true, 'aria-expanded': 'false', 'aria-controls': id,
        title: 'PostGuard (Alt+Shift+P from the post box)', onclick: () => this.toggle(),
      });
      this.badgeLabel = h('span', { class: 'label' });
      this.badge.append(h('span', { class: 'dot', 'aria-hidden': 'true' }), this.badgeLabel);
      this.heading = h('h2', { id: `${id}-h` });
      this.summary = h('p', { class: 'note' });
      this.list = h('ol', { class: 'findings' });
      this.shareBox = h('input', { type: 'checkbox' });
      this.footer = h('div', {},
        h('label', { class: 'share' }, this.shareBox,
          h('span', {}, 'When I report "Not a problem", also share this draft with IT so they can review the warning.')),
        h('p', { class: 'note' }, 'PostGuard checks drafts on this computer only and never stores them.'));
      this.panel = h('section', {
        class: 'panel', id, hidden: true, role: 'region', 'aria-labelledby': `${id}-h`,
        onkeydown: (e) => {
          if (e.key === 'Escape') this.close({ focusBadge: true });
        },
      },
      h('button', { class: 'close', type: 'button', 'aria-label': 'Close PostGuard panel', onclick: () => this.close({ focusBadge: true }) }, '×'),
      this.heading, this.summary, this.list, this.footer);
      this.live = h('div', { class: 'visually-hidden', role: 'status', 'aria-live': 'polite' });
      this.markLayer = h('div', { class: 'marks', hidden: true, 'aria-hidden': 'true' });
      this.wrapper = h('div', { class: 'ui' }, this.markLayer, this.badge, this.panel, this.live);
      this.shadow.append(this.wrapper);
    }

    setBusy(busy) {
      this.badge.classList.toggle('busy', Boolean(busy));
      this.host.toggleAttribute('data-busy', Boolean(busy));
    }

    render(outcome, text) {
      this.outcome = outcome;
      const view = summarize(outcome);
      const tone = outcome.status === 'ok' ? outcome.result.risk : view.tone;
      this.host.setAttribute('data-state', outcome.status);
      this.host.setAttribute('data-risk', outcome.status === 'ok' ? outcome.result.risk : 'unknown');
      this.badge.className = `badge tone-${view.tone}${this.badge.classList.contains('busy') ? ' busy' : ''}`;
      this.badge.hidden = view.tone === 'idle';
      this.badgeLabel.textContent = view.short;
      this.badge.setAttribute('aria-label', view.sentence || 'PostGuard');
      this.fillPanel(outcome, text, view);
      if (view.sentence !== this.announced) this.announce(view.sentence);
      if (view.tone === 'idle') this.close();
      // A high-risk draft opens its panel once by itself (without taking focus) where it fits beside
      // the box; a lower one, or one with no room, stays a badge.
      if (tone === 'high' && !this.autoOpened) {
        this.autoOpened = true;
        if (this.sideRoom(this.box.getBoundingClientRect())) this.open();
      } else if (tone !== 'high') {
        this.autoOpened = false;
      }
      this.position();
    }

    fillPanel(outcome, text, view) {
      this.list.replaceChildren();
      this.footer.hidden = true;
      if (outcome.status === 'unreachable') {
        this.heading.textContent = 'PostGuard is not running';
        this.summary.textContent = HOW_TO_START;
        return;
      }
      if (outcome.status === 'error') {
        this.heading.textContent = 'PostGuard could not check this draft';
        this.summary.textContent = `${outcome.message || 'Unknown error'}. Posting is not blocked.`;
        return;
      }
      if (outcome.status !== 'ok') return;
      const { findings } = outcome.result;
      if (!findings.length) {
        this.heading.textContent = 'No policy concerns found';
        this.summary.textContent = 'PostGuard found nothing in this draft that the social media policy warns about.';
        return;
      }
      this.heading.textContent = view.short.replace(' · ', ': ') + (findings.length === 1 ? ' possible issue' : ' possible issues');
      this.summary.textContent = 'What the school\'s social media policy says about this draft:';
      this.footer.hidden = false;
      findings.forEach((finding) => this.list.append(this.findingItem(finding, text)));
    }

    findingItem(finding, text) {
      const words = [...new Set((finding.spans || []).map((span) => PG.offsets.spanText(text, span)).filter((w) => w.trim()))];
      const status = h('span', { class: 'sent', role: 'status' });
      const button = h('button', {
        class: 'link', type: 'button',
        onclick: async () => {
          button.disabled = true;
          status.textContent = 'Sending…';
          const ok = await this.onFeedback(finding, this.shareBox.checked);
          status.textContent = ok ? 'Thanks, reported to IT.' : 'Could not send: is PostGuard running?';
          button.disabled = ok;
        },
      }, 'Not a problem?');
      return h('li', { class: 'finding', 'data-category': finding.category, 'data-severity': finding.severity },
        h('h3', {}, finding.title || finding.category),
        h('p', { class: 'meta' }, `${SEVERITY_LABEL[finding.severity] || ''} · policy clause ${finding.clause}`),
        finding.message ? h('p', { class: 'message' }, finding.message) : null,
        finding.guidance ? h('p', { class: 'guidance' }, h('strong', {}, 'Instead: '), finding.guidance) : null,
        words.length ? h('p', { class: 'matched' }, 'Matched: ', words.map((w, i) => [i ? ', ' : '', h('mark', {}, w)])) : null,
        h('div', { class: 'feedback' }, button, status));
    }

    announce(sentence) {
      this.announced = sentence;
      this.live.textContent = '';
      // A separate task, so that the same sentence said twice is announced twice.
      setTimeout(() => {
        this.live.textContent = sentence;
      }, 50);
    }

    toggle() {
      if (this.panel.hidden) this.open();
      else this.close();
    }

    open({ focus = false } = {}) {
      if (this.badge.hidden) return;
      this.panel.hidden = false;
      this.badge.setAttribute('aria-expanded', 'true');
      this.position();
      if (focus) this.panel.querySelector('button').focus();
    }

    close({ focusBadge = false } = {}) {
      this.panel.hidden = true;
      this.badge.setAttribute('aria-expanded', 'false');
      if (focusBadge) this.badge.focus();
    }

    focusBadge() {
      if (this.badge.hidden) return false;
      this.open();
      this.badge.focus();
      return true;
    }

    // Places the badge just above the box's top-right corner (below it if there is no room), and the
    // panel beside the box, right or left (narrowed to fit), so that it covers neither the draft nor
    // its Post button; only when neither side has room does it drop below the badge.
    position() {
      const rect = this.box.getBoundingClientRect();
      const visible = rect.width > 0 && rect.height > 0 && this.box.isConnected;
      this.wrapper.style.visibility = visible ? 'visible' : 'hidden';
      if (!visible || this.badge.hidden) return;
      const vw = document.documentElement.clientWidth;
      const b = this.badge.getBoundingClientRect();
      let top = rect.top - b.height - 4;
      if (top < 4) top = rect.bottom + 4;
      const left = Math.min(Math.max(rect.right - b.width, 4), vw - b.width - 4);
      this.badge.style.top = `${Math.round(top)}px`;
      this.badge.style.left = `${Math.round(left)}px`;
      if (!this.panel.hidden) this.placePanel(rect, top, left, b);
      this.drawMarks();
    }

    // Where the panel fits beside the box: {left, width}, or null when it would overlap.
    sideRoom(rect) {
      const vw = document.documentElement.clientWidth;
      const gap = 12;
      const right = vw - 4 - (rect.right + gap);
      const leftRoom = rect.left - gap - 4;
      const width = Math.min(PANEL_WIDTH, Math.max(right, leftRoom));
      if (width < PANEL_MIN_WIDTH) return null;
      return right >= width ? { left: rect.right + gap, width } : { left: rect.left - gap - width, width };
    }

    placePanel(rect, top, left, b) {
      const vw = document.documentElement.clientWidth;
      const vh = document.documentElement.clientHeight;
      const side = this.sideRoom(rect);
      this.panel.style.width = `${side ? side.width : PANEL_WIDTH}px`;
      const p = this.panel.getBoundingClientRect();
      let ptop;
      let pleft;
      if (side) {
        pleft = side.left;
        ptop = Math.min(Math.max(top, 4), Math.max(vh - p.height - 4, 4));
      } else {
        pleft = Math.min(Math.max(left + b.width - p.width, 4), vw - p.width - 4);
        ptop = top + b.height + 6;
      }
      this.panel.style.top = `${Math.round(ptop)}px`;
      this.panel.style.left = `${Math.round(pleft)}px`;
    }

    // Fallback for browsers without the CSS Custom Highlight API: boxes drawn over the words.
    setMarks(items) {
      this.marks = items;
      this.drawMarks();
    }

    drawMarks() {
      this.markLayer.replaceChildren();
      this.markLayer.hidden = !this.marks.length;
      for (const { range } of this.marks) {
        for (const r of range.getClientRects()) {
          const mark = h('div', { class: 'mark' });
          Object.assign(mark.style, { left: `${r.left}px`, top: `${r.top}px`, width: `${r.width}px`, height: `${r.height}px` });
          this.markLayer.append(mark);
        }
      }
    }

    destroy() {
      this.host.remove();
    }
  }

  // Marks on matched words. With the Highlight API nothing is added to the page's DOM at all.
  const highlights = {
    byBox: new Map(),
    supported: typeof CSS !== 'undefined' && CSS.highlights && typeof Highlight === 'function',
    set(box, ui, items) {
      if (!this.supported) {
        ui.setMarks(items);
        return;
      }
      if (items.length) this.byBox.set(box, items);
      else this.byBox.delete(box);
      this.redraw();
    },
    clear(box, ui) {
      if (!this.byBox.has(box) && !(ui && ui.marks.length)) return;
      this.set(box, ui, []);
    },
    redraw() {
      for (const severity of ['low', 'medium', 'high']) {
        const ranges = [];
        for (const items of this.byBox.values()) {
          for (const item of items) if (item.severity === severity) ranges.push(item.range);
        }
        const name = `postguard-${severity}`;
        if (ranges.length) CSS.highlights.set(name, new Highlight(...ranges));
        else CSS.highlights.delete(name);
      }
    },
  };

  // The pause before posting. Resolves to 'edit' (the default, also on Escape) or 'post'.
  function confirmPost({ findings }) {
    const { host, shadow } = makeHost('dialog');
    const edit = h('button', { class: 'primary', type: 'button', autofocus: true, 'data-choice': 'edit' }, 'Edit my post');
    const post = h('button', { class: 'secondary', type: 'button', 'data-choice': 'post' }, 'Post anyway');
    const dialog = h('dialog', { role: 'alertdialog', 'aria-modal': 'true', 'aria-labelledby': 'pg-title', 'aria-describedby': 'pg-desc' },
      h('h2', { id: 'pg-title' }, 'Pause before you post'),
      h('p', { id: 'pg-desc' }, 'PostGuard found something in this draft that may go against the school\'s social media policy:'),
      h('ul', {}, findings.map((f) =>
        h('li', { 'data-category': f.category },
          h('strong', {}, f.title || f.category), ` (clause ${f.clause}): `, f.message || ''))),
      h('blockquote', {}, h('strong', {}, 'Ask yourself (policy 8.2): '), `“${POLICY_QUESTION}”`),
      h('div', { class: 'actions' }, post, edit));
    shadow.append(h('div', { class: 'ui' }, dialog));
    return new Promise((resolve) => {
      const finish = (choice) => {
        if (dialog.open) dialog.close();
        host.remove();
        resolve(choice);
      };
      edit.addEventListener('click', () => finish('edit'));
      post.addEventListener('click', () => finish('post'));
      dialog.addEventListener('cancel', (e) => {
        e.preventDefault();
        finish('edit');
      });
      // Tab cycles between the two choices instead of leaving the dialog.
      dialog.addEventListener('keydown', (e) => {
        if (e.key !== 'Tab') return;
        e.preventDefault();
        (shadow.activeElement === edit ? post : edit).focus();
      });
      dialog.showModal();
      edit.focus();
    });
  }

  PG.panel = { BoxUI, confirmPost, highlights };
})(globalThis);
