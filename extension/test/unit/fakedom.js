// Just enough of the DOM's node links for lib/offsets.js: elements, text nodes, siblings, parents.
'use strict';

function link(parent, children) {
  parent.childNodes = children;
  parent.firstChild = children[0] || null;
  children.forEach((child, i) => {
    child.parentNode = parent;
    child.previousSibling = children[i - 1] || null;
    child.nextSibling = children[i + 1] || null;
  });
  return parent;
}

function text(value) {
  return { nodeType: 3, nodeName: '#text', nodeValue: value };
}

function el(tag, attrs, ...children) {
  const node = { nodeType: 1, nodeName: tag.toUpperCase(), attrs: attrs || {} };
  node.getAttribute = (name) => (name in node.attrs ? node.attrs[name] : null);
  return link(node, children.map((c) => (typeof c === 'string' ? text(c) : c)));
}

module.exports = { el, text };
