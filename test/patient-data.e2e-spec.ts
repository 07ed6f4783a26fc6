import { nirKey } from '@app/rules';
import { auth, createCohort, createLearner, LearnerFixture } from './support/fixtures';
import { startTestApp, TestApp } from './support/test-app';

/**
 * R-DP-2 over HTTP (issue 12): a NIR copied from a portal — groups separated by no-break spaces,
 * hyphens, dashes, several separators — raises DP.POSSIBLE_PATIENT_DATA on the example and in the
 * DP's warnings, as a plain-space NIR does (test/professional-file.e2e-spec.ts).
 */
describe('R-DP-2: a NIR copied from a portal is seen over HTTP', () => {
  let t: TestApp;
  let trainer: { id: string; token: string };
  let learner: LearnerFixture;
  const key = String(nirKey('1850578006084')).padStart(2, '0');
  const groups = ['1', '85', '05', '78', '006', '084', key];

  beforeAll(async () => {
    t = await startTestApp();
    trainer = await t.createUser(['trainer']);
    const cohort = await createCohort(t, [trainer.id]);
    learner = await createLearner(t, { pathway: 'training', cohortId: cohort.id }, true);
  });
  afterAll(async () => t.close());

  const base = () => `/api/learners/${learner.id}/professional-file`;
  const example = (tasks: string) => ({
    ccpCode: 'RNCP36805BC01',
    title: 'Accueil des patients',
    organisation: 'Centre hospitalier Saint-Joseph',
    periodFrom: '2024-01-08',
    periodTo: '2024-06-28',
    tasks,
    means: 'Logiciel de gestion des rendez-vous.',
    collaborators: 'Les infirmières du service.',
  });

  it.each([
    ['R-DP-2: no-break spaces (U+00A0)', groups.join('\u00A0')],
    ['R-DP-2: narrow no-break spaces (U+202F) and a zero-width space', groups.join('\u202F\u200B')],
    ['R-DP-2: ASCII hyphens', groups.join('-')],
    ['R-DP-2: spaced en dashes « – »', groups.join(' \u2013 ')],
  ])('%s: DP.POSSIBLE_PATIENT_DATA on the field, in the example and in the DP', async (_label, nir) => {
    const res = await t.http
      .post(`${base()}/examples`)
      .set(auth(learner.token!))
      .send(example(`Saisie du dossier de M. X (NIR ${nir}) à l'admission.`))
      .expect(201);
    expect(res.body.warnings).toEqual([
      {
        code: 'DP.POSSIBLE_PATIENT_DATA',
        field: `examples[${res.body.id}].tasks`,
        message: expect.stringContaining('(R-DP-2)'),
      },
    ]);
    const dp = await t.http.get(base()).set(auth(trainer.token)).expect(200);
    expect(dp.body.warnings).toContainEqual(
      expect.objectContaining({ code: 'DP.POSSIBLE_PATIENT_DATA', field: `examples[${res.body.id}].tasks` }),
    );
    // At most 3 examples per CCP (R-DP-1): each case leaves room for the next.
    await t.http.delete(`${base()}/examples/${res.body.id}`).set(auth(learner.token!)).expect(204);
  });

  it('R-DP-2: a phone number and a SIRET with no-break spaces and hyphens warn of nothing', async () => {
    const res = await t.http
      .post(`${base()}/examples`)
      .set(auth(learner.token!))
      .send(example('Appel du cabinet au 06\u00A012\u00A034\u00A056\u00A078, SIRET 732-829-320-00074, le 12-03-2024.'))
      .expect(201);
    expect(res.body.warnings).toEqual([]);
    await t.http.delete(`${base()}/examples/${res.body.id}`).set(auth(learner.token!)).expect(204);
  });

  it('R-DP-2: a file name whose NIR is written with underscores gets the warning', async () => {
    const pdf = Buffer.concat([Buffer.from('%PDF-1.4\n% test\n'), Buffer.alloc(100, 0x41)]);
    const res = await t.http
      .post(`${base()}/attachments`)
      .set(auth(learner.token!))
      .attach('file', pdf, { filename: `ordonnance_${groups.join('_')}.pdf` })
      .expect(201);
    const dp = await t.http.get(base()).set(auth(learner.token!)).expect(200);
    expect(dp.body.warnings).toContainEqual(
      expect.objectContaining({ code: 'DP.POSSIBLE_PATIENT_DATA', field: `attachments[${res.body.id}].filename` }),
    );
  });
});
