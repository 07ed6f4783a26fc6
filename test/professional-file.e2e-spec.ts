import { createHash } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { nirKey } from '@app/rules';
import { mutations } from './support/bad-input';
import { auth, createCohort, createLearner, LearnerFixture } from './support/fixtures';
import { binaryParser, pdfToText } from './support/pdf';
import { startTestApp, TestApp } from './support/test-app';

const example = (over: Record<string, unknown> = {}) => ({
  ccpCode: 'RNCP36805BC01',
  title: 'Rédaction des comptes rendus de réunion du service',
  organisation: 'Centre hospitalier Saint-Joseph',
  service: 'Secrétariat de médecine interne',
  periodFrom: '2024-01-08',
  periodTo: '2024-06-28',
  tasks: 'Prise de notes, rédaction et diffusion des comptes rendus.',
  means: 'Traitement de texte, modèles du service, messagerie.',
  collaborators: 'Le cadre de santé, les médecins du service.',
  extra: 'Environ quinze comptes rendus par mois.',
  ...over,
});

export const PDF_BYTES = (size: number): Buffer => {
  const head = Buffer.from('%PDF-1.4\n% test\n');
  const body = Buffer.alloc(Math.max(0, size - head.length), 0x41);
  return Buffer.concat([head, body]);
};

describe('dossier professionnel (contract: Professional file)', () => {
  let t: TestApp;
  let admin: string;
  let trainer: { id: string; token: string };
  let otherTrainer: { id: string; token: string };
  let learner: LearnerFixture;
  let other: LearnerFixture;

  beforeAll(async () => {
    t = await startTestApp();
    admin = await t.adminToken();
    trainer = await t.createUser(['trainer'], { fullName: 'Anne Formatrice' });
    otherTrainer = await t.createUser(['trainer']);
    const cohort = await createCohort(t, [trainer.id]);
    await createCohort(t, [otherTrainer.id]);
    learner = await createLearner(t, { pathway: 'training', cohortId: cohort.id, firstName: 'Léa', lastName: 'Moreau' }, true);
    other = await createLearner(t, { pathway: 'training', cohortId: cohort.id }, true);
  });
  afterAll(async () => t.close());

  const base = () => `/api/learners/${learner.id}/professional-file`;

  describe('R-DP-1: examples, qualifications, declaration, submission', () => {
    it('starts as an empty draft', async () => {
      const res = await t.http.get(base()).set(auth(learner.token!)).expect(200);
      expect(res.body).toEqual({
        learnerId: learner.id,
        status: 'draft',
        examples: [],
        qualifications: [],
        attachments: [],
        declaration: null,
        submittedAt: null,
        comments: [],
        warnings: [],
      });
    });

    it('the learner adds examples, each saved on its own', async () => {
      const res = await t.http.post(`${base()}/examples`).set(auth(learner.token!)).send(example()).expect(201);
      expect(res.body).toMatchObject({
        id: expect.any(String),
        ccpCode: 'RNCP36805BC01',
        title: 'Rédaction des comptes rendus de réunion du service',
        warnings: [],
      });
      const updated = await t.http
        .put(`${base()}/examples/${res.body.id}`)
        .set(auth(learner.token!))
        .send(example({ title: 'Comptes rendus de réunion' }))
        .expect(200);
      expect(updated.body.title).toBe('Comptes rendus de réunion');
    });

    it('refuses a 4th example for one CCP, also when sent in parallel: 422 DP.TOO_MANY_EXAMPLES', async () => {
      const results = await Promise.all(
        [1, 2, 3].map(() =>
          t.http
            .post(`${base()}/examples`)
            .set(auth(learner.token!))
            .send(example({ ccpCode: 'RNCP36805BC02' })),
        ),
      );
      expect(results.map((r) => r.status).sort()).toEqual([201, 201, 201]);
      const fourth = await t.http
        .post(`${base()}/examples`)
        .set(auth(learner.token!))
        .send(example({ ccpCode: 'RNCP36805BC02' }))
        .expect(422);
      expect(fourth.body).toMatchObject({ code: 'DP.TOO_MANY_EXAMPLES', rule: 'R-DP-1' });
      const racing = await Promise.all(
        [1, 2].map(() =>
          t.http
            .post(`${base()}/examples`)
            .set(auth(learner.token!))
            .send(example({ ccpCode: 'RNCP36805BC02' })),
        ),
      );
      expect(racing.map((r) => r.status)).toEqual([422, 422]);
      const dp = await t.http.get(base()).set(auth(learner.token!)).expect(200);
      expect(dp.body.examples.filter((e: { ccpCode: string }) => e.ccpCode === 'RNCP36805BC02')).toHaveLength(3);
    });

    it('refuses an example for a CCP of another title (422), a period that ends before it starts (400), 1 MB of text (413)', async () => {
      const other = await t.http
        .post(`${base()}/examples`)
        .set(auth(learner.token!))
        .send(example({ ccpCode: 'RNCP40800BC01' }))
        .expect(422);
      expect(other.body.code).toBe('DP.CCP_NOT_IN_TITLE');
      const period = await t.http
        .post(`${base()}/examples`)
        .set(auth(learner.token!))
        .send(example({ periodFrom: '2024-06-01', periodTo: '2024-01-01' }))
        .expect(400);
      expect(period.body.details).toEqual([{ field: 'periodTo', message: 'La fin de la période précède son début.' }]);
      const huge = await t.http
        .post(`${base()}/examples`)
        .set(auth(learner.token!))
        .send(example({ tasks: 'x'.repeat(1024 * 1024) }))
        .expect(413);
      expect(huge.body.code).toBe('PAYLOAD_TOO_LARGE');
      const long = await t.http
        .post(`${base()}/examples`)
        .set(auth(learner.token!))
        .send(example({ tasks: 'x'.repeat(20_001) }))
        .expect(400);
      expect(long.body.details[0].field).toBe('tasks');
    });

    it('only the learner writes it: admin and trainer get 403, another learner 404', async () => {
      await t.http.post(`${base()}/examples`).set(auth(admin)).send(example()).expect(403);
      await t.http.post(`${base()}/examples`).set(auth(trainer.token)).send(example()).expect(403);
      await t.http.post(`${base()}/examples`).set(auth(other.token!)).send(example()).expect(404);
    });

    it('submitting without the declaration and without examples for CCP 3: 422 DP.INCOMPLETE listing what is missing per CCP', async () => {
      await t.http
        .post(`${base()}/qualifications`)
        .set(auth(learner.token!))
        .send({ title: 'Certificat Voltaire', issuer: 'Woonoz', obtainedOn: '2023-06-15' })
        .expect(201);
      const res = await t.http.post(`${base()}/submit`).set(auth(learner.token!)).expect(422);
      expect(res.body).toMatchObject({ code: 'DP.INCOMPLETE', rule: 'R-DP-1' });
      expect(res.body.details).toEqual([
        { field: 'examples', ccpCode: 'RNCP36805BC03', message: expect.stringContaining('CCP 3') },
        { field: 'declaration', message: "La déclaration sur l'honneur n'est pas signée." },
      ]);
    });

    it('a content change after signing clears the declaration (it must be signed on the final content)', async () => {
      const signed = await t.http.post(`${base()}/declaration`).set(auth(learner.token!)).send({ place: 'Lyon' }).expect(200);
      expect(signed.body.declaration).toEqual({ place: 'Lyon', signedAt: expect.any(String) });
      await t.http
        .post(`${base()}/examples`)
        .set(auth(learner.token!))
        .send(example({ ccpCode: 'RNCP36805BC03', title: 'Admission en EHPAD' }))
        .expect(201);
      const dp = await t.http.get(base()).set(auth(learner.token!)).expect(200);
      expect(dp.body.declaration).toBeNull();
    });

    it('submits once complete; then the DP is read-only (409 DP.SUBMITTED) until reopened', async () => {
      await t.http.post(`${base()}/declaration`).set(auth(learner.token!)).send({ place: 'Lyon' }).expect(200);
      const res = await t.http.post(`${base()}/submit`).set(auth(learner.token!)).expect(200);
      expect(res.body).toMatchObject({ status: 'submitted', submittedAt: expect.any(String), declaration: { place: 'Lyon' } });
      const refused = await t.http.post(`${base()}/examples`).set(auth(learner.token!)).send(example()).expect(409);
      expect(refused.body.code).toBe('DP.SUBMITTED');
      await t.http.post(`${base()}/declaration`).set(auth(learner.token!)).send({ place: 'Paris' }).expect(409);
      await t.http.post(`${base()}/submit`).set(auth(learner.token!)).expect(409);
      await t.http.post(`${base()}/reopen`).set(auth(trainer.token)).expect(403);
      const reopened = await t.http.post(`${base()}/reopen`).set(auth(admin)).expect(200);
      expect(reopened.body.status).toBe('draft');
      const again = await t.http.post(`${base()}/reopen`).set(auth(learner.token!)).expect(409);
      expect(again.body.code).toBe('DP.NOT_SUBMITTED');
      const events = await t.dataSource.query(
        `SELECT kind FROM professional_file_events e JOIN professional_files f ON f.id = e.file_id WHERE f.learner_id = $1 ORDER BY e.id`,
        [learner.id],
      );
      expect(events.map((e: { kind: string }) => e.kind)).toEqual(['submitted', 'reopened']);
      await expect(t.dataSource.query('DELETE FROM professional_file_events')).rejects.toThrow(/ajout seul/);
    });

    it('trainers of the cohort comment the DP or an example; the learner reads it; others may not', async () => {
      const dp = await t.http.get(base()).set(auth(learner.token!)).expect(200);
      const exampleId = dp.body.examples[0].id as string;
      await t.http
        .post(`${base()}/comments`)
        .set(auth(trainer.token))
        .send({ text: 'Précisez le logiciel utilisé.', exampleId })
        .expect(201);
      await t.http.post(`${base()}/comments`).set(auth(trainer.token)).send({ text: 'Bon dossier dans l’ensemble.' }).expect(201);
      await t.http.post(`${base()}/comments`).set(auth(otherTrainer.token)).send({ text: 'x' }).expect(404);
      await t.http.post(`${base()}/comments`).set(auth(admin)).send({ text: 'x' }).expect(403);
      await t.http.post(`${base()}/comments`).set(auth(learner.token!)).send({ text: 'x' }).expect(403);
      const read = await t.http.get(base()).set(auth(learner.token!)).expect(200);
      expect(read.body.comments).toEqual([
        expect.objectContaining({ exampleId, authorName: 'Anne Formatrice', text: 'Précisez le logiciel utilisé.' }),
        expect.objectContaining({ exampleId: null, text: 'Bon dossier dans l’ensemble.' }),
      ]);
    });
  });

  describe('R-DP-2: possible patient data', () => {
    it('warns, naming the field, when a text looks like a NIR; refuses nothing; ignores phone numbers, SIRET and dates', async () => {
      const nir = `2 93 11 2A 004 012 ${String(nirKey('293112A004012')).padStart(2, '0')}`;
      const res = await t.http
        .post(`${base()}/examples`)
        .set(auth(learner.token!))
        .send(
          example({
            ccpCode: 'RNCP36805BC03',
            tasks: `Dossier de Mme X, NIR ${nir}, admise le 12/03/2024.`,
            collaborators: 'Assistante sociale (06 12 34 56 78), SIRET 732 829 320 00074',
          }),
        )
        .expect(201);
      expect(res.body.warnings).toEqual([
        {
          code: 'DP.POSSIBLE_PATIENT_DATA',
          field: `examples[${res.body.id}].tasks`,
          message: expect.stringContaining('numéro de sécurité sociale'),
        },
      ]);
      expect(res.body.warnings[0].message).not.toContain('004 012');
      const dp = await t.http.get(base()).set(auth(trainer.token)).expect(200);
      expect(dp.body.warnings.map((w: { field: string }) => w.field)).toEqual([`examples[${res.body.id}].tasks`]);
      await t.http.delete(`${base()}/examples/${res.body.id}`).set(auth(learner.token!)).expect(204);
    });
  });

  describe('attachments', () => {
    const upload = (buffer: Buffer, filename: string, token = learner.token!) =>
      t.http.post(`${base()}/attachments`).set(auth(token)).attach('file', buffer, { filename });
    const stored = async (): Promise<{ attachments: number; chunks: number }> =>
      (
        await t.dataSource.query(
          'SELECT (SELECT count(*)::int FROM dp_attachments) AS attachments, (SELECT count(*)::int FROM dp_attachment_chunks) AS chunks',
        )
      )[0];

    it('stores a PDF with its sha256 and serves it back byte for byte, with its type and a safe file name', async () => {
      const pdf = PDF_BYTES(1_300_000);
      const res = await upload(pdf, 'Attestation de stage — été 2024.pdf').expect(201);
      expect(res.body).toEqual({
        id: expect.any(String),
        filename: 'Attestation de stage — été 2024.pdf',
        size: pdf.length,
        contentType: 'application/pdf',
        sha256: createHash('sha256').update(pdf).digest('hex'),
        createdAt: expect.any(String),
      });
      const back = await t.http
        .get(`${base()}/attachments/${res.body.id}`)
        .set(auth(trainer.token))
        .buffer(true)
        .parse(binaryParser)
        .expect(200);
      expect(Buffer.compare(back.body as Buffer, pdf)).toBe(0);
      expect(back.headers['content-type']).toBe('application/pdf');
      expect(back.headers['content-disposition']).toBe(
        `attachment; filename="Attestation de stage _ ete 2024.pdf"; filename*=UTF-8''${encodeURIComponent('Attestation de stage — été 2024.pdf')}`,
      );
      expect(back.headers['x-content-type-options']).toBe('nosniff');
    });

    it('accepts PNG and JPEG by their bytes', async () => {
      const png = Buffer.concat([Buffer.from('89504e470d0a1a0a', 'hex'), Buffer.alloc(100, 1)]);
      const jpeg = Buffer.concat([Buffer.from('ffd8ffe0', 'hex'), Buffer.alloc(100, 2)]);
      expect((await upload(png, 'capture.png').expect(201)).body.contentType).toBe('image/png');
      expect((await upload(jpeg, 'photo.jpg').expect(201)).body.contentType).toBe('image/jpeg');
    });

    it('refuses a renamed executable posing as a PDF: 415 DP.FILE_TYPE, nothing stored', async () => {
      const before = await stored();
      const elf = Buffer.concat([Buffer.from('7f454c46020101', 'hex'), Buffer.alloc(2_000_000, 0x90)]);
      const res = await upload(elf, 'rapport.pdf').expect(415);
      expect(res.body.code).toBe('DP.FILE_TYPE');
      expect(await stored()).toEqual(before);
    });

    it('refuses more than 10 MB while streaming: 413 DP.FILE_TOO_LARGE, nothing stored; exactly 10 MB is accepted', async () => {
      const before = await stored();
      const res = await upload(PDF_BYTES(10 * 1024 * 1024 + 1), 'gros.pdf').expect(413);
      expect(res.body.code).toBe('DP.FILE_TOO_LARGE');
      expect(await stored()).toEqual(before);
      const ok = await upload(PDF_BYTES(10 * 1024 * 1024), 'juste.pdf').expect(201);
      expect(ok.body.size).toBe(10 * 1024 * 1024);
      await t.http.delete(`${base()}/attachments/${ok.body.id}`).set(auth(learner.token!)).expect(204);
    });

    it('an upload cut in the middle leaves nothing stored', async () => {
      const before = await stored();
      const server = t.app.getHttpServer() as import('node:http').Server;
      if (!server.listening) await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
      const { port } = server.address() as AddressInfo;
      const boundary = 'cutcutcut';
      const head = Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="coupe.pdf"\r\nContent-Type: application/pdf\r\n\r\n`,
      );
      await new Promise<void>((resolve) => {
        const req = httpRequest({
          port,
          method: 'POST',
          path: `${base()}/attachments`,
          headers: {
            Authorization: `Bearer ${learner.token}`,
            'Content-Type': `multipart/form-data; boundary=${boundary}`,
            'Content-Length': String(head.length + 3_000_000),
          },
        });
        req.on('error', () => resolve());
        req.on('response', () => resolve());
        req.write(head);
        req.write(PDF_BYTES(1_500_000));
        setTimeout(() => {
          req.destroy();
          resolve();
        }, 300);
      });
      await new Promise((r) => setTimeout(r, 500));
      expect(await stored()).toEqual(before);
    });

    it('without a file: 400; not multipart: 415; a NIR in a file name: a warning', async () => {
      const none = await t.http.post(`${base()}/attachments`).set(auth(learner.token!)).field('other', 'x').expect(400);
      expect(none.body.details).toEqual([{ field: 'file', message: 'Joignez un fichier (champ « file »).' }]);
      await t.http.post(`${base()}/attachments`).set(auth(learner.token!)).send({ file: 'x' }).expect(415);
      const res = await upload(PDF_BYTES(100), `ordonnance 1 85 05 78 006 084.pdf`).expect(201);
      const dp = await t.http.get(base()).set(auth(learner.token!)).expect(200);
      expect(dp.body.warnings).toContainEqual(
        expect.objectContaining({ code: 'DP.POSSIBLE_PATIENT_DATA', field: `attachments[${res.body.id}].filename` }),
      );
    });

    it('only the learner uploads; the cohort trainer downloads; another learner and another trainer get 404', async () => {
      await upload(PDF_BYTES(100), 'x.pdf', admin).expect(403);
      await upload(PDF_BYTES(100), 'x.pdf', other.token).expect(404);
      const dp = await t.http.get(base()).set(auth(learner.token!)).expect(200);
      const id = dp.body.attachments[0].id as string;
      await t.http.get(`${base()}/attachments/${id}`).set(auth(otherTrainer.token)).expect(404);
      await t.http.get(`${base()}/attachments/${id}`).set(auth(other.token!)).expect(404);
      await t.http.get(`/api/learners/${other.id}/professional-file/attachments/${id}`).set(auth(admin)).expect(404);
    });
  });

  describe('the DP as PDF', () => {
    it('reads back in the ministry order with the examples’ titles and page numbers', async () => {
      const res = await t.http.get(`${base()}.pdf`).set(auth(trainer.token)).buffer(true).parse(binaryParser).expect(200);
      expect(res.headers['content-type']).toBe('application/pdf');
      const { pages, text } = await pdfToText(res.body as Buffer);
      const all = text.join('\n').replace(/\s+/g, ' ');
      expect(all).toContain('DOSSIER PROFESSIONNEL');
      expect(all).toContain('MOREAU');
      expect(all).toContain('Parcours de formation');
      expect(all).toContain('Sommaire');
      expect(all).toContain('Comptes rendus de réunion');
      expect(all).toContain('Admission en EHPAD');
      expect(all).toContain('Activité-type 2');
      expect(all).toContain('Certificat Voltaire');
      expect(all).toContain("Déclaration sur l'honneur");
      expect(all).toContain('Attestation de stage');
      expect(all).toContain(`Page 2 / ${pages}`);
      const order = [
        'Sommaire',
        'Activité-type 1',
        'Activité-type 2',
        'Activité-type 3',
        'Titres, diplômes',
        "Déclaration sur l'honneur",
        'Documents illustrant',
      ].map((s) => all.indexOf(s, all.indexOf('Sommaire') + 200 > 0 && s !== 'Sommaire' ? all.lastIndexOf('Sommaire') + 1 : 0));
      expect([...order].sort((a, b) => a - b)).toEqual(order);
    });
  });
});

describe('dossier professionnel: bad input never gets a 500', () => {
  let t: TestApp;
  let learner: LearnerFixture;
  beforeAll(async () => {
    t = await startTestApp();
    const cohort = await createCohort(t, []);
    learner = await createLearner(t, { pathway: 'training', cohortId: cohort.id }, true);
  });
  afterAll(async () => t.close());

  it.each([
    ['examples', example({ periodFrom: '2024-06-01', periodTo: '2024-01-01' })],
    ['qualifications', { title: 'Q', issuer: 'I', obtainedOn: '2999-01-01' }],
    ['declaration', { place: 'Lyon' }],
    ['comments', { text: 'x', exampleId: '00000000-0000-4000-8000-000000000000' }],
  ])('POST …/professional-file/%s: 4xx for the whole batch, 400s name a field', async (path, valid) => {
    const failures: string[] = [];
    for (const [label, body] of mutations(valid)) {
      const res = await t.http
        .post(`/api/learners/${learner.id}/professional-file/${path}`)
        .set(auth(learner.token!))
        .send(body as object);
      if (res.status >= 500 || res.status < 400) failures.push(`${label} → ${res.status}`);
      else if (res.status === 400 && !(res.body.details as { field?: string }[]).every((d) => typeof d.field === 'string'))
        failures.push(`${label} → 400 without fields`);
    }
    expect(failures).toEqual([]);
  });
});
