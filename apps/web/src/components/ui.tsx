import { useEffect, useRef, useState, type FormEvent, type ReactNode } from 'react';
import {
  Alert,
  Badge,
  Button,
  Center,
  Group,
  Loader,
  Pagination,
  Stack,
  Table,
  Text,
  Title,
  type ButtonProps,
  type TableProps,
} from '@mantine/core';
import { ApiError, download } from '../api/client';

/** An API refusal in French: its message, and the rule (R-…) that refused when there is one. */
export function ErrorAlert({ error, title }: { error: unknown; title?: string }) {
  if (!error) return null;
  const e = error instanceof ApiError ? error : null;
  const refusals = e?.refusals ?? [];
  return (
    <Alert
      color="red"
      variant="light"
      title={title ?? (e?.status === 422 ? 'Refusé par une règle de certification' : 'Action impossible')}
      role="alert"
    >
      {refusals.length > 1 ? (
        <Stack gap={4}>
          {refusals.map((r) => (
            <Text key={r.code} size="sm">
              {frenchDates(r.message)} {r.rule && <RuleBadge rule={r.rule} />}
            </Text>
          ))}
        </Stack>
      ) : e && refusals.length === 0 && e.items.length > 0 ? (
        <Stack gap={4}>
          <Text size="sm">
            {frenchDates(e.body.message)} {e.body.rule && <RuleBadge rule={e.body.rule} />}
          </Text>
          <ul style={{ margin: 0, paddingLeft: 20 }}>
            {e.items.map((item, i) => (
              <li key={i}>
                <Text size="sm">{frenchDates(item.message)}</Text>
              </li>
            ))}
          </ul>
        </Stack>
      ) : (
        <Text size="sm">
          {frenchDates(e?.body.message ?? (error instanceof Error ? error.message : 'Erreur inattendue.'))}{' '}
          {(refusals[0]?.rule ?? e?.body.rule) && <RuleBadge rule={(refusals[0]?.rule ?? e?.body.rule)!} />}
        </Text>
      )}
      {e && e.status === 400 && Object.keys(e.fields).length > 0 && (
        <Text size="xs" mt={4}>
          Corrigez les champs signalés.
        </Text>
      )}
      {e && (
        <Text size="xs" c="dimmed" mt={4}>
          Code : {e.code}
        </Text>
      )}
    </Alert>
  );
}

export function RuleBadge({ rule }: { rule: string }) {
  return (
    <Badge variant="outline" color="red" size="sm" title="Règle de certification (référentiel des règles)">
      {rule}
    </Badge>
  );
}

/**
 * The API speaks AAAA-MM-JJ; the user typed JJ/MM/AAAA in the field next to which the message is
 * shown: the format and the dates it quotes are said the user's way.
 */
export function frenchDates(message: string): string {
  return message.replace(/AAAA-MM-JJ/g, 'JJ/MM/AAAA').replace(/\b(\d{4})-(\d{2})-(\d{2})\b/g, '$3/$2/$1');
}

/** The message of one field of a 400, to show next to that field. */
export function fieldError(error: unknown, ...fields: string[]): string | undefined {
  if (!(error instanceof ApiError)) return undefined;
  const all = error.fields;
  for (const f of fields) if (all[f]) return frenchDates(all[f]);
  return undefined;
}

/** A page's title; focused when the page opens so that screen readers announce it. */
export function PageTitle({ children, actions }: { children: ReactNode; actions?: ReactNode }) {
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    ref.current?.focus({ preventScroll: true });
    document.title = `${typeof children === 'string' ? children : 'SAMS'} — SAMS`;
  }, [children]);
  return (
    <Group justify="space-between" mb="md" wrap="wrap">
      <Title order={1} size="h2" ref={ref} tabIndex={-1} style={{ outline: 'none' }}>
        {children}
      </Title>
      {actions && <Group>{actions}</Group>}
    </Group>
  );
}

interface QueryState<T> {
  data?: T;
  error: unknown;
  isPending: boolean;
}

/** Two reads a screen needs together, as one state for <Loading>: pending while either is, the first error. */
export function both<A, B>(a: QueryState<A>, b: QueryState<B>): QueryState<[A, B]> {
  return {
    isPending: a.isPending || b.isPending,
    error: a.error ?? b.error,
    data: a.data !== undefined && b.data !== undefined ? [a.data, b.data] : undefined,
  };
}

/** Spinner while loading, the error in French when it failed, the content otherwise. */
export function Loading<T>({
  query,
  children,
}: {
  query: { data?: T; error: unknown; isPending: boolean };
  children: (data: T) => ReactNode;
}) {
  if (query.isPending)
    return (
      <Center py="xl" aria-live="polite">
        <Loader aria-label="Chargement" />
      </Center>
    );
  if (query.error) return <ErrorAlert error={query.error} title="Chargement impossible" />;
  return <>{children(query.data as T)}</>;
}

/** Downloads a PDF (or a file) with the session's token; a spinner meanwhile, one click at a time. */
export function DownloadButton({
  path,
  fileName,
  children,
  ...props
}: { path: string; fileName: string; children: ReactNode } & ButtonProps) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  return (
    <Stack gap={4}>
      <Button
        variant="light"
        {...props}
        loading={busy}
        onClick={() => {
          void (async () => {
            setBusy(true);
            setError(null);
            try {
              await download(path, fileName);
            } catch (e) {
              setError(e);
            } finally {
              setBusy(false);
            }
          })();
        }}
      >
        {children}
      </Button>
      {error ? <ErrorAlert error={error} title="Téléchargement impossible" /> : null}
    </Stack>
  );
}

export function Pager({
  page,
  pageSize,
  total,
  onChange,
}: {
  page: number;
  pageSize: number;
  total: number;
  onChange: (page: number) => void;
}) {
  const pages = Math.max(1, Math.ceil(total / pageSize));
  return (
    <Group justify="space-between" mt="sm">
      <Text size="sm" c="dimmed">
        {total} résultat{total > 1 ? 's' : ''}
      </Text>
      {pages > 1 && (
        <Pagination
          total={pages}
          value={page}
          onChange={onChange}
          getControlProps={(control) => ({ 'aria-label': control === 'next' ? 'Page suivante' : 'Page précédente' })}
          getItemProps={(p) => ({ 'aria-label': `Page ${p}` })}
        />
      )}
    </Group>
  );
}

export function Empty({ children }: { children: ReactNode }) {
  return (
    <Text c="dimmed" size="sm" py="sm">
      {children}
    </Text>
  );
}

/** A form's submit: sends the mutation once (a double click or Enter twice does not send it again). */
export function submitOnce(mutation: { isPending: boolean; mutate: () => void }): (event: FormEvent) => void;
/** …with what the form sends (the feature's mutation takes its body as variables). */
export function submitOnce<V>(mutation: { isPending: boolean; mutate: (variables: V) => void }, variables: V): (event: FormEvent) => void;
export function submitOnce<V>(mutation: { isPending: boolean; mutate: (variables: V) => void }, variables?: V) {
  return (event: FormEvent): void => {
    event.preventDefault();
    if (!mutation.isPending) mutation.mutate(variables as V);
  };
}

/** A paginated list: spinner, error, « nothing » message, or the table and its pager. */
export function PagedTable<T>({
  query,
  empty,
  head,
  row,
  onPage,
  ...table
}: {
  query: QueryState<{ items: T[]; page: number; pageSize: number; total: number }>;
  empty: string;
  head: ReactNode;
  row: (item: T, index: number) => ReactNode;
  onPage: (page: number) => void;
} & TableProps) {
  return (
    <Loading query={query}>
      {(data) =>
        data.items.length === 0 ? (
          <Empty>{empty}</Empty>
        ) : (
          <>
            <Table.ScrollContainer minWidth={0} type="native">
              <Table withTableBorder striped {...table}>
                <Table.Thead>{head}</Table.Thead>
                <Table.Tbody>{data.items.map(row)}</Table.Tbody>
              </Table>
            </Table.ScrollContainer>
            <Pager page={data.page} pageSize={data.pageSize} total={data.total} onChange={onPage} />
          </>
        )
      }
    </Loading>
  );
}
