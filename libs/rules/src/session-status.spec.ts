import { pvComplete, sessionStatus, SessionStatusFacts } from './session-status';

const facts = (over: Partial<SessionStatusFacts> = {}): SessionStatusFacts => ({
  deliberationOpened: false,
  pvDrafted: false,
  signaturesComplete: false,
  dreetsValidated: false,
  ...over,
});

describe('session status (R-DEC-4, R-DEC-5), derived from the facts', () => {
  it('planned while the deliberation is not open', () => {
    expect(sessionStatus(facts())).toBe('planned');
  });

  it('deliberating once opened, until the PV is drafted (R-DEC-4)', () => {
    expect(sessionStatus(facts({ deliberationOpened: true }))).toBe('deliberating');
  });

  it('R-DEC-4: awaiting signatures once the PV is drafted, until every juror signed', () => {
    expect(sessionStatus(facts({ deliberationOpened: true, pvDrafted: true }))).toBe('awaiting_signatures');
  });

  it('R-DEC-4: closed when the PV is complete', () => {
    expect(sessionStatus(facts({ deliberationOpened: true, pvDrafted: true, signaturesComplete: true }))).toBe('closed');
  });

  it('R-DEC-5: validated once the DREETS validated a complete PV', () => {
    expect(sessionStatus(facts({ deliberationOpened: true, pvDrafted: true, signaturesComplete: true, dreetsValidated: true }))).toBe(
      'validated',
    );
  });

  it('R-DEC-5: a DREETS validation does not hide a PV awaiting signatures (a rectification to sign again)', () => {
    expect(sessionStatus(facts({ deliberationOpened: true, pvDrafted: true, dreetsValidated: true }))).toBe('awaiting_signatures');
  });
});

describe('PV completeness (R-DEC-4)', () => {
  it('complete when every juror signed', () => {
    expect(pvComplete({ jurors: 2, signatures: 2 })).toBe(true);
  });

  it('not complete while a juror has not signed', () => {
    expect(pvComplete({ jurors: 2, signatures: 1 })).toBe(false);
  });

  it('a session without jurors has no complete PV', () => {
    expect(pvComplete({ jurors: 0, signatures: 0 })).toBe(false);
  });
});
