import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createPrivateKey, createPublicKey, generateKeyPairSync, KeyObject } from 'node:crypto';
import { calculateJwkThumbprint } from 'jose';
import { DataSource } from 'typeorm';

/** A public key as the JWKS serves it. */
export interface PublicSigningJwk {
  kty: string;
  crv: string;
  x: string;
  kid: string;
  use: 'sig';
  alg: 'EdDSA';
}

/** The key credentials are signed with. */
export interface ActiveSigningKey {
  kid: string;
  privateKey: KeyObject;
  publicJwk: PublicSigningJwk;
}

/** An Ed25519 private key (PKCS8 PEM) to its kid (RFC 7638 thumbprint) and public JWK. */
export async function describeKey(privatePem: string): Promise<ActiveSigningKey> {
  const privateKey = createPrivateKey({ key: privatePem, format: 'pem' });
  if (privateKey.asymmetricKeyType !== 'ed25519') throw new Error('CREDENTIAL_SIGNING_KEY doit être une clé privée Ed25519 (PKCS8 PEM)');
  const { kty, crv, x } = createPublicKey(privateKey).export({ format: 'jwk' }) as { kty: string; crv: string; x: string };
  const kid = await calculateJwkThumbprint({ kty, crv, x }, 'sha256');
  return { kid, privateKey, publicJwk: { kty, crv, x, kid, use: 'sig', alg: 'EdDSA' } };
}

/**
 * The centre's Ed25519 signing keys for credentials (issue 16, item 1). CREDENTIAL_SIGNING_KEY (a
 * PKCS8 PEM) when set; otherwise one key generated on first use and kept in `signing_keys` (one even
 * when many requests arrive at once: a transaction-level advisory lock). The key in use is kept in
 * memory. Private keys are never logged nor served.
 */
@Injectable()
export class SigningKeys {
  private active: Promise<ActiveSigningKey> | null = null;

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** The key to sign with (the newest key not retired; generated if there is none). */
  current(): Promise<ActiveSigningKey> {
    this.active ??= this.load().catch((error: unknown) => {
      this.active = null;
      throw error;
    });
    return this.active;
  }

  /** Every public key a credential may have been signed with: the one in use and every key not retired. */
  async publicKeys(): Promise<PublicSigningJwk[]> {
    const current = await this.current();
    const rows: { kid: string; public_jwk: PublicSigningJwk }[] = await this.dataSource.query(
      `SELECT kid, public_jwk FROM signing_keys WHERE retired_at IS NULL ORDER BY created_at DESC, kid`,
    );
    const keys = [current.publicJwk, ...rows.filter((r) => r.kid !== current.kid).map((r) => r.public_jwk)];
    return keys.map(({ kty, crv, x, kid }) => ({ kty, crv, x, kid, use: 'sig', alg: 'EdDSA' }));
  }

  private async load(): Promise<ActiveSigningKey> {
    const fromEnv = process.env.CREDENTIAL_SIGNING_KEY?.trim();
    if (fromEnv) return describeKey(fromEnv.replace(/\\n/g, '\n'));
    return this.dataSource.transaction(async (m) => {
      await m.query(`SELECT pg_advisory_xact_lock(hashtext('signing_keys'))`);
      const [kept]: { private_pem: string }[] = await m.query(
        `SELECT private_pem FROM signing_keys WHERE retired_at IS NULL ORDER BY created_at DESC, kid LIMIT 1`,
      );
      if (kept) return describeKey(kept.private_pem);
      const { privateKey } = generateKeyPairSync('ed25519');
      const pem = privateKey.export({ format: 'pem', type: 'pkcs8' }) as string;
      const key = await describeKey(pem);
      await m.query(`INSERT INTO signing_keys (kid, public_jwk, private_pem) VALUES ($1, $2, $3)`, [
        key.kid,
        JSON.stringify(key.publicJwk),
        pem,
      ]);
      return key;
    });
  }
}
