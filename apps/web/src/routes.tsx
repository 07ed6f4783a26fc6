import { lazy, Suspense, type ComponentType } from 'react';
import { createBrowserRouter, Navigate, Outlet, useLocation } from 'react-router';
import { Center, Loader } from '@mantine/core';
import { useAuth } from './auth';
import { Shell } from './components/Shell';
import { LoginPage } from './pages/LoginPage';
import { HomePage } from './pages/HomePage';
import { NotFoundPage } from './pages/NotFoundPage';

// Each screen is its own chunk: a learner opening « Mon livret » does not download the staff screens.
const BookletPage = lazy(() => import('./features/booklet/components/BookletPage').then((m) => ({ default: m.BookletPage })));
const MyEcfPage = lazy(() => import('./features/ecf/components/MyEcfPage').then((m) => ({ default: m.MyEcfPage })));
const MyDpPage = lazy(() => import('./features/professional-file/components/MyDpPage').then((m) => ({ default: m.MyDpPage })));
const CohortsPage = lazy(() => import('./features/cohorts/components/CohortsPage').then((m) => ({ default: m.CohortsPage })));
const CohortPage = lazy(() => import('./features/cohorts/components/CohortPage').then((m) => ({ default: m.CohortPage })));
const LearnersPage = lazy(() => import('./features/learners/components/LearnersPage').then((m) => ({ default: m.LearnersPage })));
const LearnerPage = lazy(() => import('./features/learners/components/LearnerPage').then((m) => ({ default: m.LearnerPage })));
const SessionsPage = lazy(() => import('./features/sessions/components/SessionsPage').then((m) => ({ default: m.SessionsPage })));
const SessionPage = lazy(() => import('./features/sessions/components/SessionPage').then((m) => ({ default: m.SessionPage })));
const CandidatePage = lazy(() => import('./features/sessions/components/CandidatePage').then((m) => ({ default: m.CandidatePage })));
const ReferentialPage = lazy(() =>
  import('./features/referential/components/ReferentialPage').then((m) => ({ default: m.ReferentialPage })),
);
const UsersPage = lazy(() => import('./features/admin/components/UsersPage').then((m) => ({ default: m.UsersPage })));
const AuditPage = lazy(() => import('./features/admin/components/AuditPage').then((m) => ({ default: m.AuditPage })));
const CentrePage = lazy(() => import('./features/centre/components/CentrePage').then((m) => ({ default: m.CentrePage })));
const ForgotPasswordPage = lazy(() =>
  import('./features/account/components/ForgotPasswordPage').then((m) => ({ default: m.ForgotPasswordPage })),
);
const ResetPasswordPage = lazy(() =>
  import('./features/account/components/ResetPasswordPage').then((m) => ({ default: m.ResetPasswordPage })),
);
const InvitationPage = lazy(() => import('./features/account/components/InvitationPage').then((m) => ({ default: m.InvitationPage })));
const MessagesPage = lazy(() => import('./features/messages/components/MessagesPage').then((m) => ({ default: m.MessagesPage })));
const VerifierPage = lazy(() => import('./features/verifier/components/VerifierPage').then((m) => ({ default: m.VerifierPage })));
const PasswordPage = lazy(() => import('./features/account/components/PasswordPage').then((m) => ({ default: m.PasswordPage })));

function Lazy({ page: Page }: { page: ComponentType }) {
  return (
    <Suspense
      fallback={
        <Center py="xl">
          <Loader aria-label="Chargement" />
        </Center>
      }
    >
      <Page />
    </Suspense>
  );
}

function RequireAuth({ roles }: { roles?: string[] }) {
  const { user, loading } = useAuth();
  const location = useLocation();
  if (loading && !user)
    return (
      <Center h="100vh">
        <Loader aria-label="Chargement" />
      </Center>
    );
  if (!user) return <Navigate to="/connexion" replace state={{ from: location.pathname + location.search }} />;
  if (roles && !roles.some((r) => (user.roles as string[]).includes(r))) return <NotFoundPage forbidden />;
  return <Outlet />;
}

export const router = createBrowserRouter([
  { path: '/connexion', element: <LoginPage /> },
  // Reached from an e-mail, signed in or not (issue 14).
  { path: '/mot-de-passe-oublie', element: <Lazy page={ForgotPasswordPage} /> },
  { path: '/reinitialisation', element: <Lazy page={ResetPasswordPage} /> },
  { path: '/invitation', element: <Lazy page={InvitationPage} /> },
  // Public, signed in or not: the verification of an attestation by its code (issue 16).
  { path: '/verifier/:code?', element: <Lazy page={VerifierPage} /> },
  {
    element: <RequireAuth />,
    children: [
      {
        element: <Shell />,
        children: [
          { index: true, element: <HomePage /> },
          { path: 'mon-mot-de-passe', element: <Lazy page={PasswordPage} /> },
          {
            element: <RequireAuth roles={['learner']} />,
            children: [
              { path: 'livret', element: <Lazy page={BookletPage} /> },
              { path: 'mes-ecf', element: <Lazy page={MyEcfPage} /> },
              { path: 'mon-dossier', element: <Lazy page={MyDpPage} /> },
            ],
          },
          {
            element: <RequireAuth roles={['admin', 'trainer']} />,
            children: [
              { path: 'cohortes', element: <Lazy page={CohortsPage} /> },
              { path: 'cohortes/:id', element: <Lazy page={CohortPage} /> },
              { path: 'apprenants', element: <Lazy page={LearnersPage} /> },
              { path: 'apprenants/:id', element: <Lazy page={LearnerPage} /> },
            ],
          },
          {
            element: <RequireAuth roles={['admin', 'jury']} />,
            children: [
              { path: 'sessions', element: <Lazy page={SessionsPage} /> },
              { path: 'sessions/:id', element: <Lazy page={SessionPage} /> },
              { path: 'sessions/:id/candidats/:learnerId', element: <Lazy page={CandidatePage} /> },
            ],
          },
          {
            element: <RequireAuth roles={['admin']} />,
            children: [
              { path: 'referentiel', element: <Lazy page={ReferentialPage} /> },
              { path: 'utilisateurs', element: <Lazy page={UsersPage} /> },
              { path: 'audit', element: <Lazy page={AuditPage} /> },
              { path: 'centre', element: <Lazy page={CentrePage} /> },
              { path: 'messages', element: <Lazy page={MessagesPage} /> },
            ],
          },
          { path: '*', element: <NotFoundPage /> },
        ],
      },
    ],
  },
]);
