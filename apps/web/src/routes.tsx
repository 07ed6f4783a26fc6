import { createBrowserRouter, Navigate, Outlet, useLocation } from 'react-router';
import { Center, Loader } from '@mantine/core';
import { useAuth } from './auth';
import { Shell } from './components/Shell';
import { LoginPage } from './pages/LoginPage';
import { HomePage } from './pages/HomePage';
import { BookletPage } from './pages/learner/BookletPage';
import { MyEcfPage } from './pages/learner/MyEcfPage';
import { MyDpPage } from './pages/learner/MyDpPage';
import { CohortsPage } from './pages/cohorts/CohortsPage';
import { CohortPage } from './pages/cohorts/CohortPage';
import { LearnersPage } from './pages/learners/LearnersPage';
import { LearnerPage } from './pages/learners/LearnerPage';
import { SessionsPage } from './pages/sessions/SessionsPage';
import { SessionPage } from './pages/sessions/SessionPage';
import { CandidatePage } from './pages/sessions/CandidatePage';
import { ReferentialPage } from './pages/admin/ReferentialPage';
import { UsersPage } from './pages/admin/UsersPage';
import { AuditPage } from './pages/admin/AuditPage';
import { NotFoundPage } from './pages/NotFoundPage';

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
  {
    element: <RequireAuth />,
    children: [
      {
        element: <Shell />,
        children: [
          { index: true, element: <HomePage /> },
          {
            element: <RequireAuth roles={['learner']} />,
            children: [
              { path: 'livret', element: <BookletPage /> },
              { path: 'mes-ecf', element: <MyEcfPage /> },
              { path: 'mon-dossier', element: <MyDpPage /> },
            ],
          },
          {
            element: <RequireAuth roles={['admin', 'trainer']} />,
            children: [
              { path: 'cohortes', element: <CohortsPage /> },
              { path: 'cohortes/:id', element: <CohortPage /> },
              { path: 'apprenants', element: <LearnersPage /> },
              { path: 'apprenants/:id', element: <LearnerPage /> },
            ],
          },
          {
            element: <RequireAuth roles={['admin', 'jury']} />,
            children: [
              { path: 'sessions', element: <SessionsPage /> },
              { path: 'sessions/:id', element: <SessionPage /> },
              { path: 'sessions/:id/candidats/:learnerId', element: <CandidatePage /> },
            ],
          },
          {
            element: <RequireAuth roles={['admin']} />,
            children: [
              { path: 'referentiel', element: <ReferentialPage /> },
              { path: 'utilisateurs', element: <UsersPage /> },
              { path: 'audit', element: <AuditPage /> },
            ],
          },
          { path: '*', element: <NotFoundPage /> },
        ],
      },
    ],
  },
]);
