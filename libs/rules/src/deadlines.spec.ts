import { deadlineTense, deadlineWording, sessionToClose } from './deadlines';

describe('deadline wording (R-CAP-3, R-ELIG-6): the day before, the day of, the day after', () => {
  it('capitalisation deadline 31/08/2026', () => {
    const before = deadlineWording('capitalisation', '2026-08-31', '2026-08-30');
    expect(before.tense).toBe('future');
    expect(before.text).toContain('au plus tard le 31/08/2026');
    const on = deadlineWording('capitalisation', '2026-08-31', '2026-08-31');
    expect(on.tense).toBe('today');
    expect(on.text).toContain("c'est aujourd'hui, le 31/08/2026, le dernier jour");
    const after = deadlineWording('capitalisation', '2026-08-31', '2026-09-01');
    expect(after.tense).toBe('past');
    expect(after.text).toMatch(/^Le délai pour compléter le titre a expiré le 31\/08\/2026 : /);
    expect(after.text).not.toContain('au plus tard');
    // Karim, on 30/11/2026
    expect(deadlineWording('capitalisation', '2026-08-31', '2026-11-30').text).toContain('a expiré le 31/08/2026');
  });

  it('re-sit without new training until 17/06/2026', () => {
    const before = deadlineWording('resit', '2026-06-17', '2026-06-16');
    expect(before.tense).toBe('future');
    expect(before.text).toContain("jusqu'au 17/06/2026");
    const on = deadlineWording('resit', '2026-06-17', '2026-06-17');
    expect(on.tense).toBe('today');
    expect(on.text).toContain("aujourd'hui, le 17/06/2026, le dernier jour");
    const after = deadlineWording('resit', '2026-06-17', '2026-06-18');
    expect(after.tense).toBe('past');
    expect(after.text).toMatch(/^Le délai pour vous représenter sans nouvelle formation a expiré le 17\/06\/2026 : /);
    expect(after.text).not.toContain("jusqu'au");
  });

  it('tense across a month and a year boundary', () => {
    expect(deadlineTense('2026-12-31', '2026-12-30')).toBe('future');
    expect(deadlineTense('2026-12-31', '2026-12-31')).toBe('today');
    expect(deadlineTense('2026-12-31', '2027-01-01')).toBe('past');
  });

  it('a session whose dates are past and still planned or deliberating is « à clôturer »', () => {
    const s = { status: 'planned', startDate: '2026-06-16', endDate: '2026-06-16' };
    expect(sessionToClose(s, '2026-06-15')).toBe(false);
    expect(sessionToClose(s, '2026-06-16')).toBe(false);
    expect(sessionToClose(s, '2026-06-17')).toBe(true);
    expect(sessionToClose({ ...s, status: 'deliberating' }, '2026-11-30')).toBe(true);
    expect(sessionToClose({ ...s, status: 'awaiting_signatures' }, '2026-11-30')).toBe(false);
    expect(sessionToClose({ status: 'planned', startDate: '2026-06-16', endDate: '2026-06-18' }, '2026-06-18')).toBe(false);
    expect(sessionToClose({ status: 'planned', startDate: '2026-06-16', endDate: '2026-06-18' }, '2026-06-19')).toBe(true);
  });
});
