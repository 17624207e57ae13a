// Code-point offsets (the service's Python str indices) to DOM positions inside an editor.
// The same walk produces the draft text that is sent, so offsets and nodes always agree.
(function (root, factory) {
  const mod = factory();
  if (typeof module === 'object' && module.exports) module.exports = mod;
  else (root.PostGuard = root.PostGuard || {}).offsets = mod;
})(globalThis, function () {
  'use strict';

  const TEXT_NODE = 3;
  const ELEMENT_NODE = 1;
  const BLOCK_TAGS = new Set([
    'ADDRESS', 'ARTICLE', 'ASIDE', 'BLOCKQUOTE', 'DD', 'DIV', 'DL', 'DT', 'FIGURE', 'FOOTER',
    'H1', 'H2', 'H3', 'H4', 'H5', 'H6', 'HEADER', 'HR', 'LI', 'OL', 'P', 'PRE', 'SECTION', 'TABLE',
    'TR', 'UL',
  ]);
  const SKIP_TAGS = new Set(['SCRIPT', 'STYLE', 'TEMPLATE', 'NOSCRIPT']);

  function isHighSurrogate(code) {
    return code >= 0xd800 && code <= 0xdbff;
  }

  function isLowSurrogate(code) {
    return code >= 0xdc00 && code <= 0xdfff;
  }

  // Length in UTF-16 units of the code point starting at index i (1 or 2; lone surrogates are 1, as in Python).
  function unitsAt(text, i) {
    return isHighSurrogate(text.charCodeAt(i)) && i + 1 < text.length && isLowSurrogate(text.charCodeAt(i + 1)) ? 2 : 1;
  }

  function codePointLength(text) {
    let n = 0;
    for (let i = 0; i < text.length; i += unitsAt(text, i)) n += 1;
    return n;
  }

  // UTF-16 index of code point `cp` (clamped to the text's length).
  function codePointToUtf16(text, cp) {
    let i = 0;
    for (let n = 0; n < cp && i < text.length; n += 1) i += unitsAt(text, i);
    return i;
  }

  function utf16ToCodePoint(text, index) {
    let n = 0;
    for (let i = 0; i < index && i < text.length; i += unitsAt(text, i)) n += 1;
    return n;
  }

  // The first `max` code points of text, never splitting a surrogate pair.
  function truncateCodePoints(text, max) {
    return text.slice(0, codePointToUtf16(text, max));
  }

  function tagOf(node) {
    return String(node.nodeName || '').toUpperCase();
  }

  // Walks an editor and returns its text plus the nodes each stretch of it came from.
  // Blocks (a Draft.js line, a Lexical paragraph) start a new line; <br> is a newline; an <img alt>
  // (emoji rendered as images) counts as its alt text.
  function buildTextIndex(root) {
    let text = '';
    const segments = [];

    function push(node, value, kind) {
      segments.push({ node, kind, start: text.length, end: text.length + value.length });
      text += value;
    }

    function visit(node, isRoot) {
      if (node.nodeType === TEXT_NODE) {
        const value = node.nodeValue || '';
        if (value) push(node, value, 'text');
        return;
      }
      if (node.nodeType !== ELEMENT_NODE) return;
      const tag = tagOf(node);
      if (SKIP_TAGS.has(tag)) return;
      if (tag === 'BR') {
        push(node, '\n', 'atom');
        return;
      }
      if (tag === 'IMG') {
        const alt = (node.getAttribute && node.getAttribute('alt')) || '';
        if (alt) push(node, alt, 'atom');
        return;
      }
      if (!isRoot && BLOCK_TAGS.has(tag) && text.length > 0 && !text.endsWith('\n')) text += '\n';
      for (let child = node.firstChild; child; child = child.nextSibling) visit(child, false);
    }

    visit(root, true);
    return { text, segments };
  }

  function childIndex(node) {
    let i = 0;
    for (let sibling = node.previousSibling; sibling; sibling = sibling.previousSibling) i += 1;
    return i;
  }

  // A DOM position {node, offset} for UTF-16 index `at`. A start boundary belongs to the segment that
  // begins at or runs past it, an end boundary to the segment that ends at or runs past it.
  function locate(index, at, edge) {
    const { segments } = index;
    if (!segments.length) return null;
    let seg = null;
    if (edge === 'start') seg = segments.find((s) => s.end > at) || segments[segments.length - 1];
    else seg = [...segments].reverse().find((s) => s.start < at) || segments[0];
    const inside = Math.min(Math.max(at - seg.start, 0), seg.end - seg.start);
    if (seg.kind === 'text') return { node: seg.node, offset: inside };
    // Atoms (img, br) are selected whole: before them for a start, after them for an end.
    const parent = seg.node.parentNode;
    const before = childIndex(seg.node);
    const after = edge === 'start' ? inside > 0 : inside > 0 || at >= seg.end;
    return { node: parent, offset: after ? before + 1 : before };
  }

  // Converts a service span (code points, end exclusive) into DOM boundary points, or null when
  // the span is empty or lies outside the text.
  function spanToBoundaries(index, span) {
    const { text } = index;
    const start = codePointToUtf16(text, span.start);
    const end = codePointToUtf16(text, span.end);
    if (!(end > start)) return null;
    const from = locate(index, start, 'start');
    const to = locate(index, end, 'end');
    if (!from || !to) return null;
    return { startContainer: from.node, startOffset: from.offset, endContainer: to.node, endOffset: to.offset };
  }

  // The words a span covers, for showing in the panel.
  function spanText(text, span) {
    return text.slice(codePointToUtf16(text, span.start), codePointToUtf16(text, span.end));
  }

  return {
    buildTextIndex,
    codePointLength,
    codePointToUtf16,
    spanText,
    spanToBoundaries,
    truncateCodePoints,
    utf16ToCodePoint,
  };
});
