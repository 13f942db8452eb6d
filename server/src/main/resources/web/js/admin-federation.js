// The console's federation settings, as the seed's page: Enabled, Domain, Discovery Method and Hub
// URL are settings the admin writes; Status and its reason are read-only and move on their own
// (Booting → Running, or the hub states) after a save; the public key is read-only, with Copy.

import { reporting } from './dom.js';
import { SettingsForm } from './admin-settings.js';

export class FederationSettings {
  constructor(rest) {
    // Enabled last: turning federation on boots it with the other values already saved. A Save that
    // changes nothing writes it all the same: each write makes the server evaluate the status again,
    // which is how an admin retries a hub that failed once the hub (not a setting) was fixed. The
    // hub URL before the method: when the server refuses the URL, the method does not change either
    this.form = new SettingsForm(rest, document.getElementById('fed-form'), {
      FEDERATION_Domain: { id: 'fed-domain' },
      FEDERATION_Hub_URL: { id: 'fed-hub' },
      FEDERATION_Discovery_Method: { id: 'fed-discovery' },
      FEDERATION_Enabled: { id: 'fed-enabled', kind: 'boolean', resave: true },
    }, document.getElementById('fed-saved'), () => this.refreshStatus());
    document.getElementById('fed-key-copy').onclick = () => reporting(() => this.copyKey());
  }

  async load() {
    const [, key] = await Promise.all([this.form.load(), this.form.value('FEDERATION_Public_Key'), this.refreshStatus()]);
    document.getElementById('fed-key').value = key ?? '';
  }

  async refreshStatus() {
    // the status first, then its reason: the server writes the reason first, so a new status is
    // never shown with the reason of the one before
    const status = await this.form.value('FEDERATION_Status');
    const reason = await this.form.value('FEDERATION_Status_Reason');
    document.getElementById('fed-status').textContent = status;
    document.getElementById('fed-status-reason').textContent = reason ? `(${reason})` : '';
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
