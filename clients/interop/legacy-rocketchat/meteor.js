'use strict';
// Meteor's Random.id() and EJSON (toJSONValue / fromJSONValue), the parts Rocket.Chat's federation
// touched: dates as {"$date": ms}, binary, NaN/±Infinity, and objects that look like those tags.
const crypto = require('crypto');

const UNMISTAKABLE = '23456789ABCDEFGHJKLMNPQRSTWXYZabcdefghijkmnopqrstuvwxyz';
function randomId() {
  let id = '';
  for (let i = 0; i < 17; i++) {
    id += UNMISTAKABLE[crypto.randomInt(UNMISTAKABLE.length)];
  }
  return id;
}

const EJSON_TAGS = new Set(['$date', '$binary', '$InfNaN', '$escape', '$type', '$value', '$regexp', '$flags']);
const isPlainObject = (v) => v !== null && typeof v === 'object' && !Array.isArray(v) && !(v instanceof Date) && !Buffer.isBuffer(v);
const looksLikeEjsonTag = (v) => {
  const keys = Object.keys(v);
  return keys.length > 0 && keys.length <= 2 && keys.every((k) => EJSON_TAGS.has(k));
};

const EJSON = {
  toJSONValue(v) {
    if (v instanceof Date) {
      return { $date: v.getTime() };
    }
    if (Buffer.isBuffer(v) || v instanceof Uint8Array) {
      return { $binary: Buffer.from(v).toString('base64') };
    }
    if (typeof v === 'number' && !Number.isFinite(v)) {
      return { $InfNaN: Number.isNaN(v) ? 0 : v > 0 ? 1 : -1 };
    }
    if (Array.isArray(v)) {
      return v.map((x) => EJSON.toJSONValue(x));
    }
    if (isPlainObject(v)) {
      const out = {};
      for (const [k, x] of Object.entries(v)) {
        if (x !== undefined) {
          out[k] = EJSON.toJSONValue(x);
        }
      }
      return looksLikeEjsonTag(v) ? { $escape: out } : out;
    }
    return v;
  },
  fromJSONValue(v) {
    if (Array.isArray(v)) {
      return v.map((x) => EJSON.fromJSONValue(x));
    }
    if (!isPlainObject(v)) {
      return v;
    }
    const keys = Object.keys(v);
    if (keys.length === 1 && keys[0] === '$date' && typeof v.$date === 'number') {
      return new Date(v.$date);
    }
    if (keys.length === 1 && keys[0] === '$binary') {
      return Buffer.from(v.$binary, 'base64');
    }
    if (keys.length === 1 && keys[0] === '$InfNaN') {
      return v.$InfNaN === 0 ? NaN : v.$InfNaN * Infinity;
    }
    const source = keys.length === 1 && keys[0] === '$escape' ? v.$escape : v;
    const out = {};
    for (const [k, x] of Object.entries(source)) {
      out[k] = EJSON.fromJSONValue(x);
    }
    return out;
  },
};

module.exports = { randomId, EJSON };
