import { execFileSync } from 'node:child_process';
import path from 'node:path';

export interface CertificateFiles {
  certFile: string;
  keyFile: string;
}

/**
 * A throwaway certificate (valid one day, its own CA) for the names given, such as `DNS:jaeger.test`
 * or `IP:127.0.0.1`: for tests over TLS, and for nginx -t, which loads the certificate it is given.
 */
export function writeSelfSignedCert(dir: string, subjectAltNames: readonly string[]): CertificateFiles {
  const files = { certFile: path.join(dir, 'cert.pem'), keyFile: path.join(dir, 'key.pem') };
  const commonName = subjectAltNames[0]?.replace(/^[A-Z]+:/, '') ?? 'localhost';
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-keyout',
      files.keyFile,
      '-out',
      files.certFile,
      '-days',
      '1',
      '-subj',
      `/CN=${commonName}`,
      '-addext',
      `subjectAltName=${subjectAltNames.join(',')}`,
    ],
    { stdio: 'ignore' },
  );
  return files;
}
