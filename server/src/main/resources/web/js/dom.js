// Small DOM helpers: elements are built with text nodes only, never from HTML strings, so names
// and messages from any server cannot inject markup.

/** `el('li', {class: 'x', 'aria-label': 'y'}, child, 'text', ...)` */
export function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
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
