// The typed API client. `schema.d.ts` is generated from the API's OpenAPI document at build time
// (scripts/build-web.mjs): when the contract changes, this app stops compiling.
import createClient, { type Middleware } from 'openapi-fetch';
import { currentIdempotencyKey } from '../lib/mutation';
import type { components, paths } from './schema';

export type Schemas = components['schemas'];

/** The error body of every refusal (spec/api.md), with the rule that refused when there is one. */
export interface ApiErrorBody {
  statusCode: number;
  code: string;
  message: string;
  rule?: string;
  details?: unknown;
}

export class ApiError extends Error {
  constructor(readonly body: ApiErrorBody) {
    super(body.message);
    this.name = 'ApiError';
  }
  get status(): number {
    return this.body.statusCode;
  }
  get code(): string {
    return this.body.code;
  }
  /** 400 details: one message per field. */
  get fields(): Record<string, string> {
    const out: Record<string, string> = {};
    if (Array.isArray(this.body.details)) {
      for (const d of this.body.details as { field?: string; message?: string }[]) {
        if (d && typeof d.field === 'string' && typeof d.message === 'string' && !(d.field in out)) out[d.field] = d.message;
      }
    }
    return out;
  }
  /** Items of a 422's details that carry a message (missing parts, refusals), with their data. */
  get items(): { message: string; code?: string; rule?: string; field?: string; ccpCode?: string }[] {
    if (this.status !== 422 || !Array.isArray(this.body.details)) return [];
    return (this.body.details as { message?: unknown }[]).filter((d) => d && typeof d.message === 'string') as never;
  }
  /** Refusals of several rules at once (422 with details [{code, rule, message, overridable}]). */
  get refusals(): { code: string; rule?: string; message: string; overridable: boolean }[] {
    if (this.status !== 422 || !Array.isArray(this.body.details)) return [];
    return (this.body.details as { code?: string; rule?: string; message?: string; overridable?: boolean }[])
      .filter((d) => d && typeof d.code === 'string' && typeof d.message === 'string')
      .map((d) => ({ code: d.code!, rule: d.rule, message: d.message!, overridable: !!d.overridable }));
  }
}

const TOKEN_KEY = 'sams.token';
let token: string | null = sessionStorage.getItem(TOKEN_KEY);
const expiredListeners = new Set<() => void>();

export const session = {
  get token(): string | null {
    return token;
  },
  set(value: string | null): void {
    token = value;
    if (value) sessionStorage.setItem(TOKEN_KEY, value);
    else sessionStorage.removeItem(TOKEN_KEY);
  },
  /** Called when the API answers 401 to a signed-in user: the token expired. */
  onExpired(listener: () => void): () => void {
    expiredListeners.add(listener);
    return () => expiredListeners.delete(listener);
  },
};

const auth: Middleware = {
  onRequest({ request }) {
    if (token) request.headers.set('Authorization', `Bearer ${token}`);
    return request;
  },
  onResponse({ response, request }) {
    if (response.status === 401 && token && !request.url.endsWith('/api/auth/login')) {
      expiredListeners.forEach((listener) => listener());
    }
    return response;
  },
};

export const api = createClient<paths>({ baseUrl: window.location.origin });
api.use(auth);
// The action's Idempotency-Key on every POST built while an action runs (lib/mutation.ts).
const post = api.POST.bind(api);
api.POST = ((url: never, init: { headers?: Record<string, string> } = {}) => {
  const key = currentIdempotencyKey();
  return post(url, (key ? { ...init, headers: { ...init.headers, 'Idempotency-Key': key } } : init) as never);
}) as unknown as typeof api.POST;

const networkError = (): ApiError =>
  new ApiError({ statusCode: 0, code: 'NETWORK', message: 'Le serveur ne répond pas. Vérifiez votre connexion puis réessayez.' });

/** Unwraps an openapi-fetch answer: the data, or an ApiError carrying the API's French message. */
export async function call<T>(promise: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<T> {
  let result;
  try {
    result = await promise;
  } catch {
    throw networkError();
  }
  const { data, error, response } = result;
  if (!response.ok) {
    const body = error as Partial<ApiErrorBody> | undefined;
    throw new ApiError({
      statusCode: response.status,
      code: body?.code ?? 'HTTP_' + response.status,
      message: body?.message ?? `Erreur ${response.status}.`,
      rule: body?.rule,
      details: body?.details,
    });
  }
  return data as T;
}

/** Fetches a file (PDF, attachment) with the session's token and hands it to the browser. */
export async function download(path: string, fallbackName: string): Promise<void> {
  let response: Response;
  try {
    response = await fetch(path, { headers: token ? { Authorization: `Bearer ${token}` } : {} });
  } catch {
    throw networkError();
  }
  if (!response.ok) {
    if (response.status === 401 && token) expiredListeners.forEach((listener) => listener());
    const body = (await response.json().catch(() => ({}))) as Partial<ApiErrorBody>;
    throw new ApiError({
      statusCode: response.status,
      code: body.code ?? 'HTTP',
      message: body.message ?? `Erreur ${response.status}.`,
      rule: body.rule,
    });
  }
  const blob = await response.blob();
  const disposition = response.headers.get('Content-Disposition') ?? '';
  const match = /filename\*=UTF-8''([^;]+)/i.exec(disposition) ?? /filename="([^"]+)"/i.exec(disposition);
  saveBlob(blob, match ? decodeURIComponent(match[1]) : fallbackName);
}

/** Hands `blob` to the browser as a download named `name` (the object URL is freed after a minute). */
export function saveBlob(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
