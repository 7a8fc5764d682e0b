// A certificate for the fakes, made at start: self-signed (it is its own CA) for 127.0.0.1 and
// localhost. The PEM goes to a temp file so another process can trust it via NODE_EXTRA_CA_CERTS.
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generate } from 'selfsigned';

export interface TlsMaterial {
  key: string;
  cert: string;
  /** The PEM to trust (the certificate itself: it is self-signed). */
  caPem: string;
  /** caPem written to disk, for NODE_EXTRA_CA_CERTS. */
  caFile: string;
  dispose(): void;
}

export function createTlsMaterial(): TlsMaterial {
  // node:crypto makes the key natively; selfsigned (node-forge) would take seconds for RSA-2048.
  const { privateKey, publicKey } = generateKeyPairSync('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs1', format: 'pem' },
  });
  const options = {
    // Valid from a day ago, as a real host's certificate is: a process whose clock runs behind (the clock-skew
    // fault runs workers two minutes slow) must not find a certificate made a moment ago "not yet valid".
    notBeforeDate: new Date(Date.now() - 86_400_000),
    days: 7,
    algorithm: 'sha256',
    keyPair: { privateKey, publicKey },
    extensions: [
      { name: 'basicConstraints', cA: true },
      { name: 'keyUsage', keyCertSign: true, digitalSignature: true, keyEncipherment: true },
      { name: 'extKeyUsage', serverAuth: true },
      {
        name: 'subjectAltName',
        altNames: [
          { type: 2, value: 'localhost' },
          { type: 7, ip: '127.0.0.1' },
          { type: 7, ip: '::1' },
        ],
      },
    ],
  };
  const pems = generate(
    [{ name: 'commonName', value: 'practice-planner network fakes' }],
    options as Parameters<typeof generate>[1],
  );
  const dir = mkdtempSync(join(tmpdir(), 'network-fakes-'));
  const caFile = join(dir, 'fakes-ca.pem');
  writeFileSync(caFile, pems.cert);
  return {
    key: pems.private,
    cert: pems.cert,
    caPem: pems.cert,
    caFile,
    dispose: () => rmSync(dir, { recursive: true, force: true }),
  };
}
