import { buildBooklet, BookletInput, heldCcpIds } from './booklet';
import { checkResult, outcomeOf } from './decision';
import { checkHabilitation, checkJurorCount, conflictRefusal, findConflicts, sameEmployer } from './jury';

describe('R-JURY-1: at least two jurors', () => {
  it('refuses 0 and 1, accepts 2', () => {
    expect(checkJurorCount(1)?.code).toBe('JURY.TOO_FEW_JURORS');
    expect(checkJurorCount(0)?.rule).toBe('R-JURY-1');
    expect(checkJurorCount(2)).toBeNull();
  });
});

describe('R-JURY-2: a habilitation for the title valid on every day of the session', () => {
  const session = { certificationId: 'T', startDate: '2025-06-10', endDate: '2025-06-12', titleCode: 'RNCP36805' };
  it.each([
    ['covering the session, bounds included', '2025-06-10', '2025-06-12', true],
    ['starting the day after the first day', '2025-06-11', '2026-01-01', false],
    ['ending on the last day but one', '2024-01-01', '2025-06-11', false],
  ])('%s', (_label, validFrom, validUntil, ok) => {
    expect(checkHabilitation([{ certificationId: 'T', validFrom, validUntil }], session) === null).toBe(ok);
  });
  it('a habilitation for another title does not count', () => {
    expect(checkHabilitation([{ certificationId: 'OTHER', validFrom: '2020-01-01', validUntil: '2030-01-01' }], session)?.code).toBe(
      'JURY.NOT_HABILITATED',
    );
  });
});

describe('R-JURY-3: conflicts of interest', () => {
  it('names each link: trainer, employer (written differently), declared', () => {
    const conflicts = findConflicts(
      { id: 'J', employer: 'Clinique du Parc', trainedLearnerIds: new Set(['L1']), declaredLearnerIds: new Set(['L3']) },
      [
        { learnerId: 'L1', employer: null },
        { learnerId: 'L2', employer: 'CLINIQUE  du parc.' },
        { learnerId: 'L3', employer: 'Autre' },
        { learnerId: 'L4', employer: 'Hôpital' },
      ],
    );
    expect(conflicts).toEqual([
      { learnerId: 'L1', link: 'trainer' },
      { learnerId: 'L2', link: 'employer' },
      { learnerId: 'L3', link: 'declared' },
    ]);
    expect(conflictRefusal(conflicts)).toMatchObject({ code: 'JURY.CONFLICT_OF_INTEREST', rule: 'R-JURY-3', details: conflicts });
    expect(conflictRefusal([])).toBeNull();
    expect(sameEmployer('', '')).toBe(false);
  });
});

describe('R-DEC-1…3: results', () => {
  const ctx = { assessedCcpIds: ['C1', 'C2', 'C3'], titleCcpIds: ['C1', 'C2', 'C3'], heldBefore: new Set<string>(), finalInterview: true };
  const all = (awarded: boolean[]) => awarded.map((a, i) => ({ ccpId: `C${i + 1}`, awarded: a }));

  it('R-DEC-1: outcomes absent, title, partial, failure', () => {
    expect(outcomeOf({ attendance: 'absent', ccpResults: [] })).toBe('absent');
    expect(outcomeOf({ attendance: 'present', ccpResults: all([true, true, true]), titleAwarded: true, finalInterviewHeld: true })).toBe(
      'title',
    );
    expect(outcomeOf({ attendance: 'present', ccpResults: all([true, false, true]) })).toBe('partial');
    expect(outcomeOf({ attendance: 'present', ccpResults: all([false, false, false]) })).toBe('failure');
  });

  it('DEC.CCP_RESULTS_MISMATCH: exactly the assessed CCPs, once each, when present; nothing when absent', () => {
    expect(checkResult({ attendance: 'present', ccpResults: all([true, true]) }, ctx)[0].code).toBe('DEC.CCP_RESULTS_MISMATCH');
    expect(
      checkResult({ attendance: 'present', ccpResults: [...all([true, true, true]), { ccpId: 'C1', awarded: true }] }, ctx)[0].code,
    ).toBe('DEC.CCP_RESULTS_MISMATCH');
    expect(checkResult({ attendance: 'absent', ccpResults: [{ ccpId: 'C1', awarded: true }] }, ctx)[0].code).toBe(
      'DEC.CCP_RESULTS_MISMATCH',
    );
    expect(checkResult({ attendance: 'present', ccpResults: all([true, false, true]) }, ctx)).toEqual([]);
  });

  it('R-DEC-2: the title only with every CCP and the final interview held', () => {
    expect(
      checkResult({ attendance: 'present', ccpResults: all([true, false, true]), titleAwarded: true, finalInterviewHeld: true }, ctx)[0],
    ).toMatchObject({ code: 'DEC.TITLE_NOT_ALLOWED', rule: 'R-DEC-2' });
    expect(
      checkResult({ attendance: 'present', ccpResults: all([true, true, true]), titleAwarded: true, finalInterviewHeld: false }, ctx)[0]
        .code,
    ).toBe('DEC.TITLE_NOT_ALLOWED');
    expect(
      checkResult({ attendance: 'present', ccpResults: all([true, true, true]), titleAwarded: true, finalInterviewHeld: true }, ctx),
    ).toEqual([]);
  });

  it('R-DEC-3: in a session CCP, held CCPs count; without the final interview in the session, no title', () => {
    const ccp = { assessedCcpIds: ['C3'], titleCcpIds: ['C1', 'C2', 'C3'], heldBefore: new Set(['C1', 'C2']), finalInterview: true };
    expect(
      checkResult(
        { attendance: 'present', ccpResults: [{ ccpId: 'C3', awarded: true }], titleAwarded: true, finalInterviewHeld: true },
        ccp,
      ),
    ).toEqual([]);
    expect(
      checkResult(
        { attendance: 'present', ccpResults: [{ ccpId: 'C3', awarded: true }], titleAwarded: true, finalInterviewHeld: true },
        { ...ccp, finalInterview: false },
      )[0],
    ).toMatchObject({
      code: 'DEC.TITLE_NOT_ALLOWED',
      rule: 'R-DEC-3',
    });
  });
});

describe('R-CAP-1…4: the booklet', () => {
  const title = {
    id: 'T',
    code: 'RNCP36805',
    validUntil: '2025-09-01',
    successorId: 'S',
    ccps: [1, 2, 3].map((n) => ({ id: `C${n}`, code: `BC0${n}`, number: n, title: `CCP ${n}` })),
  };
  const input = (over: Partial<BookletInput> = {}): BookletInput => ({
    title,
    pathway: 'training',
    awards: [{ ccpId: 'C1', obtainedOn: '2025-06-11', source: 'session', sessionId: 'S1', validated: true }],
    titleAward: null,
    sessions: [
      { sessionId: 'S1', type: 'title', startDate: '2025-06-10', attendance: 'present', outcome: 'partial', ccpsAwarded: ['BC01'] },
    ],
    incoming: [],
    successor: null,
    today: '2025-07-01',
    ...over,
  });

  it('a partial success: CCPs held and missing, the capitalisation deadline (end of the délai de prolongation), the re-sit window', () => {
    const b = buildBooklet(input());
    expect(b.ccps.map((c) => [c.code, c.held, c.source])).toEqual([
      ['BC01', true, 'session'],
      ['BC02', false, null],
      ['BC03', false, null],
    ]);
    expect(b).toMatchObject({
      outcome: 'partial',
      titleAwarded: false,
      capitalisationDeadline: '2026-08-31',
      resitWithoutTrainingUntil: '2026-06-10',
      status: 'valid',
    });
  });

  const allThree = [1, 2, 3].map((n) => ({
    ccpId: `C${n}`,
    obtainedOn: '2025-06-11',
    source: 'session' as const,
    sessionId: 'S1',
    validated: true,
  }));

  it('the title: nothing to complete, no re-sit', () => {
    // R-DEC-2: a title rests on every CCP of it (this case used to hold only CCP 1).
    const b = buildBooklet(input({ awards: allThree, titleAward: { awardedOn: '2025-06-11', sessionId: 'S1' } }));
    expect(b).toMatchObject({
      outcome: 'title',
      titleAwarded: true,
      titleAwardedOn: '2025-06-11',
      capitalisationDeadline: null,
      resitWithoutTrainingUntil: null,
    });
  });

  it('R-CAP-2, R-DEC-2: a CCP withdrawn after the title (fraud, rectified PV) takes the title with it — the booklet no longer states it', () => {
    const b = buildBooklet(
      input({ awards: allThree.filter((a) => a.ccpId !== 'C2'), titleAward: { awardedOn: '2025-06-11', sessionId: 'S1' } }),
    );
    expect(b.ccps.map((c) => c.held)).toEqual([true, false, true]);
    expect(b).toMatchObject({ titleAwarded: false, titleAwardedOn: null, outcome: 'partial' });
  });

  it('R-CAP-3: held CCPs carry over to the successor through its correspondences', () => {
    const successor = {
      code: 'RNCP40800',
      ccps: [
        { id: 'N1', code: 'NB01' },
        { id: 'N2', code: 'NB02' },
        { id: 'N3', code: 'NB03' },
      ],
      correspondences: [
        { from: ['C1'], to: 'N1' },
        { from: ['C2', 'C3'], to: 'N3' },
      ],
    };
    expect(buildBooklet(input({ successor })).successor).toEqual({
      code: 'RNCP40800',
      ccpsCarried: ['NB01'],
      ccpsMissing: ['NB02', 'NB03'],
    });
    expect(heldCcpIds(new Set(['C2']), successor.correspondences)).toEqual(new Set(['C2']));
    expect(heldCcpIds(new Set(['C2', 'C3']), successor.correspondences)).toEqual(new Set(['C2', 'C3', 'N3']));
  });

  it('on the successor, a carried CCP shows as held by correspondence', () => {
    const successorTitle = {
      id: 'S',
      code: 'RNCP40800',
      validUntil: '2030-09-01',
      successorId: null,
      ccps: [
        { id: 'N1', code: 'NB01', number: 1, title: 'A' },
        { id: 'N2', code: 'NB02', number: 2, title: 'B' },
      ],
    };
    const b = buildBooklet(input({ title: successorTitle, incoming: [{ from: ['C1'], to: 'N1' }] }));
    expect(b.ccps[0]).toMatchObject({ held: true, source: 'correspondence', obtainedOn: '2025-06-11' });
    expect(b.outcome).toBe('partial');
  });
});
