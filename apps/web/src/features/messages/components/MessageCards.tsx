import { Anchor, Paper, Stack, Text } from '@mantine/core';
import { Empty, Loading, Pager } from '../../../components/ui';
import { dateTime } from '../../../lib/format';
import type { useMessages } from '../api';
import { KIND, StatusBadge } from './MessageLabels';

/** The list on a phone: one card per message (a table would hide the subject and status off to the right). */
export function MessageCards({
  query,
  onOpen,
  onPage,
}: {
  query: ReturnType<typeof useMessages>;
  onOpen: (id: string) => void;
  onPage: (page: number) => void;
}) {
  return (
    <Loading query={query}>
      {(data) =>
        data.items.length === 0 ? (
          <Empty>Aucun message.</Empty>
        ) : (
          <>
            <Stack component="ul" gap="xs" p={0} m={0} style={{ listStyle: 'none' }} aria-label="Messages">
              {data.items.map((m) => (
                <Paper component="li" withBorder p="sm" key={m.id}>
                  <Stack gap={4}>
                    <Anchor component="button" type="button" fw={600} ta="left" onClick={() => onOpen(m.id)}>
                      {m.subject}
                    </Anchor>
                    <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
                      {m.toName ? `${m.toName} · ${m.to}` : m.to}
                    </Text>
                    <Text size="xs" c="dimmed">
                      {KIND[m.kind] ?? m.kind} · {dateTime(m.createdAt)}
                    </Text>
                    <StatusBadge status={m.status} embedded={m.delivery === 'embedded'} />
                    {m.status !== 'sent' && m.lastError && (
                      <Text size="xs" c="red" style={{ overflowWrap: 'anywhere' }}>
                        {m.lastError}
                      </Text>
                    )}
                  </Stack>
                </Paper>
              ))}
            </Stack>
            <Pager page={data.page} pageSize={data.pageSize} total={data.total} onChange={onPage} />
          </>
        )
      }
    </Loading>
  );
}
