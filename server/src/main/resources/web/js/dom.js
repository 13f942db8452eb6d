// Small DOM helpers: elements are built with text nodes only, never from HTML strings, so names
// and messages from any server cannot inject markup.

/** `el('li', {class: 'x', 'aria-label': 'y'}, child, 'text', ...)` */
export function el(tag, attributes = {}, ...children) {
  return fill(document.createElement(tag), attributes, children);
}

/** `el` for SVG: the element in the SVG namespace, or the browser would not draw it. */
export function svgEl(tag, attributes = {}, ...children) {
  return fill(document.createElementNS('http://www.w3.org/2000/svg', tag), attributes, children);
}

function fill(node, attributes, children) {
  for (const [name, value] of Object.entries(attributes)) {
    if (value != null && value !== false) {
      node.setAttribute(name, value === true ? '' : value);
    }
  }
  for (const child of children) {
    if (child != null) {
      node.append(child);
    }
  }
  return node;
}

/** Shows `message` (or hides the error line when it is empty). */
export function showError(message) {
  const line = document.getElementById('error');
  line.textContent = message || '';
  line.hidden = !message;
}

/** Runs `action` and shows what went wrong in words, as the API said it. */
export async function reporting(action) {
  try {
    showError('');
    return await action();
  } catch (e) {
    showError(e.message);
    return undefined;
  }
}
