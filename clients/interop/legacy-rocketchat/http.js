'use strict';
// Meteor's HTTP.call as Rocket.Chat's lib/http.js used it: a JSON body, the x-federation-domain
// header on every request, a timeout, the answer parsed; a non-2xx answer rejects with it attached.
const http = require('http');
const https = require('https');

/** Meteor HTTP.call: JSON body, x-federation-domain, the timeout; a non-2xx answer throws. */
function httpCall(method, url, content, domain, timeoutMs) {
  return new Promise((resolve, reject) => {
    const target = new URL(url);
    const headers = { 'x-federation-domain': domain };
    if (content !== undefined) {
      headers['Content-Type'] = 'application/json';
      headers['Content-Length'] = Buffer.byteLength(content);
    }
    const lib = target.protocol === 'https:' ? https : http;
    const request = lib.request(target, { method, headers, timeout: timeoutMs }, (response) => {
      const chunks = [];
      response.on('data', (c) => chunks.push(c));
      response.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let data = null;
        try {
          data = JSON.parse(text);
        } catch (err) {
          // not JSON: keep the text
        }
        const answer = { status: response.statusCode, data, text };
        if (response.statusCode >= 200 && response.statusCode < 300) {
          resolve(answer);
        } else {
          reject(Object.assign(new Error(`failed [${response.statusCode}] ${text}`), { answer }));
        }
      });
    });
    request.on('timeout', () => request.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    request.on('error', reject);
    if (content !== undefined) {
      request.write(content);
    }
    request.end();
  });
}

module.exports = { httpCall };
