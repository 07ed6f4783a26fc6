import { certificationStatusOn } from './certification-status';

describe('R-REF-1 / R-CAP-4 — status of a title on a date', () => {
  const sams = { validUntil: '2025-09-01' };

  it.each([
    ['2024-01-15', 'valid'],
    ['2025-08-31', 'valid'], // the day before the échéance: last day in force
    ['2025-09-01', 'prolongation'], // the day of the échéance: the délai de prolongation starts
    ['2025-09-02', 'prolongation'],
    ['2026-08-31', 'prolongation'], // last day of the délai de prolongation
    ['2026-09-01', 'expired'], // the day after it ends
    ['2030-01-01', 'expired'],
  ])('SAMS (échéance 2025-09-01) on %s is %s', (on, status) => {
    expect(certificationStatusOn(sams, on).status).toBe(status);
  });

  it('gives the last valid day and the end of the délai de prolongation', () => {
    const v = certificationStatusOn(sams, '2025-10-01');
    expect(v.lastValidDay).toBe('2025-08-31');
    expect(v.prolongationLastDay).toBe('2026-08-31');
    expect(v.message).toContain('31/08/2026');
    expect(v.message).toContain('R-CAP-4');
  });

  it('handles an échéance on 29 February (the délai ends on 27 February of the next year)', () => {
    const leap = { validUntil: '2028-02-29' };
    expect(certificationStatusOn(leap, '2028-02-28').status).toBe('valid');
    expect(certificationStatusOn(leap, '2028-02-29').status).toBe('prolongation');
    expect(certificationStatusOn(leap, '2029-02-27').status).toBe('prolongation');
    expect(certificationStatusOn(leap, '2029-02-28').status).toBe('expired');
  });
});
