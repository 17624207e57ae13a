// X (x.com, twitter.com): posts, replies, quote posts and DMs. The editors are Draft.js
// contenteditables (role="textbox"); the submit controls carry data-testid attributes.
(function (root) {
  'use strict';
  const PG = root.PostGuard;
  const HOSTS = new Set(['x.com', 'twitter.com', 'mobile.x.com', 'mobile.twitter.com']);
  const BOX = '[contenteditable="true"][role="textbox"]';
  const SUBMIT = [
    '[data-testid="tweetButton"]',
    '[data-testid="tweetButtonInline"]',
    '[data-testid="dmComposerSendButton"]',
  ].join(',');

  function composer(box) {
    return PG.sites.closestComposer(box, SUBMIT, { maxDepth: 16, stopAt: '[role="dialog"], [data-testid="primaryColumn"]' });
  }

  PG.sites.register({
    id: 'x',
    matches: (location) => HOSTS.has(location.hostname),
    findComposeBoxes: (doc) => [...doc.querySelectorAll(BOX)],
    readDraft: (box) => PG.offsets.buildTextIndex(box),
    findSubmitControls: (box) => [...composer(box).querySelectorAll(SUBMIT)],
    submitControlFrom: (node) => (node && node.closest ? node.closest(SUBMIT) : null),
    countAttachments(box) {
      const area = composer(box).querySelector('[data-testid="attachments"]');
      return area ? PG.sites.countMedia(area, box, { minSize: 0 }) : { images: 0, videos: 0 };
    },
    submitsOnEnter: (box) => box.matches('[data-testid="dmComposerTextInput"]'),
  });
})(globalThis);
