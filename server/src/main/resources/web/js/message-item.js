// One message as a list item: author (qualified and marked when remote), time, text, attachments
// (image previews, download links), reactions, and the actions its reader may take.

import { toDate } from './ddp.js';
import { el, reporting } from './dom.js';
import { domainOfUsername, nameView } from './names.js';

/** The reactions offered on every message, as Rocket.Chat names them, and how they look. */
export const REACTIONS = { ':+1:': '👍', ':heart:': '❤️', ':joy:': '😂' };

/**
 * `actions` is `{edit(m), remove(m), react(m, emoji)}`; edit and delete are offered on the
 * reader's own messages only (the server decides in the end, and says so in words).
 */
export function messageItem(m, rest, actions) {
  const username = m.u ? m.u.username : '?';
  const when = toDate(m.ts);
  const author = nameView(username, domainOfUsername(username));
  author.classList.add('author');
  const item = el('li', { 'data-id': m._id }, author,
    el('time', { datetime: when.toISOString() }, when.toLocaleTimeString()),
    m.editedAt ? el('span', { class: 'edited' }, ' (edited)') : null);
  if (m.msg) {
    item.append(el('p', {}, m.msg));
  }
  for (const attachment of m.attachments || []) {
    item.append(attachmentView(attachment, rest));
  }
  item.append(reactionsView(m, rest, actions));
  return item;
}

function reactionsView(m, rest, actions) {
  const bar = el('div', { class: 'actions' });
  const reactions = m.reactions || {};
  for (const [emoji, glyph] of Object.entries(REACTIONS)) {
    const names = (reactions[emoji] && reactions[emoji].usernames) || [];
    const mine = names.includes(rest.session.username);
    const button = el('button', {
      type: 'button', class: 'reaction', 'aria-pressed': String(mine),
      'aria-label': `React with ${emoji}${names.length ? `, ${names.length} so far: ${names.join(', ')}` : ''}`,
      title: names.join(', ') || emoji,
    }, glyph, names.length ? ` ${names.length}` : null);
    button.onclick = () => actions.react(m, emoji);
    bar.append(button);
  }
  if (m.u && m.u._id === rest.session.userId && !m.t) {
    const edit = el('button', { type: 'button', class: 'link', 'aria-label': 'Edit this message' }, 'Edit');
    edit.onclick = () => actions.edit(m);
    const remove = el('button', { type: 'button', class: 'link', 'aria-label': 'Delete this message' }, 'Delete');
    remove.onclick = () => actions.remove(m);
    bar.append(edit, remove);
  }
  return bar;
}

/** An image preview, or a download link; both fetched with the session's headers (files are protected). */
function attachmentView(a, rest) {
  if (a.image_url) {
    const img = el('img', { alt: a.title || 'image', 'data-src': a.image_url });
    rest.blobUrl(a.image_url).then((url) => { img.src = url; }, (e) => { img.alt = `${a.title}: ${e.message}`; });
    return img;
  }
  const link = el('a', { href: a.title_link || '#' }, a.title || 'file');
  link.onclick = (e) => {
    e.preventDefault();
    reporting(async () => {
      const url = await rest.blobUrl(a.title_link);
      el('a', { href: url, download: a.title || 'file' }).click();
    });
  };
  return el('p', {}, 'File: ', link);
}
