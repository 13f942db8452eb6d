// "12 of 240 events" and a "Load more" button under a list the API pages with count/offset.

import { reporting } from './dom.js';

export class Pager {
  /** `loadPage(offset)` fetches and shows the page starting at `offset`, then calls `shownUpTo`. */
  constructor(summary, more, noun, loadPage) {
    this.summary = summary;
    this.more = more;
    this.noun = noun;
    this.shown = 0;
    more.onclick = () => reporting(() => loadPage(this.shown));
  }

  /** `count` items from `offset` now show, of `total`. */
  shownUpTo(offset, count, total) {
    this.shown = offset + count;
    this.summary.textContent = `${this.shown} of ${total} ${this.noun}`;
    this.more.hidden = this.shown >= total;
  }
}
