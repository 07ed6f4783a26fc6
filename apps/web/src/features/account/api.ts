// The signed-in user's own account: « Changer mon mot de passe ». (Signing in and out: src/auth.tsx.)
import createClient from 'openapi-fetch';
import { call, session } from '../../api/client';
import type { paths } from '../../api/schema';
import { useAuth } from '../../auth';
import { useMutation } from '../../lib/mutation';

/**
 * A client without the session middleware: a wrong current password answers 401
 * (AUTH.INVALID_CREDENTIALS, spec/api.md), which the shared client would take for an expired
 * session and answer with the « session expirée » dialog. Here it is an error next to the field.
 */
const plain = createClient<paths>({ baseUrl: window.location.origin });

export function useChangePassword(then?: () => unknown) {
  const { user, signIn } = useAuth();
  return useMutation({
    mutationFn: async ({ currentPassword, newPassword }: { currentPassword: string; newPassword: string }) => {
      await call(
        plain.PUT('/api/auth/me/password', {
          body: { currentPassword, newPassword },
          headers: session.token ? { Authorization: `Bearer ${session.token}` } : {},
        }),
      );
      // The API ends every session opened before the change, this one included, and answers 204
      // (the contract): the app signs in again at once with the new password, which it has.
      await signIn(user!.email, newPassword);
    },
    onSuccess: () => then?.(),
  });
}

/** « Mot de passe oublié ? »: always the same answer (202), whether the address has an account or not. */
export function useForgotPassword() {
  return useMutation({
    mutationFn: async (email: string) => {
      await call(plain.POST('/api/auth/password-reset-requests', { body: { email } }));
    },
  });
}

/** The link of a reset e-mail: a new password; every open session of the account ends (API). */
export function useResetPassword() {
  return useMutation({
    mutationFn: async ({ token, password }: { token: string; password: string }) => {
      await call(plain.POST('/api/auth/password-resets', { body: { token, password } }));
    },
  });
}

/** The link of an invitation: the password chosen, the session opened at once. */
export function useAcceptInvitation() {
  const { adopt } = useAuth();
  return useMutation({
    mutationFn: async ({ token, password }: { token: string; password: string }) => {
      const answer = await call(plain.POST('/api/auth/invitations/accept', { body: { token, password } }));
      adopt(answer);
      return answer.user;
    },
  });
}

/** The token of a link `…/invitation#<token>` (the fragment never reaches a server). */
export const tokenFromHash = (): string => decodeURIComponent(window.location.hash.replace(/^#/, '').replace(/^token=/, '')).trim();
