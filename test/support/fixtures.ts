/** A fictitious successor title for tests (the real SAMA CCP list is an open question, Q1). */
export function successorTitle(code = 'RNCP40800', prefix = code) {
  return {
    code,
    tpCode: 'TP-09999',
    name: 'Secrétaire assistant médico-administratif',
    acronym: 'SAMA',
    level: 4,
    validUntil: '2030-09-01',
    ccps: [1, 2, 3].map((n) => ({
      code: `${prefix}BC0${n}`,
      number: n,
      title: `Activité type ${n}`,
      competences: [1, 2].map((k) => ({
        number: (n - 1) * 2 + k,
        title: `Compétence ${(n - 1) * 2 + k}`,
        description: 'Description',
        criteria: ['Critère A', 'Critère B'],
      })),
    })),
  };
}
