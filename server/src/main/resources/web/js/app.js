// Entry point: shows the login form, or the chat for a saved session. The REST client holds the
// session (localStorage); one DDP connection carries every live update.

import { AdminConsole } from './admin.js';
import { DdpClient } from './ddp.js';
import { reporting, showError } from './dom.js';
import { GroupForms } from './groups.js';
import { showLogin } from './login.js';
import { MessageView } from './messages.js';
import { RoomList } from './rooms.js';
import { RestClient } from './rest.js';
import { UserSearch } from './search.js';

const rest = new RestClient();

async function startChat() {
  let me;
  try {
    me = await rest.get('/api/v1/me');
  } catch (e) {
    if (e.status === 401) {
      rest.forget(); // the saved token expired or was logged out elsewhere
      showLogin(rest, startChat);
      return;
    }
    showError(e.message);
    return;
  }
  const status = document.getElementById('live-status');
  let lost = false; // the live connection dropped: what came meanwhile must be fetched once it is back
  const ddp = new DdpClient(rest.session.authToken, (s) => {
    status.textContent = s === 'online' ? 'live' : s === 'offline' ? 'offline, reconnecting…' : s;
    if (s === 'offline') {
      lost = true;
    } else if (s === 'online' && lost) {
      lost = false;
      rooms.load();
      messages.refresh();
    }
  });
  const messages = new MessageView(rest, ddp);
  // the callbacks run on user actions, after every view below exists
  const groups = new GroupForms(rest, me, (rid) => rooms.select(rid));
  const rooms = new RoomList(rest, ddp, (sub) => {
    groups.opened(sub);
    messages.open(sub);
  });
  new UserSearch(rest, (rid) => rooms.select(rid));
  new AdminConsole(rest, me);

  document.getElementById('me').textContent = me.username;
  document.getElementById('logout').onclick = () => reporting(async () => {
    ddp.close();
    await rest.logout();
    location.reload();
  });
  document.getElementById('chat-screen').hidden = false;
  await rooms.load();
}

/** The workspace's name (public setting Site_Name) on the tab and in the headings. */
async function showSiteName() {
  const body = await rest.get('/api/v1/settings.public', { count: 100 });
  const setting = body.settings.find((x) => x._id === 'Site_Name');
  if (setting && setting.value) {
    document.title = setting.value;
    document.querySelectorAll('h1').forEach((h) => { h.textContent = setting.value; });
  }
}

showSiteName().catch((e) => showError(e.message));
if (rest.loggedIn) {
  startChat();
} else {
  showLogin(rest, startChat);
}
