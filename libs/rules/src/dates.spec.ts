import { addDays, addYears, frenchDate, todayInFrance } from './dates';

describe('calendar days', () => {
  it('adds years, clamping 29 February to 28 February', () => {
    expect(addYears('2025-09-01', 1)).toBe('2026-09-01');
    expect(addYears('2024-02-29', 1)).toBe('2025-02-28');
    expect(addYears('2024-02-29', 4)).toBe('2028-02-29');
  });

  it('adds days across months and years', () => {
    expect(addDays('2025-09-01', -1)).toBe('2025-08-31');
    expect(addDays('2024-12-31', 1)).toBe('2025-01-01');
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
  });

  it('formats JJ/MM/AAAA', () => {
    expect(frenchDate('2025-09-01')).toBe('01/09/2025');
  });

  it("takes today's date in Paris, not UTC", () => {
    // 23:30 UTC on 31 December is already 1 January in Paris.
    expect(todayInFrance(new Date('2025-12-31T23:30:00Z'))).toBe('2026-01-01');
    expect(todayInFrance(new Date('2025-06-30T21:59:00Z'))).toBe('2025-06-30');
    expect(todayInFrance(new Date('2025-06-30T22:00:00Z'))).toBe('2025-07-01');
  });
});
