import { SignJWT } from 'jose';
import { ActiveSigningKey } from './signing-keys';
import { VerifiedAttestation } from './attestations.service';

export const CREDENTIAL_CONTEXT = ['https://www.w3.org/ns/credentials/v2', 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json'];

const SOURCES: Record<string, string> = {
  session: 'session de jury',
  external: 'obtenu antérieurement',
  equivalence: 'équivalence',
  correspondence: 'correspondance',
};

/**
 * The attestation as an Open Badges 3.0 AchievementCredential (W3C VC Data Model 2.0), its members
 * at the top level of the JWT payload (OB 3.0 §8.2, VC-JOSE). `base` is PUBLIC_URL: the issuer's id,
 * and the credential's id is the verification page `<base>/verifier/<code>`. The holder is named
 * minimally (first name, initial of the last name); each CCP held carries its date, origin and DREETS
 * validation. No expiry: revocation is read at `<base>/api/verify/<code>` (credentialStatus).
 */
export function credentialOf(a: VerifiedAttestation, base: string): Record<string, unknown> {
  const { facts } = a;
  const holderName = [facts.holder.firstName, facts.holder.lastNameInitial ? `${facts.holder.lastNameInitial}.` : null]
    .filter(Boolean)
    .join(' ');
  return {
    '@context': CREDENTIAL_CONTEXT,
    id: `${base}/verifier/${a.code}`,
    type: ['VerifiableCredential', 'AchievementCredential'],
    name: `Attestation de résultats — ${facts.certification.name}`,
    issuer: { id: base, type: ['Profile'], name: facts.centre.name, url: base },
    validFrom: a.issuedAt.toISOString(),
    credentialSubject: {
      type: ['AchievementSubject'],
      ...(holderName ? { identifier: [{ type: 'IdentityObject', identityType: 'name', hashed: false, identityHash: holderName }] } : {}),
      holder: { firstName: facts.holder.firstName, lastNameInitial: facts.holder.lastNameInitial },
      achievement: {
        id: `https://www.francecompetences.fr/recherche/rncp/${facts.certification.code.replace(/^RNCP/i, '')}/`,
        type: ['Achievement'],
        achievementType: facts.titleAwarded ? 'Certificate' : 'Competency',
        humanCode: facts.certification.code,
        name: facts.certification.name,
        description: facts.titleAwarded
          ? `Titre professionnel ${facts.certification.name} (${facts.certification.code}) obtenu le ${facts.titleAwardedOn}.`
          : `Certificats de compétences professionnelles (CCP) du titre ${facts.certification.name} (${facts.certification.code}).`,
        criteria: { narrative: 'Résultats des PV de jury signés et CCP acquis (capitalisation, R-CAP-1).' },
      },
      titleAwarded: facts.titleAwarded,
      titleAwardedOn: facts.titleAwardedOn,
      result: facts.ccps.map((c) => ({
        type: ['Result'],
        status: 'Completed',
        value: c.code,
        code: c.code,
        number: c.number,
        title: c.title,
        obtainedOn: c.obtainedOn,
        source: c.source,
        sourceLabel: SOURCES[c.source] ?? c.source,
        validatedByDreets: c.validated,
      })),
    },
    credentialStatus: { id: `${base}/api/verify/${a.code}`, type: 'SamsAttestationVerification' },
  };
}

/** The credential as a VC-JWT: header {alg: EdDSA, kid, typ: vc+jwt}; iss, jti, iat, nbf; no exp. */
export async function signCredential(a: VerifiedAttestation, base: string, key: ActiveSigningKey): Promise<string> {
  const credential = credentialOf(a, base);
  return new SignJWT(credential)
    .setProtectedHeader({ alg: 'EdDSA', kid: key.kid, typ: 'vc+jwt' })
    .setIssuer(base)
    .setJti(credential.id as string)
    .setIssuedAt()
    .setNotBefore(Math.floor(a.issuedAt.getTime() / 1000))
    .sign(key.privateKey);
}
