// The admin console: an "Administration" entry for admins only (the `me` answer's roles), which
// swaps the rooms for the console's panels. While the console is open, the federation status
// and the peers are read again every few seconds: the server has no settings stream to push them.

import { reporting, showError } from './dom.js';
import { EventGraphView } from './admin-events.js';
import { FederationSettings } from './admin-federation.js';
import { NetworkSetup } from './admin-network.js';
import { PeerDashboard } from './admin-peers.js';
import { SettingsForm } from './admin-settings.js';
import { UserList } from './admin-users.js';

const REFRESH_MS = 3000;

export class AdminConsole {
  constructor(rest, me) {
    this.toggle = document.getElementById('admin-toggle');
    this.view = document.getElementById('admin');
    this.chatParts = [document.querySelector('.sidebar'), document.getElementById('room')];
    this.settings = new FederationSettings(rest);
    this.network = new NetworkSetup(rest);
    this.peers = new PeerDashboard(rest);
    this.events = new EventGraphView(rest);
    this.users = new UserList(rest);
    this.general = new SettingsForm(rest, document.getElementById('general-form'), {
      Site_Url: { id: 'gen-site-url' },
      FileUpload_MaxFileSize: { id: 'gen-max-upload', kind: 'number' },
    }, document.getElementById('gen-saved'));
    this.timer = null;
    this.toggle.hidden = !(me.roles || []).includes('admin');
    this.toggle.onclick = () => (this.view.hidden ? this.open() : this.close());
  }

  open() {
    this.show(true);
    reporting(() => Promise.all([this.settings.load(), this.network.check(), this.peers.load(), this.events.loadRooms(),
      this.users.load(), this.general.load()]));
    // not through reporting(): a refresh must not clear the error of what the admin just did
    this.timer = setInterval(() => Promise.all([this.settings.refreshStatus(), this.peers.load()])
      .catch((e) => showError(e.message)), REFRESH_MS);
    document.getElementById('admin-title').focus();
  }

  close() {
    clearInterval(this.timer);
    this.timer = null;
    this.show(false);
  }

  show(console) {
    this.view.hidden = !console;
    this.chatParts.forEach((part) => { part.hidden = console; });
    this.toggle.textContent = console ? 'Back to chat' : 'Administration';
    this.toggle.setAttribute('aria-expanded', String(console));
  }
}
