// The event graph drawn as inline SVG, from the geometry graph-layout.js gives: each event a box
// (short id and type, coloured by its origin server, a legend naming the colours), each parent
// link a curve with an arrow from parent to child, leaves marked, and above an event whose
// parents are not loaded a dashed stub arrow. Built with DOM calls only: ids, types and origins
// come from other servers and must never reach markup.
//
// The drawing is for eyes (`role="img"` with a one-line summary); the events list beside it is
// for screen readers and copying. A click on a box tells `onPick(id)`; the view then calls
// `pick(id)`, which highlights the box and its links, and shows the event's details.

import { el, svgEl } from './dom.js';
import { layoutGraph, NODE } from './graph-layout.js';

/** How many origin colours app.css defines (`.origin-0` …); more origins than that share them. */
const COLOURS = 8;
/** How far above its box the stub of an event with missing parents starts. */
const STUB = 18;
/** The longest type a box shows in full; longer ones are cut with an ellipsis (the title has all). */
const TYPE_CHARS = 22;

export class EventGraphDrawing {
  /** `container` scrolls the drawing; `legend` is a list for the origins' colours. */
  constructor(container, legend, onPick) {
    this.container = container;
    this.legend = legend;
    container.onclick = (click) => {
      const box = click.target.closest('.node');
      if (box) {
        onPick(box.dataset.eventId);
      }
    };
  }

  /** Draws `events` (all loaded so far, in the API's order) anew, with `picked` (an id or null) highlighted. */
  draw(events, picked) {
    const { nodes, edges, width, height } = layoutGraph(events);
    const colours = originColours(events);
    const svg = svgEl('svg', {
      class: 'graph', width, height, viewBox: `0 0 ${width} ${height}`, role: 'img',
      'aria-label': `Event graph: ${counted(nodes.length, 'event')}, ${counted(edges.length, 'link')}`,
    },
    svgEl('defs', {}, svgEl('marker', {
      id: 'graph-arrow', viewBox: '0 0 10 10', refX: 10, refY: 5, markerWidth: 8, markerHeight: 8,
      markerUnits: 'userSpaceOnUse', orient: 'auto',
    }, svgEl('path', { d: 'M0,0 L10,5 L0,10 z' }))),
    // links first, so that a link passing behind a box does not cross its text
    svgEl('g', {}, ...edges.map(edge)),
    svgEl('g', {}, ...nodes.map((n) => node(n, colours.get(n.event.origin)))));
    this.container.replaceChildren(svg);
    this.container.hidden = nodes.length === 0;
    this.legend.replaceChildren(...[...colours].map(([origin, colour]) =>
      el('li', {}, el('span', { class: `swatch origin-${colour}`, 'aria-hidden': 'true' }), origin)));
    if (picked) {
      this.highlight(picked);
    }
  }

  /** Highlights the event `id` and its links, and scrolls its box into view. */
  pick(id) {
    this.highlight(id)?.scrollIntoView({ block: 'nearest', inline: 'nearest' });
  }

  /** The box of event `id`, now highlighted with its links, or null when it is not drawn. */
  highlight(id) {
    this.container.querySelectorAll('.picked').forEach((n) => n.classList.remove('picked'));
    const key = CSS.escape(id);
    const box = this.container.querySelector(`.node[data-event-id="${key}"]`);
    if (box) {
      box.classList.add('picked');
      this.container.querySelectorAll(`.edge[data-from="${key}"], .edge[data-to="${key}"]`).forEach((e) => e.classList.add('picked'));
    }
    return box;
  }
}

/** The event id as the drawing and the list show it: its start, enough to tell events apart. */
export function shortId(id) {
  return id.length > 12 ? `${id.slice(0, 12)}…` : id;
}

function counted(n, noun) {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

/** Origin -> colour index, in the order origins first appear, so loading more pages keeps each colour. */
function originColours(events) {
  const colours = new Map();
  events.forEach((e) => colours.has(e.origin) || colours.set(e.origin, colours.size % COLOURS));
  return colours;
}

function edge(e) {
  // vertical at both ends, so the arrow points straight into the child's top
  const bend = (e.y2 - e.y1) / 2;
  return svgEl('path', {
    class: 'edge', 'data-from': e.from, 'data-to': e.to, 'marker-end': 'url(#graph-arrow)',
    d: `M${e.x1},${e.y1} C${e.x1},${e.y1 + bend} ${e.x2},${e.y2 - bend} ${e.x2},${e.y2}`,
  });
}

function node(n, colour) {
  const e = n.event;
  const middle = NODE.width / 2;
  return svgEl('g', {
    class: `node origin-${colour}${e.leaf ? ' leaf' : ''}`, transform: `translate(${n.x},${n.y})`,
    'data-event-id': e.id, 'data-leaf': String(e.leaf),
  },
  svgEl('title', {}, title(n)),
  n.missingParents.length ? svgEl('path', { class: 'stub', d: `M${middle},${-STUB} V0`, 'marker-end': 'url(#graph-arrow)' }) : null,
  svgEl('rect', { width: NODE.width, height: NODE.height, rx: 6 }),
  svgEl('text', { class: 'node-id', x: 8, y: 16 }, shortId(e.id)),
  svgEl('text', { class: 'node-type', x: 8, y: 32 }, e.type.length > TYPE_CHARS ? `${e.type.slice(0, TYPE_CHARS - 1)}…` : e.type),
  e.leaf ? svgEl('text', { class: 'leaf-mark', x: NODE.width - 8, y: 16, 'text-anchor': 'end' }, 'leaf') : null);
}

/** The tooltip: everything the box cuts short, and why a child without drawn parents sits at the top. */
function title(n) {
  const e = n.event;
  const lines = [e.id, `${e.type} from ${e.origin}`, new Date(e.ts).toLocaleString()];
  if (e.leaf) {
    lines.push('a leaf: no event names it as a parent yet');
  }
  if (n.missingParents.length) {
    lines.push(`drawn as a root: its parents are not on the loaded pages (${n.missingParents.map(shortId).join(', ')})`);
  }
  return lines.join('\n');
}
