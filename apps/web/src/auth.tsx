import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { api, call, session, type Schemas } from './api/client';

export type User = Schemas['UserDto'];

interface AuthState {
  user: User | null;
  loading: boolean;
  /** The token expired while the user worked: the sign-in dialog shows over the page. */
  expired: boolean;
  signIn: (email: string, password: string) => Promise<User>;
  /** Opens the session the API answered with (an accepted invitation answers as a sign-in does). */
  adopt: (answer: { accessToken: string; user: User }) => void;
  signOut: () => void;
  has: (role: string) => boolean;
}

const AuthContext = createContext<AuthState | null>(null);
const USER_KEY = 'sams.user';

export function AuthProvider({ children }: { children: ReactNode }) {
  const queryClient = useQueryClient();
  const [user, setUser] = useState<User | null>(() => {
    const saved = sessionStorage.getItem(USER_KEY);
    return saved && session.token ? (JSON.parse(saved) as User) : null;
  });
  const [loading, setLoading] = useState(!!session.token);
  const [expired, setExpired] = useState(false);

  useEffect(() => session.onExpired(() => setExpired(true)), []);

  useEffect(() => {
    if (!session.token) return;
    call(api.GET('/api/auth/me'))
      .then((me) => {
        setUser(me);
        sessionStorage.setItem(USER_KEY, JSON.stringify(me));
      })
      .catch(() => undefined)
      .finally(() => setLoading(false));
  }, []);

  const signIn = useCallback(
    async (email: string, password: string) => {
      const answer = await call(api.POST('/api/auth/login', { body: { email, password } }));
      session.set(answer.accessToken);
      sessionStorage.setItem(USER_KEY, JSON.stringify(answer.user));
      if (user && user.id !== answer.user.id) queryClient.clear();
      setUser(answer.user);
      setExpired(false);
      // What failed while the token was expired is fetched again; forms kept what was typed.
      void queryClient.invalidateQueries();
      return answer.user;
    },
    [queryClient, user],
  );

  const adopt = useCallback(
    (answer: { accessToken: string; user: User }) => {
      session.set(answer.accessToken);
      sessionStorage.setItem(USER_KEY, JSON.stringify(answer.user));
      queryClient.clear();
      setUser(answer.user);
      setExpired(false);
    },
    [queryClient],
  );

  const signOut = useCallback(() => {
    session.set(null);
    sessionStorage.removeItem(USER_KEY);
    queryClient.clear();
    setUser(null);
    setExpired(false);
  }, [queryClient]);

  const value = useMemo<AuthState>(
    () => ({ user, loading, expired, signIn, adopt, signOut, has: (role) => !!(user?.roles as string[] | undefined)?.includes(role) }),
    [user, loading, expired, signIn, adopt, signOut],
  );
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): AuthState {
  const value = useContext(AuthContext);
  if (!value) throw new Error('AuthProvider manquant');
  return value;
}
