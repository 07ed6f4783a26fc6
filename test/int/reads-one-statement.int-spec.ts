// Issue 15: a learner's ECF and a learner's DP are each read in ONE statement on their lib's tables
// (they were 5 and 6 round trips with TypeORM hydration), whatever the history, and the services
// map the rows to the same objects as before: order of items, 'YYYY-MM-DD' dates, ISO instants as
// JSON serialisation of the driver's Dates gives them (compared here with the driver's own Dates).
//
// Queries of EcfService.getEcf, caches warm (accounts and référentiel kept in memory, ADR 0013):
//   1. learners.visibleLearner: the learner and the caller's relation (one statement)
//   2. EcfRepository.learnerEcf: evaluations + results + latest syntheses + signatures + acknowledgements
//   (referential.structureById and users.findMany: from memory)
// Queries of ProfessionalFilesService.get, caches warm:
//   1. learners.visibleLearner
//   2. ProfessionalFilesRepository.fileRead: file + examples + qualifications + attachments + comments + last event
//   (referential.structureById and users.findMany: from memory)
import { EcfService } from '@app/ecf';
import { AuthUser, countQueries } from '@app/platform';
import { ProfessionalFilesService } from '@app/professional-files';
import { nirKey } from '@app/rules';
import { aCohort, aLearner, anEcfEvaluation, aUser, SAMS_CCPS, signedEcf } from '../support/builders';
import { IntApp, startIntApp } from '../support/int-app';

/** A patient number (valid key) that R-DP-2 warns about. */
const NIR = `1 85 05 78 006 084 ${String(nirKey('1850578006084')).padStart(2, '0')}`;

describe('one statement per learner read (ECF, DP)', () => {
  let t: IntApp;
  let trainer: AuthUser;
  let other: AuthUser;
  let cohortId: string;

  beforeAll(async () => {
    t = await startIntApp();
    trainer = await aUser(t.app, { roles: ['trainer'], fullName: 'Anne Formatrice' });
    other = await aUser(t.app, { roles: ['trainer'], fullName: 'Bruno Formateur' });
    cohortId = (await aCohort(t.app, t.admin, { trainerIds: [trainer.id, other.id] })).id;
  });
  afterAll(async () => t?.close());

  /** The driver's Date of an instant column, as the JSON answer shows it. */
  async function instants(sql: string, params: unknown[]): Promise<string[]> {
    const rows: { at: Date }[] = await t.dataSource.query(sql, params);
    return rows.map((r) => r.at.toISOString());
  }

  /** Measured twice: the first call warms the caches (names, référentiel), the second counts. */
  async function measured<T>(read: () => Promise<T>): Promise<{ result: T; count: number; queries: string[] }> {
    await read();
    return countQueries(read);
  }

  describe('the learner’s ECF', () => {
    const ecf = () => t.app.get(EcfService);

    /** `n` evaluations recorded out of date order over the three CCPs; syntheses on CCP 1 (signed, acknowledged) and CCP 2 (v2 draft). */
    async function learnerWith(n: number) {
      const learner = await aLearner(t.app, t.admin, { cohortId, password: 'learner-password-123' });
      const recorded: { id: string; ccp: number; date: string; by: AuthUser; competences: number[] }[] = [];
      for (let i = 0; i < n; i += 1) {
        const ccp = i % 3;
        const date = `2025-0${1 + (i % 2)}-${String(28 - (i % 7) * 3).padStart(2, '0')}`; // not in recording order, ties on date
        const first = [1, 6, 9][ccp];
        const competences = [first + 1, first]; // recorded in reverse: shown sorted
        const by = i % 2 === 0 ? trainer : other;
        const e = await anEcfEvaluation(t.app, by, learner.id, {
          ccpCode: SAMS_CCPS[ccp],
          date,
          description: `Évaluation ${i}`,
          comment: i % 4 === 0 ? undefined : `Commentaire ${i}`,
          results: competences.map((c, k) => ({ competence: c, acquired: (i + k) % 2 === 0 })),
        });
        recorded.push({ id: e.id, ccp, date, by, competences });
      }
      await signedEcf(t.app, { trainer, centre: t.admin }, learner.id, SAMS_CCPS[0], {
        mastered: true,
        observations: 'Maîtrisé',
        competencesToReassess: [5, 2],
      });
      await ecf().sign(other, learner.id, SAMS_CCPS[0], 'evaluator');
      await ecf().acknowledge(learner.account!, learner.id, SAMS_CCPS[0]);
      await ecf().upsertSynthesis(trainer, learner.id, SAMS_CCPS[1], { mastered: false, observations: 'À revoir' });
      await ecf().sign(trainer, learner.id, SAMS_CCPS[1], 'evaluator');
      await ecf().upsertSynthesis(trainer, learner.id, SAMS_CCPS[1], {
        mastered: true,
        observations: 'Revu',
        reason: 'Nouvelle évaluation',
        competencesToReassess: [],
      });
      return { learner, recorded };
    }

    async function check(n: number): Promise<number> {
      const { learner, recorded } = await learnerWith(n);
      const { result, count, queries } = await measured(() => ecf().getEcf(t.admin, learner.id));
      expect(queries.filter((q) => /ecf_/.test(q))).toHaveLength(1);

      // Evaluations: by date, then in recording order; results by competence number.
      const order = recorded.map((r, index) => ({ ...r, index })).sort((a, b) => a.date.localeCompare(b.date) || a.index - b.index);
      expect(result.learnerId).toBe(learner.id);
      expect(result.ccps.map((c) => c.ccpCode)).toEqual(SAMS_CCPS);
      for (const [k, ccp] of result.ccps.entries()) {
        const mine = order.filter((r) => r.ccp === k);
        expect(ccp.evaluations).toEqual(
          mine.map((r) => ({
            id: r.id,
            ccpCode: SAMS_CCPS[k],
            date: r.date,
            description: `Évaluation ${r.index}`,
            results: [...r.competences]
              .sort((a, b) => a - b)
              .map((c) => ({ competence: c, acquired: (r.index + r.competences.indexOf(c)) % 2 === 0 })),
            evaluatorId: r.by.id,
            evaluatorName: r.by.fullName,
            comment: r.index % 4 === 0 ? null : `Commentaire ${r.index}`,
          })),
        );
        // Same keys in the same order as before (the JSON answer is byte-identical).
        for (const e of ccp.evaluations)
          expect(Object.keys(e)).toEqual(['id', 'ccpCode', 'date', 'description', 'results', 'evaluatorId', 'evaluatorName', 'comment']);
      }

      // CCP 1: version 1 signed by two evaluators (in signing order) and the centre, acknowledged.
      const [s1] = await t.dataSource.query(
        `SELECT id FROM ecf_syntheses WHERE learner_id = $1 AND version = 1 ORDER BY created_at LIMIT 1`,
        [learner.id],
      );
      const signedAt = await instants('SELECT signed_at AS at FROM ecf_synthesis_signatures WHERE synthesis_id = $1 ORDER BY signed_at', [
        s1.id,
      ]);
      const [acknowledgedAt] = await instants('SELECT acknowledged_at AS at FROM ecf_synthesis_acknowledgements WHERE synthesis_id = $1', [
        s1.id,
      ]);
      const [updated1] = await instants('SELECT updated_at AS at FROM ecf_syntheses WHERE id = $1', [s1.id]);
      expect(result.ccps[0].synthesis).toEqual({
        mastered: true,
        observations: 'Maîtrisé',
        competencesToReassess: [2, 5],
        version: 1,
        reason: null,
        evaluatorSignatures: [
          { userId: trainer.id, fullName: 'Anne Formatrice', signedAt: signedAt[0] },
          { userId: other.id, fullName: 'Bruno Formateur', signedAt: signedAt[2] },
        ],
        centreSignature: { userId: t.admin.id, fullName: t.admin.fullName, signedAt: signedAt[1] },
        acknowledgedAt,
        locked: true,
        updatedAt: updated1,
      });
      expect(Object.keys(result.ccps[0].synthesis!)).toEqual([
        'mastered',
        'observations',
        'competencesToReassess',
        'version',
        'reason',
        'evaluatorSignatures',
        'centreSignature',
        'acknowledgedAt',
        'locked',
        'updatedAt',
      ]);

      // CCP 2: the latest version (2), a draft without signatures; CCP 3: none.
      const [updated2] = await instants('SELECT updated_at AS at FROM ecf_syntheses WHERE learner_id = $1 AND version = 2', [learner.id]);
      expect(result.ccps[1].synthesis).toEqual({
        mastered: true,
        observations: 'Revu',
        competencesToReassess: [],
        version: 2,
        reason: 'Nouvelle évaluation',
        evaluatorSignatures: [],
        centreSignature: null,
        acknowledgedAt: null,
        locked: false,
        updatedAt: updated2,
      });
      expect(result.ccps[2].synthesis).toBeNull();
      return count;
    }

    it('one statement on the ECF tables, 2 queries in all, for 1 and for 20 evaluations; the same answer as before', async () => {
      const one = await check(1);
      const twenty = await check(20);
      console.log(`learner ECF (service): ${one} SQL queries for 1 evaluation, ${twenty} for 20`);
      expect(one).toBe(2);
      expect(twenty).toBe(one);
    });

    it('a learner without any ECF: every CCP empty, in the same queries', async () => {
      const learner = await aLearner(t.app, t.admin, { cohortId });
      const { result, count } = await measured(() => ecf().getEcf(t.admin, learner.id));
      expect(count).toBe(2);
      expect(result.ccps.map((c) => [c.evaluations, c.synthesis])).toEqual(SAMS_CCPS.map(() => [[], null]));
    });
  });

  describe('the learner’s DP', () => {
    const files = () => t.app.get(ProfessionalFilesService);

    async function learnerWith(n: number) {
      const learner = await aLearner(t.app, t.admin, { cohortId, password: 'learner-password-123' });
      const me = learner.account!;
      // Up to 3 examples per CCP (R-DP-1): min(n, 9) examples, recorded out of period order.
      const periods = ['2024-05-01', '2024-01-01', '2024-05-01'];
      const examples: string[] = [];
      for (let i = 0; i < Math.min(n, 9); i += 1) {
        const e = await files().addExample(me, learner.id, {
          ccpCode: SAMS_CCPS[2 - Math.floor(i / 3)],
          title: `Exemple ${i}`,
          organisation: 'Clinique',
          service: i % 2 === 0 ? 'Accueil' : undefined,
          periodFrom: periods[i % 3],
          periodTo: '2024-06-30',
          tasks: i === 0 ? `Saisie du dossier ${NIR}` : 't',
          means: 'm',
          collaborators: 'c',
          extra: i % 2 === 1 ? 'Complément' : undefined,
        });
        examples.push(e.id);
      }
      for (const [i, obtainedOn] of ['2023-06-15', '2021-01-10', '2022-03-02'].slice(0, Math.min(n, 3)).entries())
        await files().addQualification(me, learner.id, { title: `Qualification ${i}`, issuer: 'Organisme', obtainedOn });
      await files().signDeclaration(me, learner.id, 'Lyon');
      if (examples.length >= 3) await files().submit(me, learner.id); // every CCP has an example
      for (let i = 0; i < n; i += 1)
        await files().addComment(i % 2 === 0 ? trainer : other, learner.id, {
          text: `Remarque ${i}`,
          exampleId: i % 3 === 0 ? examples[i % examples.length] : undefined,
        });
      // Attachments' metadata (their bytes are not read by the view), recorded out of creation order.
      const [{ id: fileId }] = await t.dataSource.query('SELECT id FROM professional_files WHERE learner_id = $1', [learner.id]);
      for (const [i, minutes] of [30, 10, 20].slice(0, Math.min(n, 3)).entries())
        await t.dataSource.query(
          `INSERT INTO dp_attachments (id, file_id, filename, content_type, size, sha256, created_at)
           VALUES (gen_random_uuid(), $1, $2, 'application/pdf', $3, $4, now() - make_interval(mins => $5))`,
          [fileId, i === 1 ? `patient ${NIR}.pdf` : `piece-${i}.pdf`, 1000 + i, String(i).repeat(64), minutes],
        );
      return { learner, fileId: fileId as string };
    }

    async function check(n: number): Promise<number> {
      const { learner, fileId } = await learnerWith(n);
      const { result, count, queries } = await measured(() => files().get(t.admin, learner.id));
      expect(queries.filter((q) => /professional_file|dp_/.test(q))).toHaveLength(1);

      // Expected from the tables, as the old reads ordered and serialised them.
      const q = <T>(sql: string): Promise<T[]> => t.dataSource.query(sql, [fileId]);
      const examples = await q<{
        id: string;
        code: string;
        period_from: string;
        title: string;
        service: string | null;
        extra: string | null;
        updated_at: Date;
      }>(
        `SELECT e.id, c.code, e.period_from::text, e.title, e.service, e.extra, e.updated_at
           FROM dp_examples e JOIN ccps c ON c.id = e.ccp_id WHERE e.file_id = $1 ORDER BY e.period_from, e.created_at`,
      );
      const expectedExamples = examples.sort((a, b) => a.code.localeCompare(b.code) || a.period_from.localeCompare(b.period_from));
      expect(result.examples.map((e) => [e.id, e.ccpCode, e.periodFrom, e.title, e.service, e.extra, e.updatedAt])).toEqual(
        expectedExamples.map((e) => [e.id, e.code, e.period_from, e.title, e.service, e.extra, e.updated_at.toISOString()]),
      );
      for (const e of result.examples) {
        expect(Object.keys(e)).toEqual([
          'id',
          'ccpCode',
          'title',
          'organisation',
          'service',
          'periodFrom',
          'periodTo',
          'tasks',
          'means',
          'collaborators',
          'extra',
          'updatedAt',
          'warnings',
        ]);
        expect(e.periodTo).toBe('2024-06-30');
      }
      expect(result.qualifications).toEqual(
        [
          ['Qualification 1', '2021-01-10'],
          ['Qualification 2', '2022-03-02'],
          ['Qualification 0', '2023-06-15'],
        ]
          .filter(([title]) => Number(title.slice(-1)) < Math.min(n, 3))
          .map(([title, obtainedOn]) => ({ id: expect.any(String), title, issuer: 'Organisme', obtainedOn })),
      );
      const attachments = await q<{ id: string; filename: string; size: number; sha256: string; created_at: Date }>(
        'SELECT id, filename, size, sha256, created_at FROM dp_attachments WHERE file_id = $1 ORDER BY created_at',
      );
      expect(result.attachments).toEqual(
        attachments.map((a) => ({
          id: a.id,
          filename: a.filename,
          size: a.size,
          contentType: 'application/pdf',
          sha256: a.sha256,
          createdAt: a.created_at.toISOString(),
        })),
      );
      const comments = await q<{ id: string; example_id: string | null; author_id: string; text: string; created_at: Date }>(
        'SELECT id, example_id, author_id, text, created_at FROM dp_comments WHERE file_id = $1 ORDER BY created_at',
      );
      expect(comments.map((c) => c.text)).toEqual(Array.from({ length: n }, (_, i) => `Remarque ${i}`));
      expect(result.comments).toEqual(
        comments.map((c) => ({
          id: c.id,
          exampleId: c.example_id,
          authorId: c.author_id,
          authorName: c.author_id === trainer.id ? 'Anne Formatrice' : 'Bruno Formateur',
          text: c.text,
          createdAt: c.created_at.toISOString(),
        })),
      );
      const [file] = await q<{ declaration_signed_at: Date }>('SELECT declaration_signed_at FROM professional_files WHERE id = $1');
      const [event] = await q<{ at: Date }>('SELECT at FROM professional_file_events WHERE file_id = $1 ORDER BY id DESC LIMIT 1');
      expect(result.status).toBe(n >= 3 ? 'submitted' : 'draft');
      expect(result.declaration).toEqual({ place: 'Lyon', signedAt: file.declaration_signed_at.toISOString() });
      expect(result.submittedAt).toBe(n >= 3 ? event.at.toISOString() : null);
      if (n < 3) expect(event).toBeUndefined();
      expect(result.warnings.map((w) => w.field)).toEqual([
        ...result.examples.filter((e) => e.title === 'Exemple 0').map((e) => `examples[${e.id}].tasks`),
        ...(n >= 2 ? [`attachments[${attachments.find((a) => a.filename.startsWith('patient'))!.id}].filename`] : []),
      ]);
      expect(Object.keys(result)).toEqual([
        'learnerId',
        'status',
        'examples',
        'qualifications',
        'attachments',
        'declaration',
        'submittedAt',
        'comments',
        'warnings',
      ]);
      return count;
    }

    it('one statement on the DP tables, 2 queries in all, for a draft of 1 example and 1 comment and a submitted DP of 9 examples and 20 comments; the same answer as before', async () => {
      const one = await check(1);
      const twenty = await check(20);
      console.log(
        `dossier professionnel (service): ${one} SQL queries for a draft of 1 example and 1 comment, ${twenty} submitted with 9 examples and 20 comments`,
      );
      expect(one).toBe(2);
      expect(twenty).toBe(one);
    });

    it('no file yet: an empty draft, in the same queries', async () => {
      const learner = await aLearner(t.app, t.admin, { cohortId });
      const { result, count } = await measured(() => files().get(t.admin, learner.id));
      expect(count).toBe(2);
      expect(result).toEqual({
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
  });
});
