// The console's federation settings, as the seed's page: each field is one setting, read and
// written through `GET/POST /api/v1/settings/:_id`; Status and its reason are read-only and move
// on their own (Booting → Running, or the hub states) after a save.

import { reporting } from './dom.js';

const FIELDS = {
  FEDERATION_Enabled: { id: 'fed-enabled', read: (i) => i.checked, write: (i, v) => { i.checked = v === true; } },
  FEDERATION_Domain: { id: 'fed-domain' },
  FEDERATION_Discovery_Method: { id: 'fed-discovery' },
  FEDERATION_Hub_URL: { id: 'fed-hub' },
};
// Enabled last: turning federation on boots it with the other values already saved
const SAVE_ORDER = ['FEDERATION_Domain', 'FEDERATION_Discovery_Method', 'FEDERATION_Hub_URL', 'FEDERATION_Enabled'];

export class FederationSettings {
  constructor(rest) {
    this.rest = rest;
    this.saved = {}; // setting id -> the value last read from the server, to write only what changed
    document.getElementById('fed-form').onsubmit = (e) => {
      e.preventDefault();
      reporting(() => this.save());
    };
    document.getElementById('fed-key-copy').onclick = () => reporting(() => this.copyKey());
  }

  setting(id) {
    return this.rest.get(`/api/v1/settings/${id}`).then((body) => body.value);
  }

  async load() {
    const ids = Object.keys(FIELDS);
    const [values, key] = await Promise.all([Promise.all(ids.map((id) => this.setting(id))), this.setting('FEDERATION_Public_Key')]);
    ids.forEach((id, i) => {
      const field = FIELDS[id];
      const input = document.getElementById(field.id);
      this.saved[id] = values[i];
      if (field.write) {
        field.write(input, values[i]);
      } else {
        input.value = values[i] ?? '';
      }
    });
    document.getElementById('fed-key').value = key ?? '';
    await this.refreshStatus();
  }

  async refreshStatus() {
    const [status, reason] = await Promise.all([this.setting('FEDERATION_Status'), this.setting('FEDERATION_Status_Reason')]);
    document.getElementById('fed-status').textContent = status;
    document.getElementById('fed-status-reason').textContent = reason ? `(${reason})` : '';
  }

  async save() {
    const done = document.getElementById('fed-saved');
    done.textContent = '';
    let written = 0;
    for (const id of SAVE_ORDER) {
      const field = FIELDS[id];
      const input = document.getElementById(field.id);
      const value = field.read ? field.read(input) : input.value.trim();
      if (value !== this.saved[id]) {
        await this.rest.post(`/api/v1/settings/${id}`, { value });
        this.saved[id] = value;
        written++;
      }
    }
    done.textContent = written ? 'Saved.' : 'Nothing changed.';
    await this.refreshStatus();
  }

  /** The key to the clipboard; where the Clipboard API is missing or refuses (plain http), through a selection. */
  async copyKey() {
    const key = document.getElementById('fed-key');
    const said = document.getElementById('fed-key-copied');
    said.textContent = '';
    try {
      await navigator.clipboard.writeText(key.value);
    } catch {
      key.select();
      if (!document.execCommand('copy')) {
        throw new Error('The browser refused to copy: select the key and copy it by hand.');
      }
    }
    said.textContent = 'Copied.';
  }
}
