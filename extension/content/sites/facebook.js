// Facebook (www.facebook.com, Messenger): posts, comments and messages. The editors are Lexical
// contenteditables (role="textbox"); submit controls are role="button" elements named by
// aria-label (English interface).
(function (root) {
  'use strict';
  const PG = root.PostGuard;
  const HOSTS = new Set(['www.facebook.com', 'web.facebook.com', 'www.messenger.com']);
  const BOX = '[contenteditable="true"][role="textbox"]';
  const POST_LABELS = ['Post', 'Share now'];
  const SUBMIT = [
    ...POST_LABELS.map((label) => `[role="button"][aria-label="${label}"]`),
    '[role="button"][aria-label="Comment"]',
    '[role="button"][aria-label="Reply"][type="submit"]',
    '[role="button"][aria-label="Send"]',
    '[role="button"][aria-label="Press enter to send"]',
    '#focused-state-composer-submit',
  ].join(',');

  function composer(box) {
    return PG.sites.closestComposer(box, SUBMIT, { maxDepth: 12, stopAt: '[role="dialog"], [role="article"], form' });
  }

  function findSubmitControls(box) {
    return [...composer(box).querySelectorAll(SUBMIT)];
  }

  PG.sites.register({
    id: 'facebook',
    matches: (location) => HOSTS.has(location.hostname),
    findComposeBoxes: (doc) => [...doc.querySelectorAll(BOX)],
    readDraft: (box) => PG.offsets.buildTextIndex(box),
    findSubmitControls,
    submitControlFrom: (node) => (node && node.closest ? node.closest(SUBMIT) : null),
    countAttachments: (box) => PG.sites.countMedia(composer(box), box),
    // Comments and messages send on Enter; the post composer (with its Post button) does not.
    submitsOnEnter: (box) =>
      !findSubmitControls(box).some((control) => POST_LABELS.includes(control.getAttribute('aria-label'))),
  });
})(globalThis);
