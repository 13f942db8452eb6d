// Where the event graph's nodes and edges go: a pure function from events to geometry, with no
// DOM, so that the drawing (admin-graph.js) only turns positions into SVG and can lay out again
// from scratch whenever another page of events arrives.
//
// Events sit in layers by depth, top to bottom: an event's depth is 1 + the greatest depth of its
// parents among the events given, 0 for one without any (a room's first event, or a child whose
// parents are on pages not loaded yet). Depths come from a topological walk, not from the list's
// order: the API orders events by their creator's clock, and another server's clock may well put
// a child before its parent.

/** The size of one node, in SVG user units (px). */
export const NODE = { width: 180, height: 40 };
/** Between nodes side by side, and between layers (room for the edges and their arrows). */
const GAP = { x: 24, y: 44 };
/** Around the drawing; the top one leaves room for the stub drawn above an event whose parents are not loaded. */
const MARGIN = 24;

/**
 * Lays out `events` (`{id, parentIds}` and whatever else, in any order; an id seen twice counts
 * once, the first time).
 *
 * @returns `{nodes, edges, width, height}`: a node `{event, depth, x, y, missingParents}` per event
 *   (x, y its top-left corner; `missingParents` the parent ids not among `events`), an edge
 *   `{from, to, x1, y1, x2, y2}` per parent link among `events`, from the parent's bottom middle
 *   to the child's top, and the size the whole drawing needs.
 */
export function layoutGraph(events) {
  const byId = new Map();
  events.forEach((e) => byId.has(e.id) || byId.set(e.id, e));
  const unique = [...byId.values()];
  const shownParents = new Map(unique.map((e) => [e.id, [...new Set(e.parentIds)].filter((p) => p !== e.id && byId.has(p))]));
  const depths = depthsOf(unique, shownParents);

  const layers = [];
  unique.forEach((e) => (layers[depths.get(e.id)] ??= []).push(e));
  const widest = layers.reduce((most, layer) => Math.max(most, layer.length), 0);
  const width = 2 * MARGIN + widest * (NODE.width + GAP.x) - (widest ? GAP.x : 0);
  const height = 2 * MARGIN + layers.length * (NODE.height + GAP.y) - (layers.length ? GAP.y : 0);

  const placed = new Map(); // id -> node
  layers.forEach((layer, depth) => {
    // under its parents: each layer is ordered by where its parents sit (their mean x), which
    // keeps a branch's events in one column and spares most crossings; ties keep the API's order
    const sorted = layer.map((e, i) => ({ e, i, key: meanX(shownParents.get(e.id), placed) }))
      .sort((a, b) => a.key - b.key || a.i - b.i).map((s) => s.e);
    const left = MARGIN + ((widest - sorted.length) * (NODE.width + GAP.x)) / 2; // layers are centred
    sorted.forEach((e, slot) => placed.set(e.id, {
      event: e,
      depth,
      x: left + slot * (NODE.width + GAP.x),
      y: MARGIN + depth * (NODE.height + GAP.y),
      missingParents: e.parentIds.filter((p) => !byId.has(p)),
    }));
  });

  // a child's arrows end side by side on its top, in the order its parents sit, so that their
  // heads do not hide one another and they do not cross just above the box
  const edges = unique.flatMap((e) => {
    const child = placed.get(e.id);
    const parents = shownParents.get(e.id).map((p) => placed.get(p)).sort((a, b) => a.x - b.x);
    return parents.map((parent, i) => ({
      from: parent.event.id, to: e.id, x1: centre(parent), y1: parent.y + NODE.height,
      x2: child.x + (NODE.width * (i + 1)) / (parents.length + 1), y2: child.y,
    }));
  });
  return { nodes: unique.map((e) => placed.get(e.id)), edges, width, height };
}

/**
 * Each event's depth, by Kahn's walk: an event is placed once all its shown parents are. Events
 * never placed would sit on a cycle, which honest ids rule out (an id hashes its parents' ids),
 * but a damaged store could hold one: they keep the depth their placed parents gave them.
 */
function depthsOf(events, shownParents) {
  const children = new Map(events.map((e) => [e.id, []]));
  const waiting = new Map(); // id -> how many of its shown parents are not placed yet
  for (const e of events) {
    const parents = shownParents.get(e.id);
    parents.forEach((p) => children.get(p).push(e.id));
    waiting.set(e.id, parents.length);
  }
  const depths = new Map(events.map((e) => [e.id, 0]));
  const ready = events.filter((e) => waiting.get(e.id) === 0).map((e) => e.id);
  for (let i = 0; i < ready.length; i++) { // `ready` grows as the walk goes: a queue without shift()
    const id = ready[i];
    for (const child of children.get(id)) {
      depths.set(child, Math.max(depths.get(child), depths.get(id) + 1));
      waiting.set(child, waiting.get(child) - 1);
      if (waiting.get(child) === 0) {
        ready.push(child);
      }
    }
  }
  return depths;
}

function centre(node) {
  return node.x + NODE.width / 2;
}

/** The mean centre of the placed parents, or -1 (leftmost) for an event without any. */
function meanX(parents, placed) {
  const xs = parents.map((p) => placed.get(p)).filter(Boolean).map(centre);
  return xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : -1;
}
