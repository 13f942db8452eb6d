// A form whose fields are server settings, read and written through `GET/POST /api/v1/settings/:_id`
// (client-api.md §2.8). Save writes only what changed since the last read, in the fields' order.

import { reporting } from './dom.js';

/**
 * `fields`: setting id -> `{id: input id, kind: 'boolean' | 'number' | 'text', resave: true}`, in the
 * order to save them; submitting `form` saves, says so in `savedLine`, then runs `afterSave`. Save
 * writes what changed; when nothing did, it writes the `resave` fields all the same, for what their
 * write makes the server do (evaluate the federation status again, say).
 */
export class SettingsForm {
  constructor(rest, form, fields, savedLine, afterSave = async () => {}) {
    this.rest = rest;
    this.fields = fields;
    this.savedLine = savedLine;
    this.saved = {}; // setting id -> the value last read from or written to the server
    form.onsubmit = (e) => {
      e.preventDefault();
      reporting(async () => {
        await this.save();
        await afterSave();
      });
    };
  }

  value(id) {
    return this.rest.get(`/api/v1/settings/${id}`).then((body) => body.value);
  }

  async load() {
    const ids = Object.keys(this.fields);
    const values = await Promise.all(ids.map((id) => this.value(id)));
    ids.forEach((id, i) => {
      const { input, kind } = this.field(id);
      this.saved[id] = values[i];
      if (kind === 'boolean') {
        input.checked = values[i] === true;
      } else {
        input.value = values[i] ?? '';
      }
    });
  }

  async save() {
    this.savedLine.textContent = '';
    const ids = Object.keys(this.fields);
    const values = Object.fromEntries(ids.map((id) => [id, this.input(id)]));
    const changed = ids.filter((id) => values[id] !== this.saved[id]);
    const writes = changed.length ? changed : ids.filter((id) => this.fields[id].resave);
    for (const id of writes) {
      await this.rest.post(`/api/v1/settings/${id}`, { value: values[id] });
      this.saved[id] = values[id];
    }
    this.savedLine.textContent = writes.length ? 'Saved.' : 'Nothing changed.';
  }

  /** What the field of setting `id` holds now, as the setting's type. */
  input(id) {
    const { input, kind } = this.field(id);
    return kind === 'boolean' ? input.checked : kind === 'number' ? Number(input.value) : input.value.trim();
  }

  field(id) {
    const { id: inputId, kind = 'text' } = this.fields[id];
    return { input: document.getElementById(inputId), kind };
  }
}
