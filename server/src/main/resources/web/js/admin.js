// The admin console: an "Administration" entry for admins only (the `me` answer's roles), which
// swaps the rooms for the console's three panels. While the console is open, the federation status
// and the peers are read again every few seconds: the server has no settings stream to push them.

import { reporting } from './dom.js';
import { FederationSettings } from './admin-federation.js';
import { NetworkSetup } from './admin-network.js';
import { PeerDashboard } from './admin-peers.js';

const REFRESH_MS = 3000;

export class AdminConsole {
  constructor(rest, me) {
    this.toggle = document.getElementById('admin-toggle');
    this.view = document.getElementById('admin');
    this.chatParts = [document.querySelector('.sidebar'), document.getElementById('room')];
    this.settings = new FederationSettings(rest);
    this.network = new NetworkSetup(rest);
    this.peers = new PeerDashboard(rest);
    this.timer = null;
    this.toggle.hidden = !(me.roles || []).includes('admin');
    this.toggle.onclick = () => (this.view.hidden ? this.open() : this.close());
  }

  open() {
    this.show(true);
    reporting(() => Promise.all([this.settings.load(), this.network.check(), this.peers.load()]));
    this.timer = setInterval(() => reporting(() => Promise.all([this.settings.refreshStatus(), this.peers.load()])), REFRESH_MS);
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
