import {
  useMutation as useTanStackMutation,
  type DefaultError,
  type UseMutationOptions,
  type UseMutationResult,
} from '@tanstack/react-query';
import { useRef } from 'react';

/**
 * Every action of the app goes through this `useMutation`: a second `mutate` while the first
 * request runs is ignored. `isPending` (which disables the button) is only seen at the next
 * render, so two clicks in the same frame — a double click, Enter then a click — both saw
 * « not pending » and sent the request twice (issue 11: a DP example saved twice, « Importer »
 * answering success and « Fichier refusé » together). The guard is a ref, set synchronously.
 * Each action also carries an `Idempotency-Key` (spec/api.md): the server never writes it twice.
 * ESLint forbids importing TanStack's own `useMutation` elsewhere.
 */
let actionKey: string | undefined;

/**
 * The `Idempotency-Key` of the action whose request is being built (read by the API client, see
 * api/client.ts): set only while an action's `mutationFn` runs synchronously.
 */
export function currentIdempotencyKey(): string | undefined {
  return actionKey;
}

const newKey = (): string =>
  typeof crypto !== 'undefined' && 'randomUUID' in crypto
    ? crypto.randomUUID()
    : `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}-${Math.random().toString(36).slice(2)}`;

export function useMutation<TData = unknown, TError = DefaultError, TVariables = void, TContext = unknown>(
  options: UseMutationOptions<TData, TError, TVariables, TContext>,
): UseMutationResult<TData, TError, TVariables, TContext> {
  const running = useRef(false);
  // One key per action until it succeeds: a retry after a network failure or an expired session
  // (the request may have been written) is answered by the server from the first, never twice.
  const key = useRef(newKey());
  const { mutationFn } = options;
  const mutation = useTanStackMutation<TData, TError, TVariables, TContext>({
    ...options,
    mutationFn: mutationFn
      ? (variables, context) => {
          actionKey = key.current;
          try {
            return mutationFn(variables, context);
          } finally {
            actionKey = undefined;
          }
        }
      : undefined,
    onSuccess: (...args) => {
      key.current = newKey();
      return options.onSuccess?.(...args);
    },
  });
  const mutate = ((...args: Parameters<typeof mutation.mutate>) => {
    if (running.current) return;
    running.current = true;
    const [variables, callOptions] = args;
    (mutation.mutate as (v: unknown, o: unknown) => void)(variables, {
      ...callOptions,
      onSettled: (...settled: unknown[]) => {
        running.current = false;
        (callOptions?.onSettled as ((...a: unknown[]) => void) | undefined)?.(...settled);
      },
    });
  }) as typeof mutation.mutate;
  const mutateAsync = (async (...args: Parameters<typeof mutation.mutateAsync>) => {
    if (running.current) return new Promise<TData>(() => undefined); // the first call's answer is what counts
    running.current = true;
    try {
      return await mutation.mutateAsync(...args);
    } finally {
      running.current = false;
    }
  }) as typeof mutation.mutateAsync;
  return { ...mutation, mutate, mutateAsync };
}
