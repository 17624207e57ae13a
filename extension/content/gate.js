// The pause before posting. Capture-phase listeners on window see a Post click or a
// Ctrl/Cmd+Enter (or Enter, where that sends) before the site does. At or above the chosen risk
// level they hold it and ask; "Post anyway" replays that one submit. Only the user's own (trusted)
// events are held, so the replay goes straight through. A service that is down never blocks.
(function (root) {
  'use strict';
  const PG = root.PostGuard;
  const { collectFindings, gateDecision } = PG.risk;
  const HOLD_MS = 1500;

  function install({ adapter, controllers, controllerFor, getSettings, count }) {
    let busy = false;
    let busySince = 0;

    function boxesFor(control) {
      return [...controllers.values()].filter((c) => adapter.findSubmitControls(c.box).includes(control));
    }

    function siteEnabled() {
      return getSettings().sites[adapter.id] !== false;
    }

    async function hold(targets, replay) {
      const askLevel = getSettings().askLevel;
      let outcomes = targets.map((c) => c.scheduler.peek());
      let decision = gateDecision(outcomes, askLevel);
      if (decision === 'wait') {
        targets.forEach((c) => c.ui.setBusy(true));
        outcomes = await Promise.all(targets.map((c) => c.scheduler.settle(HOLD_MS)));
        targets.forEach((c) => c.ui.setBusy(false));
        decision = gateDecision(outcomes, askLevel, { final: true });
      }
      if (decision !== 'ask') {
        replay();
        return;
      }
      count('paused');
      const choice = await PG.panel.confirmPost({ findings: collectFindings(outcomes) });
      if (choice === 'post') {
        count('postedAnyway');
        replay();
      } else {
        targets[0].box.focus();
      }
    }

    // Decides synchronously when the answer is already known, so an allowed submit is untouched.
    function intercept(event, targets, replay) {
      if (!targets.length || !siteEnabled()) return;
      // A hold outlives its wait only while its dialog is open; anything else must never block posting.
      if (busy && !document.querySelector('postguard-ui[data-postguard="dialog"]') && Date.now() - busySince > HOLD_MS + 1000) {
        busy = false;
      }
      if (busy) {
        event.preventDefault();
        event.stopImmediatePropagation();
        return;
      }
      const known = gateDecision(targets.map((c) => c.scheduler.peek()), getSettings().askLevel);
      if (known === 'allow') return;
      event.preventDefault();
      event.stopImmediatePropagation();
      busy = true;
      busySince = Date.now();
      hold(targets, replay)
        .catch(() => replay()) // PostGuard failing must not swallow the post.
        .finally(() => {
          busy = false;
        });
    }

    function onClick(event) {
      if (!event.isTrusted || event.button !== 0) return;
      const control = adapter.submitControlFrom(event.target);
      if (!control) return;
      intercept(event, boxesFor(control), () => control.click());
    }

    function onKeydown(event) {
      if (!event.isTrusted || event.key !== 'Enter' || event.isComposing) return;
      const controller = controllerFor(event.target);
      if (controller) {
        const modified = event.ctrlKey || event.metaKey;
        const plain = !event.shiftKey && !event.altKey && !modified;
        if (!modified && !(plain && adapter.submitsOnEnter(controller.box))) return;
        const target = event.target;
        const init = {
          key: event.key, code: event.code, ctrlKey: event.ctrlKey, metaKey: event.metaKey,
          shiftKey: event.shiftKey, altKey: event.altKey, bubbles: true, cancelable: true, composed: true,
        };
        // Replaying a key: clicking the box's own submit control is what the shortcut does, and works
        // where a page ignores synthetic key codes; without a control, the key itself is replayed.
        intercept(event, [controller], () => {
          const control = adapter.findSubmitControls(controller.box)[0];
          if (control) control.click();
          else target.dispatchEvent(new KeyboardEvent('keydown', init));
        });
        return;
      }
      // Enter on a focused submit control that is not a real <button> (role="button" divs).
      const control = adapter.submitControlFrom(event.target);
      if (control && control.tagName !== 'BUTTON') intercept(event, boxesFor(control), () => control.click());
    }

    root.addEventListener('click', onClick, true);
    root.addEventListener('keydown', onKeydown, true);
  }

  PG.gate = { install, HOLD_MS };
})(globalThis);
