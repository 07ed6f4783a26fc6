import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateKeyPairSync } from 'node:crypto';
import jsQR from 'jsqr';
import { PNG } from 'pngjs';
import { calculateJwkThumbprint, createLocalJWKSet, decodeProtectedHeader, jwtVerify, SignJWT } from 'jose';
import { BookletAnonymisation, BookletDataExport } from '@app/booklet';
import { todayInFrance } from '@app/rules';
import { SigningKeys } from '../libs/booklet/src/attestations/signing-keys';
import { normaliseAttestationCode } from '../libs/booklet/src/attestations/attestation-code';
import { auth, createCohort, createLearner, LearnerFixture } from './support/fixtures';
import { binaryParser, pdfToText } from './support/pdf';
import { startTestApp, TestApp } from './support/test-app';

const PUBLIC_URL = 'https://sams.centre-test.fr';
const CODE = /^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/;

/** The QR code of page 1 of a PDF, rendered at 200 dpi by pdftoppm and decoded by jsQR. */
function qrOfFirstPage(pdf: Buffer): string | null {
  const dir = mkdtempSync(join(tmpdir(), 'attestation-'));
  writeFileSync(join(dir, 'a.pdf'), pdf);
  execFileSync('pdftoppm', ['-r', '200', '-png', '-f', '1', '-l', '1', join(dir, 'a.pdf'), join(dir, 'page')]);
  const file = readFileSync(
    join(
      dir,
      execFileSync('ls', [dir])
        .toString()
        .split('\n')
        .find((f) => f.endsWith('.png'))!,
    ),
  );
  const png = PNG.sync.read(file);
  return jsQR(new Uint8ClampedArray(png.data.buffer, png.data.byteOffset, png.data.length), png.width, png.height)?.data ?? null;
}

describe('issue 16 (1): the verifiable attestation — code, QR, public verification, signed credential', () => {
  let t: TestApp;
  let admin: string;
  let trainer: { id: string; token: string };
  let cohort: { id: string };

  beforeAll(async () => {
    t = await startTestApp({ PUBLIC_URL: `${PUBLIC_URL}/` });
    admin = await t.adminToken();
    trainer = await t.createUser(['trainer']);
    cohort = await createCohort(t, [trainer.id]);
  });
  afterAll(async () => t.close());

  async function learnerWithCcps(body: Record<string, unknown> = {}, codes = ['RNCP36805BC01', 'RNCP36805BC02']): Promise<LearnerFixture> {
    const learner = await createLearner(t, { pathway: 'training', cohortId: cohort.id, ...body }, true);
    for (const [i, ccpCode] of codes.entries()) {
      await t.http
        .post(`/api/learners/${learner.id}/prior-ccps`)
        .set(auth(admin))
        .send({ ccpCode, obtainedOn: `2023-06-2${i}`, source: i === 1 ? 'equivalence' : 'external', reference: `Livret n° 2023-04${i}` })
        .expect(201);
    }
    return learner;
  }
  const pdfOf = async (id: string, token = admin): Promise<Buffer> =>
    (await t.http.get(`/api/learners/${id}/booklet.pdf`).set(auth(token)).buffer(true).parse(binaryParser).expect(200)).body as Buffer;

  it('20 parallel PDF and credential requests give one code and one signing key (and 20 SigningKeys at once one key row)', async () => {
    const learner = await learnerWithCcps();
    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        i % 2
          ? t.http.get(`/api/learners/${learner.id}/credential`).set(auth(admin))
          : t.http.get(`/api/learners/${learner.id}/booklet.pdf`).set(auth(admin)).buffer(true).parse(binaryParser),
      ),
    );
    expect(answers.map((a) => a.status)).toEqual(Array(20).fill(200));
    const codes = new Set(answers.filter((_, i) => i % 2).map((a) => a.body.verificationCode as string));
    expect(codes.size).toBe(1);
    const kids = new Set(answers.filter((_, i) => i % 2).map((a) => decodeProtectedHeader(a.body.jwt as string).kid));
    expect(kids.size).toBe(1);
    const [{ n }] = await t.dataSource.query(`SELECT count(*)::int AS n FROM attestations WHERE learner_id = $1`, [learner.id]);
    expect(n).toBe(1);
    // Other instances (new SigningKeys, no memory) at once: the key kept, no second row.
    const others = await Promise.all(Array.from({ length: 20 }, () => new SigningKeys(t.dataSource).current()));
    expect(new Set(others.map((k) => k.kid))).toEqual(kids);
    expect((await t.dataSource.query(`SELECT count(*)::int AS n FROM signing_keys`))[0].n).toBe(1);
    const audit = await t.http.get('/api/audit?entity=attestation').set(auth(admin)).expect(200);
    expect(audit.body.items.filter((e: { action: string }) => e.action === 'attestation.issue')).toHaveLength(1);
  });

  it('the PDF prints the code and a QR code to PUBLIC_URL/verifier/<code>; /api/verify answers without a token, holder first name and initial only', async () => {
    const learner = await learnerWithCcps({ firstName: 'Inès', lastName: 'Lefebvre-Martin', birthDate: '1991-03-05' });
    const pdf = await pdfOf(learner.id);
    const qr = qrOfFirstPage(pdf);
    expect(qr).toMatch(new RegExp(`^${PUBLIC_URL}/verifier/`));
    const code = qr!.slice(`${PUBLIC_URL}/verifier/`.length);
    expect(code).toMatch(CODE);
    const { text } = await pdfToText(pdf);
    expect(text[0].match(/[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}/)?.[0]).toBe(code);
    // The same facts: the learner's own PDF and the credential carry the same code.
    expect(qrOfFirstPage(await pdfOf(learner.id, learner.token))).toBe(qr);
    const credential = await t.http.get(`/api/learners/${learner.id}/credential`).set(auth(learner.token!)).expect(200);
    expect(credential.body.verificationCode).toBe(code);

    const res = await t.http.get(`/api/verify/${code}`).expect(200);
    expect(res.body).toMatchObject({
      valid: true,
      revokedOn: null,
      issuedOn: todayInFrance(),
      holder: { firstName: 'Inès', lastNameInitial: 'L' },
      certification: { code: 'RNCP36805' },
      titleAwarded: false,
      centre: { name: expect.any(String) },
    });
    expect(res.body.ccps).toEqual([
      expect.objectContaining({ code: 'RNCP36805BC01', number: 1, obtainedOn: '2023-06-20', source: 'external', validated: true }),
      expect.objectContaining({ code: 'RNCP36805BC02', number: 2, obtainedOn: '2023-06-21', source: 'equivalence', validated: true }),
    ]);
    const json = JSON.stringify(res.body);
    for (const secret of ['Lefebvre', 'Martin', '1991-03-05', '05/03/1991', learner.email, learner.id]) expect(json).not.toContain(secret);
    // Typed by hand: lower case, spaces instead of dashes, O for 0 (Crockford).
    const typed = encodeURIComponent(` ${code.toLowerCase().replace(/-/g, ' ')} `);
    expect((await t.http.get(`/api/verify/${typed}`).expect(200)).body.holder.firstName).toBe('Inès');
    expect((await t.http.get(`/api/verify/${code.replace(/-/g, '')}`).expect(200)).body.valid).toBe(true);
  });

  it('a fraud withdrawal after issue revokes it (valid false, revokedOn today in Paris); the next attestation is valid without that CCP', async () => {
    const learner = await learnerWithCcps();
    const first = (await t.http.get(`/api/learners/${learner.id}/credential`).set(auth(admin)).expect(200)).body.verificationCode;
    await t.http
      .post(`/api/learners/${learner.id}/award-withdrawals`)
      .set(auth(admin))
      .send({ ccpCode: 'RNCP36805BC02', reason: 'Fraude établie par la DREETS le 12/09/2025' })
      .expect(201);
    const revoked = await t.http.get(`/api/verify/${first}`).expect(200);
    expect(revoked.body).toMatchObject({ valid: false, revokedOn: todayInFrance() });
    expect(revoked.body.ccps.map((c: { code: string }) => c.code)).toEqual(['RNCP36805BC01', 'RNCP36805BC02']); // what was attested
    const pdf = await pdfOf(learner.id);
    const second = qrOfFirstPage(pdf)!.split('/verifier/')[1];
    expect(second).not.toBe(first);
    const now = await t.http.get(`/api/verify/${second}`).expect(200);
    expect(now.body).toMatchObject({ valid: true, revokedOn: null });
    expect(now.body.ccps.map((c: { code: string }) => c.code)).toEqual(['RNCP36805BC01']);
    // The withdrawal of the remaining CCP revokes the second; nothing left to attest: 409.
    await t.http
      .post(`/api/learners/${learner.id}/award-withdrawals`)
      .set(auth(admin))
      .send({ ccpCode: 'RNCP36805BC01', reason: 'Fraude établie par la DREETS le 13/09/2025' })
      .expect(201);
    expect((await t.http.get(`/api/verify/${second}`).expect(200)).body.valid).toBe(false);
    const nothing = await t.http.get(`/api/learners/${learner.id}/credential`).set(auth(admin)).expect(409);
    expect(nothing.body.code).toBe('BOOKLET.NOTHING_TO_ATTEST');
  });

  it('the credential verifies against /.well-known/jwks.json; tampered, foreign-key and alg none tokens are refused', async () => {
    const learner = await learnerWithCcps({ firstName: 'Hugo', lastName: 'Bernard' });
    const res = await t.http.get(`/api/learners/${learner.id}/credential`).set(auth(admin)).expect(200);
    const jwks = await t.http.get('/.well-known/jwks.json').set('Origin', 'https://verifier.example').expect(200);
    expect(jwks.body.keys.length).toBeGreaterThanOrEqual(1);
    // A third party's web verifier may read the keys and the status (review F5).
    expect(jwks.headers['access-control-allow-origin']).toBe('*');
    expect(jwks.headers['cross-origin-resource-policy']).toBe('cross-origin');
    const status = await t.http.get(`/api/verify/${res.body.verificationCode}`).set('Origin', 'https://verifier.example').expect(200);
    expect(status.headers['access-control-allow-origin']).toBe('*');
    expect(status.headers['cross-origin-resource-policy']).toBe('cross-origin');
    for (const k of jwks.body.keys) {
      expect(k).toMatchObject({ kty: 'OKP', crv: 'Ed25519', use: 'sig', alg: 'EdDSA', kid: expect.any(String) });
      expect(k).not.toHaveProperty('d');
    }
    const keys = createLocalJWKSet(jwks.body);
    const { payload, protectedHeader } = await jwtVerify(res.body.jwt, keys, { issuer: PUBLIC_URL, algorithms: ['EdDSA'] });
    expect(protectedHeader).toMatchObject({ alg: 'EdDSA', kid: jwks.body.keys[0].kid });
    const code = res.body.verificationCode as string;
    expect(payload).toMatchObject({
      '@context': ['https://www.w3.org/ns/credentials/v2', 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json'],
      type: ['VerifiableCredential', 'AchievementCredential'],
      id: `${PUBLIC_URL}/verifier/${code}`,
      jti: `${PUBLIC_URL}/verifier/${code}`,
      issuer: { id: PUBLIC_URL, name: expect.any(String) },
      credentialSubject: {
        type: ['AchievementSubject'],
        holder: { firstName: 'Hugo', lastNameInitial: 'B' },
        achievement: { type: ['Achievement'], humanCode: 'RNCP36805' },
      },
      credentialStatus: { id: `${PUBLIC_URL}/api/verify/${code}` },
    });
    expect(payload.iat).toEqual(expect.any(Number));
    expect(payload.nbf).toEqual(expect.any(Number));
    expect(payload.exp).toBeUndefined();
    const results = (payload.credentialSubject as { result: Record<string, unknown>[] }).result;
    expect(results.map((r) => [r.code, r.obtainedOn, r.source, r.validatedByDreets])).toEqual([
      ['RNCP36805BC01', '2023-06-20', 'external', true],
      ['RNCP36805BC02', '2023-06-21', 'equivalence', true],
    ]);
    expect(JSON.stringify(payload)).not.toContain('Bernard');

    const [h, p, s] = (res.body.jwt as string).split('.');
    // One character of the payload segment changed.
    const flipped = p.slice(0, 40) + (p[40] === 'A' ? 'B' : 'A') + p.slice(41);
    await expect(jwtVerify(`${h}.${flipped}.${s}`, keys)).rejects.toThrow();
    // A CCP date changed and the payload re-encoded, the signature kept.
    const forged = JSON.parse(Buffer.from(p, 'base64url').toString());
    forged.credentialSubject.result[0].obtainedOn = '2020-01-01';
    await expect(jwtVerify(`${h}.${Buffer.from(JSON.stringify(forged)).toString('base64url')}.${s}`, keys)).rejects.toThrow(/signature/i);
    // Signed by another Ed25519 key under the centre's kid.
    const { privateKey } = generateKeyPairSync('ed25519');
    const foreign = await new SignJWT(forged).setProtectedHeader({ alg: 'EdDSA', kid: protectedHeader.kid! }).sign(privateKey);
    await expect(jwtVerify(foreign, keys)).rejects.toThrow(/signature/i);
    // alg none.
    const none = `${Buffer.from(JSON.stringify({ alg: 'none', kid: protectedHeader.kid })).toString('base64url')}.${p}.`;
    await expect(jwtVerify(none, keys)).rejects.toThrow();
    // The untouched token still verifies (the failures above are the tampering's).
    await expect(jwtVerify(`${h}.${p}.${s}`, keys)).resolves.toBeDefined();
  });

  it('CREDENTIAL_SIGNING_KEY (PKCS8 PEM) replaces the kept key: kid = its RFC 7638 thumbprint, listed in the JWKS beside the kept one', async () => {
    const { privateKey, publicKey } = generateKeyPairSync('ed25519');
    const pem = privateKey.export({ format: 'pem', type: 'pkcs8' }) as string;
    const jwk = publicKey.export({ format: 'jwk' }) as { kty: string; crv: string; x: string };
    process.env.CREDENTIAL_SIGNING_KEY = pem.replace(/\n/g, '\\n'); // one line, as in an env file
    try {
      const keys = new SigningKeys(t.dataSource);
      const key = await keys.current();
      expect(key.kid).toBe(await calculateJwkThumbprint(jwk, 'sha256'));
      const listed = await keys.publicKeys();
      expect(listed[0]).toEqual({ ...jwk, kid: key.kid, use: 'sig', alg: 'EdDSA' });
      expect(listed.length).toBe(2); // and the key kept in signing_keys (credentials it signed still verify)
      expect(JSON.stringify(listed)).not.toContain('"d"');
    } finally {
      delete process.env.CREDENTIAL_SIGNING_KEY;
    }
  });

  it('the credential: the booklet’s visibility (learner, trainer of the cohort, admin; others 404; no token 401)', async () => {
    const learner = await learnerWithCcps();
    const other = await createLearner(t, { pathway: 'training', cohortId: cohort.id }, true);
    const stranger = await t.createUser(['trainer']);
    await t.http.get(`/api/learners/${learner.id}/credential`).set(auth(learner.token!)).expect(200);
    await t.http.get(`/api/learners/${learner.id}/credential`).set(auth(trainer.token)).expect(200);
    await t.http.get(`/api/learners/${learner.id}/credential`).set(auth(other.token!)).expect(404);
    await t.http.get(`/api/learners/${learner.id}/credential`).set(auth(stranger.token)).expect(404);
    await t.http.get(`/api/learners/${learner.id}/credential`).expect(401);
    await t.http.get(`/api/learners/${learner.id}/booklet.pdf`).expect(401);
  });

  it('unknown, malformed and junk codes: 404 NOT_FOUND, never a 500', async () => {
    expect((await t.http.get('/api/verify/ABCD-EFGH-JKMN').expect(404)).body.code).toBe('NOT_FOUND');
    // A NUL byte anywhere in the request is refused before routing (400, the platform's guard).
    for (const j of ['%00', 'ABCD%00EFGH-JKMN']) expect((await t.http.get(`/api/verify/${j}`)).status).toBe(400);
    const junk = [
      'A'.repeat(10_000),
      encodeURIComponent('été-ÉTÉ-☃☃☃☃'),
      encodeURIComponent('ＡＢＣＤ-ＥＦＧＨ-ＪＫＭＮ'),
      encodeURIComponent("' OR 1=1 --"),
      encodeURIComponent('\u202e\ud800'.slice(0, 1)),
      'U'.repeat(12),
    ];
    for (const j of junk) {
      const res = await t.http.get(`/api/verify/${j}`);
      expect([j.slice(0, 20), res.status]).toEqual([j.slice(0, 20), 404]);
    }
    const badEscape = await t.http.get('/api/verify/%E0%A4%A');
    expect(badEscape.status).toBeGreaterThanOrEqual(400);
    expect(badEscape.status).toBeLessThan(500);
    expect(normaliseAttestationCode(' 7k3m q9tx 2h4p ')).toBe('7K3MQ9TX2H4P');
    expect(normaliseAttestationCode('7K3M-Q9TX-2H4O')).toBe('7K3MQ9TX2H40');
    expect(normaliseAttestationCode('7K3M-Q9TX-2H4')).toBeNull();
  });

  it('for libs/privacy: the export lists awards, withdrawals and attestations; anonymisation erases the holder, idempotent, the facts stay verifiable', async () => {
    const learner = await learnerWithCcps({ firstName: 'Zoé', lastName: 'Marchand' });
    const code = (await t.http.get(`/api/learners/${learner.id}/credential`).set(auth(admin)).expect(200)).body.verificationCode;
    await t.http
      .post(`/api/learners/${learner.id}/award-withdrawals`)
      .set(auth(admin))
      .send({ ccpCode: 'RNCP36805BC02', reason: 'Fraude établie par la DREETS le 12/09/2025' })
      .expect(201);
    const exported = await t.app.get(BookletDataExport).exportOf(learner.id);
    expect(exported).toMatchObject({
      ccpAwards: [
        { ccpCode: 'RNCP36805BC01', obtainedOn: '2023-06-20', source: 'external', sessionId: null, reference: 'Livret n° 2023-040' },
        { ccpCode: 'RNCP36805BC02', obtainedOn: '2023-06-21', source: 'equivalence', reference: 'Livret n° 2023-041' },
      ],
      titleAwards: [],
      withdrawals: [{ ccpCode: 'RNCP36805BC02', reason: 'Fraude : Fraude établie par la DREETS le 12/09/2025' }],
      attestations: [{ code, valid: false, revokedOn: todayInFrance(), facts: { holder: { firstName: 'Zoé', lastNameInitial: 'M' } } }],
    });
    expect(JSON.parse(JSON.stringify(exported))).toEqual(exported); // plain JSON
    expect(typeof (exported.ccpAwards as { recordedAt: unknown }[])[0].recordedAt).toBe('string');

    const anonymisation = t.app.get(BookletAnonymisation);
    expect(await t.dataSource.transaction((m) => anonymisation.anonymise(m, learner.id, 'Apprenant 0001'))).toEqual({ attestations: 1 });
    expect(await t.dataSource.transaction((m) => anonymisation.anonymise(m, learner.id, 'Apprenant 0001'))).toEqual({ attestations: 0 });
    const res = await t.http.get(`/api/verify/${code}`).expect(200);
    expect(res.body).toMatchObject({
      holder: { firstName: null, lastNameInitial: null },
      holderErasedOn: todayInFrance(),
      certification: { code: 'RNCP36805' },
      valid: false,
    });
    expect(res.body.ccps).toHaveLength(2);
    expect(JSON.stringify(res.body)).not.toContain('Zoé');
  });
});
