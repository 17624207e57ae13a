// Site adapters register here. An adapter is one small object (see content/sites/x.js):
//   id                        the `site` sent to the service
//   matches(location)         true on the pages it handles
//   findComposeBoxes(doc)     the editors on the page now
//   readDraft(box)            {text, segments} from lib/offsets.js buildTextIndex
//   findSubmitControls(box)   the controls that would publish this box
//   submitControlFrom(node)   the submit control an event target belongs to, or null
//   countAttachments(box)     {images, videos} attached to this draft
//   submitsOnEnter(box)       true when plain Enter sends (chats, comments)
// A new site is one new file that calls register().
(function (root) {
  'use strict';
  const PG = (root.PostGuard = root.PostGuard || {});
  const adapters = [];

  // The nearest ancestor of `box` that also holds one of its submit controls, climbing at most
  // `maxDepth` levels and never past an element matching `stopAt` (a post, a dialog, a form).
  function closestComposer(box, submitSelector, { maxDepth = 12, stopAt = null } = {}) {
    let node = box.parentElement;
    for (let depth = 0; node && depth < maxDepth; depth += 1, node = node.parentElement) {
      if (node.querySelector(submitSelector)) return node;
      if (stopAt && node.matches(stopAt)) return node;
    }
    return box.parentElement || box;
  }

  // Images large enough to be attachments (not avatars or emoji), outside the editor itself.
  function countMedia(container, box, { imageSelector = 'img', minSize = 64 } = {}) {
    let images = 0;
    for (const img of container.querySelectorAll(imageSelector)) {
      if (box.contains(img)) continue;
      const rect = img.getBoundingClientRect();
      if (rect.width >= minSize && rect.height >= minSize) images += 1;
    }
    const videos = [...container.querySelectorAll('video')].filter((v) => !box.contains(v)).length;
    return { images, videos };
  }

  PG.sites = {
    closestComposer,
    countMedia,
    register(adapter) {
      adapters.push(adapter);
    },
    forLocation(location) {
      return adapters.find((a) => a.matches(location)) || null;
    },
  };
})(globalThis);
