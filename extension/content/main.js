// Wiring: finds compose boxes as they appear, checks each draft as the user pauses (through the
// background worker), shows the answer, and installs the gate. Site knowledge stays in sites/*.js.
(function (root) {
  'use strict';
  const PG = root.PostGuard;
  const api = root.browser || root.chrome;
  const adapter = PG.sites.forLocation(root.location);
  if (!adapter) return;

  // "About 400 ms" after the last keystroke, less the ~30 ms a check takes, so the warning shows
  // within half a second of a pause.
  const DEBOUNCE_MS = 350;
  const controllers = new Map();
  let settings = PG.settings.DEFAULTS;

  function message(body) {
    return api.runtime.sendMessage(body);
  }

  function count(counter) {
    message({ type: 'count', counter }).catch(() => {});
  }

  class BoxController {
    constructor(box) {
      this.box = box;
      this.shownRisk = 'none';
      this.attachments = adapter.countAttachments(box);
      this.ui = new PG.panel.BoxUI({ box, onFeedback: (finding, share) => this.feedback(finding, share) });
      this.scheduler = new PG.schedule.CheckScheduler({
        delay: DEBOUNCE_MS,
        read: () => this.snapshot(),
        send: (snapshot) => message({ type: 'check', site: adapter.id, ...snapshot }),
        onOutcome: (current) => this.show(current),
        onBusy: (busy) => this.ui.setBusy(busy),
      });
      // Editors like Draft.js insert text without an input event, so watch the DOM itself.
      this.observer = new MutationObserver(() => this.changed());
      this.observer.observe(box, { childList: true, characterData: true, subtree: true });
      if (this.snapshot().text.trim()) this.scheduler.touch();
    }

    snapshot() {
      return { text: adapter.readDraft(this.box).text, attachments: adapter.countAttachments(this.box) };
    }

    changed() {
      PG.panel.highlights.clear(this.box, this.ui);
      this.scheduler.touch();
    }

    attachmentsMayHaveChanged() {
      const now = adapter.countAttachments(this.box);
      if (now.images !== this.attachments.images || now.videos !== this.attachments.videos) {
        this.attachments = now;
        this.scheduler.touch();
      }
    }

    show({ snapshot, outcome }) {
      this.ui.render(outcome, snapshot.text);
      this.mark(snapshot, outcome);
      if (outcome.status === 'ok') {
        const risk = outcome.result.risk;
        if (risk !== 'none' && this.shownRisk === 'none') count('warnings');
        this.shownRisk = risk;
      }
    }

    // Ranges over the matched words; built from a fresh read so nodes and offsets agree.
    mark(snapshot, outcome) {
      const items = [];
      const index = adapter.readDraft(this.box);
      if (outcome.status === 'ok' && index.text === snapshot.text) {
        for (const finding of outcome.result.findings) {
          for (const span of finding.spans || []) {
            const b = PG.offsets.spanToBoundaries(index, span);
            if (!b) continue;
            const range = document.createRange();
            range.setStart(b.startContainer, b.startOffset);
            range.setEnd(b.endContainer, b.endOffset);
            items.push({ range, severity: finding.severity });
          }
        }
      }
      PG.panel.highlights.set(this.box, this.ui, items);
    }

    async feedback(finding, shareText) {
      const body = { type: 'feedback', verdict: 'false_alarm', categories: [finding.category], shareText, site: adapter.id };
      if (shareText) body.text = adapter.readDraft(this.box).text;
      try {
        return (await message(body)).status === 'ok';
      } catch {
        return false;
      }
    }

    destroy() {
      this.observer.disconnect();
      this.scheduler.dispose();
      PG.panel.highlights.clear(this.box, this.ui);
      this.ui.destroy();
    }
  }

  function controllerFor(node) {
    for (let el = node && node.nodeType === 1 ? node : node && node.parentElement; el; el = el.parentElement) {
      const controller = controllers.get(el);
      if (controller) return controller;
    }
    return null;
  }

  function scan() {
    const enabled = settings.sites[adapter.id] !== false;
    const boxes = new Set(enabled ? adapter.findComposeBoxes(document) : []);
    for (const [box, controller] of controllers) {
      if (!boxes.has(box) || !box.isConnected) {
        controller.destroy();
        controllers.delete(box);
      }
    }
    for (const box of boxes) {
      const controller = controllers.get(box);
      if (controller) {
        controller.attachmentsMayHaveChanged();
        controller.ui.position();
      } else {
        controllers.set(box, new BoxController(box));
      }
    }
  }

  let scanTimer = null;
  function scanSoon() {
    if (scanTimer === null) {
      scanTimer = setTimeout(() => {
        scanTimer = null;
        scan();
      }, 150);
    }
  }

  let frame = 0;
  function repositionSoon() {
    if (frame) return;
    frame = requestAnimationFrame(() => {
      frame = 0;
      controllers.forEach((c) => c.ui.position());
    });
  }

  async function refreshSettings() {
    try {
      settings = (await PG.settings.loadSettings(api)).settings;
    } catch {
      settings = PG.settings.DEFAULTS;
    }
    scan();
  }

  PG.gate.install({ adapter, controllers, controllerFor, getSettings: () => settings, count });
  new MutationObserver(scanSoon).observe(document.documentElement, { childList: true, subtree: true });
  document.addEventListener('focusin', (e) => {
    if (adapter.findComposeBoxes(document).includes(e.target) && !controllers.has(e.target)) scan();
  }, true);
  // Alt+Shift+P in a compose box moves focus to its PostGuard badge and opens the panel.
  document.addEventListener('keydown', (e) => {
    if (!(e.altKey && e.shiftKey && e.code === 'KeyP')) return;
    const controller = controllerFor(e.target);
    if (controller && controller.ui.focusBadge()) {
      e.preventDefault();
      e.stopPropagation();
    }
  }, true);
  root.addEventListener('scroll', repositionSoon, { capture: true, passive: true });
  root.addEventListener('resize', repositionSoon, { passive: true });
  api.storage.onChanged.addListener((changes, area) => {
    if (area === 'managed' || PG.settings.KEYS.some((key) => key in changes)) refreshSettings();
  });
  refreshSettings();
})(globalThis);
