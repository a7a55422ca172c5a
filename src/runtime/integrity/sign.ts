import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify, type KeyObject } from 'node:crypto';
import { InputError } from '../../errors.js';

/**
 * Detached Ed25519 signatures over a manifest's exact bytes (`<manifest>.sig`, base64), the
 * "sidecar signature" mode the WG discussed for #856. Keys are PEM (SPKI public, PKCS#8 private).
 */
export const SIGNATURE_SUFFIX = '.sig';

export interface KeyPairPem {
  publicKey: string;
  privateKey: string;
}

/** A new Ed25519 key pair. */
export function generateSigningKeys(): KeyPairPem {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  return { publicKey: publicKey.export({ type: 'spki', format: 'pem' }).toString(), privateKey: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString() };
}

function ed25519(key: KeyObject, file: string): KeyObject {
  if (key.asymmetricKeyType !== 'ed25519') throw new InputError(`${file}: expected an Ed25519 key, found ${key.asymmetricKeyType ?? 'a symmetric key'}`, { file });
  return key;
}

/** Parse a PEM public key (a private key is accepted too: its public half is used). */
export function readPublicKey(pem: string, file: string): KeyObject {
  try {
    return ed25519(createPublicKey(pem), file);
  } catch (error) {
    if (error instanceof InputError) throw error;
    throw new InputError(`${file}: not a PEM public key: ${(error as Error).message}`, { file, cause: error });
  }
}

export function readPrivateKey(pem: string, file: string): KeyObject {
  try {
    return ed25519(createPrivateKey(pem), file);
  } catch (error) {
    if (error instanceof InputError) throw error;
    throw new InputError(`${file}: not a PEM private key: ${(error as Error).message}`, { file, cause: error });
  }
}

/** `SHA256:<base64>` of the public key's SPKI bytes, as printed next to a verified signature. */
export function keyFingerprint(key: KeyObject): string {
  const spki = (key.type === 'private' ? createPublicKey(key) : key).export({ type: 'spki', format: 'der' });
  return `SHA256:${createHash('sha256').update(spki).digest('base64').replace(/=+$/, '')}`;
}

/** Sign bytes; the sidecar text. */
export function signBytes(bytes: Uint8Array, privateKey: KeyObject): string {
  return `${sign(null, bytes, privateKey).toString('base64')}\n`;
}

/** Does the sidecar verify these bytes under this key? */
export function verifyBytes(bytes: Uint8Array, signatureText: string, publicKey: KeyObject): boolean {
  const signature = Buffer.from(signatureText.trim(), 'base64');
  return signature.length === 64 && verify(null, bytes, publicKey, signature);
}
