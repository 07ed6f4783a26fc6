import { checkEligibility, checkSessionDates, EligibilityInput, resitWithoutTrainingUntil } from './eligibility';

const title = {
  id: 'T',
  code: 'RNCP36805',
  validUntil: '2025-09-01',
  ccps: [1, 2, 3].map((n) => ({ id: `C${n}`, code: `BC0${n}`, number: n })),
};
const base = (over: Partial<EligibilityInput> = {}): EligibilityInput => ({
  session: { type: 'title', certificationId: 'T', ccpIds: ['C1', 'C2', 'C3'], startDate: '2025-06-10', endDate: '2025-06-11' },
  title,
  learner: { pathway: 'training', certificationId: 'T', vaeAdmissibilityDate: null, cohortStartDates: ['2024-09-02'] },
  held: new Set(),
  lockedEcf: new Set(['C1', 'C2', 'C3']),
  dpSubmitted: true,
  history: [],
  ...over,
});
const codes = (input: EligibilityInput) => checkEligibility(input).refusals.map((r) => r.code);
const ccpSession = (startDate: string, endDate = startDate, ccpIds = ['C1', 'C2', 'C3']) => ({
  type: 'ccp' as const,
  certificationId: 'T',
  ccpIds,
  startDate,
  endDate,
});

describe('eligibility', () => {
  it('R-ELIG-1: a trained learner with signed ECF and a submitted DP sits the session titre, on every CCP, with the final interview', () => {
    expect(checkEligibility(base())).toEqual({ eligible: true, ccpIds: ['C1', 'C2', 'C3'], finalInterview: true, refusals: [] });
  });

  it('R-ELIG-1 / R-ELIG-2: a learner of another title is refused', () => {
    expect(
      codes(
        base({ learner: { pathway: 'training', certificationId: 'OTHER', vaeAdmissibilityDate: null, cohortStartDates: ['2024-09-02'] } }),
      ),
    ).toEqual(['ELIG.NOT_TRAINED_FOR_TITLE']);
  });

  describe('R-VAE-1: the recevabilité is valid one year from its notification (the anniversary included)', () => {
    const vae = (notified: string, start: string, end = start) =>
      codes(
        base({
          session: { ...base().session, startDate: start, endDate: end },
          learner: { pathway: 'vae', certificationId: 'T', vaeAdmissibilityDate: notified, cohortStartDates: [] },
        }),
      );
    // The session is on 2025-06-10; the notification date moves its anniversary around it.
    it.each([
      ['the day before the anniversary', '2024-06-11', []],
      ['the anniversary day', '2024-06-10', []],
      ['the day after the anniversary', '2024-06-09', ['ELIG.VAE_ADMISSIBILITY_EXPIRED']],
    ])('session on %s', (_label, notified, expected) => {
      expect(vae(notified, '2025-06-10')).toEqual(expected);
    });
    it('a session ending one day after the anniversary is refused; a session before the notification too', () => {
      expect(vae('2024-06-10', '2025-06-10', '2025-06-11')).toEqual(['ELIG.VAE_ADMISSIBILITY_EXPIRED']);
      expect(vae('2025-06-11', '2025-06-10', '2025-06-10')).toEqual(['ELIG.VAE_ADMISSIBILITY_EXPIRED']);
    });
  });

  it('R-ELIG-2: a VAE learner holding no CCP cannot sit a session CCP; one in partial success can', () => {
    const vae = { pathway: 'vae' as const, certificationId: 'T', vaeAdmissibilityDate: '2025-01-01', cohortStartDates: [] };
    expect(codes(base({ session: ccpSession('2025-06-10'), learner: vae }))).toEqual(['ELIG.VAE_CCP_SESSION']);
    const partial = checkEligibility(base({ session: ccpSession('2025-06-10'), learner: vae, held: new Set(['C1']) }));
    expect(partial).toMatchObject({ eligible: true, ccpIds: ['C2', 'C3'], finalInterview: true });
  });

  it('R-ELIG-3: never registered for a held CCP; a learner holding a CCP does not sit a session titre', () => {
    expect(codes(base({ held: new Set(['C2']) }))).toEqual(['ELIG.ALREADY_HOLDS_CCP']);
    const requested = checkEligibility(
      base({ session: ccpSession('2025-06-10'), held: new Set(['C2']), requestedCcpCodes: ['BC02', 'BC03'] }),
    );
    expect(requested.refusals).toEqual([expect.objectContaining({ code: 'ELIG.ALREADY_HOLDS_CCP', details: ['BC02'] })]);
    expect(codes(base({ session: ccpSession('2025-06-10'), held: new Set(['C1', 'C2', 'C3']) }))).toEqual(['ELIG.ALREADY_HOLDS_CCP']);
  });

  it('ELIG.CCP_NOT_IN_SESSION: a CCP the session does not assess', () => {
    expect(codes(base({ session: ccpSession('2025-06-10', '2025-06-10', ['C1']), requestedCcpCodes: ['BC02'] }))).toEqual([
      'ELIG.CCP_NOT_IN_SESSION',
    ]);
  });

  it('R-DEC-3: in a session CCP the final interview is due only when passing would complete the title', () => {
    expect(checkEligibility(base({ session: ccpSession('2025-06-10', '2025-06-10', ['C2']) })).finalInterview).toBe(false);
    expect(
      checkEligibility(base({ session: ccpSession('2025-06-10', '2025-06-10', ['C2', 'C3']), held: new Set(['C1']) })).finalInterview,
    ).toBe(true);
  });

  it('R-ELIG-4 and R-ELIG-5: missing ECF synthesis and DP are refusals an admin may override; VAE needs no ECF', () => {
    const d = checkEligibility(base({ lockedEcf: new Set(['C1']), dpSubmitted: false }));
    expect(d.refusals).toEqual([
      expect.objectContaining({ code: 'ELIG.MISSING_ECF_SYNTHESIS', rule: 'R-ELIG-4', overridable: true, details: ['BC02', 'BC03'] }),
      expect.objectContaining({ code: 'ELIG.DP_NOT_SUBMITTED', rule: 'R-ELIG-5', overridable: true }),
    ]);
    const vae = { pathway: 'vae' as const, certificationId: 'T', vaeAdmissibilityDate: '2025-01-01', cohortStartDates: [] };
    expect(codes(base({ learner: vae, lockedEcf: new Set() }))).toEqual([]);
  });

  describe('R-ELIG-6: one year to re-sit without new training (the anniversary included)', () => {
    const history = [{ startDate: '2025-03-10', outcome: 'partial' as const }];
    it.each([
      ['2026-03-09', []],
      ['2026-03-10', []],
      ['2026-03-11', ['ELIG.RETRAINING_REQUIRED']],
    ])('session on %s after a partial success on 2025-03-10', (start, expected) => {
      const t2 = { ...title, validUntil: '2030-01-01' };
      expect(codes(base({ title: t2, session: ccpSession(start), held: new Set(['C1']), history }))).toEqual(expected);
    });
    it('a new cohort started after the session lifts it', () => {
      const t2 = { ...title, validUntil: '2030-01-01' };
      const learner = {
        pathway: 'training' as const,
        certificationId: 'T',
        vaeAdmissibilityDate: null,
        cohortStartDates: ['2024-09-02', '2026-09-01'],
      };
      expect(codes(base({ title: t2, session: ccpSession('2027-01-10'), held: new Set(['C1']), history, learner }))).toEqual([]);
    });
    it('gives the last day without new training', () => {
      expect(resitWithoutTrainingUntil(history)).toBe('2026-03-10');
      expect(resitWithoutTrainingUntil([{ startDate: '2025-03-10', outcome: 'title' }])).toBeNull();
    });
  });

  describe('R-CAP-4: the délai de prolongation (SAMS: 01/09/2025 to 31/08/2026)', () => {
    it('the day before it opens anyone may sit; from its first day only failures, partial successes and those trained before the échéance', () => {
      const lateLearner = {
        pathway: 'training' as const,
        certificationId: 'T',
        vaeAdmissibilityDate: null,
        cohortStartDates: ['2025-09-01'],
      };
      expect(codes(base({ session: { ...base().session, startDate: '2025-08-31', endDate: '2025-08-31' }, learner: lateLearner }))).toEqual(
        [],
      );
      expect(codes(base({ session: { ...base().session, startDate: '2025-09-01', endDate: '2025-09-01' }, learner: lateLearner }))).toEqual(
        ['ELIG.PROLONGATION_NOT_OPEN'],
      );
      expect(codes(base({ session: { ...base().session, startDate: '2025-09-01', endDate: '2025-09-01' } }))).toEqual([]); // trained from 2024-09-02
      const vae = { pathway: 'vae' as const, certificationId: 'T', vaeAdmissibilityDate: '2025-06-01', cohortStartDates: [] };
      expect(codes(base({ session: { ...base().session, startDate: '2025-10-01', endDate: '2025-10-01' }, learner: vae }))).toEqual([
        'ELIG.PROLONGATION_NOT_OPEN',
      ]);
    });

    it('SESSION.TITLE_EXPIRED: no session after the last day of the délai', () => {
      expect(checkSessionDates(title, '2026-08-31', '2026-08-31')).toBeNull();
      expect(checkSessionDates(title, '2026-09-01', '2026-09-01')?.code).toBe('SESSION.TITLE_EXPIRED');
      expect(checkSessionDates(title, '2026-08-31', '2026-09-01')?.code).toBe('SESSION.TITLE_EXPIRED');
    });
  });

  it('R-CAP-3: a learner in partial success completes the title until the end of the délai, not after', () => {
    const held = new Set(['C1']);
    expect(codes(base({ session: ccpSession('2026-08-31'), held }))).toEqual([]);
    expect(codes(base({ session: ccpSession('2026-08-31', '2026-09-01'), held }))).toEqual(['ELIG.CAPITALISATION_EXPIRED']);
  });
});
