'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const offsets = require('../../lib/offsets.js');
const { el, text } = require('./fakedom.js');

// Reads a DOM boundary pair back into the string it covers, as a Range's toString() would.
function covered(index, b) {
  let out = '';
  let inside = false;
  for (const seg of index.segments) {
    const value = index.text.slice(seg.start, seg.end);
    if (seg.kind === 'text') {
      const from = seg.node === b.startContainer ? b.startOffset : inside ? 0 : null;
      const to = seg.node === b.endContainer ? b.endOffset : null;
      if (from !== null) {
        inside = true;
        out += value.slice(from, to === null ? value.length : to);
      }
      if (to !== null) break;
    } else {
      const parent = seg.node.parentNode;
      const i = parent.childNodes.indexOf(seg.node);
      if (parent === b.startContainer && b.startOffset === i) inside = true;
      if (inside) out += value;
      if (parent === b.endContainer && b.endOffset === i + 1) break;
    }
  }
  return out;
}

test('code points and UTF-16 units agree on astral characters', () => {
  const s = 'a😍b👩‍🏫c';
  assert.equal(offsets.codePointLength(s), [...s].length);
  assert.equal(offsets.codePointToUtf16(s, 1), 1);
  assert.equal(offsets.codePointToUtf16(s, 2), 3);
  assert.equal(offsets.codePointToUtf16(s, 3), 4);
  assert.equal(offsets.codePointToUtf16(s, 99), s.length);
  for (let cp = 0; cp <= [...s].length; cp += 1) {
    assert.equal(offsets.utf16ToCodePoint(s, offsets.codePointToUtf16(s, cp)), cp);
  }
});

test('a lone surrogate counts as one code point, as in Python', () => {
  const s = 'x\ud83dy';
  assert.equal(offsets.codePointLength(s), 3);
  assert.equal(offsets.codePointToUtf16(s, 2), 2);
});

test('truncation never splits a surrogate pair', () => {
  assert.equal(offsets.truncateCodePoints('ab😍cd', 3), 'ab😍');
  assert.equal(offsets.truncateCodePoints('ab😍cd', 2), 'ab');
});

test('spanText returns the words a code-point span covers', () => {
  const s = 'look 😍 at my year 6 lot';
  assert.equal(offsets.spanText(s, { start: 10, end: 24 }), 'my year 6 lot');
  assert.equal(offsets.spanText(s, { start: 5, end: 6 }), '😍');
});

test('Draft.js-like lines become newline-separated text, empty lines included', () => {
  const root = el('div', {},
    el('div', { 'data-block': 'true' }, el('div', {}, el('span', {}, el('span', {}, 'Hello')))),
    el('div', { 'data-block': 'true' }, el('div', {}, el('span', {}, el('br', {})))),
    el('div', { 'data-block': 'true' }, el('div', {}, el('span', {}, el('span', {}, 'World')))));
  assert.equal(offsets.buildTextIndex(root).text, 'Hello\n\nWorld');
});

test('Lexical-like paragraphs, a trailing <br> and an emoji image', () => {
  const root = el('div', {},
    el('p', {}, el('span', {}, 'one'), el('br', {})),
    el('p', {}, el('span', {}, 'two '), el('img', { alt: '😍' }), el('span', {}, ' three')));
  assert.equal(offsets.buildTextIndex(root).text, 'one\ntwo 😍 three');
});

test('scripts and styles inside the editor are not text', () => {
  const root = el('div', {}, 'a', el('style', {}, 'p{}'), 'b');
  assert.equal(offsets.buildTextIndex(root).text, 'ab');
});

test('a span after emoji maps to the right text node and offsets', () => {
  // "Call 😍😍 Jayden Smith" split over nodes the way an editor re-renders them.
  const a = text('Call 😍😍 ');
  const b = text('Jayden ');
  const c = text('Smith today');
  const root = el('div', {}, el('span', {}, a), el('span', {}, el('strong', {}, b), c));
  const index = offsets.buildTextIndex(root);
  const cpStart = [...'Call 😍😍 '].length;
  const span = { start: cpStart, end: cpStart + [...'Jayden Smith'].length };
  const bounds = offsets.spanToBoundaries(index, span);
  assert.equal(bounds.startContainer, b);
  assert.equal(bounds.startOffset, 0);
  assert.equal(bounds.endContainer, c);
  assert.equal(bounds.endOffset, 5);
  assert.equal(covered(index, bounds), 'Jayden Smith');
});

test('a span covering an emoji inside one text node uses UTF-16 offsets', () => {
  const t = text('trip today 😍!');
  const index = offsets.buildTextIndex(el('div', {}, t));
  const bounds = offsets.spanToBoundaries(index, { start: 11, end: 12 });
  assert.deepEqual([bounds.startOffset, bounds.endOffset], [11, 13]);
  assert.equal(covered(index, bounds), '😍');
});

test('a span across lines and an emoji image selects the image whole', () => {
  const img = el('img', { alt: '😍' });
  const p2 = el('p', {}, text('go '), img, text(' now'));
  const root = el('div', {}, el('p', {}, text('see you')), p2);
  const index = offsets.buildTextIndex(root);
  assert.equal(index.text, 'see you\ngo 😍 now');
  // "you\ngo 😍": starts in the first paragraph, ends after the image.
  const bounds = offsets.spanToBoundaries(index, { start: 4, end: 12 });
  assert.equal(bounds.endContainer, p2);
  assert.equal(bounds.endOffset, 2);
  assert.equal(covered(index, bounds), 'yougo 😍');
  // Just the image.
  const only = offsets.spanToBoundaries(index, { start: 11, end: 12 });
  assert.deepEqual([only.startContainer, only.startOffset, only.endContainer, only.endOffset], [p2, 1, p2, 2]);
});

test('a span that starts on a synthetic newline begins at the next line', () => {
  const second = text('World');
  const root = el('div', {}, el('div', {}, text('Hello')), el('div', {}, second));
  const index = offsets.buildTextIndex(root);
  const bounds = offsets.spanToBoundaries(index, { start: 5, end: 8 });
  assert.equal(bounds.startContainer, second);
  assert.equal(bounds.startOffset, 0);
  assert.equal(bounds.endOffset, 2);
});

test('empty and out-of-range spans give no range', () => {
  const index = offsets.buildTextIndex(el('div', {}, text('abc')));
  assert.equal(offsets.spanToBoundaries(index, { start: 2, end: 2 }), null);
  assert.equal(offsets.spanToBoundaries(index, { start: 5, end: 9 }), null);
  assert.equal(offsets.spanToBoundaries(offsets.buildTextIndex(el('div', {})), { start: 0, end: 1 }), null);
});
