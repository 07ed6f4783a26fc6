// Bounded reads at the service level (architecture.md: « nothing queries inside a loop »): the
// same SQL query count for a small and a large data set, the facts built through the services
// (seeds/builders.ts), no HTTP. The jury's reads (PV, session view, dossier, booklet after
// sessions) are in jury.int-spec.ts. The HTTP-level assertions stay in test/*.e2e-spec.ts.
import { EcfService } from '@app/ecf';
import { LearnersService } from '@app/learners';
import { AuditService, AuthUser, countQueries, PageQueryDto } from '@app/platform';
import { ProfessionalFilesService } from '@app/professional-files';
import { aCohort, aLearner, anEcfEvaluation, aUser, dpDraft, dpExamples, SAMS_CCPS, submittedDp } from '../support/builders';
import { IntApp, startIntApp } from '../support/int-app';

describe('bounded reads, service level', () => {
  let t: IntApp;
  let trainer: AuthUser;

  beforeAll(async () => {
    t = await startIntApp();
    trainer = await aUser(t.app, { roles: ['trainer'], fullName: 'Anne Formatrice' });
  });
  afterAll(async () => t?.close());

  /** A cohort of `size` learners, half with an evaluation, a third with a synthesis draft. */
  async function cohortOf(size: number): Promise<string> {
    const cohort = await aCohort(t.app, t.admin, { trainerIds: [trainer.id] });
    for (let i = 0; i < size; i += 1) {
      const learner = await aLearner(t.app, t.admin, { cohortId: cohort.id });
      if (i % 2 === 0) await anEcfEvaluation(t.app, trainer, learner.id, { results: [{ competence: 1, acquired: true }] });
      if (i % 3 === 0)
        await t.app.get(EcfService).upsertSynthesis(trainer, learner.id, SAMS_CCPS[1], { mastered: true, observations: 'ok' });
    }
    return cohort.id;
  }

  it('cohort progress (the matrix): the same number of queries for 5 and for 50 learners, at most 8', async () => {
    const service = t.app.get(EcfService);
    const measure = async (size: number): Promise<number> => {
      const cohortId = await cohortOf(size);
      const { result, count } = await countQueries(() => service.cohortProgress(t.admin, cohortId));
      expect(result.learners).toHaveLength(size);
      return count;
    };
    const five = await measure(5);
    const fifty = await measure(50);
    console.log(`cohort progress (service): ${five} SQL queries for 5 learners, ${fifty} for 50`);
    expect(fifty).toBe(five);
    expect(five).toBeLessThanOrEqual(8);
  });

  it('the learners list: the same number of queries for a page of 2 and of 20 learners', async () => {
    const service = t.app.get(LearnersService);
    const measure = async (size: number): Promise<number> => {
      const cohortId = await cohortOf(size);
      const query = Object.assign(new PageQueryDto(), { page: 1, pageSize: 50, cohortId });
      const { result, count } = await countQueries(() => service.listLearners(t.admin, query));
      expect(result.items).toHaveLength(size);
      return count;
    };
    const two = await measure(2);
    const twenty = await measure(20);
    console.log(`learners list (service): ${two} SQL queries for 2 learners, ${twenty} for 20`);
    expect(twenty).toBe(two);
  });

  it('the audit list: names and labels in at most 3 queries, whatever the page size', async () => {
    await cohortOf(6); // cohort, learners, evaluations, syntheses: audited actions by two actors
    const service = t.app.get(AuditService);
    const measure = async (pageSize: number): Promise<{ count: number; items: number }> => {
      const query = Object.assign(new PageQueryDto(), { page: 1, pageSize });
      const { count, result } = await countQueries(() => service.list({}, query));
      return { count, items: result.items.length };
    };
    const small = await measure(2);
    const large = await measure(100);
    expect(large.items).toBeGreaterThan(small.items);
    // page, count (skipped by paginate when the page is not full), labels: never more than 3.
    expect(small.count).toBe(3);
    expect(large.count).toBeLessThanOrEqual(3);
  });

  it('the learner’s ECF: the same number of queries for 1 and for 12 evaluations', async () => {
    const service = t.app.get(EcfService);
    const cohort = await aCohort(t.app, t.admin, { trainerIds: [trainer.id] });
    const measure = async (evaluations: number): Promise<number> => {
      const learner = await aLearner(t.app, t.admin, { cohortId: cohort.id });
      for (let i = 0; i < evaluations; i += 1)
        await anEcfEvaluation(t.app, trainer, learner.id, {
          ccpCode: SAMS_CCPS[i % 3],
          date: `2025-01-${String(10 + i).padStart(2, '0')}`,
          results: [{ competence: [1, 6, 9][i % 3], acquired: i % 2 === 0 }], // a competence of that CCP
        });
      const { result, count } = await countQueries(() => service.getEcf(t.admin, learner.id));
      expect(result).toBeDefined();
      return count;
    };
    const one = await measure(1);
    const twelve = await measure(12);
    console.log(`learner ECF (service): ${one} SQL queries for 1 evaluation, ${twelve} for 12`);
    expect(twelve).toBe(one);
  });

  it('the dossier professionnel: the same number of queries for a draft of 1 example and a submitted DP of 3 examples and 3 qualifications', async () => {
    const service = t.app.get(ProfessionalFilesService);
    const cohort = await aCohort(t.app, t.admin, { trainerIds: [trainer.id] });
    const measure = async (size: 'small' | 'large'): Promise<number> => {
      const learner = await aLearner(t.app, t.admin, { cohortId: cohort.id, password: 'learner-password-123' });
      if (size === 'small') await dpDraft(t.app, learner.account!, learner.id, dpExamples(SAMS_CCPS.slice(0, 1)));
      else
        await submittedDp(t.app, learner.account!, learner.id, {
          examples: dpExamples(SAMS_CCPS),
          qualifications: [1, 2, 3].map((n) => ({ title: `Qualification ${n}`, issuer: 'Organisme', obtainedOn: '2023-06-15' })),
        });
      const { result, count } = await countQueries(() => service.get(t.admin, learner.id));
      expect(result.examples).toHaveLength(size === 'small' ? 1 : 3);
      return count;
    };
    const small = await measure('small');
    const large = await measure('large');
    console.log(
      `dossier professionnel (service): ${small} SQL queries for a draft of 1 example, ${large} submitted with 3 examples and 3 qualifications`,
    );
    expect(large).toBe(small);
  });
});
