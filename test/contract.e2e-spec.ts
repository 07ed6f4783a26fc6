// The web app's client is typed from the OpenAPI document: this proves the answers have the shape
// it documents (required fields present, types, enums, nullability), on the demo centre.
import type { OpenAPIObject } from '@nestjs/swagger';
import { openApiDocument } from '../apps/api/src/create-app';
import { DEMO_PASSWORD, seedDemo } from '../seeds/demo';
import { auth } from './support/fixtures';
import { startTestApp, type TestApp } from './support/test-app';

type Schema = {
  $ref?: string;
  allOf?: Schema[];
  type?: string;
  nullable?: boolean;
  enum?: unknown[];
  required?: string[];
  properties?: Record<string, Schema>;
  items?: Schema;
};

let t: TestApp;
let doc: OpenAPIObject;

beforeAll(async () => {
  t = await startTestApp();
  await seedDemo(t.app);
  doc = openApiDocument(t.app);
});

afterAll(async () => {
  await t?.close();
});

/** The differences between a value and its documented schema (empty when it conforms). */
function problems(schema: Schema, value: unknown, at: string): string[] {
  if (schema.$ref) return problems(doc.components!.schemas![schema.$ref.split('/').pop()!] as Schema, value, at);
  if (schema.allOf) {
    if (value === null && schema.nullable) return [];
    return schema.allOf.flatMap((s) => problems(s, value, at));
  }
  if (value === null) return schema.nullable ? [] : [`${at}: null, non documenté nullable`];
  if (schema.enum && !schema.enum.includes(value)) return [`${at}: ${JSON.stringify(value)} hors de ${JSON.stringify(schema.enum)}`];
  switch (schema.type) {
    case 'array':
      if (!Array.isArray(value)) return [`${at}: tableau attendu`];
      return schema.items ? value.flatMap((v, i) => problems(schema.items!, v, `${at}[${i}]`)) : [];
    case 'string':
      return typeof value === 'string' ? [] : [`${at}: chaîne attendue, reçu ${typeof value}`];
    case 'number':
    case 'integer':
      return typeof value === 'number' ? [] : [`${at}: nombre attendu, reçu ${typeof value}`];
    case 'boolean':
      return typeof value === 'boolean' ? [] : [`${at}: booléen attendu, reçu ${typeof value}`];
    default: {
      if (!schema.properties) return [];
      if (typeof value !== 'object' || Array.isArray(value)) return [`${at}: objet attendu`];
      const object = value as Record<string, unknown>;
      return [
        ...(schema.required ?? []).filter((k) => !(k in object)).map((k) => `${at}.${k}: absent (requis)`),
        ...Object.entries(schema.properties).flatMap(([k, s]) =>
          k in object && object[k] !== undefined ? problems(s, object[k], `${at}.${k}`) : [],
        ),
      ];
    }
  }
}

async function conforms(path: string, template: string, token: string): Promise<unknown> {
  const res = await t.http.get(path).set(auth(token));
  expect(res.status).toBe(200);
  const schema = (doc.paths[template].get!.responses['200'] as { content?: Record<string, { schema: Schema }> }).content?.[
    'application/json'
  ]?.schema;
  expect(schema).toBeDefined();
  expect(problems(schema!, res.body, template)).toEqual([]);
  return res.body;
}

it('every answer the web app reads has the documented shape', async () => {
  const admin = await t.login('secretariat@demo.sams.fr', DEMO_PASSWORD);
  const juror = await t.login('jury1@demo.sams.fr', DEMO_PASSWORD);
  const learner = await t.login('karim.benali@exemple.fr', DEMO_PASSWORD);

  const me = (await conforms('/api/auth/me', '/api/auth/me', learner)) as { learnerId: string };
  await conforms('/api/me/booklet', '/api/me/booklet', learner);
  await conforms('/api/certifications', '/api/certifications', admin);
  await conforms('/api/certifications/RNCP36805', '/api/certifications/{code}', admin);
  const cohorts = (await conforms('/api/cohorts', '/api/cohorts', admin)) as { items: { id: string }[] };
  await conforms(`/api/cohorts/${cohorts.items[0].id}`, '/api/cohorts/{id}', admin);
  await conforms(`/api/cohorts/${cohorts.items[0].id}/progress`, '/api/cohorts/{id}/progress', admin);
  await conforms('/api/learners', '/api/learners', admin);
  await conforms(`/api/learners/${me.learnerId}`, '/api/learners/{id}', admin);
  await conforms(`/api/learners/${me.learnerId}/ecf`, '/api/learners/{id}/ecf', admin);
  await conforms(`/api/learners/${me.learnerId}/professional-file`, '/api/learners/{id}/professional-file', admin);
  await conforms(`/api/learners/${me.learnerId}/booklet`, '/api/learners/{id}/booklet', admin);
  const users = (await conforms('/api/users?role=jury', '/api/users', admin)) as { items: { id: string }[] };
  await conforms(`/api/users/${users.items[0].id}/juror-profile`, '/api/users/{id}/juror-profile', admin);
  await conforms('/api/audit', '/api/audit', admin);
  const sessions = (await conforms('/api/jury-sessions', '/api/jury-sessions', juror)) as {
    items: { id: string; status: string; candidates: { learnerId: string }[] }[];
  };
  const closed = sessions.items.find((s) => s.status === 'closed')!;
  await conforms(`/api/jury-sessions/${closed.id}`, '/api/jury-sessions/{id}', juror);
  await conforms(`/api/jury-sessions/${closed.id}/pv`, '/api/jury-sessions/{id}/pv', juror);
  await conforms(
    `/api/jury-sessions/${closed.id}/candidates/${closed.candidates[0].learnerId}/dossier`,
    '/api/jury-sessions/{id}/candidates/{learnerId}/dossier',
    juror,
  );
});

it('the checker itself fails on a missing field, a wrong type and an undocumented null', () => {
  const schema = doc.components!.schemas!.UserDto as Schema;
  expect(problems(schema, { id: 'x', email: 'a@b.c', fullName: 'A', roles: ['admin'], learnerId: null }, 'u')).toEqual([]);
  expect(problems(schema, { id: 'x', email: 'a@b.c', roles: ['admin'], learnerId: null }, 'u')).toEqual(['u.fullName: absent (requis)']);
  expect(problems(schema, { id: 1, email: 'a@b.c', fullName: 'A', roles: ['admin'], learnerId: null }, 'u')).toEqual([
    'u.id: chaîne attendue, reçu number',
  ]);
  expect(problems(schema, { id: 'x', email: null, fullName: 'A', roles: ['admin'], learnerId: null }, 'u')).toEqual([
    'u.email: null, non documenté nullable',
  ]);
});
