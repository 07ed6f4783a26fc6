import type { OpenAPIObject } from '@nestjs/swagger';
import { isUtf8 } from 'node:buffer';
import type { NextFunction, Request, Response } from 'express';
import { DomainError, FieldProblem } from '../errors/domain-error';

/**
 * What any client may send, checked before any work is done on it (issue 10): the media type the
 * endpoint reads (415), the JSON's nesting depth (400, scanned on the raw bytes before parsing),
 * then every string of the body and the query (NUL, lone surrogates, control characters) and
 * every key (`__proto__`, `constructor`, `prototype`) — 400 VALIDATION_FAILED naming the field.
 * Path parameters are checked by the global validation pipe (validation.ts): only the router
 * knows their names.
 */

/** Deeper than any body of the contract (a title: 4 levels), far below what costs CPU or stack. */
export const MAX_JSON_DEPTH = 32;
/** A body full of bad strings gets a readable answer, not one detail per string. */
const MAX_PROBLEMS = 20;

const JSON_TYPE = 'application/json';
const MULTIPART_TYPE = 'multipart/form-data';
const CSV_TYPES = ['text/csv', 'application/csv'];

/** `type/subtype` in lower case and the charset, or null when the header is absent or not a media type. */
export function mediaTypeOf(header: string | undefined): { type: string; charset: string | null } | null {
  if (!header) return null;
  const [essence, ...params] = header.split(';');
  const type = essence.trim().toLowerCase();
  if (!/^[a-z0-9!#$&^_.+-]+\/[a-z0-9!#$&^_.+-]+$/.test(type)) return null;
  let charset: string | null = null;
  for (const param of params) {
    const eq = param.indexOf('=');
    if (eq > 0 && param.slice(0, eq).trim().toLowerCase() === 'charset') {
      charset = param
        .slice(eq + 1)
        .trim()
        .replace(/^"(.*)"$/, '$1')
        .toLowerCase();
    }
  }
  return { type, charset };
}

interface RouteMedia {
  method: string;
  pattern: RegExp;
  literals: number;
  types: string[];
}

/**
 * The media types each endpoint reads, learnt from the OpenAPI document (`@ApiConsumes`, or JSON
 * for a `@Body()`): the contract as documented is the contract enforced. An endpoint without a
 * body, or a path the document does not know, reads JSON only.
 */
export class AcceptedMediaTypes {
  private routes: RouteMedia[] = [];

  learn(document: OpenAPIObject): void {
    const routes: RouteMedia[] = [];
    for (const [path, item] of Object.entries(document.paths)) {
      const segments = path.split('/').filter(Boolean);
      const source = segments.map((s) => (/^\{[^}]+\}$/.test(s) ? '[^/]+' : s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))).join('/');
      const pattern = new RegExp(`^/${source}/?$`, 'i');
      const literals = segments.filter((s) => !s.startsWith('{')).length;
      for (const method of ['get', 'put', 'post', 'delete', 'patch'] as const) {
        const operation = item[method];
        if (!operation) continue;
        const body = operation.requestBody as { content?: Record<string, unknown> } | undefined;
        const types = Object.keys(body?.content ?? {}).map((t) => t.toLowerCase());
        routes.push({ method: method.toUpperCase(), pattern, literals, types: types.length ? types : [JSON_TYPE] });
      }
    }
    // A literal segment wins over a parameter (`/learners/import` before `/learners/{id}`).
    this.routes = routes.sort((a, b) => b.literals - a.literals);
  }

  accepted(method: string, path: string): string[] {
    const route = this.routes.find((r) => r.method === method && r.pattern.test(path));
    const types = route?.types ?? [JSON_TYPE];
    return types.some((t) => CSV_TYPES.includes(t)) ? [...new Set([...types, ...CSV_TYPES])] : types;
  }
}

function describe(types: string[]): string {
  const parts: string[] = [];
  if (types.includes(JSON_TYPE)) parts.push('du JSON (Content-Type: application/json)');
  if (types.includes(MULTIPART_TYPE)) parts.push('un fichier en multipart/form-data (champ « file »)');
  if (types.some((t) => CSV_TYPES.includes(t))) parts.push('un fichier CSV (Content-Type: text/csv)');
  return parts.join(', ou ') || 'du JSON (Content-Type: application/json)';
}

/**
 * 415 for a body this endpoint cannot read: a body without a media type, a type it does not take
 * (`application/jsonx`, `text/plain`, a form, multipart on a JSON endpoint), JSON in a charset
 * other than UTF-8. Goes to the error middleware, so the answer has the contract's shape.
 */
export function refuseUnreadableBodies(media: AcceptedMediaTypes) {
  return (req: Request, _res: Response, next: NextFunction): void => {
    const hasBody = Number(req.headers['content-length'] ?? 0) > 0 || req.headers['transfer-encoding'] !== undefined;
    if (!hasBody || req.method === 'GET' || req.method === 'HEAD' || req.method === 'OPTIONS') return next();
    const accepted = media.accepted(req.method, req.path);
    const sent = mediaTypeOf(req.headers['content-type']);
    const readable =
      sent !== null &&
      accepted.includes(sent.type) &&
      (sent.type !== JSON_TYPE || sent.charset === null || sent.charset === 'utf-8' || sent.charset === 'utf8');
    if (readable) return next();
    next(
      new DomainError(
        'UNSUPPORTED_MEDIA_TYPE',
        `Le type de contenu envoyé n'est pas accepté à cette adresse : envoyez ${describe(accepted)}${accepted.includes(JSON_TYPE) ? ', encodé en UTF-8' : ''}.`,
      ),
    );
  };
}

/**
 * True when the JSON nests objects or arrays deeper than `max`. Scans the raw UTF-8 bytes once,
 * skipping strings (no byte of a multi-byte character is ASCII), and stops at the first level
 * too deep: a megabyte of `[` costs 33 bytes of work, not a parse.
 */
export function jsonTooDeep(body: Buffer, max = MAX_JSON_DEPTH): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < body.length; i += 1) {
    const byte = body[i];
    if (inString) {
      if (byte === 0x5c)
        i += 1; // backslash: the next byte is escaped
      else if (byte === 0x22) inString = false;
    } else if (byte === 0x22) inString = true;
    else if (byte === 0x7b || byte === 0x5b) {
      depth += 1;
      if (depth > max) return true;
    } else if (byte === 0x7d || byte === 0x5d) depth -= 1;
  }
  return false;
}

/** express.json's `verify`: runs on the raw bytes, before JSON.parse and before authentication. */
export function verifyJsonBytes(_req: Request, _res: Response, body: Buffer): void {
  if (jsonTooDeep(body)) {
    throw DomainError.validation([
      { field: 'body', message: `Le JSON est imbriqué sur plus de ${MAX_JSON_DEPTH} niveaux : ce n'est pas une donnée attendue.` },
    ]);
  }
  // Invalid UTF-8 would be turned into U+FFFD silently: refused instead, like any invalid text.
  if (!isUtf8(body)) throw DomainError.validation([{ field: 'body', message: "Le corps de la requête n'est pas un texte UTF-8 valide." }]);
}

/* eslint-disable no-control-regex -- control characters are exactly what these find */
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const NONCHARACTER = /[\ufdd0-\ufdef\ufffe\uffff]/;
const ANY_BAD = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff]/;
/* eslint-enable no-control-regex */

/** Why a text cannot be stored or shown, in French, or null when it is fine (tab, LF and CR are). */
export function textProblem(value: string): string | null {
  if (!ANY_BAD.test(value)) return null; // the common case: one scan
  if (value.includes('\u0000')) return 'Contient un caractère nul (U+0000), interdit.';
  if (CONTROL.test(value))
    return 'Contient un caractère de contrôle invisible, interdit (seuls la tabulation et les retours à la ligne sont admis).';
  if (LONE_SURROGATE.test(value)) return 'Contient un caractère mal encodé (demi-paire UTF-16 isolée) : retapez la valeur.';
  if (NONCHARACTER.test(value)) return "Contient un caractère qui n'existe pas en Unicode (U+FFFE, U+FFFF…), interdit.";
  return null;
}

/** Keys that would reach an object's prototype if a parser or merge ever honoured them. */
export const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/** A key as it can be shown in a field name: its invalid characters escaped. */
function shown(key: string): string {
  return key.replace(
    // eslint-disable-next-line no-control-regex
    /[\u0000-\u001f\u007f-\u009f\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

const fieldOf = (parent: string, key: string | number): string =>
  typeof key === 'number' ? `${parent || 'body'}[${key}]` : parent ? `${parent}.${shown(key)}` : shown(key);

/**
 * Every problem of a parsed value (JSON body, query, path parameters): bad text in a string or a
 * key, a prototype key. Fields are named as the validation pipe names them (`examples[0].title`),
 * under `prefix` (`query.q`). Stops at MAX_PROBLEMS; the depth is already bounded.
 */
export function findTextProblems(value: unknown, prefix = '', out: FieldProblem[] = [], depth = 0): FieldProblem[] {
  if (out.length >= MAX_PROBLEMS) return out;
  if (typeof value === 'string') {
    const problem = textProblem(value);
    if (problem) out.push({ field: prefix || 'body', message: problem });
    return out;
  }
  if (value === null || typeof value !== 'object' || depth > MAX_JSON_DEPTH + 1) return out;
  if (Array.isArray(value)) {
    value.forEach((item, i) => findTextProblems(item, fieldOf(prefix, i), out, depth + 1));
    return out;
  }
  for (const key of Object.keys(value)) {
    if (out.length >= MAX_PROBLEMS) break;
    const field = fieldOf(prefix, key);
    if (FORBIDDEN_KEYS.has(key)) out.push({ field, message: 'Ce nom de champ est interdit.' });
    else if (textProblem(key)) out.push({ field, message: 'Le nom de ce champ contient un caractère interdit (invisible ou mal encodé).' });
    else findTextProblems((value as Record<string, unknown>)[key], field, out, depth + 1);
  }
  return out;
}

/** 400 naming each field of the JSON body or the query that holds invalid text or a prototype key. */
export function refuseBadText(req: Request, _res: Response, next: NextFunction): void {
  const problems: FieldProblem[] = [];
  if (req.body !== null && typeof req.body === 'object' && !Buffer.isBuffer(req.body)) findTextProblems(req.body, '', problems);
  // Express 5 parses the query string on each read of req.query: read it once.
  const query: unknown = req.query;
  if (query && typeof query === 'object') findTextProblems(query, 'query', problems);
  next(problems.length ? DomainError.validation(problems) : undefined);
}
