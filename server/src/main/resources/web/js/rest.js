// REST client for the Rocket.Chat API this server speaks (client-api.md §1, §2).
// Every call resolves with the response body or rejects with an ApiError carrying the API's own
// `error` text, so views can show it in words.

const SESSION_KEY = 'fedchat.session';

export class ApiError extends Error {
  constructor(status, message, errorType) {
    super(message);
    this.status = status;
    this.errorType = errorType;
  }
}

/** The login kept in localStorage: `{userId, authToken, username}` or null. */
export function savedSession() {
  try {
    return JSON.parse(localStorage.getItem(SESSION_KEY));
  } catch {
    return null;
  }
}

export class RestClient {
  constructor(session = savedSession()) {
    this.session = session;
  }

  get loggedIn() {
    return this.session != null;
  }

  async login(user, password) {
    const body = await this.post('/api/v1/login', { user, password });
    this.session = { userId: body.data.userId, authToken: body.data.authToken, username: body.data.me.username };
    localStorage.setItem(SESSION_KEY, JSON.stringify(this.session));
    return this.session;
  }

  /** Ends the session on the server (best effort) and forgets it here in any case. */
  async logout() {
    try {
      if (this.session) {
        await this.post('/api/v1/logout', {});
      }
    } finally {
      this.forget();
    }
  }

  forget() {
    this.session = null;
    localStorage.removeItem(SESSION_KEY);
  }

  get(path, params = {}) {
    const query = new URLSearchParams(params).toString();
    return this.request('GET', query ? `${path}?${query}` : path);
  }

  post(path, json) {
    return this.request('POST', path, JSON.stringify(json), { 'Content-Type': 'application/json' });
  }

  /** Multipart upload (rooms.upload/:rid); `form` is a FormData with a `file` part. */
  upload(path, form) {
    return this.request('POST', path, form);
  }

  /** A blob: URL for a protected file (/file-upload/...), fetched with this session's headers. */
  async blobUrl(path) {
    const response = await fetch(path, { headers: this.authHeaders() });
    if (!response.ok) {
      throw new ApiError(response.status, `Could not load the file (HTTP ${response.status})`);
    }
    return URL.createObjectURL(await response.blob());
  }

  authHeaders() {
    return this.session ? { 'X-User-Id': this.session.userId, 'X-Auth-Token': this.session.authToken } : {};
  }

  async request(method, path, body, headers = {}) {
    let response;
    try {
      response = await fetch(path, { method, body, headers: { ...this.authHeaders(), ...headers } });
    } catch (e) {
      throw new ApiError(0, `The server cannot be reached (${e.message})`);
    }
    let json = null;
    try {
      json = await response.json();
    } catch {
      // not JSON: the status line is all there is to say
    }
    if (!response.ok || (json && json.success === false)) {
      const text = (json && (json.error || json.message)) || `HTTP ${response.status}`;
      throw new ApiError(response.status, text, json && json.errorType);
    }
    return json;
  }
}
