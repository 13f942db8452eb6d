'use strict';
// Rocket.Chat federation's double encryption done by the library Rocket.Chat used (node-rsa 1.1.1),
// the way its lib/crypt.js did it; the Java codec's tests run this to check both directions.
//
//   node node-rsa-codec.js seal <receiver-public.pem> <sender-private.pem>   stdin: plaintext (base64) → stdout: wire (base64)
//   node node-rsa-codec.js open <sender-public.pem> <receiver-private.pem>   stdin: wire (base64)      → stdout: plaintext (base64)
const fs = require('fs');
const NodeRSA = require('node-rsa');

function key(file, format) {
  return new NodeRSA(fs.readFileSync(file, 'utf8'), format);
}

const [mode, first, second] = process.argv.slice(2);
const input = Buffer.from(fs.readFileSync(0, 'utf8').trim(), 'base64');
let output;
if (mode === 'seal') {
  const forReceiver = key(first, 'pkcs8-public-pem').encrypt(input);
  output = key(second, 'pkcs8-private-pem').encryptPrivate(forReceiver);
} else if (mode === 'open') {
  const forReceiver = key(first, 'pkcs8-public-pem').decryptPublic(input);
  output = key(second, 'pkcs8-private-pem').decrypt(forReceiver);
} else {
  process.stderr.write('usage: node-rsa-codec.js seal|open <key.pem> <key.pem> < base64\n');
  process.exit(2);
}
process.stdout.write(output.toString('base64'));
