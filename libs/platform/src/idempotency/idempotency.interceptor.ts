import { CallHandler, ExecutionContext, HttpStatus, Injectable, NestInterceptor } from '@nestjs/common';
import { HTTP_CODE_METADATA } from '@nestjs/common/constants';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Request, Response } from 'express';
import { createHash } from 'node:crypto';
import { from, lastValueFrom, Observable } from 'rxjs';
import { DataSource } from 'typeorm';
import { canonicalJson } from '../canonical-json';
import { DomainError } from '../errors/domain-error';
import type { AuthUser } from '../http/auth-decorators';

export const IDEMPOTENCY_HEADER = 'idempotency-key';
/** How long a key answers again (spec/api.md « Conventions »): 24 hours. */
export const IDEMPOTENCY_HOURS = 24;
const KEY = /^[\x21-\x7e]{1,200}$/;

/**
 * `Idempotency-Key` on any POST of a signed-in caller (spec/api.md « Conventions »): the handler
 * runs in one transaction that first claims the key (primary key on user and key). A second
 * request with the same key waits on that claim, then answers what the first answered — status
 * and body — without running the handler; with another body, 422 IDEMPOTENCY.KEY_REUSED. If the
 * first fails, its claim is rolled back with everything it wrote, and the next try runs afresh.
 * A double-clicked « Enregistrer » therefore never writes twice.
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const http = context.switchToHttp();
    const req = http.getRequest<Request & { user?: AuthUser }>();
    const header = req.headers[IDEMPOTENCY_HEADER];
    if (req.method !== 'POST' || header === undefined || !req.user) return next.handle();
    const key = Array.isArray(header) ? header.join(',') : header;
    if (!KEY.test(key))
      throw DomainError.validation([
        { field: 'Idempotency-Key', message: 'La clé d’idempotence doit compter 1 à 200 caractères ASCII visibles.' },
      ]);
    const res = http.getResponse<Response>();
    // The status Nest will answer with (it sets it after the interceptors): the route's own.
    const status = (Reflect.getMetadata(HTTP_CODE_METADATA, context.getHandler()) as number | undefined) ?? HttpStatus.CREATED;
    const userId = req.user.id;
    const hash = createHash('sha256')
      .update(`${req.method} ${req.path}\n${req.is('application/json') ? canonicalJson(req.body) : ''}`)
      .digest('hex');
    return from(
      this.dataSource.transaction(async (m) => {
        await m.query(`DELETE FROM idempotency_keys WHERE user_id = $1 AND key = $2 AND created_at < now() - make_interval(hours => $3)`, [
          userId,
          key,
          IDEMPOTENCY_HOURS,
        ]);
        const claimed = await m.query<unknown[]>(
          `INSERT INTO idempotency_keys (user_id, key, request_hash, status_code) VALUES ($1, $2, $3, 0)
           ON CONFLICT ON CONSTRAINT one_answer_per_user_and_key DO NOTHING RETURNING 1`,
          [userId, key, hash],
        );
        if (!claimed.length) {
          // The replay's status is the route's own (Nest sets it after the interceptors).
          const [first] = await m.query<{ requestHash: string; response: unknown }[]>(
            'SELECT request_hash AS "requestHash", response FROM idempotency_keys WHERE user_id = $1 AND key = $2',
            [userId, key],
          );
          if (!first || first.requestHash !== hash)
            throw new DomainError(
              'IDEMPOTENCY.KEY_REUSED',
              'Cette clé d’idempotence a déjà servi pour une autre requête : utilisez une nouvelle clé.',
              [{ field: 'Idempotency-Key', message: 'Clé déjà utilisée avec un autre contenu.' }],
            );
          res.setHeader('Idempotent-Replayed', 'true');
          return first.response;
        }
        const body: unknown = await lastValueFrom(next.handle(), { defaultValue: undefined });
        await m.query('UPDATE idempotency_keys SET status_code = $3, response = $4 WHERE user_id = $1 AND key = $2', [
          userId,
          key,
          status,
          body === undefined ? null : JSON.stringify(body),
        ]);
        return body;
      }),
    );
  }
}
